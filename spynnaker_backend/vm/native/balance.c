//! \file
//! \brief Which host thread runs which core: the cores' counted work balanced over threads.
//!
//! Results do not depend on the assignment (scheduler.c: every core receives its packets in
//! source-core, send order whichever thread delivers them); the run time does.  Before each
//! run the cores are dealt out longest first by the cycle-equivalents they have counted so
//! far (CNT_TOTAL_CYCLES: timer and packet work, runtime.h), each to the thread with the
//! least work (then the fewest cores, then the lowest id): with nothing counted yet, as
//! after a load, that is round robin by core index.  (Round robin alone put 59 % of the
//! microcircuit's work on one of two threads: its cores alternate neuron core, delay
//! extension.)  A new assignment replaces the current one only when it lowers the busiest
//! thread's work by more than 3 %, since a change empties the threads' routing caches.
#include <stdlib.h>
#include "vm_internal.h"

typedef struct {
    uint64_t cost;
    uint32_t core;
} load_t;

static int longest_first(const void *a, const void *b) {
    const load_t *x = a, *y = b;
    if (x->cost != y->cost) {
        return x->cost < y->cost ? 1 : -1;
    }
    return (x->core > y->core) - (x->core < y->core);
}

static uint64_t core_cost(const vm_t *vm, uint32_t i) {
    return vm->cores[i]->counters[CNT_TOTAL_CYCLES];
}

//! The busiest thread's counted work when core i runs on thread owner[i].
static uint64_t busiest(const vm_t *vm, const uint32_t *owner, uint64_t *work,
                        uint32_t n_threads) {
    uint64_t most = 0;
    for (uint32_t t = 0; t < n_threads; t++) {
        work[t] = 0;
    }
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        work[owner[i]] += core_cost(vm, i);
    }
    for (uint32_t t = 0; t < n_threads; t++) {
        most = work[t] > most ? work[t] : most;
    }
    return most;
}

//! Deal the cores to `n_threads` threads (see the file comment); -1 when out of memory.
int vm_assign_cores(vm_t *vm, uint32_t n_threads) {
    uint32_t n = vm->n_cores;
    load_t *order = malloc((n + 1u) * sizeof(load_t));
    uint32_t *owner = malloc((n + 1u) * sizeof(uint32_t));
    uint64_t *work = calloc(n_threads, sizeof(uint64_t));
    uint32_t *count = calloc(n_threads + 1u, sizeof(uint32_t));
    int err = (order == NULL || owner == NULL || work == NULL || count == NULL) ? -1 : 0;
    if (err == 0) {
        for (uint32_t i = 0; i < n; i++) {
            order[i] = (load_t) {core_cost(vm, i), i};
        }
        qsort(order, n, sizeof(load_t), longest_first);
        for (uint32_t k = 0; k < n; k++) {
            uint32_t best = 0;
            for (uint32_t t = 1; t < n_threads; t++) {
                if (work[t] < work[best] || (work[t] == work[best] && count[t] < count[best])) {
                    best = t;
                }
            }
            owner[order[k].core] = best;
            work[best] += order[k].cost;
            count[best]++;
        }
        int same_shape = vm->n_assigned == n && vm->assigned_threads == n_threads &&
            vm->core_thread != NULL;
        uint64_t proposed = busiest(vm, owner, work, n_threads);
        if (!same_shape || proposed * 100u < busiest(vm, vm->core_thread, work, n_threads) * 97u) {
            uint32_t *first = realloc(vm->thread_first, (n_threads + 1u) * sizeof(uint32_t));
            uint32_t *cores = realloc(vm->thread_cores, (n + 1u) * sizeof(uint32_t));
            vm->thread_first = first ? first : vm->thread_first;
            vm->thread_cores = cores ? cores : vm->thread_cores;
            if (first == NULL || cores == NULL) {
                err = -1;
            } else {
                free(vm->core_thread);
                vm->core_thread = owner;
                owner = NULL;
                for (uint32_t t = 0; t <= n_threads; t++) {
                    count[t] = 0;
                }
                for (uint32_t i = 0; i < n; i++) {
                    count[vm->core_thread[i] + 1u]++;
                }
                first[0] = 0;
                for (uint32_t t = 0; t < n_threads; t++) {
                    first[t + 1u] = first[t] + count[t + 1u];
                    count[t + 1u] = first[t];   // (now: the next free place of thread t)
                }
                for (uint32_t i = 0; i < n; i++) {   // ascending within each thread
                    cores[count[vm->core_thread[i] + 1u]++] = i;
                }
                vm->n_assigned = n;
                vm->assigned_threads = n_threads;
                vm_clear_thread_caches(vm);
            }
        }
    }
    for (uint32_t t = 0; err == 0 && t < vm->n_thread_caches; t++) {
        vm->thread_caches[t].core_thread = vm->core_thread;
    }
    free(order);
    free(owner);
    free(work);
    free(count);
    return err;
}

//! \file
//! \brief The tick loop: timers (parallel) -> routing (serial, in core order) -> delivery
//!        (parallel).  Each core touches only its own state in the parallel phases, so the
//!        result does not depend on the number of threads.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "vm_internal.h"

//! A sense-reversing barrier that spins briefly, then yields (threads may outnumber cores).
typedef struct {
    atomic_uint waiting;
    atomic_uint sense;
    uint32_t n;
} barrier_t;

static void barrier_wait(barrier_t *b, uint32_t *local_sense) {
    uint32_t sense = *local_sense ^ 1u;
    *local_sense = sense;
    if (atomic_fetch_add(&b->waiting, 1u) + 1u == b->n) {
        atomic_store(&b->waiting, 0u);
        atomic_store(&b->sense, sense);
        return;
    }
    for (uint32_t spins = 0; atomic_load(&b->sense) != sense; spins++) {
        if (spins > 2000u) {
            sched_yield();
        }
    }
}

typedef struct {
    vm_t *vm;
    uint32_t n_ticks, n_threads, id;
    barrier_t *barrier;
    atomic_int *failed;
    atomic_int *go;      //!< 0 wait, 1 run, -1 abort (a thread could not be created)
} worker_t;

static void timer_phase(vm_t *vm, uint32_t id, uint32_t n_threads) {
    for (uint32_t i = id; i < vm->n_cores; i += n_threads) {
        struct core *c = vm->cores[i];
        c->cycles_at_tick_start = c->counters[CNT_TOTAL_CYCLES];
        c->out.n = 0;
        c->app->timer(c, c->state, vm->tick);
    }
}

//! Serial: route every sent packet, in core order then send order.
static int route_phase(vm_t *vm) {
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        struct core *src = vm->cores[i];
        if (src->alloc_failed) {
            return -1;
        }
        for (uint32_t k = 0; k < src->out.n; k++) {
            const route_slot_t *r = vm_route(vm, src->chip, src->out.keys[k]);
            if (r == NULL) {
                return -1;
            }
            vm->chips[src->chip].dropped += r->n_dropped;
            for (uint32_t d = 0; d < r->n_dest; d++) {
                if (queue_push(&vm->cores[vm->route_dest[r->first + d]]->in,
                               src->out.keys[k]) != 0) {
                    return -1;
                }
            }
        }
    }
    return 0;
}

static void packet_phase(vm_t *vm, uint32_t id, uint32_t n_threads) {
    for (uint32_t i = id; i < vm->n_cores; i += n_threads) {
        struct core *c = vm->cores[i];
        for (uint32_t k = 0; k < c->in.n; k++) {
            c->app->packet(c, c->state, c->in.keys[k], vm->tick);
        }
        c->in.n = 0;
        uint64_t cycles = c->counters[CNT_TOTAL_CYCLES] - c->cycles_at_tick_start;
        if (cycles > c->counters[CNT_MAX_TICK_CYCLES]) {
            c->counters[CNT_MAX_TICK_CYCLES] = cycles;
        }
    }
}

static void *worker(void *arg) {
    worker_t *w = arg;
    vm_t *vm = w->vm;
    uint32_t sense = 0;
    while (atomic_load(w->go) == 0) {
        sched_yield();
    }
    if (atomic_load(w->go) < 0) {
        return NULL;
    }
    for (uint32_t t = 0; t < w->n_ticks; t++) {
        timer_phase(vm, w->id, w->n_threads);
        barrier_wait(w->barrier, &sense);
        if (w->id == 0 && route_phase(vm) != 0) {
            atomic_store(w->failed, 1);
        }
        barrier_wait(w->barrier, &sense);
        if (atomic_load(w->failed)) {
            break;   // every thread sees the same flag after the barrier
        }
        packet_phase(vm, w->id, w->n_threads);
        barrier_wait(w->barrier, &sense);
        if (w->id == 0) {
            vm->tick++;
        }
        barrier_wait(w->barrier, &sense);
    }
    return NULL;
}

int vm_run(vm_t *vm, uint32_t n_ticks, uint32_t n_threads) {
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        if (!vm->cores[i]->initialised) {
            vm_set_error(vm, "core (%u, %u, %u) is not running; load and init first",
                         vm->cores[i]->x, vm->cores[i]->y, vm->cores[i]->p);
            return -1;
        }
    }
    if (n_threads == 0) {
        n_threads = 1;
    }
    if (n_threads > vm->n_cores) {
        n_threads = vm->n_cores ? vm->n_cores : 1;
    }
    worker_t *w = calloc(n_threads, sizeof(worker_t));
    pthread_t *th = calloc(n_threads, sizeof(pthread_t));
    if (w == NULL || th == NULL) {
        free(w);
        free(th);
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    atomic_int failed = 0, go = 0;
    barrier_t barrier;
    atomic_init(&barrier.waiting, 0u);
    atomic_init(&barrier.sense, 0u);
    barrier.n = n_threads;
    uint32_t started = 1;
    for (uint32_t i = 0; i < n_threads; i++) {
        w[i] = (worker_t) {vm, n_ticks, n_threads, i, &barrier, &failed, &go};
    }
    for (uint32_t i = 1; i < n_threads; i++) {
        if (pthread_create(&th[i], NULL, worker, &w[i]) != 0) {
            break;
        }
        started++;
    }
    if (started != n_threads) {
        atomic_store(&go, -1);   // the started threads leave before touching any core
        for (uint32_t i = 1; i < started; i++) {
            pthread_join(th[i], NULL);
        }
        free(w);
        free(th);
        return vm_run(vm, n_ticks, 1);
    }
    atomic_store(&go, 1);
    worker(&w[0]);
    for (uint32_t i = 1; i < n_threads; i++) {
        pthread_join(th[i], NULL);
    }
    free(w);
    free(th);
    if (atomic_load(&failed)) {
        vm_set_error(vm, "out of host memory while routing packets");
        return -1;
    }
    return 0;
}

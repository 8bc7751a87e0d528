//! \file
//! \brief Ring-buffer adds deferred by delay slot (runtime.h's ringq_lane_t): one lane per
//! host thread and ring slot, applied just before the slot is read.
//!
//! Why: in a big network each synaptic add is a read-modify-write of a random ring-buffer line
//! that left the host's caches since the core's last tick (a thread's rings are several MB).
//! Appending (weight, index) to the lane of the slot it adds to is a sequential store into one
//! of RING_SLOTS lines that stay in L1; applying a lane touches each core's slot plane (types x
//! n entries) once, while it is about to be read by the timer.  Order: a core belongs to one
//! thread, its packets are delivered in arrival order and every entry goes to the lane of its
//! slot, so each ring entry receives its adds in the same order as with the direct add, and
//! ring_add gives the same values and the same saturation count.
#include <stdlib.h>
#include "ring_buffer.h"
#include "ringq.h"

ringq_lane_t *core_ring_lanes(const core_t *core) {
    return core->lanes;
}

//! The entries of run r added into its ring (in order); saturations counted on its core.
static void apply_run(const ringq_lane_t *l, uint32_t r) {
    const ringq_run_t *run = &l->run[r];
    uint32_t end = (r + 1u < l->n_run) ? l->run[r + 1u].begin : l->n;
    uint16_t *ring = run->ring;
    uint32_t saturated = 0;
    for (uint32_t k = run->begin; k < end; k++) {
        uint32_t e = l->entry[k];
        saturated += ring_add(&ring[e & 0xFFFFu], e >> 16);
    }
    if (saturated) {
        core_count(run->core, CNT_RING_SATURATIONS, saturated);
    }
}

static void lane_clear(ringq_lane_t *l) {
    l->n = 0;
    l->n_run = 0;
    l->core = NULL;
    l->n_sweep = 0;
}

void ringq_apply(ringq_lane_t *l) {
    for (uint32_t r = 0; r < l->n_run; r++) {
        apply_run(l, r);
    }
    lane_clear(l);
}

void ringq_sweep(ringq_lane_t *lanes) {
    for (uint32_t s = 0; s < RING_SLOTS; s++) {
        ringq_lane_t *l = &lanes[s];
        if (l->n_sweep > 0 && l->sweep[l->n_sweep - 1u] == l->n_run) {
            continue;   // (the last one is still empty)
        }
        if (l->n_sweep == RINGQ_SWEEPS) {
            ringq_apply(l);   // (not reached: a lane is applied every RING_SLOTS ticks)
        }
        l->sweep[l->n_sweep++] = l->n_run;
        l->core = NULL;       // a sweep's first add starts a run
    }
}

//! Prefetch the slot planes of the runs the cursors point at that belong to `core`.
static void prefetch_core(const ringq_lane_t *l, const core_t *core, uint32_t slot) {
    for (uint32_t j = 0; j < l->n_sweep; j++) {
        uint32_t end = (j + 1u < l->n_sweep) ? l->sweep[j + 1u] : l->n_run;
        uint32_t r = l->cursor[j];
        if (r < end && l->run[r].core == core) {
            const ringq_run_t *run = &l->run[r];
            const char *plane = (const char *) &run->ring[slot * run->plane];
            for (uint32_t b = 0; b < run->plane * 2u; b += 64u) {
                __builtin_prefetch(plane + b, 1);
            }
            return;   // (every sweep's run of this core adds into the same plane)
        }
    }
}

void ringq_begin(ringq_lane_t *l, const core_t *first, uint32_t slot) {
    for (uint32_t j = 0; j < l->n_sweep; j++) {
        l->cursor[j] = l->sweep[j];
    }
    if (first != NULL) {
        prefetch_core(l, first, slot);
    }
}

void ringq_apply_core(ringq_lane_t *l, const core_t *core, const core_t *next,
                      uint32_t slot) {
    for (uint32_t j = 0; j < l->n_sweep; j++) {
        uint32_t end = (j + 1u < l->n_sweep) ? l->sweep[j + 1u] : l->n_run;
        uint32_t r = l->cursor[j];
        if (r < end && l->run[r].core == core) {
            apply_run(l, r);
            l->cursor[j] = r + 1u;
        }
    }
    if (next != NULL) {
        prefetch_core(l, next, slot);
    }
}

void ringq_end(ringq_lane_t *l) {
    // every run belongs to a core of the thread, each applied once: what is left is none
    // (a core without a timer this tick: applied now, in order, all the same)
    for (uint32_t j = 0; j < l->n_sweep; j++) {
        uint32_t end = (j + 1u < l->n_sweep) ? l->sweep[j + 1u] : l->n_run;
        for (uint32_t r = l->cursor[j]; r < end; r++) {
            apply_run(l, r);
        }
    }
    lane_clear(l);
}

//! Double *cap (from `first`) and the array behind *a (elements of `size` bytes); -1: no memory.
static int grow(void **a, uint32_t *cap, uint32_t first, size_t size) {
    uint32_t want = *cap ? *cap * 2u : first;
    if (want < *cap) {
        return -1;
    }
    void *grown = realloc(*a, (size_t) want * size);
    if (grown == NULL) {
        return -1;
    }
    *a = grown;
    *cap = want;
    return 0;
}

int ringq_open(ringq_lane_t *l, core_t *core, uint16_t *ring, uint32_t plane) {
    if (l->n == l->cap && grow((void **) &l->entry, &l->cap, 4096u, sizeof(uint32_t)) != 0) {
        ringq_apply(l);   // (its adds land now, in order; the ring is read later)
        l->sweep[0] = 0;  // (the delivery phase goes on in a sweep of its own)
        l->n_sweep = 1;
        if (l->cap == 0) {
            return -1;
        }
    }
    if (l->core != core) {
        if (l->n_run == l->cap_run &&
                grow((void **) &l->run, &l->cap_run, 256u, sizeof(ringq_run_t)) != 0) {
            ringq_apply(l);
            l->sweep[0] = 0;
            l->n_sweep = 1;
            if (l->cap_run == 0) {
                return -1;
            }
        }
        l->run[l->n_run++] = (ringq_run_t) {core, ring, l->n, plane};
        l->core = core;
    }
    return 0;
}

int ringq_threads(vm_t *vm, uint32_t n_threads) {
    if (vm->n_ringq < n_threads) {
        ringq_lane_t *grown = realloc(vm->ringq,
                                      (size_t) n_threads * RING_SLOTS * sizeof(ringq_lane_t));
        if (grown == NULL) {
            return -1;
        }
        for (uint32_t i = vm->n_ringq * RING_SLOTS; i < n_threads * RING_SLOTS; i++) {
            grown[i] = (ringq_lane_t) {0};
        }
        vm->ringq = grown;
        vm->n_ringq = n_threads;
    }
    for (uint32_t t = 0; t < n_threads; t++) {
        for (uint32_t k = vm->thread_first[t]; k < vm->thread_first[t + 1u]; k++) {
            vm->cores[vm->thread_cores[k]]->lanes = &vm->ringq[t * RING_SLOTS];
        }
    }
    return 0;
}

void ringq_finish(vm_t *vm) {
    for (uint32_t i = 0; i < vm->n_ringq * RING_SLOTS; i++) {
        ringq_apply(&vm->ringq[i]);
    }
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        vm->cores[i]->lanes = NULL;
    }
}

void ringq_free(vm_t *vm) {
    for (uint32_t i = 0; i < vm->n_ringq * RING_SLOTS; i++) {
        free(vm->ringq[i].entry);
        free(vm->ringq[i].run);
    }
    free(vm->ringq);
    vm->ringq = NULL;
    vm->n_ringq = 0;
}

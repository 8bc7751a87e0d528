//! \file
//! \brief The engine's side of the deferred ring-buffer adds (ringq.c; the app's side is in
//! runtime.h).
#ifndef RINGQ_H
#define RINGQ_H

#include "vm_internal.h"

//! Apply a lane's entries in order (ring_add; saturations counted on their cores) and empty it.
void ringq_apply(ringq_lane_t *lane);
//! A delivery phase begins: a new sweep in each of the thread's RING_SLOTS lanes.
void ringq_sweep(ringq_lane_t *lanes);
//! Core by core before the timers read `slot`: ringq_begin (prefetches the first core's
//! plane), ringq_apply_core for each core in the thread's order (its runs, sweep after
//! sweep; then prefetches the next core's plane), ringq_end (empties the lane).
void ringq_begin(ringq_lane_t *lane, const core_t *first, uint32_t slot);
void ringq_apply_core(ringq_lane_t *lane, const core_t *core, const core_t *next,
                      uint32_t slot);
void ringq_end(ringq_lane_t *lane);
//! RING_SLOTS lanes for each of n_threads threads, and each core pointed at its thread's
//! (after vm_assign_cores); -1: out of host memory.
int ringq_threads(vm_t *vm, uint32_t n_threads);
//! End of a run: every lane applied (the rings hold what the board's would), no core queues.
void ringq_finish(vm_t *vm);
void ringq_free(vm_t *vm);

#endif  // RINGQ_H

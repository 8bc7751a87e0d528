//! \file
//! \brief The engine's side of the deferred ring-buffer adds (ringq.c; the app's side is in
//! runtime.h).
#ifndef RINGQ_H
#define RINGQ_H

#include "vm_internal.h"

//! Apply a lane's entries in order (ring_add; saturations counted on their cores) and empty it.
void ringq_apply(ringq_lane_t *lane);
//! RING_SLOTS lanes for each of n_threads threads, and each core pointed at its thread's
//! (after vm_assign_cores); -1: out of host memory.
int ringq_threads(vm_t *vm, uint32_t n_threads);
//! End of a run: every lane applied (the rings hold what the board's would), no core queues.
void ringq_finish(vm_t *vm);
void ringq_free(vm_t *vm);

#endif  // RINGQ_H

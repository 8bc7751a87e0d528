//! \file
//! \brief A fixed firing threshold.
#ifndef C_MODELS_THRESHOLD_STATIC_H
#define C_MODELS_THRESHOLD_STATIC_H

#include "generated/static_threshold.h"

typedef static_threshold_params_t threshold_params_t;
#define THRESHOLD_PARAMS_WORDS STATIC_THRESHOLD_PARAMS_WORDS
//! (which threshold this is: the core may run a model-specific loop, lanes_lif_exp.h)
#define THRESHOLD_STATIC 1

//! (tick: the draw index of the stochastic thresholds; unused here)
static inline int threshold_crossed(const threshold_params_t *p, s1615 v, uint32_t tick) {
    (void) tick;
    return v >= p->v_thresh;
}

#endif  // C_MODELS_THRESHOLD_STATIC_H

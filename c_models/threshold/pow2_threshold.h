//! \file
//! \brief Firing probability min(1, 2^(v + log2_scale)) per tick (sPyNNaker's StocExp:
//!        2^v / tau; StocExpStable: tau 2^v), drawn from the neuron's counter-based stream
//!        at the tick (see fixed_prob_threshold.h).
#ifndef C_MODELS_THRESHOLD_POW2_H
#define C_MODELS_THRESHOLD_POW2_H

#include "generated/pow2_threshold.h"
#include "pow2.h"
#include "random.h"

typedef pow2_threshold_params_t threshold_params_t;
#define THRESHOLD_PARAMS_WORDS POW2_THRESHOLD_PARAMS_WORDS

static inline int threshold_crossed(const threshold_params_t *p, s1615 v, uint32_t tick) {
    uint64_t stream = ((uint64_t) p->stream_hi << 32) | p->stream_lo;
    uint32_t prob = prob_pow2(shl_s64((int64_t) v + p->log2_scale, 17));   // Q15 -> Q32
    return (stream_uniform32(stream, tick) < prob) | (prob == UINT32_MAX);
}

#endif  // C_MODELS_THRESHOLD_POW2_H

//! \file
//! \brief Firing probability 2^(-2^(-alpha v)) per tick (sPyNNaker's StocSigma: a sigmoid
//!        of v, 1/2 at v = 0), drawn from the neuron's counter-based stream at the tick.
#ifndef C_MODELS_THRESHOLD_SIGMA_H
#define C_MODELS_THRESHOLD_SIGMA_H

#include "generated/sigma_threshold.h"
#include "pow2.h"
#include "random.h"

typedef sigma_threshold_params_t threshold_params_t;
#define THRESHOLD_PARAMS_WORDS SIGMA_THRESHOLD_PARAMS_WORDS

static inline uint32_t sigma_probability(const threshold_params_t *p, s1615 v) {
    int64_t a = shl_s64(mul_s1615(p->alpha, v), 17);   // alpha v in Q32
    uint64_t y = pow2_q32(-a);                          // 2^(-alpha v), Q32
    if (y >= 40 * (uint64_t) Q32_ONE) {
        return 0;                                       // 2^-40 and below
    }
    return prob_pow2(-(int64_t) y);
}

static inline int threshold_crossed(const threshold_params_t *p, s1615 v, uint32_t tick) {
    uint64_t stream = ((uint64_t) p->stream_hi << 32) | p->stream_lo;
    uint32_t prob = sigma_probability(p, v);
    return (stream_uniform32(stream, tick) < prob) | (prob == UINT32_MAX);
}

#endif  // C_MODELS_THRESHOLD_SIGMA_H

//! \file
//! \brief The GIF's escape noise (PyNN's GIF_cond_exp, NEST's gif_cond_exp): in a tick in
//!        which the membrane integrated, the neuron fires with probability
//!
//!     p = 1 - exp(-lambda dt),   lambda = lambda0 exp((v - v_t) / delta_v),
//!
//! computed in powers of two, lambda dt = 2^(log2(e) (v - v_t) / delta_v + log2(lambda0 dt)),
//! with log2(e) / delta_v as a 32-bit mantissa and a shift (delta_v from 1e-9 mV: PyNN's
//! deterministic limit) and |v - v_t| clamped where the exponent passes +-64 (p is then 0 or
//! 1 to 32 bits).  The uniform draw is the neuron's counter-based stream at the tick (as the
//! stochastic thresholds', fixed_prob_threshold.h): the same spikes for any partitioning.
//! The core passes v - v_t (neuron_v_rel, c_models/neuron/gif.h) as the potential.
#ifndef C_MODELS_THRESHOLD_GIF_H
#define C_MODELS_THRESHOLD_GIF_H

#include "generated/gif_threshold.h"
#include "pow2.h"
#include "random.h"

typedef gif_threshold_params_t threshold_params_t;
#define THRESHOLD_PARAMS_WORDS GIF_THRESHOLD_PARAMS_WORDS

//! The firing probability of a tick [u0.32] for v - v_t = d [s16.15].
static inline uint32_t gif_probability(const threshold_params_t *p, s1615 d) {
    int64_t lim = p->d_limit > 0 ? p->d_limit : 1;
    int64_t x = d > lim ? lim : (d < -lim ? -lim : d);
    // log2(e) x / delta_v in Q32: x 2^-15 mV times f_mant 2^-f_shift / mV (|x| < 2^31, so
    // the product fits; beyond +-2^39 in Q32 -- exponent 128 -- its size does not matter)
    int64_t prod = x * (int64_t) p->f_mant;
    uint32_t sh = p->f_shift > 62u ? 62u : p->f_shift;
    int64_t z;
    if (sh >= 17u) {
        z = prod >> (sh - 17u);
    } else {
        int64_t bound = ((int64_t) 1 << 39) >> (17u - sh);
        z = shl_s64(prod > bound ? bound : (prod < -bound ? -bound : prod), 17u - sh);
    }
    z += shl_s64(p->log2_lambda_dt, 17);
    return prob_one_minus_exp(pow2_q32(z));
}

static inline int threshold_crossed(const threshold_params_t *p, s1615 v_rel, uint32_t tick) {
    uint64_t stream = ((uint64_t) p->stream_hi << 32) | p->stream_lo;
    return stream_uniform32(stream, tick) < gif_probability(p, v_rel);
}

#endif  // C_MODELS_THRESHOLD_GIF_H

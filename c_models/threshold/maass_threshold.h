//! \file
//! \brief The soft threshold of Habenschuss, Jonke and Maass (2013), sPyNNaker's
//!        threshold_type_maass_stochastic (IFCondExpStoc).
//!
//! The neuron fires in a tick with probability
//!     p = 0.8 (1 - exp(-dt rho)),  rho = exp((v - v_thresh) / du_th) / tau_th,
//! the probability of at least one event of a process of hazard rho over the tick, capped
//! at 0.8; p = 0.8 once (v - v_thresh) / du_th >= 5 (sPyNNaker's cut-off).  Computed in
//! powers of two: rho dt = 2^((v - v_thresh) log2(e) / du_th + log2(dt / tau_th)).  The
//! uniform draw is the neuron's counter-based stream at the tick (see fixed_prob_threshold.h).
#ifndef C_MODELS_THRESHOLD_MAASS_H
#define C_MODELS_THRESHOLD_MAASS_H

#include "generated/maass_threshold.h"
#include "pow2.h"
#include "random.h"

typedef maass_threshold_params_t threshold_params_t;
#define THRESHOLD_PARAMS_WORDS MAASS_THRESHOLD_PARAMS_WORDS

//! The cap of the firing probability per tick, 0.8, in u0.32.
#define MAASS_PROB_SATURATION 3435973837u

static inline uint32_t maass_probability(const threshold_params_t *p, s1615 v) {
    int64_t x = (int64_t) v - p->v_thresh;                    // 2^-15 mV
    if (x >= (int64_t) p->saturation_mv) {
        return MAASS_PROB_SATURATION;
    }
    x = (x < -(1ll << 30)) ? -(1ll << 30) : x;                // keeps x c within 64 bits
    // (v - v_thresh) log2(e)/du_th: 2^-15 mV * 2^-23 /mV -> Q38 -> Q32
    int64_t z = (x * p->log2e_per_du_th) / 64 + shl_s64(p->log2_dt_per_tau, 17);
    uint64_t y = pow2_q32(z);                                 // rho dt, Q32 (z < 30 here)
    uint32_t q = prob_one_minus_exp(y);
    return (uint32_t) (((uint64_t) q * MAASS_PROB_SATURATION) >> 32);
}

static inline int threshold_crossed(const threshold_params_t *p, s1615 v, uint32_t tick) {
    uint64_t stream = ((uint64_t) p->stream_hi << 32) | p->stream_lo;
    return stream_uniform32(stream, tick) < maass_probability(p, v);
}

#endif  // C_MODELS_THRESHOLD_MAASS_H

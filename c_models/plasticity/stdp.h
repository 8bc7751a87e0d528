//! \file
//! \brief STDP arithmetic: trace decays from host-built LUTs and the weight dependences.
//!
//! Traces are u16.16 (1.0 = one spike), saturating at TRACE_MAX.  A decay exp(-k dt / tau)
//! over k ticks is fine[k % 64] * coarse[k / 64], both u1.31 from the host (LUT layout:
//! word 0 the coarse length, then LUT_FINE fine words, then the coarse words); beyond the
//! coarse table the decay is 0 (it is below 2^-32 there).  Weights are updated in int64 with
//! 16 fraction bits below the plastic weight unit and clamped to [w_min, w_max] after every
//! step, as NEST's stdp_synapse does; A * K is taken in u32.32.
#ifndef C_MODELS_PLASTICITY_STDP_H
#define C_MODELS_PLASTICITY_STDP_H

#include <stdint.h>
#include "generated/regions.h"

#define TRACE_ONE (1u << 16)
#define TRACE_MAX (1u << 24)   //!< 256 spikes' worth: keeps A * K products inside 64 bits
#define DECAY_ONE_SHIFT 31
#define AMPLITUDE_SHIFT 28     //!< A+ / A- are u4.28

enum { TIMING_PAIR = 0, TIMING_NEAREST_PAIR = 1, TIMING_VOGELS_2011 = 2, TIMING_TRIPLET = 3 };
enum { WEIGHT_ADDITIVE = 0, WEIGHT_MULTIPLICATIVE = 1, WEIGHT_ADD_POT_MULT_DEP = 2,
       WEIGHT_GUTIG = 3, WEIGHT_ADDITIVE_TRIPLET = 4 };

//! value * exp(-ticks dt / tau) from a LUT (see the file comment); value in u16.16.
static inline uint32_t lut_decay(const uint32_t *lut, uint32_t ticks, uint32_t value) {
    uint32_t hi = ticks / LUT_FINE;
    if (hi >= lut[0]) {
        return 0;
    }
    uint64_t f = ((uint64_t) lut[1u + ticks % LUT_FINE] * lut[1u + LUT_FINE + hi] +
                  (1u << (DECAY_ONE_SHIFT - 1))) >> DECAY_ONE_SHIFT;
    return (uint32_t) (((uint64_t) value * f + (1u << (DECAY_ONE_SHIFT - 1))) >>
                       DECAY_ONE_SHIFT);
}

//! A trace after `ticks` of decay and one more spike (saturating at TRACE_MAX).
static inline uint32_t trace_add_spike(const uint32_t *lut, uint32_t ticks, uint32_t value) {
    uint32_t k = lut_decay(lut, ticks, value) + TRACE_ONE;
    return (k > TRACE_MAX) ? TRACE_MAX : k;
}

//! A * K in u32.32 (A u4.28 < 16, K u16.16 <= TRACE_MAX: the product has < 57 bits).
static inline uint64_t amplitude_times(uint32_t a, uint32_t k) {
    return ((uint64_t) a * k) >> (AMPLITUDE_SHIFT + 16 - 32);
}

//! ak * x / 2^32 for ak = A * K in u32.32 (< 2^44) and 0 <= x < 2^33, in two 64-bit parts.
static inline int64_t scale_by(uint64_t ak, int64_t x) {
    uint64_t ux = (uint64_t) x;
    return (int64_t) (((ak >> 16) * ux) >> 16) + (int64_t) (((ak & 0xFFFFu) * ux) >> 32);
}

static inline int64_t clamp_weight(int64_t wx, const plastic_rule_t *r) {
    int64_t lo = (int64_t) r->w_min * 65536, hi = (int64_t) r->w_max * 65536;
    return (wx < lo) ? lo : (wx > hi) ? hi : wx;
}

//! Potentiation by a pre trace K (u16.16) at a post spike; wx has 16 fraction bits and lies
//! in [w_min, w_max].
static inline int64_t weight_potentiate(const plastic_rule_t *r, int64_t wx, uint32_t k) {
    uint64_t ak = amplitude_times(r->a_plus, k);
    int64_t hi = (int64_t) r->w_max * 65536;
    if (r->weight == WEIGHT_MULTIPLICATIVE) {
        wx += scale_by(ak, hi - wx);               // A+ (w_max - w) K
    } else {
        wx += scale_by(ak, hi);                    // A+ w_max K (additive potentiation)
    }
    return clamp_weight(wx, r);
}

//! Depression by a post trace K (u16.16) at a pre spike.
static inline int64_t weight_depress(const plastic_rule_t *r, int64_t wx, uint32_t k) {
    uint64_t ak = amplitude_times(r->a_minus, k);
    int64_t lo = (int64_t) r->w_min * 65536;
    if (r->weight == WEIGHT_ADDITIVE) {
        wx -= scale_by(ak, (int64_t) r->w_max * 65536);   // A- w_max K
    } else {
        wx -= scale_by(ak, wx - lo);                      // A- (w - w_min) K
    }
    return clamp_weight(wx, r);
}

#endif  // C_MODELS_PLASTICITY_STDP_H

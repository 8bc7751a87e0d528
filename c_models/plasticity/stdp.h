//! \file
//! \brief STDP arithmetic: trace decays from host-built LUTs and the weight dependences.
//!
//! Traces are u16.16 (1.0 = one spike), saturating at TRACE_MAX.  A decay exp(-k dt / tau)
//! over k ticks is fine[k % 2^b] * coarse[k >> b], both u1.31 from the host (LUT layout:
//! word 0 the coarse length, word 1 b, then 2^b fine words, then the coarse words; the host
//! picks b ~ half the bits of the LUT's range, so tau / dt = 10^4 costs ~1000 words); beyond
//! the coarse table the decay is 0 (it is below 2^-31 there).  Weights are updated in int64 with
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

//! 0 leaves the spike-pair rules (timing codes 0-3: pair, nearest pair, Vogels 2011, triplet)
//! out of a binary (its cores refuse them at load): the ARM binaries of the other
//! synapse-dynamics families (neural_modelling/arm/Makefile; the mapping picks the binary).
#ifndef PLASTIC_STDP
#define PLASTIC_STDP 1
#endif

enum { TIMING_PAIR = 0, TIMING_NEAREST_PAIR = 1, TIMING_VOGELS_2011 = 2, TIMING_TRIPLET = 3,
       TIMING_TSODYKS = 4, TIMING_STOCHASTIC = 5, TIMING_STATIC = 6,
       TIMING_NEUROMOD = 7,    //!< dopamine-modulated pair STDP (neuromodulation.h)
       TIMING_DOPAMINE = 8,    //!< dopamine input rows (reward / punishment)
       TIMING_RECURRENT = 9 }; //!< RecurrentRule (recurrent.h)

//! Rules that read post-synaptic spikes (the others keep no history and pair nothing:
//! short-term plasticity, stochastic synapses, the static weights of rewired rows).
static inline int timing_is_stdp(uint32_t timing) {
    return timing <= TIMING_TRIPLET || timing == TIMING_NEUROMOD || timing == TIMING_RECURRENT;
}
enum { WEIGHT_ADDITIVE = 0, WEIGHT_MULTIPLICATIVE = 1, WEIGHT_ADD_POT_MULT_DEP = 2,
       WEIGHT_GUTIG = 3, WEIGHT_ADDITIVE_TRIPLET = 4 };

//! value * exp(-ticks dt / tau) from a LUT (see the file comment); value < 2^33.
static inline uint32_t lut_decay(const uint32_t *lut, uint32_t ticks, uint32_t value) {
    uint32_t bits = lut[1], hi = ticks >> bits;
    if (hi >= lut[0]) {
        return 0;
    }
    const uint32_t *fine = lut + 2, *coarse = fine + (1u << bits);
    uint64_t f = ((uint64_t) fine[ticks & ((1u << bits) - 1u)] * coarse[hi] +
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

//! x^mu for x = (wx - lo) / (hi - lo) from a 257-entry u1.31 LUT, linearly interpolated.
static inline uint64_t pow_lut(const uint32_t *lut, int64_t wx, int64_t lo, int64_t hi) {
    if (hi <= lo) {
        return (uint64_t) lut[256];
    }
    uint64_t q = ((uint64_t) (wx - lo) << 24) / (uint64_t) (hi - lo);   // x in u8.16 * 256
    uint32_t i = (uint32_t) (q >> 16), frac = (uint32_t) (q & 0xFFFFu);
    if (i >= 256u) {
        return (uint64_t) lut[256];
    }
    int64_t a = lut[i], b = lut[i + 1u];
    return (uint64_t) (a + (((b - a) * frac) / 65536));
}

//! The range term of a step: w_max (additive), w_max - w or w - w_min (multiplicative), or
//! (w_max - w_min) x^mu (Gutig), in wx units (16 fraction bits).
static inline int64_t weight_range(const plastic_rule_t *r, const uint32_t *luts, int64_t wx,
                                   int potentiation) {
    int64_t lo = (int64_t) r->w_min * 65536, hi = (int64_t) r->w_max * 65536;
    uint32_t kind = r->weight;
    if (kind == WEIGHT_ADDITIVE || kind == WEIGHT_ADDITIVE_TRIPLET ||
            (kind == WEIGHT_ADD_POT_MULT_DEP && potentiation)) {
        return hi;
    }
    if (kind == WEIGHT_GUTIG) {
        const uint32_t *lut = &luts[potentiation ? r->pow_plus : r->pow_minus];
        uint64_t x = potentiation ? pow_lut(lut, hi - wx + lo, lo, hi) : pow_lut(lut, wx, lo, hi);
        return (int64_t) (((uint64_t) (hi - lo) * x) >> DECAY_ONE_SHIFT);
    }
    return potentiation ? hi - wx : wx - lo;
}

//! Potentiation by a pre trace K (u16.16) at a post spike; wx has 16 fraction bits.
static inline int64_t weight_potentiate(const plastic_rule_t *r, const uint32_t *luts,
                                        int64_t wx, uint32_t k) {
    wx += scale_by(amplitude_times(r->a_plus, k), weight_range(r, luts, wx, 1));
    return clamp_weight(wx, r);
}

//! Depression by a post trace K (u16.16) at a pre spike.
static inline int64_t weight_depress(const plastic_rule_t *r, const uint32_t *luts,
                                     int64_t wx, uint32_t k) {
    wx -= scale_by(amplitude_times(r->a_minus, k), weight_range(r, luts, wx, 0));
    return clamp_weight(wx, r);
}

//! The triplet amplitude A2 + A3 * y in u4.28 (y a u16.16 trace), saturating below 16.
static inline uint32_t triplet_amplitude(uint32_t a2, uint32_t a3, uint32_t y) {
    uint64_t a = (uint64_t) a2 + (((uint64_t) a3 * y) >> 16);
    return (a > 0xFFFFFFFFu) ? 0xFFFFFFFFu : (uint32_t) a;
}

//! Pfister & Gerstner (2006), all-to-all, as NEST's stdp_triplet_synapse: at a post spike,
//! potentiation K+ (A2+ + A3+ y) w_max with y the post triplet trace just before it.
static inline int64_t weight_potentiate_triplet(const plastic_rule_t *r, const uint32_t *luts,
                                                int64_t wx, uint32_t k, uint32_t y) {
    uint64_t ak = amplitude_times(triplet_amplitude(r->a_plus, r->a3_plus, y), k);
    wx += scale_by(ak, weight_range(r, luts, wx, 1));
    return clamp_weight(wx, r);
}

//! At a pre spike: depression K- (A2- + A3- x) w_max with x the pre triplet trace just
//! before it.
static inline int64_t weight_depress_triplet(const plastic_rule_t *r, const uint32_t *luts,
                                             int64_t wx, uint32_t k, uint32_t x) {
    uint64_t ak = amplitude_times(triplet_amplitude(r->a_minus, r->a3_minus, x), k);
    wx -= scale_by(ak, weight_range(r, luts, wx, 0));
    return clamp_weight(wx, r);
}

//! Vogels et al. (2011) at a pre spike, as NEST's vogels_sprekeler_synapse: potentiation by
//! the post trace K (eta K, eta = A+ w_max), then the constant depression eta alpha.
static inline int64_t weight_vogels_pre(const plastic_rule_t *r, const uint32_t *luts,
                                        int64_t wx, uint32_t k) {
    if (k != 0) {
        wx = weight_potentiate(r, luts, wx, k);
    }
    wx -= scale_by(amplitude_times(r->a_plus, r->alpha), (int64_t) r->w_max * 65536);
    return clamp_weight(wx, r);
}

//! The pre or post trace after a spike: accumulated (all-to-all pairs) or reset to one
//! (nearest pairs).
static inline uint32_t trace_after_spike(uint32_t timing, const uint32_t *lut, uint32_t ticks,
                                         uint32_t value) {
    return (timing == TIMING_NEAREST_PAIR) ? TRACE_ONE : trace_add_spike(lut, ticks, value);
}

#endif  // C_MODELS_PLASTICITY_STDP_H

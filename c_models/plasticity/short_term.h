//! \file
//! \brief Tsodyks-Markram short-term plasticity, as NEST's tsodyks_synapse (which pyNN.nest
//! maps PyNN's TsodyksMarkramSynapse onto): per pre spike, after h of silence,
//!
//!     u <- u Puu;  x <- x + Pxy y + Pxz z;  y <- y Pyy;  u <- u + U (1 - u)
//!     release = u x;  x <- x - release;  y <- y + release
//!
//! with z = 1 - x - y, Puu = exp(-h / tau_facil) (0 without facilitation), Pyy = exp(-h /
//! tau_psc), Pzz = exp(-h / tau_rec), Pxz = 1 - Pzz and Pxy = ((1 - Pzz) tau_rec - (1 - Pyy)
//! tau_psc) / (tau_rec - tau_psc).  The synapse delivers weight * release.  State in u1.31;
//! the state is the row's (a projection's parameters are homogeneous, so every synapse of a
//! pre neuron has the same state).
#ifndef C_MODELS_PLASTICITY_SHORT_TERM_H
#define C_MODELS_PLASTICITY_SHORT_TERM_H

#include <stdint.h>
#include "generated/regions.h"
#include "plasticity/stdp.h"

//! 0 leaves Tsodyks-Markram rows and stochastic synapses (timing codes 4 and 5) out of a
//! binary (its cores refuse them at load): the ARM binaries of the other synapse-dynamics
//! families (neural_modelling/arm/Makefile).
#ifndef SHORT_TERM
#define SHORT_TERM 1
#endif

#define STP_ONE (1u << 31)
#define STP_NO_LUT 0xFFFFFFFFu

static inline uint32_t mul_u131(uint32_t a, uint32_t b) {
    return (uint32_t) (((uint64_t) a * b + (1u << 30)) >> 31);
}

static inline uint32_t clamp_u131(int64_t v) {
    return (v < 0) ? 0u : (v > (int64_t) STP_ONE) ? STP_ONE : (uint32_t) v;
}

//! Advance the row state (u, x, y at state[0..2]) over `ticks` and release; returns u x.
static inline uint32_t stp_release(const plastic_rule_t *r, const uint32_t *luts,
                                   uint32_t *state, uint32_t ticks) {
    uint32_t u = state[0], x = state[1], y = state[2];
    uint32_t puu = (r->lut_fac == STP_NO_LUT) ? 0u : lut_decay(&luts[r->lut_fac], ticks, STP_ONE);
    uint32_t pyy = lut_decay(&luts[r->lut_psc], ticks, STP_ONE);
    uint32_t pzz = lut_decay(&luts[r->lut_rec], ticks, STP_ONE);
    int64_t pxy = ((int64_t) (STP_ONE - pzz) * r->c_rec -
                   (int64_t) (STP_ONE - pyy) * r->c_psc) / 65536;
    uint32_t z = clamp_u131((int64_t) STP_ONE - x - y);
    u = mul_u131(u, puu);
    x = clamp_u131((int64_t) x + mul_u131(clamp_u131(pxy), y) + mul_u131(STP_ONE - pzz, z));
    y = mul_u131(y, pyy);
    u = u + mul_u131(r->stp_u, STP_ONE - u);
    uint32_t release = mul_u131(u, x);
    state[0] = u;
    state[1] = x - release;
    state[2] = clamp_u131((int64_t) y + release);
    return release;
}

#endif  // C_MODELS_PLASTICITY_SHORT_TERM_H

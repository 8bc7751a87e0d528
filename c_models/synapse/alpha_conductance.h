//! \file
//! \brief Alpha-shaped conductances (excitatory, inhibitory), NEST's iaf_cond_alpha.
//!
//! A weight w [uS] makes the conductance w (t/tau) exp(1 - t/tau), peaking at w after tau.
//! Conductances are held in nS (as exp_conductance.h, for resolution).  Per type the state
//! is g [nS] and zsyn = 16 dt y1 [nS/16], y1 the alpha kernel's second state (NEST's dg):
//! zsyn has 4 more fraction bits than g because g accumulates it.  Over a tick the
//! membrane moves by geff (E - v0), geff = k31 dt y1 + k32 g being the exact (propagator)
//! integral of the conductance over the tick through the membrane, per unit of driving
//! force; synapse_correction() then moves the driving force to the midpoint of v0 and the
//! predicted v1 (as exp_conductance.h).  geff is clamped to [-1, 1]: the exact solution
//! never carries v past the reversal potential within a tick.
#ifndef C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_H
#define C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_H

#include "generated/alpha_conductance.h"
#include "synapse/alpha_conductance_math.h"

typedef alpha_conductance_params_t synapse_params_t;
typedef alpha_conductance_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS ALPHA_CONDUCTANCE_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS ALPHA_CONDUCTANCE_STATE_WORDS
#define SYNAPSE_TYPES 2
//! Membrane change over this tick caused by the conductances, driving force at v [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    int64_t ge = alpha_cond_geff(s->zsyn_exc, s->gsyn_exc, p->k31_exc, p->k32_exc);
    int64_t gi = alpha_cond_geff(s->zsyn_inh, s->gsyn_inh, p->k31_inh, p->k32_inh);
    return add_s1615(alpha_cond_dv(ge, p->e_rev_exc, v), alpha_cond_dv(gi, p->e_rev_inh, v));
}

//! This component corrects v after the neuron's update: the core calls synapse_correction().
#define SYNAPSE_HAS_CORRECTION 1

//! Second stage: driving force at the midpoint (v0 + v1)/2 instead of v0 [mV].
static inline s1615 synapse_correction(const synapse_params_t *p, const synapse_state_t *s,
                                       s1615 v0, s1615 v1) {
    s1615 mid = sat_s1615(((int64_t) v0 + (int64_t) v1) >> 1);
    int64_t ge = alpha_cond_geff(s->zsyn_exc, s->gsyn_exc, p->k31_exc, p->k32_exc);
    int64_t gi = alpha_cond_geff(s->zsyn_inh, s->gsyn_inh, p->k31_inh, p->k32_inh);
    // geff (E - mid) - geff (E - v0) = geff (v0 - mid)
    return add_s1615(alpha_cond_dv(ge, v0, mid), alpha_cond_dv(gi, v0, mid));
}

//! Add this tick's input per type [uS -> nS] (at the start of the tick).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    s1615 in_exc = sat_s1615((int64_t) input[0] * ALPHA_COND_NS_PER_US);
    s1615 in_inh = sat_s1615((int64_t) input[1] * ALPHA_COND_NS_PER_US);
    s->zsyn_exc = add_s1615(s->zsyn_exc, mul_s1615(in_exc, p->jump_exc));
    s->zsyn_inh = add_s1615(s->zsyn_inh, mul_s1615(in_inh, p->jump_inh));
}

//! Advance the alpha kernels by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->gsyn_exc = alpha_cond_next(s->zsyn_exc, s->gsyn_exc, p->decay_exc);
    s->gsyn_inh = alpha_cond_next(s->zsyn_inh, s->gsyn_inh, p->decay_inh);
    s->zsyn_exc = decay_s1615(s->zsyn_exc, p->decay_exc);
    s->zsyn_inh = decay_s1615(s->zsyn_inh, p->decay_inh);
}

#endif  // C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_H

//! \file
//! \brief RECEPTORS alpha-shaped conductances, each with its own tau_syn and reversal
//! potential e_syn (PyNN's CondAlphaPostSynapticResponse per receptor; NEST's
//! aeif_cond_alpha_multisynapse).
//!
//! Receptor k is alpha_conductance.h's excitatory type (same arithmetic, shared through
//! alpha_conductance_math.h): state g_k [nS] and zsyn_k = 16 dt y1_k, the exact integral of
//! the conductance through the membrane per unit of driving force, driving force at v0 and
//! then corrected to the midpoint (synapse_correction).
//! The binary defines RECEPTORS and the layout types (synapse_params_t, ...) first.
#ifndef C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_MULTI_H
#define C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_MULTI_H

#include "synapse/receptors.h"
#include "synapse/alpha_conductance_math.h"

//! Membrane change over this tick caused by the conductances, driving force at v [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    s1615 dv = 0;
#define ALPHA_COND_DV(k) dv = add_s1615(dv, alpha_cond_dv(alpha_cond_geff( \
        s->zsyn_##k, s->gsyn_##k, p->k31_##k, p->k32_##k), p->e_rev_##k, v));
    EACH_RECEPTOR(ALPHA_COND_DV)
#undef ALPHA_COND_DV
    return dv;
}

//! This component corrects v after the neuron's update: the core calls synapse_correction().
#define SYNAPSE_HAS_CORRECTION 1

//! Second stage: driving force at the midpoint (v0 + v1)/2 instead of v0 [mV].
static inline s1615 synapse_correction(const synapse_params_t *p, const synapse_state_t *s,
                                       s1615 v0, s1615 v1) {
    s1615 mid = sat_s1615(((int64_t) v0 + (int64_t) v1) >> 1);
    s1615 dv = 0;
    // geff (E - mid) - geff (E - v0) = geff (v0 - mid)
#define ALPHA_COND_CORRECT(k) dv = add_s1615(dv, alpha_cond_dv(alpha_cond_geff( \
        s->zsyn_##k, s->gsyn_##k, p->k31_##k, p->k32_##k), v0, mid));
    EACH_RECEPTOR(ALPHA_COND_CORRECT)
#undef ALPHA_COND_CORRECT
    return dv;
}

//! Add this tick's input per receptor [uS -> nS] (at the start of the tick).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
#define ALPHA_COND_ADD(k) s->zsyn_##k = add_s1615(s->zsyn_##k, mul_s1615( \
        sat_s1615((int64_t) input[k] * ALPHA_COND_NS_PER_US), p->jump_##k));
    EACH_RECEPTOR(ALPHA_COND_ADD)
#undef ALPHA_COND_ADD
}

//! Advance the alpha kernels by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
#define ALPHA_COND_NEXT(k) \
    s->gsyn_##k = alpha_cond_next(s->zsyn_##k, s->gsyn_##k, p->decay_##k); \
    s->zsyn_##k = decay_s1615(s->zsyn_##k, p->decay_##k);
    EACH_RECEPTOR(ALPHA_COND_NEXT)
#undef ALPHA_COND_NEXT
}

#endif  // C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_MULTI_H

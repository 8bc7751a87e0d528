//! \file
//! \brief RECEPTORS exponentially decaying conductances, each with its own tau_syn and
//! reversal potential e_syn (PyNN's CondExpPostSynapticResponse per receptor).
//!
//! Receptor k is exp_conductance.h's excitatory conductance: held in nS (weights in uS),
//! input scaled by init_k at the tick's start, its current g_k (e_syn_k - v) integrated
//! exactly through the membrane with the driving force taken at v0, then corrected to the
//! midpoint of v0 and the predicted v1 (synapse_correction), then g_k decays.
//! The binary defines RECEPTORS and the layout types (synapse_params_t, ...) first.
#ifndef C_MODELS_SYNAPSE_EXP_CONDUCTANCE_MULTI_H
#define C_MODELS_SYNAPSE_EXP_CONDUCTANCE_MULTI_H

#include "synapse/receptors.h"
//! nS per uS (input weights are in uS).
#define MULTI_NS_PER_US 1000

//! g (E - v) in pA, as s1615 (saturating at +-65 nA), as exp_conductance.h.
static inline s1615 multi_conductance_current(s1615 g_ns, s1615 e_rev, s1615 v) {
    int64_t i = (int64_t) g_ns * (int64_t) sub_s1615(e_rev, v);   // 30 fraction bits
    return sat_s1615((i + (1 << 14)) >> 15);
}

//! Membrane change over this tick caused by the conductances at its start [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    s1615 dv = 0;
#define EXP_COND_DV(k) dv = add_s1615(dv, mul_u032( \
        multi_conductance_current(s->gsyn_##k, p->e_rev_##k, v), p->k_##k));
    EACH_RECEPTOR(EXP_COND_DV)
#undef EXP_COND_DV
    return dv;
}

//! This component corrects v after the neuron's update: the core calls synapse_correction().
#define SYNAPSE_HAS_CORRECTION 1

//! Second stage: the driving force at the midpoint of v0 and v1 instead of at v0 [mV].
static inline s1615 synapse_correction(const synapse_params_t *p, const synapse_state_t *s,
                                       s1615 v0, s1615 v1) {
    s1615 mid = sat_s1615(((int64_t) v0 + (int64_t) v1) >> 1);
    s1615 dv = 0;
    // g (E - mid) - g (E - v0) = g (v0 - mid)
#define EXP_COND_CORRECT(k) dv = add_s1615(dv, mul_u032( \
        multi_conductance_current(s->gsyn_##k, v0, mid), p->k_##k));
    EACH_RECEPTOR(EXP_COND_CORRECT)
#undef EXP_COND_CORRECT
    return dv;
}

//! Add this tick's input per receptor [uS -> nS], scaled by init (at the tick's start).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
#define EXP_COND_ADD(k) s->gsyn_##k = add_s1615(s->gsyn_##k, mul_u032( \
        sat_s1615((int64_t) input[k] * MULTI_NS_PER_US), p->init_##k));
    EACH_RECEPTOR(EXP_COND_ADD)
#undef EXP_COND_ADD
}

//! Decay by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
#define EXP_COND_DECAY(k) s->gsyn_##k = decay_s1615(s->gsyn_##k, p->decay_##k);
    EACH_RECEPTOR(EXP_COND_DECAY)
#undef EXP_COND_DECAY
}

#endif  // C_MODELS_SYNAPSE_EXP_CONDUCTANCE_MULTI_H

//! \file
//! \brief Exponentially decaying conductances (excitatory, inhibitory), NEST's iaf_cond_exp.
//!
//! Conductances are held in nS (weights arrive in uS), each input scaled by the board's init
//! factor tau_syn/dt (1 - exp(-dt/tau_syn)) as it is added at the start of a tick (the state
//! is the conductance's mean over the tick, as exp_current.h).  Over a tick each synaptic
//! current is g(t) (E_rev - v0): it decays with g and is integrated exactly through the
//! membrane (k = P21 / (1000 init), mV/pA per nS of the state), with the driving force first taken at the tick's start v0,
//! then corrected to the midpoint of v0 and the predicted v1 (synapse_correction).  The
//! leak is exact (neuron component).
#ifndef C_MODELS_SYNAPSE_EXP_CONDUCTANCE_H
#define C_MODELS_SYNAPSE_EXP_CONDUCTANCE_H

#include "generated/exp_conductance.h"

typedef exp_conductance_params_t synapse_params_t;
typedef exp_conductance_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS EXP_CONDUCTANCE_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS EXP_CONDUCTANCE_STATE_WORDS
#define SYNAPSE_TYPES 2
//! nS per uS (input weights are in uS).
#define NS_PER_US 1000

//! g (E - v) in pA, as s1615 (saturating at +-65 nA).
static inline s1615 conductance_current(s1615 g_ns, s1615 e_rev, s1615 v) {
    int64_t i = (int64_t) g_ns * (int64_t) sub_s1615(e_rev, v);   // 30 fraction bits
    return sat_s1615((i + (1 << 14)) >> 15);
}

//! Membrane change over this tick caused by the conductances at its start [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    s1615 exc = mul_u032(conductance_current(s->gsyn_exc, p->e_rev_exc, v), p->k_exc);
    s1615 inh = mul_u032(conductance_current(s->gsyn_inh, p->e_rev_inh, v), p->k_inh);
    return add_s1615(exc, inh);
}

//! This component corrects v after the neuron's update: the core calls synapse_correction().
#define SYNAPSE_HAS_CORRECTION 1

//! Second stage: the driving force at the tick's midpoint, E - (v0 + v1)/2, instead of
//! E - v0, with v1 the potential the first stage predicted [mV].  Makes the synaptic part
//! second order in dt (a Heun step on the driving force; the exact propagators stay).
static inline s1615 synapse_correction(const synapse_params_t *p, const synapse_state_t *s,
                                       s1615 v0, s1615 v1) {
    s1615 mid = sat_s1615(((int64_t) v0 + (int64_t) v1) >> 1);
    // g (E - mid) - g (E - v0) = g (v0 - mid)
    s1615 exc = mul_u032(conductance_current(s->gsyn_exc, v0, mid), p->k_exc);
    s1615 inh = mul_u032(conductance_current(s->gsyn_inh, v0, mid), p->k_inh);
    return add_s1615(exc, inh);
}

//! Add this tick's input per synapse type [uS -> nS], scaled by init (at the start of the
//! tick), as exp_current.h.
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    s->gsyn_exc = add_s1615(s->gsyn_exc,
                            mul_u032(sat_s1615((int64_t) input[0] * NS_PER_US), p->init_exc));
    s->gsyn_inh = add_s1615(s->gsyn_inh,
                            mul_u032(sat_s1615((int64_t) input[1] * NS_PER_US), p->init_inh));
}

//! Decay by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->gsyn_exc = decay_s1615(s->gsyn_exc, p->decay_exc);
    s->gsyn_inh = decay_s1615(s->gsyn_inh, p->decay_inh);
}

#endif  // C_MODELS_SYNAPSE_EXP_CONDUCTANCE_H

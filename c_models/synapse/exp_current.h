//! \file
//! \brief Exponentially decaying current synapses (excitatory, inhibitory).
//!
//! Over a tick the currents contribute p21 * i to the membrane (NEST's exact propagator),
//! then decay by exp(-dt/tau_syn), then the tick's input (weights in nA) is added.
#ifndef C_MODELS_SYNAPSE_EXP_CURRENT_H
#define C_MODELS_SYNAPSE_EXP_CURRENT_H

#include "generated/exp_current.h"

typedef exp_current_params_t synapse_params_t;
typedef exp_current_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS EXP_CURRENT_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS EXP_CURRENT_STATE_WORDS
#define SYNAPSE_TYPES 2

//! Membrane change over this tick caused by the synaptic state at its start [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    (void) v;
    return sub_s1615(mul_s1615(s->isyn_exc, p->p21_exc), mul_s1615(s->isyn_inh, p->p21_inh));
}

//! Decay, then add this tick's input per synapse type [nA].
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s,
                                   const s1615 *input) {
    s->isyn_exc = add_s1615(decay_s1615(s->isyn_exc, p->decay_exc), input[0]);
    s->isyn_inh = add_s1615(decay_s1615(s->isyn_inh, p->decay_inh), input[1]);
}

#endif  // C_MODELS_SYNAPSE_EXP_CURRENT_H

//! \file
//! \brief Exponentially decaying current synapses (excitatory, inhibitory), in the board's
//! arithmetic (sPyNNaker's synapse_types_exponential_impl and decay.h).
//!
//! At the start of a tick its input w (weights in nA) is added scaled by init = tau_syn/dt
//! (1 - exp(-dt/tau_syn)) (what the board records: 1.8127 after a weight 2, tau 5 ms, dt 1
//! ms); the neuron takes the state as its input current for the tick (synapse_current); at
//! the tick's end the state decays by exp(-dt/tau_syn).  Both u0.32 products truncate, as the
//! board's decay_s1615.
#ifndef C_MODELS_SYNAPSE_EXP_CURRENT_H
#define C_MODELS_SYNAPSE_EXP_CURRENT_H

#include "generated/exp_current.h"

typedef exp_current_params_t synapse_params_t;
typedef exp_current_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS EXP_CURRENT_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS EXP_CURRENT_STATE_WORDS
#define SYNAPSE_TYPES 2
//! (which synapse this is: the core may run a model-specific loop, lanes_lif_exp.h)
#define SYNAPSE_EXP_CURRENT 1

//! The net synaptic current into the neuron over this tick [nA] (the board's
//! input_type_current: excitatory minus inhibitory).
static inline s1615 synapse_current(const synapse_params_t *p, const synapse_state_t *s,
                                    s1615 v) {
    (void) p;
    (void) v;
    return sub_s1615(s->isyn_exc, s->isyn_inh);
}

//! Add this tick's input per synapse type [nA], scaled by init (at the start of the tick).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    s->isyn_exc = add_s1615(s->isyn_exc, mul_u032_floor(input[0], p->init_exc));
    s->isyn_inh = add_s1615(s->isyn_inh, mul_u032_floor(input[1], p->init_inh));
}

//! Decay by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->isyn_exc = mul_u032_floor(s->isyn_exc, p->decay_exc);
    s->isyn_inh = mul_u032_floor(s->isyn_inh, p->decay_inh);
}

#endif  // C_MODELS_SYNAPSE_EXP_CURRENT_H

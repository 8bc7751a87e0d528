//! \file
//! \brief Exponentially decaying current synapses (excitatory, inhibitory) moving an exact
//! LIF membrane (lif.h) by NEST's propagator; the board's LIF takes exp_current.h's current.
//!
//! At the start of a tick its input w (weights in nA) is added as the board adds it, scaled by
//! init = tau_syn/dt (1 - exp(-dt/tau_syn)): the state is the mean of NEST's current
//! w exp(-t/tau_syn) over the tick (what the board records: 1.8127 after a weight 2, tau 5
//! ms, dt 1 ms).  Over the tick the state moves the membrane by p21/init (NEST's exact
//! propagator for the decaying current), then decays by exp(-dt/tau_syn).
#ifndef C_MODELS_SYNAPSE_EXP_CURRENT_EXACT_H
#define C_MODELS_SYNAPSE_EXP_CURRENT_EXACT_H

#include "generated/exp_current_exact.h"

typedef exp_current_exact_params_t synapse_params_t;
typedef exp_current_exact_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS EXP_CURRENT_EXACT_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS EXP_CURRENT_EXACT_STATE_WORDS
#define SYNAPSE_TYPES 2

//! Membrane change over this tick caused by the synaptic state at its start [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    (void) v;
    return sub_s1615(mul_s1615(s->isyn_exc, p->p21_exc), mul_s1615(s->isyn_inh, p->p21_inh));
}

//! Add this tick's input per synapse type [nA], scaled by init (at the start of the tick).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    s->isyn_exc = add_s1615(s->isyn_exc, mul_u032(input[0], p->init_exc));
    s->isyn_inh = add_s1615(s->isyn_inh, mul_u032(input[1], p->init_inh));
}

//! Decay by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->isyn_exc = decay_s1615(s->isyn_exc, p->decay_exc);
    s->isyn_inh = decay_s1615(s->isyn_inh, p->decay_inh);
}

#endif  // C_MODELS_SYNAPSE_EXP_CURRENT_EXACT_H

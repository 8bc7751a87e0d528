//! \file
//! \brief RECEPTORS exponentially decaying current synapses (PyNN's
//! CurrExpPostSynapticResponse per receptor; NEST's iaf_psc_exp_multisynapse).
//!
//! Receptor k is exp_current.h's excitatory synapse with its own tau_syn: the tick's input
//! (signed: the core negates a receptor whose weights are negative) is added scaled by
//! init_k = tau_k/dt (1 - exp(-dt/tau_k)) at the tick's start, the state moves the membrane
//! by isyn_k p21_k over the tick (NEST's exact propagator / init_k), then decays.
//! The binary defines RECEPTORS and the layout types (synapse_params_t, ...) first.
#ifndef C_MODELS_SYNAPSE_EXP_CURRENT_MULTI_H
#define C_MODELS_SYNAPSE_EXP_CURRENT_MULTI_H

#include "synapse/receptors.h"
//! The core negates the input of the receptors flagged in the synapse header's
//! negative_types (weights given negative): the ring buffers hold magnitudes, the state the
//! signed current, as NEST's (one sign per receptor: the mapping checks it).
#define SYNAPSE_SIGNED_INPUT 1

//! Membrane change over this tick caused by the synaptic state at its start [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    (void) v;
    s1615 dv = 0;
#define EXP_CURRENT_DV(k) dv = add_s1615(dv, mul_s1615(s->isyn_##k, p->p21_##k));
    EACH_RECEPTOR(EXP_CURRENT_DV)
#undef EXP_CURRENT_DV
    return dv;
}

//! Add this tick's input per receptor [nA], scaled by init (at the start of the tick).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
#define EXP_CURRENT_ADD(k) s->isyn_##k = add_s1615(s->isyn_##k, mul_u032(input[k], p->init_##k));
    EACH_RECEPTOR(EXP_CURRENT_ADD)
#undef EXP_CURRENT_ADD
}

//! Decay by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
#define EXP_CURRENT_DECAY(k) s->isyn_##k = decay_s1615(s->isyn_##k, p->decay_##k);
    EACH_RECEPTOR(EXP_CURRENT_DECAY)
#undef EXP_CURRENT_DECAY
}

#endif  // C_MODELS_SYNAPSE_EXP_CURRENT_MULTI_H

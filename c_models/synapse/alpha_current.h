//! \file
//! \brief Alpha-shaped current synapses (excitatory, inhibitory), NEST's iaf_psc_alpha.
//!
//! Per type the state is the current isyn [nA] and zsyn = dt * y1 [nA], y1 being the alpha
//! kernel's second state (NEST's dI).  Over a tick they move the membrane by
//! p31 * zsyn + p32 * isyn (exact propagators); then isyn <- P11 (zsyn + isyn),
//! zsyn <- P11 zsyn, and the tick's input w [nA] adds dt*e/tau_syn * w to zsyn, so that a
//! weight w makes a current peaking at w, tau_syn after its arrival.
#ifndef C_MODELS_SYNAPSE_ALPHA_CURRENT_H
#define C_MODELS_SYNAPSE_ALPHA_CURRENT_H

#include "generated/alpha_current.h"

typedef alpha_current_params_t synapse_params_t;
typedef alpha_current_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS ALPHA_CURRENT_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS ALPHA_CURRENT_STATE_WORDS
#define SYNAPSE_TYPES 2

//! Membrane change over this tick caused by the synaptic state at its start [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    (void) v;
    s1615 exc = add_s1615(mul_s1615(s->zsyn_exc, p->p31_exc),
                          mul_s1615(s->isyn_exc, p->p32_exc));
    s1615 inh = add_s1615(mul_s1615(s->zsyn_inh, p->p31_inh),
                          mul_s1615(s->isyn_inh, p->p32_inh));
    return sub_s1615(exc, inh);
}

//! Advance the alpha kernels by one tick, then add this tick's input per type [nA].
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s,
                                   const s1615 *input) {
    // isyn(t+dt) = P11 * (dt y1 + isyn): rounded once, so that isyn decays to exactly 0
    s->isyn_exc = decay_s1615(add_s1615(s->zsyn_exc, s->isyn_exc), p->decay_exc);
    s->isyn_inh = decay_s1615(add_s1615(s->zsyn_inh, s->isyn_inh), p->decay_inh);
    s->zsyn_exc = add_s1615(decay_s1615(s->zsyn_exc, p->decay_exc),
                            mul_s1615(input[0], p->jump_exc));
    s->zsyn_inh = add_s1615(decay_s1615(s->zsyn_inh, p->decay_inh),
                            mul_s1615(input[1], p->jump_inh));
}

#endif  // C_MODELS_SYNAPSE_ALPHA_CURRENT_H

//! \file
//! \brief Leaky integrate-and-fire membrane, integrated with exact propagators.
//!
//! v(t+dt) = v_rest + (v - v_rest) exp(-dt/tau_m) + i_offset r_dt + dv_syn, where dv_syn is the
//! exact contribution of the synaptic input over the tick (from the synapse component).
//! While refractory the membrane is clamped at v_reset, as in NEST.
#ifndef C_MODELS_NEURON_LIF_H
#define C_MODELS_NEURON_LIF_H

#include "generated/lif.h"

typedef lif_params_t neuron_params_t;
typedef lif_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS LIF_PARAMS_WORDS
#define NEURON_STATE_WORDS LIF_STATE_WORDS

//! Advance one tick with i_inj [nA, s8.23] from current sources on top of i_offset; returns 1 if
//! the neuron integrated (was not refractory).
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn,
                                s823 i_inj) {
    // computed either way and selected (no branch), so that the neuron loop vectorises
    int refractory = s->refract_timer > 0;
    s1615 excess = sub_s1615(s->v, p->v_rest);
    s1615 v = add_s1615(p->v_rest, decay_s1615(excess, p->exp_tc));
    v = add_s1615(v, drive_s1615(p->i_offset, i_inj, p->r_dt));
    v = add_s1615(v, dv_syn);
    s->v = refractory ? s->v : v;
    s->refract_timer -= refractory;
    return !refractory;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! A delta input: v jumps by dv [mV] (the core calls this only in ticks it integrated).
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! The neuron fired: reset and start the refractory period.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->v_reset;
    s->refract_timer = p->refract_ticks;
}

#endif  // C_MODELS_NEURON_LIF_H

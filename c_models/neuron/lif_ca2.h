//! \file
//! \brief Leaky integrate-and-fire membrane with a calcium-activated current (sPyNNaker's
//!        IF_curr_exp_ca2_adaptive / IF_curr_delta_ca2_adaptive; Liu & Wang 2001).
//!
//! Each tick, as sPyNNaker's additional input: i_ca2 <- i_ca2 exp(-dt/tau_ca2) first, then
//! it is added to the input current of the exact LIF update (lif.h):
//! v(t+dt) = v_rest + (v - v_rest) exp(-dt/tau_m) + (i_offset + i_ca2) r_dt + dv_syn.
//! A spike adds i_alpha to i_ca2 (a negative i_alpha makes the current adapting; sPyNNaker
//! adds i_ca2 with its sign).  i_ca2 decays in refractory ticks too; v is clamped then.
#ifndef C_MODELS_NEURON_LIF_CA2_H
#define C_MODELS_NEURON_LIF_CA2_H

#include "generated/lif_ca2.h"

typedef lif_ca2_params_t neuron_params_t;
typedef lif_ca2_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS LIF_CA2_PARAMS_WORDS
#define NEURON_STATE_WORDS LIF_CA2_STATE_WORDS

//! Advance one tick with i_inj [nA, s8.23] from current sources; returns 1 if the neuron
//! integrated (was not refractory).
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn,
                                s823 i_inj) {
    s->i_ca2 = decay_s1615(s->i_ca2, p->exp_tc_ca2);
    int refractory = s->refract_timer > 0;
    s1615 excess = sub_s1615(s->v, p->v_rest);
    s1615 v = add_s1615(p->v_rest, decay_s1615(excess, p->exp_tc));
    v = add_s1615(v, drive_s1615(add_s1615(p->i_offset, s->i_ca2), i_inj, p->r_dt));
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

//! The neuron fired: reset, refractory period, calcium influx.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->v_reset;
    s->refract_timer = p->refract_ticks;
    s->i_ca2 = add_s1615(s->i_ca2, p->i_alpha);
}

#endif  // C_MODELS_NEURON_LIF_CA2_H

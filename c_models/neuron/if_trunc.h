//! \file
//! \brief Non-leaky integrate-and-fire membrane truncated at v_reset (sPyNNaker's
//!        neuron_model_if_trunc: IFTruncDelta).
//!
//! Per integrated tick, as 7.4.1 computes it: v <- v + (i_offset + i_inj) R, R = tau_m/cm
//! [mV/nA per tick], then the tick's delta input jumps v by (w_exc - w_inh) R / dt, and v
//! never stays below v_reset.  While refractory v is held and inputs are discarded.
#ifndef C_MODELS_NEURON_IF_TRUNC_H
#define C_MODELS_NEURON_IF_TRUNC_H

#include "generated/if_trunc.h"

typedef if_trunc_params_t neuron_params_t;
typedef if_trunc_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS IF_TRUNC_PARAMS_WORDS
#define NEURON_STATE_WORDS IF_TRUNC_STATE_WORDS

//! Advance one tick; returns 1 if the neuron integrated (was not refractory).  v is not
//! truncated here: the jump that follows in the same tick truncates the sum once, as 7.4.1
//! truncates input and offset together.
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn,
                                s823 i_inj) {
    int refractory = s->refract_timer > 0;
    s1615 v = add_s1615(s->v, drive_s1615(p->i_offset, i_inj, p->r_tick));
    v = add_s1615(v, dv_syn);
    s->v = refractory ? s->v : v;
    s->refract_timer -= refractory;
    return !refractory;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! The tick's delta input dv [weight units]: v jumps by dv R / dt, then is truncated.
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    s1615 v = add_s1615(s->v, mul_s823(dv, p->r_input));
    s->v = (v < p->v_reset) ? p->v_reset : v;
}

static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->v_reset;
    s->refract_timer = p->refract_ticks;
}

#endif  // C_MODELS_NEURON_IF_TRUNC_H

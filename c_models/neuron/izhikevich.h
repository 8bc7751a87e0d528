//! \file
//! \brief Izhikevich (2003) neuron, NEST's izhikevich: one forward-Euler step per tick.
//!
//! v += dt (0.04 v^2 + 5 v + 140 - u + I), u += a dt (b v - u), both from the tick's start
//! values (NEST's consistent_integration); on v >= 30 mV: v = c, u += d.  No refractory
//! period.  The host folds dt into the coefficients: k2 = 0.04 dt, k1 = 5 dt,
//! k0 = dt (140 + I).
#ifndef C_MODELS_NEURON_IZHIKEVICH_H
#define C_MODELS_NEURON_IZHIKEVICH_H

#include "generated/izhikevich.h"

typedef izhikevich_params_t neuron_params_t;
typedef izhikevich_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS IZHIKEVICH_PARAMS_WORDS
#define NEURON_STATE_WORDS IZHIKEVICH_STATE_WORDS

//! Advance one tick (dv_syn [mV] is added as well); always integrates (returns 1).
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn) {
    s1615 v = s->v, u = s->u;
    s1615 dv = add_s1615(mul_u032(mul_s1615(v, v), p->k2), mul_s1615(v, p->k1));
    dv = add_s1615(dv, sub_s1615(p->k0, mul_s1615(u, p->dt)));
    s1615 du = sub_s1615(mul_s1615(p->b, v), u);
    du = mul_u032(du, p->a_dt);   // a dt < 1: a u0.32 fraction
    s->v = add_s1615(add_s1615(v, dv), dv_syn);
    s->u = add_s1615(u, du);
    return 1;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! A delta input: v jumps by dv [mV].
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! The neuron fired: v = c, u += d.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->c;
    s->u = add_s1615(s->u, p->d);
}

#endif  // C_MODELS_NEURON_IZHIKEVICH_H

//! \file
//! \brief Izhikevich (2003) neuron on the board's integrator: sPyNNaker 7.4.1's
//! neuron_model_izh_impl (rk2_kernel_midpoint), PyNN's model around it.
//!
//!     dv/dt = 0.04 v^2 + 5 v + 140 - u + I,   du/dt = a (b v - u)
//!
//! One explicit-midpoint (RK2) step of length h per tick, in s16.15 accums with wrapping adds
//! and truncating products, as the board computes it:
//!
//!     pre   = 140 + I - u
//!     eta   = v + (h (pre + (5 + M v) v)) / 2          (midpoint v)
//!     beta  = ((h (b v - u)) a) / 2                    (half step of u)
//!     v    += h (pre - beta + (5 + M eta) eta)
//!     u    += (a h) (-u - beta + b eta)
//!
//! with M = 0.040008544921875 (1311 / 2^15, the board's constant for 0.04) and the halvings
//! arithmetic shifts.  h is dt, except on the tick after a spike: h = dt x 1.85 (the board's
//! SIMPLE_TQ_OFFSET threshold correction), so this_h is state.  On v >= 30 mV: v = c, u += d.
//! I = the neuron's drive (host: 1000 i_offset mV/ms for PyNN's Izhikevich, i_offset for the
//! conductance models' sPyNNaker units) plus the current sources' i_inj x i_dt.  dv_syn (delta
//! inputs, or the conductance models' tick drive) moves v after the step, before the
//! threshold, as PyNN's delta synapses do.
#ifndef C_MODELS_NEURON_IZHIKEVICH_H
#define C_MODELS_NEURON_IZHIKEVICH_H

#include "generated/izhikevich.h"

typedef izhikevich_params_t neuron_params_t;
typedef izhikevich_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS IZHIKEVICH_PARAMS_WORDS
#define NEURON_STATE_WORDS IZHIKEVICH_STATE_WORDS

//! The board's 0.04 (MAGIC_MULTIPLIER): 0.040008544921875 = 1311 / 2^15.
#define IZH_K2 ((s1615) 1311)
#define IZH_K1 ((s1615) (5 * S1615_ONE))
#define IZH_K0 ((s1615) (140 * S1615_ONE))
//! SIMPLE_TQ_OFFSET, 1.85 as an accum literal (GCC's conversion truncates: 60620 / 2^15).
#define IZH_TQ_OFFSET ((s1615) 60620)

//! a + b and a - b wrapping as the board's (non-saturating) accum adds do; done on unsigned
//! words, so that an overflow is defined behaviour, and smaller than a saturating add on ARM.
static inline s1615 izh_add(s1615 a, s1615 b) {
    return (s1615) ((uint32_t) a + (uint32_t) b);
}
static inline s1615 izh_sub(s1615 a, s1615 b) {
    return (s1615) ((uint32_t) a - (uint32_t) b);
}

//! An accum halved as the board's REAL_HALF does (arithmetic shift: rounds toward -inf).
static inline s1615 izh_half(s1615 x) {
    return (s1615) (x >> 1);
}

//! dv/dt's quadratic part, (5 + M x) x, truncating as the board does.
static inline s1615 izh_quadratic(s1615 x) {
    return mul_s1615_floor(izh_add(IZH_K1, mul_s1615_floor(IZH_K2, x)), x);
}

//! Advance one tick (dv_syn [mV] is added after the step, i_inj [nA, s8.23] from current
//! sources drives like i_offset); always integrates (returns 1).
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn,
                                s823 i_inj) {
    s1615 v = s->v, u = s->u, h = s->this_h;
    // i_inj [2^-23 nA] x i_dt [mV/ms per nA, s16.15] -> s16.15 mV/ms, rounded to nearest
    s1615 i_src = sat_s1615(((int64_t) i_inj * p->i_dt + (1 << 22)) >> 23);
    s1615 pre = izh_sub(izh_add(izh_add(IZH_K0, p->drive), i_src), u);
    s1615 alpha = izh_add(pre, izh_quadratic(v));
    s1615 eta = izh_add(v, izh_half(mul_s1615_floor(h, alpha)));
    s1615 bv_u = izh_sub(mul_s1615_floor(p->b, v), u);
    s1615 beta = izh_half(mul_s1615_floor(mul_s1615_floor(h, bv_u), p->a));
    s1615 dv = mul_s1615_floor(h, izh_add(izh_sub(pre, beta), izh_quadratic(eta)));
    s1615 du_rate = izh_add(izh_sub(izh_sub(0, u), beta), mul_s1615_floor(p->b, eta));
    s1615 du = mul_s1615_floor(mul_s1615_floor(p->a, h), du_rate);
    s->v = izh_add(izh_add(v, dv), dv_syn);
    s->u = izh_add(u, du);
    s->this_h = p->reset_h;
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

//! The neuron fired: v = c, u += d, and the next tick's step is 1.85 dt long.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->c;
    s->u = izh_add(s->u, p->d);
    s->this_h = mul_s1615_floor(p->reset_h, IZH_TQ_OFFSET);
}

#endif  // C_MODELS_NEURON_IZHIKEVICH_H

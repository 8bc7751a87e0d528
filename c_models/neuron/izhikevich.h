//! \file
//! \brief Izhikevich (2003) neuron, NEST's izhikevich: one forward-Euler step per tick.
//!
//! v += dt (0.04 v^2 + 5 v + 140 - u + I), u += a dt (b v - u), both from the tick's start
//! values (NEST's consistent_integration); on v >= 30 mV: v = c, u += d.  No refractory
//! period.  The host folds dt into the coefficients: k2 = 0.04 dt, k1 = 5 dt,
//! k0 = dt (140 + I).  u, d are s11.20 and b, dt s7.24: u moves by only ~1e-3 mV/ms per
//! tick, which s16.15 would round by several per cent.
#ifndef C_MODELS_NEURON_IZHIKEVICH_H
#define C_MODELS_NEURON_IZHIKEVICH_H

#include "generated/izhikevich.h"

typedef izhikevich_params_t neuron_params_t;
typedef izhikevich_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS IZHIKEVICH_PARAMS_WORDS
#define NEURON_STATE_WORDS IZHIKEVICH_STATE_WORDS
//! Fraction bits of u and d (s11.20), and of b and dt (s7.24).
#define IZH_U_BITS 20
#define IZH_B_BITS 24

//! (x * y) >> shift, rounded to nearest.
static inline int64_t izh_mul(int64_t x, int64_t y, int shift) {
    return (x * y + ((int64_t) 1 << (shift - 1))) >> shift;
}

//! (x * y + 2^31) >> 32 for |x| < 2^47 and 0 <= y < 2^32, bit for bit as izh_mul(x, y, 32)
//! where that does not overflow (x is split into 16-bit halves); a larger |x| (no neuron's:
//! |b v - u| < 2^39 for any v and u the formats hold) is clamped there.
static inline int64_t izh_mul_u32(int64_t x, uint32_t y) {
    const int64_t limit = ((int64_t) 1 << 47) - 1;
    x = x > limit ? limit : (x < -limit ? -limit : x);
    int64_t s = (x >> 16) * (int64_t) y + (((x & 0xFFFF) * (int64_t) y) >> 16);
    return (s + ((int64_t) 1 << 15)) >> 16;
}

//! Advance one tick (dv_syn [mV] is added as well, and i_inj [nA] from current sources
//! drives like i_offset); always integrates (returns 1).
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn,
                                s823 i_inj) {
    s1615 v = s->v;
    int64_t u = s->u;
    s1615 dv = add_s1615(mul_u032(mul_s1615(v, v), p->k2), mul_s1615(v, p->k1));
    // dt u: 2^-20 x 2^-24 -> s16.15
    s1615 u_dt = sat_s1615(izh_mul(u, p->dt, IZH_U_BITS + IZH_B_BITS - 15));
    dv = add_s1615(dv, sub_s1615(p->k0, u_dt));
    // i_inj [2^-23 nA] x i_dt [mV/nA, s16.15] -> s16.15 mV: fine enough for 1000 mV/ms/nA
    dv = add_s1615(dv, sat_s1615(((int64_t) i_inj * p->i_dt + (1 << 22)) >> 23));
    // a dt (b v - u) in 2^-20 units; a dt < 1 is a u0.32 fraction
    int64_t bv = izh_mul(p->b, v, IZH_B_BITS + 15 - IZH_U_BITS);
    int64_t du = izh_mul_u32(bv - u, p->a_dt);
    s->v = add_s1615(add_s1615(v, dv), dv_syn);
    int64_t u1 = u + du;
    s->u = sat_int32(u1);
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
    int64_t u1 = (int64_t) s->u + p->d;
    s->u = sat_int32(u1);
}

#endif  // C_MODELS_NEURON_IZHIKEVICH_H

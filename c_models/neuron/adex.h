//! \file
//! \brief Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005), NEST's
//!        aeif_cond_exp / aeif_cond_alpha membrane.
//!
//!     cm dv/dt = -gL (v - E_L) + gL dT exp((min(v, V_peak) - V_T)/dT) - w + I + I_syn
//!     tau_w dw/dt = a (v - E_L) - w
//!
//! gL = cm / tau_m.  Each tick is integrated with 2^sub_shift explicit midpoint (RK2)
//! sub-steps on 64-bit state with 28 fraction bits (mV, nA), rounded to the stored v
//! (s16.15) and w (s11.20) once per tick.  The synaptic change dv_syn of the tick (the
//! synapse component's exact integral of its conductances with the driving force at the
//! tick's start, corrected to the midpoint afterwards by the core) is spread evenly over the
//! sub-steps, so that it acts inside the nonlinear dynamics as a current would.  exp() is
//! computed here in fixed point (no libm): range reduction by ln 2 and a degree-8 Taylor
//! polynomial, relative error < 1e-8; its argument is capped at ADEX_X_MAX.
//! v reaching v_spike in a sub-step ends the tick's integration (the core sees v >= v_spike
//! and fires: v = v_reset, w += b).  While refractory v is clamped at v_reset and w keeps
//! integrating, as in NEST.
#ifndef C_MODELS_NEURON_ADEX_H
#define C_MODELS_NEURON_ADEX_H

#include "generated/adex.h"

typedef adex_params_t neuron_params_t;
typedef adex_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS ADEX_PARAMS_WORDS
#define NEURON_STATE_WORDS ADEX_STATE_WORDS

//! Fraction bits of the sub-step state (v [mV], w [nA]).
#define ADEX_Q 28
//! Fraction bits of the stored w and of b (s11.20), of inv_delta_t, h_cm and a.
#define ADEX_W_BITS 20
#define ADEX_INV_DT_BITS 26
#define ADEX_H_CM_BITS 24
#define ADEX_A_BITS 30
//! Cap of the exponential's argument (v - V_T)/dT: e^20 = 4.9e8.
#define ADEX_X_MAX ((int64_t) 20 << 30)

//! Bound of the sub-step quantities [2^-28 mV or nA] (2^32 mV: far beyond any neuron).
//! Values that reach it come only from parameters or state no neuron has (a corrupted
//! image, extreme user values); clamping there keeps the arithmetic defined, and never
//! changes a result whose v and w fit their stored formats.
#define ADEX_LIMIT ((int64_t) 1 << 60)

static inline int64_t adex_clamp(int64_t x, int64_t limit) {
    return x > limit ? limit : (x < -limit ? -limit : x);
}

//! (a * c) >> shift, rounded, for |a| < 2^47 (larger |a| is clamped there), |c| <= 2^32
//! and 16 < shift <= 32, without 128-bit arithmetic (a is split into 16-bit halves).
static inline int64_t adex_mul(int64_t a, int64_t c, int shift) {
    a = adex_clamp(a, ((int64_t) 1 << 47) - 1);
    int64_t hi = (a >> 16) * c;
    int64_t lo = ((a & 0xFFFF) * c) >> 16;
    int64_t s = hi + lo;   // a c / 2^16
    return (s + ((int64_t) 1 << (shift - 17))) >> (shift - 16);
}

//! exp(x) for x in 2^-30 units: returns m in 2^-30 units (0.7 < m < 1.42) and sets *k so
//! that exp(x) = m 2^k.  x = k ln 2 + r, |r| <= ln 2 / 2; exp(r) by Horner's scheme on its
//! Taylor series to r^8 / 8! (truncation < 1.2e-10, rounding < 1e-8 relative).
static inline int64_t adex_exp(int64_t x, int *k) {
    static const int64_t INV_LN2_Q30 = 1549082005;          // 1/ln 2 in 2^-30
    static const int64_t LN2_Q40 = 762123384786LL;          // ln 2 in 2^-40
    static const int64_t INV_FACT_Q30[9] = {                // 1/n! in 2^-30
        1073741824, 1073741824, 536870912, 178956971, 44739243, 8947849, 1491308, 213044,
        26631};
    int64_t t = adex_mul(x, INV_LN2_Q30, 30);               // x / ln 2 in 2^-30
    int64_t n = (t + ((int64_t) 1 << 29)) >> 30;
    int64_t r40 = x * 1024 - n * LN2_Q40;                   // |x| < 2^35: no overflow
    int64_t r = (r40 + 512) >> 10;
    int64_t p = INV_FACT_Q30[8];
    for (int i = 7; i >= 0; i--) {
        p = INV_FACT_Q30[i] + ((p * r + ((int64_t) 1 << 29)) >> 30);
    }
    *k = (int) n;
    return p;
}

//! h gL dT exp((min(v, v_spike) - V_T)/dT) / cm = dT h/tau_m exp(...) [2^-28 mV];
//! ce = dT h / tau_m in 2^-28 mV.
static inline int64_t adex_exp_term(const neuron_params_t *p, int64_t v, int64_t ce) {
    int64_t v_cap = shl_s64(p->v_spike, ADEX_Q - 15);
    if (v > v_cap) {
        v = v_cap;
    }
    int64_t dv = v - (shl_s64(p->v_thresh, ADEX_Q - 15));
    // 2^-28 mV x 2^-26 / mV -> 2^-30
    int64_t x = adex_mul(dv, p->inv_delta_t, ADEX_Q + ADEX_INV_DT_BITS - 30);
    if (x > ADEX_X_MAX) {
        x = ADEX_X_MAX;
    }
    if (x < -((int64_t) 64 << 30)) {
        return 0;   // below 2^-92: nothing at 2^-28 resolution
    }
    int k;
    int64_t m = adex_exp(x, &k);
    int64_t term = adex_mul(ce, m, 30);
    if (k >= 0) {
        // term < 2^33 when ce < 2 mV, k <= 29: < 2^62; larger ce saturates at the limit
        int64_t bound = ADEX_LIMIT >> k;
        return (term > bound) ? ADEX_LIMIT : (term < -bound) ? -ADEX_LIMIT
                                                              : term * ((int64_t) 1 << k);
    }
    if (k <= -62) {
        return 0;
    }
    return (term + ((int64_t) 1 << (-k - 1))) >> -k;
}

//! Most RK2 sub-steps per tick, as log2 (the host gives 6 at dt = 1 ms).
#define ADEX_MAX_SUB_SHIFT 10

//! The core refuses parameters outside what the arithmetic below is exact for.
#define NEURON_HAS_PARAMS_CHECK
static inline int neuron_params_ok(const neuron_params_t *p) {
    return p->sub_shift >= 0 && p->sub_shift <= ADEX_MAX_SUB_SHIFT;
}

//! dw over one sub-step [2^-28 nA]: h/tau_w (a (v - E_L) - w).
static inline int64_t adex_dw(const neuron_params_t *p, int64_t v, int64_t w, int64_t el) {
    int64_t aw = adex_mul(v - el, p->a, ADEX_A_BITS);
    return adex_mul(aw - w, p->h_tau_w, 32);
}

//! dv over one sub-step [2^-28 mV] without the synaptic part.
static inline int64_t adex_dv(const neuron_params_t *p, int64_t v, int64_t w, int64_t el,
                              int64_t i, int64_t ce) {
    int64_t leak = adex_mul(el - v, p->h_tau_m, 32);
    int64_t drive = adex_mul(i - w, p->h_cm, ADEX_H_CM_BITS);
    return leak + drive + adex_exp_term(p, v, ce);
}

//! Advance one tick with i_inj [nA] from current sources on top of i_offset and the tick's
//! synaptic change dv_syn [mV]; returns 1 if v integrated (not refractory).
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn,
                                s823 i_inj) {
    int n_sub = 1 << p->sub_shift;
    int64_t v = shl_s64(s->v, ADEX_Q - 15);
    int64_t w = shl_s64(s->w, ADEX_Q - ADEX_W_BITS);
    int64_t el = shl_s64(p->v_rest, ADEX_Q - 15);
    int refractory = s->refract_timer > 0;
    if (refractory) {
        s->refract_timer -= 1;
        v = shl_s64(p->v_reset, ADEX_Q - 15);
        for (int j = 0; j < n_sub; j++) {   // w alone, v clamped
            int64_t k1 = adex_dw(p, v, w, el);
            w = adex_clamp(w + adex_dw(p, v, w + k1 / 2, el), ADEX_LIMIT);
        }
    } else {
        int64_t i = (shl_s64(p->i_offset, ADEX_Q - 15)) +
            (shl_s64(i_inj, ADEX_Q - 23));   // i_inj is s8.23 nA
        // dT h / tau_m: 2^-15 mV x 2^-32 -> 2^-28 mV
        int64_t ce = ((int64_t) p->delta_t * (int64_t) p->h_tau_m +
                      ((int64_t) 1 << (15 + 32 - ADEX_Q - 1))) >> (15 + 32 - ADEX_Q);
        int64_t syn = (shl_s64(dv_syn, ADEX_Q - 15)) >> p->sub_shift;
        int64_t v_spike = shl_s64(p->v_spike, ADEX_Q - 15);
        int64_t v0 = v;
        for (int j = 0; j < n_sub; j++) {
            int64_t k1v = adex_dv(p, v, w, el, i, ce) + syn;
            int64_t k1w = adex_dw(p, v, w, el);
            int64_t vm = v + k1v / 2, wm = w + k1w / 2;
            v = adex_clamp(v + adex_dv(p, vm, wm, el, i, ce) + syn, ADEX_LIMIT);
            w = adex_clamp(w + adex_dw(p, vm, wm, el), ADEX_LIMIT);
            if (v >= v_spike) {
                // the neuron fires this tick: keep v clear of v_spike by more than the
                // driving-force correction can take back (a fraction < 1/2 of v - v0)
                v = v_spike + (v_spike - v0) + ((int64_t) 1 << ADEX_Q);
                break;
            }
        }
    }
    s->v = sat_s1615((v + ((int64_t) 1 << (ADEX_Q - 16))) >> (ADEX_Q - 15));
    int64_t w1 = (w + ((int64_t) 1 << (ADEX_Q - ADEX_W_BITS - 1))) >> (ADEX_Q - ADEX_W_BITS);
    s->w = sat_int32(w1);
    return !refractory;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! A change of v [mV] (the driving-force correction; the core calls this only in ticks it
//! integrated).
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! The neuron fired: v = v_reset, w += b, start the refractory period.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->v_reset;
    int64_t w1 = (int64_t) s->w + p->b;
    s->w = sat_int32(w1);
    s->refract_timer = p->refract_ticks;
}

#endif  // C_MODELS_NEURON_ADEX_H

//! \file
//! \brief Hodgkin-Huxley neuron of Traub & Miles (NEST's hh_cond_exp_traub membrane).
//!
//!     cm dv/dt = -gNa m^3 h (v - E_Na) - gK n^4 (v - E_K) - gL (v - E_L) + I + I_syn
//!     dx/dt = alpha_x(V) - (alpha_x(V) + beta_x(V)) x,  x in {m, h, n},  V = v - v_offset
//!
//! Each tick is integrated with 2^sub_shift classical Runge-Kutta (RK4) sub-steps of length h
//! on 64-bit state: v in 2^-28 mV, gates and rates in 2^-30; v is rounded to s16.15 and the
//! gates to 2^-30 once per tick.  The synaptic conductances (exp_conductance.h's state, the
//! board's mean over the tick, g_s = init G with G the conductance at the tick's start) enter
//! the sub-steps as G exp(-t/tau_syn) (E_rev - v), so that they act inside the fast spike
//! dynamics as in NEST (the core calls neuron_update_synaptic, not synapse_dv).  exp() is
//! exp_fixed.h's (no libm).  The rate functions see V clamped to +-HH_V_LIMIT.
//! There is no reset: the core fires when v >= v_offset + 30 mV (the threshold component)
//! and v fell in this tick (past its maximum), unless a spike was detected in the last
//! refract_ticks ticks (NEST's t_ref); the dynamics go on regardless.
#ifndef C_MODELS_NEURON_HH_H
#define C_MODELS_NEURON_HH_H

#include "generated/hh.h"
#include "exp_fixed.h"
#include "synapse/exp_conductance.h"

typedef hh_params_t neuron_params_t;
typedef hh_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS HH_PARAMS_WORDS
#define NEURON_STATE_WORDS HH_STATE_WORDS

//! Fraction bits of v in the sub-steps, of gates, rates and c_na/c_k/c_l, of h_cm.
#define HH_Q 28
#define HH_G 30
#define HH_H_CM_BITS 24
#define HH_ONE ((int64_t) 1 << HH_G)
//! |V| at which the rate functions are clamped [2^-28 mV] (150 mV: the exp arguments stay
//! within fx_exp's range and the rates below 2^47).
#define HH_V_LIMIT ((int64_t) 150 << HH_Q)
//! Bound of v in the sub-steps (2^32 mV) and range of the gates ([-1/4, 5/4]): reached only
//! from a corrupted image or parameters no neuron has, they keep the arithmetic defined
//! (gates stay in [0, 1] otherwise).
#define HH_LIMIT ((int64_t) 1 << 60)
#define HH_GATE_MIN (-(HH_ONE / 4))
#define HH_GATE_MAX (HH_ONE + HH_ONE / 4)
//! Bound of (v - E) h g / cm [2^-24 mV] (256 mV at h g / cm = 1: no neuron's).
#define HH_X_LIMIT (((int64_t) 1 << 32) - 1)
//! Most RK4 sub-steps per tick, as log2 (the host gives 4 at dt = 0.1 ms).
#define HH_MAX_SUB_SHIFT 12

//! The core refuses parameters outside what the arithmetic below is exact for.
#define NEURON_HAS_PARAMS_CHECK
static inline int neuron_params_ok(const neuron_params_t *p) {
    // h (gNa + gK + gL) / cm <= 1 (the host's STIFF_MAX): g m^3 h stays below 2^32
    return p->sub_shift >= 0 && p->sub_shift <= HH_MAX_SUB_SHIFT &&
        p->c_na >= 0 && p->c_k >= 0 && p->c_l >= 0 &&
        (int64_t) p->c_na + p->c_k + p->c_l <= HH_ONE;
}

//! Constants of the rate functions in 2^-30 (/ms or 1/mV).
#define HH_Q30(x) ((int64_t) ((x) * 1073741824.0 + 0.5))

//! exp(x) for x <= 0 in 2^-30 (0 below e^-22, under half a unit).
static inline int64_t hh_exp_neg(int64_t x) {
    if (x < -((int64_t) 22 << HH_G)) {
        return 0;
    }
    int k;
    int64_t m = fx_exp(x, &k);                  // k <= 0
    return (m + (((int64_t) 1 << -k) >> 1)) >> -k;
}

//! x / (exp(x) - 1) (1 at x = 0) for |x| <= 40 in 2^-30.
static inline int64_t hh_vtrap(int64_t x) {
    const int64_t half = HH_ONE / 2;
    if (x > -half && x < half) {
        // 1 - x/2 + x^2 (1/12 - x^2/720 + x^4/30240 - x^6/1209600) (next term < 2e-11)
        int64_t x2 = (x * x + (HH_ONE >> 1)) >> HH_G;
        int64_t p = -HH_Q30(1.0 / 1209600.0);
        p = HH_Q30(1.0 / 30240.0) + ((p * x2 + (HH_ONE >> 1)) >> HH_G);
        p = -HH_Q30(1.0 / 720.0) + ((p * x2 + (HH_ONE >> 1)) >> HH_G);
        p = HH_Q30(1.0 / 12.0) + ((p * x2 + (HH_ONE >> 1)) >> HH_G);
        return HH_ONE - x / 2 + ((p * x2 + (HH_ONE >> 1)) >> HH_G);
    }
    if (x < 0) {
        // -x / (1 - e^x), 1 - e^x >= 0.39: quotient in 2^-26, |x| < 2^36
        int64_t den = HH_ONE - hh_exp_neg(x);
        return ((-x * ((int64_t) 1 << 26)) / den) << 4;
    }
    // x e^-x / (1 - e^-x)
    int64_t e = hh_exp_neg(-x);
    int64_t num = fx_mul(x, e, HH_G);          // < 0.37 in 2^-30
    return (num << HH_G) / (HH_ONE - e);
}

//! exp(x) for -10 <= x <= 10 in 2^-30 (result < 2^45).
static inline int64_t hh_exp(int64_t x) {
    int k;
    int64_t m = fx_exp(x, &k);
    return k >= 0 ? m << k : (m + (((int64_t) 1 << -k) >> 1)) >> -k;
}

//! A gate clamped to [HH_GATE_MIN, HH_GATE_MAX].
static inline int64_t hh_gate(int64_t x) {
    return x < HH_GATE_MIN ? HH_GATE_MIN : (x > HH_GATE_MAX ? HH_GATE_MAX : x);
}

//! x / 2^k rounded to nearest.
static inline int64_t hh_round(int64_t x, int k) {
    return (x + ((int64_t) 1 << (k - 1))) >> k;
}

//! c x in 2^-30 for a constant c in 2^-30 and 0 <= x < 2^47.
#define HH_SCALE(c, x) fx_mul((x), HH_Q30(c), HH_G)

//! The synaptic conductances of one RK4 stage, relative to cm and times h [2^-30], with
//! their reversal potentials [2^-28 mV].
typedef struct {
    int64_t c_exc, c_inh, e_exc, e_inh;
} hh_synapses_t;

//! One sub-step's increments h dy/dt of v [2^-28 mV] and the gates [2^-40], at (v, g[])
//! (gates in 2^-40), with drive = h I / cm [2^-28 mV] and the stage's conductances.
static inline void hh_derivative(const neuron_params_t *p, int64_t v, const int64_t *g,
                                 int64_t drive, const hh_synapses_t *syn, int64_t *dv,
                                 int64_t *dg) {
    int64_t m = hh_gate(hh_round(g[0], 10)), h = hh_gate(hh_round(g[1], 10));
    int64_t n = hh_gate(hh_round(g[2], 10));
    // m^3 h and n^4 in 2^-40 (at rest m^3 ~ 1e-6: 2^-30 would leave a 1e-3 relative step
    // of the sodium current, which near rest nearly cancels the leak's)
    int64_t m3h = fx_mul(fx_mul((m * m) >> 20, m, HH_G), h, HH_G);
    int64_t n4 = fx_mul(fx_mul((n * n) >> 20, n, HH_G), n, HH_G);
    // currents times h / cm: (v - E) c [2^-24 mV, |.| < 2^32] times the gates' product,
    // (2^-40 x 2^-24) >> 36 -> 2^-28 mV (products below 2^58: no overflow)
    int64_t x_na = fx_clamp(fx_mul(v - shl_s64(p->e_na, HH_Q - 15), p->c_na, HH_G) >> 4,
                            HH_X_LIMIT);
    int64_t x_k = fx_clamp(fx_mul(v - shl_s64(p->e_k, HH_Q - 15), p->c_k, HH_G) >> 4,
                           HH_X_LIMIT);
    int64_t e_l = shl_s64(p->e_leak, HH_Q - 15);
    *dv = drive - fx_mul(m3h, x_na, 36) - fx_mul(n4, x_k, 36) -
        fx_mul(v - e_l, p->c_l, HH_G) - fx_mul(v - syn->e_exc, syn->c_exc, HH_G) -
        fx_mul(v - syn->e_inh, syn->c_inh, HH_G);
    // rates [2^-30 /ms] at V = v - v_offset [2^-28 mV], clamped
    int64_t vr = fx_clamp(v - shl_s64(p->v_offset, HH_Q - 15), HH_V_LIMIT);
    int64_t V = vr * 4;                                     // 2^-30 mV
    int64_t alpha_n = HH_SCALE(0.16, hh_vtrap((HH_Q30(15.0) - V) / 5));
    int64_t beta_n = HH_SCALE(0.5, hh_exp((HH_Q30(10.0) - V) / 40));
    int64_t alpha_m = HH_SCALE(1.28, hh_vtrap((HH_Q30(13.0) - V) / 4));
    int64_t beta_m = HH_SCALE(1.4, hh_vtrap((V - HH_Q30(40.0)) / 5));
    int64_t alpha_h = HH_SCALE(0.128, hh_exp((HH_Q30(17.0) - V) / 18));
    int64_t y = (HH_Q30(40.0) - V) / 5;
    int64_t beta_h;
    if (y > 0) {   // 4 e^-y / (1 + e^-y)
        int64_t e = hh_exp_neg(-y);
        beta_h = ((e << HH_G) / (HH_ONE + e)) * 4;
    } else {       // 4 / (1 + e^y) = 2^62 / (2^30 + e^y 2^30)
        beta_h = ((int64_t) 1 << 62) / (HH_ONE + hh_exp_neg(y));
    }
    const int64_t alpha[3] = {alpha_m, alpha_h, alpha_n};
    const int64_t beta[3] = {beta_m, beta_h, beta_n};
    const int64_t x[3] = {m, h, n};
    for (int j = 0; j < 3; j++) {
        // h (alpha - (alpha + beta) x) in 2^-40; h < 1 ms is a u0.32 fraction
        int64_t rate = alpha[j] - fx_mul(alpha[j] + beta[j], x[j], HH_G);
        dg[j] = fx_mul(rate, p->h_ms, 22);
    }
}

//! h G / cm [2^-30] of a synaptic state g_s [nS, s16.15] (G = g_s / init), capped at 2
//! (a conductance no neuron has; RK4 is stable up to 2.78).
static inline int64_t hh_conductance(s1615 g_s, u032 k_syn) {
    int64_t c = fx_mul(shl_s64(g_s, HH_G - 15), k_syn, 32);
    return c > 2 * HH_ONE ? 2 * HH_ONE : (c < 0 ? 0 : c);
}

//! Advance one tick with i_inj [nA, s8.23] from current sources on top of i_offset and the
//! synaptic state of this tick (which already holds its input); always integrates.
#define NEURON_INTEGRATES_SYNAPSES
static inline int neuron_update_synaptic(const neuron_params_t *p, neuron_state_t *s,
                                         const synapse_params_t *syn_p,
                                         const synapse_state_t *syn_s, s823 i_inj) {
    int n_sub = 1 << p->sub_shift;
    int64_t v = shl_s64(s->v, HH_Q - 15);
    // gates in 2^-40 within the tick (a sub-step's change of a gate near its equilibrium
    // is far below 2^-30), stored in 2^-30
    int64_t g[3] = {hh_gate(s->m) * 1024, hh_gate(s->h) * 1024, hh_gate(s->n) * 1024};
    int64_t i = shl_s64(p->i_offset, HH_Q - 23) + shl_s64(i_inj, HH_Q - 23);   // s8.23 nA
    int64_t drive = fx_mul(i, p->h_cm, HH_H_CM_BITS);
    // conductances at the sub-step's start, middle and end
    hh_synapses_t at[3];
    at[0].c_exc = hh_conductance(syn_s->gsyn_exc, p->k_syn_exc);
    at[0].c_inh = hh_conductance(syn_s->gsyn_inh, p->k_syn_inh);
    for (int j = 0; j < 3; j++) {
        at[j].e_exc = shl_s64(syn_p->e_rev_exc, HH_Q - 15);
        at[j].e_inh = shl_s64(syn_p->e_rev_inh, HH_Q - 15);
    }
    s->v_prev = s->v;
    for (int j = 0; j < n_sub; j++) {
        for (int k = 1; k < 3; k++) {
            at[k].c_exc = fx_mul(at[k - 1].c_exc, p->half_decay_exc, 32);
            at[k].c_inh = fx_mul(at[k - 1].c_inh, p->half_decay_inh, 32);
        }
        // RK4: stages at y (start), y + k1/2 and y + k2/2 (middle), y + k3 (end)
        static const int STAGE_TIME[4] = {0, 1, 1, 2};
        int64_t kv[4], kg[4][3], gs[3];
        hh_derivative(p, v, g, drive, &at[0], &kv[0], kg[0]);
        for (int stage = 1; stage < 4; stage++) {
            int full = stage == 3;
            int64_t vs = v + (full ? kv[stage - 1] : kv[stage - 1] / 2);
            for (int x = 0; x < 3; x++) {
                gs[x] = g[x] + (full ? kg[stage - 1][x] : kg[stage - 1][x] / 2);
            }
            hh_derivative(p, vs, gs, drive, &at[STAGE_TIME[stage]], &kv[stage], kg[stage]);
        }
        v = fx_clamp(v + (kv[0] + 2 * kv[1] + 2 * kv[2] + kv[3]) / 6, HH_LIMIT);
        for (int x = 0; x < 3; x++) {
            int64_t next = g[x] + (kg[0][x] + 2 * kg[1][x] + 2 * kg[2][x] + kg[3][x]) / 6;
            g[x] = next < (HH_GATE_MIN * 1024) ? (HH_GATE_MIN * 1024)
                 : (next > (HH_GATE_MAX * 1024) ? (HH_GATE_MAX * 1024) : next);
        }
        at[0].c_exc = at[2].c_exc;
        at[0].c_inh = at[2].c_inh;
    }
    s->v = sat_s1615((v + ((int64_t) 1 << (HH_Q - 16))) >> (HH_Q - 15));
    s->m = (int32_t) hh_gate(hh_round(g[0], 10));
    s->h = (int32_t) hh_gate(hh_round(g[1], 10));
    s->n = (int32_t) hh_gate(hh_round(g[2], 10));
    return 1;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! A jump of v [mV] (not called for this model: it integrates its synapses itself).
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! The core asks the neuron whether a threshold crossing is a spike: only at v's maximum
//! (v fell in this tick) and outside the refractory ticks, which count down here.
#define NEURON_HAS_SPIKE_TEST
static inline int neuron_spike_test(const neuron_params_t *p, neuron_state_t *s,
                                    int crossed) {
    (void) p;
    int refractory = s->refract_timer > 0;
    s->refract_timer -= refractory;
    return crossed && !refractory && s->v < s->v_prev;
}

//! A spike: no reset, only the refractory ticks start.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->refract_timer = p->refract_ticks;
}

#endif  // C_MODELS_NEURON_HH_H

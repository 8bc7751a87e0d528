//! \file
//! \brief LIF with conductance-based spike-frequency adaptation and relative refractoriness
//!        (PyNN's IF_cond_exp_gsfa_grr, NEST's iaf_cond_exp_sfa_rr; Muller et al. 2007).
//!
//!     cm dv/dt = gL (E_L - v) + g_e (E_e - v) + g_i (E_i - v) + g_s (E_sfa - v)
//!                + g_r (E_rr - v) + I,     g_s, g_r decay with tau_sfa, tau_rr
//!
//! One exponential step per tick with every conductance at its mean over the tick (the
//! synaptic states of exp_cond_board.h are those means; g_s, g_r at the tick's start times
//! the mean factor folded into k_sfa, k_rr): with x = G dt / cm and y = the Euler step of v,
//! v <- v + y phi(x), phi(x) = (1 - exp(-x)) / x -- exact for constant conductances, stable
//! for any x (a relative refractory conductance of 3 uS against 1 nF has x = 0.3 per tick at
//! dt = 0.1 ms).  Rates in 2^-30, v in 2^-28 mV within the tick; phi by its Taylor series
//! for x < 1 and by exp_fixed.h's exp and one 64-bit division above.  While refractory v
//! stays at v_reset; g_s and g_r decay in every tick; a spike adds q_sfa, q_rr.  The core
//! calls neuron_update_synaptic (it reads the synaptic conductances itself).
#ifndef C_MODELS_NEURON_GSFA_GRR_H
#define C_MODELS_NEURON_GSFA_GRR_H

#include "generated/gsfa_grr.h"
#include "neuron/cond_step.h"
#include "synapse/exp_cond_board.h"

typedef gsfa_grr_params_t neuron_params_t;
typedef gsfa_grr_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS GSFA_GRR_PARAMS_WORDS
#define NEURON_STATE_WORDS GSFA_GRR_STATE_WORDS

//! Advance one tick with i_inj [nA, s8.23] from current sources on top of i_offset and the
//! synaptic state of this tick (which already holds its input); returns 1 if v integrated.
#define NEURON_INTEGRATES_SYNAPSES
static inline int neuron_update_synaptic(const neuron_params_t *p, neuron_state_t *s,
                                         const synapse_params_t *syn_p,
                                         const synapse_state_t *syn_s, s823 i_inj) {
    int refractory = s->refract_timer > 0;
    if (!refractory) {
        // rates over the tick [2^-30]: synaptic states 2^-25 uS x 2^-24 ms/nF, g_s and g_r
        // 2^-17 nS x 2^-36 / nS
        int64_t a_l = (int64_t) p->x_leak;
        int64_t a_e = cstep_rate(fx_mul(syn_s->gsyn_exc, p->k_syn, 25 + 24 - CSTEP_X));
        int64_t a_i = cstep_rate(fx_mul(syn_s->gsyn_inh, p->k_syn, 25 + 24 - CSTEP_X));
        int64_t a_s = cstep_rate(fx_mul(s->g_sfa, p->k_sfa, 17 + 36 - CSTEP_X));
        int64_t a_r = cstep_rate(fx_mul(s->g_rr, p->k_rr, 17 + 36 - CSTEP_X));
        int64_t x = a_l + a_e + a_i + a_s + a_r;
        // the Euler step [2^-28 mV]: conductances, then (i_offset + i_inj) dt / cm
        int64_t i = shl_s64(p->i_offset, 8) + i_inj;   // s8.23 nA
        int64_t y = cstep_drive(a_l, p->v_rest, s->v) +
            cstep_drive(a_e, syn_p->e_rev_exc, s->v) + cstep_drive(a_i, syn_p->e_rev_inh, s->v) +
            cstep_drive(a_s, p->e_rev_sfa, s->v) + cstep_drive(a_r, p->e_rev_rr, s->v) +
            fx_mul(i, p->k_syn, 23 + 24 - CSTEP_Q);
        s->v = cstep_apply(s->v, y, x);
    }
    s->refract_timer -= refractory;
    s->g_sfa = decay_s1615(s->g_sfa, p->decay_sfa);
    s->g_rr = decay_s1615(s->g_rr, p->decay_rr);
    return !refractory;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! A jump of v [mV] (not called for this model: it integrates its synapses itself).
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! The neuron fired: reset, refractory period, the two conductances' quanta.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->v_reset;
    s->refract_timer = p->refract_ticks;
    s->g_sfa = sat_int32((int64_t) s->g_sfa + p->q_sfa);
    s->g_rr = sat_int32((int64_t) s->g_rr + p->q_rr);
}

#endif  // C_MODELS_NEURON_GSFA_GRR_H

//! \file
//! \brief The generalised integrate-and-fire neuron (PyNN's GIF_cond_exp, NEST's gif_cond_exp;
//!        Mensi et al. 2012, Pozzorini et al. 2015):
//!
//!     cm dv/dt = gL (E_L - v) + g_e (E_e - v) + g_i (E_i - v) - sum_j eta_j + I
//!
//! with three spike-triggered currents eta_j and three threshold movements gamma_j, each
//! decaying with its own time constant and stepped by a spike.  As in NEST's step: the sums
//! i_eta and v_t = v_t_star + sum gamma_j are taken at the tick's start (and kept in the
//! state: they are what is recorded and what the threshold sees), the membrane integrates
//! over the tick with i_eta held, then the kernels decay.  The membrane takes cond_step.h's
//! exponential step with the synaptic conductances at their tick means (exp_cond_board.h).
//! While refractory v stays at v_reset; the kernels decay in every tick.  The escape-noise
//! draw is c_models/threshold/gif_threshold.h's, on v - v_t, only in ticks that integrated.
#ifndef C_MODELS_NEURON_GIF_H
#define C_MODELS_NEURON_GIF_H

#include "generated/gif.h"
#include "neuron/cond_step.h"
#include "synapse/exp_cond_board.h"

typedef gif_params_t neuron_params_t;
typedef gif_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS GIF_PARAMS_WORDS
#define NEURON_STATE_WORDS GIF_STATE_WORDS

//! Advance one tick with i_inj [nA, s8.23] from current sources on top of i_offset and the
//! synaptic state of this tick (which already holds its input); returns 1 if v integrated.
#define NEURON_INTEGRATES_SYNAPSES
static inline int neuron_update_synaptic(const neuron_params_t *p, neuron_state_t *s,
                                         const synapse_params_t *syn_p,
                                         const synapse_state_t *syn_s, s823 i_inj) {
    int refractory = s->refract_timer > 0;
    // the kernels' sums at the tick's start [2^-23 nA, 2^-23 mV]
    s->i_eta = sat_int32((int64_t) s->eta1 + s->eta2 + s->eta3);
    int64_t gamma = (int64_t) s->gamma1 + s->gamma2 + s->gamma3;
    s->v_t = sat_s1615((int64_t) p->v_t_star + ((gamma + (1 << 7)) >> 8));
    if (!refractory) {
        // rates over the tick [2^-30]: synaptic states 2^-25 uS x 2^-24 ms/nF
        int64_t a_l = (int64_t) p->x_leak;
        int64_t a_e = cstep_rate(fx_mul(syn_s->gsyn_exc, p->k_syn, 25 + 24 - CSTEP_X));
        int64_t a_i = cstep_rate(fx_mul(syn_s->gsyn_inh, p->k_syn, 25 + 24 - CSTEP_X));
        int64_t x = a_l + a_e + a_i;
        // the Euler step [2^-28 mV]: conductances, then (i_offset + i_inj - i_eta) dt / cm
        int64_t i = shl_s64(p->i_offset, 8) + i_inj - s->i_eta;   // s8.23 nA
        int64_t y = cstep_drive(a_l, p->v_rest, s->v) +
            cstep_drive(a_e, syn_p->e_rev_exc, s->v) + cstep_drive(a_i, syn_p->e_rev_inh, s->v) +
            fx_mul(i, p->k_syn, 23 + 24 - CSTEP_Q);
        s->v = cstep_apply(s->v, y, x);
    }
    s->refract_timer -= refractory;
    s->eta1 = decay_s1615(s->eta1, p->decay_eta1);
    s->eta2 = decay_s1615(s->eta2, p->decay_eta2);
    s->eta3 = decay_s1615(s->eta3, p->decay_eta3);
    s->gamma1 = decay_s1615(s->gamma1, p->decay_gamma1);
    s->gamma2 = decay_s1615(s->gamma2, p->decay_gamma2);
    s->gamma3 = decay_s1615(s->gamma3, p->decay_gamma3);
    return !refractory;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! What the threshold sees: v relative to this tick's moving threshold v_t [mV].
#define NEURON_THRESHOLD_MOVES
static inline s1615 neuron_v_rel(const neuron_state_t *s) {
    return sat_s1615((int64_t) s->v - s->v_t);
}

//! A jump of v [mV] (not called for this model: it integrates its synapses itself).
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! The neuron fired: reset, refractory period, the kernels' steps.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->v_reset;
    s->refract_timer = p->refract_ticks;
    s->eta1 = sat_int32((int64_t) s->eta1 + p->q_eta1);
    s->eta2 = sat_int32((int64_t) s->eta2 + p->q_eta2);
    s->eta3 = sat_int32((int64_t) s->eta3 + p->q_eta3);
    s->gamma1 = sat_int32((int64_t) s->gamma1 + p->q_gamma1);
    s->gamma2 = sat_int32((int64_t) s->gamma2 + p->q_gamma2);
    s->gamma3 = sat_int32((int64_t) s->gamma3 + p->q_gamma3);
}

#endif  // C_MODELS_NEURON_GIF_H

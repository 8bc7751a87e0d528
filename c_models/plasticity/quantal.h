//! \file
//! \brief Stochastic short-term plasticity with a release state per synapse
//! (docs/plasticity.md, "Stochastic Tsodyks-Markram" and "Multi-quantal synapses").
//!
//! * StochasticTsodyksMarkramSynapse (PyNN's NEST extension stochastic_stp_synapse, Fuhrmann
//!   et al. 2002): per pre spike after h ms, u <- u e^(-h/tau_facil) + U (1 - u) (u <- U
//!   without facilitation); an unrecovered synapse recovers when a draw exceeds
//!   e^(-(t - t_surv)/tau_rec) (else t_surv <- t); a recovered one releases (the whole weight)
//!   when a second draw is below u, and is then unrecovered with t_surv <- t.
//! * MultiQuantalSynapse (NEST's quantal_stp_synapse): n release sites, a available; per pre
//!   spike but the first, u <- U + u (1 - U) e^(-h/tau_facil) and each of the n - a depleted
//!   sites recovers when a draw is below 1 - e^(-h/tau_rec); each available site releases
//!   when a draw is below u; the synapse delivers weight * released sites.
//!
//! u is the row's (it depends on the pre spikes only), in row word 4; the draws are keyed as
//! a stochastic synapse's (projection seed, pre and target population indices, multapse rank)
//! and by the sending tick and the draw's number within the spike: the same for any
//! partitioning and thread count.  Each synapse keeps one state word in the second half of
//! its row: t_surv (QUANTAL_RECOVERED: recovered) or the available sites.
#ifndef C_MODELS_PLASTICITY_QUANTAL_H
#define C_MODELS_PLASTICITY_QUANTAL_H

#include <stdint.h>
#include "plasticity/short_term.h"
#include "random.h"

//! 0 leaves these rows out of a binary (its cores refuse timing codes 12 and 13 at load):
//! ARM builds without ITCM room for them (neural_modelling/arm/Makefile).
#ifndef STOCHASTIC_STP
#define STOCHASTIC_STP 1
#endif

#define TIMING_STOCHASTIC_TM 12u       //!< StochasticTsodyksMarkramSynapse
#define TIMING_MULTI_QUANTAL 13u       //!< MultiQuantalSynapse
#define QUANTAL_RECOVERED 0xFFFFFFFFu  //!< stochastic TM state word: recovered
#define QUANTAL_MAX_SITES 32767u       //!< n: draw numbers 0 .. 2n - 1 fit 16 bits
#define QUANTAL_NO_SPIKE 0x80000000u   //!< row word 1 before the first spike

static inline int timing_is_quantal(uint32_t timing) {
    return STOCHASTIC_STP && (timing == TIMING_STOCHASTIC_TM || timing == TIMING_MULTI_QUANTAL);
}

//! Draw `j` of a synapse's stream for the spike sent in tick t_pre, as u1.31 in [0, 1).
static inline uint32_t quantal_draw(uint64_t stream, uint64_t t_pre, uint32_t j) {
    return stream_uniform32(stream, (t_pre << 16) | j) >> 1;
}

//! The row's u at a spike `since` ticks after the last (`first`: no spike before).
static inline uint32_t quantal_u(const plastic_rule_t *r, const uint32_t *luts, uint32_t u,
                                 uint32_t since, int first) {
    if (first) {   // the row's initial u (U, or Projection.initialize's for multi-quantal)
        return (r->timing == TIMING_STOCHASTIC_TM) ? r->stp_u : u;
    }
    uint32_t f = (r->lut_fac == STP_NO_LUT) ? 0u : lut_decay(&luts[r->lut_fac], since, STP_ONE);
    if (r->timing == TIMING_STOCHASTIC_TM) {   // u e^(-h/F) + U (1 - u e^(-h/F))
        u = mul_u131(u, f);
        return u + mul_u131(r->stp_u, STP_ONE - u);
    }
    return r->stp_u + mul_u131(mul_u131(u, STP_ONE - r->stp_u), f);   // U + u (1 - U) f
}

//! One stochastic TM synapse at the spike of t_pre: returns 1 when it releases.
static inline uint32_t quantal_tm_synapse(const plastic_rule_t *r, const uint32_t *luts,
                                          uint32_t *state, uint64_t stream, uint32_t t_pre,
                                          uint32_t u) {
    if (*state != QUANTAL_RECOVERED) {   // survival of the unrecovered state since t_surv
        uint32_t surv = lut_decay(&luts[r->lut_rec], t_pre - *state, STP_ONE);
        if (quantal_draw(stream, t_pre, 0u) <= surv) {
            *state = t_pre;
            return 0u;
        }
    }
    if (quantal_draw(stream, t_pre, 1u) < u) {
        *state = t_pre;
        return 1u;
    }
    *state = QUANTAL_RECOVERED;
    return 0u;
}

//! One multi-quantal synapse (state: available sites): returns the sites released.
static inline uint32_t quantal_sites(const plastic_rule_t *r, uint32_t *state, uint64_t stream,
                                     uint32_t t_pre, uint32_t u, uint32_t p_recover) {
    uint32_t n = r->c_rec, a = *state, released = 0, depleted = n - a;
    for (uint32_t j = 0; j < depleted; j++) {
        if (quantal_draw(stream, t_pre, j) < p_recover) {
            a++;
        }
    }
    for (uint32_t j = 0; j < a; j++) {
        if (quantal_draw(stream, t_pre, n + j) < u) {
            released++;
        }
    }
    *state = a - released;
    return released;
}

#endif  // C_MODELS_PLASTICITY_QUANTAL_H

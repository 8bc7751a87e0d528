//! \file
//! \brief Alpha-shaped current synapses (excitatory, inhibitory) in the board's algorithm
//! (sPyNNaker's synapse_types_alpha_impl.h), with PyNN's weight scale.
//!
//! Per type: a linear buffer lin, an exponential buffer exp and the last input q; the
//! synaptic current of a tick is lin x exp.  A tick's non-zero input w (the ring-buffer total,
//! nA) merges into the state at the tick's start:
//!
//!     q <- w;  exp <- exp decay + 1;  lin <- (lin + w step) (1 - 1/exp)
//!
//! (1/exp as the board's kdivk: floor(2^30 / bits(exp)) in s16.15) and at the tick's end the
//! state is shaped: lin <- lin + q step, exp <- exp decay.  A lone input w then gives the
//! current w (t/tau) e^(1 - t/tau) at t = 0, dt, 2 dt, ... after its arrival (PyNN's alpha,
//! peak w at tau) with step = e dt/tau; the board's step is dt/tau^2 (peak w/(e tau)).  A
//! second input keeps the current's value but replaces the ramp's slope by its own weight:
//! several inputs merge (docs/timing_and_arithmetic.md bounds the difference to a sum of
//! alpha functions).  Every accum product truncates, and the decay is the board's
//! truncating decay_s1615 (u0.32).
#ifndef C_MODELS_SYNAPSE_ALPHA_BOARD_H
#define C_MODELS_SYNAPSE_ALPHA_BOARD_H

#include "generated/alpha_board.h"

typedef alpha_board_params_t synapse_params_t;
typedef alpha_board_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS ALPHA_BOARD_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS ALPHA_BOARD_STATE_WORDS
#define SYNAPSE_TYPES 2

//! The net synaptic current into the neuron over this tick [nA] (excitatory - inhibitory).
static inline s1615 synapse_current(const synapse_params_t *p, const synapse_state_t *s,
                                    s1615 v) {
    (void) p;
    (void) v;
    return sub_s1615(s->isyn_exc, s->isyn_inh);
}

//! 1 - 1/x for x >= 1 (s16.15), 1/x as the board's kdivk: the quotient truncated.
static inline s1615 alpha_board_merge_factor(s1615 x) {
    return (s1615) (S1615_ONE - (s1615) ((UINT32_C(1) << 30) / (uint32_t) x));
}

//! One type's merge of a non-zero input w (the board's add_input_alpha).
static inline void alpha_board_add(s1615 *lin, s1615 *ex, s1615 *q, s1615 w, s1615 step,
                                   u032 decay) {
    if (w > 0) {
        *q = w;
        *ex = add_s1615(mul_u032_floor(*ex, decay), S1615_ONE);
        s1615 sum = add_s1615(*lin, mul_s1615_floor(w, step));
        *lin = mul_s1615_floor(sum, alpha_board_merge_factor(*ex));
    }
}

//! Merge this tick's input per type [nA] (at the tick's start) and take the tick's current.
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    alpha_board_add(&s->lin_exc, &s->exp_exc, &s->q_exc, input[0], p->lin_step_exc,
                    p->decay_exc);
    alpha_board_add(&s->lin_inh, &s->exp_inh, &s->q_inh, input[1], p->lin_step_inh,
                    p->decay_inh);
    s->isyn_exc = mul_s1615_floor(s->lin_exc, s->exp_exc);
    s->isyn_inh = mul_s1615_floor(s->lin_inh, s->exp_inh);
}

//! Shape by one tick (at its end): the ramp grows by q step, the exponential decays.
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->lin_exc = add_s1615(s->lin_exc, mul_s1615_floor(s->q_exc, p->lin_step_exc));
    s->lin_inh = add_s1615(s->lin_inh, mul_s1615_floor(s->q_inh, p->lin_step_inh));
    s->exp_exc = mul_u032_floor(s->exp_exc, p->decay_exc);
    s->exp_inh = mul_u032_floor(s->exp_inh, p->decay_inh);
    s->isyn_exc = mul_s1615_floor(s->lin_exc, s->exp_exc);
    s->isyn_inh = mul_s1615_floor(s->lin_inh, s->exp_inh);
}

#endif  // C_MODELS_SYNAPSE_ALPHA_BOARD_H

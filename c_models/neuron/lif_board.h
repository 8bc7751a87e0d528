//! \file
//! \brief Leaky integrate-and-fire membrane in the board's arithmetic (sPyNNaker's
//! neuron_model_lif_impl): the closed form for an input held over the tick,
//!
//!     alpha = I R + v_rest,   v <- alpha - exp_TC (alpha - v),
//!
//! with I = the synaptic current (from the synapse component, synapse_current) + i_offset +
//! the current sources' i_inj, exp_TC = exp(-dt/tau_m) and R = tau_m/cm held as s16.15 accums
//! and each accum product truncated, as the board's accum multiply does.  While refractory
//! the membrane stays where it is (v_reset) and the timer counts down, as on the board.
#ifndef C_MODELS_NEURON_LIF_BOARD_H
#define C_MODELS_NEURON_LIF_BOARD_H

#include "generated/lif_board.h"

typedef lif_board_params_t neuron_params_t;
typedef lif_board_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS LIF_BOARD_PARAMS_WORDS
#define NEURON_STATE_WORDS LIF_BOARD_STATE_WORDS
//! The core passes this neuron the synaptic current [nA] (synapse_current), not a dv.
#define NEURON_TAKES_CURRENT 1
//! (which neuron this is: the core may run a model-specific loop, lanes_lif_exp.h)
#define NEURON_LIF_BOARD 1

//! Advance one tick with the synaptic current i_syn [nA] and i_inj [nA, s8.23] from current
//! sources on top of i_offset; returns 1 if the neuron integrated (was not refractory).
static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 i_syn,
                                s823 i_inj) {
    // computed either way and selected (no branch), so that the neuron loop vectorises
    int refractory = s->refract_timer > 0;
    // s8.23 -> s16.15, rounded to nearest
    s1615 i_src = (s1615) ((i_inj + (1 << 7)) >> 8);
    s1615 input = add_s1615(add_s1615(i_syn, p->i_offset), i_src);
    s1615 alpha = add_s1615(mul_s1615_floor(input, p->r_membrane), p->v_rest);
    s1615 v = sub_s1615(alpha, mul_s1615_floor(p->exp_tc, sub_s1615(alpha, s->v)));
    s->v = refractory ? s->v : v;
    s->refract_timer -= refractory;
    return !refractory;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! A delta input: v jumps by dv [mV] (unused by the board's LIF synapses; kept for the core).
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! The neuron fired: reset and start the refractory period.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->v_reset;
    s->refract_timer = p->refract_ticks;
}

#endif  // C_MODELS_NEURON_LIF_BOARD_H

//! \file
//! \brief Exponentially decaying conductances (excitatory, inhibitory) in the board's
//! arithmetic: sPyNNaker's synapse_types_exponential_impl feeding input_type_conductance.
//!
//! The state holds each conductance in the board's weight scale, 1024 x uS as an s16.15
//! accum (the scale sPyNNaker's conductance input type applies to its weights).  At the
//! start of a tick its input w [uS] is added as 1024 w init (init = tau_syn/dt (1 -
//! exp(-dt/tau_syn)), u0.32, truncating); the neuron takes the current
//!
//!     I = g_e (E_e - v) + g_i (E_i - v),   g = state >> 10 [uS, s16.15],
//!
//! with v the tick's start potential and each accum product truncated (synapse_current); at
//! the tick's end the state decays by exp(-dt/tau_syn) (u0.32, truncating).  The board
//! records g, i.e. the state >> 10 (the host floors the recorded words the same way).
#ifndef C_MODELS_SYNAPSE_EXP_COND_BOARD_H
#define C_MODELS_SYNAPSE_EXP_COND_BOARD_H

#include "generated/exp_cond_board.h"

typedef exp_cond_board_params_t synapse_params_t;
typedef exp_cond_board_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS EXP_COND_BOARD_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS EXP_COND_BOARD_STATE_WORDS
#define SYNAPSE_TYPES 2
//! log2 of the board's conductance weight scale (1024).
#define COND_WEIGHT_BITS 10

//! The net synaptic current into the neuron over this tick [nA] at potential v [mV].
static inline s1615 synapse_current(const synapse_params_t *p, const synapse_state_t *s,
                                    s1615 v) {
    // accum >> 10 is an arithmetic shift of its bits (floor)
    s1615 g_exc = s->gsyn_exc >> COND_WEIGHT_BITS;
    s1615 g_inh = s->gsyn_inh >> COND_WEIGHT_BITS;
    s1615 exc = mul_s1615_floor(g_exc, sub_s1615(p->e_rev_exc, v));
    // the board's inhibitory "input" is -(g_i (E_i - v)), subtracted from the excitatory one
    s1615 inh = mul_s1615_floor(g_inh, sub_s1615(p->e_rev_inh, v));
    return add_s1615(exc, inh);
}

//! Add this tick's input per synapse type [uS], in the board's scale and times init (at
//! the start of the tick).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    s1615 w_exc = sat_s1615((int64_t) input[0] * (1 << COND_WEIGHT_BITS));
    s1615 w_inh = sat_s1615((int64_t) input[1] * (1 << COND_WEIGHT_BITS));
    s->gsyn_exc = add_s1615(s->gsyn_exc, mul_u032_floor(w_exc, p->init_exc));
    s->gsyn_inh = add_s1615(s->gsyn_inh, mul_u032_floor(w_inh, p->init_inh));
}

//! Decay by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->gsyn_exc = mul_u032_floor(s->gsyn_exc, p->decay_exc);
    s->gsyn_inh = mul_u032_floor(s->gsyn_inh, p->decay_inh);
}

#endif  // C_MODELS_SYNAPSE_EXP_COND_BOARD_H

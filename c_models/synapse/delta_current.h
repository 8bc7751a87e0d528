//! \file
//! \brief Delta synapses (excitatory, inhibitory): a weight is a jump of v [mV].
//!
//! The input of tick k (arrived for slot k) is the state in tick k (recorded as gsyn, as a
//! board records a delta synapse) and is applied by the neuron core in tick k, after
//! the tick's integration and before the threshold check (NEST's iaf_psc_delta and
//! izhikevich order within a step), and only if the neuron integrated this tick (inputs
//! arriving while refractory are discarded, as in NEST and on the board).
#ifndef C_MODELS_SYNAPSE_DELTA_CURRENT_H
#define C_MODELS_SYNAPSE_DELTA_CURRENT_H

#include "generated/delta_current.h"

typedef delta_current_params_t synapse_params_t;
typedef delta_current_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS DELTA_CURRENT_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS DELTA_CURRENT_STATE_WORDS
#define SYNAPSE_TYPES 2
//! This component moves v directly: the core calls synapse_jump() and neuron_jump().
#define SYNAPSE_HAS_JUMP 1

static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    (void) p;
    (void) s;
    (void) v;
    return 0;
}

//! No current: the board's LIF (lif_board.h) takes its inputs as a jump (synapse_jump).
static inline s1615 synapse_current(const synapse_params_t *p, const synapse_state_t *s,
                                    s1615 v) {
    (void) p;
    (void) s;
    (void) v;
    return 0;
}

//! The state is this tick's input (recorded as gsyn, as a board records a delta synapse);
//! the core applies it in the update through synapse_jump.
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    (void) p;
    s->isyn_exc = input[0];
    s->isyn_inh = input[1];
}

//! A delta input lasts one tick.
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    (void) p;
    s->isyn_exc = 0;
    s->isyn_inh = 0;
}

//! The jump of v caused by this tick's input [mV] (the state holds it until the tick ends).
static inline s1615 synapse_jump(const synapse_params_t *p, const synapse_state_t *s) {
    (void) p;
    return sub_s1615(s->isyn_exc, s->isyn_inh);
}

#endif  // C_MODELS_SYNAPSE_DELTA_CURRENT_H

//! \file
//! \brief sPyNNaker's sEMD synapses (spiking elementary motion detector; IF_curr_exp_sEMD):
//! three exponential current inputs where the second excitatory one is gated by the first.
//!
//! Types 0 'excitatory' (the facilitating input), 1 'excitatory2' (the trigger), 2
//! 'inhibitory'.  Each decays and takes its input as exp_current.h (init-scaled at the tick's
//! start).  Then, as the board's synapse_types_get_excitatory_input does before the neuron
//! update: when exc2 reaches 0.001 while the multiplicator and the last tick's exc2 are 0, the
//! multiplicator takes exc's value; when exc2 is below 0.001 it is 0; exc2_old <- exc2.  The
//! excitatory current into the membrane is exc2 * multiplicator * scaling_factor (two
//! truncating accum products, as the board's), what the board records as gsyn_exc; exc itself
//! drives nothing.  Over the tick that current decays with exc2 (the multiplicator is
//! constant), so it moves the membrane through exc2's exact propagator.
#ifndef C_MODELS_SYNAPSE_SEMD_H
#define C_MODELS_SYNAPSE_SEMD_H

#include "generated/semd.h"

typedef semd_params_t synapse_params_t;
typedef semd_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS SEMD_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS SEMD_STATE_WORDS
#define SYNAPSE_TYPES 3
//! sPyNNaker's 0.001k threshold on exc2, in s16.15 units (0.001 * 2^15, rounded)
#define SEMD_THRESHOLD 33

//! The board's accum multiply: the product truncated toward -inf (saturating).
static inline s1615 semd_mul(s1615 a, s1615 b) {
    return sat_s1615(((int64_t) a * (int64_t) b) >> 15);
}

//! Membrane change over this tick: the gated current through exc2's propagator, minus the
//! inhibitory current [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    (void) v;
    return sub_s1615(mul_s1615(s->isyn_semd, p->p21_exc2), mul_s1615(s->isyn_inh, p->p21_inh));
}

//! Add this tick's input per type [nA] (scaled by init), then gate (the board's order).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    s->isyn_exc = add_s1615(s->isyn_exc, mul_u032(input[0], p->init_exc));
    s->isyn_exc2 = add_s1615(s->isyn_exc2, mul_u032(input[1], p->init_exc2));
    s->isyn_inh = add_s1615(s->isyn_inh, mul_u032(input[2], p->init_inh));
    // selects, not branches: the loop over neurons vectorises
    int start = s->isyn_exc2 >= SEMD_THRESHOLD && s->multiplicator == 0 && s->exc2_old == 0;
    int below = s->isyn_exc2 < SEMD_THRESHOLD;
    s1615 held = below ? 0 : s->multiplicator;
    s->multiplicator = start ? s->isyn_exc : held;
    s->exc2_old = s->isyn_exc2;
    s->isyn_semd = semd_mul(semd_mul(s->isyn_exc2, s->multiplicator), p->scaling_factor);
}

//! Decay by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->isyn_exc = decay_s1615(s->isyn_exc, p->decay_exc);
    s->isyn_exc2 = decay_s1615(s->isyn_exc2, p->decay_exc2);
    s->isyn_inh = decay_s1615(s->isyn_inh, p->decay_inh);
}

#endif  // C_MODELS_SYNAPSE_SEMD_H

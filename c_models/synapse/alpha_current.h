//! \file
//! \brief Alpha-shaped current synapses (excitatory, inhibitory), NEST's iaf_psc_alpha.
//!
//! Per type the state is the current isyn [nA] and zsyn = 16 dt y1 [nA/16], y1 being the
//! alpha kernel's second state (NEST's dI); zsyn has 4 more fraction bits than isyn because
//! isyn accumulates it.  At the start of a tick its input w [nA] adds dt e/tau_syn w to z
//! (synapse_add, before the membrane update, as the board transfers its ring buffer), so
//! that a weight w makes a current peaking at w, tau_syn after its arrival; over the tick
//! the state moves the membrane by P31/dt z + P32 isyn (z = dt y1, exact propagators);
//! then isyn <- P11 (z + isyn), z <- P11 z (synapse_advance).
#ifndef C_MODELS_SYNAPSE_ALPHA_CURRENT_H
#define C_MODELS_SYNAPSE_ALPHA_CURRENT_H

#include "generated/alpha_current.h"

typedef alpha_current_params_t synapse_params_t;
typedef alpha_current_state_t synapse_state_t;
#define SYNAPSE_PARAMS_WORDS ALPHA_CURRENT_PARAMS_WORDS
#define SYNAPSE_STATE_WORDS ALPHA_CURRENT_STATE_WORDS
#define SYNAPSE_TYPES 2
//! zsyn, p31 and jump are scaled by 2^ALPHA_Z_SHIFT (models/if_curr_alpha.py: ZSYN_SCALE).
#define ALPHA_Z_SHIFT 4

//! Membrane change of one type over a tick [mV]: P31/dt z + P32 isyn.
static inline s1615 alpha_dv(s1615 zsyn, s1615 isyn, s1615 p31, s1615 p32) {
    // zsyn and p31 are both scaled by 2^ALPHA_Z_SHIFT
    int64_t z = (int64_t) zsyn * (int64_t) p31;
    int64_t shift = 15 + 2 * ALPHA_Z_SHIFT;
    s1615 from_z = sat_s1615((z + ((int64_t) 1 << (shift - 1))) >> shift);
    return add_s1615(from_z, mul_s1615(isyn, p32));
}

//! isyn(t + dt) = P11 (z + isyn), rounded once; reaches exactly 0 once z has.
static inline s1615 alpha_next_current(s1615 zsyn, s1615 isyn, u032 decay) {
    int64_t a = ((int64_t) isyn * (int64_t) decay) >> 1;                  // 2^31 units
    int64_t b = ((int64_t) zsyn * (int64_t) decay) >> (1 + ALPHA_Z_SHIFT);
    s1615 r = sat_s1615((a + b + ((int64_t) 1 << 30)) >> 31);
    if (zsyn == 0 && r == isyn && isyn != 0) {
        r += (isyn > 0) ? -1 : 1;   // as decay_s1615: never stick at a residue
    }
    return r;
}

//! Membrane change over this tick caused by the synaptic state at its start [mV].
static inline s1615 synapse_dv(const synapse_params_t *p, const synapse_state_t *s, s1615 v) {
    (void) v;
    return sub_s1615(alpha_dv(s->zsyn_exc, s->isyn_exc, p->p31_exc, p->p32_exc),
                     alpha_dv(s->zsyn_inh, s->isyn_inh, p->p31_inh, p->p32_inh));
}

//! Add this tick's input per type [nA] (at the start of the tick).
static inline void synapse_add(const synapse_params_t *p, synapse_state_t *s,
                               const s1615 *input) {
    s->zsyn_exc = add_s1615(s->zsyn_exc, mul_s1615(input[0], p->jump_exc));
    s->zsyn_inh = add_s1615(s->zsyn_inh, mul_s1615(input[1], p->jump_inh));
}

//! Advance the alpha kernels by one tick (at its end).
static inline void synapse_advance(const synapse_params_t *p, synapse_state_t *s) {
    s->isyn_exc = alpha_next_current(s->zsyn_exc, s->isyn_exc, p->decay_exc);
    s->isyn_inh = alpha_next_current(s->zsyn_inh, s->isyn_inh, p->decay_inh);
    s->zsyn_exc = decay_s1615(s->zsyn_exc, p->decay_exc);
    s->zsyn_inh = decay_s1615(s->zsyn_inh, p->decay_inh);
}

#endif  // C_MODELS_SYNAPSE_ALPHA_CURRENT_H

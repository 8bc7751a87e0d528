//! \file
//! \brief The membrane of sPyNNaker's stochastic neurons (StocExp, StocExpStable, StocSigma).
//!
//! v is the tick's input on top of a bias: v = bias + w_exc - w_inh, from scratch each tick
//! (StocExp, StocSigma), or added to the v of the previous tick, which never stays below
//! v_reset (StocExpStable, `accumulate`).  The threshold component draws whether it fires.
//! A firing starts a burst: the neuron also fires in each of the next refract_ticks - 1
//! ticks (refractory: no integration, no draw, inputs discarded), as 7.4.1's neurons do.
#ifndef C_MODELS_NEURON_STOC_NEURON_H
#define C_MODELS_NEURON_STOC_NEURON_H

#include "generated/stoc_neuron.h"

typedef stoc_neuron_params_t neuron_params_t;
typedef stoc_neuron_state_t neuron_state_t;
#define NEURON_PARAMS_WORDS STOC_NEURON_PARAMS_WORDS
#define NEURON_STATE_WORDS STOC_NEURON_STATE_WORDS
//! Refractory ticks are spikes: the core fires the neuron when it did not integrate.
#define NEURON_BURSTS_WHILE_REFRACTORY 1

static inline int neuron_update(const neuron_params_t *p, neuron_state_t *s, s1615 dv_syn,
                                s823 i_inj) {
    (void) i_inj;   // 7.4.1's stochastic neurons take no current sources
    int refractory = s->refract_timer > 0;
    s1615 floor = (s->v < p->v_reset) ? p->v_reset : s->v;
    s1615 base = p->accumulate ? floor : 0;
    s1615 v = add_s1615(add_s1615(base, p->bias), dv_syn);
    // while refractory a stable neuron holds v, the others read 0 (7.4.1 records 0)
    s1615 held = p->accumulate ? s->v : 0;
    s->v = refractory ? held : v;
    s->refract_timer -= refractory;
    return !refractory;
}

static inline s1615 neuron_v(const neuron_state_t *s) {
    return s->v;
}

//! The tick's delta input [mV] (only in ticks the neuron integrated).
static inline void neuron_jump(const neuron_params_t *p, neuron_state_t *s, s1615 dv) {
    (void) p;
    s->v = add_s1615(s->v, dv);
}

//! A drawn spike: a stable neuron resets; the burst's remaining ticks start.
static inline void neuron_spiked(const neuron_params_t *p, neuron_state_t *s) {
    s->v = p->accumulate ? p->v_reset : s->v;
    s->refract_timer = p->refract_ticks - 1;
}

#endif  // C_MODELS_NEURON_STOC_NEURON_H

//! \file
//! \brief sPyNNaker's RecurrentRule (extra_models): synapses that count spike pairings in an
//! accumulator and change their weight only when it reaches a threshold.
//!
//! Windows: a window opens at a spike and lasts an exponentially distributed number of ticks
//! (mean mean_pre_window or mean_post_window), drawn from a host-built table of 2048
//! quantiles, floor(-mean ln(1 - k / 2048)) ticks (sPyNNaker's 11-bit draw).  A draw is a
//! counter-based random number (random.h) keyed by the projection's seed, the neuron(s)
//! and the tick, so it is the same for any partitioning and thread count.
//!
//! dual_fsm (sPyNNaker's recurrent_dual_fsm): every pre spike opens a pre window (one draw
//! per pre spike, kept in the row header), every post spike a post window (one draw per
//! post spike).  A post spike (at its arrival t_post + d) inside the last pre spike's window
//! (0 < t_post + d - t_pre < window) steps the accumulator up; a pre spike inside the last
//! post spike's window (0 <= t_pre - t_post - d < window) steps it down.
//!
//! pre_stochastic (sPyNNaker's recurrent_pre_stochastic): one state machine per synapse
//! (idle, pre window open, post window open) with its own draws: a pre spike opens a pre
//! window, a post spike inside it steps the accumulator up and closes it; a post spike opens
//! a post window, a pre spike inside it steps down and closes it; a second spike of the
//! same side inside an open window closes it, outside re-opens it.
//!
//! A step up from accumulator_potentiation - 1 (down from accumulator_depression + 1)
//! resets the accumulator to 0 and potentiates (depresses) the weight once, by the weight
//! dependence at trace 1.
//!
//! The functions here and in plastic_recurrent.h are Thumb on an ARM968 (COMPACT_CODE): a
//! rule few networks use must not push the neuron binaries out of the 32 KB ITCM.
#ifndef C_MODELS_PLASTICITY_RECURRENT_H
#define C_MODELS_PLASTICITY_RECURRENT_H

#include <stdint.h>
#include "generated/regions.h"
#include "random.h"
#include "runtime.h"
#include "plasticity/stdp.h"

enum { REC_IDLE = 0, REC_PRE_OPEN = 1, REC_POST_OPEN = 2 };

//! 0 leaves the rule out of a binary (ARM builds without instruction memory to spare): its
//! cores then refuse RecurrentRule rows at load.
#ifndef RECURRENT_RULE
#define RECURRENT_RULE 1
#endif

#define REC_WINDOW_WORDS 1024u   //!< a window table: 2048 uint16 quantiles, two per word
#define REC_ACC_LIMIT 127        //!< thresholds and accumulator fit in 8 signed bits

//! The state word of a synapse (the word after the row's synapse words, at the same
//! index in the row's second half): window length (ticks, bits 0-15), accumulator (int8,
//! bits 16-23), state (bits 24-25), key rank (pre_stochastic: the synapse's rank among the
//! row's synapses onto its target, bits 26-31).
typedef struct {
    int32_t acc;
    uint32_t state, window, rank;
} rec_state_t;

static inline rec_state_t rec_unpack(uint32_t word) {
    rec_state_t s;
    s.window = word & 0xFFFFu;
    s.acc = (int32_t) (int8_t) ((word >> 16) & 0xFFu);
    s.state = (word >> 24) & 3u;
    s.rank = word >> 26;
    return s;
}

static inline uint32_t rec_pack(rec_state_t s) {
    return (s.window & 0xFFFFu) | (((uint32_t) s.acc & 0xFFu) << 16) | ((s.state & 3u) << 24) |
        (s.rank << 26);
}

//! A window length in ticks: quantile k (11 bits of draw `counter` of `stream`).
COMPACT_CODE static uint32_t rec_window(const uint32_t *table, uint64_t stream, uint64_t counter) {
    uint32_t k = stream_uniform32(stream, counter) >> 21;
    return (table[k >> 1] >> ((k & 1u) * 16u)) & 0xFFFFu;
}

//! One step of the accumulator towards potentiation (up) or depression; at the threshold
//! it resets and the weight moves once.
COMPACT_CODE static int64_t rec_step(const plastic_rule_t *r, const uint32_t *luts, rec_state_t *s,
                               int64_t wx, int up) {
    if (up) {
        if (s->acc < r->acc_potentiation) {
            s->acc++;
            return wx;
        }
        s->acc = 0;
        return weight_potentiate(r, luts, wx, TRACE_ONE);
    }
    if (s->acc > r->acc_depression) {
        s->acc--;
        return wx;
    }
    s->acc = 0;
    return weight_depress(r, luts, wx, TRACE_ONE);
}

//! What a synapse's update needs to draw windows and read the last spikes.
typedef struct {
    const plastic_rule_t *rule;
    const uint32_t *luts, *pre_table, *post_table;
    uint64_t stream;        //!< pre_stochastic: the synapse's stream; dual: the target's
    int32_t t_last;         //!< the row's previous pre spike (tick; valid when has_pre)
    uint32_t pre_window;    //!< dual: the window of that spike (0: none yet)
    int has_pre;
} rec_synapse_t;

//! A post spike arriving at the synapse in tick `t` (t_post + d); `t_prev` the arrival of
//! the post spike before it (has_prev: there was one).
COMPACT_CODE static int64_t rec_post(const rec_synapse_t *c, rec_state_t *s, int64_t wx, int32_t t,
                               int32_t t_prev, int has_prev) {
    if (c->rule->dual_fsm) {
        int32_t since = t - c->t_last;
        if (c->has_pre && since > 0 && (uint32_t) since < c->pre_window) {
            wx = rec_step(c->rule, c->luts, s, wx, 1);
        }
        return wx;
    }
    if (s->state == REC_IDLE) {
        s->state = REC_POST_OPEN;
        s->window = rec_window(c->post_table, c->stream, 2u * (uint64_t) t + 1u);
    } else if (s->state == REC_POST_OPEN) {
        if (has_prev && (uint32_t) (t - t_prev) < s->window) {
            s->state = REC_IDLE;
        } else {
            s->window = rec_window(c->post_table, c->stream, 2u * (uint64_t) t + 1u);
        }
    } else {   // pre window open
        int32_t since = t - c->t_last;
        if (since == 0) {
            s->state = REC_IDLE;   // coinciding spikes: ignored
        } else if ((uint32_t) since < s->window) {
            wx = rec_step(c->rule, c->luts, s, wx, 1);
            s->state = REC_IDLE;
        } else {
            s->state = REC_POST_OPEN;
            s->window = rec_window(c->post_table, c->stream, 2u * (uint64_t) t + 1u);
        }
    }
    return wx;
}

//! A pre spike sent in tick `t` meeting the last post spike that arrived by then at
//! `t_post` (t_post <= t) with post window `post_window` (dual).
COMPACT_CODE static int64_t rec_pre(const rec_synapse_t *c, rec_state_t *s, int64_t wx, int32_t t,
                              int32_t t_post, uint32_t post_window) {
    if (c->rule->dual_fsm) {
        if ((uint32_t) (t - t_post) < post_window) {
            wx = rec_step(c->rule, c->luts, s, wx, 0);
        }
        return wx;
    }
    if (s->state == REC_IDLE) {
        s->state = REC_PRE_OPEN;
        s->window = rec_window(c->pre_table, c->stream, 2u * (uint64_t) t);
    } else if (s->state == REC_PRE_OPEN) {
        if (c->has_pre && (uint32_t) (t - c->t_last) < s->window) {
            s->state = REC_IDLE;
        } else {
            s->window = rec_window(c->pre_table, c->stream, 2u * (uint64_t) t);
        }
    } else {   // post window open
        if ((uint32_t) (t - t_post) < s->window) {
            wx = rec_step(c->rule, c->luts, s, wx, 0);
            s->state = REC_IDLE;
        } else {
            s->state = REC_PRE_OPEN;
            s->window = rec_window(c->pre_table, c->stream, 2u * (uint64_t) t);
        }
    }
    return wx;
}

#endif  // C_MODELS_PLASTICITY_RECURRENT_H

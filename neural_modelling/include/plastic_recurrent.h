//! \file
//! \brief Rows of sPyNNaker's RecurrentRule on a neuron core (the rule itself:
//! c_models/plasticity/recurrent.h).
//!
//! A recurrent row is [count, last pre tick, pre window | 1 << 31 once a pre spike came
//! (dual FSM), pre neuron's population index, core's first atom's population index,
//! synapse words (first half of the stride), state words (second half)]: the state word of
//! synapse s is at the same index in the second half (accumulator, window state, key rank).
#ifndef PLASTIC_RECURRENT_H
#define PLASTIC_RECURRENT_H

#include "plasticity/recurrent.h"

#define REC_HAS_PRE 0x80000000u   //!< row word 2: a pre spike came (its window below)

//! The state words of a row of entry x: the second half of its stride.
static inline uint32_t *rec_states(const plastic_entry_t *x, uint32_t *row) {
    return row + PLASTIC_ROW_HEADER_WORDS + (x->row_stride - PLASTIC_ROW_HEADER_WORDS) / 2u;
}

//! The draws and last pre spike of synapse onto local neuron i of a recurrent row.
COMPACT_CODE static void rec_synapse(rec_synapse_t *c, const plastic_t *p, const plastic_rule_t *r,
                               const uint32_t *row, int32_t t_last, uint32_t i,
                               uint32_t rank) {
    uint64_t seed = ((uint64_t) r->seed_hi << 32) | r->seed_lo;
    uint64_t target = (uint64_t) row[4] + i;
    c->rule = r;
    c->luts = p->lut;
    c->pre_table = &p->lut[r->lut_pre_window];
    c->post_table = &p->lut[r->lut_post_window];
    c->t_last = t_last;
    c->has_pre = (row[2] & REC_HAS_PRE) != 0;
    c->pre_window = row[2] & 0xFFFFu;
    // dual FSM: the target's stream (its post windows); else the synapse's own stream
    c->stream = r->dual_fsm ? atom_stream(seed, ((uint64_t) 1 << 32) + target) :
        mix64(atom_stream(seed, row[3]) ^ mix64((target * 64u + rank + 1u) * GOLDEN_GAMMA));
}

//! The post spikes of neuron i that reach the synapse (delay d) in (begin, end] + d, in
//! order; *last gets the newest spike up to end (*has_last: there is one).
COMPACT_CODE static int64_t rec_posts(const plastic_t *p, const rec_synapse_t *c, rec_state_t *s,
                                uint32_t i, int32_t d, int32_t begin, int32_t end,
                                int64_t wx, int32_t *last, int *has_last) {
    const uint32_t count = p->h_count[i], base = i * POST_HISTORY_SIZE;
    uint32_t slot = (p->h_next[i] + POST_HISTORY_SIZE - count) & HISTORY_MASK;
    int32_t prev = 0;
    int has_prev = 0;
    for (uint32_t j = 0; j < count; j++, slot = (slot + 1u) & HISTORY_MASK) {
        int32_t t = p->h_time[base + slot];
        if (t > end) {
            break;
        }
        if (t > begin) {
            wx = rec_post(c, s, wx, t + d, prev + d, has_prev);
        }
        prev = t;
        has_prev = 1;
    }
    *last = prev;
    *has_last = has_prev;
    return wx;
}

//! Count an update whose window needed post spikes the history dropped unpaired.
static inline void rec_check_dropped(const plastic_t *p, pre_event_t *ev, uint32_t i,
                                     int32_t begin, int32_t end) {
    int32_t lo = p->h_lost_lo[i], hi = p->h_lost_hi[i];
    ev->overflows += (lo != NO_TIME && lo <= end && hi > begin);
}

//! Synapse s of a recurrent row (weight word w, onto local neuron i, total delay d): the
//! post spikes that reached it by end + d since its last update, then, at a pre spike
//! (pre != 0, sent in tick end + d), the pre spike -- which sPyNNaker applies only once the
//! target has fired.  Returns the new weight word.
COMPACT_CODE static uint32_t rec_update(const plastic_t *p, pre_event_t *ev,
                                        const plastic_entry_t *x, uint32_t *row, uint32_t s,
                                        uint32_t w, uint32_t i, int32_t d, int32_t end,
                                        int pre) {
    uint32_t *state = &rec_states(x, row)[s];
    rec_state_t st = rec_unpack(*state);
    rec_synapse_t c;
    rec_synapse(&c, p, ev->rule, row, ev->t_last, i, st.rank);
    const int32_t begin = ltp_begin(p, ev, i, d);
    int32_t last;
    int has_last;
    int64_t wx = rec_posts(p, &c, &st, i, d, begin, end, (int64_t) (w >> 16) * 65536, &last,
                           &has_last);
    rec_check_dropped(p, ev, i, begin, end);
    if (pre && has_last) {
        uint32_t post_window = ev->rule->dual_fsm ?
            rec_window(c.post_table, c.stream, (uint64_t) last) : 0u;
        wx = rec_pre(&c, &st, wx, end + d, last + d, post_window);
    }
    *state = rec_pack(st);
    return write_weight(ev, w, wx);
}

//! A recurrent row at a pre spike: every synapse takes the post spikes since the last pre
//! spike, then this one, and delivers its new weight; the row keeps this spike's tick and
//! (dual FSM) window.
COMPACT_CODE static void recurrent_row(core_t *core, plastic_t *p, const plastic_entry_t *x,
                                       uint32_t *row, uint32_t r, uint32_t tick,
                                       uint16_t *ring, uint32_t n, uint32_t n_types,
                                       uint32_t index_bits, uint32_t type_bits) {
    pre_event_t ev;
    pre_event_init(&ev, p, x, row, r, tick);
    const plastic_rule_t *rule = ev.rule;
    const int32_t t_pre = (int32_t) (tick - ev.stage_delay);
    const uint32_t extra = rule->extra_shift, half = extra ? (1u << (extra - 1u)) : 0u;
    uint32_t saturated = 0, count = row[0];
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t d_core = word_delay(w, index_bits, type_bits), i = word_index(w, index_bits);
        int32_t d = post_delay(&ev, d_core + ev.stage_delay);
        w = rec_update(p, &ev, x, row, s, w, i, d, t_pre - d, 1);
        row[PLASTIC_ROW_HEADER_WORDS + s] = w;
        uint32_t idx = ring_index((tick + d_core) & (RING_SLOTS - 1u),
                                  word_type(w, index_bits, type_bits), i, n_types, n);
        saturated += ring_add(&ring[idx], ((w >> 16) + half) >> extra);
    }
    uint64_t seed = ((uint64_t) rule->seed_hi << 32) | rule->seed_lo;
    row[2] = REC_HAS_PRE | (rule->dual_fsm ?
        rec_window(&p->lut[rule->lut_pre_window], atom_stream(seed, row[3]), (uint64_t) t_pre) :
        0u);
    row[1] = (uint32_t) t_pre;
    plastic_row_counts(core, &ev, count, saturated, 45u);
}

//! A flush of neuron i in `tick` for its recurrent synapse at matrix word `word` (in `row`
//! of entry x): the post spikes it can already take (up to tick - stage delay - d).
static inline void recurrent_flush(plastic_t *p, pre_event_t *ev, const plastic_entry_t *x,
                                   uint32_t *row, uint32_t word, uint32_t i, uint32_t tick,
                                   uint32_t index_bits, uint32_t type_bits) {
    uint32_t w = p->matrix[word];
    int32_t d = post_delay(ev, word_delay(w, index_bits, type_bits) + ev->stage_delay);
    uint32_t s = (word - x->offset) % x->row_stride - PLASTIC_ROW_HEADER_WORDS;
    p->matrix[word] = rec_update(p, ev, x, row, s, w, i, d,
                                 (int32_t) (tick - ev->stage_delay) - d, 0);
}

#endif  // PLASTIC_RECURRENT_H

//! \file
//! \brief Plastic synapses of a neuron core: the plastic pop table, row processing at a pre
//! spike, and the post-synaptic spike history (docs/plasticity.md).
//!
//! A plastic row is [count, last pre time (ticks), pre trace a, pre trace b, synapses...];
//! a synapse is one word: weight (16 bits, plastic units = ring units << extra_shift) |
//! delay | synapse type | neuron index, the control half-word of a static word.  Rows live in
//! the PLASTIC_MATRIX region (SDRAM) and are updated in place, as the chip's DMA writes a row
//! back.  Every delay is dendritic: a pre spike sent at t_pre meets the post spikes of its
//! target at their time + delay, so the row is processed when the spike arrives (tick
//! t_pre), with every post spike it needs already in the history.
#ifndef PLASTIC_CORE_H
#define PLASTIC_CORE_H

#include <stdint.h>
#include <string.h>
#include "runtime.h"
#include "ring_buffer.h"
#include "synapse_row.h"
#include "generated/regions.h"
#include "plasticity/stdp.h"

#define NO_TIME INT32_MIN
#define HISTORY_MASK (POST_HISTORY_SIZE - 1u)

typedef struct {
    uint32_t n_entries;             //!< 0: this core has no plastic synapses
    uint32_t n_rules, n_traces, lut_words, matrix_words;
    const plastic_entry_t *entry;   //!< sorted by key (several may share a key)
    const plastic_rule_t *rule;
    const post_trace_t *trace_cfg;
    const uint32_t *lut;
    uint32_t *matrix;               //!< the PLASTIC_MATRIX region (written back in place)
    // post-synaptic history per neuron: a ring of POST_HISTORY_SIZE events
    int32_t *h_time;                //!< [neuron * POST_HISTORY_SIZE + slot] spike tick
    uint32_t *h_trace;              //!< [(neuron * POST_HISTORY_SIZE + slot) * n_traces + k]
    uint8_t *h_count, *h_next;      //!< events kept; slot of the next event
    int32_t *h_dropped;             //!< tick of the newest dropped event (NO_TIME: none)
} plastic_t;

_Static_assert((POST_HISTORY_SIZE & (POST_HISTORY_SIZE - 1u)) == 0 && POST_HISTORY_SIZE <= 128,
               "POST_HISTORY_SIZE must be a power of two below 256");

//! A LUT offset the rules may use: inside the LUT words, with its coarse part too.
static inline int plastic_lut_ok(const plastic_t *p, uint32_t at) {
    return at < p->lut_words && p->lut_words - at >= 1u + LUT_FINE &&
        p->lut[at] <= p->lut_words - at - 1u - LUT_FINE;
}

//! Check every row word once so that the packet path can trust the plastic matrix.
static int plastic_check_rows(core_t *core, const plastic_t *p, uint32_t n, uint32_t n_types,
                              uint32_t index_bits, uint32_t type_bits) {
    for (uint32_t e = 0; e < p->n_entries; e++) {
        const plastic_entry_t *x = &p->entry[e];
        if (x->row_stride < PLASTIC_ROW_HEADER_WORDS || x->offset > p->matrix_words ||
                (uint64_t) x->n_rows * x->row_stride > p->matrix_words - x->offset ||
                (x->n_rows > 0 && ((x->n_rows - 1u) & x->mask) != 0) ||
                x->rule >= p->n_rules || (e > 0 && p->entry[e - 1].key > x->key) ||
                (x->stage_rows > 0 && (x->stage_ticks == 0 || x->stage_ticks > 255u ||
                                       x->n_rows / x->stage_rows > 255u))) {
            core_error(core, "plastic pop-table entry outside the plastic matrix, bad rule "
                       "or stage, or entries not sorted");
            return APP_ERR_BAD_SYNAPTIC_DATA;
        }
        for (uint32_t r = 0; r < x->n_rows; r++) {
            const uint32_t *row = p->matrix + x->offset + r * x->row_stride;
            if (row[0] > x->row_stride - PLASTIC_ROW_HEADER_WORDS) {
                core_error(core, "plastic row longer than its stride");
                return APP_ERR_BAD_SYNAPTIC_DATA;
            }
            const plastic_rule_t *rule = &p->rule[x->rule];
            for (uint32_t s = 0; s < row[0]; s++) {
                uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
                if (word_index(w, index_bits) >= n || word_type(w, index_bits, type_bits) >=
                        n_types || word_delay(w, index_bits, type_bits) == 0 ||
                        (int32_t) (w >> 16) > rule->w_max) {
                    core_error(core, "plastic synapse with neuron, type, delay or weight out "
                               "of range");
                    return APP_ERR_BAD_SYNAPTIC_DATA;
                }
            }
        }
    }
    return APP_OK;
}

static int plastic_check_rules(core_t *core, const plastic_t *p) {
    for (uint32_t r = 0; r < p->n_rules; r++) {
        const plastic_rule_t *x = &p->rule[r];
        if (x->timing > TIMING_PAIR || x->weight > WEIGHT_MULTIPLICATIVE ||
                x->extra_shift > 15u || x->w_min < 0 || x->w_max > 0xFFFF ||
                x->w_min > x->w_max || !plastic_lut_ok(p, x->lut_plus) ||
                x->post_trace >= p->n_traces) {
            core_error(core, "plastic rule malformed (kind, weight bounds, LUT or trace)");
            return APP_ERR_BAD_HEADER;
        }
    }
    for (uint32_t k = 0; k < p->n_traces; k++) {
        if (!plastic_lut_ok(p, p->trace_cfg[k].lut)) {
            core_error(core, "post trace LUT outside the plastic parameters");
            return APP_ERR_BAD_HEADER;
        }
    }
    return APP_OK;
}

//! Read the plastic regions (none: a core without plastic synapses); allocates the history.
static int plastic_init(core_t *core, plastic_t *p, uint32_t n, uint32_t n_types,
                        uint32_t index_bits, uint32_t type_bits) {
    uint32_t size;
    p->n_entries = 0;
    const plastic_header_t *h = core_region(core, REGION_PLASTIC_PARAMS, &size);
    if (h == NULL) {
        return APP_OK;
    }
    if (size < sizeof(*h) || h->history_size != POST_HISTORY_SIZE || h->n_post_traces == 0 ||
            h->n_post_traces > 4u || h->n_rules > 0xFFFFu || h->n_entries > 0xFFFFFu ||
            h->lut_words > 0x1000000u ||
            (size - sizeof(*h)) / 4u < (uint64_t) h->n_rules * sizeof(plastic_rule_t) / 4u +
                h->n_post_traces * sizeof(post_trace_t) / 4u +
                (uint64_t) h->n_entries * sizeof(plastic_entry_t) / 4u + h->lut_words) {
        core_error(core, "plastic parameter region malformed");
        return APP_ERR_BAD_HEADER;
    }
    // into DTCM, as the chip keeps its rules, pop table and LUTs (the rows stay in SDRAM)
    plastic_header_t *copy = core_dtcm_alloc(core, size + 4u);
    if (copy == NULL) {
        core_error(core, "DTCM full: plastic rules, pop table and decay LUTs");
        return APP_ERR_DTCM_FULL;
    }
    memcpy(copy, h, size);
    h = copy;
    p->n_rules = h->n_rules;
    p->n_traces = h->n_post_traces;
    p->lut_words = h->lut_words;
    p->rule = (const plastic_rule_t *) (h + 1);
    p->trace_cfg = (const post_trace_t *) (p->rule + p->n_rules);
    p->entry = (const plastic_entry_t *) (p->trace_cfg + p->n_traces);
    p->lut = (const uint32_t *) (p->entry + h->n_entries);
    p->matrix = core_region_rw(core, REGION_PLASTIC_MATRIX, &size);
    p->matrix_words = (p->matrix == NULL) ? 0 : size / 4u;
    p->n_entries = h->n_entries;
    int err = plastic_check_rules(core, p);
    if (err == APP_OK) {
        err = plastic_check_rows(core, p, n, n_types, index_bits, type_bits);
    }
    if (err != APP_OK) {
        p->n_entries = 0;
        return err;
    }
    uint32_t events = n * POST_HISTORY_SIZE;
    p->h_time = core_dtcm_alloc(core, events * 4u + 4u);
    p->h_trace = core_dtcm_alloc(core, events * p->n_traces * 4u + 4u);
    p->h_count = core_dtcm_alloc(core, n + 4u);
    p->h_next = core_dtcm_alloc(core, n + 4u);
    p->h_dropped = core_dtcm_alloc(core, n * 4u + 4u);
    if (!p->h_time || !p->h_trace || !p->h_count || !p->h_next || !p->h_dropped) {
        p->n_entries = 0;
        core_error(core, "DTCM full: post-synaptic spike history of plastic synapses");
        return APP_ERR_DTCM_FULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        p->h_dropped[i] = NO_TIME;
    }
    return APP_OK;
}

//! Neuron i fired in `tick`: append the spike and its post traces to its history.
static inline void plastic_post_spike(plastic_t *p, uint32_t i, uint32_t tick) {
    uint32_t count = p->h_count[i], next = p->h_next[i];
    uint32_t base = i * POST_HISTORY_SIZE;
    uint32_t last = (next + HISTORY_MASK) & HISTORY_MASK;
    uint32_t *out = &p->h_trace[(base + next) * p->n_traces];
    for (uint32_t k = 0; k < p->n_traces; k++) {
        const uint32_t *lut = &p->lut[p->trace_cfg[k].lut];
        out[k] = (count == 0) ? TRACE_ONE : trace_add_spike(
            lut, tick - (uint32_t) p->h_time[base + last], p->h_trace[(base + last) *
                                                                      p->n_traces + k]);
    }
    if (count == POST_HISTORY_SIZE) {
        p->h_dropped[i] = p->h_time[base + next];   // the oldest is overwritten
    } else {
        p->h_count[i] = (uint8_t) (count + 1u);
    }
    p->h_time[base + next] = (int32_t) tick;
    p->h_next[i] = (uint8_t) ((next + 1u) & HISTORY_MASK);
}

//! Every fired neuron of this tick (fired[i] != 0).
static inline void plastic_post_spikes(plastic_t *p, const uint8_t *fired, uint32_t n,
                                       uint32_t tick) {
    if (p->n_entries == 0) {
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (fired[i]) {
            plastic_post_spike(p, i, tick);
        }
    }
}

//! What one synapse update needs besides the weight.
typedef struct {
    const plastic_rule_t *rule;
    const uint32_t *lut_plus, *lut_minus;
    int32_t t_last, t_pre;          //!< previous and this pre spike (sending ticks)
    uint32_t k_last;                //!< pre trace just after t_last (u16.16)
    uint32_t overflows;
} pre_event_t;

//! One synapse onto neuron i with total delay d: potentiation by the post spikes since the
//! last pre spike, then depression by this pre spike (NEST's stdp_synapse order).
static inline int64_t plastic_synapse(const plastic_t *p, pre_event_t *ev, uint32_t i,
                                      int32_t d, int64_t wx) {
    const int32_t begin = ev->t_last - d, end = ev->t_pre - d;   // window (begin, end]
    const uint32_t count = p->h_count[i], base = i * POST_HISTORY_SIZE;
    uint32_t slot = (p->h_next[i] + POST_HISTORY_SIZE - count) & HISTORY_MASK;
    int32_t ltd_time = NO_TIME;
    uint32_t ltd_slot = 0;
    for (uint32_t j = 0; j < count; j++, slot = (slot + 1u) & HISTORY_MASK) {
        int32_t t = p->h_time[base + slot];
        if (t > end) {
            break;   // later events pair with later pre spikes
        }
        if (t > begin && ev->k_last != 0) {
            wx = weight_potentiate(ev->rule, wx, lut_decay(
                ev->lut_plus, (uint32_t) (t - begin), ev->k_last));
        }
        if (t < end) {   // strictly before: a pair at zero difference changes nothing
            ltd_time = t;
            ltd_slot = slot;
        }
    }
    int32_t dropped = p->h_dropped[i];
    if (dropped != NO_TIME && dropped <= end) {
        // the newest dropped post spike was needed: count it when its own pairing would
        // have moved the weight by lost_step or more (far older ones have decayed away)
        uint32_t k = 0;
        uint32_t a = ev->rule->a_plus;
        if (ev->k_last != 0 && dropped > begin) {
            k = lut_decay(ev->lut_plus, (uint32_t) (dropped - begin), ev->k_last);
        } else if (ltd_time == NO_TIME && dropped < end) {
            k = lut_decay(ev->lut_minus, (uint32_t) (end - dropped), TRACE_ONE);
            a = ev->rule->a_minus;
        }
        int64_t step = scale_by(amplitude_times(a, k), (int64_t) ev->rule->w_max * 65536);
        ev->overflows += (k != 0 && step >= (int64_t) ev->rule->lost_step);
    }
    if (ltd_time != NO_TIME) {
        uint32_t k = p->h_trace[(base + ltd_slot) * p->n_traces + ev->rule->post_trace];
        wx = weight_depress(ev->rule, wx, lut_decay(ev->lut_minus, (uint32_t) (end - ltd_time),
                                                    k));
    }
    return wx;
}

//! Process plastic row `r` of entry `x` for a pre spike arriving in `tick`: update every
//! synapse, write the row back and add the new weights into the ring buffers.
static void plastic_row(core_t *core, plastic_t *p, const plastic_entry_t *x, uint32_t r,
                        uint32_t tick, uint16_t *ring, uint32_t n, uint32_t n_types,
                        uint32_t index_bits, uint32_t type_bits) {
    uint32_t *row = p->matrix + x->offset + r * x->row_stride;
    const uint32_t stage_delay = x->stage_rows ? (r / x->stage_rows + 1u) * x->stage_ticks : 0u;
    pre_event_t ev;
    ev.rule = &p->rule[x->rule];
    ev.lut_plus = &p->lut[ev.rule->lut_plus];
    ev.lut_minus = &p->lut[p->trace_cfg[ev.rule->post_trace].lut];
    ev.t_pre = (int32_t) (tick - stage_delay);
    ev.t_last = (int32_t) row[1];
    ev.k_last = row[2];
    ev.overflows = 0;
    const uint32_t extra = ev.rule->extra_shift;
    const uint32_t half = extra ? (1u << (extra - 1u)) : 0u;
    uint32_t saturated = 0, sub_lsb = 0, count = row[0];
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t d_core = word_delay(w, index_bits, type_bits);
        uint32_t i = word_index(w, index_bits);
        int64_t w0 = (int64_t) (w >> 16) * 65536;
        int64_t wx = plastic_synapse(p, &ev, i, (int32_t) (d_core + stage_delay), w0);
        uint32_t weight = (uint32_t) ((wx + 32768) / 65536);   // wx >= 0: round to nearest
        int64_t change = (wx > w0) ? wx - w0 : w0 - wx;
        sub_lsb += (change != 0 && change >= (int64_t) ev.rule->lost_step &&
                    weight == (w >> 16));
        row[PLASTIC_ROW_HEADER_WORDS + s] = (weight << 16) | (w & 0xFFFFu);
        uint32_t idx = ring_index((tick + d_core) & (RING_SLOTS - 1u),
                                  word_type(w, index_bits, type_bits), i, n_types, n);
        saturated += ring_add(&ring[idx], (weight + half) >> extra);
    }
    // the row's pre trace moves on to this spike
    uint32_t since = (ev.t_pre > ev.t_last) ? (uint32_t) (ev.t_pre - ev.t_last) : 0u;
    row[2] = trace_add_spike(ev.lut_plus, since, ev.k_last);
    row[1] = (uint32_t) ev.t_pre;
    core_count(core, CNT_PLASTIC_UPDATES, count);
    core_count(core, CNT_SYNAPTIC_EVENTS, count);
    if (saturated) {
        core_count(core, CNT_RING_SATURATIONS, saturated);
    }
    if (sub_lsb) {
        core_count(core, CNT_PLASTIC_SUB_LSB, sub_lsb);
    }
    if (ev.overflows) {
        core_count(core, CNT_HISTORY_OVERFLOWS, ev.overflows);
    }
    // cycle-equivalents: ~ 40 per plastic synapse (sPyNNaker's ~4x a static one)
    core_count(core, CNT_TOTAL_CYCLES, 100u + 40u * count);
}

//! A packet's plastic rows (every entry whose key matches); returns how many were found.
static uint32_t plastic_packet(core_t *core, plastic_t *p, uint32_t key, uint32_t tick,
                               uint16_t *ring, uint32_t n, uint32_t n_types,
                               uint32_t index_bits, uint32_t type_bits) {
    // first entry with entry.key >= (key & its mask): entries are few; a binary search on
    // the key gives the first entry whose key is above key, then walk back over matches
    uint32_t lo = 0, hi = p->n_entries;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (p->entry[mid].key <= key) {
            lo = mid + 1u;
        } else {
            hi = mid;
        }
    }
    uint32_t found = 0;
    while (lo > 0) {
        const plastic_entry_t *x = &p->entry[--lo];
        if ((key & x->mask) != x->key) {
            break;
        }
        uint32_t r = key & ~x->mask;
        if (r < x->n_rows) {
            plastic_row(core, p, x, r, tick, ring, n, n_types, index_bits, type_bits);
            found++;
        }
    }
    return found;
}

#endif  // PLASTIC_CORE_H

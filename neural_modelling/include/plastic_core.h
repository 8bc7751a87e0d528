//! \file
//! \brief Plastic synapses of a neuron core: the plastic pop table, row processing at a pre
//! spike, and the post-synaptic spike history (docs/plasticity.md).
//!
//! A plastic row is [count, last pre time (ticks), pre trace a, pre trace b, synapses...];
//! a synapse is one word: weight (16 bits, plastic units = ring units << extra_shift) |
//! delay | synapse type | neuron index, the control half-word of a static word.  Rows live in
//! the PLASTIC_MATRIX region (SDRAM) and are updated in place, as the chip's DMA writes a row
//! back.  A dendritic delay (the default): a pre spike sent at t_pre meets the post spikes of
//! its target at their time + delay, so the row is processed when the spike arrives (tick
//! t_pre), with every post spike it needs already in the history.  An axonal delay waits
//! for the spike to reach the synapses (plastic_axonal.h).
#ifndef PLASTIC_CORE_H
#define PLASTIC_CORE_H

#include <stdint.h>
#include <string.h>
#include "runtime.h"
#include "ring_buffer.h"
#include "synapse_row.h"
#include "generated/regions.h"
#include "plasticity/stdp.h"
#include "plasticity/short_term.h"
#include "plasticity/neuromodulation.h"
#include "plasticity/recurrent.h"
#include "plasticity/weight_change.h"
#include "plasticity/quantal.h"
#include "random.h"


#define NO_TIME INT32_MIN
#define SLOT_EMPTY 0xFFFFFFFFu   //!< an empty synaptic slot of the column index (both words)
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
    int32_t *h_lost_lo, *h_lost_hi; //!< ticks of the oldest / newest spike dropped before
                                    //!< every synapse paired it (NO_TIME: none)
    int32_t *h_flushed;             //!< tick of the neuron's last flush (NO_TIME: none)
    int32_t *h_reach;               //!< max over its plastic synapses of delay + stage delay
    const uint32_t *col_start;      //!< [n + 1]: each neuron's first pair in col
    const uint32_t *col;            //!< (synapse word, entry) pairs, grouped by target neuron
    plastic_header_t *params;       //!< DTCM copy of PLASTIC_PARAMS (reused by a reload)
    uint32_t params_cap;            //!< bytes it holds
    uint32_t h_traces;              //!< post traces the history was allocated for
    dopamine_t dopa;                //!< dopamine events per neuron (neuromodulated STDP)
    // axonal delays (plastic_axonal.h): rows waiting for their spike to reach the synapse
    uint32_t *ax_base;              //!< [entry]: its first word in a pending bitmap, or
                                    //!< AX_NONE (no axonal rule)
    uint32_t *ax_pend;              //!< [slot * ax_words + word]: rows due in tick slot
    uint32_t ax_words;              //!< words of one slot's bitmap (0: no axonal rows)
    uint32_t ax_entries;            //!< entries ax_base has room for
} plastic_t;

#ifndef AXONAL_DELAY
#define AXONAL_DELAY 1   //!< 0: this binary refuses dendritic_delay_fraction=0 at load
#endif
//! 0 leaves rewiring out of a binary (its cores refuse a STRUCTURAL region and the static
//! rows of rewired projections at load): the ARM binaries of the other synapse-dynamics
//! families (neural_modelling/arm/Makefile).
#ifndef STRUCTURAL_PLASTICITY
#define STRUCTURAL_PLASTICITY 1
#endif

//! whether the binary keeps a post-synaptic spike history (rules that read post spikes)
#define PLASTIC_HISTORY (PLASTIC_STDP || NEUROMODULATION || RECURRENT_RULE)
#define POST_AXONAL 2u     //!< rule.no_backprop: the delay is axonal
#define AX_NONE 0xFFFFFFFFu

_Static_assert((POST_HISTORY_SIZE & (POST_HISTORY_SIZE - 1u)) == 0 && POST_HISTORY_SIZE <= 128,
               "POST_HISTORY_SIZE must be a power of two below 256");

#include "plastic_load.h"

//! What one synapse update needs besides the weight.
typedef struct {
    const plastic_rule_t *rule;
    const uint32_t *lut_plus, *lut_minus;
    int32_t t_last;                 //!< the row's previous pre spike (sending tick)
    uint32_t k_last;                //!< pre trace just after t_last (u16.16)
    uint32_t x_now;                 //!< triplets: the second pre trace just before this
                                    //!< spike (u16.16; 0 in a flush, which never depresses)
    uint32_t stage_delay;           //!< ticks a delay extension added before arrival
    uint32_t overflows;             //!< updates that needed a dropped post spike
    uint32_t sub_lsb;               //!< updates whose change rounded away
} pre_event_t;

//! The tick of a row's last pre spike (row word 1), taken as t_pre when it lies outside
//! [0, t_pre]: a header no run wrote (the host writes 0; each spike writes its tick) must not
//! drive the tick arithmetic beyond int32 (found by the fuzzer).
static inline int32_t row_t_last(const uint32_t *row, int32_t t_pre) {
    int32_t t_last = (int32_t) row[1];
    return (t_last < 0 || t_last > t_pre) ? t_pre : t_last;
}

static void pre_event_init(pre_event_t *ev, const plastic_t *p, const plastic_entry_t *x,
                           const uint32_t *row, uint32_t r, uint32_t tick) {
    ev->rule = &p->rule[x->rule];
    ev->lut_plus = &p->lut[ev->rule->lut_plus];
    ev->lut_minus = (ev->rule->timing == TIMING_TSODYKS) ? ev->lut_plus :
        &p->lut[p->trace_cfg[ev->rule->post_trace].lut];
    ev->stage_delay = x->stage_rows ? (r / x->stage_rows + 1u) * x->stage_ticks : 0u;
    ev->t_last = row_t_last(row, (int32_t) (tick - ev->stage_delay));
    ev->k_last = row[2];
    ev->x_now = 0;
    ev->overflows = 0;
    ev->sub_lsb = 0;
}

//! An axonal row's pre event at `arrival`, the tick its spike reaches the synapses: the row
//! header holds the previous arrival, no stage delay is left.
static inline void axonal_event(pre_event_t *ev, const uint32_t *row, uint32_t arrival) {
    ev->stage_delay = 0;
    ev->t_last = row_t_last(row, (int32_t) arrival);
}

//! Ticks after which a post spike reaches a synapse of total delay `delay`: the delay
//! (backprop_delay=True, the default: all delay is dendritic) or none (False).
static inline int32_t post_delay(const pre_event_t *ev, uint32_t delay) {
    return ev->rule->no_backprop ? 0 : (int32_t) delay;
}

//! Start (exclusive) of the post spikes of neuron i that a synapse with delay d has still to
//! pair with its last pre spike: those up to the neuron's last flush were paired then.
static inline int32_t ltp_begin(const plastic_t *p, const pre_event_t *ev, uint32_t i,
                                int32_t d) {
    int32_t from = ev->t_last, flushed = p->h_flushed[i];
    if (flushed != NO_TIME && flushed - (int32_t) ev->stage_delay > from) {
        from = flushed - (int32_t) ev->stage_delay;
    }
    return from - d;
}

//! Potentiation by every kept post spike t of neuron i in (begin, end], paired with the last
//! pre spike (at t + d - t_last); *ltd gets the slot of the newest spike before `end`.
static inline int64_t potentiate_window(const plastic_t *p, const pre_event_t *ev,
                                        uint32_t i, int32_t d, int32_t begin, int32_t end,
                                        int64_t wx, uint32_t *ltd) {
    const uint32_t count = p->h_count[i], base = i * POST_HISTORY_SIZE;
    uint32_t slot = (p->h_next[i] + POST_HISTORY_SIZE - count) & HISTORY_MASK;
    for (uint32_t j = 0; j < count; j++, slot = (slot + 1u) & HISTORY_MASK) {
        int32_t t = p->h_time[base + slot];
        if (t > end) {
            break;   // later events pair with later pre spikes
        }
        if (t > begin && ev->k_last != 0) {
            uint32_t k = lut_decay(ev->lut_plus, (uint32_t) (t + d - ev->t_last), ev->k_last);
            if (ev->rule->timing == TIMING_TRIPLET) {
                // the post triplet trace just before this post spike
                uint32_t y = p->h_trace[(base + slot) * p->n_traces + ev->rule->post_trace2] -
                    TRACE_ONE;
                wx = weight_potentiate_triplet(ev->rule, p->lut, wx, k, y);
            } else {
                wx = weight_potentiate(ev->rule, p->lut, wx, k);
            }
        }
        if (t < end) {   // strictly before: a pair at zero difference changes nothing
            *ltd = slot;
        }
    }
    return wx;
}

//! Count an update whose window (begin, end] needed post spikes the history dropped before
//! they were paired, when the most important of them would have moved the weight by
//! lost_step or more (a potentiation at the oldest possible one; a depression needing the
//! newest dropped spike's trace, estimated from that spike alone).
static inline void check_dropped(const plastic_t *p, pre_event_t *ev, uint32_t i, int32_t d,
                                 int32_t begin, int32_t end, int ltd_found) {
    int32_t lo = p->h_lost_lo[i], hi = p->h_lost_hi[i];
    if (lo == NO_TIME || lo > end) {
        return;
    }
    uint32_t k = 0, a = ev->rule->a_plus;
    if (ev->k_last != 0 && hi > begin) {
        int32_t t = (lo > begin) ? lo : begin + 1;
        k = lut_decay(ev->lut_plus, (uint32_t) (t + d - ev->t_last), ev->k_last);
    }
    if (k == 0 && !ltd_found && hi < end) {
        k = lut_decay(ev->lut_minus, (uint32_t) (end - hi), TRACE_ONE);
        a = ev->rule->a_minus;
    }
    int64_t step = scale_by(amplitude_times(a, k), (int64_t) ev->rule->w_max * 65536);
    ev->overflows += (k != 0 && step >= (int64_t) ev->rule->lost_step);
}

//! One synapse onto neuron i with total delay d at a pre spike t_pre: potentiation by the
//! post spikes in (begin, t_pre - d], then depression by those before t_pre - d (NEST's
//! stdp_synapse order).
static inline int64_t plastic_synapse(const plastic_t *p, pre_event_t *ev, uint32_t i,
                                      int32_t d, int32_t begin, int32_t t_pre, int64_t wx) {
    const int32_t end = t_pre - d;
    uint32_t ltd = POST_HISTORY_SIZE;
    wx = potentiate_window(p, ev, i, d, begin, end, wx, &ltd);
    check_dropped(p, ev, i, d, begin, end, ltd != POST_HISTORY_SIZE);
    uint32_t k_post = 0;
    if (ltd != POST_HISTORY_SIZE) {
        uint32_t base = i * POST_HISTORY_SIZE;
        uint32_t k = (ev->rule->timing == TIMING_NEAREST_PAIR) ? TRACE_ONE :
            p->h_trace[(base + ltd) * p->n_traces + ev->rule->post_trace];
        k_post = lut_decay(ev->lut_minus, (uint32_t) (end - p->h_time[base + ltd]), k);
    }
    if (ev->rule->timing == TIMING_VOGELS_2011) {
        // symmetric: the post trace potentiates too, then the constant depression eta alpha
        return weight_vogels_pre(ev->rule, p->lut, wx, k_post);
    }
    if (ev->rule->timing == TIMING_TRIPLET) {
        return (ltd != POST_HISTORY_SIZE) ?
            weight_depress_triplet(ev->rule, p->lut, wx, k_post, ev->x_now) : wx;
    }
    return (ltd != POST_HISTORY_SIZE) ? weight_depress(ev->rule, p->lut, wx, k_post) : wx;
}

//! The weight word after an update: rounded to nearest; counts a change that rounded away.
static inline uint32_t write_weight(pre_event_t *ev, uint32_t w, int64_t wx) {
    int64_t w0 = (int64_t) (w >> 16) * 65536;
    uint32_t weight = (uint32_t) ((wx + 32768) / 65536);   // wx >= 0
    int64_t change = (wx > w0) ? wx - w0 : w0 - wx;
    ev->sub_lsb += (change != 0 && change >= (int64_t) ev->rule->lost_step &&
                    weight == (w >> 16));
    return (weight << 16) | (w & 0xFFFFu);
}

static inline void plastic_counts(core_t *core, const pre_event_t *ev) {
    if (ev->sub_lsb) {
        core_count(core, CNT_PLASTIC_SUB_LSB, ev->sub_lsb);
    }
    if (ev->overflows) {
        core_count(core, CNT_HISTORY_OVERFLOWS, ev->overflows);
    }
}

//! The counts of one plastic row processed at a pre spike: `count` synapses (each a plastic
//! update and a synaptic event), `saturated` ring-buffer saturations, and `per_synapse`
//! cycle-equivalents per synapse on top of the row's ~100.
static void plastic_row_counts(core_t *core, const pre_event_t *ev, uint32_t count,
                               uint32_t saturated, uint32_t per_synapse) {
    core_count(core, CNT_PLASTIC_UPDATES, count);
    core_count(core, CNT_SYNAPTIC_EVENTS, count);
    if (saturated) {
        core_count(core, CNT_RING_SATURATIONS, saturated);
    }
    plastic_counts(core, ev);
    core_count(core, CNT_TOTAL_CYCLES, 100u + per_synapse * count);
}

#include "neuromod_core.h"
#include "plastic_recurrent.h"
#include "plastic_weight_change.h"

//! Neuron i's history is full in `tick`: before its oldest spike goes, pair every post spike
//! its plastic synapses can already pair (up to tick - stage delay - d: a later pre spike
//! of the row cannot come before those) with their rows' last pre spikes (column index).
//! The row headers stay: the neuron's flush tick says what was paired.  (A rare path: Thumb
//! on an ARM968, for ITCM space.)
COMPACT_CODE static void plastic_flush(core_t *core, plastic_t *p, uint32_t i, uint32_t tick,
                                       uint32_t index_bits, uint32_t type_bits) {
    uint32_t n_updates = 0;
    int32_t nm_past = (int32_t) tick;   // the earliest tick a neuromodulated synapse is at
    for (uint32_t k = p->col_start[i]; k < p->col_start[i + 1u]; k++) {
        uint32_t word = p->col[2u * k];
        if (word == SLOT_EMPTY) {
            continue;   // a free slot of a rewiring core
        }
        const plastic_entry_t *x = &p->entry[p->col[2u * k + 1u]];
        uint32_t r = (word - x->offset) / x->row_stride;
        uint32_t *row = p->matrix + x->offset + r * x->row_stride;
        if (!timing_is_stdp(p->rule[x->rule].timing)) {
            continue;   // short-term plasticity, stochastic synapses and static rows pair nothing
        }
        pre_event_t ev;
        pre_event_init(&ev, p, x, row, r, tick);
        if (RECURRENT_RULE && ev.rule->timing == TIMING_RECURRENT) {
            // even before any pre spike: a pre-stochastic state machine sees post spikes
            recurrent_flush(p, &ev, x, row, word, i, tick, index_bits, type_bits);
            plastic_counts(core, &ev);
            n_updates++;
            continue;
        }
        if (NEUROMODULATION && ev.rule->timing == TIMING_NEUROMOD) {
            int32_t to = nm_flushed_to(&ev, tick);   // dopamine events before it are done
            nm_past = (to < nm_past) ? to : nm_past;
        }
        if (ev.k_last == 0) {
            continue;   // no pre spike yet: nothing to pair
        }
        if (NEUROMODULATION && ev.rule->timing == TIMING_NEUROMOD) {
            nm_flush_synapse(core, p, &ev, x, i, word, tick, index_bits, type_bits);
            n_updates++;
            continue;
        }
        if (!PLASTIC_STDP) {
            continue;   // (refused at load: not in this binary)
        }
        uint32_t w = p->matrix[word];
        int32_t d, begin, end;
        if (AXONAL_DELAY && ev.rule->no_backprop == POST_AXONAL) {
            // every pre spike up to this tick has reached the synapse (row header); the
            // post spikes kept are all before the next one
            axonal_event(&ev, row, tick);
            d = 0;
            begin = ltp_begin(p, &ev, i, 1);
            end = (int32_t) tick;
        } else {
            d = post_delay(&ev, word_delay(w, index_bits, type_bits) + ev.stage_delay);
            begin = ltp_begin(p, &ev, i, d);
            end = (int32_t) (tick - ev.stage_delay) - d;
        }
        uint32_t ltd = POST_HISTORY_SIZE;
        int64_t wx = potentiate_window(p, &ev, i, d, begin, end,
                                       (int64_t) (w >> 16) * 65536, &ltd);
        check_dropped(p, &ev, i, d, begin, end, 1);   // pairings lost before this flush
        p->matrix[word] = write_weight(&ev, w, wx);
        plastic_counts(core, &ev);
        n_updates++;
    }
    p->h_flushed[i] = (int32_t) tick;
    // every synapse has paired the spikes up to tick - reach: keep the newest of those
    // (a later pre spike's depression reads its trace) and forget the older ones
    const uint32_t base = i * POST_HISTORY_SIZE;
    // (strictly before the bound: a depression at the bound reads the spike before it)
    const int32_t paired = (int32_t) tick - p->h_reach[i];
    while (p->h_count[i] >= 2u) {
        uint32_t oldest = (p->h_next[i] + POST_HISTORY_SIZE - p->h_count[i]) & HISTORY_MASK;
        if (p->h_time[base + ((oldest + 1u) & HISTORY_MASK)] >= paired) {
            break;
        }
        p->h_count[i]--;
    }
    if (p->h_lost_hi[i] != NO_TIME && p->h_lost_hi[i] < paired) {
        p->h_lost_lo[i] = p->h_lost_hi[i] = NO_TIME;   // every window is past them now
    }
    if (NEUROMODULATION && p->dopa.lut_d != NULL) {
        dopa_fold(&p->dopa, i, nm_past);   // every synapse is past these dopamine events
    }
    core_count(core, CNT_TOTAL_CYCLES, 50u + 40u * n_updates);
}

//! Neuron i fired in `tick`: append the spike and its post traces to its history.
static inline void plastic_post_spike(core_t *core, plastic_t *p, uint32_t i, uint32_t tick,
                                      uint32_t index_bits, uint32_t type_bits) {
    if (p->h_count[i] == POST_HISTORY_SIZE) {
        plastic_flush(core, p, i, tick, index_bits, type_bits);
    }
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
        // the oldest is overwritten before every synapse paired it: remember the loss
        int32_t t = p->h_time[base + next];
        p->h_lost_lo[i] = (p->h_lost_lo[i] == NO_TIME) ? t : p->h_lost_lo[i];
        p->h_lost_hi[i] = t;
    } else {
        p->h_count[i] = (uint8_t) (count + 1u);
    }
    p->h_time[base + next] = (int32_t) tick;
    p->h_next[i] = (uint8_t) ((next + 1u) & HISTORY_MASK);
}

//! Every fired neuron of this tick (fired[i] != 0).
static inline void plastic_post_spikes(core_t *core, plastic_t *p, const uint8_t *fired,
                                       uint32_t n, uint32_t tick, uint32_t index_bits,
                                       uint32_t type_bits) {
    if (!PLASTIC_HISTORY || p->n_entries == 0 || p->n_traces == 0) {
        return;   // no plastic synapse of this core looks at post spikes
    }
    for (uint32_t i = 0; i < n; i++) {
        if (NEUROMODULATION && p->dopa.lut_d != NULL && dopa_wants_flush(p, i, tick)) {
            plastic_flush(core, p, i, tick, index_bits, type_bits);
        }
        if (fired[i]) {
            plastic_post_spike(core, p, i, tick, index_bits, type_bits);
        }
    }
}

//! A Tsodyks-Markram row: the row's state releases, every synapse delivers weight * release
//! (the weights themselves do not change); a static row (rewired static synapses) releases 1.
static void short_term_row(core_t *core, const plastic_t *p, const plastic_entry_t *x,
                           uint32_t *row, uint32_t r, uint32_t tick, uint16_t *ring,
                           uint32_t n, uint32_t n_types, uint32_t index_bits,
                           uint32_t type_bits) {
    const plastic_rule_t *rule = &p->rule[x->rule];
    uint32_t stage_delay = x->stage_rows ? (r / x->stage_rows + 1u) * x->stage_ticks : 0u;
    int32_t t_pre = (int32_t) (tick - stage_delay), t_last = row_t_last(row, t_pre);
    uint32_t since = (t_pre > t_last) ? (uint32_t) (t_pre - t_last) : 0u;
    uint32_t release = (!SHORT_TERM || rule->timing == TIMING_STATIC) ? STP_ONE :
        stp_release(rule, p->lut, &row[2], since);
    row[1] = (uint32_t) t_pre;
    uint32_t shift = 31u + rule->extra_shift, saturated = 0, count = row[0];
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t units = (uint32_t) (((uint64_t) (w >> 16) * release +
                                      ((uint64_t) 1 << (shift - 1u))) >> shift);
        uint32_t idx = ring_index((tick + word_delay(w, index_bits, type_bits)) &
                                  (RING_SLOTS - 1u), word_type(w, index_bits, type_bits),
                                  word_index(w, index_bits), n_types, n);
        saturated += ring_add(&ring[idx], units);
    }
    core_count(core, CNT_SYNAPTIC_EVENTS, count);
    if (saturated) {
        core_count(core, CNT_RING_SATURATIONS, saturated);
    }
    core_count(core, CNT_TOTAL_CYCLES, 150u + 12u * count);
}

//! A stochastic row (PyNN's SimpleStochasticSynapse, NEST's bernoulli_synapse): each synapse
//! transmits each spike with probability p.  The draw is a pure function of the projection's
//! seed, the pre neuron's population index (row word 2), the target's population index
//! (row word 3 is the core's first atom), the synapse's rank among the row's synapses onto
//! the same target (the host sorts a row by target) and the sending tick: the same for any
//! partitioning, placement and thread count.
static void stochastic_row(core_t *core, const plastic_t *p, const plastic_entry_t *x,
                           const uint32_t *row, uint32_t r, uint32_t tick, uint16_t *ring,
                           uint32_t n, uint32_t n_types, uint32_t index_bits,
                           uint32_t type_bits) {
    const plastic_rule_t *rule = &p->rule[x->rule];
    uint32_t stage_delay = x->stage_rows ? (r / x->stage_rows + 1u) * x->stage_ticks : 0u;
    uint64_t t_pre = tick - stage_delay;
    uint64_t seed = ((uint64_t) rule->seed_hi << 32) | rule->seed_lo;
    uint64_t pre_stream = atom_stream(seed, row[2]);
    uint32_t shift = rule->extra_shift, half = shift ? (1u << (shift - 1u)) : 0u;
    uint32_t saturated = 0, sent = 0, count = row[0], rank = 0, last = UINT32_MAX;
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t i = word_index(w, index_bits);
        rank = (i == last) ? rank + 1u : 0u;
        last = i;
        uint64_t target = ((uint64_t) row[3] + i) * 256u + (rank & 0xFFu);
        uint64_t stream = mix64(pre_stream ^ mix64((target + 1u) * GOLDEN_GAMMA));
        if ((stream_uniform32(stream, t_pre) >> 1) >= rule->stp_u) {
            continue;   // u1.31 uniform >= p: not transmitted
        }
        uint32_t idx = ring_index((tick + word_delay(w, index_bits, type_bits)) &
                                  (RING_SLOTS - 1u), word_type(w, index_bits, type_bits), i,
                                  n_types, n);
        saturated += ring_add(&ring[idx], ((w >> 16) + half) >> shift);
        sent++;
    }
    core_count(core, CNT_SYNAPTIC_EVENTS, sent);
    if (saturated) {
        core_count(core, CNT_RING_SATURATIONS, saturated);
    }
    core_count(core, CNT_TOTAL_CYCLES, 100u + 20u * count);
}

#include "plastic_quantal.h"

//! Process plastic row `r` of entry `x` for a pre spike arriving in `tick`: update every
//! synapse, write the row back and add the new weights into the ring buffers.
static void plastic_row(core_t *core, plastic_t *p, const plastic_entry_t *x, uint32_t r,
                        uint32_t tick, uint16_t *ring, uint32_t n, uint32_t n_types,
                        uint32_t index_bits, uint32_t type_bits) {
    uint32_t *row = p->matrix + x->offset + r * x->row_stride;
    if (SHORT_TERM && p->rule[x->rule].timing == TIMING_STOCHASTIC) {
        stochastic_row(core, p, x, row, r, tick, ring, n, n_types, index_bits, type_bits);
        return;
    }
    if (timing_is_quantal(p->rule[x->rule].timing)) {
        quantal_row(core, p, x, row, r, tick, ring, n, n_types, index_bits, type_bits);
        return;
    }
    if (NEUROMODULATION && p->rule[x->rule].timing == TIMING_DOPAMINE) {
        dopamine_row(core, p, x, row, tick, n, index_bits, type_bits);
        return;
    }
    if (NEUROMODULATION && p->rule[x->rule].timing == TIMING_NEUROMOD) {
        nm_row(core, p, x, r, tick, ring, n, n_types, index_bits, type_bits);
        return;
    }
    if (WEIGHT_CHANGE && p->rule[x->rule].timing == TIMING_WEIGHT_CHANGER) {
        wc_changer_row(core, p, x, row, tick, index_bits);
        return;
    }
    if (WEIGHT_CHANGE && p->rule[x->rule].timing == TIMING_WEIGHT_CHANGEABLE) {
        wc_changeable_row(core, p, x, row, tick, ring, n, n_types, index_bits, type_bits);
        return;
    }
    if (!timing_is_stdp(p->rule[x->rule].timing)) {   // Tsodyks-Markram or static
        if (SHORT_TERM || STRUCTURAL_PLASTICITY) {
            short_term_row(core, p, x, row, r, tick, ring, n, n_types, index_bits, type_bits);
        }
        return;
    }
    if (RECURRENT_RULE && p->rule[x->rule].timing == TIMING_RECURRENT) {
        recurrent_row(core, p, x, row, r, tick, ring, n, n_types, index_bits, type_bits);
        return;
    }
    if (!PLASTIC_STDP) {
        return;   // (refused at load: not in this binary)
    }
    pre_event_t ev;
    pre_event_init(&ev, p, x, row, r, tick);
    // an axonal row is processed in the tick before its spike reaches the synapses (tick is
    // then that arrival, plastic_axonal.h): its post spikes pair at no delay, the pre spike
    // counts at its arrival, and a post spike in the arrival tick comes after it (the input
    // enters before the membrane update): post spikes in [last arrival, arrival) potentiate
    const int axonal = AXONAL_DELAY && ev.rule->no_backprop == POST_AXONAL;
    if (axonal) {
        axonal_event(&ev, row, tick);
    }
    const int32_t t_pre = (int32_t) (tick - ev.stage_delay);
    uint32_t since = (t_pre > ev.t_last) ? (uint32_t) (t_pre - ev.t_last) : 0u;
    if (ev.rule->timing == TIMING_TRIPLET) {
        ev.x_now = lut_decay(&p->lut[ev.rule->lut_x], since, row[3]);
    }
    const uint32_t extra = ev.rule->extra_shift;
    const uint32_t half = extra ? (1u << (extra - 1u)) : 0u;
    uint32_t saturated = 0, count = row[0];
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t d_core = word_delay(w, index_bits, type_bits);
        uint32_t i = word_index(w, index_bits);
        int32_t d = axonal ? 0 : post_delay(&ev, d_core + ev.stage_delay);
        int64_t wx = plastic_synapse(p, &ev, i, d, ltp_begin(p, &ev, i, axonal ? 1 : d),
                                     t_pre, (int64_t) (w >> 16) * 65536);
        w = write_weight(&ev, w, wx);
        row[PLASTIC_ROW_HEADER_WORDS + s] = w;
        uint32_t idx = ring_index((axonal ? tick : tick + d_core) & (RING_SLOTS - 1u),
                                  word_type(w, index_bits, type_bits), i, n_types, n);
        saturated += ring_add(&ring[idx], ((w >> 16) + half) >> extra);
    }
    // the row's pre traces move on to this spike
    row[2] = trace_after_spike(ev.rule->timing, ev.lut_plus, since, ev.k_last);
    if (ev.rule->timing == TIMING_TRIPLET) {
        row[3] = (ev.x_now + TRACE_ONE > TRACE_MAX) ? TRACE_MAX : ev.x_now + TRACE_ONE;
    }
    row[1] = (uint32_t) t_pre;
    // cycle-equivalents: ~ 40 per plastic synapse (sPyNNaker's ~4x a static one)
    plastic_row_counts(core, &ev, count, saturated, 40u);
}

#include "plastic_axonal.h"

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
            if (AXONAL_DELAY && p->ax_base[lo] != AX_NONE) {
                axonal_arrive(core, p, x, lo, r, tick, ring, n, n_types, index_bits,
                              type_bits);
            } else {
                plastic_row(core, p, x, r, tick, ring, n, n_types, index_bits, type_bits);
            }
            found++;
        }
    }
    return found;
}

#endif  // PLASTIC_CORE_H

//! \file
//! \brief Dopamine-modulated STDP on a neuron core (Izhikevich 2007; sPyNNaker's
//! extra_models.Neuromodulation): dopamine rows, each neuron's dopamine history, and the
//! synapse update that carries weight and eligibility trace through the post spikes and
//! dopamine events since the synapse's last update (docs/plasticity.md, section 8).
//!
//! A neuromodulated row is [count, last pre tick, pre trace, 0, 0, synapse words[cap],
//! eligibility words[cap]] with cap = (stride - header) / 2: synapse s keeps its eligibility
//! trace c (int32, 2^-8 plastic units) cap words after its synapse word.  On the synapse's
//! time line a post spike t_post counts at t_post + d (all delay dendritic, as for the pair
//! rule) and a dopamine spike at the tick it reaches the neuron (sent + its delay), as NEST's
//! stdp_dopamine_synapse sees the volume transmitter's spikes.  Included by plastic_core.h.
#ifndef NEUROMOD_CORE_H
#define NEUROMOD_CORE_H

#include "plasticity/neuromodulation.h"

//! Words of synapses (and of eligibility traces) a neuromodulated row has room for.
static inline uint32_t nm_capacity(const plastic_entry_t *x) {
    return (x->row_stride - PLASTIC_ROW_HEADER_WORDS) / 2u;
}

//! D of neuron i at tick t (the events up to t folded into its base); *next gets the index
//! of its first event after t.
COMPACT_CODE static int32_t dopa_level_at(const dopamine_t *h, uint32_t i, int32_t t, uint32_t *next) {
    const int32_t *time = h->time + i * DOPA_HISTORY_SIZE, *jump = h->jump + i * DOPA_HISTORY_SIZE;
    int32_t d = h->base[i], at = h->base_time[i];
    uint32_t k = 0;
    for (; k < h->count[i] && time[k] <= t; k++) {
        d = nm_add_level(nm_decay_level(h->lut_d, (uint32_t) (time[k] - at), d), jump[k]);
        at = time[k];
    }
    *next = k;
    return (t > at) ? nm_decay_level(h->lut_d, (uint32_t) (t - at), d) : d;
}

//! Fold every dopamine event of neuron i at or before `bound` into its base (each synapse
//! of the neuron is past `bound`).
COMPACT_CODE static void dopa_fold(dopamine_t *h, uint32_t i, int32_t bound) {
    int32_t *time = h->time + i * DOPA_HISTORY_SIZE, *jump = h->jump + i * DOPA_HISTORY_SIZE;
    uint32_t n = h->count[i], k = 0;
    for (; k < n && time[k] <= bound; k++) {
        h->base[i] = nm_add_level(nm_decay_level(h->lut_d, (uint32_t) (time[k] - h->base_time[i]),
                                                 h->base[i]), jump[k]);
        h->base_time[i] = time[k];
    }
    if (k > 0) {
        memmove(time, time + k, (n - k) * sizeof(int32_t));
        memmove(jump, jump + k, (n - k) * sizeof(int32_t));
        h->count[i] = (uint8_t) (n - k);
    }
}

//! A dopamine spike reaching neuron i at tick t: kept in tick order (spikes for one tick add
//! up).  A full history drops its oldest event (counted: synapses not yet past it lose it).
COMPACT_CODE static void dopa_add(core_t *core, dopamine_t *h, uint32_t i, int32_t t, int32_t jump) {
    int32_t *time = h->time + i * DOPA_HISTORY_SIZE, *jmp = h->jump + i * DOPA_HISTORY_SIZE;
    uint32_t n = h->count[i], k = n;
    while (k > 0 && time[k - 1u] > t) {
        k--;
    }
    if (k > 0 && time[k - 1u] == t) {
        jmp[k - 1u] = nm_add_level(jmp[k - 1u], jump);
        return;
    }
    if (n == DOPA_HISTORY_SIZE) {
        core_count(core, CNT_HISTORY_OVERFLOWS, 1);
        dopa_fold(h, i, time[0]);
        n--;
        k = (k > 0) ? k - 1u : 0u;
    }
    memmove(time + k + 1u, time + k, (n - k) * sizeof(int32_t));
    memmove(jmp + k + 1u, jmp + k, (n - k) * sizeof(int32_t));
    time[k] = t;
    jmp[k] = jump;
    h->count[i] = (uint8_t) (n + 1u);
}

//! A dopamine row (reward: + weight, punishment: - weight; rule->weight says which): each
//! synapse's target gets an event at arrival tick + its delay.  Weights never change.
COMPACT_CODE static void dopamine_row(core_t *core, plastic_t *p, const plastic_entry_t *x,
                         const uint32_t *row, uint32_t tick, uint32_t n,
                         uint32_t index_bits, uint32_t type_bits) {
    const plastic_rule_t *rule = &p->rule[x->rule];
    uint32_t count = row[0];
    if (p->dopa.lut_d != NULL) {
        for (uint32_t s = 0; s < count; s++) {
            uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s], i = word_index(w, index_bits);
            int32_t jump = (int32_t) ((w >> 16) << rule->extra_shift);
            if (i < n) {
                dopa_add(core, &p->dopa, i, (int32_t) (tick + word_delay(w, index_bits, type_bits)),
                         rule->weight ? -jump : jump);
            }
        }
    }
    core_count(core, CNT_SYNAPTIC_EVENTS, count);
    core_count(core, CNT_TOTAL_CYCLES, 60u + 30u * count);
}

//! Bring one neuromodulated synapse onto neuron i (total delay d) from its last update
//! (tick t0 on its time line) to t1: every post spike and dopamine event in (t0, t1] in
//! tick order, the weight integrated between them; at a pre spike (`depress`) the
//! depression by the post trace follows.  Returns the state; *sat counts c saturations.
COMPACT_CODE static nm_state_t nm_synapse(const plastic_t *p, pre_event_t *ev, uint32_t i, int32_t d,
                             int32_t t0, int32_t t1, int64_t wx, int64_t c, int depress,
                             uint32_t *sat) {
    const plastic_rule_t *r = ev->rule;
    const uint32_t *lut_c = &p->lut[r->lut_rec], *lut_d = p->dopa.lut_d;
    const int64_t range = (int64_t) r->w_max * 65536;
    nm_state_t s = {wx, c, 0};
    uint32_t k;
    s.d = dopa_level_at(&p->dopa, i, t0, &k);
    const int32_t *dtime = p->dopa.time + i * DOPA_HISTORY_SIZE;
    const int32_t *djump = p->dopa.jump + i * DOPA_HISTORY_SIZE;
    const uint32_t nd = p->dopa.count[i];
    const uint32_t count = p->h_count[i], base = i * POST_HISTORY_SIZE;
    uint32_t slot = (p->h_next[i] + POST_HISTORY_SIZE - count) & HISTORY_MASK, j = 0;
    uint32_t ltd = POST_HISTORY_SIZE;
    // post spikes up to t0 - d were taken by earlier updates (the newest before t1 - d
    // still gives the depression's trace)
    for (; j < count && p->h_time[base + slot] <= t0 - d; j++, slot = (slot + 1u) & HISTORY_MASK) {
        if (p->h_time[base + slot] < t1 - d) {
            ltd = slot;
        }
    }
    int32_t now = t0;
    for (;;) {
        int32_t tp = (j < count) ? p->h_time[base + slot] + d : INT32_MAX;
        int32_t td = (k < nd) ? dtime[k] : INT32_MAX;
        int32_t t = (tp < td) ? tp : td;
        if (t > t1) {
            break;
        }
        nm_advance(&s, r, lut_c, lut_d, (uint32_t) (t - now));
        now = t;
        if (td == t) {
            s.d = nm_add_level(s.d, djump[k++]);
        }
        if (tp == t) {
            if (ev->k_last != 0) {
                uint32_t kp = lut_decay(ev->lut_plus, (uint32_t) (t - ev->t_last), ev->k_last);
                s.c = nm_add_elig(s.c, (int64_t) scale_by(amplitude_times(r->a_plus, kp), range),
                                  sat);
            }
            if (t < t1) {
                ltd = slot;
            }
            j++;
            slot = (slot + 1u) & HISTORY_MASK;
        }
    }
    nm_advance(&s, r, lut_c, lut_d, (uint32_t) (t1 - now));
    if (depress && ltd != POST_HISTORY_SIZE) {
        uint32_t km = lut_decay(ev->lut_minus, (uint32_t) (t1 - d - p->h_time[base + ltd]),
                                p->h_trace[(base + ltd) * p->n_traces + r->post_trace]);
        s.c = nm_add_elig(s.c, -(int64_t) scale_by(amplitude_times(r->a_minus, km), range), sat);
    }
    return s;
}

//! The tick on a synapse's time line up to which it has been brought (its row's last pre
//! spike, or the neuron's last flush).
static inline int32_t nm_since(const plastic_t *p, const pre_event_t *ev, uint32_t i) {
    int32_t from = ev->t_last, flushed = p->h_flushed[i];
    return (flushed != NO_TIME && flushed - (int32_t) ev->stage_delay > from) ?
        flushed - (int32_t) ev->stage_delay : from;
}

//! Bring the synapse at matrix word `word` (eligibility trace cap words after it) onto
//! neuron i with total delay d from its last update to t1, depressing at a pre spike;
//! writes weight and trace back and returns the synapse word.
COMPACT_CODE static uint32_t nm_update(plastic_t *p, pre_event_t *ev, uint32_t *word,
                                       uint32_t cap, uint32_t i, int32_t d, int32_t t1,
                                       int depress) {
    uint32_t w = *word, sat = 0;
    int32_t t0 = nm_since(p, ev, i);
    nm_state_t s = nm_synapse(p, ev, i, d, t0, t1, (int64_t) (w >> 16) * 65536,
                              nm_load_elig(word[cap]), depress, &sat);
    check_dropped(p, ev, i, d, t0 - d, t1 - d, 1);
    *word = write_weight(ev, w, s.wx);
    word[cap] = nm_store_elig(s.c);
    ev->overflows += sat;
    return *word;
}

//! A flush brings a neuromodulated synapse (matrix word `word`) up to tick - stage delay.
static void nm_flush_synapse(core_t *core, plastic_t *p, pre_event_t *ev,
                             const plastic_entry_t *x, uint32_t i, uint32_t word, uint32_t tick,
                             uint32_t index_bits, uint32_t type_bits) {
    int32_t d = (int32_t) (word_delay(p->matrix[word], index_bits, type_bits) + ev->stage_delay);
    int32_t t1 = (int32_t) (tick - ev->stage_delay);
    if (t1 > nm_since(p, ev, i)) {
        nm_update(p, ev, &p->matrix[word], nm_capacity(x), i, d, t1, 0);
        plastic_counts(core, ev);
    }
}

//! A pre spike's neuromodulated row: every synapse brought to the spike's tick, depressed,
//! written back and delivered with its new weight.
COMPACT_CODE static void nm_row(core_t *core, plastic_t *p, const plastic_entry_t *x, uint32_t r,
                   uint32_t tick, uint16_t *ring, uint32_t n, uint32_t n_types,
                   uint32_t index_bits, uint32_t type_bits) {
    uint32_t *row = p->matrix + x->offset + r * x->row_stride;
    pre_event_t ev;
    pre_event_init(&ev, p, x, row, r, tick);
    const int32_t t_pre = (int32_t) (tick - ev.stage_delay);
    const uint32_t since = (t_pre > ev.t_last) ? (uint32_t) (t_pre - ev.t_last) : 0u;
    const uint32_t extra = ev.rule->extra_shift, half = extra ? (1u << (extra - 1u)) : 0u;
    const uint32_t cap = nm_capacity(x);
    uint32_t saturated = 0, count = row[0];
    for (uint32_t s = 0; s < count; s++) {
        uint32_t *word = &row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t d_core = word_delay(*word, index_bits, type_bits), i = word_index(*word, index_bits);
        uint32_t w = nm_update(p, &ev, word, cap, i, (int32_t) (d_core + ev.stage_delay), t_pre, 1);
        uint32_t idx = ring_index((tick + d_core) & (RING_SLOTS - 1u),
                                  word_type(w, index_bits, type_bits), i, n_types, n);
        saturated += ring_add(&ring[idx], ((w >> 16) + half) >> extra);
    }
    row[2] = trace_add_spike(ev.lut_plus, since, ev.k_last);
    row[1] = (uint32_t) t_pre;
    plastic_row_counts(core, &ev, count, saturated, 60u);
}

//! Timer phase: a neuron holding DOPA_FLUSH_AT dopamine events or more is flushed (its
//! synapses brought to this tick less their stage delay, the events every synapse is past
//! folded into its base), so that the history does not fill in the packet phase.
static inline int dopa_wants_flush(const plastic_t *p, uint32_t i, uint32_t tick) {
    return p->dopa.count[i] >= DOPA_FLUSH_AT &&
        p->dopa.time[i * DOPA_HISTORY_SIZE] < (int32_t) tick;
}

//! The tick up to which a flush in `tick` brings a synapse of this row: no earlier pre
//! spike of the row can still arrive.
static inline int32_t nm_flushed_to(const pre_event_t *ev, uint32_t tick) {
    int32_t t = (int32_t) (tick - ev->stage_delay);
    return (ev->t_last > t) ? ev->t_last : t;
}

#endif  // NEUROMOD_CORE_H

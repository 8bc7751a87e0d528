//! \file
//! \brief The neuron core's packet path: a received spike's row added into the ring buffers,
//! and the host-only prefetch stages that warm it (a part of neuron_core_impl.h, included
//! by it where neuron_core_t and the core's helpers are defined; not a header of its own).
#ifndef NEURON_CORE_PACKET_H
#define NEURON_CORE_PACKET_H

//! Add a static row's synapses into the ring buffers (the row of a packet received in
//! `tick`; row[0] words follow, checked on load against the row stride).
static inline __attribute__((always_inline)) void add_row(core_t *core, neuron_core_t *c,
                                                          const uint32_t *row, uint32_t tick) {
    uint32_t n_words = row[0], saturated = 0;
    if (c->type_bits <= 2u) {
        if (!c->off_ready || c->off_tick != tick) {
            // ring index of neuron 0 per (delay, type) at this tick: same as ring_index()
            uint32_t n_types = 1u << c->type_bits;
            for (uint32_t d = 0; d < (1u << DELAY_BITS); d++) {
                for (uint32_t t = 0; t < n_types; t++) {
                    c->off[(d << c->type_bits) | t] = ring_index(
                        (tick + d) & (RING_SLOTS - 1u), t, 0, SYNAPSE_TYPES, c->n);
                }
            }
            c->off_tick = tick;
            c->off_ready = 1u;
        }
        const uint32_t shift = c->index_bits;
        const uint32_t dt_mask = (1u << (DELAY_BITS + c->type_bits)) - 1u;
        const uint32_t index_mask = (1u << shift) - 1u;
        uint16_t *ring = c->ring;
        for (uint32_t s = 1; s <= n_words; s++) {
            uint32_t w = row[s];
            uint32_t idx = c->off[(w >> shift) & dt_mask] + (w & index_mask);
            // branch-free saturating add (same result and count as ring_add)
            uint32_t sum = (uint32_t) ring[idx] + (w >> 16);
            saturated += sum >> 16;
            ring[idx] = (uint16_t) (sum > 0xFFFFu ? 0xFFFFu : sum);
        }
    } else {
        for (uint32_t s = 1; s <= n_words; s++) {
            uint32_t w = row[s];
            uint32_t slot = (tick + word_delay(w, c->index_bits, c->type_bits)) &
                (RING_SLOTS - 1u);
            uint32_t idx = ring_index(slot, word_type(w, c->index_bits, c->type_bits),
                                      word_index(w, c->index_bits), SYNAPSE_TYPES, c->n);
            saturated += ring_add(&c->ring[idx], word_weight(w));
        }
    }
    core_count(core, CNT_SYNAPTIC_EVENTS, n_words);
    if (saturated) {
        core_count(core, CNT_RING_SATURATIONS, saturated);
    }
    // cycle-equivalents: ~ 100 per packet (table search, DMA set-up) + ~ 8 per synapse
    core_count(core, CNT_TOTAL_CYCLES, 100u + 8u * n_words);
}

//! The static row of `key` and its stride (words), NULL if the master population table
//! has none.
static inline const uint32_t *find_row(const neuron_core_t *c, uint32_t key,
                                       uint32_t *stride) {
    const pop_entry_t *e = pop_index_find(&c->pop_index, c->pop, c->n_pop, key);
    uint32_t r = e ? pop_entry_row(e, key) : UINT32_MAX;
    if (r == UINT32_MAX) {
        return NULL;
    }
    *stride = e->row_stride;
    return c->matrix + e->offset + r * e->row_stride;
}

static void app_packet(core_t *core, void *state, uint32_t key, uint32_t tick) {
    neuron_core_t *c = state;
    core_count(core, CNT_PACKETS_RECEIVED, 1);
    uint32_t plastic = (c->plastic.n_entries == 0) ? 0 : plastic_packet(
        core, &c->plastic, key, tick, c->ring, c->n, SYNAPSE_TYPES, c->index_bits,
        c->type_bits);
    if (plastic) {
        structural_spike(&c->structural, &c->plastic, key);
    }
    uint32_t stride;
    const uint32_t *row = find_row(c, key, &stride);
    if (row == NULL) {
        if (plastic == 0) {
            core_count(core, CNT_POP_TABLE_MISSES, 1);
        }
        return;
    }
    add_row(core, c, row, tick);
}

//! Start loading what a packet with this key will read: rows live in the chip's SDRAM, far
//! beyond the host's caches in big networks, and the delivery loop calls this a few packets
//! ahead (the chip overlaps its row DMAs with processing the same way).  Stage 0 fetches
//! the population-index slot, stage 1 finds the row (left in the memo) and fetches it,
//! stage 2 (the row has arrived) the ring-buffer entries its synapses will add to in `tick`.
#ifndef __arm__   // (the chip has no host caches to warm: no prefetch hook, no ITCM spent)
static void app_prefetch(const core_t *core, const void *state, uint32_t key,
                         uint32_t stage, uint32_t tick, const void **memo) {
    (void) core;
    const neuron_core_t *c = state;
#if defined(__GNUC__)
    if (stage == 0) {
        __builtin_prefetch(pop_index_home(&c->pop_index, key));   // the slot, then the row
        return;
    }
    if (stage == 1) {
        uint32_t stride;
        const uint32_t *row = find_row(c, key, &stride);
        *memo = row;
        if (row != NULL) {
            __builtin_prefetch(row);
            if (stride > 16u) {
                __builtin_prefetch(row + 16);
            }
        }
        return;
    }
    const uint32_t *row = *memo;
    if (row == NULL) {
        return;
    }
    // (row[0] <= row_stride - 1 was checked on load; the words are those add_row adds)
    uint32_t n_words = row[0];
    for (uint32_t s = 1; s <= n_words; s++) {
        uint32_t w = row[s];
        uint32_t slot = (tick + word_delay(w, c->index_bits, c->type_bits)) &
            (RING_SLOTS - 1u);
        __builtin_prefetch(&c->ring[ring_index(slot, word_type(w, c->index_bits, c->type_bits),
                                               word_index(w, c->index_bits), SYNAPSE_TYPES,
                                               c->n)], 1);
    }
#else
    (void) key;
    (void) stage;
    (void) tick;
    (void) memo;
#endif
}

//! A packet whose row app_prefetch found (the memo; NULL: none).  A core with plastic rows
//! takes the ordinary path (its plastic synapses come first).
static void app_packet_memo(core_t *core, void *state, uint32_t key, uint32_t tick,
                            const void *memo) {
    neuron_core_t *c = state;
    if (memo == NULL || c->plastic.n_entries != 0) {
        app_packet(core, state, key, tick);
        return;
    }
    core_count(core, CNT_PACKETS_RECEIVED, 1);
    add_row(core, c, memo, tick);
}

#define APP_PREFETCH app_prefetch
#define APP_PACKET_MEMO app_packet_memo
#else
#define APP_PREFETCH NULL
#define APP_PACKET_MEMO NULL
#endif

#endif  // NEURON_CORE_PACKET_H

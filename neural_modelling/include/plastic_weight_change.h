//! \file
//! \brief Rows of weight-changing synapses on a neuron core (the queue:
//! c_models/plasticity/weight_change.h).
//!
//! Both row kinds are [count, unused, pre neuron's population index, unused, unused,
//! synapse words]; a changer row's synapse word holds the change (plastic units of the
//! changeable projection it names in its rule's `post_trace`) where a weight would be.
#ifndef PLASTIC_WEIGHT_CHANGE_H
#define PLASTIC_WEIGHT_CHANGE_H

#include "plasticity/weight_change.h"

//! A changer row arriving in `tick`: queue its changes at its targets.
COMPACT_CODE static void wc_changer_row(core_t *core, const plastic_t *p,
                                        const plastic_entry_t *x, const uint32_t *row,
                                        uint32_t tick, uint32_t index_bits) {
    uint32_t target = p->rule[x->rule].post_trace, count = row[0], dropped = 0;
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t *q = p->matrix + word_index(w, index_bits) * WC_NEURON_WORDS;
        dropped += wc_queue_add(q, w >> 16, target, row[2], tick);
    }
    if (dropped) {
        core_count(core, CNT_HISTORY_OVERFLOWS, dropped);
    }
    core_count(core, CNT_TOTAL_CYCLES, 100u + 20u * count);
}

//! A changeable row arriving in `tick`: apply the changes queued for its pre neuron before
//! this tick, write the weights back, and add them into the ring buffers.
COMPACT_CODE static void wc_changeable_row(core_t *core, const plastic_t *p,
                                           const plastic_entry_t *x, uint32_t *row,
                                           uint32_t tick, uint16_t *ring, uint32_t n,
                                           uint32_t n_types, uint32_t index_bits,
                                           uint32_t type_bits) {
    const plastic_rule_t *rule = &p->rule[x->rule];
    uint32_t extra = rule->extra_shift, half = extra ? (1u << (extra - 1u)) : 0u;
    uint32_t saturated = 0, applied = 0, count = row[0];
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t i = word_index(w, index_bits);
        uint32_t units = wc_queue_apply(p->matrix + i * WC_NEURON_WORDS, x->rule, row[2],
                                        tick, (int32_t) (w >> 16), rule->w_min, rule->w_max,
                                        &applied);
        w = (w & 0xFFFFu) | (units << 16);
        row[PLASTIC_ROW_HEADER_WORDS + s] = w;
        uint32_t idx = ring_index((tick + word_delay(w, index_bits, type_bits)) &
                                  (RING_SLOTS - 1u), word_type(w, index_bits, type_bits), i,
                                  n_types, n);
        saturated += ring_add(&ring[idx], (units + half) >> extra);
    }
    core_count(core, CNT_PLASTIC_UPDATES, applied);
    core_count(core, CNT_SYNAPTIC_EVENTS, count);
    if (saturated) {
        core_count(core, CNT_RING_SATURATIONS, saturated);
    }
    core_count(core, CNT_TOTAL_CYCLES, 100u + 30u * count);
}

#endif  // PLASTIC_WEIGHT_CHANGE_H

//! \file
//! \brief The synaptic word and the master population table.
//!
//! A synaptic word is weight (16 bits, top) | delay (DELAY_BITS) | synapse type (type_bits) |
//! neuron index (index_bits, bottom).  A row is a count word followed by that many synaptic
//! words; rows of one master population table entry are row_stride words apart.
//!
//! An entry covers a whole source population (application level: one block whose rows
//! are laid out for every source core, row = core * n_neurons + atom) or one source core
//! (the same format: core_shift is the width of ~mask, so the core is always 0).
#ifndef SYNAPSE_ROW_H
#define SYNAPSE_ROW_H

#include <stdint.h>
#include "generated/regions.h"

static inline uint32_t word_weight(uint32_t w) {
    return w >> 16;
}

static inline uint32_t word_delay(uint32_t w, uint32_t index_bits, uint32_t type_bits) {
    return (w >> (index_bits + type_bits)) & ((1u << DELAY_BITS) - 1u);
}

static inline uint32_t word_type(uint32_t w, uint32_t index_bits, uint32_t type_bits) {
    return (w >> index_bits) & ((1u << type_bits) - 1u);
}

static inline uint32_t word_index(uint32_t w, uint32_t index_bits) {
    return w & ((1u << index_bits) - 1u);
}

//! Binary search of a key in a table sorted by key; NULL if no entry matches.
static inline const pop_entry_t *pop_table_find(const pop_entry_t *table, uint32_t n,
                                                uint32_t key) {
    uint32_t lo = 0, hi = n;   // find the last entry with entry.key <= key
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (table[mid].key <= key) {
            lo = mid + 1u;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    const pop_entry_t *e = &table[lo - 1u];
    return ((key & e->mask) == e->key) ? e : NULL;
}

//! The row of `key` in entry `e`'s block, or UINT32_MAX when the key has none (an atom
//! beyond the core's n_neurons, or a row beyond n_rows).  core_shift <= 31 (checked on
//! load); a row is < n_rows, so row * row_stride stays inside the checked block.
static inline uint32_t pop_entry_row(const pop_entry_t *e, uint32_t key) {
    uint32_t index = key & ~e->mask;
    uint32_t atom = index & ((1u << e->core_shift) - 1u);
    uint32_t row = (index >> e->core_shift) * e->n_neurons + atom;
    return (atom < e->n_neurons && row < e->n_rows) ? row : UINT32_MAX;
}

#endif  // SYNAPSE_ROW_H

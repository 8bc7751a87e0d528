//! \file
//! \brief A hash index over the master population table: a key's entry in one probe.
//!
//! A core finds the entry of an arriving key by binary search (pop_table_find), as on the
//! chip, where the table sits in DTCM.  In the virtual machine a big network has hundreds of
//! cores and tables that do not stay in the host's caches, so each search step becomes a cache
//! miss.  The index maps a key's block (key >> shift) to the entry the search would return.
//! It is built only when that answer is provably the same for every key of a block: every
//! mask is a run of ones from the top, at least `shift` low bits wide, and every entry key is
//! a multiple of 2^shift.  Otherwise (or when there is no host memory for it) the core
//! searches.  Host memory only: nothing of it is part of the chip's memory model.
#ifndef POP_INDEX_H
#define POP_INDEX_H

#include <stdint.h>
#include "synapse_row.h"

//! One slot: a block and a copy of its entry, so that a lookup reads one cache line.  A
//! slot is in use when its entry's row_stride is not 0 (every loaded entry has one).
typedef struct {
    uint32_t block;      //!< key >> shift of the keys this slot answers for
    pop_entry_t entry;   //!< the entry the search finds for the block's keys
} pop_index_slot_t;     // (32 bytes a slot: never across two cache lines)

typedef struct {
    uint32_t shift;      //!< a key's block is key >> shift
    uint32_t bits;       //!< log2 of the slots (0: no index)
    pop_index_slot_t *slot;
} pop_index_t;

//! Blocks beyond which an index is not worth its memory (per table entry, and in all).
#define POP_INDEX_BLOCKS_PER_ENTRY 16u
#define POP_INDEX_MAX_SLOTS (1u << 20)

static inline uint32_t pop_index_hash(uint32_t block, uint32_t bits) {
    return (block * 2654435761u) >> (32u - bits);
}

//! The slots (a power of two, two per block) an index of this table needs, and its block
//! shift; 0 when the table has no index (the search must be used).
static inline uint32_t pop_index_slots(const pop_entry_t *table, uint32_t n, uint32_t *shift) {
    uint32_t s = 32u;
    for (uint32_t e = 0; e < n; e++) {
        uint32_t low = ~table[e].mask;
        if (table[e].mask == 0 || (low & (low + 1u)) != 0) {
            return 0;   // matches everything, or not a run of ones from the top
        }
        uint32_t width = (uint32_t) __builtin_ctz(table[e].mask);
        s = (width < s) ? width : s;
    }
    uint64_t blocks = 0;
    for (uint32_t e = 0; e < n; e++) {
        if (table[e].key & ((1u << s) - 1u)) {
            return 0;   // an entry starts inside a block
        }
        blocks += (uint64_t) 1 << ((uint32_t) __builtin_ctz(table[e].mask) - s);
    }
    if (n == 0 || blocks > (uint64_t) POP_INDEX_BLOCKS_PER_ENTRY * n + 64u) {
        return 0;
    }
    uint32_t slots = 16u;
    while (slots < 2u * blocks) {
        slots *= 2u;
    }
    *shift = s;
    return (slots <= POP_INDEX_MAX_SLOTS) ? slots : 0;
}

//! Fill an index in `memory` (`slots` from pop_index_slots).
static inline void pop_index_build(pop_index_t *ix, const pop_entry_t *table, uint32_t n,
                                   pop_index_slot_t *memory, uint32_t slots, uint32_t shift) {
    ix->shift = shift;
    ix->bits = (uint32_t) __builtin_ctz(slots);
    ix->slot = memory;
    for (uint32_t i = 0; i < slots; i++) {
        memory[i] = (pop_index_slot_t) {0, {0, 0, 0, 0, 0, 0, 0}};
    }
    for (uint32_t e = 0; e < n; e++) {
        uint32_t count = 1u << ((uint32_t) __builtin_ctz(table[e].mask) - shift);
        for (uint32_t j = 0; j < count; j++) {
            uint32_t block = (table[e].key >> shift) + j;
            // the search's own answer for the block (the same for all of its keys)
            const pop_entry_t *found = pop_table_find(table, n, block << shift);
            if (found == NULL) {
                continue;
            }
            uint32_t h = pop_index_hash(block, ix->bits);
            while (memory[h].entry.row_stride != 0 && memory[h].block != block) {
                h = (h + 1u) & (slots - 1u);
            }
            memory[h].block = block;
            memory[h].entry = *found;
        }
    }
}

//! The slot a lookup of `key` reads first (to prefetch it); NULL without an index.
static inline const pop_index_slot_t *pop_index_home(const pop_index_t *ix, uint32_t key) {
    return ix->bits ? &ix->slot[pop_index_hash(key >> ix->shift, ix->bits)] : NULL;
}

//! The entry for `key`: equal to pop_table_find(table, n, key) (a copy when indexed).
static inline const pop_entry_t *pop_index_find(const pop_index_t *ix,
                                                const pop_entry_t *table, uint32_t n,
                                                uint32_t key) {
#ifdef __arm__   // (never built on the chip: read_synapses)
    (void) ix;
    return pop_table_find(table, n, key);
#endif
    if (ix->bits == 0) {
        return pop_table_find(table, n, key);
    }
    uint32_t block = key >> ix->shift, mask = (1u << ix->bits) - 1u;
    for (uint32_t h = pop_index_hash(block, ix->bits);; h = (h + 1u) & mask) {
        const pop_index_slot_t *s = &ix->slot[h];
        if (s->entry.row_stride == 0) {
            return NULL;
        }
        if (s->block == block) {
            return &s->entry;
        }
    }
}

#endif  // POP_INDEX_H

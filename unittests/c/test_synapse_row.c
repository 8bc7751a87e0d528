//! \file
//! \brief Synaptic word decoding and the master population table search.
#include <string.h>
#include "harness.h"
#include "synapse_row.h"
#include "pop_index.h"

static uint32_t pack(uint32_t weight, uint32_t delay, uint32_t type, uint32_t index,
                     uint32_t index_bits, uint32_t type_bits) {
    return (weight << 16) | (delay << (index_bits + type_bits)) | (type << index_bits) | index;
}

static void test_word_decode_fields(void) {
    uint32_t w = pack(0xABCD, 9, 1, 200, 8, 1);
    CHECK_EQ(word_weight(w), 0xABCD);
    CHECK_EQ(word_delay(w, 8, 1), 9);
    CHECK_EQ(word_type(w, 8, 1), 1);
    CHECK_EQ(word_index(w, 8), 200);
}

static void test_word_decode_extremes(void) {
    // all ones in every field, with the fields filling the low 16 bits exactly
    const uint32_t tb = 2, ib = 16 - tb - DELAY_BITS;
    CHECK_EQ(ib + tb + DELAY_BITS, 16);
    uint32_t w = 0xFFFFFFFFu;
    CHECK_EQ(word_weight(w), 0xFFFF);
    CHECK_EQ(word_delay(w, ib, tb), (1u << DELAY_BITS) - 1u);
    CHECK_EQ(word_type(w, ib, tb), 3);
    CHECK_EQ(word_index(w, ib), (1u << ib) - 1u);
    CHECK_EQ(word_weight(0), 0);
    CHECK_EQ(word_delay(0, ib, tb), 0);
    // no field leaks into its neighbour (fields below the weight fill at most 16 bits)
    for (uint32_t ib2 = 1; ib2 <= 11; ib2++) {
        for (uint32_t tb2 = 1; tb2 <= 2 && ib2 + tb2 + DELAY_BITS <= 16; tb2++) {
            uint32_t wi = pack(0, 0, 0, (1u << ib2) - 1u, ib2, tb2);
            uint32_t wt = pack(0, 0, (1u << tb2) - 1u, 0, ib2, tb2);
            uint32_t wd = pack(0, (1u << DELAY_BITS) - 1u, 0, 0, ib2, tb2);
            CHECK_EQ(word_type(wi, ib2, tb2), 0);
            CHECK_EQ(word_delay(wi, ib2, tb2), 0);
            CHECK_EQ(word_index(wt, ib2), 0);
            CHECK_EQ(word_delay(wt, ib2, tb2), 0);
            CHECK_EQ(word_type(wd, ib2, tb2), 0);
            CHECK_EQ(word_index(wd, ib2), 0);
            CHECK_EQ(word_weight(wd), 0);
            CHECK_EQ(word_delay(wd, ib2, tb2), (1u << DELAY_BITS) - 1u);
        }
    }
}

static const pop_entry_t TABLE[] = {
    {0x00010000u, 0xFFFF0000u, 0, 2, 100, 16, 100},
    {0x00020000u, 0xFFFFFF00u, 200, 3, 256, 8, 256},
    {0x00030000u, 0xFFFF0000u, 968, 2, 10, 16, 10},
    {0xFFFF0000u, 0xFFFF0000u, 988, 1, 1, 16, 1},
};
#define N_TABLE (sizeof(TABLE) / sizeof(TABLE[0]))

static void test_pop_table_hits(void) {
    CHECK(pop_table_find(TABLE, N_TABLE, 0x00010000u) == &TABLE[0]);   // lower boundary
    CHECK(pop_table_find(TABLE, N_TABLE, 0x00010005u) == &TABLE[0]);
    CHECK(pop_table_find(TABLE, N_TABLE, 0x0001FFFFu) == &TABLE[0]);   // upper boundary
    CHECK(pop_table_find(TABLE, N_TABLE, 0x000200FFu) == &TABLE[1]);
    CHECK(pop_table_find(TABLE, N_TABLE, 0x00030000u) == &TABLE[2]);
    CHECK(pop_table_find(TABLE, N_TABLE, 0xFFFF0000u) == &TABLE[3]);   // last entry
    CHECK(pop_table_find(TABLE, N_TABLE, 0xFFFFFFFFu) == &TABLE[3]);   // top of the key space
}

static void test_pop_table_misses(void) {
    CHECK(pop_table_find(TABLE, N_TABLE, 0x00000000u) == NULL);   // below the first entry
    CHECK(pop_table_find(TABLE, N_TABLE, 0x0000FFFFu) == NULL);
    CHECK(pop_table_find(TABLE, N_TABLE, 0x00020100u) == NULL);   // past entry 1's mask
    CHECK(pop_table_find(TABLE, N_TABLE, 0x0002FFFFu) == NULL);
    CHECK(pop_table_find(TABLE, N_TABLE, 0x00040000u) == NULL);   // gap between 2 and 3
    CHECK(pop_table_find(TABLE, N_TABLE, 0xFFFEFFFFu) == NULL);
    CHECK(pop_table_find(TABLE, 0, 0x00010000u) == NULL);         // empty table
    CHECK(pop_table_find(TABLE, 1, 0x00020000u) == NULL);         // beyond a 1-entry table
    CHECK(pop_table_find(TABLE, 1, 0x00010001u) == &TABLE[0]);
}

//! Binary search agrees with a linear scan over a large table with holes.
static void test_pop_table_matches_linear_scan(void) {
    static pop_entry_t big[1000];
    for (uint32_t i = 0; i < 1000; i++) {
        big[i] = (pop_entry_t) {(2u * i + 1u) << 8, 0xFFFFFF00u, i, 1, 256, 8, 256};
    }
    uint32_t bad = 0;
    for (uint32_t key = 0; key < (2002u << 8); key += 37u) {
        const pop_entry_t *want = NULL;
        for (uint32_t i = 0; i < 1000; i++) {
            if ((key & big[i].mask) == big[i].key) {
                want = &big[i];
                break;
            }
        }
        bad += pop_table_find(big, 1000, key) != want;
    }
    CHECK_EQ(bad, 0);
}

//! The hash index answers exactly as the search, on random tables of aligned blocks of
//! mixed sizes (with holes), and declines tables it cannot answer for.
static void test_pop_index_matches_search(void) {
    static pop_entry_t table[300];
    static pop_index_slot_t memory[POP_INDEX_MAX_SLOTS];
    uint32_t rng = 12345u, bad = 0, indexed = 0;
    for (uint32_t trial = 0; trial < 40; trial++) {
        uint32_t n = 1u + trial * 7u % 300u, key = (trial & 1u) ? 0x10000u : 0u;
        for (uint32_t e = 0; e < n; e++) {
            rng = rng * 1664525u + 1013904223u;
            uint32_t width = 4u + (rng >> 28) % 5u;          // blocks of 16..256 keys
            key = (key + (1u << width) - 1u) & ~((1u << width) - 1u);
            key += ((rng >> 8) & 3u) << width;               // holes between entries
            table[e] = (pop_entry_t) {key, ~((1u << width) - 1u), e, 1, 1, width, 1};
            key += 1u << width;
        }
        pop_index_t ix = {0, 0, NULL};
        uint32_t shift = 0, slots = pop_index_slots(table, n, &shift);
        CHECK(slots > 0);
        if (slots == 0) {
            continue;
        }
        pop_index_build(&ix, table, n, memory, slots, shift);
        indexed += ix.bits > 0;
        for (uint32_t k = 0; k < key + 100u; k += 1u + (k & 7u)) {
            const pop_entry_t *got = pop_index_find(&ix, table, n, k);
            const pop_entry_t *want = pop_table_find(table, n, k);
            bad += (got == NULL) != (want == NULL) ||
                   (got != NULL && memcmp(got, want, sizeof(*got)) != 0);
        }
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(indexed, 40);
    // a mask that is not a run of ones from the top, and an unaligned key: no index
    pop_entry_t odd[2] = {{0x100u, 0xFFFFFF0Fu, 0, 1, 1, 8, 1},
                          {0x208u, 0xFFFFFF00u, 0, 1, 1, 8, 1}};
    uint32_t shift = 0;
    CHECK_EQ(pop_index_slots(odd, 1, &shift), 0);
    CHECK_EQ(pop_index_slots(odd + 1, 1, &shift), 0);
    pop_index_t none = {0, 0, NULL};
    CHECK(pop_index_find(&none, odd, 2, 0x208u) == pop_table_find(odd, 2, 0x208u));
    CHECK(pop_index_home(&none, 0x208u) == NULL);
}

//! Rows of an application-level entry (a population of 3 cores of at most 100 atoms, 7
//! atom bits and 2 core bits: rows core * 100 + atom) and of a per-core entry, by hand.
static void test_pop_entry_rows(void) {
    const pop_entry_t app = {0x00000200u, 0xFFFFFE00u, 0, 4, 250, 7, 100};
    CHECK_EQ(pop_entry_row(&app, 0x200u), 0);                  // core 0, atom 0
    CHECK_EQ(pop_entry_row(&app, 0x200u + 99u), 99);           // core 0, last atom
    CHECK_EQ(pop_entry_row(&app, 0x200u + 100u), UINT32_MAX);  // core 0, atom 100: none
    CHECK_EQ(pop_entry_row(&app, 0x280u), 100);                // core 1, atom 0
    CHECK_EQ(pop_entry_row(&app, 0x280u + 5u), 105);
    CHECK_EQ(pop_entry_row(&app, 0x300u + 49u), 249);          // core 2 (50 rows), last
    CHECK_EQ(pop_entry_row(&app, 0x300u + 50u), UINT32_MAX);   // beyond n_rows
    CHECK_EQ(pop_entry_row(&app, 0x380u), UINT32_MAX);         // core 3: no rows
    const pop_entry_t one = {0x00000280u, 0xFFFFFF80u, 0, 4, 100, 7, 100};
    CHECK_EQ(pop_entry_row(&one, 0x280u + 42u), 42);           // per-core: core is 0
    CHECK_EQ(pop_entry_row(&one, 0x280u + 100u), UINT32_MAX);
    const pop_entry_t single = {0x5u, 0xFFFFFFFFu, 0, 1, 1, 0, 1};   // one key, one row
    CHECK_EQ(pop_entry_row(&single, 0x5u), 0);
}

int main(void) {
    RUN(test_pop_entry_rows);
    RUN(test_word_decode_fields);
    RUN(test_word_decode_extremes);
    RUN(test_pop_table_hits);
    RUN(test_pop_table_misses);
    RUN(test_pop_table_matches_linear_scan);
    RUN(test_pop_index_matches_search);
    return harness_summary("synapse_row");
}

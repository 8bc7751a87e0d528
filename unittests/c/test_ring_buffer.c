//! \file
//! \brief Ring-buffer indexing and 16-bit saturating adds.
#include "harness.h"
#include "ring_buffer.h"

static void test_ring_add_saturates(void) {
    uint16_t e = 0;
    CHECK_EQ(ring_add(&e, 100), 0);
    CHECK_EQ(e, 100);
    CHECK_EQ(ring_add(&e, 0xFFFFu - 100), 0);   // reaches 0xFFFF exactly: not a saturation
    CHECK_EQ(e, 0xFFFF);
    CHECK_EQ(ring_add(&e, 0), 0);
    CHECK_EQ(ring_add(&e, 1), 1);               // one more saturates and stays at 0xFFFF
    CHECK_EQ(e, 0xFFFF);
    e = 0xFFFF;
    CHECK_EQ(ring_add(&e, 0xFFFFu), 1);         // the largest weight a synaptic word holds
    CHECK_EQ(e, 0xFFFF);
    e = 0;
    CHECK_EQ(ring_add(&e, 0x10000u), 1);        // a weight bigger than an entry
    CHECK_EQ(e, 0xFFFF);
}

static void test_ring_index_layout(void) {
    // slot-major, then synapse type, then neuron; every (slot, type, neuron) distinct
    const uint32_t types = 2, neurons = 5;
    static uint8_t seen[RING_SLOTS * 2 * 5];
    uint32_t expect = 0;
    for (uint32_t s = 0; s < RING_SLOTS; s++) {
        for (uint32_t t = 0; t < types; t++) {
            for (uint32_t n = 0; n < neurons; n++) {
                uint32_t i = ring_index(s, t, n, types, neurons);
                CHECK_EQ(i, expect);
                CHECK(i < sizeof(seen) && !seen[i]);
                if (i < sizeof(seen)) {
                    seen[i] = 1;
                }
                expect++;
            }
        }
    }
    CHECK_EQ(ring_index(RING_SLOTS - 1, types - 1, neurons - 1, types, neurons),
             RING_SLOTS * types * neurons - 1);
}

int main(void) {
    RUN(test_ring_add_saturates);
    RUN(test_ring_index_layout);
    return harness_summary("ring_buffer");
}

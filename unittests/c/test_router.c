//! \file
//! \brief The engine's multicast router: key/mask matching, first match wins, default routing
//!        straight on for packets from a link, drops for unmatched local packets; and one run
//!        end to end through engine.h with spike-source cores as sender and receiver.
#include <string.h>
#include "harness.h"
#include "vm_internal.h"
#include "generated/regions.h"

#define LINK(l) (1u << (l))               //!< route bit of link l (0 = east, 3 = west)
#define CORE(p) (1u << (VM_LINKS + (p)))  //!< route bit of processor p
#define SDRAM (1u << 20)

//! Three chips in a row, (0,0) - (1,0) - (2,0), with cores on (0,0,1), (0,0,2) and (2,0,3).
typedef struct {
    vm_t *vm;
    int c01, c02, c23;
} row_t;

static row_t make_row(void) {
    row_t r;
    r.vm = vm_create(3, 1);
    for (uint32_t x = 0; x < 3; x++) {
        CHECK_EQ(vm_add_chip(r.vm, x, 0, SDRAM), (int) x);
    }
    for (uint32_t x = 0; x < 2; x++) {
        CHECK_EQ(vm_add_link(r.vm, x, 0, 0, x + 1, 0), 0);   // east
        CHECK_EQ(vm_add_link(r.vm, x + 1, 0, 3, x, 0), 0);   // west
    }
    r.c01 = vm_add_core(r.vm, 0, 0, 1, "spike_source_array");
    r.c02 = vm_add_core(r.vm, 0, 0, 2, "spike_source_array");
    r.c23 = vm_add_core(r.vm, 2, 0, 3, "spike_source_array");
    CHECK(r.c01 >= 0 && r.c02 >= 0 && r.c23 >= 0);
    return r;
}

static int routes_to(const vm_t *vm, const route_slot_t *s, int core) {
    for (uint32_t d = 0; d < s->n_dest; d++) {
        if (vm->route_dest[s->first + d] == core) {
            return 1;
        }
    }
    return 0;
}

static void test_key_mask_matching(void) {
    row_t r = make_row();
    const uint32_t table[] = {0x100u, 0xFFFFFF00u, CORE(1)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 1, table), 0);
    const route_slot_t *s = vm_route(r.vm, 0, 0x1ABu);
    CHECK(s != NULL && s->n_dest == 1 && routes_to(r.vm, s, r.c01) && s->n_dropped == 0);
    s = vm_route(r.vm, 0, 0x100u);
    CHECK(s != NULL && s->n_dest == 1 && routes_to(r.vm, s, r.c01));
    s = vm_route(r.vm, 0, 0x1FFu);
    CHECK(s != NULL && s->n_dest == 1);
    s = vm_route(r.vm, 0, 0x200u);                     // outside the mask: no entry
    CHECK(s != NULL && s->n_dest == 0 && s->n_dropped == 1);
    s = vm_route(r.vm, 0, 0x0FFu);
    CHECK(s != NULL && s->n_dest == 0 && s->n_dropped == 1);
    vm_destroy(r.vm);
}

static void test_first_match_wins(void) {
    row_t r = make_row();
    const uint32_t specific_first[] = {0x1A0u, 0xFFFFFFF0u, CORE(1),
                                       0x100u, 0xFFFFFF00u, CORE(2)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 2, specific_first), 0);
    const route_slot_t *s = vm_route(r.vm, 0, 0x1A5u);
    CHECK(s != NULL && s->n_dest == 1 && routes_to(r.vm, s, r.c01));
    s = vm_route(r.vm, 0, 0x1B5u);
    CHECK(s != NULL && s->n_dest == 1 && routes_to(r.vm, s, r.c02));
    const uint32_t general_first[] = {0x100u, 0xFFFFFF00u, CORE(2),
                                      0x1A0u, 0xFFFFFFF0u, CORE(1)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 2, general_first), 0);   // also clears the cache
    s = vm_route(r.vm, 0, 0x1A5u);
    CHECK(s != NULL && s->n_dest == 1 && routes_to(r.vm, s, r.c02));
    vm_destroy(r.vm);
}

//! Keys equal on every bit some mask looks at share one walk (the cache is keyed by them),
//! and a bit that only one chip's entry looks at still tells keys apart.
static void test_keys_routed_by_masked_bits(void) {
    row_t r = make_row();
    const uint32_t t0[] = {0x1A0u, 0xFFFFFFF0u, CORE(1), 0x100u, 0xFFFFFF00u, LINK(0)};
    const uint32_t t2[] = {0x108u, 0xFFFFFF08u, CORE(3)};   // bit 3 only matters on (2,0)
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 2, t0), 0);
    CHECK_EQ(vm_set_table(r.vm, 2, 0, 1, t2), 0);
    CHECK_EQ(r.vm->route_bits, 0xFFFFFFF8u);
    const route_slot_t *a = vm_route(r.vm, 0, 0x1A3u);
    const route_slot_t *b = vm_route(r.vm, 0, 0x1A6u);
    CHECK(a != NULL && a == b && a->n_dest == 1 && routes_to(r.vm, a, r.c01));
    CHECK_EQ(r.vm->cache_used, 1u);
    const route_slot_t *c = vm_route(r.vm, 0, 0x10Bu);   // on to (2,0), bit 3 set: core 3
    CHECK(c != NULL && c->n_dest == 1 && routes_to(r.vm, c, r.c23) && c->n_dropped == 0);
    const route_slot_t *d = vm_route(r.vm, 0, 0x103u);   // bit 3 clear: no entry, off the edge
    CHECK(d != NULL && d != c && d->n_dest == 0 && d->n_dropped == 1);
    CHECK_EQ(r.vm->cache_used, 3u);
    vm_destroy(r.vm);
}

static void test_default_routing_straight_on(void) {
    row_t r = make_row();
    const uint32_t t0[] = {0x500u, 0xFFFFFF00u, LINK(0)};
    const uint32_t t2[] = {0x500u, 0xFFFFFF00u, CORE(3)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 1, t0), 0);
    CHECK_EQ(vm_set_table(r.vm, 2, 0, 1, t2), 0);
    // (1,0) has no table: the packet arrives from the west and leaves east
    const route_slot_t *s = vm_route(r.vm, 0, 0x505u);
    CHECK(s != NULL && s->n_dest == 1 && routes_to(r.vm, s, r.c23) && s->n_dropped == 0);
    // a key (2,0) does not know goes straight on there too: off the edge, dropped
    const uint32_t t0b[] = {0x600u, 0xFFFFFF00u, LINK(0)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 1, t0b), 0);
    s = vm_route(r.vm, 0, 0x601u);
    CHECK(s != NULL && s->n_dest == 0 && s->n_dropped == 1);
    vm_destroy(r.vm);
}

static void test_drops(void) {
    row_t r = make_row();
    // unmatched at the source chip: dropped even though a link exists
    const route_slot_t *s = vm_route(r.vm, 0, 0x42u);
    CHECK(s != NULL && s->n_dest == 0 && s->n_dropped == 1);
    // a route to a processor with no core loaded, and out of a link with no neighbour
    const uint32_t t[] = {0x700u, 0xFFFFFF00u, CORE(1) | CORE(5) | LINK(3)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 1, t), 0);
    s = vm_route(r.vm, 0, 0x700u);
    CHECK(s != NULL && s->n_dest == 1 && routes_to(r.vm, s, r.c01) && s->n_dropped == 2);
    vm_destroy(r.vm);
}

static void test_multicast_fan_out(void) {
    row_t r = make_row();
    const uint32_t t0[] = {0x800u, 0xFFFFFF00u, CORE(1) | CORE(2) | LINK(0)};
    const uint32_t t1[] = {0x800u, 0xFFFFFF00u, LINK(0)};
    const uint32_t t2[] = {0x800u, 0xFFFFFF00u, CORE(3)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 1, t0), 0);
    CHECK_EQ(vm_set_table(r.vm, 1, 0, 1, t1), 0);
    CHECK_EQ(vm_set_table(r.vm, 2, 0, 1, t2), 0);
    const route_slot_t *s = vm_route(r.vm, 0, 0x8FFu);
    CHECK(s != NULL && s->n_dest == 3 && s->n_dropped == 0);
    CHECK(s != NULL && routes_to(r.vm, s, r.c01) && routes_to(r.vm, s, r.c02) &&
          routes_to(r.vm, s, r.c23));
    vm_destroy(r.vm);
}

static void test_bad_tables_rejected(void) {
    row_t r = make_row();
    static uint32_t big[3 * 1025];
    CHECK(vm_set_table(r.vm, 0, 0, 1025, big) < 0);     // more than the router holds
    CHECK(strlen(vm_error(r.vm)) > 0);
    CHECK(vm_set_table(r.vm, 5, 5, 0, big) < 0);        // no such chip
    CHECK(vm_add_core(r.vm, 0, 0, 0, "spike_source_array") < 0);   // the monitor core
    CHECK(vm_add_core(r.vm, 0, 0, 4, "no_such_binary") < 0);
    vm_destroy(r.vm);
}

typedef struct {
    spike_times_header_t h;
    uint32_t ev[4][2];                   //!< (tick, atom)
} spikes_t;

//! Sender (0,0,1) with key 0x900 sends 4 spikes; (2,0,3) receives them through (1,0) by
//! default routing.  A spike source counts every packet it receives as a pop-table miss.
static void run_end_to_end(uint32_t n_threads) {
    row_t r = make_row();
    const uint32_t t0[] = {0x900u, 0xFFFFFF00u, LINK(0)};
    const uint32_t t2[] = {0x900u, 0xFFFFFF00u, CORE(3)};
    CHECK_EQ(vm_set_table(r.vm, 0, 0, 1, t0), 0);
    CHECK_EQ(vm_set_table(r.vm, 2, 0, 1, t2), 0);
    system_header_t send = {DATA_MAGIC, 1000, 4, 1, 0x900u, 1, 0};
    system_header_t quiet = {DATA_MAGIC, 1000, 4, 0, 0, 1, 0};
    system_header_t other = {DATA_MAGIC, 1000, 4, 1, 0xA00u, 1, 0};   // no entry anywhere
    spikes_t sp = {{4}, {{0, 0}, {0, 3}, {1, 2}, {2, 1}}};
    spikes_t none = {{0}, {{0, 0}}};
    CHECK_EQ(vm_set_region(r.vm, r.c01, REGION_SYSTEM, (const uint8_t *) &send, sizeof(send)), 0);
    CHECK_EQ(vm_set_region(r.vm, r.c01, REGION_SPIKE_TIMES, (const uint8_t *) &sp, sizeof(sp)), 0);
    CHECK_EQ(vm_set_region(r.vm, r.c02, REGION_SYSTEM, (const uint8_t *) &other, sizeof(other)), 0);
    CHECK_EQ(vm_set_region(r.vm, r.c02, REGION_SPIKE_TIMES, (const uint8_t *) &sp, sizeof(sp)), 0);
    CHECK_EQ(vm_set_region(r.vm, r.c23, REGION_SYSTEM, (const uint8_t *) &quiet, sizeof(quiet)), 0);
    CHECK_EQ(vm_set_region(r.vm, r.c23, REGION_SPIKE_TIMES, (const uint8_t *) &none,
                           sizeof(spike_times_header_t)), 0);
    CHECK_EQ(vm_init(r.vm), 0);
    CHECK_EQ(vm_run(r.vm, 5, n_threads), 5);   // returns the ticks run
    CHECK_EQ(vm_tick(r.vm), 5);
    uint64_t cnt[CNT_N_COUNTERS];
    CHECK_EQ(vm_counters(r.vm, r.c01, cnt, CNT_N_COUNTERS), 0);
    CHECK_EQ(cnt[CNT_PACKETS_SENT], 4);
    CHECK_EQ(vm_counters(r.vm, r.c23, cnt, CNT_N_COUNTERS), 0);
    CHECK_EQ(cnt[CNT_POP_TABLE_MISSES], 4);              // every sent spike arrived once
    CHECK_EQ(vm_counters(r.vm, r.c01, cnt, CNT_N_COUNTERS), 0);
    CHECK_EQ(cnt[CNT_POP_TABLE_MISSES], 0);
    CHECK_EQ(vm_dropped(r.vm, 0, 0), 4);                 // core 2's keys match nothing
    CHECK_EQ(vm_dropped(r.vm, 1, 0), 0);
    CHECK_EQ(vm_dropped(r.vm, 2, 0), 0);
    vm_destroy(r.vm);
}

static void test_end_to_end_one_thread(void) {
    run_end_to_end(1);
}

static void test_end_to_end_two_threads(void) {
    run_end_to_end(2);
}

int main(void) {
    RUN(test_key_mask_matching);
    RUN(test_first_match_wins);
    RUN(test_keys_routed_by_masked_bits);
    RUN(test_default_routing_straight_on);
    RUN(test_drops);
    RUN(test_multicast_fan_out);
    RUN(test_bad_tables_rejected);
    RUN(test_end_to_end_one_thread);
    RUN(test_end_to_end_two_threads);
    return harness_summary("router");
}

//! \file
//! \brief The EIEIO reader the live cores use: header flags, prefixes, bounds.
#include <string.h>
#include "harness.h"
#include "eieio.h"

static void test_key32_with_time_prefix(void) {
    // count 2, D|T|type 2, payload prefix 7, keys 0x10 and 0x20
    const uint8_t p[] = {2, 0x38, 7, 0, 0, 0, 0x10, 0, 0, 0, 0x20, 0, 0, 0};
    eieio_reader_t r;
    uint32_t key, payload;
    CHECK(eieio_open(&r, p, sizeof(p)));
    CHECK_EQ(r.is_time, 1);
    CHECK(eieio_next(&r, &key, &payload));
    CHECK_EQ(key, 0x10);
    CHECK_EQ(payload, 7);
    CHECK(eieio_next(&r, &key, &payload));
    CHECK_EQ(key, 0x20);
    CHECK(!eieio_next(&r, &key, &payload));
}

static void test_key16_prefixes(void) {
    const uint8_t upper[] = {1, 0xC0, 0xAB, 0, 1, 0};   // P|F, prefix 0xAB, key 1
    const uint8_t lower[] = {1, 0x80, 0xAB, 0, 0, 1};   // P, prefix 0xAB, key 0x100
    eieio_reader_t r;
    uint32_t key, payload;
    CHECK(eieio_open(&r, upper, sizeof(upper)));
    CHECK(eieio_next(&r, &key, &payload));
    CHECK_EQ(key, 0xAB0001);
    CHECK(eieio_open(&r, lower, sizeof(lower)));
    CHECK(eieio_next(&r, &key, &payload));
    CHECK_EQ(key, 0x1AB);
}

static void test_key_payload16(void) {
    const uint8_t p[] = {1, 0x04, 5, 0, 9, 0};          // type 1: key 5, payload 9
    eieio_reader_t r;
    uint32_t key, payload;
    CHECK(eieio_open(&r, p, sizeof(p)));
    CHECK(eieio_next(&r, &key, &payload));
    CHECK_EQ(key, 5);
    CHECK_EQ(payload, 9);
}

static void test_refuses_commands_and_short_packets(void) {
    const uint8_t command[] = {0x01, 0x40};              // 0x4001: the database command
    const uint8_t short_keys[] = {3, 0x08, 1, 0, 0, 0};  // 3 keys of 32 bits, holds one
    const uint8_t short_prefix[] = {0, 0x80, 1};         // prefix cut off
    eieio_reader_t r;
    CHECK(!eieio_open(&r, command, sizeof(command)));
    CHECK(!eieio_open(&r, short_keys, sizeof(short_keys)));
    CHECK(!eieio_open(&r, short_prefix, sizeof(short_prefix)));
    CHECK(!eieio_open(&r, command, 1));
}

int main(void) {
    RUN(test_key32_with_time_prefix);
    RUN(test_key16_prefixes);
    RUN(test_key_payload16);
    RUN(test_refuses_commands_and_short_packets);
    return harness_summary("eieio");
}

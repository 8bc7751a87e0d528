//! \file
//! \brief s16.15 and u0.32 arithmetic: rounding (to nearest, ties up) and saturation.
//!
//! Expected values were worked out with Python's unbounded integers:
//! mul_s1615(a, b) = clamp((a*b + 2**14) >> 15), mul_u032(a, f) = (a*f + 2**31) >> 32.
#include "harness.h"
#include "fixed_point.h"

#define ONE S1615_ONE

static void test_mul_s1615_exact(void) {
    CHECK_EQ(mul_s1615(ONE, ONE), ONE);
    CHECK_EQ(mul_s1615(ONE / 2, ONE / 2), ONE / 4);
    CHECK_EQ(mul_s1615(-ONE, ONE), -ONE);
    CHECK_EQ(mul_s1615(-ONE, -ONE), ONE);
    CHECK_EQ(mul_s1615(3 * ONE / 2, -5 * ONE / 4), -61440);   // 1.5 * -1.25 = -1.875
    CHECK_EQ(mul_s1615(0, S1615_MAX), 0);
}

static void test_mul_s1615_rounding(void) {
    CHECK_EQ(mul_s1615(1, 1), 0);            // 2^-30 rounds to 0
    CHECK_EQ(mul_s1615(1, 16383), 0);        // just under half an LSB
    CHECK_EQ(mul_s1615(1, 16384), 1);        // exactly half: ties go up
    CHECK_EQ(mul_s1615(-1, 16384), 0);       // -half: ties go up (towards +inf)
    CHECK_EQ(mul_s1615(-1, 16385), -1);      // just over -half
    CHECK_EQ(mul_s1615(12345, -67890), -25577);
}

static void test_mul_s1615_saturation(void) {
    CHECK_EQ(mul_s1615(S1615_MAX, S1615_MAX), S1615_MAX);
    CHECK_EQ(mul_s1615(S1615_MAX, S1615_MIN), S1615_MIN);
    CHECK_EQ(mul_s1615(S1615_MIN, S1615_MIN), S1615_MAX);
    CHECK_EQ(mul_s1615(256 * ONE, 256 * ONE), S1615_MAX);     // 65536.0 just out of range
    CHECK_EQ(mul_s1615(-256 * ONE, 256 * ONE), S1615_MIN);    // -65536.0 exactly representable
    CHECK_EQ(mul_s1615(S1615_MAX, ONE), S1615_MAX);           // identity at the limits
    CHECK_EQ(mul_s1615(S1615_MIN, ONE), S1615_MIN);
}

static void test_mul_u032(void) {
    CHECK_EQ(mul_u032(ONE, 0x80000000u), ONE / 2);
    CHECK_EQ(mul_u032(1, 0x80000000u), 1);             // half an LSB: ties up
    CHECK_EQ(mul_u032(1, 0x7FFFFFFFu), 0);
    CHECK_EQ(mul_u032(-1, 0x80000000u), 0);            // -half: ties up
    CHECK_EQ(mul_u032(-1, 0x80000001u), -1);
    CHECK_EQ(mul_u032(S1615_MAX, 0xFFFFFFFFu), S1615_MAX);   // (1 - 2^-32) never overflows
    CHECK_EQ(mul_u032(S1615_MIN, 0xFFFFFFFFu), -2147483647);
    CHECK_EQ(mul_u032(S1615_MIN, 0), 0);
    // -65 mV decayed by exp(-0.1): f = round(exp(-0.1) * 2^32) = 3886247119
    CHECK_EQ(mul_u032(-65 * ONE, 3886247119u), -1927231);
}

static void test_add_sub_saturate(void) {
    CHECK_EQ(add_s1615(ONE, ONE), 2 * ONE);
    CHECK_EQ(add_s1615(S1615_MAX, 1), S1615_MAX);
    CHECK_EQ(add_s1615(S1615_MIN, -1), S1615_MIN);
    CHECK_EQ(sub_s1615(S1615_MIN, 1), S1615_MIN);
    CHECK_EQ(sub_s1615(S1615_MAX, -1), S1615_MAX);
    CHECK_EQ(sub_s1615(0, S1615_MIN), S1615_MAX);
    CHECK_EQ(sat_s1615((int64_t) INT32_MAX + 1), S1615_MAX);
    CHECK_EQ(sat_s1615((int64_t) INT32_MIN - 1), S1615_MIN);
    CHECK_EQ(sat_s1615(INT32_MIN), S1615_MIN);
}

int main(void) {
    RUN(test_mul_s1615_exact);
    RUN(test_mul_s1615_rounding);
    RUN(test_mul_s1615_saturation);
    RUN(test_mul_u032);
    RUN(test_add_sub_saturate);
    return harness_summary("fixed_point");
}

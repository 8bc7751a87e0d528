//! \file
//! \brief Fixed-point powers of two (pow2.h) against libm's exp2/expm1 in double precision:
//!        relative error of 2^x below 1e-8 (absolute 2^-29 below 1) over the range the stochastic thresholds use,
//!        exact limits (0, 1, saturation), monotonicity.
#include <math.h>
#include "harness.h"
#include "pow2.h"

static double q32(int64_t x) {
    return (double) x / 4294967296.0;
}

static void test_pow2_matches_exp2(void) {
    double worst = 0.0;
    for (int64_t x = -32 * Q32_ONE; x < 29 * Q32_ONE; x += 3987654321ll) {
        double want = exp2(q32(x));
        double got = (double) pow2_q32(x) / 4294967296.0;
        double err = fabs(got - want) / want;
        // below 1 the Q32 result's last bits dominate: compare absolutely there
        if (want >= 1.0) {
            worst = (err > worst) ? err : worst;
        } else {
            CHECK(fabs(got - want) <= 8.0 / 4294967296.0);   // Q30 Horner: a few Q32 LSBs
        }
    }
    CHECK(worst < 1e-8);
}

static void test_pow2_limits(void) {
    CHECK_EQ(pow2_q32(0), Q32_ONE);
    CHECK_EQ(pow2_q32(Q32_ONE), 2 * Q32_ONE);
    CHECK_EQ(pow2_q32(-Q32_ONE), Q32_ONE / 2);
    CHECK_EQ(pow2_q32(-40 * Q32_ONE), 0);
    CHECK(pow2_q32(30 * Q32_ONE) == UINT64_MAX);
    CHECK_EQ(prob_pow2(0), UINT32_MAX);            // 2^0 = 1: certain
    CHECK_EQ(prob_pow2(5 * Q32_ONE), UINT32_MAX);
    CHECK_EQ(prob_pow2(-Q32_ONE), 0x80000000u);
    CHECK_EQ(prob_pow2(INT64_MIN / 2), 0);
}

static void test_pow2_is_monotonic(void) {
    uint64_t last = 0;
    for (int64_t x = -33 * Q32_ONE; x < 29 * Q32_ONE; x += 98765431ll) {
        uint64_t y = pow2_q32(x);
        CHECK(y >= last);
        last = y;
    }
}

static void test_one_minus_exp(void) {
    double worst = 0.0;
    for (double y = 1e-6; y < 60.0; y *= 1.37) {
        uint64_t yq = (uint64_t) llround(y * 4294967296.0);
        double want = -expm1(-y);
        double got = prob_one_minus_exp(yq) / 4294967296.0;
        double err = fabs(got - want);
        worst = (err > worst) ? err : worst;
    }
    CHECK(worst < 1e-7);   // y's lowest 8 bits are dropped (2^-24): ~6e-8 at worst
    CHECK_EQ(prob_one_minus_exp(0), 0);
    CHECK_EQ(prob_one_minus_exp(64ull * Q32_ONE), UINT32_MAX);
}

int main(void) {
    RUN(test_pow2_matches_exp2);
    RUN(test_pow2_limits);
    RUN(test_pow2_is_monotonic);
    RUN(test_one_minus_exp);
    return harness_summary("test_pow2");
}

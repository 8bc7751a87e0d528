//! \file
//! \brief One exponential step per tick for conductance-based membranes (gsfa_grr.h, gif.h):
//!        with x = G dt / cm (G the total conductance, leak included, at its mean over the
//!        tick) and y = the tick's Euler step of v, v <- v + y phi(x), phi(x) = (1 - exp(-x))
//!        / x -- exact for conductances constant over the tick, stable for any x.  Rates x in
//!        2^-30, v in 2^-28 mV within the tick.
#ifndef C_MODELS_NEURON_COND_STEP_H
#define C_MODELS_NEURON_COND_STEP_H

#include "fixed_point.h"
#include "exp_fixed.h"

//! Fraction bits of v within the tick and of the rates x (dimensionless).
#define CSTEP_Q 28
#define CSTEP_X 30
#define CSTEP_ONE ((int64_t) 1 << CSTEP_X)
//! Bound of each conductance's rate a = g dt / cm [2^-30] (4096: beyond any conductance the
//! host lets a neuron reach, 64 uS x 62.5 ms/nF; it keeps the sums below 2^60).
#define CSTEP_A_LIMIT ((int64_t) 1 << 42)
//! exp(-x) is below 2^-31 (under half a unit of 2^-30) from x = 22.
#define CSTEP_X_EXP_ZERO ((int64_t) 22 << CSTEP_X)

//! phi(x) = (1 - exp(-x)) / x in 2^-30 for 0 <= x [2^-30] <= 5 CSTEP_A_LIMIT.
static inline int64_t cstep_phi(int64_t x) {
    if (x < CSTEP_ONE) {
        // sum_n (-x)^n / (n + 1)!, n <= 11: the rest is below 1 / 13! (0.2 units)
        static const int64_t INV_FACT_Q30[12] = {   // 1 / (n + 1)! in 2^-30
            1073741824, 536870912, 178956971, 44739243, 8947849, 1491308, 213044, 26631,
            2959, 296, 27, 2};
        int64_t p = INV_FACT_Q30[11];
        for (int n = 10; n >= 0; n--) {
            p = INV_FACT_Q30[n] - ((p * x + (CSTEP_ONE >> 1)) >> CSTEP_X);
        }
        return p;
    }
    int64_t e = 0;
    if (x < CSTEP_X_EXP_ZERO) {
        int k;
        int64_t m = fx_exp(-x, &k);   // exp(-x) = m 2^k, -33 < k < 0
        e = (m + ((int64_t) 1 << (-k - 1))) >> -k;
    }
    uint64_t num = (uint64_t) (CSTEP_ONE - e) << CSTEP_X;
    return (int64_t) ((num + ((uint64_t) x >> 1)) / (uint64_t) x);
}

//! a clamped to [0, CSTEP_A_LIMIT] (a negative conductance only from a corrupted image).
static inline int64_t cstep_rate(int64_t a) {
    return a < 0 ? 0 : (a > CSTEP_A_LIMIT ? CSTEP_A_LIMIT : a);
}

//! The Euler step's part of one conductance: a (E - v) [2^-28 mV] with E - v [s16.15] clamped
//! to 32 bits (fx_mul's factor).
static inline int64_t cstep_drive(int64_t a, s1615 e, s1615 v) {
    int64_t d = (int64_t) e - v;
    d = d > INT32_MAX ? INT32_MAX : (d < -INT32_MAX ? -INT32_MAX : d);
    return fx_mul(a, d, CSTEP_X + 15 - CSTEP_Q);
}

//! v after the step: v + y phi(x) with y [2^-28 mV], x [2^-30], rounded to s16.15.
static inline s1615 cstep_apply(s1615 v, int64_t y, int64_t x) {
    int64_t dv = fx_mul(y, cstep_phi(x), CSTEP_X);
    int64_t w = shl_s64(v, CSTEP_Q - 15) + dv;
    return sat_s1615((w + ((int64_t) 1 << (CSTEP_Q - 16))) >> (CSTEP_Q - 15));
}

#endif  // C_MODELS_NEURON_COND_STEP_H

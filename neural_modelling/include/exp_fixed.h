//! \file
//! \brief 64-bit fixed-point helpers for models that integrate with sub-steps (AdEx, HH):
//!        a rounded scaled product without 128-bit arithmetic and exp() without libm.
#ifndef EXP_FIXED_H
#define EXP_FIXED_H

#include <stdint.h>

//! x clamped to [-limit, limit].
static inline int64_t fx_clamp(int64_t x, int64_t limit) {
    return x > limit ? limit : (x < -limit ? -limit : x);
}

//! (a * c) >> shift, rounded, for |a| < 2^47 (larger |a| is clamped there), |c| <= 2^32
//! and shift > 16 (up to 32 for any such a and c; larger shifts need |a c| < 2^78), without
//! 128-bit arithmetic (a is split into 16-bit halves).
static inline int64_t fx_mul(int64_t a, int64_t c, int shift) {
    a = fx_clamp(a, ((int64_t) 1 << 47) - 1);
    int64_t hi = (a >> 16) * c;
    int64_t lo = ((a & 0xFFFF) * c) >> 16;
    int64_t s = hi + lo;   // a c / 2^16
    return (s + ((int64_t) 1 << (shift - 17))) >> (shift - 16);
}

//! exp(x) for x in 2^-30 units, |x| < 32: returns m in 2^-30 units (0.7 < m < 1.42) and
//! sets *k so that exp(x) = m 2^k.  x = k ln 2 + r, |r| <= ln 2 / 2; exp(r) by Horner's
//! scheme on its Taylor series to r^8 / 8! (truncation < 1.2e-10, rounding < 1e-8 relative).
static inline int64_t fx_exp(int64_t x, int *k) {
    static const int64_t INV_LN2_Q30 = 1549082005;          // 1/ln 2 in 2^-30
    static const int64_t LN2_Q40 = 762123384786LL;          // ln 2 in 2^-40
    static const int64_t INV_FACT_Q30[9] = {                // 1/n! in 2^-30
        1073741824, 1073741824, 536870912, 178956971, 44739243, 8947849, 1491308, 213044,
        26631};
    int64_t t = fx_mul(x, INV_LN2_Q30, 30);                 // x / ln 2 in 2^-30
    int64_t n = (t + ((int64_t) 1 << 29)) >> 30;
    int64_t r40 = x * 1024 - n * LN2_Q40;                   // |x| < 2^35: no overflow
    int64_t r = (r40 + 512) >> 10;
    int64_t p = INV_FACT_Q30[8];
    for (int i = 7; i >= 0; i--) {
        p = INV_FACT_Q30[i] + ((p * r + ((int64_t) 1 << 29)) >> 30);
    }
    *k = (int) n;
    return p;
}

#endif  // EXP_FIXED_H

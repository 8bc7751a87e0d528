//! \file
//! \brief Powers of two in fixed point, for the stochastic thresholds' firing probabilities.
//!
//! 64-bit integer arithmetic only (no __int128), so that the host build and the ARM build
//! give the same bits.
#ifndef POW2_H
#define POW2_H

#include <stdint.h>

#define Q30_ONE (1ll << 30)
#define Q32_ONE (1ll << 32)
//! ln 2 in Q30.
#define LN2_Q30 744261118ll
//! log2(e) in Q30.
#define LOG2E_Q30 1549082005ll

//! 2^f for 0 <= f < 1 given in Q30, in Q30 (1 <= result < 2): exp(f ln 2) by Horner's scheme
//! on its Taylor series to the 11th power (truncation error < 1e-9).
static inline int64_t pow2_frac_q30(int64_t f) {
    int64_t t = (f * LN2_Q30) >> 30;   // < 0.7 in Q30
    int64_t r = Q30_ONE;
    for (int64_t n = 11; n >= 1; n--) {
        r = Q30_ONE + ((t * r) >> 30) / n;   // t r < 2^61: no overflow
    }
    return r;
}

//! 2^x for x in Q32 (x < 30), in Q32; 0 when it is below 2^-32.
static inline uint64_t pow2_q32(int64_t x) {
    if (x >= 30 * Q32_ONE) {
        return UINT64_MAX;
    }
    if (x < -33 * Q32_ONE) {
        return 0;
    }
    int64_t k = (x >= 0) ? (x >> 32) : -((-x + Q32_ONE - 1) >> 32);   // floor(x)
    int64_t f = x - k * Q32_ONE;                                        // [0, 1) in Q32
    uint64_t m = (uint64_t) pow2_frac_q30(f >> 2) << 2;                 // [1, 2) in Q32
    return (k >= 0) ? m << k : m >> (-k);
}

//! min(1, 2^x) for x in Q32, as a probability in u0.32 (0xFFFFFFFF for 1).
static inline uint32_t prob_pow2(int64_t x) {
    if (x >= 0) {
        return UINT32_MAX;
    }
    uint64_t p = pow2_q32(x);
    return (p >= (uint64_t) Q32_ONE) ? UINT32_MAX : (uint32_t) p;
}

//! 1 - exp(-y) for y >= 0 in Q32, as a u0.32 probability.
static inline uint32_t prob_one_minus_exp(uint64_t y) {
    if (y >= 64 * (uint64_t) Q32_ONE) {
        return UINT32_MAX;
    }
    // exp(-y) = 2^(-y log2 e) (y < 2^38: y's low 8 bits dropped to stay in 64 bits)
    int64_t z = (int64_t) (((y >> 8) * (uint64_t) LOG2E_Q30) >> 22);
    uint64_t e = pow2_q32(-z);
    return (e >= (uint64_t) Q32_ONE) ? 0u : (uint32_t) ((uint64_t) Q32_ONE - e - (e == 0));
}

#endif  // POW2_H

//! \file
//! \brief SpiNNaker fixed-point arithmetic, done on integers so that the host build and the
//!        ARM build give the same bits.
//!
//! s1615 is SpiNNaker's `accum` (signed, 16 integer bits, 15 fraction bits); u032 is its
//! `unsigned long fract` (0.32).  Multiplies round to nearest (ties up), as the chip's
//! rounding kernels do, and saturate at the type's limits.
#ifndef FIXED_POINT_H
#define FIXED_POINT_H

#include <stdint.h>

typedef int32_t s1615;   //!< signed 16.15 fixed point
typedef uint32_t u032;   //!< unsigned 0.32 fraction
typedef int32_t s823;    //!< signed 8.23 fixed point (coefficients that need resolution)

#define S1615_ONE ((s1615) (1 << 15))
#define S1615_MAX ((s1615) INT32_MAX)
#define S1615_MIN ((s1615) INT32_MIN)

//! x * 2^k for a signed value: a left shift of a negative value is undefined in C, and the
//! compiler turns this multiply back into a shift.
static inline int64_t shl_s64(int64_t x, unsigned k) {
    return x * ((int64_t) 1 << k);
}

//! Saturate a 64-bit intermediate to 32 bits (any fixed-point format of an int32).
static inline int32_t sat_int32(int64_t x) {
    // selects, not branches: the neuron loop is vectorised through these
    x = (x > INT32_MAX) ? INT32_MAX : x;
    x = (x < INT32_MIN) ? INT32_MIN : x;
    return (int32_t) x;
}

//! Saturate a 64-bit intermediate to s1615.
static inline s1615 sat_s1615(int64_t x) {
    return sat_int32(x);
}

//! a * b for two s1615 values, rounded to nearest.
static inline s1615 mul_s1615(s1615 a, s1615 b) {
    int64_t p = (int64_t) a * (int64_t) b;
    return sat_s1615((p + (1 << 14)) >> 15);
}

//! a * c for an s1615 value and an s8.23 coefficient, rounded to nearest (saturating).
static inline s1615 mul_s823(s1615 a, s823 c) {
    int64_t p = (int64_t) a * (int64_t) c;
    return sat_s1615((p + (1 << 22)) >> 23);
}

//! (i + j) * c: a current i [nA, s1615] plus j [nA, s8.23] times a coefficient c [s8.23],
//! to an s1615 result with one rounding to nearest.  The sum saturates at +-256 nA, far
//! beyond any neuron's input, so that the 64-bit product cannot overflow.
static inline s1615 drive_s1615(s1615 i, s823 j, s823 c) {
    // the sum saturated to 32 bits: a 32 x 32 -> 64-bit multiply (one the vectoriser can use)
    int32_t total = sat_int32(shl_s64(i, 8) + j);
    return sat_s1615(((int64_t) total * c + ((int64_t) 1 << 30)) >> 31);
}

//! a * f for an s1615 value and a u0.32 fraction, rounded to nearest (never overflows).
static inline s1615 mul_u032(s1615 a, u032 f) {
    int64_t p = (int64_t) a * (int64_t) f;
    return (s1615) ((p + ((int64_t) 1 << 31)) >> 32);
}

//! Decay x by a factor f < 1: round to nearest, but never stay put (a value that rounding
//! would keep unchanged moves one LSB toward zero), so every decay reaches exactly 0 instead
//! of sticking at a residue of up to 0.5 / (1 - f) LSBs.
static inline s1615 decay_s1615(s1615 x, u032 f) {
    s1615 r = mul_u032(x, f);
    s1615 toward_zero = (x > 0) ? -1 : 1;
    return (r == x && x != 0) ? r + toward_zero : r;
}

//! a * b for two s1615 values truncated toward -inf, as the board's accum multiply (the
//! 30-fraction-bit product shifted right by 15; saturating).
static inline s1615 mul_s1615_floor(s1615 a, s1615 b) {
    return sat_s1615(((int64_t) a * (int64_t) b) >> 15);
}

//! x * f for an s1615 value and a u0.32 fraction truncated toward -inf: sPyNNaker's
//! decay_s1615 (decay.h), used for its synaptic decay and init scaling.
static inline s1615 mul_u032_floor(s1615 x, u032 f) {
    return (s1615) (((int64_t) x * (int64_t) f) >> 32);
}

//! Saturating add of two s1615 values.
static inline s1615 add_s1615(s1615 a, s1615 b) {
    return sat_s1615((int64_t) a + (int64_t) b);
}

//! Saturating subtract of two s1615 values.
static inline s1615 sub_s1615(s1615 a, s1615 b) {
    return sat_s1615((int64_t) a - (int64_t) b);
}

#endif  // FIXED_POINT_H

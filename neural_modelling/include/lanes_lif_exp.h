//! \file
//! \brief The one-pass tick of a board LIF neuron with exponential current synapses and a
//! fixed threshold (IF_curr_exp: c_models/neuron/lif_board.h + synapse/exp_current.h +
//! threshold/static_threshold.h), 16 neurons at a time in 32-bit lanes (AVX-512).  Host only.
//!
//! The generic loop (neuron_core_impl.h, neuron_step) widens every saturating s16.15 add
//! and every product to 64-bit lanes: 8 neurons a vector, 3-uop 64-bit multiplies, a
//! min/max pair per add.  Here each value stays in a 32-bit lane and every operation gives
//! the generic code's bits by construction:
//!
//! - saturating add/subtract: the wrapped 32-bit result, replaced by INT32_MAX or INT32_MIN
//!   (the sign of the first operand) where the signs show an overflow;
//! - x * f >> 32 for a u0.32 f (mul_u032_floor): the unsigned 32 x 32 -> 64 product's high
//!   word, minus f where x < 0 (x as unsigned is x + 2^32);
//! - sat((a * b) >> 15) for two s16.15 values (mul_s1615_floor): the signed 64-bit product
//!   of even and odd lanes, shifted arithmetically, clamped to the int32 range.
//!
//! Used only where neuron_step's `fused` + `plain` variant would run (parameters shared by
//! every neuron, no current source, no state recorded in the tick) and only on a host CPU
//! with AVX-512 F/BW/VL/DQ (checked once, at run time); unittests/c/test_lanes.c compares
//! it with the components' own functions, neuron by neuron, on random and saturating
//! values.  (Scale-0.1 microcircuit: the update was ~45 % of the run's CPU samples.)
#ifndef LANES_LIF_EXP_H
#define LANES_LIF_EXP_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__arm__)
#define LANES_LIF_EXP 1

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include "fixed_point.h"
#include "generated/lif_board.h"
#include "generated/exp_current.h"
#include "generated/static_threshold.h"

//! The neuron's state field-major, as the core holds it: field k of neuron i at [k n + i]
//! (lif_board: v, refract_timer; exp_current: isyn_exc, isyn_inh).
_Static_assert(LIF_BOARD_STATE_WORDS == 2, "lanes_lif_exp.h reads v and refract_timer");
_Static_assert(EXP_CURRENT_STATE_WORDS == 2, "lanes_lif_exp.h reads isyn_exc and isyn_inh");

#define LANES_FN static inline __attribute__((always_inline, \
    target("avx512f,avx512bw,avx512vl,avx512dq")))

//! INT32_MAX where a >= 0, INT32_MIN where a < 0: what an add or subtract with first
//! operand a saturates to.
LANES_FN __m512i lanes_limit(__m512i a) {
    return _mm512_mask_blend_epi32(_mm512_cmplt_epi32_mask(a, _mm512_setzero_si512()),
                                   _mm512_set1_epi32(INT32_MAX), _mm512_set1_epi32(INT32_MIN));
}

//! sat(a + b) in each 32-bit lane (add_s1615).
LANES_FN __m512i lanes_add_sat(__m512i a, __m512i b) {
    __m512i s = _mm512_add_epi32(a, b);
    // overflow: a and b of one sign, s of the other ((a ^ s) & (b ^ s) negative)
    __m512i t = _mm512_ternarylogic_epi32(a, b, s, 0x42);
    return _mm512_mask_mov_epi32(s, _mm512_cmplt_epi32_mask(t, _mm512_setzero_si512()),
                                 lanes_limit(a));
}

//! sat(a - b) in each 32-bit lane (sub_s1615).
LANES_FN __m512i lanes_sub_sat(__m512i a, __m512i b) {
    __m512i s = _mm512_sub_epi32(a, b);
    // overflow: a and b of different signs, s not of a's ((a ^ b) & (a ^ s) negative)
    __m512i t = _mm512_ternarylogic_epi32(a, b, s, 0x18);
    return _mm512_mask_mov_epi32(s, _mm512_cmplt_epi32_mask(t, _mm512_setzero_si512()),
                                 lanes_limit(a));
}

//! Lanes 1, 3, ... of x moved down to lanes 0, 2, ... (the even ones' 64-bit multiplies).
LANES_FN __m512i lanes_odd_down(__m512i x) {
    return _mm512_shuffle_epi32(x, (_MM_PERM_ENUM) 0xF5);
}

//! floor(x f / 2^32) for a signed x and the u0.32 f in every lane (mul_u032_floor).
LANES_FN __m512i lanes_mul_u032_floor(__m512i x, __m512i f) {
    const __m512i high_words = _mm512_set_epi32(31, 15, 29, 13, 27, 11, 25, 9, 23, 7, 21, 5,
                                                19, 3, 17, 1);
    __m512i even = _mm512_mul_epu32(x, f);                   // lanes 0, 2, ...
    __m512i odd = _mm512_mul_epu32(lanes_odd_down(x), f);    // lanes 1, 3, ...
    __m512i high = _mm512_permutex2var_epi32(even, high_words, odd);
    // x < 0 was taken as x + 2^32: take f (x 2^32) back off
    return _mm512_mask_sub_epi32(high, _mm512_cmplt_epi32_mask(x, _mm512_setzero_si512()),
                                 high, f);
}

//! sat((a b) >> 15) for two s16.15 values, b the same in every lane (mul_s1615_floor).
LANES_FN __m512i lanes_mul_s1615_floor(__m512i a, __m512i b) {
    const __m512i lo = _mm512_set1_epi64(INT32_MIN), hi = _mm512_set1_epi64(INT32_MAX);
    const __m512i low_words = _mm512_set_epi32(30, 14, 28, 12, 26, 10, 24, 8, 22, 6, 20, 4,
                                               18, 2, 16, 0);
    __m512i even = _mm512_srai_epi64(_mm512_mul_epi32(a, b), 15);
    __m512i odd = _mm512_srai_epi64(_mm512_mul_epi32(lanes_odd_down(a), b), 15);
    even = _mm512_min_epi64(_mm512_max_epi64(even, lo), hi);
    odd = _mm512_min_epi64(_mm512_max_epi64(odd, lo), hi);
    // each clamped value's low word is the int32
    return _mm512_permutex2var_epi32(even, low_words, odd);
}

//! The parameters in every lane (read once a tick: the state's stores cannot change them).
typedef struct {
    __m512i init_exc, init_inh, decay_exc, decay_inh, i_offset, r_membrane, v_rest, exp_tc,
        v_thresh, v_reset, refract_ticks;
    __m128i shift_exc, shift_inh;
} lanes_params_t;

//! The end of a block's tick, shared by both blocks (v already moved, refractory lanes
//! kept): the refractory count, synapse_advance, threshold_crossed / neuron_spiked, and
//! the stores of the state and of the fired flags.
LANES_FN void lanes_lif_exp_finish(__mmask16 take, __m512i v, __m512i timer,
                                   __mmask16 refractory, __m512i exc, __m512i inh,
                                   int32_t *v_at, int32_t *timer_at, int32_t *exc_at,
                                   int32_t *inh_at, uint8_t *fired, const lanes_params_t *k) {
    const __m512i one = _mm512_set1_epi32(1);
    timer = _mm512_mask_sub_epi32(timer, refractory, timer, one);
    // synapse_advance
    exc = lanes_mul_u032_floor(exc, k->decay_exc);
    inh = lanes_mul_u032_floor(inh, k->decay_inh);
    // threshold_crossed, neuron_spiked
    __mmask16 crossed = _mm512_cmpge_epi32_mask(v, k->v_thresh);
    v = _mm512_mask_mov_epi32(v, crossed, k->v_reset);
    timer = _mm512_mask_mov_epi32(timer, crossed, k->refract_ticks);
    _mm512_mask_storeu_epi32(v_at, take, v);
    _mm512_mask_storeu_epi32(timer_at, take, timer);
    _mm512_mask_storeu_epi32(exc_at, take, exc);
    _mm512_mask_storeu_epi32(inh_at, take, inh);
    _mm_mask_storeu_epi8(fired, take, _mm512_cvtepi32_epi8(_mm512_maskz_mov_epi32(crossed, one)));
}

//! One tick of neurons [i, i + 16) (`take`: the lanes that exist), as neuron_step's fused,
//! plain variant with the board LIF, exponential current synapses and a fixed threshold.
LANES_FN void lanes_lif_exp_block(size_t n, size_t i, __mmask16 take, int32_t *restrict ns,
                                  int32_t *restrict ss, uint16_t *restrict ring,
                                  uint8_t *restrict fired, const lanes_params_t *k) {
    const __m512i zero = _mm512_setzero_si512();
    uint16_t *ring_exc = ring + i, *ring_inh = ring + n + i;
    int32_t *v_at = ns + i, *timer_at = ns + n + i, *exc_at = ss + i, *inh_at = ss + n + i;
    // this tick's ring-buffer rows, cleared as read (read_ring)
    __m512i in_exc = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(take, ring_exc));
    __m512i in_inh = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(take, ring_inh));
    _mm256_mask_storeu_epi16(ring_exc, take, _mm256_setzero_si256());
    _mm256_mask_storeu_epi16(ring_inh, take, _mm256_setzero_si256());
    in_exc = _mm512_sll_epi32(in_exc, k->shift_exc);
    in_inh = _mm512_sll_epi32(in_inh, k->shift_inh);
    // synapse_add (exp_current.h)
    __m512i exc = _mm512_maskz_loadu_epi32(take, exc_at);
    __m512i inh = _mm512_maskz_loadu_epi32(take, inh_at);
    exc = lanes_add_sat(exc, lanes_mul_u032_floor(in_exc, k->init_exc));
    inh = lanes_add_sat(inh, lanes_mul_u032_floor(in_inh, k->init_inh));
    // neuron_update (lif_board.h) with synapse_current and no injected current
    __m512i v = _mm512_maskz_loadu_epi32(take, v_at);
    __m512i timer = _mm512_maskz_loadu_epi32(take, timer_at);
    __mmask16 refractory = _mm512_cmpgt_epi32_mask(timer, zero);
    __m512i input = lanes_add_sat(lanes_sub_sat(exc, inh), k->i_offset);
    __m512i alpha = lanes_add_sat(lanes_mul_s1615_floor(input, k->r_membrane), k->v_rest);
    __m512i leak = lanes_mul_s1615_floor(lanes_sub_sat(alpha, v), k->exp_tc);
    v = _mm512_mask_mov_epi32(lanes_sub_sat(alpha, leak), refractory, v);
    lanes_lif_exp_finish(take, v, timer, refractory, exc, inh, v_at, timer_at, exc_at, inh_at,
                         fired + i, k);
}

//! a + b wrapped, its lanes' overflow (sign bit of (a ^ s) & (b ^ s)) OR-ed into *ov.
LANES_FN __m512i lanes_add_wrap(__m512i a, __m512i b, __m512i *ov) {
    __m512i s = _mm512_add_epi32(a, b);
    *ov = _mm512_or_si512(*ov, _mm512_ternarylogic_epi32(a, b, s, 0x42));
    return s;
}

//! a - b wrapped, its lanes' overflow (sign bit of (a ^ b) & (a ^ s)) OR-ed into *ov.
LANES_FN __m512i lanes_sub_wrap(__m512i a, __m512i b, __m512i *ov) {
    __m512i s = _mm512_sub_epi32(a, b);
    *ov = _mm512_or_si512(*ov, _mm512_ternarylogic_epi32(a, b, s, 0x18));
    return s;
}

//! lanes_lif_exp_block when none of its seven saturating adds saturates in a lane that
//! exists (the usual case: membrane potentials and currents far from +-65536): the adds
//! wrap and only their overflow bits are collected (3 operations instead of 6 each).
//! Stores and returns 1 when nothing overflowed; otherwise stores nothing and returns 0,
//! and the caller runs the saturating block on the untouched inputs.  (Products are
//! computed as in the saturating block, so every stored bit is the same.)
LANES_FN int lanes_lif_exp_block_wrap(size_t n, size_t i, __mmask16 take,
                                      int32_t *restrict ns, int32_t *restrict ss,
                                      uint16_t *restrict ring, uint8_t *restrict fired,
                                      const lanes_params_t *k) {
    const __m512i zero = _mm512_setzero_si512();
    uint16_t *ring_exc = ring + i, *ring_inh = ring + n + i;
    int32_t *v_at = ns + i, *timer_at = ns + n + i, *exc_at = ss + i, *inh_at = ss + n + i;
    __m512i ov = zero;
    __m512i in_exc = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(take, ring_exc));
    __m512i in_inh = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(take, ring_inh));
    in_exc = _mm512_sll_epi32(in_exc, k->shift_exc);
    in_inh = _mm512_sll_epi32(in_inh, k->shift_inh);
    __m512i exc = _mm512_maskz_loadu_epi32(take, exc_at);
    __m512i inh = _mm512_maskz_loadu_epi32(take, inh_at);
    exc = lanes_add_wrap(exc, lanes_mul_u032_floor(in_exc, k->init_exc), &ov);
    inh = lanes_add_wrap(inh, lanes_mul_u032_floor(in_inh, k->init_inh), &ov);
    __m512i v = _mm512_maskz_loadu_epi32(take, v_at);
    __m512i timer = _mm512_maskz_loadu_epi32(take, timer_at);
    __mmask16 refractory = _mm512_cmpgt_epi32_mask(timer, zero);
    __m512i input = lanes_add_wrap(lanes_sub_wrap(exc, inh, &ov), k->i_offset, &ov);
    __m512i alpha = lanes_add_wrap(lanes_mul_s1615_floor(input, k->r_membrane), k->v_rest,
                                   &ov);
    __m512i leak = lanes_mul_s1615_floor(lanes_sub_wrap(alpha, v, &ov), k->exp_tc);
    __m512i moved = lanes_sub_wrap(alpha, leak, &ov);
    if (_mm512_mask_cmplt_epi32_mask(take, ov, zero) != 0) {
        return 0;   // a lane saturates somewhere (in the saturating block's arithmetic)
    }
    v = _mm512_mask_mov_epi32(moved, refractory, v);
    _mm256_mask_storeu_epi16(ring_exc, take, _mm256_setzero_si256());
    _mm256_mask_storeu_epi16(ring_inh, take, _mm256_setzero_si256());
    lanes_lif_exp_finish(take, v, timer, refractory, exc, inh, v_at, timer_at, exc_at, inh_at,
                         fired + i, k);
    return 1;
}

//! One tick of n neurons sharing the parameters p, sp, th: ns, ss are the field-major
//! neuron and synapse state, ring this tick's rows (type after type, n entries each; shift
//! per type), fired one byte a neuron.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq")))
static void lanes_lif_exp_tick(size_t n, int32_t *restrict ns, int32_t *restrict ss,
                               uint16_t *restrict ring, uint8_t *restrict fired,
                               const lif_board_params_t *p, const exp_current_params_t *sp,
                               const static_threshold_params_t *th, const uint32_t *shift) {
    const lanes_params_t k = {
        _mm512_set1_epi32((int) sp->init_exc), _mm512_set1_epi32((int) sp->init_inh),
        _mm512_set1_epi32((int) sp->decay_exc), _mm512_set1_epi32((int) sp->decay_inh),
        _mm512_set1_epi32(p->i_offset), _mm512_set1_epi32(p->r_membrane),
        _mm512_set1_epi32(p->v_rest), _mm512_set1_epi32(p->exp_tc),
        _mm512_set1_epi32(th->v_thresh), _mm512_set1_epi32(p->v_reset),
        _mm512_set1_epi32(p->refract_ticks),
        _mm_cvtsi32_si128((int) shift[0]), _mm_cvtsi32_si128((int) shift[1])};
    size_t i = 0;
    for (; i + 16u <= n; i += 16u) {
        if (!lanes_lif_exp_block_wrap(n, i, 0xFFFFu, ns, ss, ring, fired, &k)) {
            lanes_lif_exp_block(n, i, 0xFFFFu, ns, ss, ring, fired, &k);
        }
    }
    if (i < n) {
        __mmask16 take = (__mmask16) ((1u << (n - i)) - 1u);
        if (!lanes_lif_exp_block_wrap(n, i, take, ns, ss, ring, fired, &k)) {
            lanes_lif_exp_block(n, i, take, ns, ss, ring, fired, &k);
        }
    }
}

//! Whether this host CPU runs lanes_lif_exp_tick (asked once).
static int lanes_lif_exp_available(void) {
    static int known = -1;   // (every thread stores the same answer)
    int ok = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (ok < 0) {
        __builtin_cpu_init();
        ok = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
        __atomic_store_n(&known, ok, __ATOMIC_RELAXED);
    }
    return ok;
}

#endif  // x86-64, GCC or clang
#endif  // LANES_LIF_EXP_H

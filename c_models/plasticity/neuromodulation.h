//! \file
//! \brief Dopamine-modulated STDP (Izhikevich 2007) arithmetic: the exact weight integral
//! between two events and the per-neuron dopamine history (docs/plasticity.md, section 8).
//!
//! Between two events (a post spike, a dopamine spike, the pre spike) the eligibility trace
//! c and the dopamine level D are pure exponentials, so the weight moves by
//!   dw = integral of c(t) D(t) dt = c0 D0 tau_s (1 - exp(-dt/tau_c) exp(-dt/tau_d)),
//! tau_s = 1 / (1/tau_c + 1/tau_d) in ms (D is a rate: a dopamine spike of weight a adds a
//! to D, which then decays with tau_d, as in sPyNNaker).  c is held in the weight's units
//! with 16 fraction bits below the plastic unit (wx), D in s7.24; decays come from the
//! host's u1.31 LUTs (stdp.h); products are split so that no step leaves 64 bits.
#ifndef C_MODELS_PLASTICITY_NEUROMODULATION_H
#define C_MODELS_PLASTICITY_NEUROMODULATION_H

#include <stdint.h>
#include "plasticity/stdp.h"

//! 0 leaves neuromodulated STDP out of a binary (its cores then refuse timing codes 7 and 8
//! at load): the ARM builds of the AdEx and HH neurons, which have no ITCM room for it.
#ifndef NEUROMODULATION
#define NEUROMODULATION 1
#endif

#define DOPA_HISTORY_SIZE 32u   //!< dopamine events a neuron keeps
#define DOPA_FLUSH_AT 20u       //!< the timer phase flushes a neuron holding this many
#define DOPA_ONE_SHIFT 24       //!< D is s7.24
#define ELIG_STORE_SHIFT 8      //!< a row keeps c as int32 in 2^-8 plastic units
#define ELIG_MAX ((int64_t) INT32_MAX << ELIG_STORE_SHIFT)

//! Thumb and out of line on an ARM968 (runtime.h's COMPACT_CODE): the 64-bit helpers are
//! called from few places and the neuron binaries must fit the ITCM.
#ifdef COMPACT_CODE
#define NM_CODE COMPACT_CODE
#else
#define NM_CODE
#endif

//! Dopamine events of every neuron of a core (allocated when a dopamine rule reaches it):
//! per neuron up to DOPA_HISTORY_SIZE (tick, jump) pairs sorted by tick (one pair per tick:
//! spikes arriving for the same tick add up), and the level `base` at tick `base_time`
//! into which the events every synapse has passed are folded.
typedef struct {
    int32_t *time;         //!< [neuron * DOPA_HISTORY_SIZE + k] tick the dopamine arrives
    int32_t *jump;         //!< [same] change of D (s7.24; negative: punishment)
    uint8_t *count;        //!< events kept per neuron
    int32_t *base_time;    //!< tick of `base` per neuron
    int32_t *base;         //!< D at base_time (s7.24)
    const uint32_t *lut_d; //!< decay LUT of tau_d (NULL: no dopamine on this core)
} dopamine_t;

//! x * f / 2^31 for |x| < 2^62 and f <= 2^31 (truncated towards zero).
NM_CODE static int64_t nm_mul_u31(int64_t x, uint32_t f) {
    uint64_t m = (x < 0) ? (uint64_t) -x : (uint64_t) x;
    uint64_t r = (m >> 31) * f + (((m & 0x7FFFFFFFu) * f) >> 31);
    return (x < 0) ? -(int64_t) r : (int64_t) r;
}

//! x * y / 2^shift for |x| < 2^47, |y| < 2^31, 16 <= shift <= 24 (truncated towards zero).
NM_CODE static int64_t nm_mul_shift(int64_t x, int32_t y, uint32_t shift) {
    uint64_t m = (x < 0) ? (uint64_t) -x : (uint64_t) x;
    uint64_t n = (y < 0) ? (uint64_t) -(int64_t) y : (uint64_t) y;
    uint64_t r = (m >> shift) * n + (((m & ((1u << shift) - 1u)) * n) >> shift);
    return ((x < 0) != (y < 0)) ? -(int64_t) r : (int64_t) r;
}

//! A signed value (|d| < 2^31) after `ticks` of decay.
NM_CODE static int32_t nm_decay_level(const uint32_t *lut, uint32_t ticks, int32_t d) {
    uint32_t m = (d < 0) ? (uint32_t) -(int64_t) d : (uint32_t) d;
    uint32_t r = lut_decay(lut, ticks, m);
    return (d < 0) ? -(int32_t) r : (int32_t) r;
}

//! exp(-ticks dt / tau) in u1.31 from a LUT.
static inline uint32_t nm_decay(const uint32_t *lut, uint32_t ticks) {
    return (uint32_t) nm_decay_level(lut, ticks, (int32_t) (1u << (DECAY_ONE_SHIFT - 1))) << 1;
}

//! D + jump, saturating in s7.24.
static inline int32_t nm_add_level(int32_t d, int32_t jump) {
    int64_t s = (int64_t) d + jump;
    return (s > INT32_MAX) ? INT32_MAX : (s < -INT32_MAX) ? -INT32_MAX : (int32_t) s;
}

//! The state of one synapse while it is brought forward in time.
typedef struct {
    int64_t wx;       //!< weight, 2^-16 plastic units
    int64_t c;        //!< eligibility trace, 2^-16 plastic units, |c| <= ELIG_MAX
    int32_t d;        //!< dopamine level of the target neuron (s7.24)
} nm_state_t;

//! Advance the state by `ticks`: the weight by the exact integral of c D (clamped to the
//! rule's bounds, as NEST's stdp_dopamine_synapse after each interval), c and D decay.
NM_CODE static void nm_advance(nm_state_t *s, const plastic_rule_t *r, const uint32_t *lut_c,
                       const uint32_t *lut_d, uint32_t ticks) {
    if (ticks == 0) {
        return;
    }
    uint32_t ec = nm_decay(lut_c, ticks), ed = nm_decay(lut_d, ticks);
    if (s->c != 0 && s->d != 0) {
        uint32_t e = (uint32_t) (((uint64_t) ec * ed + (1u << 30)) >> DECAY_ONE_SHIFT);
        int64_t cd = nm_mul_shift(s->c, s->d, DOPA_ONE_SHIFT);       // |cd| < 2^46
        int64_t ct = nm_mul_shift(cd, (int32_t) r->c_rec, 16);        // * tau_s (u16.16 ms)
        s->wx = clamp_weight(s->wx + nm_mul_u31(ct, (1u << DECAY_ONE_SHIFT) - e), r);
    }
    s->c = nm_mul_u31(s->c, ec);
    s->d = nm_decay_level(lut_d, ticks, s->d);
}

//! c + change, saturating at +-ELIG_MAX; *saturated counts a hit.
static inline int64_t nm_add_elig(int64_t c, int64_t change, uint32_t *saturated) {
    int64_t s = c + change;
    if (s > ELIG_MAX || s < -ELIG_MAX) {
        (*saturated)++;
        return (s > 0) ? ELIG_MAX : -ELIG_MAX;
    }
    return s;
}

//! The row's stored c (int32, 2^-8 plastic units) as wx units, and back (rounded).
static inline int64_t nm_load_elig(uint32_t word) {
    return (int64_t) (int32_t) word * (1 << ELIG_STORE_SHIFT);
}

static inline uint32_t nm_store_elig(int64_t c) {
    int64_t half = 1 << (ELIG_STORE_SHIFT - 1);
    int64_t q = (c >= 0) ? (c + half) >> ELIG_STORE_SHIFT : -((-c + half) >> ELIG_STORE_SHIFT);
    return (uint32_t) (int32_t) q;
}

#endif  // C_MODELS_PLASTICITY_NEUROMODULATION_H

//! \file
//! \brief Current sources (PyNN's DCSource, StepCurrentSource, ACSource, NoisyCurrentSource)
//!        computed on the neuron core, tick by tick, into a per-neuron injected current.
//!
//! In tick k (time k dt -> (k+1) dt) a source contributes its value at time k dt when
//! start_tick <= k < stop_tick.  Noisy sources draw, per target neuron and per sample, an
//! approximately Gaussian number as the sum of 12 uniforms minus 6 (Irwin-Hall: variance 1,
//! bounded at 6 sigma), from a counter-based generator keyed by (seed, population index,
//! sample), so the noise does not depend on the partitioning.
#ifndef CURRENT_SOURCE_H
#define CURRENT_SOURCE_H

#include <stdint.h>
#include <string.h>
#include "runtime.h"
#include "fixed_point.h"
#include "random.h"
#include "generated/regions.h"
#include "generated/sine_table.h"

enum { SOURCE_DC = 0, SOURCE_STEP = 1, SOURCE_AC = 2, SOURCE_NOISY = 3 };

typedef struct {
    uint32_t tick;       //!< first tick of this amplitude
    s823 amplitude;      //!< [nA, s8.23]
} current_step_t;

typedef struct {
    const current_header_t *header;      //!< NULL: no sources
    const current_source_t *source[32];  //!< each source's header (SDRAM)
    const uint32_t *members[32];         //!< each source's member bitfield
    const current_step_t *steps[32];     //!< each step source's steps
    s823 *i_inj;                         //!< per-neuron injected current this tick
                                         //!< [nA, s8.23: 1.2e-7 nA steps] (DTCM)
} currents_t;

#define MAX_CURRENT_SOURCES 32

//! Parse and validate the region; the core's i_inj array must be allocated by the caller.
COMPACT_CODE static int currents_init(core_t *core, currents_t *cs, uint32_t n_atoms) {
    uint32_t size;
    const uint8_t *data = core_region(core, REGION_CURRENT_SOURCES, &size);
    cs->header = NULL;
    if (data == NULL) {
        return APP_OK;
    }
    const current_header_t *h = (const current_header_t *) data;
    uint32_t words = (n_atoms + 31u) / 32u;
    if (size < sizeof(*h) || h->n_atoms != n_atoms || h->n_sources > MAX_CURRENT_SOURCES) {
        core_error(core, "current source region malformed (size, atoms or > 32 sources)");
        return APP_ERR_BAD_HEADER;
    }
    uint32_t offset = sizeof(*h);
    for (uint32_t s = 0; s < h->n_sources; s++) {
        if (size - offset < sizeof(current_source_t) + 4u * words) {
            core_error(core, "current source region shorter than its sources");
            return APP_ERR_REGION_TOO_SMALL;
        }
        const current_source_t *src = (const current_source_t *) (data + offset);
        offset += sizeof(current_source_t);
        cs->source[s] = src;
        cs->members[s] = (const uint32_t *) (data + offset);
        offset += 4u * words;
        cs->steps[s] = NULL;
        if (src->kind > SOURCE_NOISY || (src->kind == SOURCE_NOISY && src->interval == 0)) {
            core_error(core, "current source of unknown kind or with a zero noise interval");
            return APP_ERR_BAD_HEADER;
        }
        if (src->kind == SOURCE_STEP) {
            if ((size - offset) / sizeof(current_step_t) < src->n_steps) {
                core_error(core, "step current source shorter than its steps");
                return APP_ERR_REGION_TOO_SMALL;
            }
            cs->steps[s] = (const current_step_t *) (data + offset);
            offset += src->n_steps * sizeof(current_step_t);
        }
    }
    cs->header = h;
    return APP_OK;
}

//! sin(2 pi k / 1024) in s1.30 for any k, folded from the quarter-turn table.
static inline int32_t sine_entry(uint32_t k) {
    k &= (1u << SINE_TABLE_BITS) - 1u;
    uint32_t quarter = k >> (SINE_TABLE_BITS - 2), i = k & ((1u << (SINE_TABLE_BITS - 2)) - 1u);
    int32_t v = (quarter & 1u) ? SINE_QUARTER[(1u << (SINE_TABLE_BITS - 2)) - i]
                               : SINE_QUARTER[i];
    return (quarter & 2u) ? -v : v;
}

//! sin(phase) in s1.30, phase in 2^-32 turns (table + linear interpolation).
static inline int32_t sine_s130(uint32_t phase) {
    uint32_t idx = phase >> (32 - SINE_TABLE_BITS);
    int64_t frac = (phase >> (16 - SINE_TABLE_BITS)) & 0xFFFFu;
    int64_t a = sine_entry(idx), b = sine_entry(idx + 1u);
    return (int32_t) (a + (((b - a) * frac + 0x8000) >> 16));
}

//! Approximately standard normal, s16.15: 12 uniforms (16 bits each) minus 6.
static inline s1615 irwin_hall(uint64_t stream, uint64_t sample) {
    int64_t sum = 0;
    for (uint32_t d = 0; d < 12u; d++) {
        sum += stream_uniform32(stream, sample * 12u + d) >> 16;
    }
    return (s1615) ((sum - 6 * 65536 + 1) >> 1);
}

//! The value of one (non-noisy) source at this tick [nA, s8.23].
static inline s823 source_value(const currents_t *cs, uint32_t s, uint32_t tick) {
    const current_source_t *src = cs->source[s];
    switch (src->kind) {
    case SOURCE_DC:
        return src->amplitude;
    case SOURCE_AC: {
        uint32_t phase = src->phase0 + tick * src->phase_inc;   // wraps: modulo one turn
        int64_t p = (int64_t) src->amplitude * sine_s130(phase);
        return add_s1615(src->offset, (s1615) ((p + ((int64_t) 1 << 29)) >> 30));
    }
    default: {   // step: the last step at or before this tick
        s823 value = 0;
        for (uint32_t k = 0; k < src->n_steps && cs->steps[s][k].tick <= tick; k++) {
            value = cs->steps[s][k].amplitude;
        }
        return value;
    }
    }
}

//! Fill cs->i_inj for this tick.
static inline void currents_tick(currents_t *cs, uint32_t n_atoms, uint32_t tick) {
    memset(cs->i_inj, 0, n_atoms * sizeof(s823));
    if (cs->header == NULL) {
        return;
    }
    for (uint32_t s = 0; s < cs->header->n_sources; s++) {
        const current_source_t *src = cs->source[s];
        if (tick < src->start_tick || tick >= src->stop_tick) {
            continue;
        }
        const uint32_t *m = cs->members[s];
        if (src->kind == SOURCE_NOISY) {
            uint64_t seed = ((uint64_t) src->seed_hi << 32) | src->seed_lo;
            uint64_t sample = (tick - src->start_tick) / src->interval;
            for (uint32_t i = 0; i < n_atoms; i++) {
                if (m[i >> 5] & (1u << (i & 31u))) {
                    uint64_t stream = atom_stream(seed,
                                                  (uint64_t) cs->header->first_atom + i);
                    s1615 g = irwin_hall(stream, sample);
                    cs->i_inj[i] = add_s1615(cs->i_inj[i],
                                             add_s1615(src->offset, mul_s1615(src->amplitude, g)));
                }
            }
            continue;
        }
        s823 value = source_value(cs, s, tick);
        for (uint32_t i = 0; i < n_atoms; i++) {
            if (m[i >> 5] & (1u << (i & 31u))) {
                cs->i_inj[i] = add_s1615(cs->i_inj[i], value);
            }
        }
    }
}

#endif  // CURRENT_SOURCE_H

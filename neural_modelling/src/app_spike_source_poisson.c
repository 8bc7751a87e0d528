//! \file
//! \brief SpikeSourcePoisson: each atom fires as a Poisson process (spynnaker_backend/models/
//!        spike_source_poisson.py has the semantics).
//!
//! Per tick and atom the spike count is drawn by inverting the Poisson CDF in 0.32 fixed
//! point, from a uniform 32-bit number that is a pure function of (population seed,
//! population index of the atom, tick, draw): a counter-based generator, so the result does
//! not depend on how atoms are split over cores or runs, and reloading parameters (new
//! rates) between runs changes nothing else.
#include <string.h>
#include "runtime.h"
#include "system_header.h"
#include "random.h"
#include "recording.h"
#include "generated/regions.h"
#include "generated/poisson_core.h"
#include "generated/poisson_neuron.h"

//! Fraction bits of poisson_neuron_params_t.lambda_draw.
#define LAMBDA_FRACTION_BITS 28
//! Draw counters per tick (n_draws is limited to this by the host).
#define DRAWS_PER_TICK_BITS 16

typedef struct {
    uint32_t n, has_key, key, enabled;
    poisson_core_params_t core;
    const poisson_neuron_params_t *atom;  //!< per-atom parameters (SDRAM)
    uint64_t *stream;                     //!< per-atom stream base of the generator
    uint32_t *spike_bits;
    recording_t rec;
} poisson_t;

//! The uniform 32-bit number of draw d of tick t of the atom with stream base s.
static inline uint32_t uniform32(uint64_t s, uint32_t tick, uint32_t d) {
    return stream_uniform32(s, ((uint64_t) tick << DRAWS_PER_TICK_BITS) | d);
}

//! Poisson(lambda) by inversion: the smallest k with u / 2^32 < P(K <= k).
static inline uint32_t poisson_count(uint32_t u, u032 exp_minus_lambda, uint32_t lambda) {
    uint64_t p = exp_minus_lambda;   // P(K = k) in units of 2^-32
    uint64_t cdf = p;
    uint32_t k = 0;
    while (u >= cdf && p > 0) {
        k++;
        p = ((p * lambda) >> LAMBDA_FRACTION_BITS) / k;
        cdf += p;
    }
    return k;
}

static int poisson_read(core_t *core, poisson_t *s) {
    uint32_t size;
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    s->enabled = sys->enabled;
    const uint8_t *r = core_region(core, REGION_POISSON_PARAMS, &size);
    if (r == NULL || size != POISSON_CORE_PARAMS_WORDS * 4u +
            s->n * POISSON_NEURON_PARAMS_WORDS * 4u) {
        core_error(core, "Poisson parameter region missing or of the wrong size");
        return APP_ERR_REGION_TOO_SMALL;
    }
    memcpy(&s->core, r, sizeof(s->core));
    s->atom = (const poisson_neuron_params_t *) (r + POISSON_CORE_PARAMS_WORDS * 4u);
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->atom[i].n_draws >= (1u << DRAWS_PER_TICK_BITS) ||
                s->atom[i].lambda_draw > (5u << LAMBDA_FRACTION_BITS)) {
            core_error(core, "Poisson rate too high for this timestep");
            return APP_ERR_BAD_HEADER;
        }
    }
    uint64_t seed = ((uint64_t) s->core.seed_hi << 32) | s->core.seed_lo;
    for (uint32_t i = 0; i < s->n; i++) {
        s->stream[i] = atom_stream(seed, (uint64_t) s->core.first_index + i);
    }
    return APP_OK;
}

static int poisson_init(core_t *core, void **out) {
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    poisson_t *s = core_dtcm_alloc(core, sizeof(poisson_t));
    if (s == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    s->n = sys->n_atoms;
    s->has_key = sys->has_key;
    s->key = sys->key;
    s->spike_bits = core_dtcm_alloc(core, ((s->n + 31u) / 32u) * 4u + 4u);
    s->stream = core_dtcm_alloc(core, s->n * sizeof(uint64_t) + 8u);
    if (s->spike_bits == NULL || s->stream == NULL) {
        core_error(core, "DTCM full: Poisson source streams");
        return APP_ERR_DTCM_FULL;
    }
    *out = s;
    int err = poisson_read(core, s);
    return (err == APP_OK) ? recording_init(core, &s->rec) : err;
}

static void poisson_timer(core_t *core, void *state, uint32_t tick) {
    poisson_t *s = state;
    uint32_t words = (s->n + 31u) / 32u;
    uint32_t spikes = 0, draws = 0;
    memset(s->spike_bits, 0, words * 4u);
    for (uint32_t i = 0; s->enabled && i < s->n; i++) {
        const poisson_neuron_params_t *a = &s->atom[i];
        if (tick < a->start_tick || tick >= a->end_tick) {
            continue;
        }
        uint32_t k = 0;
        for (uint32_t d = 0; d < a->n_draws; d++) {
            k += poisson_count(uniform32(s->stream[i], tick, d), a->exp_minus_lambda,
                               a->lambda_draw);
        }
        draws += a->n_draws;
        if (k == 0) {
            continue;
        }
        s->spike_bits[i >> 5] |= 1u << (i & 31u);
        spikes += k;
        for (uint32_t j = 0; j < k && s->has_key; j++) {
            core_send(core, s->key | i);
        }
    }
    if (s->rec.n_channels > 0 && recording_due(&s->rec, 0, tick)) {
        recording_write(core, &s->rec, 0, s->spike_bits, words * 4u);
    }
    // cycle-equivalents: ~ 40 per atom, ~ 30 per draw (mixer, CDF step), ~ 20 per spike
    core_count(core, CNT_TOTAL_CYCLES, 200u + 40u * s->n + 30u * draws + 20u * spikes);
}

static void poisson_packet(core_t *core, void *state, uint32_t key, uint32_t tick) {
    (void) state;
    (void) key;
    (void) tick;
    core_count(core, CNT_POP_TABLE_MISSES, 1);   // a source receives nothing
}

static void poisson_pause(core_t *core, void *state) {
    (void) core;
    (void) state;   // no state: the generator is a function of the tick
}

static int poisson_reload(core_t *core, void *state) {
    poisson_t *s = state;
    int err = poisson_read(core, s);
    return (err == APP_OK) ? recording_init(core, &s->rec) : err;
}

const app_t app_spike_source_poisson = {
    "spike_source_poisson", poisson_init, poisson_timer, poisson_packet, poisson_pause,
    poisson_reload, NULL   // receives nothing worth prefetching
};

//! \file
//! \brief The random spike sources: SpikeSourcePoisson (the board's slow and fast Poisson
//!        sources), SpikeSourceGamma, SpikeSourcePoissonRefractory and SpikeSourceInhGamma;
//!        the semantics are in spynnaker_backend/models/spike_source_poisson.py.
//!
//! Uniform numbers come from a counter-based generator: a FAST atom's draw d of tick t is a
//! pure function of (seed, population index, t, d); a renewal atom (SLOW, GAMMA, DEAD_TIME)
//! numbers its draws and keeps the count and the time to its next spike in DTCM, through
//! pauses and reloads.  So spikes do not depend on how atoms are split over cores, and
//! run(a) + run(b) gives the spikes of run(a + b).
//!
//! Recording follows the board's Poisson source: for each tick with spikes, the tick, the
//! number m of bitfields, then m bitfields of the core's atoms; bitfield j has the atoms
//! that fired more than j times in the tick.
#include <string.h>
#include "runtime.h"
#include "system_header.h"
#include "random.h"
#include "recording.h"
#include "generated/regions.h"
#include "generated/poisson_core.h"
#include "generated/poisson_neuron.h"

enum { KIND_SILENT, KIND_SLOW, KIND_FAST, KIND_GAMMA, KIND_DEAD_TIME, KIND_FASTER,
       KIND_INH_GAMMA, N_KINDS };
//! Words of one point of an inhomogeneous gamma source's hazard table: x, H, slope (Q32 each).
#define POINT_WORDS 6u

//! Draw counters per tick of a FAST or FASTER atom (a Knuth draw: ~lambda + 1 uniforms; a
//! Gaussian: ~10).
#define DRAWS_PER_TICK_BITS 16
//! The board's slow sources keep times in thousandths of a tick.
#define ISI_SCALE 1000u
//! One tick in the 32.32 fixed point of the gamma and dead-time countdowns.
#define ONE_TICK (1ull << 32)

//! A stream of uniforms: draw `ctr` of stream `stream`, then the next.
typedef struct {
    uint64_t stream, ctr;
} draws_t;

static inline uint32_t uniform(draws_t *d) {
    return stream_uniform32(d->stream, d->ctr++);
}

typedef struct {
    uint64_t to_spike;   //!< time to the next spike: SLOW 1/1000 ticks, else 2^-32 ticks;
                         //!< INH_GAMMA: hazard left before it (Q32)
    uint32_t draws;      //!< uniforms drawn so far by a renewal atom
    uint32_t params;     //!< checksum of the parameters it runs with (0: not started)
    uint32_t age;        //!< INH_GAMMA: ticks since its last spike
} renewal_t;

typedef struct {
    uint32_t n, has_key, key, enabled;
    poisson_core_params_t core;
    const poisson_neuron_params_t *atom;  //!< per-atom parameter records, then the later
                                          //!< rate segments' records (SDRAM)
    uint32_t n_records;                   //!< atoms + later segments
    const uint32_t *table;                //!< INH_GAMMA hazard tables (SDRAM)
    uint32_t table_words;
    uint32_t *cur;                        //!< each atom's record in force
    uint64_t *stream;                     //!< per-atom stream of FAST draws
    uint64_t *renewal_stream;             //!< per-atom stream of renewal draws
    renewal_t *renewal;
    uint32_t *param_sum;                  //!< checksum of each atom's loaded parameters
    uint16_t *count;                      //!< this tick's spikes per atom
    uint32_t *layer;                      //!< one recorded bitfield
    recording_t rec;
} poisson_t;

//! An exponential variate of mean 1 in 32.32 fixed point, by von Neumann's comparison
//! method (uniforms and comparisons only): the first uniform u0 of a descending run of odd
//! length gives a + u0, where a counts the runs rejected before it.
static uint64_t exponential(draws_t *d) {
    uint64_t a = 0;
    for (;;) {
        uint32_t u0 = uniform(d);
        uint32_t prev = u0;
        uint32_t length = 1;
        for (;;) {
            uint32_t u = uniform(d);
            if (u > prev) {
                break;
            }
            prev = u;
            length++;
        }
        if (length & 1u) {
            return (a << 32) | u0;
        }
        a++;
    }
}

//! A standard normal variate in signed 32.32 fixed point: |Z| by rejection from an
//! exponential proposal (accept x when another exponential exceeds (x - 1)^2 / 2), then a
//! random sign.
static int64_t normal(draws_t *d) {
    for (;;) {
        uint64_t x = exponential(d);
        uint64_t e = exponential(d);
        int64_t t = ((int64_t) x - (int64_t) (1ll << 32)) / 65536;   // x - 1, 16 fraction bits
        if (e >= (uint64_t) ((t * t) >> 1)) {
            return (uniform(d) & 1u) ? -(int64_t) x : (int64_t) x;
        }
    }
}

//! x * (m_int + m_frac 2^-32) for x in 32.32 fixed point, in 32.32 (saturating).
static uint64_t scale_ticks(uint64_t x, uint32_t m_int, uint32_t m_frac) {
    uint64_t xi = x >> 32, xf = x & 0xFFFFFFFFull;
    uint64_t lo = ((xf * m_frac) >> 32) + xf * m_int + xi * m_frac;
    uint64_t hi = xi * m_int;
    if (hi >= (1ull << 31)) {
        return UINT64_MAX >> 1;
    }
    return (hi << 32) + lo;
}

static uint32_t params_checksum(const poisson_neuron_params_t *a);
static int table_fits(const poisson_t *s, uint32_t at);

//! The record atom i runs with now.
static inline const poisson_neuron_params_t *current(const poisson_t *s, uint32_t i) {
    return &s->atom[s->cur[i]];
}

//! Move atom i to its last rate segment that has started by `tick` (a new segment is new
//! parameters: a renewal atom starts a fresh interval, as the board does on a rate change).
static inline void advance_segment(poisson_t *s, uint32_t i, uint32_t tick) {
    uint32_t j = s->cur[i], next;
    while ((next = s->atom[j].next_segment) != 0 && tick >= s->atom[next].start_tick) {
        j = next;
    }
    if (j != s->cur[i]) {
        s->cur[i] = j;
        if (s->atom[j].kind != KIND_INH_GAMMA) {   // (a new bin keeps the interval's age)
            s->param_sum[i] = params_checksum(&s->atom[j]);
        }
    }
}

//! The next inter-spike interval of renewal atom i, in the units of its countdown.
static uint64_t interval(poisson_t *s, uint32_t i, draws_t *d) {
    const poisson_neuron_params_t *a = current(s, i);
    if (a->kind == KIND_SLOW) {
        // the board: round(E * 1000) thousandths times the whole-tick mean interval
        uint64_t e = exponential(d);
        uint64_t value = (e * ISI_SCALE + (1ull << 31)) >> 32;
        return value * a->mean_isi_ticks;
    }
    uint64_t sum = 0;
    for (uint32_t k = 0; k < a->shape; k++) {
        sum += exponential(d);
    }
    uint64_t isi = scale_ticks(sum, a->scale_int, a->scale_frac);
    if (a->kind == KIND_DEAD_TIME) {
        isi += ((uint64_t) a->dead_int << 32) + a->dead_frac;
    }
    return isi;
}

//! Knuth's Poisson draw as the board's fast source makes it: the number of uniforms
//! multiplied into p = 1 (0.32 fixed point) before p falls to exp(-lambda) or below.
static inline uint32_t knuth_count(draws_t *d, u032 exp_minus_lambda) {
    uint64_t p = 0xFFFFFFFFull;
    uint32_t k = 0;
    do {
        k++;
        p = (p * uniform(d)) >> 32;
    } while (p > exp_minus_lambda);
    return k - 1u;
}

//! The board's count for 10 or more spikes per tick: round(x^2), x = Z / 2 + sqrt(lambda)
//! in s16.15 (a Gaussian approximation of the Poisson count; its mean is lambda + 1/4).
static inline uint32_t gaussian_count(draws_t *d, s1615 sqrt_lambda) {
    int64_t x = normal(d) / (1ll << 18) + (int64_t) sqrt_lambda;
    return (uint32_t) ((x * x + (1ll << 29)) >> 30);
}

static uint32_t params_checksum(const poisson_neuron_params_t *a) {
    const uint32_t *w = (const uint32_t *) a;
    uint64_t h = 0x243F6A8885A308D3ull;
    for (uint32_t k = 0; k < POISSON_NEURON_PARAMS_WORDS; k++) {
        h = mix64(h ^ w[k]);
    }
    return (uint32_t) h | 1u;   // never 0: 0 means "not started"
}

static int poisson_read(core_t *core, poisson_t *s) {
    uint32_t size;
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    s->enabled = sys->enabled;
    const uint8_t *r = core_region(core, REGION_POISSON_PARAMS, &size);
    if (r == NULL || size < POISSON_CORE_PARAMS_WORDS * 4u) {
        core_error(core, "Poisson parameter region missing");
        return APP_ERR_REGION_TOO_SMALL;
    }
    memcpy(&s->core, r, sizeof(s->core));
    // (each count bounded before the sum: no wrap)
    uint64_t records = (uint64_t) s->n + s->core.n_segments;
    if (s->core.n_segments > size || s->core.table_words > size ||
            (uint64_t) size != POISSON_CORE_PARAMS_WORDS * 4u +
            records * POISSON_NEURON_PARAMS_WORDS * 4u + (uint64_t) s->core.table_words * 4u) {
        core_error(core, "Poisson parameter region of the wrong size");
        return APP_ERR_REGION_TOO_SMALL;
    }
    s->n_records = (uint32_t) records;
    s->atom = (const poisson_neuron_params_t *) (r + POISSON_CORE_PARAMS_WORDS * 4u);
    s->table = (const uint32_t *) (r + POISSON_CORE_PARAMS_WORDS * 4u +
                                   s->n_records * POISSON_NEURON_PARAMS_WORDS * 4u);
    s->table_words = s->core.table_words;
    for (uint32_t i = 0; i < s->n_records; i++) {
        const poisson_neuron_params_t *a = &s->atom[i];
        // a segment links only forward, into the later segments: every chain ends
        if (a->next_segment != 0 && (a->next_segment < s->n || a->next_segment <= i ||
                                     a->next_segment >= s->n_records)) {
            core_error(core, "Poisson rate segment linked out of order or out of range");
            return APP_ERR_BAD_HEADER;
        }
        if (a->kind >= N_KINDS ||
                (a->kind == KIND_FASTER && (a->sqrt_lambda <= 0 ||
                                            a->sqrt_lambda > (128 << 15))) ||
                (a->kind == KIND_SLOW && a->mean_isi_ticks == 0) ||
                (a->kind == KIND_GAMMA && (a->shape == 0 || a->shape > 1024u)) ||
                (a->kind == KIND_DEAD_TIME && a->shape != 1u) ||
                (a->kind == KIND_INH_GAMMA && !table_fits(s, a->table))) {
            core_error(core, "random source parameters out of range");
            return APP_ERR_BAD_HEADER;
        }
    }
    uint64_t seed = ((uint64_t) s->core.seed_hi << 32) | s->core.seed_lo;
    for (uint32_t i = 0; i < s->n; i++) {
        s->cur[i] = i;   // the first segment; the timer moves on to the one in force
        s->param_sum[i] = params_checksum(&s->atom[i]);
        s->stream[i] = atom_stream(seed, (uint64_t) s->core.first_index + i);
        s->renewal_stream[i] = mix64(s->stream[i] ^ GOLDEN_GAMMA);
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
    uint32_t words = (s->n + 31u) / 32u;
    s->layer = core_dtcm_alloc(core, words * 4u + 4u);
    s->count = core_dtcm_alloc(core, s->n * sizeof(uint16_t) + 4u);
    s->stream = core_dtcm_alloc(core, s->n * sizeof(uint64_t) + 8u);
    s->renewal_stream = core_dtcm_alloc(core, s->n * sizeof(uint64_t) + 8u);
    s->renewal = core_dtcm_alloc(core, s->n * sizeof(renewal_t) + 8u);
    s->param_sum = core_dtcm_alloc(core, s->n * sizeof(uint32_t) + 4u);
    s->cur = core_dtcm_alloc(core, s->n * sizeof(uint32_t) + 4u);
    if (s->layer == NULL || s->count == NULL || s->stream == NULL ||
            s->renewal_stream == NULL || s->renewal == NULL || s->param_sum == NULL ||
            s->cur == NULL) {
        core_error(core, "DTCM full: random source state");
        return APP_ERR_DTCM_FULL;
    }
    *out = s;
    int err = poisson_read(core, s);
    return (err == APP_OK) ? recording_init(core, &s->rec) : err;
}

//! Whether a hazard table at word `at` lies within the tables: its point count, >= 2 points.
static int table_fits(const poisson_t *s, uint32_t at) {
    if (at >= s->table_words) {
        return 0;
    }
    uint32_t n = s->table[at];
    return n >= 2u && n <= (s->table_words - at - 1u) / POINT_WORDS;
}

static inline uint64_t word64(const uint32_t *w) {
    return ((uint64_t) w[1] << 32) | w[0];
}

static inline uint64_t add_sat64(uint64_t a, uint64_t b) {
    return (a + b < a) ? UINT64_MAX : a + b;
}

//! (a * b) >> 32 for Q32 operands (the low product's fraction truncated), saturating,
//! without 128-bit arithmetic.
static uint64_t mul_q32(uint64_t a, uint64_t b) {
    uint64_t ah = a >> 32, al = a & 0xFFFFFFFFull, bh = b >> 32, bl = b & 0xFFFFFFFFull;
    if (ah * bh >= (1ull << 32)) {
        return UINT64_MAX;
    }
    uint64_t sum = add_sat64((ah * bh) << 32, ah * bl);
    return add_sat64(add_sat64(sum, al * bh), (al * bl) >> 32);
}

//! The integrated hazard H(x) [Q32] of a table (x [Q32] in units of the scale b): the last
//! point at or below x (binary search), then its slope; beyond the last point its slope too.
static uint64_t table_hazard(const uint32_t *table, uint64_t x) {
    uint32_t n = table[0], lo = 0, hi = n - 1u;
    const uint32_t *pt = table + 1;
    while (lo < hi) {   // the last point with x_i <= x (x_0 = 0)
        uint32_t mid = (lo + hi + 1u) / 2u;
        if (word64(pt + mid * POINT_WORDS) <= x) {
            lo = mid;
        } else {
            hi = mid - 1u;
        }
    }
    const uint32_t *p = pt + lo * POINT_WORDS;
    uint64_t x0 = word64(p), h0 = word64(p + 2), slope = word64(p + 4);
    return add_sat64(h0, mul_q32(x > x0 ? x - x0 : 0, slope));
}

//! Spikes (0 or 1) of an inhomogeneous gamma atom in this tick: the tick's integrated hazard
//! at the interval's age under the bin in force is spent from the interval's exponential
//! budget; the tick that exhausts it fires and draws the next budget.  The first tick (new
//! parameters) starts the process as if it had just fired.
static uint32_t inh_gamma_count(poisson_t *s, uint32_t i) {
    renewal_t *r = &s->renewal[i];
    const poisson_neuron_params_t *a = current(s, i);
    draws_t d = {s->renewal_stream[i], r->draws};
    uint32_t k = 0;
    if (r->params != s->param_sum[i]) {
        r->params = s->param_sum[i];
        r->age = 0;
        r->to_spike = exponential(&d);
    } else {
        r->age += (r->age < UINT32_MAX);
        uint64_t step = ((uint64_t) a->x_step_int << 32) | a->x_step_frac;
        const uint32_t *table = s->table + a->table;
        uint64_t h1 = table_hazard(table, mul_q32((uint64_t) r->age << 32, step));
        uint64_t h0 = table_hazard(table, mul_q32((uint64_t) (r->age - 1u) << 32, step));
        uint64_t dh = h1 > h0 ? h1 - h0 : 0;
        if (dh >= r->to_spike) {
            k = 1;
            r->age = 0;
            r->to_spike = exponential(&d);
        } else {
            r->to_spike -= dh;
        }
    }
    r->draws = (uint32_t) d.ctr;
    return k;
}

//! Spikes of renewal atom i in this tick: while its next spike falls within the tick.
static uint32_t renewal_count(poisson_t *s, uint32_t i) {
    renewal_t *r = &s->renewal[i];
    const poisson_neuron_params_t *a = current(s, i);
    uint32_t sum = s->param_sum[i];
    draws_t d = {s->renewal_stream[i], r->draws};
    if (r->params != sum) {
        // new parameters: a fresh interval from this tick (the first interval of a dead-time
        // source has no dead time: it starts as if its last spike were long past)
        r->params = sum;
        r->to_spike = interval(s, i, &d);
        if (a->kind == KIND_DEAD_TIME) {
            r->to_spike -= ((uint64_t) a->dead_int << 32) + a->dead_frac;
        }
    }
    uint64_t one = (a->kind == KIND_SLOW) ? ISI_SCALE : ONE_TICK;
    uint32_t k = 0;
    while (r->to_spike < one && k < 0xFFFFu) {
        k++;
        r->to_spike += interval(s, i, &d);
    }
    r->to_spike -= one;
    r->draws = (uint32_t) d.ctr;
    return k;
}

static void poisson_timer(core_t *core, void *state, uint32_t tick) {
    poisson_t *s = state;
    uint32_t spikes = 0, draws = 0, most = 0;
    memset(s->count, 0, s->n * sizeof(uint16_t));
    for (uint32_t i = 0; s->enabled && i < s->n; i++) {
        advance_segment(s, i, tick);
        const poisson_neuron_params_t *a = current(s, i);
        if (a->kind == KIND_SILENT || tick < a->start_tick || tick >= a->end_tick) {
            continue;
        }
        uint32_t k = 0;
        if (a->kind == KIND_FAST || a->kind == KIND_FASTER) {
            draws_t d = {s->stream[i], (uint64_t) tick << DRAWS_PER_TICK_BITS};
            k = (a->kind == KIND_FAST) ? knuth_count(&d, a->exp_minus_lambda) :
                gaussian_count(&d, a->sqrt_lambda);
            draws += (uint32_t) (d.ctr - ((uint64_t) tick << DRAWS_PER_TICK_BITS));
        } else {
            uint32_t before = s->renewal[i].draws;
            k = (a->kind == KIND_INH_GAMMA) ? inh_gamma_count(s, i) : renewal_count(s, i);
            draws += s->renewal[i].draws - before;
        }
        if (k == 0) {
            continue;
        }
        k = (k > 0xFFFFu) ? 0xFFFFu : k;
        s->count[i] = (uint16_t) k;
        most = (k > most) ? k : most;
        spikes += k;
        for (uint32_t j = 0; j < k && s->has_key; j++) {
            core_send(core, s->key | i);
        }
    }
    recording_counts(core, &s->rec, s->count, s->n, most, s->layer, tick);
    // cycle-equivalents: ~ 40 per atom, ~ 30 per uniform (mixer, compare), ~ 20 per spike
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
    (void) state;   // the renewal state stays in DTCM for the next run
}

static int poisson_reload(core_t *core, void *state) {
    poisson_t *s = state;
    int err = poisson_read(core, s);
    return (err == APP_OK) ? recording_init(core, &s->rec) : err;
}

const app_t app_spike_source_poisson = {
    "spike_source_poisson", poisson_init, poisson_timer, poisson_packet, poisson_pause,
    poisson_reload, NULL, NULL, NULL, NULL   // receives nothing worth prefetching, no payloads
};

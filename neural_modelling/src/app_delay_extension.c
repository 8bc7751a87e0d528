//! \file
//! \brief Delay extension: re-sends a source vertex's spikes one or more stages later.
//!
//! A spike of atom i received in tick k is sent again in tick k + s * stage_ticks for every
//! stage s (1 .. n_stages) that has connections, with key `key | (s - 1) * atoms_pow2 + i`.
//! The neuron cores add the remaining 1 .. MAX_CORE_DELAY ticks from their ring buffers.
//! Spikes are kept as one bit per atom per tick: a second spike of the same atom in the same
//! tick (possible only for spike sources) is counted in CNT_LATE_SPIKES and not repeated.
#include <string.h>
#include "runtime.h"
#include "system_header.h"
#include "generated/regions.h"

typedef struct {
    uint32_t n, has_key, key, enabled;
    uint32_t clear_count;    //!< last Population.clear() generation of the source seen
    delay_header_t h;
    uint32_t words;          //!< words of one tick's bitfield (atoms_pow2 / 32, at least 1)
    uint32_t history;        //!< ticks of bitfields kept: n_stages * stage_ticks + 1
    uint32_t *seen;          //!< history x words bitfields of received spikes
    uint32_t seen_words;     //!< room of seen (words)
    uint32_t *wanted;        //!< n_stages x words: stage s has connections for atom i
                             //!< (a DTCM copy of the region's masks)
    uint32_t wanted_words;   //!< room of wanted (words)
} delay_t;

//! Read and validate the delay header and stage masks; (re)allocates the history when it
//! needs more room than it has.  Every product is checked against its limit before it is
//! formed (n_stages, stage_ticks <= 4096 and atoms_pow2 <= 65536 keep them within 32 bits).
static int delay_read(core_t *core, delay_t *d) {
    uint32_t size;
    const delay_header_t *h = core_region(core, REGION_DELAY_PARAMS, &size);
    if (h == NULL || size < sizeof(*h)) {
        core_error(core, "delay parameter region missing");
        return APP_ERR_MISSING_REGION;
    }
    if (h->n_stages == 0 || h->n_stages > 4096 || h->stage_ticks == 0 ||
            h->stage_ticks > 4096 || h->atoms_pow2 < d->n || h->atoms_pow2 > 65536 ||
            (h->atoms_pow2 & (h->atoms_pow2 - 1)) != 0) {
        core_error(core, "delay header out of range");
        return APP_ERR_BAD_HEADER;
    }
    uint32_t words = (h->atoms_pow2 + 31u) / 32u;
    uint64_t history = (uint64_t) h->n_stages * h->stage_ticks + 1u;
    if ((size - sizeof(*h)) / 4u < (uint64_t) h->n_stages * words) {
        core_error(core, "delay stage masks missing");
        return APP_ERR_REGION_TOO_SMALL;
    }
    // keys: key | (stage - 1) * atoms_pow2 + atom must stay below 2^32
    if (history * words * 4u > 65536u ||   // more than any core's whole DTCM
            (uint64_t) h->n_stages * h->atoms_pow2 > 0xFFFFFFFFu) {
        core_error(core, "DTCM full: delay history (fewer atoms per core or shorter delays)");
        return APP_ERR_DTCM_FULL;
    }
    if (d->seen == NULL || history * words > d->seen_words) {
        d->seen = core_dtcm_alloc(core, (uint32_t) (history * words) * 4u);
        if (d->seen == NULL) {
            core_error(core, "DTCM full: delay history (fewer atoms per core or shorter "
                       "delays)");
            return APP_ERR_DTCM_FULL;
        }
        d->seen_words = (uint32_t) (history * words);
    }
    if (d->h.n_stages != h->n_stages || d->h.stage_ticks != h->stage_ticks ||
            d->h.atoms_pow2 != h->atoms_pow2) {
        memset(d->seen, 0, d->seen_words * 4u);   // another layout: spikes in flight are lost
    }
    d->h = *h;
    d->words = words;
    d->history = (uint32_t) history;
    // the stage masks are copied: the region may be replaced between runs
    if (d->wanted == NULL || h->n_stages * words > d->wanted_words) {
        d->wanted = core_dtcm_alloc(core, h->n_stages * words * 4u);
        if (d->wanted == NULL) {
            core_error(core, "DTCM full: delay stage masks");
            return APP_ERR_DTCM_FULL;
        }
        d->wanted_words = h->n_stages * words;
    }
    memcpy(d->wanted, h + 1, h->n_stages * words * 4u);
    return APP_OK;
}

static int delay_init(core_t *core, void **out) {
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    delay_t *d = core_dtcm_alloc(core, sizeof(delay_t));
    if (d == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    d->n = sys->n_atoms;
    d->has_key = sys->has_key;
    d->key = sys->key;
    d->enabled = sys->enabled;
    d->clear_count = sys->clear_count;
    *out = d;
    return delay_read(core, d);
}

static void delay_timer(core_t *core, void *state, uint32_t tick) {
    delay_t *d = state;
    uint32_t sent = 0;
    for (uint32_t s = 1; s <= d->h.n_stages && d->has_key; s++) {
        uint32_t back = s * d->h.stage_ticks;
        if (back > tick) {
            break;
        }
        const uint32_t *bits = &d->seen[((tick - back) % d->history) * d->words];
        const uint32_t *want = &d->wanted[(s - 1u) * d->words];
        for (uint32_t w = 0; w < d->words; w++) {
            uint32_t todo = bits[w] & want[w];
            while (todo) {
                uint32_t b = (uint32_t) __builtin_ctz(todo);
                todo &= todo - 1u;
                core_send(core, d->key | ((s - 1u) * d->h.atoms_pow2 + w * 32u + b));
                sent++;
            }
        }
    }
    // this tick's slot last held spikes of tick - history, no longer needed
    memset(&d->seen[(tick % d->history) * d->words], 0, d->words * 4u);
    core_count(core, CNT_TOTAL_CYCLES, 100u + 10u * d->h.n_stages * d->words + 20u * sent);
}

static void delay_packet(core_t *core, void *state, uint32_t key, uint32_t tick) {
    delay_t *d = state;
    core_count(core, CNT_PACKETS_RECEIVED, 1);
    uint32_t atom = key & ~d->h.source_mask;
    if ((key & d->h.source_mask) != d->h.source_key || atom >= d->n) {
        core_count(core, CNT_POP_TABLE_MISSES, 1);
        return;
    }
    uint32_t *w = &d->seen[(tick % d->history) * d->words + (atom >> 5)];
    if (*w & (1u << (atom & 31u))) {
        core_count(core, CNT_LATE_SPIKES, 1);
    }
    *w |= 1u << (atom & 31u);
    core_count(core, CNT_TOTAL_CYCLES, 30u);
}

static void delay_pause(core_t *core, void *state) {
    (void) core;
    (void) state;
}

static int delay_reload(core_t *core, void *state) {
    delay_t *d = state;
    uint32_t size;
    const system_header_t *sys = core_region(core, REGION_SYSTEM, &size);
    if (sys == NULL || size < sizeof(*sys)) {
        return APP_ERR_BAD_HEADER;
    }
    if (sys->magic != DATA_MAGIC || sys->n_atoms != d->n) {
        core_error(core, "system region not for this binary, or with another atom count "
                   "than at load (a new atom count needs a reset)");
        return APP_ERR_BAD_HEADER;
    }
    d->enabled = sys->enabled;
    if (core_region_rewritten(core, REGION_DELAY_PARAMS)) {
        int err = delay_read(core, d);   // re-validated; no pointer into the old region
        if (err != APP_OK) {
            return err;
        }
    }
    if (sys->clear_count != d->clear_count) {
        // Population.clear() of the source: its delayed spikes in flight are dropped
        memset(d->seen, 0, d->history * d->words * 4u);
        d->clear_count = sys->clear_count;
    }
    return APP_OK;
}

#ifndef __arm__
//! The platform's timer_prefetch (runtime.h): stage 0 this struct, stage 1 the bitfields
//! delay_timer reads (each stage's tick of the history, the stage masks) and clears.
static void delay_timer_prefetch(const core_t *core, const void *state, uint32_t tick,
                                 uint32_t stage) {
    const delay_t *d = state;
    (void) core;
    if (stage == 0) {
        __builtin_prefetch(d, 0, 2);
        __builtin_prefetch(&d->wanted_words, 0, 2);
        return;
    }
    for (uint32_t s = 1; s <= d->h.n_stages && d->has_key; s++) {
        uint32_t back = s * d->h.stage_ticks;
        if (back > tick) {
            break;
        }
        __builtin_prefetch(&d->seen[((tick - back) % d->history) * d->words], 0, 2);
        __builtin_prefetch(&d->wanted[(s - 1u) * d->words], 0, 2);
    }
    __builtin_prefetch(&d->seen[(tick % d->history) * d->words], 1, 2);
}
#define DELAY_TIMER_PREFETCH delay_timer_prefetch
#else
#define DELAY_TIMER_PREFETCH NULL
#endif

const app_t app_delay_extension = {
    "delay_extension", delay_init, delay_timer, delay_packet, delay_pause, delay_reload,
    NULL, NULL, NULL,   // nothing to prefetch: a packet only sets a bit; no payloads
    DELAY_TIMER_PREFETCH
};

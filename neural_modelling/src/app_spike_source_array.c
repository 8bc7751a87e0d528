//! \file
//! \brief SpikeSourceArray: sends each atom's spikes at the ticks the host listed.
#include <string.h>
#include "runtime.h"
#include "system_header.h"
#include "recording.h"
#include "generated/regions.h"

typedef struct {
    uint32_t tick;   //!< tick in which the spike is sent
    uint32_t atom;   //!< atom (neuron) index on this core
} spike_event_t;

typedef struct {
    uint32_t n, has_key, key, enabled;
    const spike_event_t *events;   //!< sorted by tick (SDRAM)
    uint32_t n_events;
    uint32_t next;                 //!< first event not yet sent
    uint32_t *spike_bits;
    recording_t rec;
} ssa_t;

static int ssa_read(core_t *core, ssa_t *s) {
    uint32_t size;
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    s->enabled = sys->enabled;
    const spike_times_header_t *h = core_region(core, REGION_SPIKE_TIMES, &size);
    if (h == NULL || size < sizeof(*h) ||
            (size - sizeof(*h)) / sizeof(spike_event_t) < h->n_events) {
        core_error(core, "spike times region malformed");
        return APP_ERR_REGION_TOO_SMALL;
    }
    const spike_event_t *ev = (const spike_event_t *) (h + 1);
    for (uint32_t i = 0; i < h->n_events; i++) {
        if (ev[i].atom >= s->n || (i > 0 && ev[i].tick < ev[i - 1].tick)) {
            core_error(core, "spike event for an atom not on this core, or events unsorted");
            return APP_ERR_BAD_HEADER;
        }
    }
    s->events = ev;
    s->n_events = h->n_events;
    return APP_OK;
}

static int ssa_init(core_t *core, void **out) {
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    ssa_t *s = core_dtcm_alloc(core, sizeof(ssa_t));
    if (s == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    s->n = sys->n_atoms;
    s->has_key = sys->has_key;
    s->key = sys->key;
    s->next = 0;
    s->spike_bits = core_dtcm_alloc(core, ((s->n + 31u) / 32u) * 4u + 4u);
    if (s->spike_bits == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    *out = s;
    int err = ssa_read(core, s);
    return (err == APP_OK) ? recording_init(core, &s->rec) : err;
}

static void ssa_timer(core_t *core, void *state, uint32_t tick) {
    ssa_t *s = state;
    uint32_t words = (s->n + 31u) / 32u;
    memset(s->spike_bits, 0, words * 4u);
    while (s->next < s->n_events && s->events[s->next].tick <= tick) {
        const spike_event_t *e = &s->events[s->next++];
        if (e->tick < tick || !s->enabled) {
            continue;   // in the past (events before a continued run's start) or disabled
        }
        s->spike_bits[e->atom >> 5] |= 1u << (e->atom & 31u);
        if (s->has_key) {
            core_send(core, s->key | e->atom);
        }
    }
    if (s->rec.n_channels > 0 && recording_due(&s->rec, 0, tick)) {
        recording_write(core, &s->rec, 0, s->spike_bits, words * 4u);
    }
    core_count(core, CNT_TOTAL_CYCLES, 200u);
}

static void ssa_packet(core_t *core, void *state, uint32_t key, uint32_t tick) {
    (void) state;
    (void) key;
    (void) tick;
    core_count(core, CNT_POP_TABLE_MISSES, 1);   // a source receives nothing
}

static void ssa_pause(core_t *core, void *state) {
    (void) core;
    (void) state;
}

static int ssa_reload(core_t *core, void *state) {
    ssa_t *s = state;
    int err = ssa_read(core, s);
    if (err != APP_OK) {
        return err;
    }
    s->next = 0;   // the timer skips events before the current tick
    return recording_init(core, &s->rec);
}

const app_t app_spike_source_array = {
    "spike_source_array", ssa_init, ssa_timer, ssa_packet, ssa_pause, ssa_reload,
    NULL   // receives nothing worth prefetching
};

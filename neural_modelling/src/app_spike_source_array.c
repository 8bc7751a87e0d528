//! \file
//! \brief SpikeSourceArray: sends each atom's spikes at the ticks the host listed.
//!
//! An atom may have several spikes in one tick: each is sent, and all are recorded (the
//! random sources' record format, recording_counts).
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
    uint16_t *count;               //!< this tick's spikes per atom
    uint32_t *layer;               //!< one recorded bitfield
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
    s->layer = core_dtcm_alloc(core, ((s->n + 31u) / 32u) * 4u + 4u);
    s->count = core_dtcm_alloc(core, s->n * sizeof(uint16_t) + 4u);
    if (s->layer == NULL || s->count == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    *out = s;
    int err = ssa_read(core, s);
    return (err == APP_OK) ? recording_init(core, &s->rec) : err;
}

static void ssa_timer(core_t *core, void *state, uint32_t tick) {
    ssa_t *s = state;
    uint32_t most = 0, spikes = 0;
    memset(s->count, 0, s->n * sizeof(uint16_t));
    while (s->next < s->n_events && s->events[s->next].tick <= tick) {
        const spike_event_t *e = &s->events[s->next++];
        if (e->tick < tick || !s->enabled) {
            continue;   // in the past (events before a continued run's start) or disabled
        }
        if (s->count[e->atom] < 0xFFFFu) {
            s->count[e->atom]++;
        }
        most = (s->count[e->atom] > most) ? s->count[e->atom] : most;
        spikes++;
        if (s->has_key) {
            core_send(core, s->key | e->atom);
        }
    }
    recording_counts(core, &s->rec, s->count, s->n, most, s->layer, tick);
    core_count(core, CNT_TOTAL_CYCLES, 200u + 20u * spikes);
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
    NULL, NULL, NULL, NULL   // receives nothing worth prefetching, no payloads
};

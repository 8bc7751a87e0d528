//! \file
//! \brief Live packet gatherer: the spikes it receives leave the machine as EIEIO packets.
//!
//! Every multicast key received in a tick is packed into EIEIO data packets (format from the
//! LIVE_OUTPUT region, as sPyNNaker's activate_live_output_for configures it) and sent to the
//! host through the region's IP tag.  A packet leaves when it is full, when a packet of a
//! later tick arrives, at the next timer tick and at the end of a run; timestamps (payload
//! or payload prefix) are the tick in which the spikes were sent.  Packets with a payload
//! (a device-control population's values) keep it as their event's payload.
#include <string.h>
#include "runtime.h"
#include "system_header.h"
#include "eieio.h"
#include "generated/regions.h"

//! EIEIO packets may hold 255 events and 256 bytes.
#define MAX_EVENTS 255u
#define MAX_BYTES 256u

typedef struct {
    live_output_header_t cfg;
    uint32_t key_bytes, event_bytes, header_bytes, capacity;
    uint32_t n_events;             //!< events in the packet being filled
    uint32_t packet_tick;          //!< tick of those events
    uint32_t tick;                 //!< tick of the current timer period
    uint32_t sent_this_tick;
    uint8_t packet[MAX_BYTES];
} lpg_t;

static int lpg_read(core_t *core, lpg_t *s) {
    uint32_t size;
    const live_output_header_t *h = core_region(core, REGION_LIVE_OUTPUT, &size);
    if (h == NULL || size < sizeof(*h) || h->eieio_type > 3u || h->tag > 7u ||
            h->right_shift > 31u || h->payload_right_shift > 31u) {
        core_error(core, "live output region missing or malformed");
        return APP_ERR_BAD_HEADER;
    }
    s->cfg = *h;
    s->key_bytes = (h->eieio_type & 2u) ? 4u : 2u;
    s->event_bytes = s->key_bytes * (1u + (h->eieio_type & 1u));
    s->header_bytes = 2u + (h->use_prefix ? 2u : 0u) +
        (h->use_payload_prefix ? s->key_bytes : 0u);
    s->capacity = (MAX_BYTES - s->header_bytes) / s->event_bytes;
    if (s->capacity > MAX_EVENTS) {
        s->capacity = MAX_EVENTS;
    }
    return APP_OK;
}

static int lpg_init(core_t *core, void **out) {
    if (system_header(core) == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    lpg_t *s = core_dtcm_alloc(core, sizeof(lpg_t));
    if (s == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    *out = s;
    return lpg_read(core, s);
}

static void put(uint8_t *p, uint32_t value, uint32_t bytes) {
    memcpy(p, &value, bytes);
}

static void flush(core_t *core, lpg_t *s) {
    if (s->n_events == 0) {
        return;
    }
    const live_output_header_t *c = &s->cfg;
    if (c->packets_per_tick && s->sent_this_tick >= c->packets_per_tick) {
        core_count(core, CNT_LIVE_DROPPED, s->n_events);
        s->n_events = 0;
        return;
    }
    uint8_t *p = s->packet;
    p[0] = (uint8_t) s->n_events;
    p[1] = (uint8_t) ((c->use_prefix << 7) | (c->prefix_upper << 6) |
                      (c->use_payload_prefix << 5) | (c->payload_as_time << 4) |
                      (c->eieio_type << 2));
    uint32_t at = 2;
    if (c->use_prefix) {
        put(p + at, c->prefix, 2);
        at += 2;
    }
    if (c->use_payload_prefix) {
        put(p + at, c->payload_as_time ? s->packet_tick : c->payload_prefix, s->key_bytes);
    }
    core_sdp_send(core, c->tag, p, s->header_bytes + s->n_events * s->event_bytes);
    s->sent_this_tick++;
    s->n_events = 0;
}

static void lpg_timer(core_t *core, void *state, uint32_t tick) {
    lpg_t *s = state;
    flush(core, s);
    s->tick = tick;
    s->sent_this_tick = 0;
    core_count(core, CNT_TOTAL_CYCLES, 100u);
}

//! One event into the packet being filled: its key, and (a payload type) the tick, or the
//! packet's payload as the board's gatherer writes it (a key-only packet's is 0; a 16-bit
//! payload is shifted right by payload_right_shift).
static void gather(core_t *core, lpg_t *s, uint32_t key, uint32_t payload, uint32_t tick) {
    core_count(core, CNT_PACKETS_RECEIVED, 1);
    if (s->n_events == s->capacity || (s->n_events && tick != s->packet_tick)) {
        flush(core, s);
    }
    const live_output_header_t *c = &s->cfg;
    uint32_t k = key >> c->right_shift;
    if (s->key_bytes == 2u) {
        k = (c->use_prefix && !c->prefix_upper) ? (k >> 16) : (k & 0xFFFFu);
        payload >>= c->payload_right_shift;
    }
    uint8_t *e = s->packet + s->header_bytes + s->n_events * s->event_bytes;
    put(e, k, s->key_bytes);
    if (c->eieio_type & 1u) {
        put(e + s->key_bytes, c->payload_as_time ? tick : payload, s->key_bytes);
    }
    s->packet_tick = tick;
    s->n_events++;
    core_count(core, CNT_TOTAL_CYCLES, 20u);
}

static void lpg_packet(core_t *core, void *state, uint32_t key, uint32_t tick) {
    gather(core, state, key, 0u, tick);
}

//! A device-control packet (EthernetControlPopulation): its payload is the value sent.
static void lpg_packet_payload(core_t *core, void *state, uint32_t key, uint32_t payload,
                               uint32_t tick) {
    gather(core, state, key, payload, tick);
}

static void lpg_pause(core_t *core, void *state) {
    flush(core, state);   // the last tick's spikes leave with the end of the run
}

static int lpg_reload(core_t *core, void *state) {
    return lpg_read(core, state);
}

const app_t app_live_packet_gather = {
    "live_packet_gather", lpg_init, lpg_timer, lpg_packet, lpg_pause, lpg_reload, NULL,
    lpg_packet_payload, NULL, NULL
};

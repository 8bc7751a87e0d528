//! \file
//! \brief SpikeInjector: atoms spike when EIEIO packets from the host say so.
//!
//! The host hands the core SDP messages holding EIEIO data packets (what sPyNNaker's live
//! connections send to a SpikeInjector's core).  In each timer tick the core takes every
//! message waiting: a 16-bit key without prefix is an atom index (sPyNNaker's default
//! send_events); any other key is a full multicast key, accepted when it is one of this
//! core's.  Each event makes its atom spike in this tick: the key base | atom is sent and
//! the spike recorded.  Unknown keys and malformed packets are counted as dropped.
#include <string.h>
#include "runtime.h"
#include "system_header.h"
#include "recording.h"
#include "eieio.h"
#include "generated/regions.h"

#define MESSAGE_BYTES 256u

typedef struct {
    uint32_t n, has_key, key, mask, enabled;
    uint32_t *spike_bits;
    recording_t rec;
    uint8_t message[MESSAGE_BYTES];
} injector_t;

static int injector_init(core_t *core, void **out) {
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    injector_t *s = core_dtcm_alloc(core, sizeof(injector_t));
    if (s == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    s->n = sys->n_atoms;
    s->has_key = sys->has_key;   // 0: no targets, send nothing
    s->key = sys->key;           // the keys live tools send are checked against it
    s->enabled = sys->enabled;
    uint32_t block = 1;   // the key block is the atoms rounded up to a power of two
    while (block < s->n && block < 0x80000000u) {
        block <<= 1;
    }
    s->mask = ~(block - 1u);
    s->spike_bits = core_dtcm_alloc(core, ((s->n + 31u) / 32u) * 4u + 4u);
    if (s->spike_bits == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    *out = s;
    return recording_init(core, &s->rec);
}

static void spike(core_t *core, injector_t *s, uint32_t atom) {
    if (s->spike_bits[atom >> 5] & (1u << (atom & 31u))) {
        return;   // one spike per atom per tick, as a neuron
    }
    s->spike_bits[atom >> 5] |= 1u << (atom & 31u);
    if (s->has_key) {
        core_send(core, s->key | atom);
    }
}

static void take_message(core_t *core, injector_t *s, uint32_t size) {
    eieio_reader_t r;
    if (size > MESSAGE_BYTES || !eieio_open(&r, s->message, size)) {
        core_count(core, CNT_LIVE_DROPPED, 1);
        return;
    }
    uint32_t key, payload;
    int atom_ids = (r.key_bytes == 2u && !r.has_prefix);
    while (eieio_next(&r, &key, &payload)) {
        uint32_t atom = key;
        if (!atom_ids) {
            atom = key & ~s->mask;
            if ((key & s->mask) != s->key) {
                atom = s->n;   // not one of this core's keys
            }
        }
        if (atom >= s->n || !s->enabled) {
            core_count(core, CNT_LIVE_DROPPED, 1);
            continue;
        }
        spike(core, s, atom);
    }
}

static void injector_timer(core_t *core, void *state, uint32_t tick) {
    injector_t *s = state;
    uint32_t words = (s->n + 31u) / 32u;
    memset(s->spike_bits, 0, words * 4u);
    uint32_t size;
    while ((size = core_sdp_receive(core, s->message, MESSAGE_BYTES)) > 0) {
        take_message(core, s, size);
        core_count(core, CNT_TOTAL_CYCLES, 100u);
    }
    if (s->rec.n_channels > 0 && recording_due(&s->rec, 0, tick)) {
        recording_write(core, &s->rec, 0, s->spike_bits, words * 4u);
    }
    core_count(core, CNT_TOTAL_CYCLES, 100u);
}

static void injector_packet(core_t *core, void *state, uint32_t key, uint32_t tick) {
    (void) state;
    (void) key;
    (void) tick;
    core_count(core, CNT_POP_TABLE_MISSES, 1);   // an injector receives no multicast
}

static void injector_pause(core_t *core, void *state) {
    (void) core;
    (void) state;
}

static int injector_reload(core_t *core, void *state) {
    injector_t *s = state;
    const system_header_t *sys = system_header(core);
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    s->enabled = sys->enabled;
    return recording_init(core, &s->rec);
}

const app_t app_spike_injector = {
    "spike_injector", injector_init, injector_timer, injector_packet, injector_pause,
    injector_reload, NULL, NULL, NULL, NULL
};

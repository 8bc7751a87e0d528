//! \file
//! \brief Recording channels: a writable buffer region per channel, filled tick by tick.
#ifndef RECORDING_H
#define RECORDING_H

#include <stdint.h>
#include <string.h>
#include "runtime.h"
#include "system_header.h"
#include "generated/regions.h"

typedef struct {
    recording_channel_t config;       //!< what and how often
    recording_buffer_t *buffer;       //!< header of the channel's region (in SDRAM)
    uint8_t *data;                    //!< data space after the header
    const uint32_t *index_bits;       //!< population bitfield of recorded atoms (config
                                      //!< region); NULL: every atom records
} channel_t;

typedef struct {
    uint32_t n_channels;
    uint32_t first_atom;              //!< population index of this core's first atom
    channel_t channel[MAX_CHANNELS];
    uint32_t *spike_window;           //!< spikes of the current sampling window, one bit
                                      //!< per atom (kept through pauses and reloads);
                                      //!< allocated once spikes have an interval > 1
} recording_t;

//! Read the recording configuration; every enabled channel must have its buffer region.
COMPACT_CODE static int recording_init(core_t *core, recording_t *rec) {
    uint32_t size;
    const recording_header_t *h = core_region(core, REGION_RECORDING_CONFIG, &size);
    if (h == NULL) {
        rec->n_channels = 0;
        return APP_OK;
    }
    if (size < sizeof(*h) || h->n_channels > MAX_CHANNELS ||
            size < sizeof(*h) + h->n_channels * sizeof(recording_channel_t)) {
        core_error(core, "recording config region malformed");
        return APP_ERR_BAD_RECORDING;
    }
    const recording_channel_t *cfg = (const recording_channel_t *) (h + 1);
    // the channels' bitfields follow the channel table, in channel order
    const uint32_t *bits = (const uint32_t *) (cfg + h->n_channels);
    uint32_t avail = (size - sizeof(*h) - h->n_channels * sizeof(recording_channel_t)) / 4u;
    rec->n_channels = h->n_channels;
    rec->first_atom = h->first_atom;
    if (h->n_channels > 0 && cfg[0].enabled && cfg[0].interval > 1u &&
            rec->spike_window == NULL) {
        const system_header_t *sys = system_header(core);
        uint32_t words = (sys == NULL) ? 0u : (sys->n_atoms + 31u) / 32u;
        rec->spike_window = core_dtcm_alloc(core, words * 4u + 4u);
        if (rec->spike_window == NULL) {
            core_error(core, "DTCM full: spike recording window");
            return APP_ERR_DTCM_FULL;
        }
    }
    for (uint32_t c = 0; c < h->n_channels; c++) {
        channel_t *ch = &rec->channel[c];
        ch->config = cfg[c];
        ch->buffer = NULL;
        ch->index_bits = NULL;
        if (ch->config.index_words > avail) {
            core_error(core, "recording config region shorter than its index bitfields");
            return APP_ERR_BAD_RECORDING;
        }
        if (ch->config.index_words > 0) {
            ch->index_bits = bits;
            bits += ch->config.index_words;
            avail -= ch->config.index_words;
        }
        if (!ch->config.enabled) {
            continue;
        }
        if (ch->config.interval == 0) {
            core_error(core, "recording interval 0");
            return APP_ERR_BAD_RECORDING;
        }
        uint32_t bsize;
        ch->buffer = core_region_rw(core, REGION_RECORDING_0 + c, &bsize);
        if (ch->buffer == NULL || bsize < sizeof(recording_buffer_t) ||
                ch->buffer->capacity > bsize - sizeof(recording_buffer_t)) {
            core_error(core, "recording buffer region missing or smaller than its capacity");
            return APP_ERR_BAD_RECORDING;
        }
        ch->data = (uint8_t *) (ch->buffer + 1);
    }
    return APP_OK;
}

//! Whether channel c records at this tick.
static inline int recording_due(const recording_t *rec, uint32_t c, uint32_t tick) {
    return c < rec->n_channels && rec->channel[c].buffer != NULL &&
        (tick % rec->channel[c].config.interval) == 0;
}

//! Append bytes to channel c; counts an overflow (and drops) when the buffer is full.
static inline void recording_write(core_t *core, recording_t *rec, uint32_t c,
                                   const void *data, uint32_t bytes) {
    recording_buffer_t *b = rec->channel[c].buffer;
    if (b->used > b->capacity || bytes > b->capacity - b->used) {
        core_count(core, CNT_RECORDING_OVERFLOWS, 1);
        return;
    }
    memcpy(rec->channel[c].data + b->used, data, bytes);
    b->used += bytes;
}

//! Whether `bytes` more fit into channel c's buffer (an enabled channel).
static inline int recording_fits(const recording_t *rec, uint32_t c, uint32_t bytes) {
    const recording_buffer_t *b = rec->channel[c].buffer;
    return b->used <= b->capacity && bytes <= b->capacity - b->used;
}

//! This tick's spike bitfield (`words` words) into channel 0, as a board records spikes with
//! a sampling interval s: the spikes of ticks (k s - s, k s] are OR-ed into one bitfield,
//! written at tick k s (tick 0 alone forms the first window); every tick when s = 1.
static inline void recording_spikes(core_t *core, recording_t *rec, const uint32_t *bits,
                                    uint32_t words, uint32_t tick) {
    if (rec->n_channels == 0 || rec->channel[0].buffer == NULL) {
        return;
    }
    uint32_t interval = rec->channel[0].config.interval;
    if (interval == 1u || rec->spike_window == NULL) {
        recording_write(core, rec, 0, bits, words * 4u);
        return;
    }
    uint32_t *window = rec->spike_window;
    for (uint32_t w = 0; w < words; w++) {
        window[w] |= bits[w];
    }
    if (tick % interval == 0u) {
        recording_write(core, rec, 0, window, words * 4u);
        memset(window, 0, words * 4u);
    }
}

//! A source's spikes of this tick into channel 0, as a board's Poisson source records them:
//! the tick, the number m of bitfields (the most spikes of one atom), then m bitfields of the
//! core's n atoms, bitfield j holding the atoms with more than j spikes (counts[i]).  Nothing
//! for a tick without spikes; a record that does not fit is counted as an overflow, whole.
//! `layer` is scratch space for one bitfield.
static inline void recording_counts(core_t *core, recording_t *rec, const uint16_t *counts,
                                    uint32_t n, uint32_t most, uint32_t *layer,
                                    uint32_t tick) {
    uint32_t words = (n + 31u) / 32u;
    if (most == 0 || rec->n_channels == 0 || rec->channel[0].buffer == NULL) {
        return;
    }
    if (!recording_fits(rec, 0, 8u + most * words * 4u)) {
        core_count(core, CNT_RECORDING_OVERFLOWS, 1);
        return;
    }
    uint32_t head[2] = {tick, most};
    recording_write(core, rec, 0, head, sizeof(head));
    for (uint32_t j = 0; j < most; j++) {
        memset(layer, 0, words * 4u);
        for (uint32_t i = 0; i < n; i++) {
            if (counts[i] > j) {
                layer[i >> 5] |= 1u << (i & 31u);
            }
        }
        recording_write(core, rec, 0, layer, words * 4u);
    }
}

#endif  // RECORDING_H

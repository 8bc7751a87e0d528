//! \file
//! \brief Recording channels: a writable buffer region per channel, filled tick by tick.
#ifndef RECORDING_H
#define RECORDING_H

#include <stdint.h>
#include <string.h>
#include "runtime.h"
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
} recording_t;

//! Read the recording configuration; every enabled channel must have its buffer region.
static inline int recording_init(core_t *core, recording_t *rec) {
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

#endif  // RECORDING_H

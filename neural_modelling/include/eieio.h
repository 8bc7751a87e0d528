//! \file
//! \brief EIEIO data packets (the event format of SpiNNaker's live I/O), read and written.
//!
//! Header (little-endian): byte 0 = count of events; byte 1 = P (bit 7: a 16-bit key prefix
//! follows), F (bit 6: prefix applies to the upper half-word), D (bit 5: a payload prefix
//! follows), T (bit 4: payloads are timestamps), type (bits 3-2: 0 16-bit keys, 1 16-bit
//! key + payload, 2 32-bit keys, 3 32-bit key + payload), tag (bits 1-0).  P = 0 with F = 1
//! marks a command packet instead.  Then the key prefix (16 bits), then the payload prefix
//! (16 or 32 bits, as the keys), then `count` events.
#ifndef EIEIO_H
#define EIEIO_H

#include <stdint.h>
#include <string.h>

typedef struct {
    const uint8_t *next;       //!< next event
    uint32_t remaining;        //!< events not yet read
    uint32_t key_bytes;        //!< 2 or 4
    uint32_t has_payload;      //!< each event carries a payload
    uint32_t has_prefix, prefix_upper, prefix;
    uint32_t has_payload_base, payload_base;
    uint32_t is_time;          //!< payloads are timestamps (ticks)
} eieio_reader_t;

static inline uint32_t eieio_word(const uint8_t *p, uint32_t bytes) {
    uint32_t v = 0;
    memcpy(&v, p, bytes);   // little-endian host and chip
    return v;
}

//! Open a data packet of `size` bytes; 0 if it is a command or shorter than it says.
static inline int eieio_open(eieio_reader_t *r, const uint8_t *data, uint32_t size) {
    if (size < 2) {
        return 0;
    }
    memset(r, 0, sizeof(*r));
    uint32_t flags = data[1];
    uint32_t type = (flags >> 2) & 3u;
    r->has_prefix = (flags >> 7) & 1u;
    r->prefix_upper = (flags >> 6) & 1u;
    if (!r->has_prefix && r->prefix_upper) {
        return 0;   // a command packet
    }
    r->has_payload_base = (flags >> 5) & 1u;
    r->is_time = (flags >> 4) & 1u;
    r->key_bytes = (type & 2u) ? 4u : 2u;
    r->has_payload = type & 1u;
    uint32_t at = 2;
    if (r->has_prefix) {
        if (size < at + 2) {
            return 0;
        }
        r->prefix = eieio_word(data + at, 2);
        at += 2;
    }
    if (r->has_payload_base) {
        if (size < at + r->key_bytes) {
            return 0;
        }
        r->payload_base = eieio_word(data + at, r->key_bytes);
        at += r->key_bytes;
    }
    r->remaining = data[0];
    uint32_t event = r->key_bytes * (1u + r->has_payload);
    if ((size - at) / event < r->remaining) {
        return 0;
    }
    r->next = data + at;
    return 1;
}

//! The next event: key (prefix applied) and payload (payload prefix or'ed in; 0 if none).
//! Returns 0 when there are no more.
static inline int eieio_next(eieio_reader_t *r, uint32_t *key, uint32_t *payload) {
    if (r->remaining == 0) {
        return 0;
    }
    r->remaining--;
    uint32_t k = eieio_word(r->next, r->key_bytes);
    r->next += r->key_bytes;
    uint32_t p = 0;
    if (r->has_payload) {
        p = eieio_word(r->next, r->key_bytes);
        r->next += r->key_bytes;
    }
    if (r->has_prefix) {
        k |= r->prefix_upper ? (r->prefix << 16) : r->prefix;
    }
    *key = k;
    *payload = r->has_payload_base ? (p | r->payload_base) : p;
    return 1;
}

#endif  // EIEIO_H

//! \file
//! \brief Per-core extras of a neuron core: a running spike count over a window (the
//!        population's firing rate 'r'), a stop condition checked every tick, and clearing
//!        of pending input on request (Population.clear()).
#ifndef POPULATION_CONTROL_H
#define POPULATION_CONTROL_H

#include <stdint.h>
#include <string.h>
#include "runtime.h"
#include "generated/regions.h"

enum { STOP_NONE = 0, STOP_SPIKE = 1, STOP_COMPARE = 2 };
enum { OP_GT = 0, OP_GE = 1, OP_LT = 2, OP_LE = 3 };

//! Component id of the rate counts in recording channels and stop conditions.
#define RATE_COMPONENT 255u

typedef struct {
    stop_condition_t stop;     //!< copy of the STOP_CONDITION region (kind 0 if absent)
    uint32_t window;           //!< ticks of the rate window; 0 = no rate
    uint32_t *count;           //!< per-neuron spikes within the window (DTCM)
    uint32_t *history;         //!< window x words spike bitfields (SDRAM ring), then the
                               //!< counts as of the last pause (n words)
    uint32_t clear_count;      //!< last Population.clear() generation seen
} control_t;

//! Read the stop condition and the rate window (count must be allocated, n words).
COMPACT_CODE static int control_init(core_t *core, control_t *ctl, uint32_t n) {
    uint32_t size;
    const stop_condition_t *sc = core_region(core, REGION_STOP_CONDITION, &size);
    memset(&ctl->stop, 0, sizeof(ctl->stop));
    if (sc != NULL) {
        if (size < sizeof(*sc) || sc->kind > STOP_COMPARE || sc->op > OP_LE) {
            core_error(core, "stop condition region malformed");
            return APP_ERR_BAD_HEADER;
        }
        ctl->stop = *sc;
    }
    const rate_header_t *rh = core_region(core, REGION_RATE, &size);
    uint32_t window = (rh != NULL && size >= sizeof(*rh)) ? rh->window_ticks : 0u;
    uint32_t words = (n + 31u) / 32u;
    if (window != ctl->window) {
        memset(ctl->count, 0, n * 4u);   // a new window starts counting afresh
    }
    ctl->window = window;
    ctl->history = NULL;
    if (window > 0) {
        ctl->history = core_region_rw(core, REGION_RATE_HISTORY, &size);
        if (ctl->history == NULL || size / 4u < (uint64_t) window * words + n) {
            core_error(core, "rate history region smaller than the rate window");
            return APP_ERR_REGION_TOO_SMALL;
        }
        uint32_t spare = (n & 31u) ? ~((1u << (n & 31u)) - 1u) : 0u;   // atoms >= n
        for (uint32_t t = 0; spare != 0u && t < window; t++) {
            if (ctl->history[t * words + words - 1u] & spare) {
                core_error(core, "rate history has spikes of atoms the core does not have");
                return APP_ERR_BAD_HEADER;
            }
        }
    }
    return APP_OK;
}

//! Slide the window by one tick: add this tick's spikes, drop those of tick - window.
static inline void control_rate_tick(control_t *ctl, const uint32_t *spike_bits, uint32_t n,
                                     uint32_t tick) {
    if (ctl->window == 0) {
        return;
    }
    uint32_t words = (n + 31u) / 32u;
    uint32_t *old = &ctl->history[(tick % ctl->window) * words];
    // the history sits in a region the host may rewrite: bits above the last atom count
    // nothing (they would index counts past the core's n)
    uint32_t last = (n & 31u) ? (1u << (n & 31u)) - 1u : 0xFFFFFFFFu;
    for (uint32_t w = 0; w < words; w++) {
        uint32_t gone = old[w] & ((w + 1u == words) ? last : 0xFFFFFFFFu);
        uint32_t came = spike_bits[w];
        while (gone) {
            uint32_t b = (uint32_t) __builtin_ctz(gone);
            gone &= gone - 1u;
            ctl->count[w * 32u + b] -= 1u;
        }
        while (came) {
            uint32_t b = (uint32_t) __builtin_ctz(came);
            came &= came - 1u;
            ctl->count[w * 32u + b] += 1u;
        }
        old[w] = spike_bits[w];
    }
}

//! Whether raw (a field value) satisfies the comparison.
static inline int control_compare(const stop_condition_t *sc, int32_t raw) {
    switch (sc->op) {
    case OP_GT:
        return raw > sc->threshold;
    case OP_GE:
        return raw >= sc->threshold;
    case OP_LT:
        return raw < sc->threshold;
    default:
        return raw <= sc->threshold;
    }
}

//! Copy the counts after the history ring, where the host reads them (end of a run).
static inline void control_pause(const control_t *ctl, uint32_t n) {
    if (ctl->window > 0 && ctl->history != NULL) {
        memcpy(ctl->history + ctl->window * ((n + 31u) / 32u), ctl->count, n * 4u);
    }
}

//! Forget pending spike history (rate window); the caller clears its ring buffers.
static inline void control_clear(control_t *ctl, uint32_t n) {
    memset(ctl->count, 0, n * 4u);
    if (ctl->window > 0 && ctl->history != NULL) {
        memset(ctl->history, 0, ctl->window * ((n + 31u) / 32u) * 4u);
    }
}

#endif  // POPULATION_CONTROL_H

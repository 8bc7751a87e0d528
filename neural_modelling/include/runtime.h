//! \file
//! \brief The platform interface a per-core application is written against.
//!
//! The same application source runs on the virtual machine (spynnaker_backend/vm/native) and
//! on an ARM968 core (neural_modelling/arm).  The platform gives the application its data-spec
//! regions (as loaded by the host), a DTCM allocator with the core's real 64 KB budget, a way
//! to send multicast packets, and event counters.  All application state lives in memory
//! obtained from core_dtcm_alloc(), never in globals, so that many cores can share a process.
#ifndef RUNTIME_H
#define RUNTIME_H

#include <stddef.h>
#include <stdint.h>

//! Load-time code (reading and checking images) and rare paths: Thumb on an ARM968, which
//! keeps the neuron binaries inside the 32 KB ITCM (calls interwork through BLX).
#if defined(__arm__) && !defined(__thumb__)
#define COMPACT_CODE __attribute__((target("thumb"), noinline))
#else
#define COMPACT_CODE
#endif

typedef struct core core_t;   //!< opaque: defined by the platform

//! Counters every core keeps (indices into the platform's counter array).
typedef enum {
    CNT_PACKETS_SENT = 0,        //!< multicast packets sent by this core
    CNT_PACKETS_RECEIVED = 1,    //!< multicast packets received
    CNT_POP_TABLE_MISSES = 2,    //!< received keys with no master population table entry
    CNT_RING_SATURATIONS = 3,    //!< ring-buffer adds that saturated at 0xFFFF
    CNT_SYNAPTIC_EVENTS = 4,     //!< synaptic words processed
    CNT_RECORDING_OVERFLOWS = 5, //!< recording writes that found the buffer full
    CNT_MAX_TICK_CYCLES = 6,     //!< largest cycle-equivalent work in one tick
    CNT_TOTAL_CYCLES = 7,        //!< cycle-equivalent work over the run
    CNT_LATE_SPIKES = 8,         //!< delay-extension spikes beyond its buffer
    CNT_SDP_RECEIVED = 9,        //!< SDP messages taken from the host (live input)
    CNT_SDP_SENT = 10,           //!< SDP messages sent to the host (live output)
    CNT_LIVE_DROPPED = 11,       //!< live events dropped: unknown key, malformed or
                                 //!< undeliverable message
    CNT_PLASTIC_UPDATES = 12,     //!< plastic synapses updated (one per synapse per pre spike)
    CNT_PLASTIC_SUB_LSB = 13,    //!< plastic updates whose change rounded away (< 1/2 step)
    CNT_HISTORY_OVERFLOWS = 14,  //!< plastic updates that needed a dropped post spike
    CNT_REWIRING_ROWS_FULL = 15, //!< formations refused: the pre neuron's row was full
    CNT_N_COUNTERS = 16
} counter_t;

//! Error codes of an application's init (0 = fine).
typedef enum {
    APP_OK = 0,
    APP_ERR_MISSING_REGION = 1,
    APP_ERR_REGION_TOO_SMALL = 2,
    APP_ERR_BAD_HEADER = 3,
    APP_ERR_DTCM_FULL = 4,
    APP_ERR_BAD_SYNAPTIC_DATA = 5,
    APP_ERR_BAD_RECORDING = 6,
} app_error_t;

//! A read-only region of this core's image; NULL (and *size = 0) if absent.
const void *core_region(core_t *core, uint32_t region, uint32_t *size);

//! Whether the host replaced this region since the app's last init or reload (1 when the
//! platform cannot tell).  An app's reload re-reads (and re-validates) such regions: it
//! keeps no pointer into, nor any conclusion about, a region that was replaced.
int core_region_rewritten(const core_t *core, uint32_t region);

//! A writable region (recording buffers, state written back at the end of a run).
void *core_region_rw(core_t *core, uint32_t region, uint32_t *size);

//! Allocate from the core's DTCM (8-byte aligned, zeroed); NULL when the 64 KB are used up.
void *core_dtcm_alloc(core_t *core, uint32_t bytes);

//! Host memory for an accelerator of the virtual machine that is not part of the chip's
//! memory model (and must not change results): one zeroed block per core, replaced by the
//! next call and freed with the core.  NULL on a board (and when the host has none), so
//! callers must work without it.
void *core_host_alloc(core_t *core, uint32_t bytes);

//! Send a multicast packet with this key (no payload).
void core_send(core_t *core, uint32_t key);

//! Send a multicast packet with this key and a 32-bit payload (a device-control value).
void core_send_payload(core_t *core, uint32_t key, uint32_t payload);

//! Add to one of the core's counters.
void core_count(core_t *core, counter_t counter, uint32_t n);

//! Say why init failed (kept by the platform, shown to the user).
void core_error(core_t *core, const char *message);

//! Ask for the run to end after this tick (a population's stop condition held).
void core_request_stop(core_t *core);

//! Take the oldest SDP message the host sent this core (the data part: an EIEIO packet);
//! copies at most `max` bytes into buf and returns the message's size (0: none waiting).
uint32_t core_sdp_receive(core_t *core, void *buf, uint32_t max);

//! Send an SDP message (data part, at most 256 bytes) to the host through IP tag `tag`.
void core_sdp_send(core_t *core, uint32_t tag, const void *data, uint32_t size);

//! Per-core application: what a binary is.
typedef struct app {
    const char *name;
    //! Read and validate the image, allocate DTCM state; returns an app_error_t.
    int (*init)(core_t *core, void **state);
    //! One timestep: update and send.  tick counts from 0 at the last reset.
    void (*timer)(core_t *core, void *state, uint32_t tick);
    //! One received multicast packet, during the tick `tick`.
    void (*packet)(core_t *core, void *state, uint32_t key, uint32_t tick);
    //! End of a run: write state the host may read back into the image.
    void (*pause)(core_t *core, void *state);
    //! Parameters rewritten by the host between runs: re-read them (not the state).
    int (*reload)(core_t *core, void *state);
    //! Optional: a packet with this key will arrive soon, in tick `tick`; start fetching
    //! what it will read (the host's cache stands in for the chip's DMA).  Called with
    //! stage 0, then later with stage 1, then 2, so that each stage can read what the
    //! previous one fetched.  Must not change any state.  `memo` is one pointer the
    //! platform keeps for this packet (NULL before stage 0): a stage may leave there what
    //! a later stage, or packet_memo, would otherwise look up again.
    void (*prefetch)(const core_t *core, const void *state, uint32_t key, uint32_t stage,
                     uint32_t tick, const void **memo);
    //! Optional: one received multicast packet with a payload, during the tick `tick`.  A
    //! core without it counts such packets as dropped (CNT_LIVE_DROPPED): only a live packet
    //! gatherer takes them (the mapping routes device-control keys to nothing else).
    void (*packet_payload)(core_t *core, void *state, uint32_t key, uint32_t payload,
                           uint32_t tick);
    //! Optional (with prefetch): the packet, as `packet`, after its prefetch stages (stage
    //! 1 at least) with their memo; the platform calls it instead of `packet` then.
    void (*packet_memo)(core_t *core, void *state, uint32_t key, uint32_t tick,
                        const void *memo);
} app_t;

#endif  // RUNTIME_H

//! \file
//! \brief The neuron core application, built from one neuron, synapse and threshold component.
//!
//! A binary is a .c file that includes its components' headers and then this file with
//! APP_SYMBOL and APP_NAME defined.  Everything here is static: several binaries link into
//! the virtual machine side by side.
#ifndef APP_SYMBOL
#error "define APP_SYMBOL and APP_NAME before including neuron_core_impl.h"
#endif

#include <string.h>
#include "runtime.h"
#include "fixed_point.h"
#include "ring_buffer.h"
#include "synapse_row.h"
#include "pop_index.h"
#include "recording.h"
#include "current_source.h"
#include "population_control.h"
#include "system_header.h"
#include "plastic_core.h"
#include "structural_core.h"
#include "generated/regions.h"
#if !defined(__arm__) && defined(NEURON_LIF_BOARD) && defined(SYNAPSE_EXP_CURRENT) && \
    defined(THRESHOLD_STATIC) && !defined(SYNAPSE_SIGNED_INPUT) && !defined(THRESHOLD_SENDS_PACKETS)
#include "lanes_lif_exp.h"   // IF_curr_exp's one-pass tick in 32-bit lanes (host only)
#endif

typedef struct {
    // what a packet reads first, together at the start (one cache line of the host)
    pop_index_t pop_index;          //!< the virtual machine's index of the table (pop_index.h)
    const pop_entry_t *pop;         //!< master population table (DTCM copy)
    const uint32_t *matrix;         //!< synaptic matrix (SDRAM)
    uint32_t n_pop;
    uint32_t pop_cap;               //!< entries the DTCM copy of the table has room for
    uint32_t matrix_words;
    uint32_t n;                     //!< neurons on this core
    uint32_t has_key, key, enabled;
    // parameters and state field-major in DTCM (field k of neuron i at [k * n + i]), so that
    // the neuron loop reads each field as one contiguous vector; the image is neuron-major
    int32_t *np, *ns, *sp, *ss, *tp;
    uint16_t *ring;                 //!< RING_SLOTS x n_types x n saturating entries
    uint32_t n_types, index_bits, type_bits;
    uint32_t shift[MAX_SYNAPSE_TYPES];
    uint32_t negative_types;        //!< bit t: type t's input is negated (signed receptors)
    uint32_t *spike_bits;           //!< this tick's spikes, one bit per neuron
    uint32_t *sample;               //!< scratch row of one recorded variable
    recording_t rec;
    //! per-tick offsets of the packet path: off[(delay << type_bits) | type] is the ring
    //! index of neuron 0 for that delay and type at tick off_tick (valid when off_ready)
    uint32_t off[RING_SLOTS << 2];
    uint32_t off_tick, off_ready;
    currents_t cur;                 //!< current sources injecting into this core's neurons
    control_t ctl;                  //!< rate window, stop condition, clear generation
    plastic_t plastic;              //!< plastic synapses and post-spike history (if any)
    structural_t structural;        //!< rewiring of the plastic rows (if any)
#ifndef __arm__
    uint32_t params_uniform;        //!< 1: every neuron has neuron 0's parameters (read_params)
    uint32_t no_sources;            //!< 1: no current source (read_configuration): app_timer
                                    //!< need not read the region's header every tick
#endif
} neuron_core_t;

#include "neuron_core_load.h"

//! The words of a per-neuron field: a state field (component 0 neuron, 1 synapse) or the
//! rate counts; NULL if the host asked for a field that does not exist.
COMPACT_CODE static const uint32_t *field_base(const neuron_core_t *c, uint32_t component, uint32_t word,
                                  uint32_t *stride) {
    if (component == RATE_COMPONENT && word == 0) {
        *stride = 1;
        return c->ctl.count;
    }
    uint32_t words = (component == 0) ? NEURON_STATE_WORDS : SYNAPSE_STATE_WORDS;
    *stride = 1;
    if (component > 1 || word >= words) {
        return NULL;
    }
    return (const uint32_t *) ((component == 0) ? c->ns : c->ss) + word * c->n;
}

static void record_state(core_t *core, neuron_core_t *c, uint32_t tick) {
    for (uint32_t ch = 1; ch < c->rec.n_channels; ch++) {
        if (!recording_due(&c->rec, ch, tick)) {
            continue;
        }
        const recording_channel_t *cfg = &c->rec.channel[ch].config;
        uint32_t stride;
        const uint32_t *base = field_base(c, cfg->component, cfg->word, &stride);
        if (base == NULL) {
            continue;   // rejected by the host; never read out of the struct
        }
        const uint32_t *bits = c->rec.channel[ch].index_bits;
        uint32_t n = 0;
        if (bits == NULL) {
            for (uint32_t i = 0; i < c->n; i++) {
                c->sample[i] = base[i * stride];
            }
            n = c->n;
        } else {
            // only the recorded atoms (a population bitfield; this core starts at first_atom)
            // (a word of the bitfield at a time: usually few atoms are recorded)
            uint32_t first = c->rec.first_atom;
            uint32_t limit = c->rec.channel[ch].config.index_words * 32u;
            uint32_t end = (first + c->n < limit) ? first + c->n : limit;
            for (uint32_t a = first; a < end;) {
                uint32_t word = bits[a >> 5] >> (a & 31u);   // the atoms from a on
                uint32_t span = 32u - (a & 31u);
                if (end - a < span) {
                    span = end - a;                           // < 32: the shift is defined
                    word &= (1u << span) - 1u;
                }
                while (word != 0) {
                    uint32_t b = (uint32_t) __builtin_ctz(word);
                    word &= word - 1u;
                    c->sample[n++] = base[(a + b - first) * stride];
                }
                a += span;
            }
        }
        recording_write(core, &c->rec, ch, c->sample, n * 4u);
    }
}

//! End the run after this tick if the population's stop condition holds for any neuron.
static void check_stop(core_t *core, const neuron_core_t *c, uint32_t spikes) {
    const stop_condition_t *sc = &c->ctl.stop;
    if (sc->kind == STOP_SPIKE && spikes > 0) {
        core_request_stop(core);
    } else if (sc->kind == STOP_COMPARE) {
        uint32_t stride;
        const uint32_t *base = field_base(c, sc->component, sc->word, &stride);
        for (uint32_t i = 0; base != NULL && i < c->n; i++) {
            if (control_compare(sc, (int32_t) base[i * stride])) {
                core_request_stop(core);
                return;
            }
        }
    }
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && defined(__linux__)
//! The neuron loop in a baseline and an AVX-512 version, picked at load time by the host CPU
//! (its 64-bit lanes are what the fixed-point products need; an AVX2 version measured no
//! faster than the baseline).  Integer arithmetic only: every version gives the same bits.
#define NEURON_LOOP_VERSIONS __attribute__((target_clones("default", "arch=x86-64-v4")))
#else
#define NEURON_LOOP_VERSIONS
#endif

//! This tick's ring-buffer rows -> input per synapse type of neuron i (the rows cleared).
//! With signed receptors, sign[t] is -1 for a type whose input is negated, else 0.
static inline void read_ring(uint16_t *restrict ring, size_t n, size_t i,
                             const uint32_t *shift, const int32_t *sign, s1615 *input) {
#ifndef SYNAPSE_SIGNED_INPUT
    (void) sign;
#endif
    for (size_t t = 0; t < SYNAPSE_TYPES; t++) {
        input[t] = (s1615) ((uint32_t) ring[t * n + i] << shift[t]);
#ifdef SYNAPSE_SIGNED_INPUT
        input[t] = (input[t] ^ sign[t]) - sign[t];   // branch-free: x or -x
#endif
        ring[t * n + i] = 0;
    }
}

//! Per synapse type: -1 where the input is negated, else 0 (read_ring's sign).
static inline void type_signs(const neuron_core_t *c, int32_t *sign) {
    for (uint32_t t = 0; t < SYNAPSE_TYPES; t++) {
        sign[t] = -(int32_t) ((c->negative_types >> t) & 1u);
    }
}

//! The board's first step of a tick: this tick's ring-buffer rows (cleared as read) are
//! added into the synaptic state, before it is recorded and before the neurons update.
NEURON_LOOP_VERSIONS
static void transfer_inputs(const neuron_core_t *c, uint16_t *restrict ring) {
    const size_t n = c->n;
    const int32_t *restrict sp = c->sp;
    int32_t *restrict ss = c->ss;
    uint32_t shift[SYNAPSE_TYPES];
    int32_t sign[SYNAPSE_TYPES];
    for (uint32_t t = 0; t < SYNAPSE_TYPES; t++) {
        shift[t] = c->shift[t];
    }
    type_signs(c, sign);
#pragma GCC ivdep
    for (size_t i = 0; i < n; i++) {
        synapse_params_t syn_p;
        synapse_state_t syn_s;
        SYNAPSE_PARAMS_GET(&syn_p, sp, n, i);
        SYNAPSE_STATE_GET(&syn_s, ss, n, i);
        s1615 input[SYNAPSE_TYPES];
        read_ring(ring, n, i, shift, sign, input);
        synapse_add(&syn_p, &syn_s, input);
        SYNAPSE_STATE_PUT(&syn_s, ss, n, i);
    }
}

//! One tick of every neuron in the board's order -- membrane from the synaptic state (which
//! already holds this tick's input), threshold, reset, then the synaptic state decays -- and
//! flag those that fired.  Delta synapses (whose state is this tick's input) jump v after
//! the integration.  Straight-line per neuron -- the components' branches are selects -- so
//! that the compiler vectorises it over neurons.  Two compile-time variants of the same
//! arithmetic (same bits): `fused` also adds this tick's ring-buffer rows first
//! (transfer_inputs in the same pass, for ticks that record no state between the two);
//! `plain` has one set of parameters for every neuron (`params_uniform`) and no current
//! source, so the parameters are read once and no injected current is read.  (Full-scale
//! microcircuit, every core plain: 4.2 -> 2.8 ns a neuron-tick, benchmarks/README.md.)
static inline __attribute__((always_inline)) void neuron_step(
        const neuron_core_t *c, uint16_t *restrict ring, const s823 *restrict i_inj,
        uint8_t *restrict fired, uint32_t tick, const int fused, const int plain) {
    const size_t n = c->n;
    const int32_t *restrict np = c->np;
    const int32_t *restrict sp = c->sp;
    const int32_t *restrict tp = c->tp;
    int32_t *restrict ns = c->ns;
    int32_t *restrict ss = c->ss;
    uint32_t shift[SYNAPSE_TYPES];
    int32_t sign[SYNAPSE_TYPES];
    if (fused) {
        for (uint32_t t = 0; t < SYNAPSE_TYPES; t++) {
            shift[t] = c->shift[t];
        }
        type_signs(c, sign);
    }
    neuron_params_t p0;
    synapse_params_t syn_p0;
    threshold_params_t th0;
    if (plain) {   // (neuron 0's are everyone's)
        NEURON_PARAMS_GET(&p0, np, n, 0);
        SYNAPSE_PARAMS_GET(&syn_p0, sp, n, 0);
        THRESHOLD_PARAMS_GET(&th0, tp, n, 0);
    }
    // neuron i touches only its own fields and ring entries: no dependence between
    // iterations (the compiler cannot see that through the field-major offsets)
#pragma GCC ivdep
    for (size_t i = 0; i < n; i++) {
        neuron_params_t p;
        neuron_state_t s;
        synapse_params_t syn_p;
        synapse_state_t syn_s;
        threshold_params_t th;
        if (plain) {
            p = p0;
            syn_p = syn_p0;
            th = th0;
        } else {
            NEURON_PARAMS_GET(&p, np, n, i);
            SYNAPSE_PARAMS_GET(&syn_p, sp, n, i);
            THRESHOLD_PARAMS_GET(&th, tp, n, i);
        }
        NEURON_STATE_GET(&s, ns, n, i);
        SYNAPSE_STATE_GET(&syn_s, ss, n, i);
        if (fused) {
            s1615 input[SYNAPSE_TYPES];
            read_ring(ring, n, i, shift, sign, input);
            synapse_add(&syn_p, &syn_s, input);
        }
        const s823 inj = plain ? 0 : i_inj[i];
#ifdef NEURON_INTEGRATES_SYNAPSES
        // the neuron integrates the synaptic state itself, inside its sub-steps (HH)
        int integrated = neuron_update_synaptic(&p, &s, &syn_p, &syn_s, inj);
#else
        s1615 v0 = neuron_v(&s);
#ifdef NEURON_TAKES_CURRENT
        // the board's neurons take the synaptic current and integrate it themselves
        s1615 dv = synapse_current(&syn_p, &syn_s, v0);
#else
        s1615 dv = synapse_dv(&syn_p, &syn_s, v0);
#endif
        int integrated = neuron_update(&p, &s, dv, inj);
#ifdef SYNAPSE_HAS_CORRECTION
        // second stage for inputs that depend on v (conductances): v0 -> v predicted
        neuron_state_t corrected = s;
        neuron_jump(&p, &corrected, synapse_correction(&syn_p, &syn_s, v0, neuron_v(&s)));
        NEURON_STATE_CHOOSE(&s, &corrected, integrated);
#endif
#endif  // NEURON_INTEGRATES_SYNAPSES
#ifdef SYNAPSE_HAS_JUMP
        s1615 jump = synapse_jump(&syn_p, &syn_s);   // (before the state ends its tick)
#endif
        synapse_advance(&syn_p, &syn_s);
#ifdef SYNAPSE_HAS_JUMP
        // delta inputs move v at the end of the tick, before the threshold; discarded
        // while refractory (NEST's iaf_psc_delta and izhikevich)
        neuron_state_t jumped = s;
        neuron_jump(&p, &jumped, jump);
        NEURON_STATE_CHOOSE(&s, &jumped, integrated);
#else
        (void) integrated;
#endif
#ifdef NEURON_THRESHOLD_MOVES
        // the threshold sees v relative to the neuron's moving threshold (GIF: v - v_t), and
        // draws only in ticks that integrated (no escape noise while refractory)
        int crossed = threshold_crossed(&th, neuron_v_rel(&s), tick) & integrated;
#else
        int crossed = threshold_crossed(&th, neuron_v(&s), tick);
#endif
#ifdef NEURON_HAS_SPIKE_TEST
        // a model without reset decides which crossings are spikes (HH: v's maximum)
        crossed = neuron_spike_test(&p, &s, crossed);
#endif
#ifdef NEURON_BURSTS_WHILE_REFRACTORY
        // sPyNNaker's stochastic neurons: a refractory tick is a spike of the burst that a
        // drawn spike started (no draw, no reset then)
        crossed &= integrated;
        int burst = !integrated;
#else
        const int burst = 0;
#endif
        neuron_state_t reset = s;
        neuron_spiked(&p, &reset);
        NEURON_STATE_CHOOSE(&s, &reset, crossed);
        NEURON_STATE_PUT(&s, ns, n, i);
        SYNAPSE_STATE_PUT(&syn_s, ss, n, i);
        fired[i] = (uint8_t) (crossed | burst);
    }
}

//! Every neuron's tick, after transfer_inputs (and the state's recording).
NEURON_LOOP_VERSIONS
static void update_neurons(const neuron_core_t *c, uint16_t *restrict ring,
                           const s823 *restrict i_inj, uint8_t *restrict fired,
                           uint32_t tick) {
    neuron_step(c, ring, i_inj, fired, tick, 0, 0);
}

#ifndef __arm__   // (host only: the chip's ITCM has no room for another version of the loop)
//! transfer_inputs and update_neurons in one pass over the state, for a core whose neurons
//! share one set of parameters and have no current source, in a tick that records no state.
//! (A fused pass with per-neuron parameters measured slower than the two passes.)
NEURON_LOOP_VERSIONS
static void update_fused_plain(const neuron_core_t *c, uint16_t *restrict ring,
                               uint8_t *restrict fired, uint32_t tick) {
    neuron_step(c, ring, NULL, fired, tick, 1, 1);
}

//! update_fused_plain, in the model's 32-bit-lane loop where there is one for this
//! binary's components and the host CPU (the same bits).
static void update_fused_plain_fastest(const neuron_core_t *c, uint16_t *restrict ring,
                                       uint8_t *restrict fired, uint32_t tick) {
#ifdef LANES_LIF_EXP
    if (lanes_lif_exp_available()) {
        neuron_params_t p;
        synapse_params_t sp;
        threshold_params_t th;
        NEURON_PARAMS_GET(&p, c->np, c->n, 0);   // (neuron 0's are everyone's)
        SYNAPSE_PARAMS_GET(&sp, c->sp, c->n, 0);
        THRESHOLD_PARAMS_GET(&th, c->tp, c->n, 0);
        lanes_lif_exp_tick(c->n, c->ns, c->ss, ring, fired, &p, &sp, &th, c->shift);
        return;
    }
#endif
    update_fused_plain(c, ring, fired, tick);
}

//! Whether channel ch records any of this core's neurons: a population's bitfield (e.g.
//! v of two cells) selects none of the neurons on most of its cores.
static int channel_has_atoms(const neuron_core_t *c, uint32_t ch) {
    const uint32_t *bits = c->rec.channel[ch].index_bits;
    if (bits == NULL) {
        return c->n > 0;
    }
    // the words of the bitfield over this core's atoms, as record_state walks them
    uint32_t first = c->rec.first_atom;
    uint32_t limit = c->rec.channel[ch].config.index_words * 32u;
    uint32_t end = (first + c->n < limit) ? first + c->n : limit;
    for (uint32_t a = first; a < end;) {
        uint32_t word = bits[a >> 5] >> (a & 31u);
        uint32_t span = 32u - (a & 31u);
        if (end - a < span) {
            span = end - a;                           // < 32: the shift is defined
            word &= (1u << span) - 1u;
        }
        if (word != 0) {
            return 1;
        }
        a += span;
    }
    return 0;
}

//! Whether record_state has anything to record in this tick (a channel that records none
//! of this core's neurons writes the same empty sample before or after the update).
static int state_recording_due(const neuron_core_t *c, uint32_t tick) {
    for (uint32_t ch = 1; ch < c->rec.n_channels; ch++) {
        if (recording_due(&c->rec, ch, tick) && channel_has_atoms(c, ch)) {
            return 1;
        }
    }
    return 0;
}
#endif

//! The fired neurons among [first, end): spike bits, packets; returns how many.
static uint32_t emit_range(core_t *core, neuron_core_t *c, const uint8_t *fired,
                           uint32_t first, uint32_t end) {
    uint32_t spikes = 0;
    for (uint32_t i = first; i < end; i++) {
        if (fired[i]) {
            c->spike_bits[i >> 5] |= 1u << (i & 31u);
            spikes++;
            if (c->has_key) {
                core_send(core, c->key | i);
            }
        }
    }
    return spikes;
}

//! The fired neurons: spike bits, packets; returns how many.
static uint32_t emit_spikes(core_t *core, neuron_core_t *c, const uint8_t *fired) {
    uint32_t spikes = 0, i = 0;
    for (; i + 8u <= c->n; i += 8u) {
        uint64_t any;
        memcpy(&any, fired + i, 8u);
        if (any != 0) {   // most ticks, most neurons: skipped eight at a time
            spikes += emit_range(core, c, fired, i, i + 8u);
        }
    }
    return spikes + emit_range(core, c, fired, i, c->n);
}

#ifdef THRESHOLD_SENDS_PACKETS
//! A device-control threshold's packets (c_models/threshold/device_control.h): what each
//! neuron sends, from its membrane potential after this tick's update.
static void send_device_packets(core_t *core, const neuron_core_t *c, uint32_t tick) {
    for (uint32_t i = 0; i < c->n; i++) {
        threshold_params_t th;
        neuron_state_t s;
        THRESHOLD_PARAMS_GET(&th, c->tp, c->n, i);
        NEURON_STATE_GET(&s, c->ns, c->n, i);
        device_control_send(core, &th, neuron_v(&s), tick);
    }
}
#endif

static void app_timer(core_t *core, void *state, uint32_t tick) {
    neuron_core_t *c = state;
    uint32_t slot = tick & (RING_SLOTS - 1u);
    uint32_t words = (c->n + 31u) / 32u;
    // this slot's ring rows, type after type (ring_index: (slot * types + type) * n + i)
    uint16_t *ring = &c->ring[ring_index(slot, 0, 0, SYNAPSE_TYPES, c->n)];
#ifndef __arm__
    // nothing recorded between input and update: both in one pass (same order per neuron)
    const int fused = c->enabled && c->params_uniform && c->no_sources &&
        !state_recording_due(c, tick);
#else
    const int fused = 0;
#endif
    if (c->enabled && !fused) {
        transfer_inputs(c, ring);   // the board's order: input, record, update, decay
    }
    // v as it entered the tick, the synaptic state with this tick's input (as the board)
    record_state(core, c, tick);
    if (!fused) {   // (a fused tick has no source and does not read i_inj)
        currents_tick(&c->cur, c->n, tick);
    }
    memset(c->spike_bits, 0, words * 4u);
    uint32_t spikes = 0;
    if (c->enabled) {
        // the sample row is free until the next tick's recording: one byte per neuron
        uint8_t *fired = (uint8_t *) c->sample;
#ifndef __arm__
        if (fused) {
            update_fused_plain_fastest(c, ring, fired, tick);
        } else
#endif
        update_neurons(c, ring, c->cur.i_inj, fired, tick);
#ifdef THRESHOLD_SENDS_PACKETS
        send_device_packets(core, c, tick);
#endif
        spikes = emit_spikes(core, c, fired);
        plastic_post_spikes(core, &c->plastic, fired, c->n, tick, c->index_bits,
                            c->type_bits);
        structural_tick(core, &c->structural, &c->plastic, c->n, tick, c->index_bits,
                        c->type_bits);
    } else {
        memset(ring, 0, SYNAPSE_TYPES * c->n * sizeof(uint16_t));   // input is still consumed
    }
    // axonal-delay plastic rows due now (their spikes reach the synapses next tick)
    plastic_axonal_tick(core, &c->plastic, tick, c->ring, c->n, SYNAPSE_TYPES,
                        c->index_bits, c->type_bits);
    recording_spikes(core, &c->rec, c->spike_bits, words, tick);
    control_rate_tick(&c->ctl, c->spike_bits, c->n, tick);
    if (c->enabled) {
        check_stop(core, c, spikes);
    }
    // cycle-equivalents: neuron update ~ 60 cycles, per-tick overhead ~ 500 (ARM estimates)
    core_count(core, CNT_TOTAL_CYCLES, 500u + 60u * c->n + 20u * spikes);
}

#ifndef __arm__
//! The platform's timer_prefetch (runtime.h): stage 0 the lines of this struct app_timer
//! reads, stage 1 the single lines it reads through them (neuron 0's parameters, the spike
//! bits, the spike recording's header) and the first line of each stream (state, ring
//! plane).  At full scale these come back from memory every tick, each a dependent miss.
//! (Fetching the whole state and ring plane ahead measured no faster: the stream is
//! bandwidth-bound, and the prefetches stalled on full fill buffers instead.)
static void app_timer_prefetch(const core_t *core, const void *state, uint32_t tick,
                               uint32_t stage) {
    const neuron_core_t *c = state;
    (void) core;
    if (stage == 0) {
        __builtin_prefetch(&c->pop_index, 0, 2);
        __builtin_prefetch(&c->n, 0, 2);
        __builtin_prefetch(&c->ring, 0, 2);
        __builtin_prefetch(&c->rec, 0, 2);
        __builtin_prefetch(&c->rec.channel[1], 0, 2);
        __builtin_prefetch(&c->cur, 0, 2);
        __builtin_prefetch(&c->ctl, 0, 2);
        __builtin_prefetch(&c->plastic, 0, 2);
        __builtin_prefetch(&c->structural, 0, 2);
        __builtin_prefetch(&c->params_uniform, 0, 2);
        return;
    }
    uint32_t slot = tick & (RING_SLOTS - 1u);
    __builtin_prefetch(c->ns, 0, 2);
    __builtin_prefetch(c->ss, 0, 2);
    __builtin_prefetch(&c->ring[ring_index(slot, 0, 0, SYNAPSE_TYPES, c->n)], 0, 2);
    __builtin_prefetch(c->np, 0, 2);
    __builtin_prefetch(c->sp, 0, 2);
    __builtin_prefetch(c->tp, 0, 2);
    __builtin_prefetch(c->sample, 0, 2);
    __builtin_prefetch(c->spike_bits, 0, 2);
    if (c->rec.n_channels > 0 && c->rec.channel[0].buffer != NULL) {
        __builtin_prefetch(c->rec.channel[0].buffer, 0, 2);
    }
}
#define APP_TIMER_PREFETCH app_timer_prefetch
#else
#define APP_TIMER_PREFETCH NULL
#endif

#include "neuron_core_packet.h"

const app_t APP_SYMBOL = {
    APP_NAME, app_init, app_timer, app_packet, app_pause, app_reload, APP_PREFETCH, NULL,
    APP_PACKET_MEMO, APP_TIMER_PREFETCH
};

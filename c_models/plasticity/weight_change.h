//! \file
//! \brief sPyNNaker's weight-changing synapses (extra_models.WeightChangeable /
//! WeightChanger, 7.4.1's synapse_dynamics_external_weight_change): the per-neuron queue of
//! pending weight changes (docs/plasticity.md, "Weight-changing synapses").
//!
//! A spike of pre neuron k on a changer row queues, for every post neuron j of the row, the
//! change (in the changeable projection's plastic units) for the synapses k -> j of that
//! changeable projection; the next spike of pre neuron k on the changeable projection that
//! is processed in a later tick applies every queued change for it (clamped to [w_min,
//! w_max] after each) before its weight reaches j.  A neuron's queue keeps WC_QUEUE_SIZE
//! changes, oldest first (7.4.1 keeps 16 per neuron and drops the oldest when full: here a
//! dropped change is counted as a loss).  The queues live at the start of PLASTIC_MATRIX
//! (WC_NEURON_WORDS per neuron of the core): SDRAM, as the rows, so they outlast a run.
#ifndef C_MODELS_PLASTICITY_WEIGHT_CHANGE_H
#define C_MODELS_PLASTICITY_WEIGHT_CHANGE_H

#include <stdint.h>

//! 0 leaves the weight-changing rows out of a binary (its cores refuse timing codes 10 and
//! 11 at load): ARM builds without ITCM room for them (neural_modelling/arm/Makefile).
#ifndef WEIGHT_CHANGE
#define WEIGHT_CHANGE 1
#endif

#define TIMING_WEIGHT_CHANGEABLE 10u   //!< rows whose weights the changers move
#define TIMING_WEIGHT_CHANGER 11u      //!< rows that queue changes (never reach a ring buffer)
#define WC_QUEUE_SIZE 16u              //!< pending changes a neuron keeps (as 7.4.1)
#define WC_ENTRY_WORDS 3u              //!< change | rule << 16, pre atom, tick queued
#define WC_NEURON_WORDS (1u + WC_QUEUE_SIZE * WC_ENTRY_WORDS)   //!< count, then the entries

//! Append a change to queue `q` (count, entries); when full the oldest goes: returns 1 then.
static inline uint32_t wc_queue_add(uint32_t *q, uint32_t change, uint32_t rule,
                                    uint32_t pre, uint32_t tick) {
    uint32_t count = (q[0] > WC_QUEUE_SIZE) ? WC_QUEUE_SIZE : q[0], dropped = 0;
    if (count == WC_QUEUE_SIZE) {
        for (uint32_t w = 1u; w < 1u + (WC_QUEUE_SIZE - 1u) * WC_ENTRY_WORDS; w++) {
            q[w] = q[w + WC_ENTRY_WORDS];
        }
        count--;
        dropped = 1u;
    }
    uint32_t *e = q + 1u + count * WC_ENTRY_WORDS;
    e[0] = (change & 0xFFFFu) | (rule << 16);
    e[1] = pre;
    e[2] = tick;
    q[0] = count + 1u;
    return dropped;
}

//! Apply, oldest first, every change of queue `q` for (rule, pre) queued before `tick` to
//! `units` (each result clamped to [lo, hi]) and remove them (the rest keep their order).
//! Returns the new weight; *applied counts the changes.
static inline uint32_t wc_queue_apply(uint32_t *q, uint32_t rule, uint32_t pre,
                                      uint32_t tick, int32_t units, int32_t lo, int32_t hi,
                                      uint32_t *applied) {
    uint32_t count = (q[0] > WC_QUEUE_SIZE) ? WC_QUEUE_SIZE : q[0], kept = 0;
    for (uint32_t k = 0; k < count; k++) {
        uint32_t *e = q + 1u + k * WC_ENTRY_WORDS;
        if ((e[0] >> 16) == rule && e[1] == pre && (int32_t) (tick - e[2]) > 0) {
            units += (int32_t) (e[0] & 0xFFFFu);
            units = (units < lo) ? lo : (units > hi) ? hi : units;
            (*applied)++;
            continue;
        }
        uint32_t *to = q + 1u + kept * WC_ENTRY_WORDS;
        to[0] = e[0];
        to[1] = e[1];
        to[2] = e[2];
        kept++;
    }
    q[0] = kept;
    return (uint32_t) units;
}

#endif  // C_MODELS_PLASTICITY_WEIGHT_CHANGE_H

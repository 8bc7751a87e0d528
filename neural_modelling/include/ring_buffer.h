//! \file
//! \brief 16-bit saturating input ring buffers: RING_SLOTS delay slots x synapse types x neurons.
#ifndef RING_BUFFER_H
#define RING_BUFFER_H

#include <stdint.h>
#include "generated/regions.h"

//! Index of (slot, synapse type, neuron) in a ring buffer of n_types x n_neurons per slot.
static inline uint32_t ring_index(uint32_t slot, uint32_t type, uint32_t neuron,
                                  uint32_t n_types, uint32_t n_neurons) {
    return (slot * n_types + type) * n_neurons + neuron;
}

//! Add a weight, saturating at 0xFFFF; returns 1 if it saturated.
static inline uint32_t ring_add(uint16_t *entry, uint32_t weight) {
    uint32_t sum = (uint32_t) *entry + weight;
    if (sum > 0xFFFFu) {
        *entry = 0xFFFFu;
        return 1;
    }
    *entry = (uint16_t) sum;
    return 0;
}

#endif  // RING_BUFFER_H

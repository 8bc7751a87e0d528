//! \file
//! \brief Counter-based random numbers: a draw is a pure function of (seed, counter), so no
//!        generator state has to survive a run, a reload or a different partitioning.
#ifndef RANDOM_H
#define RANDOM_H

#include <stdint.h>

#define GOLDEN_GAMMA 0x9E3779B97F4A7C15ull

//! splitmix64's output function: a bijective 64-bit mixer.
static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

//! Uniform 32-bit number number `counter` of the stream starting at `stream`.
static inline uint32_t stream_uniform32(uint64_t stream, uint64_t counter) {
    return (uint32_t) (mix64(stream + (counter + 1u) * GOLDEN_GAMMA) >> 32);
}

//! The stream of one atom: keyed by a seed and the atom's index in its population, so an
//! atom draws the same numbers on whichever core it lands.
static inline uint64_t atom_stream(uint64_t seed, uint64_t population_index) {
    return mix64(seed ^ mix64((population_index + 1u) * GOLDEN_GAMMA));
}

#endif  // RANDOM_H

//! \file
//! \brief A fixed threshold crossed with a fixed probability (sPyNNaker's
//!        threshold_type_fixed_prob: IFCurrDeltaFixedProb).
//!
//! In a tick in which v >= v_thresh the neuron fires with probability p_thresh: a uniform
//! draw of the neuron's own counter-based stream, indexed by the tick, is compared with it.
//! The draw depends only on (seed, population index, tick): the same spikes for any
//! partitioning, thread count or split of the run.
#ifndef C_MODELS_THRESHOLD_FIXED_PROB_H
#define C_MODELS_THRESHOLD_FIXED_PROB_H

#include "generated/fixed_prob_threshold.h"
#include "random.h"

typedef fixed_prob_threshold_params_t threshold_params_t;
#define THRESHOLD_PARAMS_WORDS FIXED_PROB_THRESHOLD_PARAMS_WORDS

static inline int threshold_crossed(const threshold_params_t *p, s1615 v, uint32_t tick) {
    uint64_t stream = ((uint64_t) p->stream_hi << 32) | p->stream_lo;
    uint32_t u = stream_uniform32(stream, tick);
    // p_thresh = 1 is stored as 0xFFFFFFFF: certain
    int drawn = (u < p->p_thresh) | (p->p_thresh == UINT32_MAX);
    return (v >= p->v_thresh) & drawn;
}

#endif  // C_MODELS_THRESHOLD_FIXED_PROB_H

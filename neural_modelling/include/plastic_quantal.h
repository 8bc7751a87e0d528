//! \file
//! \brief Rows of StochasticTsodyksMarkramSynapse and MultiQuantalSynapse (timing codes 12,
//! 13: c_models/plasticity/quantal.h): [count, last pre tick, pre atom, core's first target
//! atom, u, synapses..., one state word per synapse] (docs/plasticity.md).
#ifndef PLASTIC_QUANTAL_H
#define PLASTIC_QUANTAL_H

#include "plasticity/quantal.h"

static void quantal_row(core_t *core, const plastic_t *p, const plastic_entry_t *x,
                        uint32_t *row, uint32_t r, uint32_t tick, uint16_t *ring, uint32_t n,
                        uint32_t n_types, uint32_t index_bits, uint32_t type_bits) {
    const plastic_rule_t *rule = &p->rule[x->rule];
    uint32_t stage_delay = x->stage_rows ? (r / x->stage_rows + 1u) * x->stage_ticks : 0u;
    uint32_t t_pre = tick - stage_delay;
    int first = row[1] == QUANTAL_NO_SPIKE;
    uint32_t since = first ? 0u : t_pre - row[1];
    uint32_t u = quantal_u(rule, p->lut, row[4], since, first);
    // multi-quantal: a depleted site recovers with probability 1 - e^(-h/tau_rec)
    uint32_t p_recover = first ? 0u : STP_ONE - lut_decay(&p->lut[rule->lut_rec], since, STP_ONE);
    row[1] = t_pre;
    row[4] = u;
    uint64_t seed = ((uint64_t) rule->seed_hi << 32) | rule->seed_lo;
    uint64_t pre_stream = atom_stream(seed, row[2]);
    uint32_t shift = rule->extra_shift, half = shift ? (1u << (shift - 1u)) : 0u;
    uint32_t saturated = 0, sent = 0, count = row[0], rank = 0, last = UINT32_MAX, draws = 0;
    uint32_t *state = row + PLASTIC_ROW_HEADER_WORDS +
        (x->row_stride - PLASTIC_ROW_HEADER_WORDS) / 2u;
    for (uint32_t s = 0; s < count; s++) {
        uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
        uint32_t i = word_index(w, index_bits);
        rank = (i == last) ? rank + 1u : 0u;
        last = i;
        uint64_t target = ((uint64_t) row[3] + i) * 256u + (rank & 0xFFu);
        uint64_t stream = mix64(pre_stream ^ mix64((target + 1u) * GOLDEN_GAMMA));
        uint32_t k = (rule->timing == TIMING_STOCHASTIC_TM) ?
            quantal_tm_synapse(rule, p->lut, &state[s], stream, t_pre, u) :
            quantal_sites(rule, &state[s], stream, t_pre, u, p_recover);
        draws += (rule->timing == TIMING_STOCHASTIC_TM) ? 2u : rule->c_rec;
        if (k == 0) {
            continue;
        }
        uint32_t idx = ring_index((tick + word_delay(w, index_bits, type_bits)) &
                                  (RING_SLOTS - 1u), word_type(w, index_bits, type_bits), i,
                                  n_types, n);
        uint64_t units = ((uint64_t) (w >> 16) * k + half) >> shift;
        saturated += ring_add(&ring[idx], units > 0xFFFFu ? 0xFFFFu + 1u : (uint32_t) units);
        sent++;
    }
    core_count(core, CNT_SYNAPTIC_EVENTS, sent);
    if (saturated) {
        core_count(core, CNT_RING_SATURATIONS, saturated);
    }
    core_count(core, CNT_TOTAL_CYCLES, 100u + 20u * count + 10u * draws);
}

#endif  // PLASTIC_QUANTAL_H

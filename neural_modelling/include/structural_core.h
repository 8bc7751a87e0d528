//! \file
//! \brief Structural plasticity of a neuron core (sPyNNaker's synaptogenesis): rewiring
//! attempts that add synapses to and remove them from the plastic rows
//! (docs/structural_plasticity.md).
//!
//! Each neuron has s_max synaptic slots: the last s_max (synapse word, entry) pairs of its
//! part of the plastic column index, a pair pointing at one of its rewired synapses or empty.
//! An attempt picks a target neuron of the whole population and one of its slots: an empty
//! slot asks the partner selection for a pre neuron and the distance-dependent formation rule
//! whether to connect (the new synapse goes at the end of that pre neuron's row); a used slot
//! asks the weight-dependent elimination rule whether to remove its synapse (the row's last
//! synapse moves into the hole).  Every random number is a hash of (seed, tick, attempt,
//! purpose), and the attempts choose among the population's neurons, so the network
//! rewires the same way for any neurons per core, placement or host threads.
#ifndef STRUCTURAL_CORE_H
#define STRUCTURAL_CORE_H

#include <stdint.h>
#include <string.h>
#include "plastic_core.h"

//! Random-number purposes of one attempt (each its own hash).
enum { SP_POST = 0, SP_SLOT = 1, SP_POP = 2, SP_ATOM = 3, SP_FORM = 4, SP_DELAY = 5,
       SP_ELIM = 6 };
#define SP_MAX_ATTEMPTS (1u << 20)   //!< attempts per tick the hash counter has room for
#define SP_NO_POP 0xFFFFu

//! Rewiring is rare next to the synapse and neuron loops: compact (Thumb) code on an ARM968.
#define SP_COMPACT COMPACT_CODE

typedef struct {
    const structural_header_t *h;   //!< NULL: this core does not rewire
    const structural_pre_pop_t *pop;
    const structural_slice_t *slice;
    const uint32_t *prob;           //!< formation probabilities, u0.32 by squared distance
    uint16_t *pop_of_entry;         //!< pre population of each plastic entry (SP_NO_POP)
    uint32_t *spiked;               //!< LastNeuronSelection: pre atoms that spiked this tick
    uint32_t *col;                  //!< the column index (writable: slots change)
    structural_header_t *copy;      //!< DTCM copy of the region (reused by a reload)
    uint32_t copy_cap, entries_cap, spiked_cap;   //!< bytes / entries / words allocated
} structural_t;

//! A 32-bit random number for (tick, attempt k, purpose): splitmix64 of a counter (kept out
//! of line: seven call sites, and an ARM968 has no 64-bit multiply instruction).
SP_COMPACT static uint32_t sp_random(const structural_header_t *h, uint32_t tick, uint32_t k,
                                 uint32_t what) {
    uint64_t z = (((uint64_t) h->seed_hi << 32) | h->seed_lo) +
        ((((uint64_t) tick << 24) | ((uint64_t) k << 4) | what) + 1u) *
        0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (uint32_t) (z >> 32);
}

//! floor(r n / 2^32): a uniform integer below n from a uniform 32-bit r.
static inline uint32_t sp_below(uint32_t r, uint32_t n) {
    return (uint32_t) (((uint64_t) r * n) >> 32);
}

SP_COMPACT static int structural_check_pops(core_t *core, const structural_t *s, const plastic_t *p,
                                 uint32_t n_types) {
    const structural_header_t *h = s->h;
    for (uint32_t k = 0; k < h->n_pre_pops; k++) {
        const structural_pre_pop_t *x = &s->pop[k];
        if (x->n_atoms == 0 || x->n_slices == 0 || x->first_slice > h->n_slices ||
                x->n_slices > h->n_slices - x->first_slice || x->synapse_type >= n_types ||
                x->delay_lo == 0 || x->delay_lo > x->delay_hi ||
                x->delay_hi >= RING_SLOTS || x->weight > 0xFFFFu || x->grid_x == 0 ||
                x->grid_y == 0 || x->prob_at > h->prob_words ||
                x->prob_len > h->prob_words - x->prob_at ||
                (h->last_neuron && ((uint64_t) x->bit_offset + x->n_atoms >
                                    (uint64_t) h->spike_words * 32u))) {
            core_error(core, "structural pre population malformed (slices, delays, weight, "
                       "grid, probabilities or spike bits)");
            return APP_ERR_BAD_HEADER;
        }
        for (uint32_t j = x->first_slice; j < x->first_slice + x->n_slices; j++) {
            const structural_slice_t *sl = &s->slice[j];
            const plastic_entry_t *e = (sl->entry < p->n_entries) ? &p->entry[sl->entry] : 0;
            if (e == 0 || sl->n_atoms > e->n_rows || sl->lo_atom > x->n_atoms ||
                    sl->n_atoms > x->n_atoms - sl->lo_atom || e->stage_rows != 0 ||
                    p->rule[e->rule].timing == TIMING_TSODYKS ||
                    p->rule[e->rule].timing == TIMING_STOCHASTIC ||
                    p->rule[e->rule].timing == TIMING_DOPAMINE ||
                    p->rule[e->rule].timing == TIMING_RECURRENT ||
                    (!NEUROMODULATION && p->rule[e->rule].timing == TIMING_NEUROMOD) ||
                    (int32_t) x->weight > p->rule[e->rule].w_max ||
                    s->pop_of_entry[sl->entry] != SP_NO_POP) {
                core_error(core, "structural slice names no plastic entry, a delayed, "
                           "short-term, dopamine or recurrent one, one of another slice, or "
                           "has too many atoms");
                return APP_ERR_BAD_SYNAPTIC_DATA;
            }
            s->pop_of_entry[sl->entry] = (uint16_t) k;
        }
    }
    return APP_OK;
}

//! Every used slot must point at a synapse of a rewired row (the column check already
//! proved it is a synapse of its neuron).
SP_COMPACT static int structural_check_slots(core_t *core, const structural_t *s, const plastic_t *p,
                                  uint32_t n) {
    const uint32_t s_max = s->h->s_max;
    for (uint32_t i = 0; i < n; i++) {
        if (p->col_start[i + 1u] - p->col_start[i] < s_max) {
            core_error(core, "a neuron has fewer column pairs than s_max slots");
            return APP_ERR_BAD_SYNAPTIC_DATA;
        }
        for (uint32_t q = p->col_start[i + 1u] - s_max; q < p->col_start[i + 1u]; q++) {
            uint32_t e = s->col[2u * q + 1u];
            if (e != SLOT_EMPTY && s->pop_of_entry[e] == SP_NO_POP) {
                core_error(core, "a synaptic slot points at a row that is not rewired");
                return APP_ERR_BAD_SYNAPTIC_DATA;
            }
        }
    }
    return APP_OK;
}

//! Read the STRUCTURAL region (none: a core that does not rewire).
SP_COMPACT static int structural_init(core_t *core, structural_t *s, const plastic_t *p, uint32_t n,
                           uint32_t n_types) {
    uint32_t size;
    s->h = 0;
    const structural_header_t *h = core_region(core, REGION_STRUCTURAL, &size);
    if (h == 0) {
        return APP_OK;
    }
    if (!STRUCTURAL_PLASTICITY) {
        core_error(core, "structural plasticity is not in this binary (the host picks the "
                   "binary of the population's synapse dynamics)");
        return APP_ERR_BAD_HEADER;
    }
    if (size < sizeof(*h) || p->n_entries == 0 || h->n_pre_pops == 0 ||
            h->n_pre_pops >= SP_NO_POP || h->s_max == 0 || h->s_max > 0xFFFFu ||
            h->attempts >= SP_MAX_ATTEMPTS || (h->attempts == 0 && h->period == 0) ||
            h->first_atom > h->post_atoms || n > h->post_atoms - h->first_atom ||
            h->n_slices > 0xFFFFFu || h->prob_words > 0xFFFFFu || h->spike_words > 0xFFFFFu ||
            (h->last_neuron && h->buffer_size == 0) ||
            (size - sizeof(*h)) / 4u < (uint64_t) h->n_pre_pops * sizeof(structural_pre_pop_t)
                / 4u + (uint64_t) h->n_slices * sizeof(structural_slice_t) / 4u +
                h->prob_words) {
        core_error(core, "structural region malformed or without plastic rows");
        return APP_ERR_BAD_HEADER;
    }
    // rules and tables into DTCM, as the chip keeps them (a reload reuses what fits)
    if (s->copy == 0 || size > s->copy_cap) {
        s->copy = core_dtcm_alloc(core, size + 4u);
        s->copy_cap = s->copy ? size : 0u;
    }
    if (s->pop_of_entry == 0 || p->n_entries > s->entries_cap) {
        s->pop_of_entry = core_dtcm_alloc(core, p->n_entries * 2u + 4u);
        s->entries_cap = s->pop_of_entry ? p->n_entries : 0u;
    }
    if (s->spiked == 0 || h->spike_words > s->spiked_cap) {
        s->spiked = core_dtcm_alloc(core, h->spike_words * 4u + 4u);
        s->spiked_cap = s->spiked ? h->spike_words : 0u;
    }
    if (s->copy == 0 || s->pop_of_entry == 0 || s->spiked == 0) {
        core_error(core, "DTCM full: structural plasticity tables");
        return APP_ERR_DTCM_FULL;
    }
    structural_header_t *copy = s->copy;
    memcpy(copy, h, size);
    memset(s->spiked, 0, h->spike_words * 4u);
    for (uint32_t e = 0; e < p->n_entries; e++) {
        s->pop_of_entry[e] = SP_NO_POP;
    }
    s->pop = (const structural_pre_pop_t *) (copy + 1);
    s->slice = (const structural_slice_t *) (s->pop + copy->n_pre_pops);
    s->prob = (const uint32_t *) (s->slice + copy->n_slices);
    s->col = p->matrix + (p->col - p->matrix);
    s->h = copy;
    int err = structural_check_pops(core, s, p, n_types);
    if (err == APP_OK) {
        err = structural_check_slots(core, s, p, n);
    }
    if (err != APP_OK) {
        s->h = 0;
    }
    return err;
}

//! A packet from a rewired pre population: remember its atom for LastNeuronSelection.
SP_COMPACT static void structural_spike(structural_t *s, const plastic_t *p, uint32_t key) {
    if (!STRUCTURAL_PLASTICITY || s->h == 0 || !s->h->last_neuron) {
        return;
    }
    for (uint32_t j = 0; j < s->h->n_slices; j++) {
        const structural_slice_t *sl = &s->slice[j];
        const plastic_entry_t *e = &p->entry[sl->entry];
        uint32_t r = key & ~e->mask;
        if ((key & e->mask) == e->key && r < sl->n_atoms) {
            uint32_t bit = s->pop[s->pop_of_entry[sl->entry]].bit_offset + sl->lo_atom + r;
            s->spiked[bit >> 5] |= 1u << (bit & 31u);
            return;
        }
    }
}

//! LastNeuronSelection: the r-th (of the first buffer_size) pre atoms that spiked in the
//! previous tick, in (pre population, atom) order; 0 when none did.
SP_COMPACT static int pick_spiked(const structural_t *s, uint32_t r, uint32_t *pop, uint32_t *atom) {
    const structural_header_t *h = s->h;
    uint32_t total = 0;
    for (uint32_t w = 0; w < h->spike_words; w++) {
        total += (uint32_t) __builtin_popcount(s->spiked[w]);
    }
    if (total == 0) {
        return 0;
    }
    uint32_t j = sp_below(r, total < h->buffer_size ? total : h->buffer_size);
    for (uint32_t w = 0; w < h->spike_words; w++) {
        uint32_t bits = s->spiked[w], c = (uint32_t) __builtin_popcount(bits);
        if (j >= c) {
            j -= c;
            continue;
        }
        for (; j > 0; j--) {
            bits &= bits - 1u;   // drop the lowest set bit
        }
        uint32_t bit = w * 32u + (uint32_t) __builtin_ctz(bits);
        for (uint32_t k = 0; k < h->n_pre_pops; k++) {
            if (bit >= s->pop[k].bit_offset && bit - s->pop[k].bit_offset < s->pop[k].n_atoms) {
                *pop = k;
                *atom = bit - s->pop[k].bit_offset;
                return 1;
            }
        }
        return 0;
    }
    return 0;
}

static inline uint32_t axis_distance(uint32_t a, uint32_t b, uint32_t g) {
    uint32_t d = (a > b) ? a - b : b - a;
    return (d > g / 2u) ? g - d : d;
}

//! Squared distance of two atoms on a periodic grid (row (a / grid_y) mod grid_x, column
//! a mod grid_y).
static inline uint32_t grid_distance2(const structural_pre_pop_t *x, uint32_t a, uint32_t b) {
    uint32_t dx = axis_distance((a / x->grid_y) % x->grid_x, (b / x->grid_y) % x->grid_x,
                                x->grid_x);
    uint32_t dy = axis_distance(a % x->grid_y, b % x->grid_y, x->grid_y);
    return dx * dx + dy * dy;
}

//! Synapses a rewired row has room for; *state gets how many words after a synapse its
//! state word lies (a neuromodulated row's eligibility trace: half the room), 0 for none.
static inline uint32_t sp_row_room(const plastic_t *p, const plastic_entry_t *e,
                                   uint32_t *state) {
    uint32_t room = e->row_stride - PLASTIC_ROW_HEADER_WORDS;
    *state = (NEUROMODULATION && p->rule[e->rule].timing == TIMING_NEUROMOD) ? room / 2u : 0u;
    return *state ? *state : room;
}

//! Formation at neuron i's empty slot `at` (column pair index): a formed synapse starts
//! in this tick with the initial weight and, in a neuromodulated row, an eligibility trace
//! of 0 (as sPyNNaker's synapse_dynamics_add_neuron); the pre trace is its row's.
SP_COMPACT static void structural_form(core_t *core, structural_t *s, plastic_t *p, uint32_t tick,
                            uint32_t k,
                            uint32_t i, uint32_t post, uint32_t at, uint32_t index_bits,
                            uint32_t type_bits) {
    const structural_header_t *h = s->h;
    uint32_t pop, atom;
    if (h->last_neuron) {
        if (!pick_spiked(s, sp_random(h, tick, k, SP_POP), &pop, &atom)) {
            return;
        }
    } else {
        pop = sp_below(sp_random(h, tick, k, SP_POP), h->n_pre_pops);
        atom = sp_below(sp_random(h, tick, k, SP_ATOM), s->pop[pop].n_atoms);
    }
    const structural_pre_pop_t *x = &s->pop[pop];
    const structural_slice_t *sl = 0;
    for (uint32_t j = x->first_slice; j < x->first_slice + x->n_slices; j++) {
        if (atom >= s->slice[j].lo_atom && atom - s->slice[j].lo_atom < s->slice[j].n_atoms) {
            sl = &s->slice[j];
            break;
        }
    }
    if (sl == 0) {
        return;
    }
    const plastic_entry_t *e = &p->entry[sl->entry];
    uint32_t r = atom - sl->lo_atom, start = e->offset + r * e->row_stride;
    uint32_t *row = p->matrix + start, count = row[0];
    uint32_t d2 = grid_distance2(x, atom, post);
    if (d2 >= x->prob_len || sp_random(h, tick, k, SP_FORM) >= s->prob[x->prob_at + d2]) {
        return;
    }
    if (!h->with_replacement) {
        for (uint32_t q = 0; q < count; q++) {
            if (word_index(row[PLASTIC_ROW_HEADER_WORDS + q], index_bits) == i) {
                return;   // already connected
            }
        }
    }
    uint32_t state;
    if (count >= sp_row_room(p, e, &state)) {
        core_count(core, CNT_REWIRING_ROWS_FULL, 1);   // sPyNNaker's rule; reported
        return;
    }
    uint32_t delay = x->delay_lo + sp_below(sp_random(h, tick, k, SP_DELAY),
                                            x->delay_hi - x->delay_lo + 1u);
    if (p->n_traces > 0 && (int32_t) delay > p->h_reach[i]) {
        p->h_reach[i] = (int32_t) delay;   // a flush must wait for this synapse too
    }
    if (p->n_traces > 0 && timing_is_stdp(p->rule[e->rule].timing)) {
        // the synapse exists from this tick: neuron i's other synapses are brought up to it
        // (which only rounds them), so the new one pairs no post spike and integrates no
        // dopamine from before its formation (its window starts at the flush tick)
        plastic_flush(core, p, i, tick, index_bits, type_bits);
    }
    uint32_t word = start + PLASTIC_ROW_HEADER_WORDS + count;
    p->matrix[word] = (x->weight << 16) | (delay << (index_bits + type_bits)) |
        (x->synapse_type << index_bits) | i;
    if (state) {
        p->matrix[word + state] = 0;   // a fresh eligibility trace
    }
    row[0] = count + 1u;
    s->col[2u * at] = word;
    s->col[2u * at + 1u] = sl->entry;
}

//! Elimination of the synapse in neuron i's slot `at`: the row's last synapse moves into
//! the hole with its state word (eligibility trace), as in sPyNNaker's
//! synapse_dynamics_remove_neuron (a formation clears the state word it reuses).
SP_COMPACT static void structural_eliminate(structural_t *s, plastic_t *p, uint32_t tick, uint32_t k,
                                 uint32_t at, uint32_t index_bits) {
    const structural_header_t *h = s->h;
    uint32_t word = s->col[2u * at], entry = s->col[2u * at + 1u];
    const plastic_entry_t *e = &p->entry[entry];
    const structural_pre_pop_t *x = &s->pop[s->pop_of_entry[entry]];
    uint32_t prob = ((p->matrix[word] >> 16) < x->threshold) ? x->p_elim_dep : x->p_elim_pot;
    if (sp_random(h, tick, k, SP_ELIM) >= prob) {
        return;
    }
    uint32_t start = word - (word - e->offset) % e->row_stride;
    uint32_t *row = p->matrix + start;
    uint32_t last = start + PLASTIC_ROW_HEADER_WORDS + row[0] - 1u, state;
    sp_row_room(p, e, &state);
    if (last != word) {
        // the row's last synapse fills the hole; its slot follows it
        uint32_t moved = p->matrix[last], j = word_index(moved, index_bits);
        p->matrix[word] = moved;
        if (state) {
            p->matrix[word + state] = p->matrix[last + state];
        }
        for (uint32_t q = p->col_start[j + 1u] - h->s_max; q < p->col_start[j + 1u]; q++) {
            if (s->col[2u * q] == last) {
                s->col[2u * q] = word;
                break;
            }
        }
    }
    row[0]--;
    s->col[2u * at] = SLOT_EMPTY;
    s->col[2u * at + 1u] = SLOT_EMPTY;
}

//! This tick's rewiring attempts (after the neurons' update); forgets the tick's spikes.
SP_COMPACT static void structural_tick(core_t *core, structural_t *s, plastic_t *p, uint32_t n,
                            uint32_t tick, uint32_t index_bits, uint32_t type_bits) {
    const structural_header_t *h = s->h;
    if (!STRUCTURAL_PLASTICITY || h == 0) {
        return;
    }
    uint32_t attempts = h->attempts ? h->attempts : ((tick + 1u) % h->period == 0u);
    uint32_t mine = 0;
    for (uint32_t k = 0; k < attempts; k++) {
        uint32_t post = sp_below(sp_random(h, tick, k, SP_POST), h->post_atoms);
        if (post < h->first_atom || post - h->first_atom >= n) {
            continue;   // another core's neuron
        }
        uint32_t i = post - h->first_atom;
        uint32_t at = p->col_start[i + 1u] - h->s_max +
            sp_below(sp_random(h, tick, k, SP_SLOT), h->s_max);
        if (s->col[2u * at] == SLOT_EMPTY) {
            structural_form(core, s, p, tick, k, i, post, at, index_bits, type_bits);
        } else {
            structural_eliminate(s, p, tick, k, at, index_bits);
        }
        mine++;
    }
    if (h->last_neuron) {
        memset(s->spiked, 0, h->spike_words * 4u);
    }
    // cycle-equivalents: ~ 30 per attempt, ~ 250 per attempt on this core (sPyNNaker's guess)
    core_count(core, CNT_TOTAL_CYCLES, 30u * attempts + 250u * mine);
}

#endif  // STRUCTURAL_CORE_H

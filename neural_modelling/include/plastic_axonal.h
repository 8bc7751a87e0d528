//! \file
//! \brief Axonal delays of plastic synapses (STDPMechanism(dendritic_delay_fraction=0)):
//! a pre spike reaches its synapses after the delay and meets the post spikes as they
//! happen, so its row can only be updated once every post spike before its arrival is
//! known.  A spike of such a row that reaches the core in tick t with delay D is kept as a
//! bit of a pending bitmap for tick t + D - 1 (D <= 32 ticks on a core); that tick's timer,
//! after the neurons have fired, processes the row as if its spike arrived in t + D, and
//! the new weights go into ring slot t + D.  The host gives every synapse of an axonal row
//! one delay (a row per distinct delay), so a row's spikes come due in the order they
//! arrived and a row has at most one spike due per tick: the bitmaps never lose one.
//! Included by plastic_core.h after plastic_row.  (Thumb on an ARM968, for ITCM space: a
//! pending row costs a bit test per tick, its update is plastic_row's ARM code.)
#ifndef PLASTIC_AXONAL_H
#define PLASTIC_AXONAL_H

//! The on-core delay of an axonal row (one for all its synapses; 0: an empty row).
static inline uint32_t axonal_row_delay(const uint32_t *row, uint32_t index_bits,
                                        uint32_t type_bits) {
    return row[0] ? word_delay(row[PLASTIC_ROW_HEADER_WORDS], index_bits, type_bits) : 0u;
}

//! A spike of axonal row r (entry e) reaches the core in `tick`: processed now when it
//! reaches the synapses in the next tick, else marked for the tick before it does.
COMPACT_CODE static void axonal_arrive(core_t *core, plastic_t *p, const plastic_entry_t *x,
                                       uint32_t e, uint32_t r, uint32_t tick, uint16_t *ring,
                                       uint32_t n, uint32_t n_types, uint32_t index_bits,
                                       uint32_t type_bits) {
    const uint32_t *row = p->matrix + x->offset + r * x->row_stride;
    uint32_t d = axonal_row_delay(row, index_bits, type_bits);
    if (d == 0) {
        return;   // no synapse: nothing to update or deliver
    }
    if (d == 1u) {
        plastic_row(core, p, x, r, tick + 1u, ring, n, n_types, index_bits, type_bits);
        return;
    }
    uint32_t slot = (tick + d - 1u) & (RING_SLOTS - 1u);
    p->ax_pend[slot * p->ax_words + p->ax_base[e] + (r >> 5)] |= 1u << (r & 31u);
}

//! The timer of `tick`, after the neurons fired: every axonal row due now, its spike
//! reaching the synapses in tick + 1.
COMPACT_CODE static void plastic_axonal_tick(core_t *core, plastic_t *p, uint32_t tick,
                                             uint16_t *ring, uint32_t n, uint32_t n_types,
                                             uint32_t index_bits, uint32_t type_bits) {
    if (!AXONAL_DELAY || p->ax_words == 0 || p->n_entries == 0) {
        return;
    }
    uint32_t *pend = &p->ax_pend[(tick & (RING_SLOTS - 1u)) * p->ax_words];
    for (uint32_t e = 0; e < p->n_entries; e++) {
        if (p->ax_base[e] == AX_NONE) {
            continue;
        }
        const plastic_entry_t *x = &p->entry[e];
        for (uint32_t k = 0; k < (x->n_rows + 31u) / 32u; k++) {
            uint32_t bits = pend[p->ax_base[e] + k];
            pend[p->ax_base[e] + k] = 0;
            while (bits) {
                uint32_t b = (uint32_t) __builtin_ctz(bits);
                bits &= bits - 1u;
                plastic_row(core, p, x, k * 32u + b, tick + 1u, ring, n, n_types,
                            index_bits, type_bits);
            }
        }
    }
    core_count(core, CNT_TOTAL_CYCLES, 4u * p->ax_words);
}

//! Population.clear() (or a reset of the input): no spike is on its way any more.
COMPACT_CODE static void plastic_axonal_clear(plastic_t *p) {
    if (AXONAL_DELAY && p->ax_words) {
        memset(p->ax_pend, 0, RING_SLOTS * p->ax_words * 4u);
    }
}

#define AX_DTCM_FULL "DTCM full: axonal-delay rows of plastic synapses"
#define AX_BAD_ROWS "axonal-delay plastic rows rewritten with another layout than at load " \
    "(a new plastic structure needs a reset)"

//! Load (alloc) or reload: each axonal entry's place in the pending bitmaps.  A reload must
//! find the layout of the load.
COMPACT_CODE static int plastic_axonal_setup(core_t *core, plastic_t *p, int alloc) {
    if (alloc) {
        p->ax_words = 0;
        p->ax_entries = p->n_entries;
        p->ax_base = core_dtcm_alloc(core, p->n_entries * 4u + 4u);
        if (p->ax_base == NULL) {
            p->ax_entries = 0;
            core_error(core, AX_DTCM_FULL);
            return APP_ERR_DTCM_FULL;
        }
    } else if (p->n_entries > p->ax_entries) {
        core_error(core, AX_BAD_ROWS);
        return APP_ERR_BAD_HEADER;
    }
    uint32_t words = 0;
    for (uint32_t e = 0; e < p->n_entries; e++) {
        const plastic_entry_t *x = &p->entry[e];
        p->ax_base[e] = AX_NONE;
        if (p->rule[x->rule].no_backprop == POST_AXONAL) {   // (one delay a row: checked
            p->ax_base[e] = words;                          // by plastic_check_rows)
            words += (x->n_rows + 31u) / 32u;
        }
    }
    if (!alloc) {
        if (words != p->ax_words) {
            core_error(core, AX_BAD_ROWS);
            return APP_ERR_BAD_HEADER;
        }
        return APP_OK;
    }
    p->ax_words = words;
    if (words) {
        // (entries may overlap: bound the words before their bytes can wrap)
        p->ax_pend = (words > 0xFFFFFu) ? NULL :
            core_dtcm_alloc(core, RING_SLOTS * words * 4u + 4u);
        if (p->ax_pend == NULL) {
            p->ax_words = 0;
            core_error(core, AX_DTCM_FULL);
            return APP_ERR_DTCM_FULL;
        }
        plastic_axonal_clear(p);
    }
    return APP_OK;
}

#endif  // PLASTIC_AXONAL_H

//! \file
//! \brief Plastic synapses of a neuron core, the loading half: reading and checking the
//! plastic parameters and matrix at load and after the host rewrites them (every word the
//! packet path trusts is checked here once), and the history reach of each rule.  Included
//! by plastic_core.h after plastic_t is defined.
#ifndef PLASTIC_LOAD_H
#define PLASTIC_LOAD_H

//! A LUT offset the rules may use: inside the LUT words, with its coarse part too.
static inline int plastic_lut_ok(const plastic_t *p, uint32_t at) {
    if (at >= p->lut_words || p->lut_words - at < 2u || p->lut[at + 1u] > 16u) {
        return 0;
    }
    uint32_t fine = 1u << p->lut[at + 1u];
    return p->lut_words - at - 2u >= fine && p->lut[at] <= p->lut_words - at - 2u - fine;
}

//! Check every row word once so that the packet path can trust the plastic matrix.
COMPACT_CODE static int plastic_check_rows(core_t *core, const plastic_t *p, uint32_t n, uint32_t n_types,
                              uint32_t index_bits, uint32_t type_bits) {
    // weight-changing rules: the neurons' change queues open the matrix, before every row
    uint32_t queues = 0;
    for (uint32_t r = 0; r < p->n_rules; r++) {
        if (WEIGHT_CHANGE && p->rule[r].timing == TIMING_WEIGHT_CHANGEABLE) {
            queues = n * WC_NEURON_WORDS;
        }
    }
    if (queues > p->matrix_words) {
        core_error(core, "plastic matrix smaller than its weight-change queues");
        return APP_ERR_BAD_SYNAPTIC_DATA;
    }
    for (uint32_t i = 0; i < n && queues; i++) {
        if (p->matrix[i * WC_NEURON_WORDS] > WC_QUEUE_SIZE) {
            core_error(core, "weight-change queue longer than its room");
            return APP_ERR_BAD_SYNAPTIC_DATA;
        }
    }
    for (uint32_t e = 0; e < p->n_entries; e++) {
        const plastic_entry_t *x = &p->entry[e];
        if (x->row_stride < PLASTIC_ROW_HEADER_WORDS || x->offset > p->matrix_words ||
                x->offset < queues ||
                (uint64_t) x->n_rows * x->row_stride > p->matrix_words - x->offset ||
                (x->n_rows > 0 && ((x->n_rows - 1u) & x->mask) != 0) ||
                x->rule >= p->n_rules || (e > 0 && p->entry[e - 1].key > x->key) ||
                (x->stage_rows > 0 && (x->stage_ticks == 0 || x->stage_ticks > 255u ||
                                       x->n_rows / x->stage_rows > 255u))) {
            core_error(core, "plastic pop-table entry outside the plastic matrix, bad rule "
                       "or stage, or entries not sorted");
            return APP_ERR_BAD_SYNAPTIC_DATA;
        }
        for (uint32_t r = 0; r < x->n_rows; r++) {
            const uint32_t *row = p->matrix + x->offset + r * x->row_stride;
            const plastic_rule_t *rule = &p->rule[x->rule];
            // neuromodulated rows keep an eligibility word per synapse, recurrent rows a
            // state word: both in the second half of the stride
            uint32_t room = (x->row_stride - PLASTIC_ROW_HEADER_WORDS) /
                ((rule->timing == TIMING_RECURRENT || rule->timing == TIMING_NEUROMOD ||
                  timing_is_quantal(rule->timing)) ? 2u : 1u);
            if (row[0] > room) {
                core_error(core, "plastic row longer than its stride");
                return APP_ERR_BAD_SYNAPTIC_DATA;
            }
            for (uint32_t s = 0; STOCHASTIC_STP && rule->timing == TIMING_MULTI_QUANTAL &&
                 s < row[0]; s++) {
                if (row[PLASTIC_ROW_HEADER_WORDS + room + s] > rule->c_rec) {
                    core_error(core, "multi-quantal synapse with more available sites than n");
                    return APP_ERR_BAD_SYNAPTIC_DATA;
                }
            }
            for (uint32_t s = 0; s < row[0]; s++) {
                uint32_t w = row[PLASTIC_ROW_HEADER_WORDS + s];
                // an axonal row has one delay (its spikes come due in order: plastic_axonal.h)
                if (word_index(w, index_bits) >= n || word_type(w, index_bits, type_bits) >=
                        n_types || word_delay(w, index_bits, type_bits) == 0 ||
                        (rule->no_backprop == POST_AXONAL &&
                         word_delay(w, index_bits, type_bits) !=
                         word_delay(row[PLASTIC_ROW_HEADER_WORDS], index_bits, type_bits)) ||
                        (int32_t) (w >> 16) > rule->w_max) {
                    core_error(core, "plastic synapse with neuron, type, delay or weight out "
                               "of range");
                    return APP_ERR_BAD_SYNAPTIC_DATA;
                }
            }
        }
    }
    return APP_OK;
}

//! The tau_d LUT of the core's first neuromodulated or dopamine rule (every such rule must
//! name the same), or 0xFFFFFFFF when there is none.
COMPACT_CODE static uint32_t nm_lut_d(const plastic_t *p) {
    for (uint32_t r = 0; r < p->n_rules; r++) {
        if (p->rule[r].timing == TIMING_NEUROMOD || p->rule[r].timing == TIMING_DOPAMINE) {
            return p->rule[r].lut_psc;
        }
    }
    return 0xFFFFFFFFu;
}

COMPACT_CODE static int plastic_check_rules(core_t *core, const plastic_t *p) {
    for (uint32_t r = 0; r < p->n_rules; r++) {
        const plastic_rule_t *x = &p->rule[r];
        int pow_ok = x->weight != WEIGHT_GUTIG ||
            (x->pow_plus <= p->lut_words && p->lut_words - x->pow_plus >= 257u &&
             x->pow_minus <= p->lut_words && p->lut_words - x->pow_minus >= 257u);
        // Vogels 2011: additive steps in weight units, alpha a trace value (A alpha < 2^56)
        int vogels_ok = x->timing != TIMING_VOGELS_2011 ||
            (x->weight == WEIGHT_ADDITIVE && x->alpha <= TRACE_MAX);
        // triplets: the additive triplet weight dependence, a second pre and post trace
        int triplet_ok = (x->timing == TIMING_TRIPLET) ==
                (x->weight == WEIGHT_ADDITIVE_TRIPLET) &&
            (x->timing != TIMING_TRIPLET ||
             (plastic_lut_ok(p, x->lut_x) && x->post_trace2 < p->n_traces));
        // RecurrentRule: a one-term weight dependence, both window tables, 8-bit thresholds
        int recurrent_ok = x->timing != TIMING_RECURRENT ||
            (RECURRENT_RULE && x->weight <= WEIGHT_GUTIG && x->dual_fsm <= 1u &&
             x->lut_pre_window <= p->lut_words &&
             p->lut_words - x->lut_pre_window >= REC_WINDOW_WORDS &&
             x->lut_post_window <= p->lut_words &&
             p->lut_words - x->lut_post_window >= REC_WINDOW_WORDS &&
             x->acc_potentiation >= -REC_ACC_LIMIT && x->acc_potentiation <= REC_ACC_LIMIT &&
             x->acc_depression >= -REC_ACC_LIMIT && x->acc_depression <= REC_ACC_LIMIT);
        // (a binary built without the spike-pair rules refuses timing codes 0-3)
        int stdp_ok = (timing_is_stdp(x->timing) && (PLASTIC_STDP || x->timing > TIMING_TRIPLET) &&
                       x->weight <= WEIGHT_ADDITIVE_TRIPLET &&
                       plastic_lut_ok(p, x->lut_plus) && x->post_trace < p->n_traces &&
                       pow_ok && vogels_ok && triplet_ok && recurrent_ok);
        int stp_ok = (SHORT_TERM && x->timing == TIMING_TSODYKS && plastic_lut_ok(p, x->lut_rec) &&
                      plastic_lut_ok(p, x->lut_psc) && x->stp_u <= STP_ONE &&
                      (x->lut_fac == STP_NO_LUT || plastic_lut_ok(p, x->lut_fac)) &&
                      x->c_rec <= 0x7FFFFFFFu && x->c_psc <= 0x7FFFFFFFu);
        int stochastic_ok = (SHORT_TERM && x->timing == TIMING_STOCHASTIC &&
                             x->stp_u <= STP_ONE);
        int static_ok = (STRUCTURAL_PLASTICITY && x->timing == TIMING_STATIC);
        // stochastic TM (12) and multi-quantal (13): U, tau_rec's LUT, tau_facil's or none,
        // 1 .. QUANTAL_MAX_SITES sites; binaries built with STOCHASTIC_STP=0 refuse them
        int quantal_ok = timing_is_quantal(x->timing) && x->stp_u <= STP_ONE &&
            plastic_lut_ok(p, x->lut_rec) &&
            (x->lut_fac == STP_NO_LUT || plastic_lut_ok(p, x->lut_fac)) &&
            (x->timing == TIMING_STOCHASTIC_TM ||
             (x->c_rec >= 1u && x->c_rec <= QUANTAL_MAX_SITES));
        // neuromodulation: pair STDP with the additive bounds, LUTs of tau_c (lut_rec) and
        // tau_d (lut_psc), tau_s (c_rec, u16.16 ms) below 2^31; dopamine rows: tau_d's LUT,
        // one tau_d per core (the neurons' dopamine levels decay with it)
        int nm_ok = (x->timing != TIMING_NEUROMOD && x->timing != TIMING_DOPAMINE) ||
            (NEUROMODULATION && plastic_lut_ok(p, x->lut_psc) && x->lut_psc == nm_lut_d(p) &&
             (x->timing == TIMING_DOPAMINE ? x->weight <= 1u :
              (x->weight == WEIGHT_ADDITIVE && plastic_lut_ok(p, x->lut_rec) &&
               x->c_rec <= 0x7FFFFFFFu)));
        int dopamine_ok = (x->timing == TIMING_DOPAMINE);
        // weight-changing rows: a changer names a changeable rule (post_trace)
        int wc_ok = WEIGHT_CHANGE && (x->timing == TIMING_WEIGHT_CHANGEABLE ||
            (x->timing == TIMING_WEIGHT_CHANGER && x->post_trace < p->n_rules &&
             p->rule[x->post_trace].timing == TIMING_WEIGHT_CHANGEABLE));
        if (!(stdp_ok || stp_ok || stochastic_ok || static_ok || dopamine_ok || wc_ok ||
              quantal_ok) ||
                !nm_ok ||
                x->extra_shift > 15u || x->no_backprop > POST_AXONAL ||
                (x->no_backprop == POST_AXONAL &&
                 (!AXONAL_DELAY || !stdp_ok || x->timing == TIMING_RECURRENT)) ||
                x->w_min < 0 ||
                x->w_max > 0xFFFF || x->w_min > x->w_max) {
            core_error(core, "plastic rule malformed or not in this binary (kind, weight bounds, "
                       "LUT or trace)");
            return APP_ERR_BAD_HEADER;
        }
    }
    if (!PLASTIC_HISTORY && p->n_traces > 0) {
        core_error(core, "post traces for rules this binary was built without");
        return APP_ERR_BAD_HEADER;
    }
    for (uint32_t k = 0; k < p->n_traces; k++) {
        if (!plastic_lut_ok(p, p->trace_cfg[k].lut)) {
            core_error(core, "post trace LUT outside the plastic parameters");
            return APP_ERR_BAD_HEADER;
        }
    }
    return APP_OK;
}

//! The column index (host-built, in SDRAM after the rows): every plastic synapse of neuron i
//! is a (matrix word, entry) pair in col[col_start[i] .. col_start[i + 1]).
COMPACT_CODE static int plastic_check_columns(core_t *core, plastic_t *p, uint32_t at, uint32_t n,
                                 uint32_t index_bits) {
    if (at > p->matrix_words || p->matrix_words - at < n + 1u) {
        core_error(core, "plastic column index outside the plastic matrix");
        return APP_ERR_BAD_SYNAPTIC_DATA;
    }
    p->col_start = p->matrix + at;
    p->col = p->col_start + n + 1u;
    uint32_t pairs = (p->matrix_words - at - n - 1u) / 2u;
    for (uint32_t i = 0; i < n; i++) {
        if (p->col_start[i] > p->col_start[i + 1u] || p->col_start[i + 1u] > pairs ||
                (i == 0 && p->col_start[0] != 0)) {
            core_error(core, "plastic column index not monotonic or beyond its region");
            return APP_ERR_BAD_SYNAPTIC_DATA;
        }
        for (uint32_t k = p->col_start[i]; k < p->col_start[i + 1u]; k++) {
            uint32_t word = p->col[2u * k], e = p->col[2u * k + 1u];
            if (word == SLOT_EMPTY && e == SLOT_EMPTY) {
                continue;   // a free slot of a rewiring core
            }
            const plastic_entry_t *x = (e < p->n_entries) ? &p->entry[e] : NULL;
            uint32_t in_row = (x && word >= x->offset) ? (word - x->offset) % x->row_stride : 0;
            const uint32_t *row = x ? p->matrix + word - in_row : NULL;
            if (x == NULL || word < x->offset ||
                    word - x->offset >= x->n_rows * x->row_stride || word >= at ||
                    in_row < PLASTIC_ROW_HEADER_WORDS ||
                    in_row >= PLASTIC_ROW_HEADER_WORDS + row[0] ||
                    word_index(p->matrix[word], index_bits) != i) {
                core_error(core, "plastic column index names a synapse that is not there");
                return APP_ERR_BAD_SYNAPTIC_DATA;
            }
        }
    }
    return APP_OK;
}

//! Read the plastic regions into p (none: a core without plastic synapses) and check them:
//! the parameters are copied into DTCM (reusing the copy of an earlier read when it is big
//! enough), the rows stay in the PLASTIC_MATRIX region.  Called at load and again when the
//! host rewrote either region (a reload): no pointer into a replaced region survives.
COMPACT_CODE static int plastic_read(core_t *core, plastic_t *p, uint32_t n, uint32_t n_types,
                        uint32_t index_bits, uint32_t type_bits) {
    uint32_t size;
    p->n_entries = 0;
    const plastic_header_t *h = core_region(core, REGION_PLASTIC_PARAMS, &size);
    if (h == NULL) {
        p->n_traces = 0;
        return APP_OK;
    }
    if (size < sizeof(*h) || h->history_size != POST_HISTORY_SIZE || h->n_post_traces > 4u ||
            h->n_rules > 0xFFFFu || h->n_entries > 0xFFFFFu || h->lut_words > 0x1000000u ||
            (size - sizeof(*h)) / 4u < (uint64_t) h->n_rules * sizeof(plastic_rule_t) / 4u +
                h->n_post_traces * sizeof(post_trace_t) / 4u +
                (uint64_t) h->n_entries * sizeof(plastic_entry_t) / 4u + h->lut_words) {
        core_error(core, "plastic parameter region malformed");
        return APP_ERR_BAD_HEADER;
    }
    // into DTCM, as the chip keeps its rules, pop table and LUTs (the rows stay in SDRAM)
    if (p->params == NULL || size > p->params_cap) {
        p->params = core_dtcm_alloc(core, size + 4u);
        p->params_cap = (p->params == NULL) ? 0u : size;
        if (p->params == NULL) {
            core_error(core, "DTCM full: plastic rules, pop table and decay LUTs");
            return APP_ERR_DTCM_FULL;
        }
    }
    memcpy(p->params, h, size);
    h = p->params;
    p->n_rules = h->n_rules;
    p->n_traces = h->n_post_traces;
    p->lut_words = h->lut_words;
    p->rule = (const plastic_rule_t *) (h + 1);
    p->trace_cfg = (const post_trace_t *) (p->rule + p->n_rules);
    p->entry = (const plastic_entry_t *) (p->trace_cfg + p->n_traces);
    p->lut = (const uint32_t *) (p->entry + h->n_entries);
    p->matrix = core_region_rw(core, REGION_PLASTIC_MATRIX, &size);
    p->matrix_words = (p->matrix == NULL) ? 0 : size / 4u;
    p->n_entries = h->n_entries;
    int err = plastic_check_rules(core, p);
    if (err == APP_OK) {
        err = plastic_check_rows(core, p, n, n_types, index_bits, type_bits);
    }
    if (err == APP_OK) {
        err = plastic_check_columns(core, p, h->columns, n, index_bits);
    }
    if (err != APP_OK) {
        p->n_entries = 0;
    }
    return err;
}

//! Each neuron's reach: the most ticks (delay + twice the stage delay) any of its plastic
//! synapses looks back when it flushes its history.
COMPACT_CODE static void plastic_reach(plastic_t *p, uint32_t n, uint32_t index_bits, uint32_t type_bits) {
    for (uint32_t i = 0; i < n; i++) {
        p->h_reach[i] = 0;
        // a flush pairs post spikes up to tick - (stage delay + delay) for each synapse
        for (uint32_t k = p->col_start[i]; k < p->col_start[i + 1u]; k++) {
            uint32_t word = p->col[2u * k];
            if (word == SLOT_EMPTY) {
                continue;
            }
            const plastic_entry_t *x = &p->entry[p->col[2u * k + 1u]];
            if (!timing_is_stdp(p->rule[x->rule].timing)) {
                continue;   // no post spikes: short-term, stochastic or static rows
            }
            uint32_t stage = x->stage_rows ?
                ((word - x->offset) / x->row_stride / x->stage_rows + 1u) * x->stage_ticks : 0u;
            int32_t reach = (int32_t) (word_delay(p->matrix[word], index_bits, type_bits) +
                                       2u * stage);
            p->h_reach[i] = (reach > p->h_reach[i]) ? reach : p->h_reach[i];
        }
    }
}

COMPACT_CODE static int plastic_axonal_setup(core_t *core, plastic_t *p, int alloc);

//! Load: read the plastic regions and allocate the post-synaptic history (empty).
COMPACT_CODE static int plastic_init(core_t *core, plastic_t *p, uint32_t n, uint32_t n_types,
                        uint32_t index_bits, uint32_t type_bits) {
    p->params = NULL;
    p->params_cap = 0;
    p->h_traces = 0;
    p->dopa.lut_d = NULL;
    p->ax_words = p->ax_entries = 0;
    int err = plastic_read(core, p, n, n_types, index_bits, type_bits);
    if (err == APP_OK && AXONAL_DELAY && p->n_entries > 0) {
        err = plastic_axonal_setup(core, p, 1);
        if (err != APP_OK) {
            p->n_entries = 0;
        }
    }
    if (!PLASTIC_HISTORY || err != APP_OK || p->n_entries == 0 || p->n_traces == 0) {
        return err;   // (short-term plasticity only: no post-spike history)
    }
    uint32_t events = n * POST_HISTORY_SIZE;
    p->h_time = core_dtcm_alloc(core, events * 4u + 4u);
    p->h_trace = core_dtcm_alloc(core, events * p->n_traces * 4u + 4u);
    p->h_count = core_dtcm_alloc(core, n + 4u);
    p->h_next = core_dtcm_alloc(core, n + 4u);
    p->h_lost_lo = core_dtcm_alloc(core, n * 4u + 4u);
    p->h_lost_hi = core_dtcm_alloc(core, n * 4u + 4u);
    p->h_flushed = core_dtcm_alloc(core, n * 4u + 4u);
    p->h_reach = core_dtcm_alloc(core, n * 4u + 4u);
    if (!p->h_time || !p->h_trace || !p->h_count || !p->h_next || !p->h_lost_lo ||
            !p->h_lost_hi || !p->h_flushed || !p->h_reach) {
        p->n_entries = 0;
        core_error(core, "DTCM full: post-synaptic spike history of plastic synapses");
        return APP_ERR_DTCM_FULL;
    }
    p->h_traces = p->n_traces;
    for (uint32_t i = 0; i < n; i++) {
        p->h_lost_lo[i] = p->h_lost_hi[i] = NO_TIME;
        p->h_flushed[i] = NO_TIME;
    }
    p->dopa.lut_d = NULL;
    if (NEUROMODULATION && nm_lut_d(p) != 0xFFFFFFFFu) {   // dopamine levels
        dopamine_t *h = &p->dopa;
        h->time = core_dtcm_alloc(core, n * DOPA_HISTORY_SIZE * 4u + 4u);
        h->jump = core_dtcm_alloc(core, n * DOPA_HISTORY_SIZE * 4u + 4u);
        h->count = core_dtcm_alloc(core, n + 4u);
        h->base_time = core_dtcm_alloc(core, n * 4u + 4u);
        h->base = core_dtcm_alloc(core, n * 4u + 4u);
        if (!h->time || !h->jump || !h->count || !h->base_time || !h->base) {
            p->n_entries = 0;
            core_error(core, "DTCM full: dopamine history of neuromodulated synapses");
            return APP_ERR_DTCM_FULL;
        }
        h->lut_d = &p->lut[nm_lut_d(p)];
    }
    plastic_reach(p, n, index_bits, type_bits);
    return APP_OK;
}

//! Reload: the host rewrote a plastic region (same network: its structure needs a new load).
//! Re-read and re-check both; the history stays, as every other state does over a reload.
COMPACT_CODE static int plastic_reload(core_t *core, plastic_t *p, uint32_t n, uint32_t n_types,
                          uint32_t index_bits, uint32_t type_bits) {
    int err = plastic_read(core, p, n, n_types, index_bits, type_bits);
    if (err == APP_OK && AXONAL_DELAY && p->n_entries > 0) {
        // (a core loaded without plastic entries has no table: plastic_axonal_setup
        // refuses any entry then)
        err = plastic_axonal_setup(core, p, 0);
        if (err != APP_OK) {
            p->n_entries = 0;
            return err;
        }
    }
    if (err == APP_OK && p->n_entries > 0 && p->n_traces != p->h_traces) {
        p->n_entries = 0;
        core_error(core, "plastic parameters rewritten with another number of post traces "
                   "than at load (a new plastic structure needs a reset)");
        return APP_ERR_BAD_HEADER;
    }
    if (err == APP_OK && p->n_entries > 0 && p->n_traces > 0 && (p->dopa.lut_d == NULL) !=
            (nm_lut_d(p) == 0xFFFFFFFFu)) {
        p->n_entries = 0;
        core_error(core, "plastic parameters rewritten with or without dopamine rules "
                   "unlike at load (a new plastic structure needs a reset)");
        return APP_ERR_BAD_HEADER;
    }
    if (err == APP_OK && p->n_entries > 0 && p->n_traces > 0) {
        plastic_reach(p, n, index_bits, type_bits);
        if (p->dopa.lut_d != NULL) {
            p->dopa.lut_d = &p->lut[nm_lut_d(p)];   // the LUT words moved with the copy
        }
    }
    return err;
}

#endif  // PLASTIC_LOAD_H

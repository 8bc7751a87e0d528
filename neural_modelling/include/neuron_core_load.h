//! \file
//! \brief The neuron core's loading half: reading and checking its image into DTCM at
//! load and after the host rewrites regions between runs, and writing the state back at a
//! pause.  Included by neuron_core_impl.h after neuron_core_t is defined; everything is
//! static and load-time code is compact (COMPACT_CODE).
#ifndef NEURON_CORE_LOAD_H
#define NEURON_CORE_LOAD_H

// Region bytes per neuron of each component: a component without fields has none in the
// image (its C struct still has a placeholder word, so never use sizeof for the image).
#define NEURON_PARAMS_BYTES (NEURON_PARAMS_WORDS * 4u)
#define SYNAPSE_PARAMS_BYTES (SYNAPSE_PARAMS_WORDS * 4u)
#define THRESHOLD_PARAMS_BYTES (THRESHOLD_PARAMS_WORDS * 4u)
#define NEURON_STATE_BYTES (NEURON_STATE_WORDS * 4u)
#define SYNAPSE_STATE_BYTES (SYNAPSE_STATE_WORDS * 4u)

#define STATE_BYTES(n) ((n) * (NEURON_STATE_WORDS + SYNAPSE_STATE_WORDS) * 4u)
#define PARAMS_BYTES(n) \
    ((n) * (NEURON_PARAMS_WORDS + SYNAPSE_PARAMS_WORDS + THRESHOLD_PARAMS_WORDS) * 4u)

//! Image (neuron-major, `words` per neuron) -> DTCM (field-major).
static void to_fields(int32_t *dst, const uint8_t *src, uint32_t n, uint32_t words) {
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t k = 0; k < words; k++) {
            memcpy(&dst[k * n + i], src + (i * words + k) * 4u, 4u);
        }
    }
}

//! DTCM (field-major) -> image (neuron-major).
static void from_fields(uint8_t *dst, const int32_t *src, uint32_t n, uint32_t words) {
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t k = 0; k < words; k++) {
            memcpy(dst + (i * words + k) * 4u, &src[k * n + i], 4u);
        }
    }
}

#ifndef __arm__
//! Whether every neuron's fields (field-major, `words` of them) equal neuron 0's.
static uint32_t fields_uniform(const int32_t *f, uint32_t n, uint32_t words) {
    for (uint32_t k = 0; k < words; k++) {
        for (uint32_t i = 1; i < n; i++) {
            if (f[k * n + i] != f[k * n]) {
                return 0;
            }
        }
    }
    return 1;
}
#endif

//! Copy parameters (and, on init, the system flags) from the image into DTCM.
COMPACT_CODE static int read_params(core_t *core, neuron_core_t *c) {
    uint32_t size;
    const system_header_t *sys = core_region(core, REGION_SYSTEM, &size);
    if (sys == NULL || size < sizeof(*sys) || sys->magic != DATA_MAGIC) {
        core_error(core, "system region missing or not for this binary");
        return APP_ERR_BAD_HEADER;
    }
    c->enabled = sys->enabled;
    const uint8_t *params = core_region(core, REGION_NEURON_PARAMS, &size);
    if (params == NULL || size != PARAMS_BYTES(c->n)) {
        core_error(core, "neuron parameter region has the wrong size for this binary");
        return APP_ERR_REGION_TOO_SMALL;
    }
    to_fields(c->np, params, c->n, NEURON_PARAMS_WORDS);
    params += c->n * NEURON_PARAMS_BYTES;
    to_fields(c->sp, params, c->n, SYNAPSE_PARAMS_WORDS);
    params += c->n * SYNAPSE_PARAMS_BYTES;
    to_fields(c->tp, params, c->n, THRESHOLD_PARAMS_WORDS);
#ifndef __arm__
    c->params_uniform = fields_uniform(c->np, c->n, NEURON_PARAMS_WORDS) &&
        fields_uniform(c->sp, c->n, SYNAPSE_PARAMS_WORDS) &&
        fields_uniform(c->tp, c->n, THRESHOLD_PARAMS_WORDS);
#endif
#ifdef NEURON_HAS_PARAMS_CHECK
    for (uint32_t i = 0; i < c->n; i++) {   // fields the model uses as shifts or counts
        neuron_params_t p;
        NEURON_PARAMS_GET(&p, c->np, c->n, i);
        if (!neuron_params_ok(&p)) {
            core_error(core, "neuron parameter out of the model's range");
            return APP_ERR_BAD_HEADER;
        }
    }
#endif
    return APP_OK;
}

COMPACT_CODE static int read_state(core_t *core, neuron_core_t *c) {
    uint32_t size;
    const uint8_t *state = core_region(core, REGION_NEURON_STATE, &size);
    if (state == NULL || size != STATE_BYTES(c->n)) {
        core_error(core, "neuron state region has the wrong size for this binary");
        return APP_ERR_REGION_TOO_SMALL;
    }
    to_fields(c->ns, state, c->n, NEURON_STATE_WORDS);
    to_fields(c->ss, state + c->n * NEURON_STATE_BYTES, c->n, SYNAPSE_STATE_WORDS);
    return APP_OK;
}

//! Check every synaptic word once, so that packet processing can trust the matrix.
COMPACT_CODE static int check_synapses(core_t *core, neuron_core_t *c) {
    for (uint32_t e = 0; e < c->n_pop; e++) {
        const pop_entry_t *p = &c->pop[e];
        // the rows' cores must be cores the key can name: (~mask >> core_shift) + 1 of
        // n_neurons rows each (a per-core entry: one core); atoms fit below core_shift
        uint64_t cores = (uint64_t) ((~p->mask) >> (p->core_shift & 31u)) + 1u;
        if (p->row_stride == 0 || p->offset > c->matrix_words ||
                (uint64_t) p->n_rows * p->row_stride > c->matrix_words - p->offset ||
                p->core_shift > 31u || p->n_neurons == 0 ||
                p->n_neurons > (1u << p->core_shift) || (p->key & ~p->mask) != 0 ||
                cores * p->n_neurons > 0xFFFFFFFFu || p->n_rows > cores * p->n_neurons ||
                (e > 0 && c->pop[e - 1].key >= p->key)) {
            core_error(core, "master population table entry outside the synaptic matrix "
                       "or its key's cores, or entries not sorted");
            return APP_ERR_BAD_SYNAPTIC_DATA;
        }
        for (uint32_t r = 0; r < p->n_rows; r++) {
            const uint32_t *row = c->matrix + p->offset + r * p->row_stride;
            if (row[0] > p->row_stride - 1u) {
                core_error(core, "synaptic row longer than its stride");
                return APP_ERR_BAD_SYNAPTIC_DATA;
            }
            for (uint32_t s = 1; s <= row[0]; s++) {
                uint32_t w = row[s];
                uint32_t d = word_delay(w, c->index_bits, c->type_bits);
                if (word_index(w, c->index_bits) >= c->n ||
                        word_type(w, c->index_bits, c->type_bits) >= c->n_types || d == 0) {
                    core_error(core, "synaptic word with neuron, type or delay out of range");
                    return APP_ERR_BAD_SYNAPTIC_DATA;
                }
            }
        }
    }
    return APP_OK;
}

COMPACT_CODE static int read_synapses(core_t *core, neuron_core_t *c) {
    uint32_t size;
    const synapse_header_t *h = core_region(core, REGION_SYNAPSE_PARAMS, &size);
    // each field bounded on its own before any sum or shift (0xFFFFFFFF + 17 wraps to 16)
    if (h == NULL || size < sizeof(*h) || h->n_synapse_types != SYNAPSE_TYPES ||
            h->index_bits > 16u || h->type_bits > 2u ||
            h->index_bits + h->type_bits + DELAY_BITS > 16u || c->n > (1u << h->index_bits) ||
            (1u << h->type_bits) < h->n_synapse_types) {
        core_error(core, "synapse header malformed");
        return APP_ERR_BAD_HEADER;
    }
#ifdef SYNAPSE_SIGNED_INPUT
    const uint32_t signable = (1u << SYNAPSE_TYPES) - 1u;
#else
    const uint32_t signable = 0u;   // this binary's synapse types have fixed signs
#endif
    if ((h->negative_types & ~signable) != 0) {
        core_error(core, "synapse header flags a negative synapse type this binary cannot "
                   "negate");
        return APP_ERR_BAD_HEADER;
    }
    c->negative_types = h->negative_types;
    c->n_types = h->n_synapse_types;
    c->index_bits = h->index_bits;
    c->type_bits = h->type_bits;
    const uint32_t shifts[MAX_SYNAPSE_TYPES] = {h->shift_0, h->shift_1, h->shift_2, h->shift_3};
    for (uint32_t t = 0; t < MAX_SYNAPSE_TYPES; t++) {
        if (shifts[t] > 15u) {
            core_error(core, "ring-buffer shift above 15");
            return APP_ERR_BAD_HEADER;
        }
        c->shift[t] = shifts[t];
    }
    const pop_table_header_t *ph = core_region(core, REGION_POP_TABLE, &size);
    if (ph == NULL || size < sizeof(*ph) ||
            (size - sizeof(*ph)) / sizeof(pop_entry_t) < ph->n_entries) {
        core_error(core, "master population table region malformed");
        return APP_ERR_BAD_SYNAPTIC_DATA;
    }
    // (the region size bounds n_entries, so the product cannot wrap)
    pop_entry_t *pop = (pop_entry_t *) c->pop;
    if (pop == NULL || ph->n_entries > c->pop_cap) {   // a reload may reuse the copy
        pop = core_dtcm_alloc(core, ph->n_entries * (uint32_t) sizeof(pop_entry_t) + 4u);
        if (pop == NULL) {
            c->n_pop = 0;
            core_error(core, "DTCM full: master population table");
            return APP_ERR_DTCM_FULL;
        }
        c->pop_cap = ph->n_entries;
    }
    c->n_pop = ph->n_entries;
    memcpy(pop, ph + 1, c->n_pop * sizeof(pop_entry_t));
    c->pop = pop;
    c->matrix = core_region(core, REGION_SYNAPTIC_MATRIX, &size);
    c->matrix_words = (c->matrix == NULL) ? 0 : size / 4u;
    int err = check_synapses(core, c);
    c->pop_index.bits = 0;   // no index: search
#ifndef __arm__   // (host memory only: the chip searches, and its ITCM has no room)
    uint32_t shift = 0, slots = pop_index_slots(c->pop, c->n_pop, &shift);
    pop_index_slot_t *memory = (err == APP_OK && slots > 0)
        ? core_host_alloc(core, slots * (uint32_t) sizeof(pop_index_slot_t)) : NULL;
    if (memory != NULL) {
        pop_index_build(&c->pop_index, c->pop, c->n_pop, memory, slots, shift);
    }
#endif
    return err;
}

//! Everything the host may rewrite between runs: parameters, state, recording set-up,
//! current sources, rate window and stop condition (not the synaptic data).
COMPACT_CODE static int read_configuration(core_t *core, neuron_core_t *c) {
    int err = read_params(core, c);
    if (err == APP_OK) {
        err = read_state(core, c);
    }
    if (err == APP_OK) {
        err = recording_init(core, &c->rec);
    }
    if (err == APP_OK) {
        err = currents_init(core, &c->cur, c->n);
    }
#ifndef __arm__
    c->no_sources = (c->cur.header == NULL || c->cur.header->n_sources == 0);
#endif
    if (err == APP_OK) {
        err = control_init(core, &c->ctl, c->n);
    }
    return err;
}

COMPACT_CODE static int app_init(core_t *core, void **out) {
    const system_header_t *sys = system_header(core);   // (n_atoms bounded: no size wraps)
    if (sys == NULL) {
        return APP_ERR_BAD_HEADER;
    }
    neuron_core_t *c = core_dtcm_alloc(core, sizeof(neuron_core_t));
    if (c == NULL) {
        return APP_ERR_DTCM_FULL;
    }
    c->n = sys->n_atoms;
    c->has_key = sys->has_key;
    c->key = sys->key;
    c->off_ready = 0u;
    uint32_t words = (c->n + 31u) / 32u;
    c->np = core_dtcm_alloc(core, c->n * NEURON_PARAMS_BYTES + 4u);
    c->ns = core_dtcm_alloc(core, c->n * NEURON_STATE_BYTES + 4u);
    c->sp = core_dtcm_alloc(core, c->n * SYNAPSE_PARAMS_BYTES + 4u);
    c->ss = core_dtcm_alloc(core, c->n * SYNAPSE_STATE_BYTES + 4u);
    c->tp = core_dtcm_alloc(core, c->n * THRESHOLD_PARAMS_BYTES + 4u);
    c->spike_bits = core_dtcm_alloc(core, words * 4u + 4u);
    c->sample = core_dtcm_alloc(core, c->n * 4u + 4u);
    c->cur.i_inj = core_dtcm_alloc(core, c->n * sizeof(s1615) + 4u);
    c->ctl.count = core_dtcm_alloc(core, c->n * 4u + 4u);
    c->ctl.clear_count = sys->clear_count;
    c->ring = core_dtcm_alloc(core, RING_SLOTS * SYNAPSE_TYPES * c->n * 2u + 4u);
    if (!c->np || !c->ns || !c->sp || !c->ss || !c->tp || !c->spike_bits || !c->sample || !c->cur.i_inj || !c->ctl.count ||
            !c->ring) {
        core_error(core, "DTCM full: neuron state and ring buffers");
        return APP_ERR_DTCM_FULL;
    }
    int err = read_configuration(core, c);
    if (err == APP_OK) {
        err = read_synapses(core, c);
    }
    if (err == APP_OK) {
        err = plastic_init(core, &c->plastic, c->n, c->n_types, c->index_bits, c->type_bits);
    }
    if (err == APP_OK) {
        err = structural_init(core, &c->structural, &c->plastic, c->n, c->n_types);
    }
    *out = c;
    return err;
}


COMPACT_CODE static void app_pause(core_t *core, void *state) {
    neuron_core_t *c = state;
    control_pause(&c->ctl, c->n);
    uint32_t size;
    uint8_t *out = core_region_rw(core, REGION_NEURON_STATE, &size);
    if (out == NULL || size != STATE_BYTES(c->n)) {
        return;
    }
    from_fields(out, c->ns, c->n, NEURON_STATE_WORDS);
    from_fields(out + c->n * NEURON_STATE_BYTES, c->ss, c->n, SYNAPSE_STATE_WORDS);
}

COMPACT_CODE static int app_reload(core_t *core, void *state) {
    neuron_core_t *c = state;
    c->off_ready = 0u;
    uint32_t size;
    const system_header_t *sys = core_region(core, REGION_SYSTEM, &size);
    if (sys == NULL || size < sizeof(*sys) || sys->magic != DATA_MAGIC ||
            sys->n_atoms != c->n) {
        core_error(core, "system region missing, not for this binary, or with another atom "
                   "count than at load (a new atom count needs a reset)");
        return APP_ERR_BAD_HEADER;
    }
    int err = read_configuration(core, c);
    if (err == APP_OK && (core_region_rewritten(core, REGION_SYNAPSE_PARAMS) ||
                          core_region_rewritten(core, REGION_POP_TABLE) ||
                          core_region_rewritten(core, REGION_SYNAPTIC_MATRIX))) {
        err = read_synapses(core, c);   // new synaptic data: re-validated, pointers renewed
    }
    if (err == APP_OK && (core_region_rewritten(core, REGION_PLASTIC_PARAMS) ||
                          core_region_rewritten(core, REGION_PLASTIC_MATRIX))) {
        err = plastic_reload(core, &c->plastic, c->n, c->n_types, c->index_bits,
                             c->type_bits);
        c->structural.h = 0;   // the slots live in the matrix: rewiring re-reads them
        if (err == APP_OK) {
            err = structural_init(core, &c->structural, &c->plastic, c->n, c->n_types);
        }
    } else if (err == APP_OK && core_region_rewritten(core, REGION_STRUCTURAL)) {
        err = structural_init(core, &c->structural, &c->plastic, c->n, c->n_types);
    }
    if (err == APP_OK && sys->clear_count != c->ctl.clear_count) {
        // Population.clear(): drop pending input and the spike history, keep the state
        memset(c->ring, 0, RING_SLOTS * SYNAPSE_TYPES * c->n * 2u);
        plastic_axonal_clear(&c->plastic);
        control_clear(&c->ctl, c->n);
        c->ctl.clear_count = sys->clear_count;
    }
    return err;
}

#endif  // NEURON_CORE_LOAD_H

"""Plastic synaptic data of every neuron core: rules, decay LUTs, plastic pop table, rows.

Layout (docs/plasticity.md; C side: neural_modelling/include/plastic_core.h):

* PLASTIC_PARAMS: ``plastic_header``, one ``plastic_rule`` per plastic edge onto the
  population, one ``post_trace`` per distinct tau_minus, the ``plastic_entry`` blocks sorted
  by key (one per (edge, sender): several edges from one sender keep separate rows, so each
  row has one rule), then the decay LUTs.
* PLASTIC_MATRIX: rows ``[count, last pre tick, pre trace, pre trace 2, synapses...]``; a
  synapse word is a static word whose weight is in plastic units = ring-buffer units <<
  ``extra_shift`` (as many extra bits as w_max leaves in 16).

The cores update the rows in place; ``PlasticLayout`` says where each connection's word is,
so that weights are read back exactly as held.
"""
from dataclasses import dataclass, field
from typing import List, Tuple

import numpy as np

from ..graph import ApplicationEdge, ApplicationVertex
from ..graph.application_graph import key_crc
from .dataspec.regions import (MAX_CORE_DELAY, PLASTIC_ROW_HEADER_WORDS, POST_HISTORY_SIZE,
                               header_dtype, lut_shape)
from .errors import MappingError
from .machine_graph import MachineVertex, atoms_pow2
from .neuromodulation import dopamine_record, dopamine_scale, neuromod_record, rule_taus
from .partition import delay_stage, slice_index
from .structural import check_common, slotted_column_index, structural_region
from .weight_change import changer_targets, queue_words, weight_change_record

_MASK64 = 0xFFFFFFFFFFFFFFFF
#: Fixed-point scale of A+ / A- on the cores (u4.28).
AMPLITUDE_ONE = 2 ** 28
#: Timing and weight rule codes of ``plastic_rule`` (c_models/plasticity/stdp.h).
TIMING_CODES = {"pair": 0, "nearest_pair": 1, "vogels_2011": 2, "pfister_triplet": 3,
                "tsodyks_markram": 4, "stochastic": 5, "static": 6, "neuromodulated_pair": 7,
                "dopamine": 8, "recurrent": 9, "weight_changeable": 10, "weight_changer": 11,
                "stochastic_tsodyks_markram": 12, "multi_quantal": 13}
#: StochasticTsodyksMarkramSynapse and MultiQuantalSynapse (c_models/plasticity/quantal.h):
#: a release state word per synapse, the row's u in word 4
QUANTAL_TIMINGS = ("stochastic_tsodyks_markram", "multi_quantal")
#: MultiQuantalSynapse's most release sites (its draw numbers 0 .. 2n - 1 take 16 bits)
QUANTAL_MAX_SITES = 32767
WEIGHT_CODES = {"additive": 0, "multiplicative": 1,
                "additive_potentiation_multiplicative_depression": 2, "gutig": 3,
                "additive_triplet": 4, "static": 0}


@dataclass
class PlasticLayout:
    """Where an edge's connections live: per core, the matrix word of each connection."""
    #: units of the plastic weight per nA (or uS): 2 ** (15 - ring shift + extra_shift)
    scale: float = 1.0
    #: (post machine vertex, word positions in its PLASTIC_MATRIX, connection indices)
    cores: List[Tuple[MachineVertex, np.ndarray, np.ndarray]] = field(default_factory=list)
    #: rewired edges: (post machine vertex, offset, row stride, rows, first pre atom) of
    #: each block, to read the synapses the cores hold now
    blocks: List[Tuple[MachineVertex, int, int, int, int]] = field(default_factory=list)
    #: bits of the neuron index and of the synapse type in the target's synaptic words
    index_bits: int = 0
    type_bits: int = 0


def decay_lut(tau: float, dt: float) -> np.ndarray:
    """exp(-k dt / tau) as [n_coarse, b, fine[2^b], coarse[n_coarse]] in u1.31: fine[k]
    for k < 2^b, coarse[j] for j * 2^b ticks, up to where it rounds to 0."""
    one = 2.0 ** 31
    bits, n_coarse = lut_shape(tau, dt)
    fine = np.rint(np.exp(-np.arange(2 ** bits) * dt / tau) * one)
    coarse = np.rint(np.exp(-np.arange(n_coarse) * 2 ** bits * dt / tau) * one)
    coarse = coarse[coarse >= 1]
    return np.concatenate(([len(coarse), bits], fine, coarse)).astype(np.uint32)


def power_lut(mu: float) -> np.ndarray:
    """x^mu at x = k / 256, k = 0 .. 256, in u1.31 (Gutig's weight dependence)."""
    x = np.arange(257) / 256.0
    with np.errstate(divide="ignore"):
        values = np.where(x > 0, x ** mu, 0.0 if mu > 0 else 1.0)
    return np.rint(np.minimum(values, 1.0) * 2.0 ** 31).astype(np.uint32)


def weight_scale(edge: ApplicationEdge, shift: int) -> Tuple[float, int]:
    """(plastic units per nA, extra_shift): the most extra bits below the ring-buffer unit
    that keep w_max and every initial weight within 16 bits."""
    rule = edge.plasticity
    if rule.timing == "dopamine":   # dopamine rows never reach the ring buffers
        return dopamine_scale(edge)
    w = np.abs(np.asarray(edge.weights, float))
    biggest = max(rule.w_max if rule.reaches_w_max else 0.0,
                  float(w.max()) if len(w) else 0.0,
                  edge.structural.initial_weight if edge.structural is not None else 0.0)
    if rule.reaches_w_max and rule.w_max <= 0:
        raise MappingError(f"projection {edge.label!r}: w_max must be > 0 (got {rule.w_max})")
    if biggest <= 0:
        return 2.0 ** (15 - shift), 0
    base = 2.0 ** (15 - shift)
    extra = 0
    while extra < 15 and np.rint(biggest * base * 2 ** (extra + 1)) <= 0xFFFF:
        extra += 1
    return base * 2 ** extra, extra


def window_table(mean_ms: float, dt: float) -> np.ndarray:
    """RecurrentRule's window draws: the 2048 quantiles floor(-mean ln(1 - k / 2048)) of the
    exponential law in ticks (sPyNNaker's 11-bit draw), as uint16 packed two per word."""
    k = np.arange(2048)
    ticks = np.floor(-np.log(1.0 - k / 2048.0) * mean_ms / dt)
    if ticks[-1] > 0xFFFF:
        raise MappingError(f"RecurrentRule: a mean window of {mean_ms} ms is "
                           f"{mean_ms / dt:g} ticks; the cores hold windows up to 65535 ticks "
                           f"(mean <= {0xFFFF / np.log(2048) * dt:.0f} ms at dt = {dt} ms)")
    t = ticks.astype(np.uint32)
    return (t[0::2] | (t[1::2] << 16)).astype(np.uint32)


def _rule_record(edge, scale, extra, lut_at, trace_of, pow_at, window_at=None):
    rule = edge.plasticity
    p = rule.params
    for name in ("A_plus", "A_minus", "A3_plus", "A3_minus"):
        if name in p and not 0 <= p[name] < 16:
            raise MappingError(f"projection {edge.label!r}: {name} = {p[name]} outside "
                               f"[0, 16), the cores' u4.28 format")
    if rule.timing == "dopamine":
        return dopamine_record(edge, extra, lut_at)
    if rule.timing == "neuromodulated_pair":
        return neuromod_record(edge, scale, extra, lut_at, trace_of)
    rec = np.zeros(1, header_dtype("plastic_rule"))
    rec["timing"] = TIMING_CODES[rule.timing]
    if rule.timing == "stochastic":   # weights stay; each synapse transmits with p
        seed = stochastic_seed(edge)
        rec["extra_shift"] = extra
        rec["w_max"] = 0xFFFF
        rec["stp_u"] = int(np.rint(p["p"] * 2 ** 31))
        rec["seed_lo"], rec["seed_hi"] = seed & 0xFFFFFFFF, seed >> 32
        return rec
    if rule.timing in ("weight_changeable", "weight_changer"):
        return weight_change_record(edge, scale, extra)
    if rule.timing in QUANTAL_TIMINGS:   # weights stay; each synapse's state releases
        return _quantal_record(edge, rec, extra, lut_at)
    if rule.timing == "static":   # rewired static synapses: the weights never change
        rec["extra_shift"] = extra
        rec["w_max"] = 0xFFFF
        return rec
    if not rule.is_stdp:   # Tsodyks-Markram: the weights stay; the row's state releases
        tau_rec, tau_psc, tau_fac = p["tau_rec"], p["tau_psc"], p["tau_facil"]
        if abs(tau_rec - tau_psc) < 1e-9:
            raise MappingError(f"projection {edge.label!r}: tau_rec must differ from the "
                               f"target's synaptic time constant {tau_psc} ms")
        rec["extra_shift"] = extra
        rec["w_max"] = 0xFFFF
        rec["stp_u"] = int(np.rint(p["U"] * 2 ** 31))
        rec["lut_rec"], rec["lut_psc"] = lut_at[tau_rec], lut_at[tau_psc]
        rec["lut_fac"] = lut_at[tau_fac] if tau_fac > 0 else 0xFFFFFFFF
        rec["c_rec"] = int(np.rint(tau_rec / (tau_rec - tau_psc) * 65536))
        rec["c_psc"] = int(np.rint(tau_psc / (tau_rec - tau_psc) * 65536))
        if rec["c_rec"][0] > 0x7FFFFFFF or rec["c_psc"][0] > 0x7FFFFFFF or tau_rec < tau_psc:
            raise MappingError(f"projection {edge.label!r}: tau_rec ({tau_rec} ms) must be "
                               f"longer than the target's synaptic time constant")
        return rec
    rec["timing"] = TIMING_CODES[rule.timing]
    rec["weight"] = WEIGHT_CODES[rule.weight]
    rec["extra_shift"] = extra
    rec["w_min"] = int(np.rint(rule.w_min * scale))
    rec["w_max"] = int(np.rint(rule.w_max * scale))
    if rule.timing == "vogels_2011":
        a_plus = a_minus = _vogels_amplitude(edge)
        alpha = vogels_alpha(p["rho"], p["tau"])
        if not 0 <= alpha <= 256:
            raise MappingError(f"projection {edge.label!r}: Vogels2011Rule alpha = 2 rho "
                               f"tau = {alpha:g} outside [0, 256] (rho in Hz, tau in ms)")
        rec["alpha"] = int(np.rint(alpha * 65536))
        steps = a_plus * max(1.0, alpha)
    else:
        a_plus, a_minus = p["A_plus"], p["A_minus"]
        steps = max(a_plus, a_minus, p.get("A3_plus", 0.0), p.get("A3_minus", 0.0))
    rec["no_backprop"] = int(p.get("no_backprop", 0.0))
    rec["a_plus"] = int(np.rint(a_plus * AMPLITUDE_ONE))
    rec["a_minus"] = int(np.rint(a_minus * AMPLITUDE_ONE))
    rec["lut_plus"] = lut_at[rule.tau_plus]
    rec["post_trace"] = trace_of[rule.tau_minus]
    if rule.timing == "pfister_triplet":
        rec["a3_plus"] = int(np.rint(p["A3_plus"] * AMPLITUDE_ONE))
        rec["a3_minus"] = int(np.rint(p["A3_minus"] * AMPLITUDE_ONE))
        rec["lut_x"] = lut_at[p["tau_x"]]
        rec["post_trace2"] = trace_of[p["tau_y"]]
    if rule.timing == "recurrent":
        seed = stochastic_seed(edge)
        rec["seed_lo"], rec["seed_hi"] = seed & 0xFFFFFFFF, seed >> 32
        rec["acc_potentiation"] = int(p["accumulator_potentiation"]) - 1
        rec["acc_depression"] = int(p["accumulator_depression"]) + 1
        rec["lut_pre_window"] = window_at[p["mean_pre_window"]]
        rec["lut_post_window"] = window_at[p["mean_post_window"]]
        rec["dual_fsm"] = int(bool(p["dual_fsm"]))
    if rule.weight == "gutig":
        rec["pow_plus"] = pow_at[p["mu_plus"]]
        rec["pow_minus"] = pow_at[p["mu_minus"]]
    # changes below 1/64 of the largest step (A w_max at K = 1) may round away uncounted:
    # exponential tails always do; a rule whose real steps do is counted (and raises)
    biggest_step = steps * rule.w_max * scale * 65536
    rec["lost_step"] = int(min(np.ceil(biggest_step / 64), 0xFFFFFFFF))
    return rec


def _quantal_record(edge, rec, extra, lut_at):
    p = edge.plasticity.params
    seed = stochastic_seed(edge)
    rec["extra_shift"] = extra
    rec["w_max"] = 0xFFFF
    rec["stp_u"] = int(np.rint(p["U"] * 2 ** 31))
    rec["lut_rec"] = lut_at[p["tau_rec"]]
    rec["lut_fac"] = lut_at[p["tau_facil"]] if p["tau_facil"] > 0 else 0xFFFFFFFF
    rec["seed_lo"], rec["seed_hi"] = seed & 0xFFFFFFFF, seed >> 32
    if edge.plasticity.timing == "multi_quantal":
        n = p["n"]
        if n != int(n) or not 1 <= n <= QUANTAL_MAX_SITES:
            raise MappingError(f"projection {edge.label!r}: MultiQuantalSynapse n = {n:g} "
                               f"must be a whole number in [1, {QUANTAL_MAX_SITES}]")
        rec["c_rec"] = int(n)
    return rec


def stochastic_seed(edge) -> int:
    """The 64-bit seed of a stochastic projection's draws: from its seed key (its label made
    unique, with setup's rng_seed: stable across processes and runs, as a Poisson source's
    seed), spread by splitmix64's mixer."""
    z = (key_crc(edge) + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def vogels_alpha(rho: float, tau: float) -> float:
    """Vogels et al. (2011)'s depression offset alpha = 2 rho tau (rho in Hz, tau in ms):
    the post rate rho at which potentiation and depression balance (NEST's default 0.12 is
    rho = 3 Hz, tau = 20 ms)."""
    return 2.0 * rho * tau * 1e-3


def _vogels_amplitude(edge) -> float:
    """eta relative to w_max (the cores' A+: a step is A+ w_max K = eta K)."""
    p, rule = edge.plasticity.params, edge.plasticity
    a = p["eta"] / rule.w_max
    if not 0 <= a < 16:
        raise MappingError(f"projection {edge.label!r}: Vogels2011Rule eta = {p['eta']:g} "
                           f"must lie in [0, 16 w_max) (w_max = {rule.w_max:g})")
    return a


def build_plastic(vertex: ApplicationVertex, edges, shifts, mg, routing_info, dt,
                  index_bits: int, type_bits: int):
    """Plastic regions of every core of ``vertex``.

    Returns ``({post machine vertex: (params bytes, matrix bytes)}, {edge: PlasticLayout})``;
    cores without plastic connections get no regions.
    """
    plastic = [e for e in edges if e.plasticity is not None and
               (len(e) or e.structural is not None)]
    if not plastic:
        return {}, {}, {}
    structural = [e for e in plastic if e.structural is not None]
    s_max = check_common(vertex, structural)
    stdp = [e for e in plastic if e.plasticity.is_stdp]
    taus_minus = sorted({tau for e in stdp for tau in e.plasticity.post_taus})
    if len(taus_minus) > MAX_POST_TRACES:
        raise MappingError(
            f"population {vertex.label!r}: its plastic projections "
            f"({', '.join(sorted({e.label for e in stdp}))}) need {len(taus_minus)} "
            f"post-synaptic traces (distinct tau_minus / tau_y: "
            f"{', '.join(f'{t:g}' for t in taus_minus)} ms); the cores keep at most "
            f"{MAX_POST_TRACES} per neuron: use fewer distinct values")
    taus = {e.plasticity.tau_plus for e in stdp} | set(taus_minus) | \
        {e.plasticity.params["tau_x"] for e in stdp if e.plasticity.timing == "pfister_triplet"}
    for e in plastic:
        if e.plasticity.timing == "tsodyks_markram":
            p = e.plasticity.params
            taus |= {p["tau_rec"], p["tau_psc"]} | ({p["tau_facil"]} if p["tau_facil"] > 0
                                                    else set())
    for e in plastic:
        if e.plasticity.timing in QUANTAL_TIMINGS:
            p = e.plasticity.params
            taus |= {p["tau_rec"]} | ({p["tau_facil"]} if p["tau_facil"] > 0 else set())
    for e in plastic:
        taus |= rule_taus(e.plasticity)
    taus = sorted(taus)
    luts, lut_at, at = [], {}, 0
    for tau in taus:
        if tau <= 0:
            raise MappingError(f"population {vertex.label!r}: STDP time constants must be "
                               f"> 0 ms (got {tau})")
        lut_at[tau] = at
        luts.append(decay_lut(tau, dt))
        at += len(luts[-1])
    pow_at = {}
    for e in plastic:
        if e.plasticity.weight == "gutig":
            for mu in (e.plasticity.params["mu_plus"], e.plasticity.params["mu_minus"]):
                if mu not in pow_at:
                    if not 0 <= mu <= 16:
                        raise MappingError(f"projection {e.label!r}: Gutig exponent {mu} "
                                           f"outside [0, 16]")
                    pow_at[mu] = at
                    luts.append(power_lut(mu))
                    at += len(luts[-1])
    window_at = {}
    for e in plastic:
        if e.plasticity.timing == "recurrent":
            if e.structural is not None:
                raise MappingError(f"projection {e.label!r}: extra_models.RecurrentRule with "
                                   f"structural plasticity is not supported (its rows keep a "
                                   f"state word per synapse that rewiring does not move)")
            p = e.plasticity.params
            for mean in (p["mean_pre_window"], p["mean_post_window"]):
                if mean not in window_at:
                    window_at[mean] = at
                    luts.append(window_table(mean, dt))
                    at += len(luts[-1])
    lut_words = np.concatenate(luts) if luts else np.zeros(0, np.uint32)
    trace_of = {tau: k for k, tau in enumerate(taus_minus)}
    traces = np.zeros(len(taus_minus), header_dtype("post_trace"))
    traces["lut"] = [lut_at[tau] for tau in taus_minus]
    layouts, rules = {}, []
    changed = changer_targets(vertex, plastic)
    scales = {e: weight_scale(e, shifts[e.synapse_type]) for e in plastic
              if e.plasticity.timing != "weight_changer"}
    for e in plastic:
        # a changer's changes are in the units of the weights it changes
        scale, extra = scales[changed.get(e, e)]
        w = np.asarray(e.weights, float)
        if e.plasticity.reaches_w_max and len(w) and (
                w.max() > e.plasticity.w_max * (1 + 1e-9) or
                       w.min() < e.plasticity.w_min * (1 - 1e-9) - 1e-12):
            raise MappingError(f"projection {e.label!r}: initial weights must lie in "
                               f"[w_min, w_max] = [{e.plasticity.w_min:g}, "
                               f"{e.plasticity.w_max:g}] (got {w.min():g} .. {w.max():g})")
        if e.structural is not None and e.plasticity.is_stdp and not \
                e.plasticity.w_min * (1 - 1e-9) - 1e-12 <= e.structural.initial_weight <= \
                e.plasticity.w_max * (1 + 1e-9):
            raise MappingError(f"projection {e.label!r}: initial_weight "
                               f"{e.structural.initial_weight:g} must lie in [w_min, w_max] = "
                               f"[{e.plasticity.w_min:g}, {e.plasticity.w_max:g}]")
        rules.append(_rule_record(e, scale, extra, lut_at, trace_of, pow_at, window_at))
        if e in changed:   # the rule of the projection whose weights it changes
            rules[-1]["post_trace"] = plastic.index(changed[e])
        layouts[e] = PlasticLayout(scale=scale, index_bits=index_bits, type_bits=type_bits)
    rules = np.concatenate(rules)
    regions, structural_regions = {}, {}
    for mv in mg.slices_of[vertex]:
        blocks = []
        for k, e in enumerate(plastic):
            blocks += _edge_blocks(e, k, layouts[e].scale, mv, mg, routing_info, dt,
                                   index_bits, type_bits, s_max)
        if not blocks:
            continue
        blocks.sort(key=lambda b: (b["key"], b["rule"]))
        entries = np.zeros(len(blocks), header_dtype("plastic_entry"))
        # weight-changing rules: every neuron's change queue opens the matrix
        offset = queue_words(plastic, mv.vertex_slice.n_atoms)
        matrix, col_word, col_entry, col_rank = [np.zeros(offset, np.uint32)], [], [], []
        for j, b in enumerate(blocks):
            for name in ("key", "mask", "row_stride", "n_rows", "rule", "stage_rows",
                         "stage_ticks"):
                entries[j][name] = b[name]
            entries[j]["offset"] = offset
            layouts[b["edge"]].cores.append((mv, b["positions"] + offset, b["connections"]))
            if b["edge"].structural is not None:
                layouts[b["edge"]].blocks.append((mv, offset, b["row_stride"], b["n_rows"],
                                                  b["lo_atom"]))
            matrix.append(b["words"])
            col_word.append(b["positions"] + offset)
            col_entry.append(np.full(len(b["positions"]), j, np.int64))
            # slots in an order no partitioning changes: projection, pre atom, row position
            col_rank.append(plastic.index(b["edge"]) * 2 ** 32 + b["lo_atom"] +
                            b["positions"] // b["row_stride"])
            offset += len(b["words"])
        rows = np.concatenate(matrix)
        if structural:
            rewired = np.concatenate([np.full(len(b["positions"]), b["edge"].structural
                                              is not None) for b in blocks])
            matrix.append(slotted_column_index(rows, np.concatenate(col_word),
                                               np.concatenate(col_entry), rewired,
                                               np.concatenate(col_rank), mv.vertex_slice,
                                               index_bits, s_max, vertex))
            structural_regions[mv] = structural_region(
                vertex, mv, plastic, blocks, layouts, mg, dt, s_max)
        else:
            matrix.append(_column_index(rows, np.concatenate(col_word),
                                        np.concatenate(col_entry), mv.vertex_slice.n_atoms,
                                        index_bits))
        header = np.zeros(1, header_dtype("plastic_header"))
        header["n_rules"] = len(rules)
        header["n_post_traces"] = len(traces)
        header["n_entries"] = len(entries)
        header["lut_words"] = len(lut_words)
        header["history_size"] = POST_HISTORY_SIZE
        header["columns"] = offset
        params = b"".join(a.tobytes() for a in (header, rules, traces, entries,
                                                 lut_words.astype("<u4")))
        regions[mv] = (params, np.concatenate(matrix).astype("<u4").tobytes())
    return regions, layouts, structural_regions


#: post-synaptic traces a neuron's spike history keeps (plastic_load.h refuses more)
MAX_POST_TRACES = 4


def _column_index(rows, words, entries, n_atoms, index_bits):
    """Each neuron's plastic synapses (for flushing its history): n_atoms + 1 starts, then
    (matrix word, entry) pairs grouped by target neuron, in matrix order."""
    target = rows[words] & ((1 << index_bits) - 1)
    order = np.argsort(target, kind="stable")
    starts = np.searchsorted(target[order], np.arange(n_atoms + 1))
    pairs = np.stack([words[order], entries[order]], axis=1).ravel()
    return np.concatenate([starts, pairs]).astype(np.uint32)


#: Words of rewired rows per (edge, pre slice, core) before rows are cut to s_max synapses.
REWIRED_BLOCK_WORDS = 1 << 20


def rewired_row_capacity(e, n_core: int, n_rows: int, s_max: int) -> int:
    """Synapses a rewired row has room for: as many as its core's slots could ever hold
    (n_core * s_max, or n_core without replacement), so that no formation is refused for
    want of room and the rewiring is the same for any neurons per core -- unless that takes
    more than REWIRED_BLOCK_WORDS per block: then sPyNNaker's s_max (or what the budget
    allows beyond it), and a formation that finds its row full is refused and counted
    (``rewiring_rows_full`` in the run report).  A neuromodulated row spends two words on a
    synapse (its eligibility trace in the second half)."""
    full = n_core * (s_max if e.structural.with_replacement else 1)
    room = 2 if e.plasticity.timing == "neuromodulated_pair" else 1
    budget = (REWIRED_BLOCK_WORDS // max(n_rows, 1) - PLASTIC_ROW_HEADER_WORDS) // room
    return min(full, max(s_max, budget))


def _edge_blocks(e, rule_index, scale, mv, mg, routing_info, dt, index_bits, type_bits,
                 s_max=0):
    """The rows of edge ``e`` onto core ``mv``, one block per sender (a pre slice or its
    delay extension); a rewired edge has a block for every pre slice, with room in each row
    for every synapse its core's slots can hold."""
    sl = mv.vertex_slice
    post = np.asarray(e.post_indices)
    conns = np.flatnonzero((post >= sl.start) & (post < sl.stop))
    if len(conns) == 0 and e.structural is None:
        return []
    pre = np.asarray(e.pre_indices)[conns].astype(np.int64)
    ticks = np.rint(np.broadcast_to(np.asarray(e.delays, float), post.shape)[conns] /
                    dt).astype(np.int64)
    stage = delay_stage(ticks)
    on_core = ticks - stage * MAX_CORE_DELAY
    pre_mvs = mg.slices_of[e.pre]
    psi = slice_index(pre_mvs, pre)
    units = np.rint(np.broadcast_to(np.abs(np.asarray(e.weights, float)),
                                    post.shape)[conns] * scale).astype(np.uint32)
    words = ((units << 16) | (on_core.astype(np.uint32) << (index_bits + type_bits))
             | np.uint32(e.synapse_type << index_bits)
             | (post[conns] - sl.start).astype(np.uint32))
    blocks = []
    # senders: (pre slice, 0) direct; (pre slice, 1) its delay extension
    sender_code = psi * 2 + (stage > 0)
    # axonal delays (dendritic_delay_fraction=0): one on-core delay per row, so a block
    # (a pop-table entry of its own, same key) per sender and delay (plastic_axonal.h)
    axonal = e.plasticity.is_stdp and e.plasticity.params.get("no_backprop") == 2.0
    per_code = MAX_CORE_DELAY + 1 if axonal else 1
    if axonal:
        sender_code = sender_code * per_code + on_core
    codes = np.unique(sender_code)
    capacity = 0
    if e.structural is not None:   # every pre slice, rows with room for rewiring
        codes = np.arange(len(pre_mvs)) * 2
        capacity = rewired_row_capacity(e, sl.n_atoms, len(pre_mvs) and
                                        mg.n_keys(pre_mvs[0]), s_max)
    for code in codes:
        sel = np.flatnonzero(sender_code == code)
        src = pre_mvs[int(code) // per_code // 2]
        delayed = bool(int(code) // per_code % 2)
        local = pre[sel] - src.vertex_slice.start
        if delayed:
            sender = mg.delay_of[src]
            pow2 = atoms_pow2(src.vertex_slice.n_atoms)
            row = (stage[sel] - 1) * pow2 + local
        else:
            sender = src
            row = local
        n_rows = mg.n_keys(sender)
        recurrent = e.plasticity.timing == "recurrent"
        quantal = e.plasticity.timing in QUANTAL_TIMINGS
        if e.plasticity.timing == "stochastic" or recurrent or quantal:
            # by target within a row: a synapse's rank among those onto one target (a draw's
            # key) is then the same for any partitioning
            order = np.lexsort((post[conns][sel], row))
        else:
            order = np.argsort(row, kind="stable")
        rows_sorted = row[order]
        counts = np.bincount(rows_sorted, minlength=n_rows)
        # a neuromodulated row keeps each synapse's eligibility trace after its synapses,
        # a recurrent row one state word per synapse: both in the second half
        room = 2 if (recurrent or quantal or e.plasticity.timing == "neuromodulated_pair") \
            else 1
        cap = max(int(counts.max()) if len(counts) else 0, capacity)
        stride = PLASTIC_ROW_HEADER_WORDS + room * cap
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        rank = np.arange(len(order)) - first[rows_sorted]
        positions = rows_sorted * stride + PLASTIC_ROW_HEADER_WORDS + rank
        block = np.zeros(n_rows * stride, np.uint32)
        block[np.arange(n_rows) * stride] = counts
        if e.plasticity.timing == "tsodyks_markram":
            block[np.arange(n_rows) * stride + 3] = 1 << 31   # Tsodyks-Markram: x = 1
        elif e.plasticity.timing in ("weight_changeable", "weight_changer"):
            r = np.arange(n_rows)   # the pre neuron's population index (changes name it)
            block[r * stride + 2] = src.vertex_slice.start + ((r % pow2) if delayed else r)
        elif e.plasticity.timing == "stochastic" or quantal:
            # the draws' keys: the row's pre neuron and the core's first target (population
            # indices); rows of a delay extension repeat per stage
            r = np.arange(n_rows)
            local_pre = (r % pow2) if delayed else r
            block[r * stride + 2] = src.vertex_slice.start + local_pre
            block[r * stride + 3] = sl.start
            if quantal:   # no spike yet; u = U; recovered (stochastic TM) or n sites
                p = e.plasticity.params
                block[r * stride + 1] = 0x80000000
                # (Projection.initialize(a=, u=) of a MultiQuantalSynapse, else n and U)
                block[r * stride + 4] = int(np.rint(p.get("u_init", p["U"]) * 2 ** 31))
                block[positions + cap] = (int(p.get("a_init", p["n"]))
                                          if e.plasticity.timing == "multi_quantal"
                                          else 0xFFFFFFFF)
        elif recurrent:   # the same keys in words 3 and 4 (word 2: the last pre window)
            r = np.arange(n_rows)
            local_pre = (r % pow2) if delayed else r
            block[r * stride + 3] = src.vertex_slice.start + local_pre
            block[r * stride + 4] = sl.start
            target = post[conns][sel][order]
            same = np.concatenate(([False], (rows_sorted[1:] == rows_sorted[:-1]) &
                                   (target[1:] == target[:-1])))
            # rank among the row's synapses onto one target: the multapse's draw key
            run_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(same))))
            multapse = np.arange(len(same)) - run_start
            if len(multapse) and multapse.max() > 63:
                raise MappingError(f"projection {e.label!r}: RecurrentRule with more than 64 "
                                   f"synapses between one pair of neurons")
            block[positions + cap] = multapse.astype(np.uint32) << 26
        block[positions] = words[sel][order]
        km = routing_info[sender]
        blocks.append({"key": km.key, "mask": km.mask, "row_stride": stride, "n_rows": n_rows,
                       "rule": rule_index, "stage_rows": pow2 if delayed else 0,
                       "stage_ticks": MAX_CORE_DELAY if delayed else 0, "words": block,
                       "positions": positions.astype(np.int64), "edge": e,
                       "lo_atom": src.vertex_slice.start,
                       "pre_atoms": src.vertex_slice.n_atoms,
                       "connections": conns[sel][order]})
    return blocks

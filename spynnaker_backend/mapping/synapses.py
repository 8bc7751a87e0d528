"""Synaptic matrices and master population tables, built with numpy (no per-synapse loop).

For every neuron core: the rows of every source vertex that projects to it, one row per
source atom (a count word then synaptic words), and a master population table entry per
source vertex, sorted by key, that the core searches when a packet arrives.

Weights become 16-bit ring-buffer units: ``w_fixed = round(|w| * 2**(15 - shift))``, with one
left ``shift`` per (population, synapse type) so that every slice of a population quantises
alike (results do not depend on the partitioning).
"""
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import numpy as np

from ..graph import ApplicationEdge, ApplicationGraph, ApplicationVertex
from .dataspec.regions import MAX_CORE_DELAY, MAX_SYNAPSE_TYPES, header_dtype
from .errors import MappingError
from .machine_graph import MachineGraph, MachineVertex, atoms_pow2
from .partition import delay_stage, slice_index
from .routing_info import RoutingInfo

#: Firing rate (Hz) assumed for every source when sizing ring buffers: a high-ish rate so
#: that saturation is rare; any saturation that still happens is counted and reported.
ASSUMED_RATE_HZ = 100.0
#: Standard deviations of headroom above the expected input per tick.
HEADROOM_SIGMAS = 5.0
#: Bits of resolution the median weight keeps when the worst case is afforded.
PRECISION_BITS = 8
#: Host threads that build cores' matrices at once (the result does not depend on it).
MAX_THREADS = min(4, os.cpu_count() or 1)


@dataclass
class EdgeReport:
    """What quantisation did to one projection's weights."""
    n_connections: int = 0
    n_rounded_to_zero: int = 0
    n_clipped: int = 0
    max_relative_error: float = 0.0


@dataclass
class SynapseResult:
    """Per neuron core: synapse header, master population table and matrix (bytes)."""
    regions: Dict[MachineVertex, Tuple[bytes, bytes, bytes]] = field(default_factory=dict)
    shifts: Dict[ApplicationVertex, Tuple[int, ...]] = field(default_factory=dict)
    reports: Dict[ApplicationEdge, EdgeReport] = field(default_factory=dict)


def ring_buffer_shifts(vertex: ApplicationVertex, edges: List[ApplicationEdge],
                       dt: float) -> Tuple[int, ...]:
    """Left shift per synapse type, from the largest expected input of one tick.

    The statistical bound per neuron is mean + HEADROOM_SIGMAS * sd + largest weight with
    every source firing at ASSUMED_RATE_HZ.  The worst case (every input in one tick) is
    used instead when the median weight still keeps PRECISION_BITS bits of resolution, so
    saturation is impossible whenever it costs little precision.
    """
    n_types = len(vertex.model.synapse_types)
    p = min(1.0, ASSUMED_RATE_HZ * dt / 1000.0)
    shifts = []
    for stype in range(n_types):
        total = np.zeros(vertex.n_atoms)
        total_sq = np.zeros(vertex.n_atoms)
        values, counts = [], []   # non-zero weights with their multiplicities
        for e in edges:
            if e.synapse_type != stype or len(e) == 0:
                continue
            w = np.abs(np.asarray(e.weights, dtype=np.float64))
            lo, hi = float(w.min()), float(w.max())
            if lo == hi:   # one weight: count connections instead of summing 10^7 floats
                per_post = np.bincount(e.post_indices, minlength=vertex.n_atoms)
                total += per_post * lo
                total_sq += per_post * (lo * lo)
                if lo > 0:
                    values.append(np.array([lo]))
                    counts.append(np.array([len(w)]))
                continue
            total += np.bincount(e.post_indices, weights=w, minlength=vertex.n_atoms)
            total_sq += np.bincount(e.post_indices, weights=w * w, minlength=vertex.n_atoms)
            values.append(w[w > 0])
            counts.append(np.ones(len(values[-1]), np.int64))
        if not values:
            shifts.append(0)
            continue
        values, counts = np.concatenate(values), np.concatenate(counts)
        biggest = float(values.max())
        statistical = total * p + HEADROOM_SIGMAS * np.sqrt(total_sq * p) + biggest
        s_stat = _shift_for(max(float(np.max(np.minimum(total, statistical))), biggest))
        s_worst = _shift_for(float(total.max()))
        median = _weighted_median(values, counts)
        s_precise = int(np.floor(15 + np.log2(median / 2 ** PRECISION_BITS)))
        shifts.append(max(s_stat, min(s_worst, s_precise)))
    return tuple(shifts)


def _weighted_median(values, counts) -> float:
    """np.median of ``values`` each repeated ``counts`` times (without repeating them)."""
    order = np.argsort(values, kind="stable")
    values, cum = values[order], np.cumsum(counts[order])
    n = int(cum[-1])
    lower = values[np.searchsorted(cum, (n - 1) // 2, side="right")]
    upper = values[np.searchsorted(cum, n // 2, side="right")]
    return float((lower + upper) / 2)


def _shift_for(bound: float) -> int:
    """Smallest shift (0..15) whose 65535 units of 2**(shift - 15) cover ``bound``."""
    return min(15, max(0, int(np.ceil(np.log2(bound / 65535.0))) + 15))


def quantise(edge: ApplicationEdge, shift: int, report: EdgeReport) -> np.ndarray:
    """Weights as 16-bit ring-buffer units, with the report of what was lost."""
    w = np.abs(np.asarray(edge.weights, dtype=np.float64))
    scale = 2.0 ** (15 - shift)
    report.n_connections = len(w)
    if len(w) == 0:
        return np.zeros(0, np.uint32)
    lo, hi = float(w.min()), float(w.max())
    if lo == hi:   # one weight for the whole projection (common): decide it once
        units = min(float(np.rint(lo * scale)), 0xFFFF)
        report.n_rounded_to_zero = len(w) if units == 0 and lo > 0 else 0
        report.n_clipped = len(w) if np.rint(lo * scale) > 0xFFFF else 0
        report.max_relative_error = abs(units - lo * scale) / (lo * scale) if lo > 0 else 0.0
        return np.full(len(w), units, np.uint32)
    scaled = w * scale
    units = np.rint(scaled)
    # weights of 0 give 0 units too: only non-zero weights that became 0 count as lost
    report.n_rounded_to_zero = int(np.count_nonzero(units == 0) - np.count_nonzero(w == 0))
    report.n_clipped = int(np.count_nonzero(units > 0xFFFF))
    np.minimum(units, 0xFFFF, out=units)
    err = np.abs(units - scaled)
    np.divide(err, scaled, out=err, where=scaled > 0)
    report.max_relative_error = float(err.max())
    return units.astype(np.uint32)


def build_synapses(graph: ApplicationGraph, mg: MachineGraph, routing_info: RoutingInfo,
                   dt: float) -> SynapseResult:
    """Synaptic regions of every neuron core of the machine graph."""
    result = SynapseResult()
    for vertex in graph.vertices:
        if vertex.model.is_source:
            continue
        edges = graph.incoming(vertex)
        shifts = ring_buffer_shifts(vertex, edges, dt)
        result.shifts[vertex] = shifts
        _vertex_synapses(vertex, edges, shifts, mg, routing_info, dt, result)
    return result


def _vertex_synapses(vertex, edges, shifts, mg, routing_info, dt, result):
    """Every core of ``vertex``: its connections are gathered core by core (no sort of the
    whole vertex), then sorted by (sender, row) with a stable sort, so a row keeps its
    synapses in edge order, then connection order."""
    post_mvs = mg.slices_of[vertex]
    n_types = len(vertex.model.synapse_types)
    type_bits = max(0, int(np.ceil(np.log2(max(n_types, 1)))))
    max_slice = max(mv.vertex_slice.n_atoms for mv in post_mvs)
    index_bits = max(1, int(np.ceil(np.log2(max_slice))))
    post_start = np.array([mv.vertex_slice.start for mv in post_mvs], dtype=np.int64)
    prepared = []   # (edge, units, per-core positions)
    for e in edges:
        if len(e) == 0:
            continue
        if e.synapse_type >= n_types:
            raise MappingError(f"projection {e.label!r}: synapse type {e.synapse_type} but "
                               f"{vertex.label!r} has {n_types} receptor types")
        report = result.reports.setdefault(e, EdgeReport())
        units = quantise(e, shifts[e.synapse_type], report)
        prepared.append((e, units, _split_by_slice(slice_index(post_mvs, e.post_indices),
                                                   len(post_mvs))))
    header = np.zeros(1, header_dtype("synapse_header"))
    header["n_synapse_types"] = n_types
    header["index_bits"] = index_bits
    header["type_bits"] = type_bits
    for t, s in enumerate(shifts[:MAX_SYNAPSE_TYPES]):
        header[f"shift_{t}"] = s
    header_bytes = header.tobytes()
    senders_of = {e.pre: _sender_maps(mg, mg.slices_of[e.pre]) for e, _, _ in prepared}

    def core(i):
        parts = []  # (sender machine vertex index, row, word) of this core, in edge order
        for e, units, positions in prepared:
            pos = positions(i)
            if pos is None:
                continue
            direct, via_delay, stride, pre_starts = senders_of[e.pre]
            pre = e.pre_indices[pos]
            ticks = _ticks(e, pos, dt)
            stage = delay_stage(ticks)
            on_core = (ticks - stage * MAX_CORE_DELAY).astype(np.uint32)
            pre_slice = slice_index(mg.slices_of[e.pre], pre)
            # the sender is the pre slice itself, or its delay extension for stage >= 1,
            # whose rows are numbered (stage - 1) * atoms_pow2 + atom
            sender = np.where(stage > 0, via_delay[pre_slice], direct[pre_slice])
            row = (pre - pre_starts[pre_slice]) + np.maximum(stage - 1, 0) * stride[pre_slice]
            word = ((units[pos] << 16) | (on_core << (index_bits + type_bits))
                    | (np.uint32(e.synapse_type) << index_bits)
                    | (e.post_indices[pos] - post_start[i]).astype(np.uint32))
            parts.append((sender, row, word.astype(np.uint32)))
        if not parts:
            return header_bytes, _pop_table([]), b""
        sender, row, words = (np.concatenate(c) for c in zip(*parts))
        table, matrix = _core_matrix(sender, row, words, mg, routing_info)
        return header_bytes, table, matrix

    # cores are independent; numpy releases the GIL in its sorts and array passes
    n_threads = min(MAX_THREADS, len(post_mvs))
    if n_threads > 1:
        with ThreadPoolExecutor(n_threads) as pool:
            regions = list(pool.map(core, range(len(post_mvs))))
    else:
        regions = [core(i) for i in range(len(post_mvs))]
    for mv, region in zip(post_mvs, regions):
        result.regions[mv] = region


def _ticks(edge, pos, dt):
    """Delays (timesteps) of the connections at ``pos`` of an edge."""
    return np.rint(np.asarray(edge.delays, dtype=np.float64)[pos] / dt).astype(np.int64)


def _sender_maps(mg, pre_mvs):
    """Per pre slice: its machine vertex index, its delay extension's (or -1), the key
    stride of a delay stage, and its first atom."""
    direct = np.array([mv.index for mv in pre_mvs], dtype=np.int64)
    via_delay = np.array([mg.delay_of[mv].index if mv in mg.delay_of else -1
                          for mv in pre_mvs], dtype=np.int64)
    stride = np.array([atoms_pow2(mv.vertex_slice.n_atoms) for mv in pre_mvs], np.int64)
    starts = np.array([mv.vertex_slice.start for mv in pre_mvs], dtype=np.int64)
    return direct, via_delay, stride, starts


def _split_by_slice(post_slice, n_slices):
    """A function: slice number -> positions (slice or index array, None if empty) of the
    connections onto that slice, in connection order."""
    if len(post_slice) < 2 or bool(np.all(post_slice[1:] >= post_slice[:-1])):
        bounds = np.searchsorted(post_slice, np.arange(n_slices + 1))   # already in order
        return lambda i: slice(bounds[i], bounds[i + 1]) if bounds[i] < bounds[i + 1] else None
    order = _stable_argsort(post_slice, n_slices)
    bounds = np.searchsorted(post_slice[order], np.arange(n_slices + 1))
    return lambda i: order[bounds[i]:bounds[i + 1]] if bounds[i] < bounds[i + 1] else None


def _stable_argsort(values, n):
    """Stable argsort of non-negative ints below ``n`` (radix sort when they fit 16 bits)."""
    if n <= 1 << 16:
        return np.argsort(values.astype(np.uint16), kind="stable")
    return np.argsort(values, kind="stable")


def _core_matrix(sender, row, words, mg, routing_info):
    """Rows and table of one core, from its connections (in edge, connection order)."""
    present = np.flatnonzero(np.bincount(sender, minlength=len(mg.vertices)))
    n_rows = np.array([mg.n_keys(mg.vertices[src]) for src in present], dtype=np.int64)
    first_row = np.zeros(len(mg.vertices), np.int64)
    first_row[present] = np.concatenate(([0], np.cumsum(n_rows)[:-1]))
    total_rows = int(n_rows.sum())
    # one number per (sender, row), ordered as (sender, row); stable keeps row order
    key = first_row[sender] + row
    order = _stable_argsort(key, total_rows)
    key, words = key[order], words[order]
    counts = np.bincount(key, minlength=total_rows)
    row_first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    blocks, entries, offset = [], [], 0
    for src, base, n in zip(present, first_row[present], n_rows):
        mv = mg.vertices[src]
        c = counts[base:base + n]
        lo, hi = row_first[base], row_first[base] + int(c.sum())
        stride = 1 + int(c.max())
        block = np.zeros((n, stride), np.uint32)
        block[:, 0] = c
        local = key[lo:hi] - base
        column = 1 + np.arange(lo, hi) - row_first[key[lo:hi]]
        block[local, column] = words[lo:hi]
        km = routing_info[mv]
        entries.append((km.key, km.mask, offset, stride, int(n)))
        blocks.append(block.ravel())
        offset += block.size
    entries.sort()
    return _pop_table(entries), np.concatenate(blocks).astype("<u4").tobytes()


def _pop_table(entries) -> bytes:
    head = np.array([len(entries)], "<u4")
    table = np.array(entries, "<u4").reshape(-1, 5) if entries else np.zeros((0, 5), "<u4")
    return head.tobytes() + table.tobytes()

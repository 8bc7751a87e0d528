"""Synaptic matrices and master population tables, built with numpy (no per-synapse loop).

For every neuron core: the rows of every source population that projects to it, one row
per source atom (a count word then synaptic words), and its master population table
(pop_table.py: an entry per source population, or per source core where that is smaller),
sorted by key, that the core searches when a packet arrives.

Weights become 16-bit ring-buffer units: ``w_fixed = round(|w| * 2**(15 - shift))``, with one
left ``shift`` per (population, synapse type) so that every slice of a population quantises
alike (results do not depend on the partitioning).
"""
import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import numpy as np

from ..graph import ApplicationEdge, ApplicationGraph, ApplicationVertex
from ..graph.receptor_signs import negative_types
from .dataspec.regions import MAX_CORE_DELAY, MAX_SYNAPSE_TYPES, header_dtype
from .errors import MappingError
from .machine_graph import MachineGraph, MachineVertex, atoms_pow2
from .native_rows import place_rows, row_strides
from .native_weights import quantise_block
from .partition import delay_stage, edge_ticks, slice_index
from .plastic_synapses import PlasticLayout, build_plastic
from .pop_table import core_table, row_layout
from .ring_buffer_shifts import constant, one_weight, ring_buffer_shifts
from .routing_info import RoutingInfo

#: Connections per block when quantising a projection's weights (bounds the temporaries).
_CHUNK = 1 << 22
#: Host threads that build cores' matrices at once (the result does not depend on it).
MAX_THREADS = min(4, os.cpu_count() or 1)


@dataclass
class EdgeReport:
    """What quantisation did to one projection's weights."""
    n_connections: int = 0
    n_rounded_to_zero: int = 0
    n_clipped: int = 0
    max_relative_error: float = 0.0
    #: sum of |weight| of the connections whose weight rounded to zero, and of all of them
    lost_weight: float = 0.0
    total_weight: float = 0.0


@dataclass
class SynapseResult:
    """Per neuron core: synapse header, master population table and matrix (bytes)."""
    regions: Dict[MachineVertex, Tuple[bytes, bytes, bytes]] = field(default_factory=dict)
    shifts: Dict[ApplicationVertex, Tuple[int, ...]] = field(default_factory=dict)
    reports: Dict[ApplicationEdge, EdgeReport] = field(default_factory=dict)
    #: plastic regions (PLASTIC_PARAMS, PLASTIC_MATRIX bytes) of the cores that have any
    plastic: Dict[MachineVertex, Tuple[bytes, bytes]] = field(default_factory=dict)
    #: where each plastic edge's weights live on the cores (for reading them back)
    plastic_layouts: Dict[ApplicationEdge, PlasticLayout] = field(default_factory=dict)
    #: STRUCTURAL region bytes of the cores that rewire
    structural: Dict[MachineVertex, bytes] = field(default_factory=dict)


class _ScalingView:
    """An edge as the ring-buffer scaling sees it: a plastic (STDP) edge's weights may grow
    to w_max (sPyNNaker's assumption too), so each counts as max(w_max, its largest weight);
    short-term plasticity delivers at most the weight, so those edges are read as they are."""

    def __init__(self, edge: ApplicationEdge):
        self._edge = edge
        w = np.asarray(edge.weights, float)
        big = max(edge.plasticity.w_max, float(np.abs(w).max()) if len(w) else 0.0)
        self.weights = np.broadcast_to(np.float64(big), (len(edge),))

    def __getattr__(self, name):
        return getattr(self._edge, name)

    def __len__(self):
        return len(self._edge)


class _StructuralScalingView(_ScalingView):
    """A structural edge as the ring-buffer scaling sees it: every target neuron may get
    s_max synapses, each as big as the largest weight the edge can hold (w_max for STDP,
    the initial weight or a connector's weight for static ones)."""

    def __init__(self, edge: ApplicationEdge):
        self._edge = edge
        rule, s_max = edge.plasticity, edge.structural.s_max
        w = np.asarray(edge.weights, float)
        big = max(rule.w_max if rule.is_stdp else 0.0, edge.structural.initial_weight,
                  float(np.abs(w).max()) if len(w) else 0.0)
        n = edge.post.n_atoms * s_max
        self.pre_indices = np.zeros(n, np.int32)
        self.post_indices = np.repeat(np.arange(edge.post.n_atoms, dtype=np.int32), s_max)
        self.weights = np.broadcast_to(np.float64(big), (n,))

    def __len__(self):
        return len(self.post_indices)


def scaling_edges(edges: List[ApplicationEdge]) -> List:
    """The edges as the ring-buffer scaling must afford them (see :class:`_ScalingView`);
    dopamine edges (neuromodulation) and weight changers never reach a ring buffer."""
    return [_StructuralScalingView(e) if e.structural is not None else
            _ScalingView(e) if e.plasticity is not None and e.plasticity.reaches_w_max else e
            for e in edges if e.plasticity is None or
            e.plasticity.timing not in ("dopamine", "weight_changer")]


def quantise(edge: ApplicationEdge, shift: int, report: EdgeReport) -> np.ndarray:
    """Weights as 16-bit ring-buffer units, with the report of what was lost (one weight
    for the whole projection gives a zero-stride array: no 4 bytes per connection)."""
    n = len(edge)
    scale = 2.0 ** (15 - shift)
    report.n_connections = n
    if n == 0:
        return np.zeros(0, np.uint32)
    one = one_weight(edge)
    if one is not None:   # one weight for the whole projection (common): decide it once
        lo = abs(one)
        units = min(float(np.rint(lo * scale)), 0xFFFF)
        report.n_rounded_to_zero = n if units == 0 and lo > 0 else 0
        report.total_weight = n * lo
        report.lost_weight = report.total_weight if units == 0 else 0.0
        report.n_clipped = n if np.rint(lo * scale) > 0xFFFF else 0
        report.max_relative_error = abs(units - lo * scale) / (lo * scale) if lo > 0 else 0.0
        return np.broadcast_to(np.uint32(units), (n,))
    out = np.empty(n, np.uint16)
    counts = np.zeros(2, np.int64)
    sums = np.zeros(3)
    for lo in range(0, n, _CHUNK):   # one native pass per block (no temporaries)
        try:
            quantise_block(edge.weights[lo:lo + _CHUNK], scale, out[lo:lo + _CHUNK],
                           counts, sums)
        except ValueError as err:
            raise MappingError(f"projection {edge.label!r}: {err}; weights must be finite "
                               f"numbers") from None
    report.n_rounded_to_zero, report.n_clipped = int(counts[0]), int(counts[1])
    report.total_weight, report.lost_weight, worst = (float(x) for x in sums)
    report.max_relative_error = worst
    return out


def build_synapses(graph: ApplicationGraph, mg: MachineGraph, routing_info: RoutingInfo,
                   dt: float, step=None) -> SynapseResult:
    """Synaptic regions of every neuron core of the machine graph (``step(n)``, when
    given, is told of each core done: a progress bar)."""
    result = SynapseResult()
    for vertex in graph.vertices:
        if vertex.model.is_source:
            continue
        edges = graph.incoming(vertex)
        # weights kept as their draw (a pinnable column) are drawn once for this population:
        # the shifts and the quantisation read them, then they are dropped (kept for the
        # plastic edges' build when there are any)
        plastic = any(e.plasticity is not None for e in edges)
        with _pin_columns(e.weights for e in edges) as pins:
            shifts = ring_buffer_shifts(vertex, scaling_edges(edges), dt)
            result.shifts[vertex] = shifts
            _vertex_synapses(vertex, [e for e in edges if e.plasticity is None], shifts, mg,
                             routing_info, dt, result, step,
                             quantised=None if plastic else pins.close)
            index_bits, type_bits = word_bits(vertex, mg)
            regions, layouts, structural = build_plastic(vertex, edges, shifts, mg,
                                                         routing_info, dt, index_bits,
                                                         type_bits)
        result.plastic.update(regions)
        result.structural.update(structural)
        result.plastic_layouts.update(layouts)
        for e in layouts:
            result.reports[e] = EdgeReport(n_connections=len(e))
    return result


def _pin_columns(columns):
    """A context holding one drawn copy of every column that can be pinned (a column with a
    ``pinned()`` context, e.g. the PyNN layer's DrawnColumn); arrays pass through."""
    stack = contextlib.ExitStack()
    columns = [c for c in columns if callable(getattr(c, "pinned", None))]
    # drawn in parallel (numpy's generators release the GIL while they draw)
    n_threads = min(MAX_THREADS, len(columns))
    if n_threads > 1:
        with ThreadPoolExecutor(n_threads) as pool:
            drawn = list(pool.map(lambda c: c.values(), columns))
    else:
        drawn = [None] * len(columns)
    for column, values in zip(columns, drawn):
        stack.enter_context(column.pinned(values))
    return stack


def word_bits(vertex: ApplicationVertex, mg: MachineGraph) -> Tuple[int, int]:
    """(index_bits, type_bits) of the synaptic words of every core of ``vertex``."""
    n_types = len(vertex.model.synapse_types)
    type_bits = max(0, int(np.ceil(np.log2(max(n_types, 1)))))
    max_slice = max(mv.vertex_slice.n_atoms for mv in mg.slices_of[vertex])
    return max(1, int(np.ceil(np.log2(max_slice)))), type_bits


def _vertex_synapses(vertex, edges, shifts, mg, routing_info, dt, result, step=None,
                     quantised=None):
    """Every core of ``vertex``: its connections are gathered core by core (no sort of the
    whole vertex), then sorted by (sender, row) with a stable sort, so a row keeps its
    synapses in edge order, then connection order."""
    post_mvs = mg.slices_of[vertex]
    n_types = len(vertex.model.synapse_types)
    index_bits, type_bits = word_bits(vertex, mg)
    post_start = np.array([mv.vertex_slice.start for mv in post_mvs], dtype=np.int64)
    layout = row_layout(mg)
    live = [e for e in edges if len(e)]
    for e in live:
        if e.synapse_type >= n_types:
            raise MappingError(f"projection {e.label!r}: synapse type {e.synapse_type} but "
                               f"{vertex.label!r} has {n_types} receptor types")
        result.reports.setdefault(e, EdgeReport())

    def quantised_units(e):
        return quantise(e, shifts[e.synapse_type], result.reports[e])

    # the native quantisation releases the GIL: the projections quantise side by side
    n_threads = min(MAX_THREADS, len(live))
    if n_threads > 1:
        with ThreadPoolExecutor(n_threads) as pool:
            all_units = list(pool.map(quantised_units, live))
    else:
        all_units = [quantised_units(e) for e in live]
    # (edge, units, per-core positions)
    prepared = [(e, units, _split_by_slice(post_mvs, e)) for e, units in zip(live, all_units)]
    if quantised is not None:
        quantised()   # the weights themselves are no longer needed
    header = np.zeros(1, header_dtype("synapse_header"))
    header["n_synapse_types"] = n_types
    header["index_bits"] = index_bits
    header["type_bits"] = type_bits
    header["negative_types"] = negative_types(vertex, edges)
    for t, s in enumerate(shifts[:MAX_SYNAPSE_TYPES]):
        header[f"shift_{t}"] = s
    header_bytes = header.tobytes()
    senders_of = {e.pre: _sender_maps(mg, mg.slices_of[e.pre], layout.row_base)
                  for e, _, _ in prepared}
    tables = {id(e): _edge_tables(e, units, senders_of[e.pre], index_bits, type_bits, dt)
              for e, units, _ in prepared}

    spaces = {}   # per-thread reusable buffers (see _buffer)

    def core(i):
        ws = spaces.setdefault(threading.get_ident(), {})
        work = [(e, units, positions(i)) for e, units, positions in prepared]
        work = [(e, units, pos) for e, units, pos in work if pos is not None]
        if not work:
            return header_bytes, np.zeros(1, "<u4").tobytes(), b""
        sizes = [_count(pos, len(e)) for e, _, pos in work]
        key = _buffer(ws, "key", sum(sizes), np.int64)
        words = _buffer(ws, "words", sum(sizes), np.uint32)
        at = 0
        for (e, units, pos), size in zip(work, sizes):
            seg = slice(at, at + size)   # this edge's connections onto core i, in order
            at += size
            senders, stage_row, low_bits = tables[id(e)]
            pre = e.pre_indices[pos]
            pre_slice = slice_index(mg.slices_of[e.pre], pre)
            ticks = edge_ticks(e, dt)[0]
            # the sender's row of atom 0: the pre slice itself (stage 0) or its delay
            # extension, whose rows are numbered (stage - 1) * atoms_pow2 + atom
            if np.ndim(ticks) == 0:
                np.take(senders[stage_row], pre_slice, out=key[seg], mode="clip")
            else:
                t = ticks[pos]
                row = np.take(stage_row, t)
                row += pre_slice
                np.take(senders, row, out=key[seg], mode="clip")
            key[seg] += pre
            np.subtract(e.post_indices[pos], post_start[i], out=words[seg], casting="unsafe")
            # synapse type, core delay and (one) weight: from the delay, by table
            words[seg] |= low_bits if np.ndim(ticks) == 0 else np.take(low_bits, t)
            if constant(units) is None:
                words[seg] |= np.asarray(units[pos], np.uint32) << np.uint32(16)
        table, matrix = _core_matrix(key, words, layout, mg, routing_info, ws)
        return header_bytes, table, matrix

    # cores are independent; numpy releases the GIL in its sorts and array passes
    n_threads = min(MAX_THREADS, len(post_mvs))
    step = step or (lambda n: None)
    if n_threads > 1:
        with ThreadPoolExecutor(n_threads) as pool:
            for mv, region in zip(post_mvs, pool.map(core, range(len(post_mvs)))):
                result.regions[mv] = region
                step(1)
    else:
        for i, mv in enumerate(post_mvs):
            result.regions[mv] = core(i)
            step(1)


def _edge_tables(edge, units, sender_maps, index_bits, type_bits, dt):
    """(senders, stage_row, low_bits): per-edge tables that turn a connection's delay
    (ticks) and pre slice into its row key and the low bits of its synaptic word.

    ``senders`` is (stages + 1) x pre slices, flattened: the row (in the RowLayout's numbering)
    of atom 0 of the pre slice as sent by the slice (stage 0) or by its delay extension's
    stage s; ``stage_row[ticks]`` is the first index of that delay's stage; ``low_bits
    [ticks]`` is the synaptic word's synapse type, core delay and, for a projection of one
    weight, the weight.  An edge of one delay gets the numbers instead of the tables."""
    direct, via_delay, stride, _ = sender_maps
    ticks, _, longest = edge_ticks(edge, dt)
    all_ticks = np.arange(longest + 1, dtype=np.int64)
    stage = delay_stage(np.maximum(all_ticks, 1))
    n_stages = int(stage[-1])
    senders = np.concatenate([direct] + [via_delay + (s - 1) * stride
                                         for s in range(1, n_stages + 1)])
    stage_row = stage * len(direct)
    one_unit = constant(units)
    low = ((np.uint32(edge.synapse_type) << np.uint32(index_bits))
           | ((all_ticks - stage * MAX_CORE_DELAY).astype(np.uint32)
              << np.uint32(index_bits + type_bits)))
    if one_unit is not None:
        low |= np.uint32(one_unit) << np.uint32(16)
    if np.ndim(ticks) == 0:
        return senders.reshape(n_stages + 1, -1), int(stage[ticks]), low[ticks]
    return senders, stage_row, low


def _count(pos, n):
    """How many connections ``pos`` (a slice or an index array of an edge of n) selects."""
    return len(range(*pos.indices(n))) if isinstance(pos, slice) else len(pos)


def _buffer(space, name, n, dtype):
    """``n`` elements of a buffer reused from core to core (one ``space`` per thread).

    On the shared VM the first touch of fresh pages costs as much as the arithmetic that
    fills them (a new 8 MB array: ~2 ms, the same pass into an old one: ~1 ms), and every
    core needs the same handful of 1e6-element temporaries."""
    buf = space.get(name)
    if buf is None or len(buf) < n:
        buf = space[name] = np.empty(max(n, 1 << 16), dtype)
    return buf[:n]


def _iota(n):
    """0, 1, ..., n-1 (int64) as a read-only view of a shared array (no fresh pages)."""
    global _IOTA
    iota = _IOTA
    if len(iota) < n:
        iota = np.arange(max(n, 2 * len(iota)), dtype=np.int64)
        iota.flags.writeable = False
        _IOTA = iota
    return iota[:n]


_IOTA = np.zeros(0, np.int64)


def _sender_maps(mg, pre_mvs, row_base):
    """Per pre slice: the row number (RowLayout.row_base) of its atom 0 as sent by the
    slice itself and by its delay extension (-1: none), the key stride of a delay stage,
    and the slice's first atom."""
    starts = np.array([mv.vertex_slice.start for mv in pre_mvs], dtype=np.int64)
    direct = row_base[[mv.index for mv in pre_mvs]] - starts
    via_delay = np.array([row_base[mg.delay_of[mv].index] if mv in mg.delay_of else -1
                          for mv in pre_mvs], dtype=np.int64) - starts
    stride = np.array([atoms_pow2(mv.vertex_slice.n_atoms) for mv in pre_mvs], np.int64)
    return direct, via_delay, stride, starts


def _split_by_slice(post_mvs, edge):
    """A function: slice number -> positions (slice or index array, None if empty) of the
    edge's connections onto that slice (of ``post_mvs``), in connection order."""
    n_slices = len(post_mvs)
    post_indices = edge.post_indices
    if edge.sorted_by_post:
        # sorted by post (as the connectors emit them): a search per slice, no temporary
        starts = [mv.vertex_slice.start for mv in post_mvs] + [post_mvs[-1].vertex_slice.stop]
        bounds = np.searchsorted(post_indices, np.asarray(starts, post_indices.dtype))
        return lambda i: slice(bounds[i], bounds[i + 1]) if bounds[i] < bounds[i + 1] else None
    post_slice = slice_index(post_mvs, post_indices)
    order = _stable_argsort(post_slice, n_slices)
    bounds = np.searchsorted(post_slice[order], np.arange(n_slices + 1))
    return lambda i: order[bounds[i]:bounds[i + 1]] if bounds[i] < bounds[i + 1] else None


def _stable_argsort(values, n):
    """Stable argsort of non-negative ints below ``n``."""
    return _sort_rows(values, n)[0]


def _sort_rows(values, n, space=None):
    """(stable argsort, sorted values) of non-negative ints below ``n``.

    Each value is packed with its position into one int64 (value high, position low): the
    keys are distinct, so numpy's fast (SIMD, unstable) sort orders them as a stable sort
    would -- 10x faster than ``argsort(kind="stable")`` on 1e6 int64s -- and the sorted
    values come out of the packed keys without a gather.  With ``space`` (see _buffer)
    the results are views of reused buffers."""
    m = len(values)
    pos_bits = max(1, (m - 1).bit_length())
    if max(1, int(n - 1).bit_length()) + pos_bits > 63:
        order = np.argsort(values, kind="stable")
        return order, values[order]
    space = {} if space is None else space
    packed = _buffer(space, "packed", m, np.int64)
    np.left_shift(values, pos_bits, out=packed, casting="unsafe")
    packed |= _iota(m)
    packed.sort()
    order = _buffer(space, "order", m, np.int64)
    np.bitwise_and(packed, np.int64((1 << pos_bits) - 1), out=order)
    packed >>= np.int64(pos_bits)
    return order, packed


def _core_matrix(key, words, layout, mg, routing_info, space=None):
    """Rows and master population table of one core, from its connections (in edge,
    connection order): ``key`` is each connection's row in ``layout``'s numbering.  Built
    by the engine library's counting sort (native_rows); the same bytes as
    :func:`_core_matrix_numpy`."""
    space = {} if space is None else space
    counts = _buffer(space, "row_counts", layout.n_rows, np.int64)
    fine = row_strides(key, layout.bases, counts)
    bases, stride, offset, table, n_words = core_table(fine, layout, routing_info, mg)
    matrix = _buffer(space, "matrix", n_words, "<u4")
    place_rows(key, words, bases, counts, stride, offset, matrix)
    return table.tobytes(), matrix.tobytes()


def _core_matrix_numpy(key, words, layout, mg, routing_info, space=None):
    """Rows and master population table of one core, from its connections (in edge,
    connection order), with numpy alone: the reference for :func:`_core_matrix`."""
    counts = np.bincount(key, minlength=layout.n_rows)
    fine = _strides_numpy(counts, layout.bases)
    bases, stride, offset, table, n_words = core_table(fine, layout, routing_info, mg)
    return table.tobytes(), _place_numpy(key, words, bases, stride, offset,
                                         n_words, space).tobytes()


def _strides_numpy(counts, bases):
    """1 + the longest row of each block of ``bases`` (0: a block without synapses)."""
    sizes = np.diff(bases)
    stride = np.zeros(len(sizes), np.int64)
    full = np.flatnonzero(sizes)
    longest = np.maximum.reduceat(counts, bases[full]) if len(full) else []
    total = np.add.reduceat(counts, bases[full]) if len(full) else []
    stride[full] = np.where(np.asarray(total) > 0, 1 + np.asarray(longest), 0)
    return stride


def _place_numpy(key, words, bases, stride, offset, n_words, space=None):
    """The matrix of blocks ``bases`` (``stride``, ``offset`` words): each row a count word
    then its synaptic words in connection order, padded to its block's stride."""
    space = {} if space is None else space
    n_global = int(bases[-1])
    order, key = _sort_rows(key, n_global, space)
    words = np.take(words, order, out=_buffer(space, "sorted_words", len(words), np.uint32),
                    mode="clip")
    counts_g = np.bincount(key, minlength=n_global)
    cum = np.concatenate(([0], np.cumsum(counts_g)))
    present = np.flatnonzero(stride)
    n_rows = bases[present + 1] - bases[present]
    local_base = np.concatenate(([0], np.cumsum(n_rows)[:-1]))
    block_of_row = np.repeat(np.arange(len(present)), n_rows)
    local_row = np.arange(int(n_rows.sum())) - local_base[block_of_row]
    global_row = bases[present][block_of_row] + local_row
    row_word = offset[present][block_of_row] + local_row * stride[present][block_of_row]
    matrix = np.zeros(n_words, "<u4")
    matrix[row_word] = counts_g[global_row]
    # synapse k (in sorted order) is word 1 + (k - first of its row) of its row
    word_of_row = np.zeros(n_global, np.int64)
    word_of_row[global_row] = row_word + 1 - cum[global_row]
    at = np.take(word_of_row, key, out=order, mode="clip")   # order is no longer needed
    at += _iota(len(key))
    matrix[at] = words
    return matrix

"""Partitioning: application vertices -> per-core slices (machine vertices).

A slice holds at most the vertex's atoms-per-core limit, and fewer when a core could not
hold that many: DTCM (parameters, state, ring buffers), the ring buffer's 2^14 entries and
the 16-bit synaptic word's index field.
"""
from itertools import repeat
from typing import List

import numpy as np

from ..graph import ApplicationGraph, ApplicationVertex
from . import native_pairs
from .errors import MappingError
from .structural import formation_probabilities
from .machine_graph import MachineEdge, MachineGraph, MachineVertex, Slice
from .pop_table import ENTRY_BYTES, entries_per_group
from .dataspec.regions import (DELAY_BITS, MAX_CORE_DELAY, POST_HISTORY_SIZE, RING_SLOTS,
                               lut_shape)

#: DTCM of a core (bytes) and what the runtime, stack and fixed state take of it.
DTCM_BYTES = 64 * 1024
DTCM_RESERVED = 12 * 1024
#: DTCM of one master population table entry (key, mask, offset, stride, rows).
#: Ring-buffer entries a core may hold (16-bit each), as on sPyNNaker.
MAX_RING_ENTRIES = 1 << 14
#: Connections per block when finding the slice pairs of an edge (bounds temporary memory:
#: an edge of the full-scale microcircuit holds 4e7).
_CHUNK = 1 << 22


def dtcm_bytes_per_atom(vertex: ApplicationVertex, post_traces: int = 0) -> float:
    """DTCM one neuron of this model needs on its core (bytes); with plastic input, its
    post-spike history of POST_HISTORY_SIZE events of a time and ``post_traces`` traces."""
    model = vertex.model
    if model.is_source:
        return 0.125  # one spike bit
    words = sum(len(c.params) + len(c.state) for c in model.components)
    ring = 2 * RING_SLOTS * len(model.synapse_types)
    history = POST_HISTORY_SIZE * 4 * (1 + post_traces) + 6 if post_traces else 0
    return 4 * words + ring + 4 + 0.125 + history


def plastic_post_traces(graph: ApplicationGraph, vertex: ApplicationVertex) -> int:
    """Post-synaptic traces (distinct tau_minus) the plastic input of ``vertex`` needs."""
    traces = len({tau for e in graph.incoming(vertex) if e.plasticity is not None
                  for tau in e.plasticity.post_taus})
    # a neuron's dopamine history (32 ticks and jumps, count, base: 265 bytes) costs no more
    # than 5 more traces' history (320 bytes)
    dopamine = any(e.plasticity is not None and e.plasticity.timing == "dopamine"
                   for e in graph.incoming(vertex))
    return traces + 5 if dopamine and traces else traces


def plastic_fixed_bytes(graph: ApplicationGraph, vertex: ApplicationVertex, dt: float) -> int:
    """DTCM a core of ``vertex`` keeps for its plastic input whatever its neurons: the
    rules and the decay and power LUTs (copied from PLASTIC_PARAMS; the pop table's
    entries are budgeted per rule)."""
    taus, mus, n_rules = set(), set(), 0
    for e in graph.incoming(vertex):
        rule = e.plasticity
        if rule is None:
            continue
        n_rules += 1
        p = rule.params
        taus |= {p[k] for k in ("tau", "tau_plus", "tau_minus", "tau_x", "tau_y", "tau_rec",
                                   "tau_psc", "tau_facil", "tau_c", "tau_d")
                 if p.get(k, 0) > 0}
        mus |= {p[k] for k in ("mu_plus", "mu_minus") if rule.weight == "gutig"}
    words = sum(2 + 2 ** b + n for b, n in (lut_shape(tau, dt) for tau in taus))
    return 4 * (words + 257 * len(mus)) + n_rules * 256 + structural_bytes(graph, vertex)


def structural_bytes(graph: ApplicationGraph, vertex: ApplicationVertex) -> int:
    """DTCM of a rewiring core's tables (STRUCTURAL region copy, the pre population of
    each plastic entry, LastNeuronSelection's spike bits), whatever its neurons."""
    edges = [e for e in graph.incoming(vertex) if e.structural is not None]
    if not edges:
        return 0
    total, atoms = 64, 0
    for e in edges:
        r = e.structural
        lateral = e.pre is e.post
        table = formation_probabilities(
            r.grid, r.p_form_lateral if lateral else r.p_form_forward,
            r.sigma_form_lateral if lateral else r.sigma_form_forward)
        n_slices = -(-e.pre.n_atoms // max(1, min(e.pre.atoms_per_core_limit,
                                                    e.pre.n_atoms)))
        total += 60 + 4 * len(table) + 14 * n_slices
        atoms += e.pre.n_atoms
    return total + atoms // 8 + 16


def max_atoms_on_core(vertex: ApplicationVertex, post_traces: int = 0,
                      fixed_bytes: int = 0) -> int:
    """The most atoms of ``vertex`` one core can run (its limit, lowered to what fits)."""
    limit = vertex.atoms_per_core_limit
    if limit < 1:
        raise MappingError(f"population {vertex.label!r}: max_atoms_per_core must be >= 1, "
                           f"not {limit}")
    if vertex.model.is_source:
        return limit
    n_types = len(vertex.model.synapse_types)
    type_bits = max(0, int(np.ceil(np.log2(max(n_types, 1)))))
    fit_word = 1 << (16 - DELAY_BITS - type_bits)
    fit_ring = MAX_RING_ENTRIES // (RING_SLOTS * n_types)
    fit_dtcm = int((DTCM_BYTES - DTCM_RESERVED - fixed_bytes) //
                   dtcm_bytes_per_atom(vertex, post_traces))
    fit = min(fit_word, fit_ring, fit_dtcm)
    if fit < 1:
        raise MappingError(
            f"population {vertex.label!r}: one {vertex.model.name} neuron needs "
            f"{dtcm_bytes_per_atom(vertex, post_traces):.0f} bytes of DTCM and a core has "
            f"{DTCM_BYTES - DTCM_RESERVED} free; this model cannot run on SpiNNaker")
    return min(limit, fit)


def slices_of(vertex: ApplicationVertex, post_traces: int = 0,
              fixed_bytes: int = 0) -> List[Slice]:
    per_core = max_atoms_on_core(vertex, post_traces, fixed_bytes)
    if vertex.one_core and per_core < vertex.n_atoms:
        raise MappingError(
            f"population {vertex.label!r}: its splitter keeps all {vertex.n_atoms} atoms on "
            f"one core, but a core holds at most {per_core} of them; use a splitter that "
            f"cuts it (SplitterFixedLegacy / SplitterPopulationVertexFixed) or a smaller "
            f"population")
    return [Slice(lo, min(lo + per_core, vertex.n_atoms))
            for lo in range(0, vertex.n_atoms, per_core)]


def delay_stage(delay_ticks: np.ndarray) -> np.ndarray:
    """Delay-extension stage of each delay: 0 = on the neuron core, s >= 1 = s stages of
    MAX_CORE_DELAY ticks plus a remainder of 1 .. MAX_CORE_DELAY on the core."""
    return (np.asarray(delay_ticks) - 1) // MAX_CORE_DELAY


def delay_ticks(delays, edge, dt: float) -> np.ndarray:
    """``delays`` (ms, some of ``edge``'s) in whole timesteps, validated >= 1."""
    ticks = np.rint(np.asarray(delays, dtype=np.float64) / dt).astype(np.int64)
    if len(ticks) and ticks.min() < 1:
        raise MappingError(f"projection {edge.label!r}: delay {np.min(delays):g} ms is "
                           f"shorter than the timestep {dt:g} ms; use delays >= the timestep")
    return ticks


def edge_ticks(edge, dt: float):
    """(ticks, shortest, longest): the delays of every connection of a non-empty ``edge`` in
    whole timesteps (validated >= 1), converted once per mapping and remembered on the edge
    until :func:`forget_ticks`: one int for a homogeneous delay, else the smallest unsigned
    array that holds them (uint8 up to 255 ticks), so the stages that read delays stream
    one byte per connection instead of eight."""
    cached = edge.__dict__.get("_ticks")
    if cached is not None and cached[0] is edge.delays and cached[1] == dt:
        return cached[2]
    # a column kept as its draw (the PyNN layer's DrawnColumn) keeps its ticks for good:
    # they are its compact form, made once while it held its values
    memo = getattr(edge.delays, "memo", None)
    if memo is not None and dt in memo:
        edge.__dict__["_ticks"] = (edge.delays, dt, memo[dt])
        return memo[dt]
    delays = np.asarray(edge.delays)
    if delays.ndim == 1 and len(delays) and delays.strides[0] == 0:
        one = int(delay_ticks(delays[:1], edge, dt)[0])
        found = (one, one, one)
    else:
        shortest, longest = _delay_tick_range(edge, dt, delays)
        dtype = (np.uint8 if longest < 1 << 8 else np.uint16 if longest < 1 << 16
                 else np.int64)
        ticks = np.empty(len(delays), dtype)
        for lo in range(0, len(delays), _CHUNK):
            part = np.asarray(delays[lo:lo + _CHUNK], dtype=np.float64) / dt
            np.rint(part, out=part)
            ticks[lo:lo + _CHUNK] = part
        found = (ticks, shortest, longest)
    edge.__dict__["_ticks"] = (edge.delays, dt, found)
    if memo is not None:
        memo[dt] = found
    return found


def forget_ticks(graph: ApplicationGraph):
    """Drop the delay ticks :func:`edge_ticks` remembered (once the mapping is done)."""
    for edge in graph.edges:
        edge.__dict__.pop("_ticks", None)


#: sPyNNaker's ring-buffer index bits (MAX_RING_BUFFER_BITS): its neuron core splits them
#: into neuron index, synapse type and delay slot.
SPYNNAKER_RING_BITS = 14


def _n_bits(n_values: int) -> int:
    """Bits to tell ``n_values`` values apart (sPyNNaker's get_n_bits)."""
    return 0 if n_values == 0 else max(1, int(np.ceil(np.log2(n_values))))


def spynnaker_core_delay_ticks(vertex: ApplicationVertex) -> int:
    """The longest delay (timesteps) sPyNNaker 7.4.1's neuron core of this population holds
    without a delay extension: 2^(14 - bits(neurons per core) - bits(synapse types))."""
    atoms = min(vertex.n_atoms, vertex.atoms_per_core_limit)
    types = len(vertex.model.synapse_types)
    return 1 << max(0, SPYNNAKER_RING_BITS - _n_bits(atoms) - _n_bits(types))


def _check_without_delay_extensions(edge, longest: int):
    """set_allow_delay_extensions(model, False), as sPyNNaker 7.4.1 enforces it: a delay
    its neuron core cannot hold itself is refused.  One it can hold runs here as any delay
    does (through our delay extension when longer than MAX_CORE_DELAY: the same spikes at
    the same ticks; where a delay is realised is invisible)."""
    limit = spynnaker_core_delay_ticks(edge.post)
    if longest > limit:
        post = edge.post
        raise MappingError(
            f"projection {edge.label!r}: delay {longest} timesteps needs a delay extension, "
            f"but delay extensions are disallowed for {post.model.name} "
            f"(set_allow_delay_extensions); as on sPyNNaker, a neuron core of "
            f"{min(post.n_atoms, post.atoms_per_core_limit)} neurons and "
            f"{len(post.model.synapse_types)} synapse types holds at most {limit} "
            f"timesteps (fewer neurons per core hold longer delays)")


def partition(graph: ApplicationGraph, dt: float, step=None) -> MachineGraph:
    """Split every vertex into slices and connect the slices that share connections.

    Connections longer than MAX_CORE_DELAY ticks go through a delay-extension vertex
    (kind 'delay') per pre slice, with ``n_stages`` recorded in ``mg.delay_stages``.
    ``step(n)``, when given, is told of each projection done (a progress bar).

    Returns
    -------
    MachineGraph
        Vertices in graph order then slice order, then the delay extensions; an edge for
        every (sender, post slice) pair that has at least one connection.
    """
    mg = MachineGraph()
    stages, tops = {}, {}
    for edge in graph.edges:
        tops[id(edge)] = 0
        if edge.structural is not None:
            _check_structural_delays(edge, dt)
        if len(edge):
            # rint is monotonic: the extreme delays give the extreme ticks (one pass each)
            _, _, longest = edge_ticks(edge, dt)
            tops[id(edge)] = int(delay_stage(longest))
            if tops[id(edge)] > 0 and not edge.post.allow_delay_extensions:
                _check_without_delay_extensions(edge, int(longest))
            stages[edge.pre] = max(stages.get(edge.pre, 0), tops[id(edge)])
    for vertex, slices in _slices_with_pop_tables(graph, dt, tops).items():
        kind = "source" if vertex.model.is_source else "neuron"
        mvs = []
        for s in slices:
            mv = MachineVertex(vertex, s, kind, len(mg.vertices))
            mg.vertices.append(mv)
            mvs.append(mv)
        mg.slices_of[vertex] = mvs
    delay_of = mg.delay_of
    for vertex in graph.vertices:
        if stages.get(vertex, 0) > 0:
            for mv in mg.slices_of[vertex]:
                dv = MachineVertex(vertex, mv.vertex_slice, "delay", len(mg.vertices))
                mg.vertices.append(dv)
                mg.delay_stages[dv] = stages[vertex]
                delay_of[mv] = dv
                mg.edges.append(MachineEdge(mv, dv, None))
    for pre, gatherer in graph.live_outputs:   # every slice also sends to the gatherer
        for mv in mg.slices_of[pre]:
            mg.edges.append(MachineEdge(mv, mg.slices_of[gatherer][0], None))
    mg.device_routes.extend(device_routes(graph, mg))
    for edge in graph.edges:
        pre_mvs, post_mvs = mg.slices_of[edge.pre], mg.slices_of[edge.post]
        if step is not None:
            step(1)
        if len(edge) == 0 and edge.structural is None:
            continue
        present = _slice_pairs(edge, pre_mvs, post_mvs, tops[id(edge)] > 0, dt)
        if edge.structural is not None:
            present[0][:] = True   # a rewired edge may connect any pre and post slices
        for use_delay in (False, True):
            pairs = np.flatnonzero(present[int(use_delay)])   # (pre, post) order
            if not len(pairs):
                continue
            senders = _objects(delay_of.get(mv) for mv in pre_mvs) if use_delay \
                else _objects(pre_mvs)
            mg.edges.extend(map(MachineEdge, senders[pairs // len(post_mvs)].tolist(),
                                _objects(post_mvs)[pairs % len(post_mvs)].tolist(),
                                repeat(edge, len(pairs))))
    return mg


def _objects(items) -> np.ndarray:
    """A 1-d object array of ``items`` (for fancy indexing)."""
    items = list(items)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _slices_with_pop_tables(graph: ApplicationGraph, dt: float, tops) -> dict:
    """{vertex: slices} (graph order), each core also holding its master population table:
    the entries of each population that projects onto it, and of that population's delay
    extensions when a projection between them needs them (pop_table.entries_per_group: one
    application-level entry, or a few per-core ones where those are smaller).  The entries
    may depend on the pre populations' slices, so the slices are refined until no count
    changes (a few passes: more slices only add entries)."""
    fixed = {v: plastic_fixed_bytes(graph, v, dt) for v in graph.vertices}
    traces = {v: plastic_post_traces(graph, v) for v in graph.vertices}
    slices = {v: slices_of(v, traces[v], fixed[v]) for v in graph.vertices}
    for _ in range(8):
        senders = {}
        for edge in graph.edges:
            if len(edge) or edge.structural is not None:
                direct, delayed = senders.setdefault(edge.post, {}).get(edge.pre, (0, 0))
                senders[edge.post][edge.pre] = (1, max(delayed, int(tops[id(edge)] > 0)))
        changed = False
        for v in graph.vertices:
            entries = sum(entries_per_group(len(slices[pre])) * (d + x)
                          for pre, (d, x) in senders.get(v, {}).items())
            table = ENTRY_BYTES * entries + 4
            try:
                again = slices_of(v, traces[v], fixed[v] + table)
            except MappingError:
                if entries == 0:
                    raise
                _pop_table_too_large(v, senders.get(v, {}), slices, table, fixed[v])
            changed |= len(again) != len(slices[v])
            slices[v] = again
        if not changed:
            break
    return slices


def _pop_table_too_large(vertex, senders, slices, table, fixed):
    """The error for a core whose master population table alone fills its DTCM."""
    biggest = sorted(senders, key=lambda pre: -len(slices[pre]))[:3]
    named = ", ".join(f"{pre.label!r} ({len(slices[pre])} cores)" for pre in biggest)
    raise MappingError(
        f"population {vertex.label!r}: its cores' master population table needs {table} "
        f"bytes of DTCM ({ENTRY_BYTES} per entry: {_entries_named()} per pre population "
        f"and per pre population's delay extensions, for its {len(senders)} pre "
        f"populations), plus {fixed} bytes of plastic tables, and a core "
        f"has {DTCM_BYTES - DTCM_RESERVED} free: no neuron fits beside it. The pre "
        f"populations with the most cores are {named}; merge pre populations (fewer, larger "
        f"populations; e.g. one Population with views instead of many small ones) so that "
        f"fewer of them project onto each core")


def _entries_named() -> str:
    """How many table entries a pre population takes, in words (pop_table.ENTRIES)."""
    most = entries_per_group(1 << 30)
    return "one per core" if most == 1 << 30 else f"up to {most}"


def _check_structural_delays(edge, dt: float):
    """A rewired edge's rows stay on its target cores: every delay, of the connector's
    synapses and of new ones, must be one the neuron core handles itself."""
    longest = max([edge.structural.initial_delay[1]] +
                  ([float(np.max(edge.delays))] if len(edge) else []))
    if int(np.rint(longest / dt)) > MAX_CORE_DELAY:
        raise MappingError(
            f"projection {edge.label!r}: structural plasticity needs delays of at most "
            f"{MAX_CORE_DELAY} timesteps ({MAX_CORE_DELAY * dt:g} ms; got {longest:g} ms): "
            f"rewired synapses cannot use a delay extension here")
    if int(np.rint(edge.structural.initial_delay[0] / dt)) < 1:
        raise MappingError(f"projection {edge.label!r}: initial_delay must be at least one "
                           f"timestep ({dt:g} ms)")


def _slice_pairs(edge, pre_mvs, post_mvs, has_delayed, dt: float) -> np.ndarray:
    """present[via delay extension (0/1), pre slice, post slice]: which slice pairs share
    at least one connection of ``edge``.

    An edge sorted by post (as the connectors emit them) is cut into its post slices by a
    search, so each connection costs one division and one count; otherwise blocks of
    _CHUNK connections bound the temporaries."""
    present = np.zeros((2, len(pre_mvs), len(post_mvs)), bool)
    post = edge.post_indices
    if edge.sorted_by_post:
        starts = [mv.vertex_slice.start for mv in post_mvs] + [post_mvs[-1].vertex_slice.stop]
        # needles of the array's own dtype: else numpy converts the whole array first
        bounds = np.searchsorted(post, np.asarray(starts, post.dtype))
        ticks = edge_ticks(edge, dt)[0] if has_delayed else 0
        if native_pairs.usable(edge.pre_indices, ticks):
            _native_slice_pairs(present, edge.pre_indices, ticks, has_delayed, pre_mvs, bounds)
            return present
        parts = [(j, slice(lo, min(lo + _CHUNK, bounds[j + 1])))
                 for j in range(len(post_mvs)) for lo in range(bounds[j], bounds[j + 1], _CHUNK)]
    else:
        parts = [(None, slice(lo, lo + _CHUNK)) for lo in range(0, len(post), _CHUNK)]
    for j, part in parts:
        pre_slice = slice_index(pre_mvs, edge.pre_indices[part])
        post_slice = j if j is not None else slice_index(post_mvs, post[part])
        if has_delayed:
            ticks = edge_ticks(edge, dt)[0]
            delayed = (ticks[part] if np.ndim(ticks) else
                       np.full(len(pre_slice), ticks)) > MAX_CORE_DELAY
            _mark(present[1], pre_slice[delayed],
                  post_slice if j is not None else post_slice[delayed])
            pre_slice = pre_slice[~delayed]
            if j is None:
                post_slice = post_slice[~delayed]
        _mark(present[0], pre_slice, post_slice)
    return present


def _native_slice_pairs(present, pre, ticks, has_delayed, pre_mvs, bounds):
    """_slice_pairs' marks by pairs.c, one post slice's range of connections at a time."""
    owner = native_pairs.owners([mv.vertex_slice.start for mv in pre_mvs],
                                pre_mvs[-1].vertex_slice.stop)
    for j in range(len(bounds) - 1):
        lo, hi = int(bounds[j]), int(bounds[j + 1])
        native_pairs.mark(present, pre[lo:hi], ticks[lo:hi] if np.ndim(ticks) else ticks,
                          has_delayed, MAX_CORE_DELAY, owner, j)


def _mark(present, pre_slice, post_slice):
    """present[pre_slice[k], post_slice(k)] = True (post_slice: an array or one slice)."""
    n_pre, n_post = present.shape
    if np.ndim(post_slice) == 0:
        present[_distinct(pre_slice, n_pre), post_slice] = True
    else:
        flat = present.reshape(-1)   # a view: present is contiguous
        flat[_distinct(pre_slice.astype(np.int64) * n_post + post_slice, n_pre * n_post)] = True


def slice_index(mvs: List[MachineVertex], atoms: np.ndarray) -> np.ndarray:
    """Which of the (ordered, contiguous) slices each atom index falls in (an integer
    array: int32 for int32 atoms with equal slices, which keeps the temporaries small)."""
    starts = np.array([mv.vertex_slice.start for mv in mvs], dtype=np.int64)
    atoms = np.asarray(atoms)
    if len(starts) == 1:
        return np.zeros(atoms.shape, np.intp)
    size = int(starts[1])
    if size > 0 and np.array_equal(starts, np.arange(len(starts), dtype=np.int64) * size):
        # equal slices (all but perhaps the last): a division instead of a search
        return atoms // atoms.dtype.type(size) if atoms.dtype.kind in "iu" else (
            atoms.astype(np.int64) // size)
    return np.searchsorted(starts, atoms, side="right") - 1


def _delay_tick_range(edge, dt: float, delays=None):
    """Shortest and longest delay of a non-empty edge in timesteps (validated >= 1);
    ``delays``: the edge's delays as an array already in hand (a drawn column is not
    drawn twice)."""
    delays = np.asarray(edge.delays if delays is None else delays, dtype=np.float64)
    if delays.strides[0] == 0:   # one delay (a zero-stride column): no pass over 1e7
        delays = delays[:1]
    shortest, longest = (int(np.rint(d / dt)) for d in (delays.min(), delays.max()))
    if shortest < 1:
        raise MappingError(f"projection {edge.label!r}: delay {delays.min():g} ms is "
                           f"shorter than the timestep {dt:g} ms; use delays >= the timestep")
    return shortest, longest


def _distinct(values: np.ndarray, n: int) -> np.ndarray:
    """np.unique of non-negative ints below ``n``, by counting when ``n`` is small."""
    if n <= 4 * len(values) + 1024:
        return np.flatnonzero(np.bincount(values, minlength=n))
    return np.unique(values)



def device_routes(graph: ApplicationGraph, mg: MachineGraph):
    """(slice vertex, device key, gatherer vertex) of every device-control neuron: its
    packets carry its device's key (the 'key' parameter), not the slice's keys.

    Raises
    ------
    MappingError
        A device-control population whose packets go nowhere (devices on SpiNNaker links
        need a board; EthernetControlPopulation sends them to a translator on the host).
    """
    gatherers = {pre: gatherer for pre, gatherer in graph.device_outputs}
    routes = []
    for vertex in graph.vertices:
        if not any(c.name == "device_control" for c in vertex.model.components):
            continue
        if vertex not in gatherers:
            raise MappingError(
                f"Population {vertex.label!r} ({vertex.model.name}) sends its devices' "
                f"packets nowhere: create it with sim.external_devices."
                f"EthernetControlPopulation(n, model) (a translator on the host receives "
                f"them); devices on the board's SpiNNaker links need a board")
        target = mg.slices_of[gatherers[vertex]][0]
        keys = np.asarray(vertex.parameters["key"], dtype=np.float64)
        for mv in mg.slices_of[vertex]:
            for atom in range(mv.vertex_slice.start, mv.vertex_slice.stop):
                routes.append((mv, int(keys[atom]), target))
    return routes

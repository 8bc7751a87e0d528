"""Synaptic matrices (spynnaker_backend/mapping/synapses.py) against a reference built with
plain Python loops from the format's definition, and the packed stable sort against numpy."""
import numpy as np
import pytest

from network_builders import connect, lif, spike_source
from spynnaker_backend.graph import ApplicationEdge
from spynnaker_backend.mapping.dataspec.regions import MAX_CORE_DELAY
from spynnaker_backend.mapping import pop_table
from spynnaker_backend.mapping.machine_graph import atoms_pow2
from spynnaker_backend.mapping.pipeline import map_graph
from spynnaker_backend.mapping.synapses import _stable_argsort

DT = 0.1


@pytest.mark.parametrize("n, m", [(1, 1), (1000, 7), (100_000, 80_000), (5000, 2 ** 62)])
def test_packed_sort_is_numpys_stable_argsort(n, m):
    values = np.random.default_rng(n).integers(0, m, size=n)
    np.testing.assert_array_equal(_stable_argsort(values, m),
                                  np.argsort(values, kind="stable"))


def _reference_matrix(result, graph, post_mv, mode):
    """(pop table entries, matrix words) of one core, loop by loop from the format.

    Senders are grouped by population (its slices; its slices' delay extensions), groups
    in population order.  A group's rows are ``core * n_neurons + atom`` (n_neurons: the
    widest core's keys).  mode "population": one block per group for its cores 0 .. the
    last that connects, padded to the group's longest row, entry = the population's key,
    mask, core shift; "per_core": a block of n_neurons rows per connecting core, padded to
    that core's longest row, entry = the core's key and mask (core 0 of the entry)."""
    mg, vertex = result.machine_graph, post_mv.app_vertex
    shifts = result.synapses.shifts[vertex]
    n_types = len(vertex.model.synapse_types)
    type_bits = max(0, int(np.ceil(np.log2(max(n_types, 1)))))
    index_bits = max(1, int(np.ceil(np.log2(max(mv.vertex_slice.n_atoms
                                                for mv in mg.slices_of[vertex])))))
    rows = {}   # sender index -> {row: [words]}
    lo, hi = post_mv.vertex_slice.start, post_mv.vertex_slice.stop
    for edge in graph.incoming(vertex):
        scale = 2.0 ** (15 - shifts[edge.synapse_type])
        for pre, post, w, d in zip(edge.pre_indices.tolist(), edge.post_indices.tolist(),
                                   np.asarray(edge.weights).tolist(),
                                   np.asarray(edge.delays).tolist()):
            if not lo <= post < hi:
                continue
            pre_mv = next(mv for mv in mg.slices_of[edge.pre]
                          if mv.vertex_slice.start <= pre < mv.vertex_slice.stop)
            ticks = int(round(d / DT))
            stage = (ticks - 1) // MAX_CORE_DELAY
            row = pre - pre_mv.vertex_slice.start
            sender = pre_mv
            if stage:
                sender = mg.delay_of[pre_mv]
                row += (stage - 1) * atoms_pow2(pre_mv.vertex_slice.n_atoms)
            units = min(int(np.rint(abs(w) * scale)), 0xFFFF)
            word = ((units << 16) | ((ticks - stage * MAX_CORE_DELAY) << (index_bits + type_bits))
                    | (edge.synapse_type << index_bits) | (post - lo))
            rows.setdefault(sender.index, {}).setdefault(row, []).append(word)
    entries, words = [], []
    for slices in mg.slices_of.values():
        groups = [list(slices)] + ([[mg.delay_of[mv] for mv in slices]]
                                   if slices[0] in mg.delay_of else [])
        for members in groups:
            present = [c for c, mv in enumerate(members) if mv.index in rows]
            if not present:
                continue
            n_neurons = max(mg.n_keys(mv) for mv in members)
            longest = {c: max(len(r) for r in rows[members[c].index].values())
                       for c in present}
            blocks = ([(present, 1 + max(longest.values()))] if mode == "population" else
                      [([c], 1 + longest[c]) for c in present])
            for cores, stride in blocks:
                first = cores[0] if mode == "per_core" else 0
                if mode == "population":
                    pk = result.routing_info.population[members[present[-1]]]
                    entries.append((pk.key, pk.mask, len(words), stride,
                                    (cores[-1] + 1) * n_neurons, pk.core_shift, n_neurons))
                else:
                    km = result.routing_info[members[first]]
                    n_keys = mg.n_keys(members[first])
                    entries.append((km.key, km.mask, len(words), stride, n_keys,
                                    km.n_index_bits, n_keys))
                for c in range(first, cores[-1] + 1):
                    by_row = rows.get(members[c].index, {})
                    for r in range(n_neurons):
                        row = by_row.get(r, [])
                        words += [len(row)] + row + [0] * (stride - 1 - len(row))
    return sorted(entries), words


@pytest.mark.parametrize("mode", ["population", "per_core"])
def test_matrices_equal_the_reference(sim_state, monkeypatch, mode):
    """Several slices, delay extensions, shared rows of two projections, one-number and
    random weights, an unsorted edge, int32 indices and zero-stride columns."""
    rng = np.random.default_rng(5)
    graph = sim_state.graph
    src = graph.add_vertex(spike_source("src", [[]] * 50, max_atoms_per_core=16))
    pop = graph.add_vertex(lif("pop", 70, max_atoms_per_core=24))
    for k, stype in enumerate((0, 0, 1)):
        n = 400
        pre, post = rng.integers(0, 50, n), np.sort(rng.integers(0, 70, n))
        connect(graph, src, pop, pre, post, rng.uniform(0.01, 1.5, n),
                rng.integers(1, 40, n) * DT, stype, label=f"random{k}")
    n = 300   # compact columns: int32 indices, one weight and delay as zero-stride views
    pre = rng.integers(0, 70, n).astype(np.int32)
    post = rng.integers(0, 70, n).astype(np.int32)     # not sorted by post
    graph.add_edge(ApplicationEdge(pop, pop, pre, post, np.broadcast_to(0.3, (n,)),
                                   np.broadcast_to(2.0, (n,)), 1, "compact"))
    monkeypatch.setattr(pop_table, "ENTRIES", mode)
    result = map_graph(graph, DT)
    assert result.machine_graph.delay_of   # some connections go through delay extensions
    for post_mv in result.machine_graph.slices_of[pop]:
        _, table, matrix = result.synapses.regions[post_mv]
        entries, words = _reference_matrix(result, graph, post_mv, mode)
        got = np.frombuffer(table, "<u4")
        assert got[0] == len(entries)
        np.testing.assert_array_equal(got[1:].reshape(-1, 7), np.array(entries).reshape(-1, 7))
        np.testing.assert_array_equal(np.frombuffer(matrix, "<u4"), words)

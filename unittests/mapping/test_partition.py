"""Partitioning (spynnaker_backend/mapping/partition.py): machine edges against a brute-force
list of the (sender, post slice) pairs that share a connection, for edges sorted by post,
unsorted edges, compact (int32, zero-stride) columns and delays through delay extensions."""
import numpy as np
import pytest

from network_builders import connect, lif, spike_source
from spynnaker_backend.graph import ApplicationEdge
from spynnaker_backend.mapping import partition as part
from spynnaker_backend.mapping.dataspec.regions import MAX_CORE_DELAY
from spynnaker_backend.mapping.partition import partition, slice_index

DT = 0.1


def _expected_edges(mg, edge):
    """(sender index, post slice index) of every connection of ``edge``, in the order the
    partitioner lists them: direct pairs by (pre slice, post slice), then delayed pairs."""
    pre_mvs, post_mvs = mg.slices_of[edge.pre], mg.slices_of[edge.post]

    def owner(mvs, atom):
        return next(mv for mv in mvs if mv.vertex_slice.start <= atom < mv.vertex_slice.stop)

    direct, delayed = set(), set()
    for pre, post, d in zip(edge.pre_indices.tolist(), edge.post_indices.tolist(),
                            np.asarray(edge.delays).tolist()):
        ticks = int(round(d / DT))
        pair = (owner(pre_mvs, pre), owner(post_mvs, post))
        (delayed if (ticks - 1) // MAX_CORE_DELAY else direct).add(pair)
    key = lambda p: (p[0].index, p[1].index)   # noqa: E731
    return ([(pre.index, post.index) for pre, post in sorted(direct, key=key)]
            + [(mg.delay_of[pre].index, post.index) for pre, post in sorted(delayed, key=key)])


@pytest.mark.parametrize("chunk", [None, 7])
def test_machine_edges_are_the_connected_slice_pairs(sim_state, monkeypatch, chunk):
    if chunk:   # blocks smaller than a post slice's share: the block loop is exercised
        monkeypatch.setattr(part, "_CHUNK", chunk)
    rng = np.random.default_rng(8)
    graph = sim_state.graph
    src = graph.add_vertex(spike_source("src", [[]] * 60, max_atoms_per_core=13))
    pop = graph.add_vertex(lif("pop", 90, max_atoms_per_core=20))
    n = 120
    sorted_edge = connect(graph, src, pop, rng.integers(0, 60, n),
                          np.sort(rng.integers(0, 90, n)), 0.5,
                          rng.integers(1, 50, n) * DT, label="sorted")
    unsorted_edge = connect(graph, pop, pop, rng.integers(0, 90, n), rng.integers(0, 90, n),
                            0.5, rng.integers(1, 50, n) * DT, label="unsorted")
    compact = graph.add_edge(ApplicationEdge(
        src, pop, rng.integers(0, 60, 40).astype(np.int32),
        np.sort(rng.integers(0, 90, 40)).astype(np.int32), np.broadcast_to(0.2, (40,)),
        np.broadcast_to(1.0, (40,)), 1, "compact"))
    assert sorted_edge.sorted_by_post and not unsorted_edge.sorted_by_post
    mg = partition(graph, DT)
    for edge in (sorted_edge, unsorted_edge, compact):
        got = [(e.pre.index, e.post.index) for e in mg.edges if e.app_edge is edge]
        assert got == _expected_edges(mg, edge), edge.label


def test_slice_index_keeps_int32_and_matches_a_search(sim_state):
    graph = sim_state.graph
    pop = graph.add_vertex(lif("pop", 100, max_atoms_per_core=30))
    mg = partition(graph, DT)
    atoms = np.arange(100, dtype=np.int32)
    got = slice_index(mg.slices_of[pop], atoms)
    starts = [mv.vertex_slice.start for mv in mg.slices_of[pop]]
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, np.searchsorted(starts, atoms, side="right") - 1)

"""Partitioning (spynnaker_backend/mapping/partition.py): machine edges against a brute-force
list of the (sender, post slice) pairs that share a connection, for edges sorted by post,
unsorted edges, compact (int32, zero-stride) columns and delays through delay extensions."""
import numpy as np
import pytest

from network_builders import connect, lif, spike_source
from spynnaker_backend.graph import ApplicationEdge
from spynnaker_backend.mapping import partition as part, pop_table
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


@pytest.mark.parametrize("native", [True, False])
def test_sorted_edges_both_paths(sim_state, monkeypatch, native):
    """The sorted-by-post edges again, through pairs.c and through the numpy passes."""
    if not native:
        monkeypatch.setattr(part.native_pairs, "usable", lambda pre, ticks: False)
    rng = np.random.default_rng(11)
    graph = sim_state.graph
    src = graph.add_vertex(spike_source("src", [[]] * 70, max_atoms_per_core=9))
    pop = graph.add_vertex(lif("pop", 80, max_atoms_per_core=17))
    n = 400
    edges = []
    for label, pre_dtype, delays in (
            ("i64 ticks", np.int64, rng.integers(1, 70, n) * DT),
            ("i32 ticks", np.int32, rng.integers(1, 40, n) * DT),
            ("one long delay", np.int32, np.broadcast_to((MAX_CORE_DELAY + 3) * DT, (n,))),
            ("one short delay", np.int64, np.broadcast_to(2 * DT, (n,)))):
        edges.append(graph.add_edge(ApplicationEdge(
            src, pop, rng.integers(0, 70, n).astype(pre_dtype),
            np.sort(rng.integers(0, 80, n)).astype(np.int32), np.broadcast_to(0.2, (n,)),
            delays, 1, label)))
    mg = partition(graph, DT)
    for edge in edges:
        assert edge.sorted_by_post
        got = [(e.pre.index, e.post.index) for e in mg.edges if e.app_edge is edge]
        assert got == _expected_edges(mg, edge), edge.label


@pytest.mark.parametrize("tick_dtype", [np.uint8, np.uint16, np.uint32])
def test_native_marks_with_unequal_slices(tick_dtype):
    """pairs.c's owner table of unequal slices against a brute-force marking."""
    from spynnaker_backend.mapping import native_pairs
    rng = np.random.default_rng(5)
    starts = np.array([0, 3, 10, 11, 40], np.int64)
    n_atoms, n_post, n = 57, 3, 500
    pre = rng.integers(0, n_atoms, n).astype(np.int32)
    ticks = rng.integers(1, 2 * MAX_CORE_DELAY, n).astype(tick_dtype)
    present = np.zeros((2, len(starts), n_post), bool)
    owner = native_pairs.owners(starts, n_atoms)
    native_pairs.mark(present, pre, ticks, True, MAX_CORE_DELAY, owner, 1)
    expected = np.zeros_like(present)
    for a, t in zip(pre, ticks):
        expected[int(t > MAX_CORE_DELAY), np.searchsorted(starts, a, side="right") - 1, 1] = 1
    np.testing.assert_array_equal(present, expected)
    with pytest.raises(ValueError, match="outside"):
        native_pairs.mark(present, np.array([n_atoms], np.int64), 1, True, MAX_CORE_DELAY,
                          owner, 0)
    with pytest.raises(ValueError, match="outside"):
        native_pairs.mark(present, np.array([-1], np.int32), 1, False, MAX_CORE_DELAY,
                          owner, 0)
    with pytest.raises(ValueError, match="outside"):    # an owner table naming slice 9
        native_pairs.mark(present, np.array([2], np.int32), 1, False, MAX_CORE_DELAY,
                          np.full(n_atoms, 9, np.int32), 0)


def test_a_pop_table_that_fills_the_dtcm_is_named_with_its_senders(sim_state, monkeypatch):
    """2,700 one-neuron source cores onto one population: with an entry per source core
    (28 bytes each: 75,604 bytes) no neuron fits beside the table; the error says so and
    names the sender.  With application-level entries the source population takes one
    entry (two budgeted), so the same network maps; 2,000 one-neuron source *populations*
    need 2,000 entries (56,004 bytes) again and are refused."""
    graph = sim_state.graph
    src = graph.add_vertex(spike_source("many", [[]] * 2700, max_atoms_per_core=1))
    pop = graph.add_vertex(lif("target", 10))
    connect(graph, src, pop, np.arange(2700), np.zeros(2700, np.int64), 0.1, DT)
    monkeypatch.setattr(pop_table, "ENTRIES", "per_core")
    with pytest.raises(part.MappingError) as err:
        partition(graph, DT)
    text = str(err.value)
    assert "'target'" in text and "master population table needs 75604 bytes" in text
    assert "'many' (2700 cores)" in text
    monkeypatch.setattr(pop_table, "ENTRIES", "auto")
    graph.mark_changed()
    mg = partition(graph, DT)
    assert len(mg.slices_of[pop]) == 1 and len(mg.slices_of[src]) == 2700
    for k in range(2000):
        one = graph.add_vertex(spike_source(f"one{k}", [[]]))
        connect(graph, one, pop, np.zeros(1, np.int64), np.zeros(1, np.int64), 0.1, DT)
    graph.mark_changed()
    with pytest.raises(part.MappingError) as err:
        partition(graph, DT)
    text = str(err.value)
    assert "'target'" in text and "master population table needs" in text
    assert "2001 pre populations" in text and "merge pre populations" in text

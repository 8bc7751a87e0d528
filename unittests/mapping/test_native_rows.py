"""The engine's row builder (vm/native/rows.c via mapping/native_rows.py) gives the bytes of
the numpy path (synapses._core_matrix_numpy), on random row sets and on the matrices of
PyNN networks made by every connector, partition and delay range (with every kind of
master population table entry); bad rows raise."""
import numpy as np
import pytest

from spynnaker_backend.mapping import pop_table, synapses
from spynnaker_backend.mapping.native_rows import core_rows
from spynnaker_backend.mapping.pipeline import map_graph


def _numpy_rows(key, words, bases):
    """(stride, offset, matrix) from the numpy path: each sender's block in sender order."""
    counts = np.bincount(key, minlength=int(bases[-1]))
    stride = synapses._strides_numpy(counts, bases)
    sizes = np.diff(bases) * stride
    offset = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    matrix = synapses._place_numpy(key, words, bases, stride, offset, int(sizes.sum()))
    return stride, offset, matrix


@pytest.mark.parametrize("seed, n_senders, n_conn", [
    (0, 1, 1), (1, 3, 0), (2, 5, 40), (3, 40, 5000), (4, 200, 100_000), (5, 7, 20_000)])
def test_random_rows_equal_the_numpy_path(seed, n_senders, n_conn):
    rng = np.random.default_rng(seed)
    rows_per_sender = rng.integers(1, 300, n_senders)
    bases = np.concatenate(([0], np.cumsum(rows_per_sender))).astype(np.int64)
    # some senders send nothing to this core (their block must be absent)
    live = np.flatnonzero(rng.random(n_senders) < 0.6) if n_senders > 1 else np.arange(1)
    sender = rng.choice(live, n_conn) if n_conn else np.zeros(0, np.int64)
    key = (bases[sender] + rng.integers(0, rows_per_sender[sender])).astype(np.int64) \
        if n_conn else np.zeros(0, np.int64)
    words = rng.integers(0, 2 ** 32, n_conn, dtype=np.uint32)
    counts = np.empty(int(bases[-1]), np.int64)
    stride, offset, matrix = core_rows(key, words, bases, counts)
    if n_conn == 0:   # (the numpy path is never asked: a core without connections has none)
        assert len(matrix) == 0 and not stride.any()
        return
    want_stride, want_offset, want = _numpy_rows(key, words, bases)
    present = want_stride > 0
    np.testing.assert_array_equal(stride > 0, present)
    np.testing.assert_array_equal(stride[present], want_stride[present])
    np.testing.assert_array_equal(offset[present], want_offset[present])
    np.testing.assert_array_equal(matrix, want)


@pytest.mark.parametrize("bad", [-1, 10])
def test_a_row_outside_the_senders_raises(bad):
    bases = np.array([0, 4, 10], np.int64)
    key = np.array([0, bad, 3], np.int64)
    with pytest.raises(ValueError, match="outside the senders' rows"):
        core_rows(key, np.zeros(3, np.uint32), bases, np.empty(10, np.int64))


def _network(sim, per_core):
    """Every connector the bulk path and PyNN's own path make, random weights and delays
    from one to 40 timesteps (delay extensions), self connections, views and two
    projections sharing rows."""
    rng = sim.NumpyRNG(seed=per_core)
    src = sim.Population(60, sim.SpikeSourcePoisson(rate=10.0), label="src")
    a = sim.Population(90, sim.IF_curr_exp(), label="a")
    b = sim.Population(45, sim.IF_cond_exp(), label="b")
    for p in (src, a, b):
        p.set_max_atoms_per_core(per_core)
    w = sim.RandomDistribution("uniform", (0.01, 0.5), rng=sim.NumpyRNG(seed=3))
    d = sim.RandomDistribution("uniform", (0.1, 4.0), rng=sim.NumpyRNG(seed=4))
    static = sim.StaticSynapse(weight=w, delay=d)
    conns = [sim.AllToAllConnector(), sim.OneToOneConnector(),
             sim.FixedProbabilityConnector(0.2, rng=rng),
             sim.FixedNumberPreConnector(7, rng=rng),
             sim.FixedNumberPostConnector(5, rng=rng, with_replacement=True),
             sim.FixedTotalNumberConnector(700, rng=rng, with_replacement=True),
             sim.FixedTotalNumberConnector(300, rng=rng, allow_self_connections=False),
             sim.DistanceDependentProbabilityConnector("d < 30", rng=rng),
             sim.FromListConnector([(i, (7 * i) % 45, 0.2, 0.1 * (1 + i % 30))
                                    for i in range(45)])]
    for k, c in enumerate(conns):
        pre = (src, a, a[::2])[k % 3]
        post = (a, b)[k % 2]
        receptor = ("excitatory", "inhibitory")[(k // 2) % 2]
        sim.Projection(pre, post, c, static, receptor_type=receptor)
    sim.Projection(a, a, sim.FixedProbabilityConnector(0.1, rng=rng),
                   sim.StaticSynapse(weight=0.3, delay=1.5))


@pytest.mark.parametrize("per_core, entries", [(7, "auto"), (37, "auto"), (256, "auto"),
                                               (7, "per_core"), (37, "population")])
def test_network_matrices_equal_the_numpy_path(per_core, entries, monkeypatch):
    import pyNN.spiNNaker as sim
    from spynnaker_backend.pynn import simulator
    monkeypatch.setattr(pop_table, "ENTRIES", entries)
    sim.setup(timestep=0.1, max_delay=4.0)
    try:
        _network(sim, per_core)
        graph, dt = simulator.state.graph, simulator.state.dt
        native = map_graph(graph, dt).synapses.regions
        monkeypatch.setattr(synapses, "_core_matrix", lambda *a: synapses._core_matrix_numpy(*a[:6]))
        reference = map_graph(graph, dt).synapses.regions
        assert len(native) == len(reference) >= 2
        by_slice = {(mv.app_vertex.label, mv.vertex_slice.start): r
                    for mv, r in reference.items()}
        assert sum(len(r[2]) for r in native.values()) > 10_000
        for mv, region in native.items():
            assert region == by_slice[mv.app_vertex.label, mv.vertex_slice.start]
    finally:
        sim.end()

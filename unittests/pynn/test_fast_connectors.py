"""Bulk connectors (spynnaker_backend/pynn/fast_connectors.py): statistics, self connections,
determinism, views and Assemblies, fall-back to PyNN."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.pynn.fast_connectors import bulk_connect


@pytest.fixture
def setup():
    sim.setup(timestep=0.1)
    yield
    sim.end()


def _pairs(proj):
    return proj._pre, proj._post


def _syn(weight=0.5, delay=1.0):
    return sim.StaticSynapse(weight=weight, delay=delay)


def test_fixed_probability_count_is_binomial_without_self(setup):
    pop = sim.Population(400, sim.IF_curr_exp())
    p = 0.05
    counts = []
    for seed in range(20):
        proj = sim.Projection(pop, pop, sim.FixedProbabilityConnector(
            p, allow_self_connections=False, rng=sim.NumpyRNG(seed)), _syn())
        pre, post = _pairs(proj)
        assert not np.any(pre == post)
        assert np.all(np.diff(post) >= 0)
        flat = post * 400 + pre
        assert np.unique(flat).size == flat.size
        counts.append(len(proj))
    n = 400 * 399
    mean, sd = n * p, np.sqrt(n * p * (1 - p))
    assert abs(np.mean(counts) - mean) < 4 * sd / np.sqrt(len(counts))
    assert 0.5 * sd < np.std(counts) < 1.6 * sd
    # each pre/post pair equally likely: per-post counts are binomial(399, p)
    per_post = np.bincount(post, minlength=400)
    assert abs(per_post.var() - 399 * p * (1 - p)) < 0.3 * 399 * p


def test_seeded_rng_is_deterministic_and_reuse_repeats_like_pynn(setup):
    """A seed gives the same network every time; and, as in PyNN (whose LazyArray draws
    from a deep copy of the connector's rng), projections sharing one NumpyRNG draw the same
    numbers."""
    pop = sim.Population(300, sim.IF_curr_exp())
    make = lambda rng: sim.Projection(  # noqa: E731
        pop, pop, sim.FixedProbabilityConnector(0.1, rng=rng), _syn())
    a, b = make(sim.NumpyRNG(7)), make(sim.NumpyRNG(7))
    assert np.array_equal(a._pre, b._pre) and np.array_equal(a._post, b._post)
    rng = sim.NumpyRNG(7)
    c, d = make(rng), make(rng)
    assert np.array_equal(c._pre, a._pre) and np.array_equal(d._pre, a._pre)


def test_fixed_probability_builds_pynns_network_with_a_shared_rng(setup, monkeypatch):
    """Bulk and PyNN's own per-column path give identical pairs, projection by projection,
    for projections of different shapes sharing one rng (also used for initial values)."""
    import spynnaker_backend.pynn.projection as projection

    def build():
        rng = sim.NumpyRNG(seed=11, parallel_safe=True)
        a = sim.Population(120, sim.IF_curr_exp())
        b = sim.Population(40, sim.IF_curr_exp())
        a.initialize(v=sim.RandomDistribution("uniform", low=-70, high=-50, rng=rng))
        conn = sim.FixedProbabilityConnector(0.1, rng=rng)
        return [(p._pre.copy(), p._post.copy()) for p in
                (sim.Projection(x, y, conn, _syn()) for x, y in ((a, a), (a, b), (b, a), (b, b)))]

    bulk = build()
    monkeypatch.setattr(projection, "bulk_connect", lambda proj, conn: None)
    pynn = build()
    for (bp, bq), (pp, pq) in zip(bulk, pynn):
        assert sorted(zip(bp, bq)) == sorted(zip(pp, pq))


def test_all_to_all_and_one_to_one(setup):
    a = sim.Population(30, sim.IF_curr_exp())
    b = sim.Population(20, sim.IF_curr_exp())
    proj = sim.Projection(a, b, sim.AllToAllConnector(), _syn())
    assert len(proj) == 600
    assert np.array_equal(proj._post, np.repeat(np.arange(20), 30))
    assert np.array_equal(proj._pre, np.tile(np.arange(30), 20))
    proj = sim.Projection(a, a, sim.AllToAllConnector(allow_self_connections=False), _syn())
    assert len(proj) == 30 * 29 and not np.any(proj._pre == proj._post)
    proj = sim.Projection(a, a, sim.OneToOneConnector(), _syn())
    assert np.array_equal(proj._pre, np.arange(30)) and np.array_equal(proj._post, np.arange(30))


def test_self_connections_in_overlapping_views_and_assemblies(setup):
    pop = sim.Population(50, sim.IF_curr_exp())
    other = sim.Population(10, sim.IF_curr_exp())
    pre, post = pop[0:30], pop[20:50]          # overlap: cells 20..29
    asm = pop[40:50] + other
    for src, dst in ((pre, post), (pop, post), (asm, pop), (pop, asm), (asm, asm)):
        pre_ids = np.asarray(src.all_cells, dtype=int)
        post_ids = np.asarray(dst.all_cells, dtype=int)
        overlap = np.intersect1d(pre_ids, post_ids).size
        for conn in (sim.AllToAllConnector(allow_self_connections=False),
                     sim.FixedProbabilityConnector(0.5, allow_self_connections=False,
                                                   rng=sim.NumpyRNG(1)),
                     sim.FixedNumberPreConnector(5, allow_self_connections=False,
                                                 rng=sim.NumpyRNG(2)),
                     sim.FixedNumberPostConnector(5, allow_self_connections=False,
                                                  rng=sim.NumpyRNG(3)),
                     sim.FixedNumberPreConnector(5, allow_self_connections=False,
                                                 with_replacement=True, rng=sim.NumpyRNG(4)),
                     sim.FixedTotalNumberConnector(100, allow_self_connections=False,
                                                   rng=sim.NumpyRNG(5))):
            proj = sim.Projection(src, dst, conn, _syn())
            i, j = _pairs(proj)
            assert not np.any(pre_ids[i] == post_ids[j]), type(conn).__name__
            if isinstance(conn, sim.AllToAllConnector):
                assert len(proj) == src.size * dst.size - overlap
    # views map to the right root cells
    proj = sim.Projection(pre, post, sim.OneToOneConnector(), _syn())
    edge, = proj.edges
    assert np.array_equal(edge.pre_indices, np.arange(30))
    assert np.array_equal(edge.post_indices, np.arange(20, 50))


@pytest.mark.parametrize("replace", [False, True])
def test_fixed_number_pre_and_post(setup, replace):
    a = sim.Population(200, sim.IF_curr_exp())
    b = sim.Population(150, sim.IF_curr_exp())
    proj = sim.Projection(a, b, sim.FixedNumberPreConnector(
        20, with_replacement=replace, rng=sim.NumpyRNG(1)), _syn())
    assert np.array_equal(np.bincount(proj._post, minlength=150), np.full(150, 20))
    flat = proj._post * 200 + proj._pre
    if not replace:
        assert np.unique(flat).size == flat.size
    else:   # expected duplicates: 150 * C(20, 2) / 200 = 142.5
        assert 60 < flat.size - np.unique(flat).size < 260
    proj = sim.Projection(a, b, sim.FixedNumberPostConnector(
        20, with_replacement=replace, rng=sim.NumpyRNG(1)), _syn())
    assert np.array_equal(np.bincount(proj._pre, minlength=200), np.full(200, 20))
    assert np.all(np.diff(proj._post) >= 0)
    # more than the population without replacement: full sets first
    proj = sim.Projection(a, a, sim.FixedNumberPreConnector(
        450, allow_self_connections=False, rng=sim.NumpyRNG(3)), _syn())
    counts = np.bincount(proj._post * 200 + proj._pre, minlength=200 * 200).reshape(200, 200)
    assert np.all(counts.sum(axis=1) == 450)
    assert np.all(np.diag(counts) == 0)
    off = counts[~np.eye(200, dtype=bool)]
    assert off.min() >= 2 and off.max() <= 3
    # uniform sources: chi-square-ish check of pre counts
    proj = sim.Projection(a, b, sim.FixedNumberPreConnector(100, rng=sim.NumpyRNG(9)), _syn())
    per_pre = np.bincount(proj._pre, minlength=200)
    assert abs(per_pre.mean() - 75) < 1e-9 and per_pre.std() < 1.5 * np.sqrt(75 * 0.5)


def test_fixed_number_random_n(setup):
    a = sim.Population(100, sim.IF_curr_exp())
    n = sim.RandomDistribution("uniform_int", (5, 15), rng=sim.NumpyRNG(2))
    proj = sim.Projection(a, a, sim.FixedNumberPreConnector(n, rng=sim.NumpyRNG(1)), _syn())
    counts = np.bincount(proj._post, minlength=100)
    assert counts.min() >= 5 and counts.max() <= 14 and len(set(counts)) > 3


@pytest.mark.parametrize("replace", [False, True])
def test_fixed_total_number(setup, replace):
    a = sim.Population(40, sim.IF_curr_exp())
    proj = sim.Projection(a, a, sim.FixedTotalNumberConnector(
        1000, with_replacement=replace, allow_self_connections=False,
        rng=sim.NumpyRNG(1)), _syn())
    assert len(proj) == 1000 and not np.any(proj._pre == proj._post)
    assert np.all(np.diff(proj._post) >= 0)
    flat = proj._post * 40 + proj._pre
    if not replace:
        assert np.unique(flat).size == 1000


def test_random_weights_and_delays(setup):
    a = sim.Population(300, sim.IF_curr_exp())
    w = sim.RandomDistribution("normal_clipped", mu=0.5, sigma=0.1, low=0.0, high=np.inf,
                               rng=sim.NumpyRNG(4))
    d = sim.RandomDistribution("uniform", (1.0, 5.0), rng=sim.NumpyRNG(5))
    proj = sim.Projection(a, a, sim.FixedProbabilityConnector(0.2, rng=sim.NumpyRNG(1)),
                          sim.StaticSynapse(weight=w, delay=d))
    assert abs(proj._weights.mean() - 0.5) < 0.005 and abs(proj._weights.std() - 0.1) < 0.005
    assert proj._weights.min() >= 0
    assert abs(proj._delays.mean() - 3.0) < 0.02
    assert 1.0 <= proj._delays.min() and proj._delays.max() <= 5.0
    # negative inhibitory weights: the edge holds magnitudes
    proj = sim.Projection(a, a, sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.2),
                          receptor_type="inhibitory")
    assert np.all(proj.edges[0].weights == 0.2) and np.all(proj._weights == -0.2)


def test_falls_back_to_pynn(setup):
    a = sim.Population(20, sim.IF_curr_exp())
    conn = sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(1))
    # weights as a function of distance, arrays: PyNN's path
    proj = sim.Projection(a, a, conn, sim.StaticSynapse(weight="0.1 + d*0.001"))
    assert bulk_connect(proj, conn) is None
    assert len(proj) > 0
    assert bulk_connect(proj, sim.DistanceDependentProbabilityConnector("d < 3")) is None
    fn = sim.FromListConnector([(0, 1, 0.1, 1.0)])
    assert bulk_connect(proj, fn) is None
    plain = sim.Projection(a, a, sim.OneToOneConnector(), _syn())
    assert bulk_connect(plain, sim.AllToAllConnector(allow_self_connections=False)) is not None


def test_set_one_and_run(setup):
    a = sim.Population(10, sim.IF_curr_exp())
    proj = sim.Projection(a, a, sim.AllToAllConnector(), _syn(0.5))
    edge = proj.edges[0]
    third, fourth = proj[3], proj[4]    # by source, then target (sPyNNaker's order)
    assert (third.presynaptic_index, third.postsynaptic_index) == (0, 3)
    third.weight = 0.25
    k, m = third.position, fourth.position   # positions in the connector's order
    assert proj.edges[0].weights[k] == 0.25 and edge.weights[k] == 0.25
    with pytest.raises(Exception):
        fourth.weight = -1.0
    assert proj._weights[m] == 0.5 and edge.weights[m] == 0.5
    sim.run(1.0)
    w = proj.get("weight", format="array")
    assert w.shape == (10, 10)


@pytest.mark.parametrize("block", [None, 64])
def test_fixed_total_with_replacement_is_uniform_pairs(setup, monkeypatch, block):
    """n independent uniform (pre, post) pairs, drawn post by post in blocks: counts per
    post are multinomial(n, 1/N_post), per pre uniform, multapses as for iid pairs; sorted
    by post; int32 columns.  block=64 forces many blocks of post cells."""
    import spynnaker_backend.pynn.fast_connectors as fc
    if block:
        monkeypatch.setattr(fc, "_BLOCK", block)
    a = sim.Population(300, sim.IF_curr_exp())
    b = sim.Population(200, sim.IF_curr_exp())
    n = 60_000
    proj = sim.Projection(a, b, sim.FixedTotalNumberConnector(
        n, with_replacement=True, rng=sim.NumpyRNG(21)), _syn())
    pre, post = _pairs(proj)
    assert len(proj) == n and pre.dtype == np.int32 and post.dtype == np.int32
    flat = post.astype(np.int64) * 300 + pre
    assert np.all(np.diff(post) >= 0)
    per_post = np.bincount(post, minlength=200)
    q = 1 / 200
    assert abs(per_post.var() - n * q * (1 - q)) < 0.25 * n * q * (1 - q)
    per_pre = np.bincount(pre, minlength=300)
    assert abs(per_pre.var() - n / 300 * (1 - 1 / 300)) < 0.25 * n / 300
    # distinct pairs among n iid draws from M: M (1 - (1 - 1/M)^n), sd < sqrt of it
    m = 300 * 200
    expected = m * (1 - (1 - 1 / m) ** n)
    assert abs(np.unique(flat).size - expected) < 4 * np.sqrt(expected)


def test_fixed_total_with_replacement_without_self(setup, monkeypatch):
    import spynnaker_backend.pynn.fast_connectors as fc
    monkeypatch.setattr(fc, "_BLOCK", 16)
    a = sim.Population(50, sim.IF_curr_exp())
    proj = sim.Projection(a, a, sim.FixedTotalNumberConnector(
        5000, with_replacement=True, allow_self_connections=False, rng=sim.NumpyRNG(2)),
        _syn())
    pre, post = _pairs(proj)
    assert len(proj) == 5000 and not np.any(pre == post)
    assert np.all(np.diff(post) >= 0)
    # self pairs redrawn uniformly among the other 49 pre cells: per-pre counts stay flat
    assert np.bincount(pre, minlength=50).min() > 60


def test_compact_columns_are_shared_not_copied(setup):
    """Homogeneous weights and delays are zero-stride views; the edge holds the
    projection's arrays (or their magnitudes); reading and changing still work."""
    a = sim.Population(100, sim.IF_curr_exp())
    proj = sim.Projection(a, a, sim.FixedTotalNumberConnector(
        2000, with_replacement=True, rng=sim.NumpyRNG(3)),
        sim.StaticSynapse(weight=-0.25, delay=1.5), receptor_type="inhibitory")
    edge, = proj.edges
    assert proj._weights.strides == (0,) and proj._delays.strides == (0,)
    assert edge.weights.strides == (0,) and np.all(edge.weights == 0.25)
    assert np.shares_memory(edge.pre_indices, proj._pre)
    assert np.shares_memory(edge.post_indices, proj._post)
    listed = proj.get(["weight", "delay"], format="list")
    assert len(listed) == 2000 and {(w, d) for _, _, w, d in listed} == {(-0.25, 1.5)}
    changed = proj[3]
    changed.weight = -0.5   # one connection: a new array, the others unchanged
    w = proj.get("weight", format="list", with_address=False)
    assert w[3] == -0.5 and w.count(-0.25) == 1999
    assert edge.weights[changed.position] == 0.5
    proj.set(delay=2.0)
    assert proj._delays.strides == (0,) and np.all(edge.delays == 2.0)

"""Random weights and delays kept as their draw (pynn/drawn.py) and sorted post indices as
counts (pynn/sorted_column.py): the same values every time they are asked for, the same
network, matrices, connections and spikes as the arrays they replace, and no per-connection
float array held by the Projection."""
import copy

import numpy as np
import pytest
from pyNN.random import NumpyRNG, RandomDistribution

from spynnaker_backend.pynn import drawn
from spynnaker_backend.pynn.drawn import DrawnColumn


def _normal(seed):
    return RandomDistribution("normal_clipped", mu=0.5, sigma=0.2, low=0.1, high=np.inf,
                              rng=NumpyRNG(seed=seed))


def test_a_column_gives_the_draw_again_and_the_generator_moves_on_as_before():
    rd, twin = _normal(1), _normal(1)
    column = DrawnColumn(rd, 5000)
    first = rd.next(5000)            # the original draws them (and advances) ...
    np.testing.assert_array_equal(column.values(), first)   # ... the column gives them again
    np.testing.assert_array_equal(np.asarray(column), first)
    np.testing.assert_array_equal(column[10:20], first[10:20])
    assert column.min() == first.min() and column.max() == first.max()
    np.testing.assert_array_equal(first, twin.next(5000))
    np.testing.assert_array_equal(rd.next(100), twin.next(100))
    signed = DrawnColumn(RandomDistribution("normal", mu=-1, sigma=1, rng=NumpyRNG(3)), 999)
    np.testing.assert_array_equal(np.asarray(signed.magnitudes()), np.abs(signed.values()))
    np.testing.assert_array_equal(signed < 0, signed.values() < 0)   # operators, ufuncs
    assert signed[:] is signed and len(signed) == 999 and signed.shape == (999,)


def test_pins_hold_one_copy_and_release_it():
    column = DrawnColumn(_normal(2), 1000)
    with column.pinned() as held:
        assert column.values() is held
        with column.pinned():
            assert np.asarray(column) is held
        assert column.values() is held
    assert column.values() is not held
    np.testing.assert_array_equal(column.values(), held)
    with pytest.raises(ValueError):
        held[0] = 1.0   # read only, like every column an edge shares


def test_small_columns_and_other_generators_stay_arrays():
    assert drawn.drawn(_normal(3), 10) is None
    other = RandomDistribution("uniform", (0, 1), rng=copy.deepcopy(NumpyRNG(4)))
    other.rng = object()
    assert drawn.drawn(other, drawn.MIN_SIZE) is None


def _run(sim, lazy_from, monkeypatch):
    """A network whose random columns are drawn columns when longer than ``lazy_from``:
    (projections' weights and delays before the run, synaptic regions, connections read
    back from the cores, spikes)."""
    from spynnaker_backend.pynn import simulator
    monkeypatch.setattr(drawn, "MIN_SIZE", lazy_from)
    sim.setup(timestep=0.1, max_delay=6.0)
    rng = NumpyRNG(seed=7)
    src = sim.Population(80, sim.SpikeSourcePoisson(rate=100.0), label="src")
    exc = sim.Population(120, sim.IF_curr_exp(), label="exc")
    inh = sim.Population(40, sim.IF_curr_exp(), label="inh")
    learner = sim.Population(20, sim.IF_curr_exp(), label="learner")
    for p in (src, exc, inh):
        p.set_max_atoms_per_core(37)
    exc.record("spikes")
    w = RandomDistribution("normal_clipped", mu=2.0, sigma=0.5, low=0.0, high=np.inf, rng=rng)
    w_inh = RandomDistribution("normal_clipped", mu=-0.4, sigma=0.1, low=-np.inf, high=0.0,
                               rng=rng)
    d = RandomDistribution("normal_clipped", mu=1.5, sigma=0.75, low=0.1, high=np.inf, rng=rng)
    prjs = [
        sim.Projection(src, exc, sim.FixedTotalNumberConnector(3000, rng=rng),
                       sim.StaticSynapse(weight=w, delay=d)),
        sim.Projection(inh, exc, sim.FixedProbabilityConnector(0.3, rng=rng),
                       sim.StaticSynapse(weight=w_inh, delay=d), receptor_type="inhibitory"),
        sim.Projection(exc, inh, sim.FixedNumberPreConnector(20, rng=rng),
                       sim.StaticSynapse(weight=w, delay=0.1)),
        sim.Projection(exc, exc, sim.AllToAllConnector(),
                       sim.StaticSynapse(weight=0.01, delay=d)),
        sim.Projection(src, learner, sim.FixedProbabilityConnector(0.5, rng=rng), sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0,
                                                A_plus=0.02, A_minus=0.025),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0),
            weight=RandomDistribution("uniform", (0.05, 0.3), rng=rng), delay=d)),
    ]
    before = [prj.get(["weight", "delay"], format="list") for prj in prjs]
    kinds = [(type(prj._weights).__name__, type(prj._delays).__name__,
              type(prj._post).__name__) for prj in prjs]
    arrays = [[np.asarray(a).tolist() for a in (prj._pre, prj._post)] for prj in prjs]
    by_index = [[prj[i].as_tuple("presynaptic_index", "postsynaptic_index", "weight")
                 for i in (0, 7, -1)] for prj in prjs]
    sim.run(50.0)
    regions = {(mv.app_vertex.label, mv.vertex_slice.start): r for mv, r in
               simulator.state.mapping.synapses.regions.items()}
    regions = {k: (h, t, len(m)) for k, (h, t, m) in regions.items()}
    after = [prj.get(["weight", "delay"], format="list") for prj in prjs]
    spikes = exc.get_data("spikes").segments[0].spiketrains
    arrays_after = prjs[0].get(["weight"], format="array")[0]
    learnt = prjs[4].get(["weight"], format="list")
    out = (kinds, arrays, by_index, before, regions, after, np.nan_to_num(arrays_after).tolist(), learnt,
           [np.asarray(s).tolist() for s in spikes])
    sim.end()
    return out


def test_drawn_columns_change_nothing_but_the_memory(monkeypatch):
    import pyNN.spiNNaker as sim
    kinds, *lazy = _run(sim, 1, monkeypatch)
    eager_kinds, *eager = _run(sim, 1 << 60, monkeypatch)
    assert kinds[0] == kinds[1] == ("DrawnColumn", "DrawnColumn", "SortedIndexColumn")
    assert kinds[2][0] == "DrawnColumn" and kinds[3][1] == "DrawnColumn"
    assert kinds[4][:2] == ("DrawnColumn", "DrawnColumn")   # plastic
    assert all(k == "ndarray" for k in eager_kinds[0] + eager_kinds[1])
    for got, want in zip(lazy, eager):
        assert got == want
    assert sum(len(s) for s in lazy[-1]) > 20   # the run spikes


def test_set_on_a_drawn_projection_makes_arrays(monkeypatch):
    import pyNN.spiNNaker as sim
    monkeypatch.setattr(drawn, "MIN_SIZE", 1)
    sim.setup(timestep=0.1)
    try:
        a = sim.Population(30, sim.IF_curr_exp())
        prj = sim.Projection(a, a, sim.AllToAllConnector(), sim.StaticSynapse(
            weight=RandomDistribution("uniform", (0.1, 0.2), rng=NumpyRNG(5)), delay=1.0))
        assert isinstance(prj._weights, DrawnColumn)
        w = np.asarray(prj.get("weight", format="list"))[:, 2]
        prj[3].weight = 0.5
        assert isinstance(prj._weights, np.ndarray) and prj[3].weight == 0.5
        sim.run(1.0)
        got = np.asarray(prj.get("weight", format="list"))[:, 2]
        np.testing.assert_allclose(np.delete(got, 3), np.delete(w, 3), rtol=1e-2)
    finally:
        sim.end()


def test_sorted_index_column_is_its_array(monkeypatch):
    monkeypatch.setattr(drawn, "MIN_SIZE", 1)
    from spynnaker_backend.pynn.sorted_column import SortedIndexColumn
    rng = np.random.default_rng(8)
    values = np.sort(rng.integers(3, 50, 5000)).astype(np.int32)   # cells 0-2, some gaps
    values = values[(values != 17) & (values != 49)]
    column = SortedIndexColumn.of(values, 60)
    assert isinstance(column, SortedIndexColumn) and column.dtype == np.int32
    np.testing.assert_array_equal(np.asarray(column), values)
    for lo, hi in [(0, 1), (5, 900), (100, 100), (4000, len(values)), (-30, -2)]:
        np.testing.assert_array_equal(column[lo:hi], values[lo:hi])
    for i in (0, 1, 777, -1):
        assert column[i] == values[i]
    needles = np.arange(-2, 63)
    for side in ("left", "right"):
        np.testing.assert_array_equal(np.searchsorted(column, needles, side=side),
                                      np.searchsorted(values, needles, side=side))
    np.testing.assert_array_equal(column - 3, values - 3)
    assert column.min() == values.min() and column.max() == values.max()
    assert column[:] is column and column.astype(np.int32, copy=False) is column
    np.testing.assert_array_equal(np.arange(60)[column], values)   # as an index
    assert SortedIndexColumn.of(values[::-1], 60) is not None
    assert not isinstance(SortedIndexColumn.of(values[::-1], 60), SortedIndexColumn)
    with pytest.raises(IndexError):
        column[len(values)]

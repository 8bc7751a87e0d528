"""SpikeSourcePoisson on the VM: rate, Poisson statistics, partition and run-split
invariance, start/duration, rate changes between runs, several spikes per tick."""
import numpy as np
import pytest

from network_builders import lif, one_to_one, record
from spynnaker_backend.graph import ApplicationVertex
from spynnaker_backend.models import REGISTRY


def poisson(label, n, rate, start=0.0, duration=1e10, seed=None, max_atoms_per_core=None):
    params = {"rate": np.full(n, float(rate)), "start": np.full(n, float(start)),
              "duration": np.full(n, float(duration))}
    return ApplicationVertex(label, n, REGISTRY["SpikeSourcePoisson"], params, seed=seed,
                             max_atoms_per_core=max_atoms_per_core)


def run_source(sim_state, src, run_ms, target=True):
    """Run a Poisson source (recording spikes); with ``target`` it projects to a LIF
    population, so that it has a key and sends packets.  Returns (indices, times)."""
    record(src, "spikes")
    sim_state.graph.add_vertex(src)
    if target:
        sink = lif("sink", src.n_atoms)
        sim_state.graph.add_vertex(sink)
        one_to_one(sim_state.graph, src, sink, 2.0 ** -10, sim_state.dt)
    for ms in np.atleast_1d(run_ms):
        sim_state.run(float(ms))
    return sim_state.spikes(src)


def test_mean_rate_and_fano_factor(sim_state):
    """100 neurons at 20 Hz for 10 s (dt = 1 ms, a fast source): recorded spikes and packets
    are the same (every spike of a tick is recorded), with the mean lambda per tick within
    3 sigma; spike counts are Poisson (Fano factor within 3 sigma of 1)."""
    sim_state.dt = 1.0
    n, rate, ms = 100, 20.0, 10000.0
    src = poisson("poisson", n, rate, seed=1234)
    idx, times = run_source(sim_state, src, ms)
    lam = rate * sim_state.dt / 1000.0
    ticks = ms / sim_state.dt
    expected = n * ticks * lam
    assert abs(len(idx) - expected) < 3 * np.sqrt(expected)
    sent = sim_state.last_run_report["populations"]["poisson"]["packets_sent"]
    assert sent == len(idx)
    counts = np.bincount(idx, minlength=n)
    fano = counts.var(ddof=1) / counts.mean()
    # the sample Fano factor of 100 Poisson counts has a standard error of about sqrt(2 / 99)
    assert abs(fano - 1.0) < 3 * np.sqrt(2.0 / (n - 1))
    # inter-spike intervals are (nearly) exponential: their coefficient of variation is ~1
    isis = np.concatenate([np.diff(times[idx == i]) for i in range(n)])
    assert 0.9 < isis.std() / isis.mean() < 1.1


def test_spikes_do_not_depend_on_partitioning(sim_state):
    def spikes(max_atoms):
        sim_state.clear()
        sim_state.dt = 0.1
        src = poisson("poisson", 100, 50.0, seed=7, max_atoms_per_core=max_atoms)
        idx, times = run_source(sim_state, src, 1000.0)
        return idx, np.rint(times / 0.1).astype(int)
    a, b = spikes(7), spikes(100)
    assert len(a[0]) > 1000
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_spikes_do_not_depend_on_splitting_the_run(sim_state):
    src = poisson("poisson", 20, 80.0, seed=3)
    whole = run_source(sim_state, src, 500.0)
    sim_state.clear()
    sim_state.dt = 0.1
    src = poisson("poisson", 20, 80.0, seed=3)
    split = run_source(sim_state, src, [123.4, 200.0, 176.6])
    np.testing.assert_array_equal(whole[0], split[0])
    np.testing.assert_allclose(whole[1], split[1])


def test_seed_and_label(sim_state):
    from spynnaker_backend.mapping.dataspec.poisson import poisson_seed
    assert poisson_seed(poisson("a", 1, 1.0, seed=5)) == 5
    assert poisson_seed(poisson("a", 1, 1.0)) == poisson_seed(poisson("a", 2, 3.0))
    assert poisson_seed(poisson("a", 1, 1.0)) != poisson_seed(poisson("b", 1, 1.0))
    one = run_source(sim_state, poisson("p", 10, 100.0, seed=1), 200.0, target=False)
    sim_state.clear()
    sim_state.dt = 0.1
    two = run_source(sim_state, poisson("p", 10, 100.0, seed=2), 200.0, target=False)
    assert not (len(one[0]) == len(two[0]) and np.array_equal(one[1], two[1]))


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_start_and_duration(sim_state, dt):
    sim_state.dt = dt
    src = poisson("poisson", 50, 2000.0, start=20.0, duration=30.0, seed=11)
    idx, times = run_source(sim_state, src, 100.0, target=False)
    assert len(times) > 200
    # PyNN's window [start, start + duration): ticks 20/dt .. 50/dt - 1, each spike stamped
    # with its tick (the board's convention)
    assert times.min() > 20.0 - 1e-9 and times.max() < 50.0 - 1e-9
    # the first and last ticks of the window are used
    assert np.isclose(times.min(), 20.0) and np.isclose(times.max(), 50.0 - dt)


def test_rate_change_between_runs(sim_state):
    sim_state.dt = 1.0
    n = 100
    src = poisson("poisson", n, 10.0, seed=21)
    run_source(sim_state, src, 2000.0, target=False)
    src.parameters["rate"] = np.full(n, 100.0)
    sim_state.graph.parameters_changed = True
    sim_state.run(2000.0)
    idx, times = sim_state.spikes(src)
    first, second = np.count_nonzero(times <= 2000.0), np.count_nonzero(times > 2000.0)
    # 10 Hz at 1 ms is a slow source (0.01 per tick), 100 Hz a fast one: Poisson counts
    for count, rate in ((first, 10.0), (second, 100.0)):
        expected = n * 2000 * rate / 1000.0
        assert abs(count - expected) < 3 * np.sqrt(expected)


def test_several_spikes_per_tick(sim_state):
    """lambda = 6 per tick: every spike is sent, received and recorded (an atom's spikes of
    one tick as that many equal times); the counts are Poisson(6 * ticks)."""
    sim_state.dt = 1.0
    n, rate, ms = 20, 6000.0, 200.0
    src = poisson("poisson", n, rate, seed=5)
    idx, times = run_source(sim_state, src, ms)
    lam = rate / 1000.0 * sim_state.dt
    sent = sim_state.last_run_report["populations"]["poisson"]["packets_sent"]
    expected = n * ms * lam
    assert abs(sent - expected) < 3 * np.sqrt(expected)
    assert len(idx) == sent
    # several spikes in one tick: repeated times of one atom
    assert np.count_nonzero(np.diff(times[idx == 0]) == 0) > ms
    received = sim_state.last_run_report["populations"]["sink"]["packets_received"]
    assert received == sent


def test_zero_rate_is_silent(sim_state):
    idx, _ = run_source(sim_state, poisson("poisson", 10, 0.0, seed=1), 100.0, target=False)
    assert len(idx) == 0

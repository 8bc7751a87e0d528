"""Recording as on a board (sPyNNaker 7): a sampling interval per variable, spikes recorded
with a sampling interval, errors for variables never recorded, segments across reset().

References are independent of the code under test: a population recorded every timestep
gives the expected content of the same population recorded with a longer interval (the
board's rules applied by hand: a signal keeps every s-th sample from tick 0; a spike at tick
t is reported in the window that ends at tick ceil(t / s) s, once per window), and data read
before reset() is what the cached segment must still hold after it.
"""
import numpy as np
import pytest

import pyNN.spiNNaker as sim
from spynnaker_backend.errors import ConfigurationError


def driven(label, n=3):
    """IF_cond_exp cells that fire regularly from a DC offset and get Poisson input."""
    pop = sim.Population(n, sim.IF_cond_exp(i_offset=[1.0, 1.6, 2.5]), label=label)
    return pop


def build(intervals_v, intervals_g, spike_interval=None):
    sim.setup(timestep=1.0)
    noise = sim.Population(3, sim.SpikeSourcePoisson(rate=300.0), label="noise", seed=3)
    pops = []
    for k, (iv, ig) in enumerate(zip(intervals_v, intervals_g)):
        pop = driven(f"cells{k}")
        sim.Projection(noise, pop, sim.OneToOneConnector(),
                       sim.StaticSynapse(weight=0.002, delay=1.0))
        pop.record("v", sampling_interval=iv)
        pop.record("gsyn_exc", sampling_interval=ig)
        pop.record("spikes", sampling_interval=spike_interval)
        pops.append(pop)
    return pops


def stamp_offset():
    """The stamp of tick 0 (0 on a board, dt in NEST's convention): read off a
    SpikeSourceArray spike at 0 ms, built before the run."""
    probe = sim.Population(1, sim.SpikeSourceArray(spike_times=[0.0]), label="probe")
    probe.record("spikes")
    return lambda: float(probe.get_data("spikes").segments[0].spiketrains[0][0])


def signal(block, name):
    (sig,) = [s for s in block.segments[0].analogsignals if s.name == name]
    return sig


def test_a_sampling_interval_per_variable():
    """v every 1 ms and gsyn every 2 ms on one population: each signal has its own sampling
    period and holds every (1st, 2nd) sample of the same population recorded every 1 ms."""
    ref, mixed = build([1.0, 1.0], [1.0, 2.0])
    sim.run(200.0)
    a, b = ref.get_data(), mixed.get_data()
    sim.end()
    v_ref, g_ref = signal(a, "v"), signal(a, "gsyn_exc")
    v, g = signal(b, "v"), signal(b, "gsyn_exc")
    assert float(v.sampling_period) == 1.0 and float(g.sampling_period) == 2.0
    assert v.shape == v_ref.shape == (201, 3) and g.shape == (101, 3)
    np.testing.assert_array_equal(np.asarray(v), np.asarray(v_ref))
    np.testing.assert_array_equal(np.asarray(g), np.asarray(g_ref)[::2])
    assert np.ptp(np.asarray(g)) > 0          # the input did arrive


@pytest.mark.parametrize("interval", [2.0, 20.0])
def test_spikes_with_a_sampling_interval(interval):
    """Spikes recorded every s ms: each window (ks - s, ks] of ticks reports its spiking
    neurons once, at ks (the board's bitfield recording); the windows come from the same
    population recorded every tick."""
    ref, sampled = build([1.0, 1.0], [1.0, 1.0], None)
    sampled.record("spikes", sampling_interval=interval)
    offset = stamp_offset()
    sim.run(300.0)
    ref_trains = ref.get_data("spikes").segments[0].spiketrains
    got = sampled.get_data("spikes").segments[0].spiketrains
    off = offset()
    sim.end()
    s = int(interval)
    total = 0
    for r, g in zip(ref_trains, got):
        ticks = np.rint(np.asarray(r.magnitude) - off).astype(int)
        assert len(ticks) > 5
        expected = np.unique(-(-ticks // s) * s)
        # a window still open at the end of the run is not reported (as on a board)
        expected = expected[expected <= 299]
        np.testing.assert_allclose(np.asarray(g.magnitude), expected + off)
        total += len(expected)
    if s == 20:     # shorter than some intervals: several spikes reported as one
        assert total < sum(len(r) for r in ref_trains)


def test_get_data_of_a_variable_never_recorded():
    sim.setup(timestep=1.0)
    pop = sim.Population(2, sim.IF_curr_exp(), label="quiet")
    other = sim.Population(2, sim.IF_curr_exp(), label="loud")
    pop.record("v")
    other.record("spikes")
    sim.run(10.0)
    with pytest.raises(ConfigurationError, match="quiet.*'spikes'.*never recorded"):
        pop.get_data("spikes")
    with pytest.raises(ConfigurationError, match="'gsyn_exc'"):
        pop[0:1].get_data(["v", "gsyn_exc"])
    assert len(pop.get_data().segments[0].analogsignals) == 1     # 'all': what was recorded
    assert len(pop.get_data("v").segments[0].analogsignals) == 1
    both = sim.Assembly(pop, other)
    assert len(both.get_data("spikes").segments[0].spiketrains) == 2
    with pytest.raises(ConfigurationError, match="'isyn_exc'"):
        both.get_data("isyn_exc")
    sim.end()


def test_segments_survive_reset():
    """Three runs separated by reset(): get_data holds three segments, each with the data
    of its run as it was read before the reset (signals and spikes)."""
    ref, _ = build([1.0, 1.0], [2.0, 2.0])
    seen = []
    for ms in (50.0, 80.0, 30.0):
        sim.run(ms)
        block = ref.get_data()
        seg = block.segments[-1]
        seen.append((np.asarray(signal(block, "v")).copy() if len(block.segments) == 1
                     else np.asarray([s for s in seg.analogsignals if s.name == "v"][0]),
                     [np.asarray(t.magnitude).copy() for t in seg.spiketrains]))
        sim.reset()
    block = ref.get_data()
    assert len(block.segments) == 3
    for seg, (v, spikes), ms in zip(block.segments, seen, (50.0, 80.0, 30.0)):
        (v_sig,) = [s for s in seg.analogsignals if s.name == "v"]
        (g_sig,) = [s for s in seg.analogsignals if s.name == "gsyn_exc"]
        assert v_sig.shape == (int(ms) + 1, 3) and g_sig.shape == (int(ms) // 2 + 1, 3)
        np.testing.assert_array_equal(np.asarray(v_sig), v)
        for t, s in zip(seg.spiketrains, spikes):
            np.testing.assert_array_equal(np.asarray(t.magnitude), s)
    # by name too (PyNN's own filter drops the cached segments' signals)
    only_v = ref.get_data("v")
    assert [len(s.analogsignals) for s in only_v.segments] == [1, 1, 1]
    sim.end()


def test_source_spikes_ignore_a_sampling_interval():
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourcePoisson(rate=500.0), label="src", seed=1)
    with pytest.warns(UserWarning, match="sampling interval"):
        src.record("spikes", sampling_interval=5.0)
    sim.run(100.0)
    trains = src.get_data("spikes").segments[0].spiketrains
    sim.end()
    times = np.concatenate([np.asarray(t.magnitude) for t in trains])
    assert np.any(np.rint(times) % 5 != 0)          # not sampled
    assert abs(len(times) - 100) < 4 * 10


def test_sampled_recordings_do_not_depend_on_splitting_the_run():
    """Spikes every 20 ms and v every 7 ms: run(137) + run(163) records what run(300) does
    (a window open at the pause is completed in the next run, as on a board)."""
    def go(parts):
        sim.setup(timestep=1.0)
        pop = sim.Population(3, sim.IF_cond_exp(i_offset=[1.0, 1.6, 2.5]), label="c")
        pop.record("spikes", sampling_interval=20.0)
        pop.record("v", sampling_interval=7.0)
        for part in parts:
            sim.run(part)
        block = pop.get_data()
        sim.end()
        return ([np.asarray(t.magnitude) for t in block.segments[0].spiketrains],
                np.asarray(block.segments[0].analogsignals[0]))
    (spikes_a, v_a), (spikes_b, v_b) = go([300.0]), go([137.0, 163.0])
    assert v_a.shape == (300 // 7 + 1, 3)
    np.testing.assert_array_equal(v_a, v_b)
    assert sum(len(s) for s in spikes_a) > 10
    for a, b in zip(spikes_a, spikes_b):
        np.testing.assert_array_equal(a, b)

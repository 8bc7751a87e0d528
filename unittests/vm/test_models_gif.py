"""GIF_cond_exp on the cores (c_models/neuron/gif.h, c_models/threshold/gif_threshold.h): the
escape-noise draws against a NumPy model of the same stream, bit identity over partitions
and threads, parameter errors.  The comparison with NEST is integration_tests/
test_gif_against_nest.py."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim
from pyNN.errors import InvalidParameterValueError

from spynnaker_backend.mapping.dataspec.neuron import _GAMMA, _mix64, atom_streams

DT = 0.1


def stream_uniform32(streams, tick):
    """random.h's stream_uniform32 for every stream at one counter."""
    with np.errstate(over="ignore"):
        return _mix64(streams + np.uint64(tick + 1) * _GAMMA) >> np.uint64(32)


def test_escape_noise_draws_as_numpy_model():
    """Cells held at v = v_rest (no input, v_reset = v_rest, no kernels, no refractoriness):
    each tick they fire when their stream's uniform is below 1 - exp(-lambda0 dt exp((v_rest
    - v_t_star) / delta_v)) (2^32 scale) -- the same spikes, tick for tick."""
    n, ticks, seed = 30, 2000, 42
    v_rest = -57.0
    delta_v = np.linspace(0.5, 3.0, n)
    sim.setup(timestep=DT)
    try:
        pop = sim.Population(n, sim.GIF_cond_exp(
            seed=seed, v_rest=v_rest, v_reset=v_rest, tau_refrac=0.0, v_t_star=-58.0,
            lambda0=20.0, delta_v=delta_v, a_eta=(0.0, 0.0, 0.0), a_gamma=(0.0, 0.0, 0.0)),
            initial_values={"v": v_rest})
        pop.record("spikes")
        sim.run(ticks * DT)
        got = [np.rint(np.asarray(st) / DT).astype(int)
               for st in pop.get_data().segments[0].spiketrains]
    finally:
        sim.end()
    lam_dt = 20.0 * DT / 1000.0 * np.exp((v_rest + 58.0) / delta_v)
    p = -np.expm1(-lam_dt) * 2.0 ** 32
    streams = atom_streams(seed, np.arange(n))
    expected = [[] for _ in range(n)]
    for k in range(ticks):
        for i in np.nonzero(stream_uniform32(streams, k) < p)[0]:
            expected[i].append(k)
    total = sum(len(e) for e in expected)
    assert total > 100
    for i in range(n):
        np.testing.assert_array_equal(got[i], expected[i])


def _network(atoms_per_core, threads):
    import spynnaker_backend.pynn.simulator as simulator
    sim.setup(timestep=DT)
    try:
        simulator.state.n_threads = threads
        cells = sim.Population(12, sim.GIF_cond_exp(
            i_offset=np.linspace(0.5, 1.0, 12), v_t_star=-55.0, a_eta=(0.05, 0.05, 0.05),
            a_gamma=(2.0, 2.0, 2.0)), label="gif")
        if atoms_per_core:
            cells.set_max_atoms_per_core(atoms_per_core)
        src = sim.Population(10, sim.SpikeSourcePoisson(rate=50.0), label="src")
        sim.Projection(src, cells, sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(1)),
                       sim.StaticSynapse(weight=0.004, delay=1.0))
        sim.Projection(cells, cells, sim.FixedProbabilityConnector(0.3, rng=sim.NumpyRNG(2)),
                       sim.StaticSynapse(weight=0.002, delay=2.0))
        cells.record(["spikes", "v", "v_t", "i_eta"])
        sim.run(300.0)
        seg = cells.get_data().segments[0]
        return ([np.asarray(st) for st in seg.spiketrains] +
                [np.asarray(seg.filter(name=name)[0]) for name in ("v", "v_t", "i_eta")])
    finally:
        sim.end()


def test_partition_and_threads_bit_identical():
    """The same spikes and the same v, v_t and i_eta for 12, 5 and 1 neurons per core, 1 or 2
    host threads (each neuron draws from its own stream)."""
    base = _network(None, 1)
    assert sum(len(s) for s in base[:12]) > 20
    for atoms, threads in ((5, 2), (1, 1)):
        other = _network(atoms, threads)
        for a, b in zip(other, base):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kwargs, name", [
    (dict(tau_eta=(1.0, 10.0)), "tau_eta"),
    (dict(tau_gamma=(1.0, -10.0, 100.0)), "tau_gamma"),
    (dict(a_gamma=(100.0, 0.0, 0.0)), "a_gamma"),
    (dict(a_eta=(0.1, float("nan"), 0.0)), "a_eta"),
    (dict(delta_v=0.0), "delta_v"),
    (dict(lambda0=-1.0), "lambda0"),
    (dict(tau_m=0.0), "tau_m"),
])
def test_bad_parameters_raise_naming_them(kwargs, name):
    sim.setup(timestep=DT)
    try:
        with pytest.raises(InvalidParameterValueError, match=name):
            sim.GIF_cond_exp(**kwargs)
        # per neuron, when the population is built (or set)
        pop = sim.Population(2, sim.GIF_cond_exp())
        with pytest.raises(InvalidParameterValueError, match=name):
            pop.set(**kwargs)
    finally:
        sim.end()


def test_too_small_capacitance_raises_naming_cm():
    sim.setup(timestep=DT)
    try:
        with pytest.raises(ValueError, match="cm = 0.0001 nF is too small"):
            sim.Population(1, sim.GIF_cond_exp(cm=1e-4))
            sim.run(1.0)
    finally:
        sim.end()

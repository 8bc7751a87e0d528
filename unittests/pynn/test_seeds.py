"""Random streams without an explicit seed: distinct for every population and projection,
the same every time a script runs, and another realisation for another setup(rng_seed=)."""
import numpy as np
import pytest

import pyNN.spiNNaker as sim
from spynnaker_backend.mapping.plastic_synapses import stochastic_seed


def _poisson_trains(labels, rng_seed=None, record=None):
    """Spike trains (one list of arrays per population) of 4-cell 80 Hz Poisson sources
    created with the given labels, for 300 ms."""
    kwargs = {} if rng_seed is None else {"rng_seed": rng_seed}
    sim.setup(timestep=1.0, **kwargs)
    pops = [sim.Population(4, sim.SpikeSourcePoisson(rate=80.0), label=label)
            for label in labels]
    for pop in pops:
        pop.record("spikes")
    sim.run(300.0)
    trains = [[np.asarray(st.magnitude) for st in pop.get_data("spikes").segments[0].spiketrains]
              for pop in pops]
    sim.end()
    return trains


def _same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b))


def test_populations_with_one_label_draw_different_trains():
    first, second = _poisson_trains(["input", "input"])
    assert sum(len(t) for t in first) > 50 and sum(len(t) for t in second) > 50
    assert not _same(first, second)


def test_a_population_keeps_its_train_when_others_are_added():
    alone, = _poisson_trains(["input"])
    _, with_others, _ = _poisson_trains(["other", "input", "input"])
    assert _same(alone, with_others)


def test_rng_seed_gives_another_realisation_and_repeats_it():
    default, = _poisson_trains(["input"])
    seeded, = _poisson_trains(["input"], rng_seed=7)
    again, = _poisson_trains(["input"], rng_seed=7)
    other, = _poisson_trains(["input"], rng_seed=8)
    assert _same(seeded, again)
    assert not _same(seeded, default)
    assert not _same(seeded, other)


def test_projections_with_one_label_draw_different_stochastic_synapses():
    sim.setup(timestep=1.0)
    pre = sim.Population(2, sim.SpikeSourceArray(spike_times=[1.0]), label="pre")
    post = sim.Population(2, sim.IF_curr_exp(), label="post")
    projections = [sim.Projection(pre, post, sim.OneToOneConnector(),
                                  sim.SimpleStochasticSynapse(p=0.5, weight=1.0),
                                  label="same") for _ in range(2)]
    seeds = {stochastic_seed(edge) for proj in projections for edge, _ in proj._edges}
    sim.end()
    assert len(seeds) == 2


def _noise_v(rng_seed=None):
    kwargs = {} if rng_seed is None else {"rng_seed": rng_seed}
    sim.setup(timestep=1.0, **kwargs)
    pop = sim.Population(1, sim.IF_curr_exp(), label="cell")
    noise = sim.NoisyCurrentSource(mean=0.5, stdev=0.3, dt=1.0, start=0.0, stop=100.0)
    noise.inject_into(pop)
    pop.record("v")
    sim.run(100.0)
    v = np.asarray(pop.get_data("v").segments[0].analogsignals[0].magnitude).ravel()
    sim.end()
    return v


def test_noisy_current_repeats_when_the_script_runs_again_in_one_process():
    first, second = _noise_v(), _noise_v()
    assert np.ptp(first) > 0.5
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(_noise_v(rng_seed=3), first)


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True])
def test_rng_seed_must_be_a_whole_number(bad):
    with pytest.raises(ValueError, match="rng_seed"):
        sim.setup(timestep=1.0, rng_seed=bad)


def _rewired(labels):
    """Connections (pre, post) after 200 ms of identical structurally plastic projections
    (no seed given) onto populations with the given labels."""
    sim.setup(timestep=1.0)
    pre = sim.Population(16, sim.SpikeSourcePoisson(rate=20.0), label="pre", seed=1)
    result = []
    for label in labels:
        post = sim.Population(16, sim.IF_curr_exp(), label=label)
        mechanism = sim.StructuralMechanismStatic(
            sim.RandomSelection(),
            sim.DistanceDependentFormation(grid=(4, 4), p_form_forward=0.5),
            sim.RandomByWeightElimination(0.3, prob_elim_depressed=0.2,
                                          prob_elim_potentiated=0.2),
            f_rew=2000, s_max=4, initial_weight=0.1)
        result.append(sim.Projection(pre, post, sim.FromListConnector([(0, 0, 0.1, 1.0)]),
                                     mechanism))
    sim.run(200.0)
    connections = [sorted(map(tuple, np.asarray(p.get([], format="list"), dtype=int)))
                   for p in result]
    sim.end()
    return connections


def test_structural_mechanisms_without_a_seed_rewire_each_population_apart():
    a, b = _rewired(["a", "a"])
    assert len(a) > 5 and len(b) > 5
    assert a != b
    again, _ = _rewired(["a", "other"])
    assert again == a

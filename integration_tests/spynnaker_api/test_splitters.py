"""sPyNNaker 7.4.1's splitter objects (PACMAN's and sPyNNaker's), in a script of the official
examples' style: each population's cut into cores follows its splitter, and the spikes are
those of the same network written without splitters (a run never depends on the cut)."""
import numpy as np
import pytest

import pyNN.spiNNaker as sim
from pacman.model.partitioner_splitters import (
    SplitterFixedLegacy, SplitterOneToOneLegacy)
from spynnaker.pyNN.extra_algorithms.splitter_components import (
    SplitterPoissonDelegate, SplitterPopulationVertexFixed,
    SplitterPopulationVertexNeuronsSynapses)
from spynnaker.pyNN.exceptions import SpynnakerSplitterConfigurationException
from spynnaker_backend.mapping.errors import MappingError
from spynnaker_backend.pynn import simulator


def _network(splitters):
    """A recurrent network with delays beyond the core's slots; (spikes, cores per pop)."""
    sim.setup(timestep=1.0, min_delay=1.0)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 30)
    sim.set_number_of_neurons_per_core(sim.SpikeSourcePoisson, 30)

    def extra(name):
        return {"additional_parameters": {"splitter": splitters[name]()}} if splitters else {}

    neurons = [sim.Population(n, sim.IF_curr_exp(), label=f"n{i}", **extra(f"n{i}"))
               for i, n in enumerate((100, 45))]
    fixed = sim.Population(60, sim.SpikeSourcePoisson(rate=40.0), label="fixed", seed=3,
                           **extra("fixed"))
    whole = sim.Population(60, sim.SpikeSourcePoisson(rate=30.0), label="whole", seed=4,
                           **extra("whole"))
    rng = sim.NumpyRNG(seed=11)
    for a in neurons:
        for b in neurons:
            sim.Projection(a, b, sim.FixedProbabilityConnector(0.1, rng=rng),
                           sim.StaticSynapse(weight=1.5, delay=37.0))
    sim.Projection(fixed, neurons[0], sim.FixedProbabilityConnector(0.5, rng=rng),
                   sim.StaticSynapse(weight=2.0, delay=2.0))
    sim.Projection(whole, neurons[1], sim.FixedProbabilityConnector(0.5, rng=rng),
                   sim.StaticSynapse(weight=2.0, delay=5.0))
    neurons[0].record("spikes")
    neurons[1].record("spikes")
    sim.run(300.0)
    spikes = [[list(st.magnitude) for st in p.get_data("spikes").segments[0].spiketrains]
              for p in neurons]
    graph = simulator.state.mapping.machine_graph
    cores = {p.label: len(graph.slices_of[p._vertex]) for p in neurons + [fixed, whole]}
    sim.end()
    return spikes, cores


def test_splitters_cut_the_populations_and_leave_the_spikes_alone():
    plain, plain_cores = _network(None)
    split, split_cores = _network({
        "n0": SplitterPopulationVertexFixed, "n1": SplitterPopulationVertexNeuronsSynapses,
        "fixed": SplitterFixedLegacy, "whole": SplitterOneToOneLegacy})
    # 30 neurons a core: 100 -> 4, 45 -> 2, 60 -> 2 (default); one-to-one legacy: one core
    assert plain_cores == {"n0": 4, "n1": 2, "fixed": 2, "whole": 2}
    assert split_cores == {"n0": 4, "n1": 2, "fixed": 2, "whole": 1}
    assert sum(len(s) for pop in plain for s in pop) > 50   # the network does fire
    assert split == plain


@pytest.fixture
def setup():
    sim.setup(timestep=1.0)
    yield
    sim.end()


def test_the_official_scripts_key_splitter_object_is_the_splitter(setup):
    pop = sim.Population(100, sim.SpikeSourcePoisson(rate=5.0),
                         additional_parameters={"splitter_object": SplitterOneToOneLegacy()})
    sim.run(1.0)
    assert len(simulator.state.mapping.machine_graph.slices_of[pop._vertex]) == 1


@pytest.mark.parametrize("make, match", [
    (lambda s: sim.Population(2, sim.IF_curr_exp(), additional_parameters={"splitter": 1}),
     r"splitter must be a splitter object .* not 1"),
    (lambda s: sim.Population(2, sim.SpikeSourcePoisson(), additional_parameters={
        "splitter": SplitterPopulationVertexFixed()}),
     r"SplitterPopulationVertexFixed splits neuron populations, not a SpikeSourcePoisson"),
    (lambda s: sim.Population(2, sim.IF_curr_exp(), additional_parameters={
        "splitter": SplitterPoissonDelegate()}),
     r"SplitterPoissonDelegate splits a SpikeSourcePoisson, not a IF_curr_exp"),
    (lambda s: [sim.Population(2, sim.IF_curr_exp(), label=lab,
                               additional_parameters={"splitter": s}) for lab in "ab"],
     r"SplitterFixedLegacy already governs population 'a'"),
    (lambda s: sim.Population(10, sim.IF_curr_exp(), neurons_per_core=5,
                              additional_parameters={"splitter": SplitterOneToOneLegacy()}),
     r"keeps all 10 neurons on one core, but neurons_per_core is 5"),
    (lambda s: SplitterPopulationVertexNeuronsSynapses(0),
     r"n_synapse_vertices must be a positive integer, not 0"),
])
def test_bad_splitters_raise_at_the_population(setup, make, match):
    with pytest.raises(SpynnakerSplitterConfigurationException, match=match):
        make(SplitterFixedLegacy())


def test_one_core_that_cannot_hold_the_population_fails_to_map_naming_it(setup):
    sim.Population(5000, sim.IF_curr_exp(), label="too_big",
                   additional_parameters={"splitter": SplitterOneToOneLegacy()})
    with pytest.raises(MappingError, match="too_big"):
        sim.run(1.0)
    assert np.isfinite(sim.get_current_time())

"""Application-level and per-core master population table entries give the same network:
every spike, membrane trace and Projection.get is bit-identical whichever entries the cores
hold (mapping/pop_table.py: forced 'population', forced 'per_core', and 'auto', which mixes
them), for several partitions, delays through delay extensions and 1 or 2 host threads."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.mapping import pop_table
from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.pynn import simulator


def _kinds():
    """(application-level, per-core) entries over the neuron cores of the current mapping:
    an application-level entry carries its population's mask."""
    mapping = simulator.state.mapping
    population = {(pk.key, pk.mask) for pk in mapping.routing_info.population.values()}
    device = simulator.state.device
    app = per_core = 0
    for mv, placement in mapping.placements.by_vertex.items():
        if mv.kind != "neuron":
            continue
        table = np.frombuffer(device.read_region(placement, int(Region.POP_TABLE)), "<u4")
        for e in table[1:].reshape(-1, 7):
            width = (~int(e[1]) & 0xFFFFFFFF).bit_length()
            if (int(e[0]), int(e[1])) in population and int(e[5]) < width:
                app += 1
            else:
                per_core += 1
    return app, per_core


def _network(neurons_per_core, threads=None):
    """Poisson noise (3 cores at 16 per core) and a 120-neuron excitatory / 40-neuron
    inhibitory network, delays uniform in 0.1-6 ms (beyond 3.1 ms: delay extensions), and
    a topographic stimulus (one-to-one: one stimulus core per excitatory core, which 'auto'
    keeps per core)."""
    sim.setup(timestep=0.1, threads=threads)
    rng = sim.NumpyRNG(seed=3)
    noise = sim.Population(48, sim.SpikeSourcePoisson(rate=30.0), label="noise", seed=5)
    noise.set_max_atoms_per_core(16)
    cell = sim.IF_curr_exp(tau_m=15.0, tau_refrac=2.0, i_offset=0.3)
    exc = sim.Population(120, cell, label="exc")
    inh = sim.Population(40, cell, label="inh")
    for p in (exc, inh):
        p.set_max_atoms_per_core(neurons_per_core)
    delay = sim.RandomDistribution("uniform", (0.1, 6.0), rng=sim.NumpyRNG(seed=9))
    projections = [
        sim.Projection(noise, exc, sim.FixedProbabilityConnector(0.2, rng=rng),
                       sim.StaticSynapse(weight=1.5, delay=delay)),
        sim.Projection(noise, inh, sim.FixedProbabilityConnector(0.2, rng=rng),
                       sim.StaticSynapse(weight=1.5, delay=1.0)),
        sim.Projection(exc, exc, sim.FixedProbabilityConnector(0.05, rng=rng),
                       sim.StaticSynapse(weight=0.4, delay=delay)),
        sim.Projection(exc, inh, sim.FixedProbabilityConnector(0.1, rng=rng),
                       sim.StaticSynapse(weight=0.6, delay=delay)),
        sim.Projection(inh, exc, sim.FixedProbabilityConnector(0.1, rng=rng),
                       sim.StaticSynapse(weight=1.0, delay=delay),
                       receptor_type="inhibitory"),
        sim.Projection(exc[:40], inh, sim.OneToOneConnector(),
                       sim.StaticSynapse(weight=2.0, delay=4.5)),
    ]
    stim = sim.Population(120, sim.SpikeSourcePoisson(rate=20.0), label="stim", seed=6)
    stim.set_max_atoms_per_core(neurons_per_core)
    projections.append(sim.Projection(stim, exc, sim.OneToOneConnector(),   # topographic
                                      sim.StaticSynapse(weight=2.0, delay=4.5)))
    exc.record(["spikes", "v"])
    inh.record("spikes")
    sim.run(150.0)
    kinds = _kinds()
    out = {"exc": [np.asarray(s) for s in exc.get_data().segments[0].spiketrains],
           "inh": [np.asarray(s) for s in inh.get_data().segments[0].spiketrains],
           "v": np.asarray(exc.get_data().segments[0].filter(name="v")[0]),
           "weights": [p.get(["weight", "delay"], format="array") for p in projections]}
    sim.end()
    return out, kinds


def _same(a, b):
    for name in ("exc", "inh"):
        assert all(np.array_equal(x, y) for x, y in zip(a[name], b[name])), name
    assert np.array_equal(a["v"], b["v"])
    for x, y in zip(a["weights"], b["weights"]):
        assert np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True)


@pytest.mark.parametrize("neurons_per_core", [16, 37])
def test_population_and_per_core_entries_give_the_same_network(neurons_per_core, monkeypatch):
    monkeypatch.setattr(pop_table, "ENTRIES", "per_core")
    ref, (app, per_core) = _network(neurons_per_core)
    assert app == 0 and per_core > 0
    assert sum(len(s) for s in ref["exc"]) > 200, "the network must be active"
    monkeypatch.setattr(pop_table, "ENTRIES", "population")
    got, (app, per_core) = _network(neurons_per_core, threads=2)
    assert app > 0 and per_core == 0
    _same(ref, got)
    monkeypatch.setattr(pop_table, "ENTRIES", "auto")
    got, (app, per_core) = _network(neurons_per_core)
    assert app > 0 and per_core > 0, "auto mixes both kinds on this network"
    _same(ref, got)

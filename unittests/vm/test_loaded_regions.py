"""After loading, the host keeps only the sizes of the synaptic matrices (the device holds
them): runs, resets, parameter changes and connection readback behave exactly as with the
bytes kept, and a device that lost them says so instead of running without synapses."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.mapping.dataspec.core_image import LoadedRegion
from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.pynn.simulator import state
from spynnaker_backend.vm.virtual_machine import EngineError


def _network():
    sim.setup(timestep=0.1)
    src = sim.Population(20, sim.SpikeSourcePoisson(rate=80.0), label="src")
    pop = sim.Population(30, sim.IF_curr_exp(), label="pop")
    pop.set_max_atoms_per_core(11)
    proj = sim.Projection(src, pop, sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(3)),
                          sim.StaticSynapse(weight=0.8, delay=1.5))
    pop.record(["spikes", "v"])
    return pop, proj


def _spikes(pop):
    return [np.asarray(s).tolist() for s in pop.get_data().segments[-1].spiketrains]


def test_matrices_are_released_and_everything_still_runs():
    pop, proj = _network()
    sim.run(100.0)
    first = _spikes(pop)
    assert sum(map(len, first)) > 0
    matrices = [regions[2] for regions in state.mapping.synapses.regions.values()]
    assert matrices and all(isinstance(m, LoadedRegion) for m in matrices)
    assert all(isinstance(image.regions[int(Region.SYNAPTIC_MATRIX)], LoadedRegion)
               for image in state._images.values()
               if int(Region.SYNAPTIC_MATRIX) in image.regions)
    weights = proj.get("weight", format="list")
    assert len(weights) == len(proj) and all(w == pytest.approx(0.8, abs=1e-3)
                                             for _, _, w in weights)
    sim.reset()
    sim.run(100.0)
    assert _spikes(pop) == first            # the device kept its matrices through reset
    pop.set(tau_m=5.0)
    sim.run(50.0)                           # a parameter change rewrites the rest only
    sim.end()


def test_a_device_without_the_data_refuses():
    pop, _ = _network()
    sim.run(10.0)
    placement = next(p for p, image in state._images.items()
                     if int(Region.SYNAPTIC_MATRIX) in image.regions)
    region = int(Region.SYNAPTIC_MATRIX)
    size = len(state._images[placement].regions[region])
    state.device.write_region(placement, region, b"\0" * 4)   # lose it
    with pytest.raises(EngineError, match="no longer has its data"):
        state.device.write_region(placement, region, LoadedRegion(size))
    sim.end()

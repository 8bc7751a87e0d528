"""An empty recording buffer reaches the engine as its header and a size: the region reads
back as the header and zeros, takes its full size of the chip's SDRAM, and is refused (with
the chip named) when that does not fit."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.mapping.dataspec.recording import empty_buffer
from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.pynn.simulator import state
from spynnaker_backend.vm.virtual_machine import EngineError


def _loaded():
    sim.setup(timestep=1.0)
    pop = sim.Population(5, sim.IF_curr_exp())
    pop.record("v")
    sim.run(1.0)
    return state.device, state.mapping.placements[state.mapping.machine_graph.slices_of[
        pop._vertex][0]]


def test_reads_back_as_header_and_zeros():
    device, placement = _loaded()
    region = int(Region.RECORDING_0) + 1
    device.write_region(placement, region, b"\xff" * 64)   # dirty it first
    buffer = empty_buffer(1000)
    device.write_region(placement, region, buffer)
    data = device.read_region(placement, region)
    assert len(data) == len(buffer) == 1008
    assert data == bytes(buffer)
    assert tuple(np.frombuffer(data, "<u4", count=2)) == (1000, 0)
    assert not any(data[8:])
    sim.end()


def test_counts_against_the_chips_sdram():
    device, placement = _loaded()
    with pytest.raises(EngineError, match=r"chip \(0, 0\): SDRAM needed"):
        device.write_region(placement, int(Region.RECORDING_0) + 1, empty_buffer(2 ** 31))
    sim.end()

"""setup() / end() and the module surface."""
import warnings

import numpy as np
import pytest

import pyNN.spiNNaker as sim
from pyNN import errors
from spynnaker_backend.pynn import simulator


def test_surface_exports_what_every_backend_exports():
    for name in ("setup", "end", "run", "run_until", "run_for", "reset", "initialize",
                 "get_current_time", "get_time_step", "get_min_delay", "get_max_delay",
                 "num_processes", "rank", "create", "connect", "record", "record_v",
                 "record_gsyn", "Population", "PopulationView", "Assembly", "Projection",
                 "AllToAllConnector", "OneToOneConnector", "FixedProbabilityConnector",
                 "FromListConnector", "FixedNumberPreConnector", "DistanceDependentProbabilityConnector",
                 "NumpyRNG", "RandomDistribution", "Line", "Grid2D", "Grid3D",
                 "RandomStructure", "StaticSynapse", "IF_curr_exp", "SpikeSourceArray",
                 "list_standard_models", "set_number_of_neurons_per_core", "get_machine",
                 "extra_models", "get_run_report"):
        assert hasattr(sim, name), name
    from spynnaker_backend.models import REGISTRY
    from spynnaker_backend.pynn.cells import (STANDARD_CELL_TYPES, EXTRA_CELL_TYPES,
                                              DEVICE_CELL_TYPES)
    # (PointNeuron: PyNN's composed cell type, as pyNN.nest lists it)
    assert sim.list_standard_models() == sorted([*STANDARD_CELL_TYPES, "PointNeuron"])
    assert set(STANDARD_CELL_TYPES) | set(EXTRA_CELL_TYPES) | set(DEVICE_CELL_TYPES) == \
        set(REGISTRY)
    for name in DEVICE_CELL_TYPES:   # live I/O devices: external_devices, not extra_models
        assert not hasattr(sim.extra_models, name) and hasattr(sim.external_devices, name)
    assert {"IF_curr_exp", "SpikeSourceArray"} <= set(STANDARD_CELL_TYPES)
    for name in EXTRA_CELL_TYPES:
        assert hasattr(sim.extra_models, name)


def test_setup_stores_timing_and_extras():
    sim.setup(timestep=0.5, min_delay=1.0, max_delay=20.0, threads=3, n_boards_required=2,
              n_chips_required=4, reports=True, allow_losses=True, time_scale_factor=10,
              filename="x", label="net")
    state = simulator.state
    assert (state.dt, state.min_delay, state.max_delay) == (0.5, 1.0, 20.0)
    assert sim.get_time_step() == 0.5 and sim.get_min_delay() == 1.0
    assert sim.get_max_delay() == 20.0 and sim.get_current_time() == 0.0
    assert state.n_threads == 3 and state.reports and state.allow_losses
    assert state.machine_options == {"n_boards": 2, "n_chips": 4}
    assert state.time_scale_factor == 10
    assert sim.num_processes() == 1 and sim.rank() == 0
    sim.end()


def test_setup_defaults_delays_from_timestep():
    # sPyNNaker 7.4.1: a delay extension adds 8 stages of the post core's on-core delay
    # (ours: 31 ticks of 32 ring slots), so 9 x 31 ticks in all
    sim.setup(timestep=0.1)
    assert simulator.state.min_delay == 0.1
    assert simulator.state.max_delay == pytest.approx(27.9)
    assert sim.get_max_delay() == pytest.approx(27.9)
    sim.end()
    sim.setup(timestep=0.01, min_delay=1.0)
    assert simulator.state.max_delay == pytest.approx(2.79)
    sim.end()


def test_auto_max_delay_is_reachable():
    """The longest 'auto' delay runs, and shifts the response by exactly its length
    against the same cell driven over one timestep."""
    def response(delay, extra=0.0):
        sim.setup(timestep=0.1)
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
        cell = sim.Population(1, sim.IF_curr_exp())
        sim.Projection(src, cell, sim.OneToOneConnector(),
                       sim.StaticSynapse(weight=20.0, delay=delay))
        if extra:
            with pytest.raises(errors.ConnectionError, match="max_delay"):
                sim.Projection(src, cell, sim.OneToOneConnector(),
                               sim.StaticSynapse(weight=20.0, delay=delay + extra))
        cell.record("spikes")
        sim.run(60.0)
        spikes = cell.get_data().segments[0].spiketrains[0].magnitude
        sim.end()
        return spikes

    longest = response(27.9, extra=0.1)
    shortest = response(0.1)
    assert len(shortest) >= 1
    np.testing.assert_allclose(longest, shortest[shortest < 60.0 - 27.8] + 27.8, atol=1e-9)

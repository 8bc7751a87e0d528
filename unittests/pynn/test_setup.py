"""setup() / end() and the module surface."""
import warnings

import numpy as np
import pytest

import pyNN.spiNNaker as sim
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
    sim.setup(timestep=0.1)
    assert simulator.state.min_delay == 0.1
    assert simulator.state.max_delay == pytest.approx(14.4)
    sim.end()


@pytest.mark.parametrize("kwargs, word", [
    ({"timestep": 0.0005}, "timestep"), ({"timestep": 2.0}, "timestep"),
    ({"timestep": 0.1234567}, "timestep"), ({"timestep": "x"}, "timestep"),
    ({"timestep": 1.0, "min_delay": 0.5}, "min_delay"),
    ({"timestep": 1.0, "min_delay": 2.0, "max_delay": 1.0}, "max_delay")])
def test_setup_errors_name_the_parameter(kwargs, word):
    with pytest.raises(ValueError, match=word):
        sim.setup(**kwargs)


def test_unknown_setup_keyword_warns():
    with pytest.warns(UserWarning, match="no_such_keyword"):
        sim.setup(timestep=1.0, no_such_keyword=[])
    sim.end()


def test_setup_discards_previous_network(sim):
    sim.Population(3, sim.IF_curr_exp())
    sim.setup(timestep=1.0)
    assert simulator.state.graph.vertices == []


def test_end_writes_to_file_recordings(sim, fake_run, tmp_path):
    p = sim.Population(2, sim.IF_curr_exp(), label="p")
    target = str(tmp_path / "spikes.pkl")
    p.record("spikes", to_file=target)
    fake_run(10.0, spikes={p._vertex: ([1], [3.0])})
    sim.end()
    from pyNN.recording import get_io
    block = get_io(target).read_block()
    trains = block.segments[0].spiketrains
    assert [len(t) for t in trains] == [0, 1]
    assert simulator.state.write_on_end == []
    sim.setup(timestep=1.0)


def test_set_number_of_neurons_per_core(sim):
    early = sim.Population(10, sim.IF_curr_exp())
    own = sim.Population(10, sim.IF_curr_exp())
    own.set_max_atoms_per_core(3)
    version = simulator.state.graph.structure_version
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 5)
    late = sim.Population(10, sim.IF_curr_exp)
    assert early._vertex.max_atoms_per_core == 5
    assert own._vertex.max_atoms_per_core == 3
    assert late._vertex.max_atoms_per_core == 5
    assert simulator.state.graph.structure_version > version
    src = sim.Population(2, sim.SpikeSourceArray())
    assert src._vertex.max_atoms_per_core is None
    # the limit lasts for one simulation, like the other per-model settings
    sim.end()
    sim.setup()
    assert sim.Population(10, sim.IF_curr_exp())._vertex.max_atoms_per_core is None


def test_get_run_report_is_none_before_a_run(sim):
    assert sim.get_run_report() is None


@pytest.fixture
def config_dirs(tmp_path, monkeypatch):
    """An empty home and working directory (no configuration files unless a test writes)."""
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    return home, cwd


def test_setup_reads_the_configuration(config_dirs):
    home, cwd = config_dirs
    (home / ".spynnaker.cfg").write_text(
        "[Machine]\nversion = 3\n[Simulation]\nthreads = 2\nallow_losses = True\n")
    (cwd / "spynnaker.cfg").write_text("[Simulation]\nthreads = 4\n[Reports]\nwrite = True\n")
    sim.setup(timestep=1.0)
    state = simulator.state
    assert state.n_threads == 4 and state.allow_losses and state.reports
    assert state.machine_options == {"version": 3}
    # keywords win over the files
    sim.setup(timestep=1.0, threads=1, allow_losses=False, reports=False, n_boards_required=2)
    assert state.n_threads == 1 and not state.allow_losses and not state.reports
    assert state.machine_options == {"version": 3, "n_boards": 2}
    sim.end()


def test_setup_without_configuration_uses_defaults(config_dirs):
    sim.setup(timestep=1.0)
    state = simulator.state
    assert state.n_threads is None and not state.allow_losses and not state.reports
    assert state.machine_options == {}
    sim.end()


def test_get_machine_before_and_after_a_run(config_dirs):
    sim.setup(timestep=1.0)
    p = sim.Population(10, sim.IF_curr_exp(i_offset=1.0))
    before = sim.get_machine()
    assert len(before.chips) >= 1
    sim.run(2.0)
    after = sim.get_machine()
    # sPyNNaker's Machine API over the machine the run was mapped onto
    mapped = simulator.state.mapping.machine
    assert [(c.x, c.y) for c in after.chips] == sorted(mapped.chips)
    assert len(after.chips) == len(before.chips)
    sim.end()
    (config_dirs[1] / "spynnaker.cfg").write_text("[Machine]\nversion = 3\n")
    sim.setup(timestep=1.0)
    assert len(sim.get_machine().chips) == 4      # a 4-chip board, as configured
    sim.end()

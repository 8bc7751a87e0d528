"""Population: every method of the seed document, checked against the graph."""
import numpy as np
import pytest
from pyNN import errors

from spynnaker_backend.pynn import simulator


def test_population_creates_one_vertex(sim):
    p = sim.Population(5, sim.IF_curr_exp(tau_m=12.0), label="exc", seed=7)
    vertex = p._vertex
    assert simulator.state.graph.vertices == [vertex]
    assert vertex.label == "exc" and vertex.n_atoms == 5 and vertex.seed == 7
    assert vertex.model.name == "IF_curr_exp"
    np.testing.assert_array_equal(vertex.parameters["tau_m"], [12.0] * 5)
    np.testing.assert_array_equal(vertex.state["v"], [-65.0] * 5)
    assert p.size == 5 and len(p) == 5 and p.local_size == 5 and p.label == "exc"


@pytest.mark.parametrize("value, expected", [
    (np.arange(4.0) + 10, [10, 11, 12, 13]),
    (lambda i: 10.0 + 2 * i, [10, 12, 14, 16]),
])
def test_parameter_forms_reach_vertex(sim, value, expected):
    p = sim.Population(4, sim.IF_curr_exp(tau_m=value))
    np.testing.assert_allclose(p._vertex.parameters["tau_m"], expected)


def test_random_parameters_are_seeded(sim):
    def make():
        rd = sim.RandomDistribution("uniform", (5.0, 15.0), rng=sim.NumpyRNG(seed=42))
        return sim.Population(20, sim.IF_curr_exp(tau_syn_E=rd))._vertex.parameters["tau_syn_E"]
    a, b = make(), make()
    np.testing.assert_array_equal(a, b)
    assert len(np.unique(a)) == 20 and a.min() >= 5 and a.max() <= 15


def test_random_parameters_are_checked_when_evaluated(sim):
    rd = sim.RandomDistribution("uniform", (-5.0, -1.0), rng=sim.NumpyRNG(seed=1))
    with pytest.raises(errors.InvalidParameterValueError, match="tau_m"):
        sim.Population(3, sim.IF_curr_exp(tau_m=rd))


def test_spike_times_per_neuron(sim):
    p = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0, 3.0], [2.0], []]))
    times = p._vertex.parameters["spike_times"]
    assert times.dtype == object
    np.testing.assert_array_equal(times[0], [1.0, 3.0])
    np.testing.assert_array_equal(times[2], [])
    p[1:2].set(spike_times=[5.0, 6.0])
    np.testing.assert_array_equal(p._vertex.parameters["spike_times"][1], [5.0, 6.0])
    assert simulator.state.graph.parameters_changed
    assert list(p.get("spike_times")[0].value) == [1.0, 3.0]


def test_unordered_spike_times_are_rejected(sim):
    # PyNN issue 511: unordered times are an error, not silently sorted
    with pytest.raises(errors.InvalidParameterValueError, match="increasing"):
        sim.Population(2, sim.SpikeSourceArray(spike_times=[[2.4, 4.8], [3.5, 9.6, 8.3]]))
    p = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    with pytest.raises(errors.InvalidParameterValueError, match="increasing"):
        p.set(spike_times=[5.0, 2.0])


def test_set_get_and_parameters_changed(sim):
    p = sim.Population(4, sim.IF_curr_exp())
    simulator.state.graph.parameters_changed = False
    p.set(i_offset=[0.0, 0.1, 0.2, 0.3], v_thresh=-52.0)
    np.testing.assert_allclose(p._vertex.parameters["i_offset"], [0.0, 0.1, 0.2, 0.3])
    assert simulator.state.graph.parameters_changed
    assert p.get("v_thresh") == -52.0
    i_offset, cm = p.get(["i_offset", "cm"])  # PyNN 0.13 returns a list for a list
    np.testing.assert_allclose(i_offset, [0.0, 0.1, 0.2, 0.3])
    assert cm == 1.0


def test_invalid_set_leaves_parameters_unchanged(sim):
    p = sim.Population(3, sim.IF_curr_exp())
    with pytest.raises(errors.InvalidParameterValueError, match="v_reset"):
        p.set(v_reset=-40.0)
    with pytest.raises(errors.InvalidParameterValueError, match="cm"):
        p[0:1].set(cm=0.0)
    np.testing.assert_array_equal(p._vertex.parameters["v_reset"], [-65.0] * 3)
    np.testing.assert_array_equal(p._vertex.parameters["cm"], [1.0] * 3)


def test_initialize_and_initial_values(sim):
    p = sim.Population(4, sim.IF_curr_exp(), initial_values={"v": -60.0})
    np.testing.assert_array_equal(p.initial_values["v"].evaluate(), [-60.0] * 4)
    p.initialize(v=lambda i: -70.0 + i, isyn_exc=0.5)
    np.testing.assert_array_equal(p._vertex.state["v"], [-70, -69, -68, -67])
    np.testing.assert_array_equal(p._vertex.state["isyn_exc"], [0.5] * 4)
    with pytest.raises(errors.NonExistentParameterError):
        p.initialize(w=1.0)


def test_ids_and_indices(sim):
    sim.Population(3, sim.IF_curr_exp())
    p = sim.Population(4, sim.IF_curr_exp())
    assert p.first_id == 3 and p.last_id == 6
    assert p.id_to_index(p[2]) == 2 and p.id_to_local_index(p[3]) == 3
    np.testing.assert_array_equal(p.id_to_index([4, 5]), [1, 2])
    assert p.index_to_id(1) == 4
    np.testing.assert_array_equal(p.index_to_id([0, 3]), [3, 6])
    assert list(p.all()) == list(p.all_cells) and p.is_local(p[0])
    assert len(list(p.local_cells)) == 4 and [int(c) for c in p] == [3, 4, 5, 6]


def test_celltype_queries(sim):
    p = sim.Population(2, sim.IF_curr_exp())
    s = sim.Population(2, sim.SpikeSourceArray())
    assert isinstance(p.celltype, sim.IF_curr_exp)
    assert p.conductance_based is False and s.conductance_based is False
    assert p.can_record("v") and p.can_record("gsyn_exc") and not s.can_record("v")
    assert p.find_units("tau_m") == "ms"
    assert list(p.receptor_types) == ["excitatory", "inhibitory"]
    assert "IF_curr_exp" in p.describe()
    p.annotate(kind="test")
    assert p.annotations == {"kind": "test"}


def test_create_static_and_class_with_params(sim):
    p = sim.Population.create(sim.IF_curr_exp, {"tau_m": 15.0}, n=3)
    assert p.size == 3 and p.get("tau_m") == 15.0
    with pytest.warns(DeprecationWarning):
        q = sim.Population(2, sim.IF_curr_exp, {"cm": 2.0})
    assert q.get("cm") == 2.0


def test_mapping_controls(sim):
    graph = simulator.state.graph
    p = sim.Population(10, sim.IF_curr_exp(),
                       constraints=[{"x": 1, "y": 0}],
                       additional_parameters={"seed": 3, "max_atoms_per_core": 4})
    assert p._vertex.placement_constraint == (1, 0)
    assert p._vertex.seed == 3 and p.seed == 3 and p._vertex.max_atoms_per_core == 4
    assert p.requires_mapping
    p.mark_no_changes()
    assert not p.requires_mapping
    v = graph.structure_version
    p.set_max_atoms_per_core(2)
    assert p._vertex.max_atoms_per_core == 2 and graph.structure_version > v
    assert p.requires_mapping
    p.add_placement_constraint(2, 3)
    assert p._vertex.placement_constraint == (2, 3)
    p.add_placement_constraint(2, 3, 4)
    assert p.constraints == [(2, 3, 4)]
    p.set_mapping_constraint({"x": 0, "y": 1, "p": 5})
    assert p._vertex.placement_constraint == (0, 1, 5)

    class ChipAndCoreConstraint:
        x, y, p = 7, 8, None
    p.set_constraint(ChipAndCoreConstraint())
    assert p._vertex.placement_constraint == (7, 8)
    with pytest.raises(ValueError, match="splitter"):
        sim.Population(2, sim.IF_curr_exp(), additional_parameters={"splitter": 1})


def test_set_by_selector(sim):
    p = sim.Population(4, sim.IF_curr_exp())
    p.set_by_selector(1, "tau_m", 30.0)
    p.set_by_selector([2, 3], {"tau_m": 40.0, "v_rest": -60.0})
    np.testing.assert_array_equal(p._vertex.parameters["tau_m"], [20, 30, 40, 40])
    np.testing.assert_array_equal(p._vertex.parameters["v_rest"], [-65, -65, -60, -60])


def test_structure_positions_nearest(sim, tmp_path):
    p = sim.Population(9, sim.IF_curr_exp(), structure=sim.Grid2D(dx=1.0, dy=1.0))
    assert isinstance(p.structure, sim.Grid2D)
    assert p.positions.shape == (3, 9)
    assert p.nearest(p.positions[:, 4] + 0.1) == p[4]
    assert np.allclose(p.position_generator(4), p.positions[:, 4])
    p.save_positions(str(tmp_path / "pos.txt"))
    rows = np.loadtxt(tmp_path / "pos.txt")
    assert rows.shape == (9, 4)


def test_sample(sim):
    p = sim.Population(10, sim.IF_curr_exp())
    view = p.sample(4, rng=sim.NumpyRNG(seed=5))
    assert isinstance(view, sim.PopulationView) and view.size == 4


def test_inject_on_population_view_and_id_reaches_the_vertex(sim):
    p = sim.Population(4, sim.IF_curr_exp())
    dc, step, ac = (sim.DCSource(amplitude=0.5), sim.StepCurrentSource(times=[1.0],
                    amplitudes=[0.2]), sim.ACSource(amplitude=0.1))
    p.inject(dc)
    p[1:3].inject(step)
    p[3].inject(ac)
    injected = {src.kind: ix.tolist() for src, ix in p._vertex.current_sources}
    assert injected == {"dc": [0, 1, 2, 3], "step": [1, 2], "ac": [3]}
    with pytest.raises(TypeError, match="spike source"):
        sim.Population(1, sim.SpikeSourceArray()).inject(sim.DCSource())


def test_deprecated_setters_warn_and_work(sim):
    p = sim.Population(3, sim.IF_curr_exp())
    with pytest.warns(DeprecationWarning, match="set"):
        p.tset("tau_m", np.array([10.0, 11.0, 12.0]))
    np.testing.assert_array_equal(p._vertex.parameters["tau_m"], [10, 11, 12])
    with pytest.warns(DeprecationWarning, match="set"):
        p.rset("cm", sim.RandomDistribution("uniform", (1.0, 2.0), rng=sim.NumpyRNG(1)))
    assert np.all((p._vertex.parameters["cm"] >= 1) & (p._vertex.parameters["cm"] <= 2))
    with pytest.warns(DeprecationWarning, match="initialize"):
        p.set_initial_value("v", -55.0)
    with pytest.warns(DeprecationWarning, match="initialize"):
        p.set_initial_value("v", -50.0, selector=2)
    with pytest.warns(DeprecationWarning, match="initial_values"):
        assert list(p.get_initial_value("v")) == [-55.0, -55.0, -50.0]
    with pytest.warns(DeprecationWarning, match="initial_values"):
        assert p.get_initial_value("v", selector=2) == -50.0

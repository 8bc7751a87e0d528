"""PopulationView, IDMixin and Assembly: every method of the seed document."""
import numpy as np
import pytest

from spynnaker_backend.pynn import simulator


@pytest.fixture
def pop(sim):
    return sim.Population(10, sim.IF_curr_exp(), structure=sim.Line(dx=2.0), label="p")


# ---------------------------------------------------------------------- PopulationView
def test_view_selectors_are_equivalent(sim):
    p = sim.Population(5, sim.IF_curr_exp())
    views = [sim.PopulationView(p, np.array([False, False, True, False, True])),
             sim.PopulationView(p, np.array([2, 4])), sim.PopulationView(p, slice(2, 5, 2)),
             p[[2, 4]], p[2:5:2]]
    for view in views:
        assert [int(c) for c in view.all_cells] == [2, 4]


def test_view_set_get_writes_parent_vertex(pop):
    view = pop[2:8][1::2]  # a view of a view: parent indices 3, 5, 7
    assert view.grandparent is pop and view.parent.parent is pop
    np.testing.assert_array_equal(view.index_in_grandparent([0, 1, 2]), [3, 5, 7])
    view.set(tau_m=[31.0, 32.0, 33.0])
    np.testing.assert_array_equal(pop._vertex.parameters["tau_m"][[3, 5, 7]], [31, 32, 33])
    assert pop._vertex.parameters["tau_m"][4] == 20.0
    np.testing.assert_array_equal(view.get("tau_m"), [31, 32, 33])
    view.initialize(v=-50.0)
    np.testing.assert_array_equal(pop._vertex.state["v"][[3, 5, 7]], [-50.0] * 3)
    np.testing.assert_array_equal(view.initial_values["v"].evaluate(), [-50.0] * 3)
    assert pop._vertex.state["v"][4] == -65.0


def test_view_queries(pop):
    view = pop[3:6]
    assert view.size == 3 and len(view) == 3 and view.parent is pop
    assert view.mask == slice(3, 6) and view.label.startswith("view of")
    assert view.celltype is pop.celltype and view.conductance_based is False
    assert view.can_record("v") and view.find_units("v") == "mV"
    assert view.id_to_index(view[1]) == 1
    np.testing.assert_array_equal(view.id_to_index([pop[3], pop[5]]), [0, 2])
    assert view.index_to_id(2) == pop[5]
    assert list(view.all()) == list(view.all_cells)
    assert 'parent : "p"' in view.describe()
    assert view.sample(2, rng=sim_rng()).size == 2


def sim_rng():
    import pyNN.spiNNaker as sim
    return sim.NumpyRNG(seed=3)


def test_view_positions_structure_nearest(pop):
    view = pop[[1, 4, 6]]
    assert view.structure is pop.structure
    np.testing.assert_array_equal(view.positions[0], [2.0, 8.0, 12.0])
    assert view.nearest((7.9, 0, 0)) == pop[4]
    assert np.allclose(view[1].position, [8.0, 0, 0])


def test_view_record_fills_parent_recordings(pop):
    pop[[1, 3]].record("v", sampling_interval=2.0)
    pop[[3, 5]].record(["v", "spikes"])
    rec = pop._vertex.recordings
    np.testing.assert_array_equal(rec["v"].indices, [1, 3, 5])
    assert rec["v"].sampling_interval == 2
    np.testing.assert_array_equal(rec["spikes"].indices, [3, 5])


def test_view_set_by_selector(pop):
    view = pop[4:8]
    view.set_by_selector(slice(0, 2), "i_offset", 0.5)
    np.testing.assert_array_equal(pop._vertex.parameters["i_offset"][4:8], [0.5, 0.5, 0, 0])


# ---------------------------------------------------------------------- IDMixin
def test_id_mixin(pop):
    cell = pop[4]
    assert cell.id == int(cell) == 4 and cell.celltype is pop.celltype
    assert cell.is_standard_cell and cell.local
    view = cell.as_view()
    assert isinstance(view, simulator_view_class()) and [int(c) for c in view] == [4]
    cell.tau_m = 25.0
    assert pop._vertex.parameters["tau_m"][4] == 25.0 and cell.tau_m == 25.0
    cell.set_parameters(cm=2.0, v_rest=-60.0)
    params = cell.get_parameters()
    assert params["cm"] == 2.0 and params["v_rest"] == -60.0 and params["tau_m"] == 25.0
    cell.set_initial_value("v", -55.0)
    assert cell.get_initial_value("v") == -55.0 and pop._vertex.state["v"][4] == -55.0
    cell.initialize(v=-52.0, isyn_exc=0.1)
    assert pop._vertex.state["v"][4] == -52.0 and pop._vertex.state["isyn_exc"][4] == 0.1
    np.testing.assert_array_equal(cell.position, [8.0, 0.0, 0.0])
    cell.record(["spikes", "v"])
    np.testing.assert_array_equal(pop._vertex.recordings["v"].indices, [4])
    from spynnaker_backend.pynn.electrodes import DCSource
    cell.inject(DCSource(amplitude=0.3))
    assert [ix.tolist() for src, ix in pop._vertex.current_sources] == [[4]]


def simulator_view_class():
    import pyNN.spiNNaker as sim
    return sim.PopulationView


# ---------------------------------------------------------------------- Assembly
def test_assembly_get_set_initialize_record(sim):
    a = sim.Population(3, sim.IF_curr_exp(), label="a")
    b = sim.Population(4, sim.IF_curr_exp(), label="b")
    asm = a + b[1:3]
    assert isinstance(asm, sim.Assembly) and asm.size == 5
    asm2 = sim.Assembly(a, b, label="both")
    assert asm2.label == "both" and asm2.size == 7 and asm2.get_population("b") is b
    asm.set(tau_m=np.arange(5) + 10.0)
    np.testing.assert_array_equal(a._vertex.parameters["tau_m"], [10, 11, 12])
    np.testing.assert_array_equal(b._vertex.parameters["tau_m"], [20, 13, 14, 20])
    np.testing.assert_array_equal(asm.get("tau_m"), [10, 11, 12, 13, 14])
    asm.initialize(v=-61.0)
    assert a._vertex.state["v"].tolist() == [-61.0] * 3
    assert b._vertex.state["v"].tolist() == [-65.0, -61.0, -61.0, -65.0]
    asm.record("spikes")
    assert a._vertex.recordings["spikes"].indices.tolist() == [0, 1, 2]
    assert b._vertex.recordings["spikes"].indices.tolist() == [1, 2]
    assert asm.id_to_index(b[2]) == 4 and asm.index_to_id(4) == b[2]
    assert asm.conductance_based is False
    dc = sim.DCSource(amplitude=0.3)
    asm.inject(dc)
    assert [ix.tolist() for _, ix in a._vertex.current_sources] == [[0, 1, 2]]
    assert [ix.tolist() for _, ix in b._vertex.current_sources] == [[1, 2]]


def test_assembly_functions_and_random_values_run_over_the_assembly(sim):
    a = sim.Population(2, sim.IF_curr_exp())
    b = sim.Population(3, sim.IF_curr_exp())
    asm = a + b
    asm.initialize(v=lambda i: -70.0 + i)
    assert a._vertex.state["v"].tolist() == [-70.0, -69.0]
    assert b._vertex.state["v"].tolist() == [-68.0, -67.0, -66.0]
    asm.set(cm=sim.RandomDistribution("uniform", (1.0, 2.0), rng=sim.NumpyRNG(4)))
    cm = np.concatenate([a._vertex.parameters["cm"], b._vertex.parameters["cm"]])
    assert len(np.unique(cm)) == 5 and np.all((cm >= 1) & (cm <= 2))

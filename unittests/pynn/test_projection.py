"""Projections: connector results as ApplicationEdge arrays."""
import types

import numpy as np
import pytest
from pyNN import common, errors

from spynnaker_backend.pynn import simulator


@pytest.fixture
def pops(sim):
    src = sim.Population(5, sim.SpikeSourceArray(spike_times=[[1.0]] * 5), label="src")
    dst = sim.Population(5, sim.IF_curr_exp(), label="dst")
    return src, dst


def test_one_to_one_gives_i_to_i(sim, pops):
    src, dst = pops
    prj = sim.Projection(src, dst, sim.OneToOneConnector(),
                         sim.StaticSynapse(weight=0.25, delay=3.0))
    (edge,) = prj.edges
    assert simulator.state.graph.edges == [edge]
    assert edge.pre is src._vertex and edge.post is dst._vertex and len(edge) == 5
    np.testing.assert_array_equal(edge.pre_indices, np.arange(5))
    np.testing.assert_array_equal(edge.post_indices, np.arange(5))
    np.testing.assert_array_equal(edge.weights, [0.25] * 5)
    np.testing.assert_array_equal(edge.delays, [3.0] * 5)
    assert edge.synapse_type == 0 and edge.label == "src→dst"
    assert len(prj) == 5 and prj.size() == 5 and prj.pre is src and prj.post is dst


def test_fixed_probability_is_reproducible(sim, pops):
    src, dst = pops
    edges = [sim.Projection(src, dst, sim.FixedProbabilityConnector(
        0.5, rng=sim.NumpyRNG(seed=11))).edges[0] for _ in range(2)]
    np.testing.assert_array_equal(edges[0].pre_indices, edges[1].pre_indices)
    np.testing.assert_array_equal(edges[0].post_indices, edges[1].post_indices)
    assert 0 < len(edges[0]) < 25


def test_all_to_all_with_random_weights_and_distance_delays(sim):
    a = sim.Population(3, sim.IF_curr_exp(), structure=sim.Line(dx=1.0))
    b = sim.Population(4, sim.IF_curr_exp(), structure=sim.Line(dx=1.0))
    prj = sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(
        weight=sim.RandomDistribution("uniform", (0.1, 0.2), rng=sim.NumpyRNG(2)),
        delay="1.0 + d"))
    edge = prj.edges[0]
    assert len(edge) == 12
    assert np.all((edge.weights >= 0.1) & (edge.weights <= 0.2))
    np.testing.assert_allclose(edge.delays, 1.0 + np.abs(edge.pre_indices - edge.post_indices))


def test_from_list_and_get_set_save(sim, pops, tmp_path):
    src, dst = pops
    conns = [(0, 1, 0.5, 2.0), (3, 4, 0.7, 5.0), (0, 1, 0.1, 1.0)]
    prj = sim.Projection(src, dst, sim.FromListConnector(conns, column_names=["weight", "delay"]))
    assert sorted(prj.get(["weight", "delay"], format="list")) == sorted(conns)
    w = prj.get("weight", format="array")
    assert w[0, 1] == pytest.approx(0.6) and w[3, 4] == 0.7 and np.isnan(w[1, 1])
    assert prj.get("weight", format="array", multiple_synapses="max")[0, 1] == 0.5
    in_order = [c[2] for c in prj.get("weight", format="list") if c[:2] == (0, 1)]
    assert prj.get("weight", format="array", multiple_synapses="first")[0, 1] == in_order[0]
    assert prj.get("weight", format="array", multiple_synapses="last")[0, 1] == in_order[-1]
    version = simulator.state.graph.structure_version
    prj.set(weight=0.9)
    np.testing.assert_array_equal(prj.edges[0].weights, [0.9] * 3)
    prj.set(delay=lambda d: 4.0)
    np.testing.assert_array_equal(prj.edges[0].delays, [4.0] * 3)
    assert simulator.state.graph.structure_version > version
    with pytest.raises(errors.ConnectionError, match="timestep"):
        prj.set(delay=0.5)
    np.testing.assert_array_equal(prj.edges[0].delays, [4.0] * 3)
    prj.save("all", str(tmp_path / "c.txt"), format="list")
    assert np.loadtxt(tmp_path / "c.txt").shape == (3, 4)


def test_inhibitory_weights_negative_or_positive_stored_as_magnitudes(sim, pops):
    src, dst = pops
    neg = sim.Projection(src, dst, sim.OneToOneConnector(), sim.StaticSynapse(weight=-0.5),
                         receptor_type="inhibitory")
    pos = sim.Projection(src, dst, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5),
                         receptor_type="inhibitory")
    for prj in (neg, pos):
        assert prj.edges[0].synapse_type == 1
        np.testing.assert_array_equal(prj.edges[0].weights, [0.5] * 5)
    assert neg.get("weight", format="list")[0][2] == -0.5
    guessed = sim.Projection(src, dst, sim.OneToOneConnector(), sim.StaticSynapse(weight=-1.0))
    assert guessed.receptor_type == "inhibitory"
    with pytest.raises(errors.ConnectionError, match="excitatory"):
        sim.Projection(src, dst, sim.OneToOneConnector(), sim.StaticSynapse(weight=-1.0),
                       receptor_type="excitatory")


def test_delay_errors_name_the_projection(sim, pops):
    src, dst = pops
    with pytest.raises(errors.ConnectionError, match="short.*timestep"):
        sim.Projection(src, dst, sim.OneToOneConnector(), sim.StaticSynapse(delay=0.5),
                       label="short")
    with pytest.raises(errors.ConnectionError, match="long.*max_delay"):
        sim.Projection(src, dst, sim.OneToOneConnector(), sim.StaticSynapse(delay=1000.0),
                       label="long")


def test_default_delay_is_min_delay(sim, pops):
    src, dst = pops
    prj = sim.Projection(src, dst, sim.OneToOneConnector())
    np.testing.assert_array_equal(prj.edges[0].delays, [simulator.state.min_delay] * 5)


def test_unsupported_synapse_and_target(sim, pops):
    src, dst = pops
    from pyNN.standardmodels.synapses import TsodyksMarkramSynapse
    with pytest.raises(NotImplementedError, match="StaticSynapse"):
        sim.Projection(src, dst, sim.OneToOneConnector(), TsodyksMarkramSynapse(delay=1.0))
    with pytest.raises(errors.ConnectionError, match="no synapses"):
        sim.Projection(dst, src, sim.OneToOneConnector())


def test_views_map_to_parent_indices(sim, pops):
    src, dst = pops
    prj = sim.Projection(src[[1, 3]], dst[2:4], sim.OneToOneConnector())
    edge = prj.edges[0]
    assert edge.pre is src._vertex and edge.post is dst._vertex
    np.testing.assert_array_equal(edge.pre_indices, [1, 3])
    np.testing.assert_array_equal(edge.post_indices, [2, 3])
    assert prj.get("weight", format="list")[1][:2] == (1, 1)  # indices within the views


def test_assembly_projection_splits_per_vertex_pair(sim):
    a = sim.Population(2, sim.SpikeSourceArray(), label="a")
    b = sim.Population(3, sim.SpikeSourceArray(), label="b")
    c = sim.Population(2, sim.IF_curr_exp(), label="c")
    d = sim.Population(2, sim.IF_curr_exp(), label="d")
    prj = sim.Projection(a + b, c + d[1:2], sim.AllToAllConnector(),
                         sim.StaticSynapse(weight=0.1))
    assert len(prj) == 5 * 3
    pairs = {(e.pre.label, e.post.label): e for e in prj.edges}
    assert set(pairs) == {("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")}
    assert len(pairs[("b", "c")]) == 6 and len(pairs[("a", "d")]) == 2
    np.testing.assert_array_equal(np.unique(pairs[("b", "d")].post_indices), [1])
    np.testing.assert_array_equal(np.unique(pairs[("b", "d")].pre_indices), [0, 1, 2])
    assert len(simulator.state.graph.edges) == 4


def test_machine_values_used_after_a_run(sim, pops, monkeypatch):
    src, dst = pops
    prj = sim.Projection(src[1:3], dst[2:4], sim.OneToOneConnector(),
                         sim.StaticSynapse(weight=-0.3, delay=2.0), receptor_type="inhibitory")
    edge = prj.edges[0]
    state = simulator.state
    monkeypatch.setattr(state, "running", True, raising=False)
    monkeypatch.setattr(state, "mapping", types.SimpleNamespace(
        structure_version=state.graph.structure_version), raising=False)
    monkeypatch.setattr(state, "device", object(), raising=False)
    # state.connections answers in the edge's own order
    monkeypatch.setattr(state, "connections", lambda e: (
        e.pre_indices, e.post_indices, np.array([0.3125, 0.25]), e.delays), raising=False)
    assert sorted(prj.get(["weight"], format="list")) == [(0, 0, -0.3125), (1, 1, -0.25)]
    assert prj[1].weight == -0.25 and prj[1].delay == 2.0
    # a change makes the requested values current again until the next run
    prj[1].weight = -0.5
    assert prj.get("weight", format="list", with_address=False) == [-0.3, -0.5]


def test_connections_read_and_write(sim, pops):
    src, dst = pops
    prj = sim.Projection(src, dst, sim.FromListConnector([(0, 1, 0.5, 2.0), (3, 4, 0.7, 5.0)]))
    connections = prj.connections
    assert len(connections) == 2 and isinstance(connections[0], common.Connection)
    assert connections[1].as_tuple("presynaptic_index", "postsynaptic_index", "weight",
                                   "delay") == (3, 4, 0.7, 5.0)
    version = simulator.state.graph.structure_version
    connections[0].weight, connections[0].delay = 0.25, 3.0
    assert prj.get(["weight", "delay"], format="list", with_address=False) == \
        [(0.25, 3.0), (0.7, 5.0)]
    np.testing.assert_array_equal(prj.edges[0].weights, [0.25, 0.7])
    assert simulator.state.graph.structure_version > version
    with pytest.raises(errors.ConnectionError):
        connections[0].delay = 1000.0
    assert connections[0].delay == 3.0
    with pytest.raises(IndexError):
        prj[2]


def test_procedural_connect_and_create(sim):
    a = sim.create(sim.IF_curr_exp(), n=4)
    b = sim.create(sim.IF_curr_exp(), n=4)
    prj = sim.connect(a, b, p=1.0, weight=0.2, delay=1.0)
    assert len(prj.edges[0]) == 16

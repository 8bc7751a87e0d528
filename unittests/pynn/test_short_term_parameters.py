"""TsodyksMarkramSynapse parameters per connection (U, tau_rec, tau_facil): split into one
rule per distinct set, read back as given, limits named."""
import numpy as np
import pytest
from pyNN import errors
from pyNN.random import NumpyRNG, RandomDistribution

import pyNN.spiNNaker as sim


def _network():
    sim.setup(timestep=1.0)
    pre = sim.Population(4, sim.SpikeSourceArray(spike_times=[[5.0, 30.0, 55.0]] * 4),
                         label="pre")
    post = sim.Population(4, sim.IF_curr_exp(tau_syn_E=5.0), label="post")
    return pre, post


def test_a_function_of_distance_gives_one_rule_per_value_and_reads_back():
    pre, post = _network()
    prj = sim.Projection(pre, post, sim.AllToAllConnector(),
                         sim.TsodyksMarkramSynapse(weight=0.5, U=lambda d: 0.1 + 0.2 * d,
                                                   tau_rec=200.0), label="tm")
    i, j, u = np.array(prj.get(["U"], format="list")).T
    assert np.array_equal(u, 0.1 + 0.2 * np.abs(i - j))
    # |i - j| takes 4 values: 4 edges, each with its own homogeneous rule
    rules = sorted(e.plasticity.params["U"] for e in prj.edges)
    assert np.allclose(rules, [0.1, 0.3, 0.5, 0.7])
    assert sum(len(e) for e in prj.edges) == 16
    sim.run(60.0)
    assert np.array_equal(np.array(prj.get("U", format="array")),
                          0.1 + 0.2 * np.abs(np.subtract.outer(range(4), range(4))))
    sim.end()


def test_set_per_connection_equals_giving_the_values_from_the_start():
    """The v trace after set(U=matrix) before the first run is the one of a network built
    with those U from the start (a FromListConnector's column)."""
    u = np.array([[0.2, 0.9, 0.4, 0.6]] * 4)
    traces = []
    for how in ("set", "list"):
        pre, post = _network()
        if how == "set":
            prj = sim.Projection(pre, post, sim.AllToAllConnector(),
                                 sim.TsodyksMarkramSynapse(weight=0.5, tau_rec=200.0))
            prj.set(U=u)
        else:
            conns = [(a, b, 0.5, 1.0, u[a, b]) for a in range(4) for b in range(4)]
            prj = sim.Projection(pre, post, sim.FromListConnector(
                conns, column_names=["weight", "delay", "U"]),
                sim.TsodyksMarkramSynapse(tau_rec=200.0))
        post.record("v")
        sim.run(80.0)
        traces.append(post.get_data("v").segments[0].analogsignals[0].magnitude)
        assert np.array_equal(np.array(prj.get("U", format="array")), u)
        sim.end()
    assert np.array_equal(traces[0], traces[1])
    # columns with different U really differ (U matters)
    assert not np.array_equal(traces[0][:, 0], traces[0][:, 1])


def test_too_many_distinct_parameter_sets_name_the_projection():
    pre, post = _network()
    big = sim.Population(80, sim.IF_curr_exp(), label="big")   # 320 connections
    with pytest.raises(errors.ConnectionError, match="'many'.*at most 256"):
        sim.Projection(pre, big, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(
            weight=0.5, U=RandomDistribution("uniform", (0.1, 0.9), rng=NumpyRNG(1))),
            label="many")
    sim.end()


def test_tau_rec_per_connection_must_exceed_the_synaptic_time_constant():
    pre, post = _network()
    conns = [(0, 0, 0.5, 1.0, 100.0), (1, 1, 0.5, 1.0, 3.0)]
    with pytest.raises(errors.ConnectionError, match="'short'.*tau_rec \\(3 ms\\)"):
        sim.Projection(pre, post, sim.FromListConnector(
            conns, column_names=["weight", "delay", "tau_rec"]),
            sim.TsodyksMarkramSynapse(), label="short")
    sim.end()


def test_u_outside_0_1_per_connection_is_refused():
    pre, post = _network()
    prj = sim.Projection(pre, post, sim.OneToOneConnector(),
                         sim.TsodyksMarkramSynapse(weight=0.5), label="tm")
    with pytest.raises(errors.InvalidParameterValueError, match="'tm'.*U must lie in"):
        prj.set(U=np.array([[0.5, 0, 0, 0], [0, 1.5, 0, 0], [0, 0, 0.5, 0], [0, 0, 0, 0.5]]))
    assert np.allclose(np.array(prj.get("U", format="list"))[:, 2], 0.5)   # unchanged
    sim.end()

"""STDPMechanism parameters per connection (arrays, distributions, FromListConnector
columns, set()): one rule per distinct set on the cores, read back as given, limits named.
The weights they give are checked against NEST in
integration_tests/test_stdp_per_connection_against_nest.py."""
import numpy as np
import pytest
from pyNN import errors
from pyNN.random import NumpyRNG, RandomDistribution

import pyNN.spiNNaker as sim


def _network(n=4):
    sim.setup(timestep=1.0)
    pre = sim.Population(n, sim.SpikeSourceArray(spike_times=[[5.0, 30.0, 55.0]] * n),
                         label="pre")
    post = sim.Population(n, sim.IF_curr_exp(i_offset=2.0), label="post")
    return pre, post


def _stdp(**timing):
    weight = {k: timing.pop(k) for k in ("w_min", "w_max") if k in timing}
    return sim.STDPMechanism(timing_dependence=sim.SpikePairRule(**timing),
                             weight_dependence=sim.AdditiveWeightDependence(**weight),
                             weight=0.2)


def test_a_function_of_distance_gives_one_rule_per_value_and_reads_back():
    pre, post = _network()
    prj = sim.Projection(pre, post, sim.AllToAllConnector(),
                         _stdp(A_plus=lambda d: 0.01 + 0.01 * d), label="stdp")
    i, j, a = np.array(prj.get(["A_plus"], format="list")).T
    assert np.allclose(a, 0.01 + 0.01 * np.abs(i - j))
    assert sorted(e.plasticity.params["A_plus"] for e in prj.edges) == \
        pytest.approx([0.01, 0.02, 0.03, 0.04])
    assert all(e.plasticity.params["tau_plus"] == 20.0 for e in prj.edges)
    sim.run(60.0)
    assert np.allclose(np.array(prj.get("A_plus", format="array")),
                       0.01 + 0.01 * np.abs(np.subtract.outer(range(4), range(4))))
    sim.end()


def test_set_per_connection_equals_giving_the_values_from_the_start():
    """Weights after set(w_max=..., tau_plus=...) before the first run equal those of a
    network built with the same values as FromListConnector columns."""
    w_max = np.array([[0.3, 0.5, 0.8, 1.0]] * 4)
    tau = np.array([[10.0], [20.0], [10.0], [40.0]]) * np.ones((1, 4))
    out = []
    for how in ("set", "list"):
        pre, post = _network()
        if how == "set":
            prj = sim.Projection(pre, post, sim.AllToAllConnector(), _stdp())
            prj.set(w_max=w_max, tau_plus=tau)
        else:
            conns = [(a, b, 0.2, 1.0, w_max[a, b], tau[a, b]) for a in range(4)
                     for b in range(4)]
            prj = sim.Projection(pre, post, sim.FromListConnector(
                conns, column_names=["weight", "delay", "w_max", "tau_plus"]), _stdp())
        sim.run(80.0)
        out.append(np.array(prj.get("weight", format="array")))
        assert np.array_equal(np.array(prj.get("w_max", format="array")), w_max)
        assert np.array_equal(np.array(prj.get("tau_plus", format="array")), tau)
        sim.end()
    assert np.array_equal(out[0], out[1])
    assert len(np.unique(out[0])) > 2   # the sets give different weights


def test_too_many_distinct_sets_name_the_projection_and_the_limit():
    pre, post = _network(20)
    rng = NumpyRNG(seed=1)
    with pytest.raises(errors.ConnectionError, match=r"'many'.*at most 256"):
        sim.Projection(pre, post, sim.AllToAllConnector(),
                       _stdp(A_plus=RandomDistribution("uniform", (0.01, 0.02), rng=rng)),
                       label="many")
    sim.end()


def test_bad_values_per_connection_raise():
    pre, post = _network()
    with pytest.raises(errors.InvalidParameterValueError, match="tau_plus"):
        conns = [(a, a, 0.2, 1.0, [10.0, -1.0][a % 2]) for a in range(4)]
        sim.Projection(pre, post, sim.FromListConnector(
            conns, column_names=["weight", "delay", "tau_plus"]), _stdp())
    prj = sim.Projection(pre, post, sim.OneToOneConnector(), _stdp())
    with pytest.raises(errors.InvalidParameterValueError, match="w_min"):
        prj.set(w_max=np.array([[0.5, 0, 0, 0], [0, -0.0, 0, 0], [0, 0, 1, 0],
                                [0, 0, 0, 1]]))
    sim.end()


def test_more_post_traces_than_the_cores_keep_name_the_population():
    """Each distinct tau_minus onto a population is a post trace per neuron: at most 4."""
    pre, post = _network(6)
    conns = [(a, a, 0.2, 1.0, 10.0 + 5 * a) for a in range(6)]
    sim.Projection(pre, post, sim.FromListConnector(
        conns, column_names=["weight", "delay", "tau_minus"]), _stdp(), label="tm")
    with pytest.raises(Exception, match=r"population 'post'.*6 post-synaptic traces.*at "
                                        r"most 4"):
        sim.run(10.0)
    sim.end()

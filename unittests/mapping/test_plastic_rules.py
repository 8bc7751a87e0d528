"""Rules beyond the pair rule, in process: Vogels2011Rule (PyNN's and sPyNNaker's
signatures, errors, parameters read back, inhibitory conductance projections against the
rule's definition).  NEST comparisons are in integration_tests/test_vogels_against_nest.py."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim
from pyNN import errors

from spynnaker.pyNN import extra_models
from spynnaker_backend.vm.virtual_machine import EngineError

from images import corrupt_first_rule


def test_vogels_accepts_pynn_and_spynnaker_signatures():
    assert extra_models.Vogels2011Rule is sim.Vogels2011Rule
    pynn = sim.Vogels2011Rule(tau=25.0, eta=0.002, rho=4.0)
    spy = extra_models.Vogels2011Rule(alpha=0.2, tau=25.0, A_plus=0.002, A_minus=0.5)
    for rule in (pynn, spy):
        p = {k: float(rule.parameter_space[k].base_value) for k in ("tau", "eta", "rho")}
        assert p == pytest.approx({"tau": 25.0, "eta": 0.002, "rho": 4.0})
    with pytest.raises(errors.InvalidParameterValueError, match="rho .* or alpha"):
        sim.Vogels2011Rule(alpha=0.1, rho=3.0)


def test_vogels_needs_additive_bounds():
    sim.setup(timestep=1.0)
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    b = sim.Population(1, sim.IF_curr_exp())
    with pytest.raises(errors.InvalidModelError, match="AdditiveWeightDependence"):
        sim.Projection(a, b, sim.OneToOneConnector(), sim.STDPMechanism(
            timing_dependence=sim.Vogels2011Rule(),
            weight_dependence=sim.MultiplicativeWeightDependence(w_max=1.0)))
    sim.end()


def _vogels_inhibitory_cond(eta=0.004, rho=3.0, tau=20.0, w0=0.01, w_max=0.05):
    """Pre spikes at 20 and 420 ms, 800 ms; the post cell fires (driven by a teacher) at a
    known time between: one symmetric pairing, every pre spike depresses by eta alpha."""
    sim.setup(timestep=1.0, min_delay=1.0)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[20.0, 420.0, 800.0]))
    teacher = sim.Population(1, sim.SpikeSourceArray(spike_times=[400.0]))
    post = sim.Population(1, sim.IF_cond_exp(tau_refrac=30.0))
    sim.Projection(teacher, post, sim.OneToOneConnector(),
                   sim.StaticSynapse(weight=1.0, delay=1.0), receptor_type="excitatory")
    proj = sim.Projection(pre, post, sim.OneToOneConnector(), sim.STDPMechanism(
        timing_dependence=sim.Vogels2011Rule(tau=tau, eta=eta, rho=rho),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
        weight=w0, delay=3.0), receptor_type="inhibitory")
    post.record("spikes")
    sim.run(850.0)
    t_post = np.asarray(post.get_data("spikes").segments[0].spiketrains[0].magnitude)
    w = float(np.asarray(proj.get("weight", format="list"))[0, 2])
    return t_post, w, proj


def test_vogels_on_an_inhibitory_conductance_projection_follows_the_rule():
    eta, rho, tau, w0 = 0.004, 3.0, 20.0, 0.01
    t_post, w, proj = _vogels_inhibitory_cond(eta, rho, tau, w0)
    assert len(t_post) == 1
    eff = t_post[0] + 3.0 - 420.0   # post before the delayed pre: potentiated at 420
    alpha = 2 * rho * tau * 1e-3
    expected = w0 + eta * np.exp(-abs(eff) / tau) - 3 * eta * alpha
    scale_step = 0.05 / 2 ** 15   # w_max over the 16-bit plastic units, or finer
    assert abs(w - expected) < 2 * scale_step, (w, expected)
    assert proj.get("rho", format="list")[0][2] == rho
    # the rule's parameters are settable per projection and reach the cores at the next run
    # (a rule change re-maps: the run starts again from the initial weights); eta = 0 learns
    # nothing over the same spikes
    with pytest.warns(UserWarning, match="re-mapped"):
        proj.set(eta=0.0)
        sim.run(850.0)
    assert abs(float(np.asarray(proj.get("weight", format="list"))[0, 2]) - w0) < scale_step
    sim.end()


def test_core_rejects_a_vogels_rule_with_another_weight_dependence():
    _vogels_inhibitory_cond()
    with pytest.raises(EngineError, match="plastic rule malformed"):
        corrupt_first_rule("weight", 1)   # multiplicative
    sim.end()


def test_triplet_rule_and_weight_dependence_go_together():
    sim.setup(timestep=1.0)
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    b = sim.Population(1, sim.IF_curr_exp())
    for timing, weight in ((extra_models.PfisterSpikeTriplet(), sim.AdditiveWeightDependence()),
                           (sim.SpikePairRule(), extra_models.WeightDependenceAdditiveTriplet())):
        with pytest.raises(errors.InvalidModelError, match="go together"):
            sim.Projection(a, b, sim.OneToOneConnector(), sim.STDPMechanism(
                timing_dependence=timing, weight_dependence=weight))
    sim.end()


def test_core_rejects_a_triplet_rule_without_its_second_trace():
    sim.setup(timestep=1.0)
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0, 5.0]))
    b = sim.Population(1, sim.IF_curr_exp())
    proj = sim.Projection(a, b, sim.OneToOneConnector(), sim.STDPMechanism(
        timing_dependence=extra_models.PfisterSpikeTriplet(),
        weight_dependence=extra_models.WeightDependenceAdditiveTriplet(), weight=0.5))
    sim.run(10.0)
    assert proj.get("tau_x", format="list")[0][2] == 101.0
    with pytest.raises(EngineError, match="plastic rule malformed"):
        corrupt_first_rule("post_trace2", 7)   # beyond the post traces
    sim.end()


def _rule_net(kind, npc, threads):
    sim.setup(timestep=1.0, min_delay=1.0, threads=threads)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, npc)
    rs = np.random.RandomState(7)
    trains = [np.unique(rs.randint(1, 600, 25)).astype(float) for _ in range(30)]
    pre = sim.Population(30, sim.SpikeSourceArray(spike_times=trains))
    post = sim.Population(12, sim.IF_curr_exp(i_offset=1.0))
    if kind == "vogels":
        timing = sim.Vogels2011Rule(tau=20.0, eta=0.002, rho=10.0)
        weight = sim.AdditiveWeightDependence(w_min=0.0, w_max=0.5)
    else:
        timing = extra_models.PfisterSpikeTriplet(A_plus=0.01, A_minus=0.01)
        weight = extra_models.WeightDependenceAdditiveTriplet(w_max=0.5, A3_plus=0.01,
                                                              A3_minus=0.005)
    proj = sim.Projection(pre, post, sim.AllToAllConnector(), sim.STDPMechanism(
        timing_dependence=timing, weight_dependence=weight, weight=0.2,
        delay=sim.RandomDistribution("uniform_int", (1, 20),
                                     rng=sim.NumpyRNG(seed=3))), label=kind,
        receptor_type="inhibitory" if kind == "vogels" else "excitatory")
    return proj


@pytest.mark.parametrize("kind", ["vogels", "triplet"])
def test_vogels_and_triplet_split_runs_partitions_threads_and_reset(kind):
    results = []
    for npc, threads, split in ((256, 1, False), (5, 2, True), (7, 1, True)):
        proj = _rule_net(kind, npc, threads)
        for t in ((300.0, 300.0) if split else (600.0,)):
            sim.run(t)
        results.append(np.asarray(proj.get("weight", format="list"))[:, 2])
        if npc == 7:
            sim.reset()
            assert np.all(np.asarray(proj.get("weight", format="list"))[:, 2] == 0.2)
            sim.run(600.0)
            results.append(np.asarray(proj.get("weight", format="list"))[:, 2])
        sim.end()
    assert np.max(np.abs(results[0] - 0.2)) > 0.01   # the rule did change the weights
    for other in results[1:]:
        np.testing.assert_array_equal(results[0], other)

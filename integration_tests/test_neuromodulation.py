"""Dopamine-modulated STDP on the cores (issue 16): sPyNNaker's own check scenario against
its analytic value, every weight of a small network against the rule in float64
(reference/neuromodulation_model.py) on the recorded spikes, and the determinism the cores
promise (neurons per core, threads, split runs, reset).

Bound (derived): a weight is rounded to its 16-bit plastic unit (1/scale) once per update
(each pre spike, each flush of its target), the eligibility trace to 2^-8 of that unit; the
decay LUTs are exact to 2^-31 and dopamine weights to 2^-9 of a plastic unit of D.  So a
weight is within (updates / 2 + 1) plastic units of the float64 rule; every synapse here sees
fewer than 40 updates: 20 units.
"""
import math

import numpy as np
import pytest

import pyNN.spiNNaker as sim

from reference.neuromodulation_model import neuromod_weight

A_PLUS, A_MINUS, TAU_PLUS, TAU_MINUS = 1.0, 1.2, 10.0, 12.0
TAU_C, TAU_D, W_MAX = 200.0, 50.0, 5.0
REWARD = [300.0 + k for k in range(30)] + [700.0, 720.0, 1100.0]
PUNISH = [900.0 + k for k in range(20)] + [1300.0]
PRE = [[50, 120, 290, 400, 610, 850, 1000, 1250], [60, 280, 295, 640, 880, 1240],
       [100, 200, 305, 690, 1050], [10, 500, 890, 1210]]
PRE_FAR = [[70, 260, 640, 1020], [130, 275, 870, 1190]]    # delay 20 ms: a delay extension
STIM = [[55, 125, 283, 298, 405, 615, 860, 1005, 1255], [65, 112, 292, 650, 885, 1245],
        [105, 205, 310, 515, 700, 1060, 1215]]
END = 1500.0       # every pre neuron fires once more at END - 50: every weight up to date


def build():
    pre = sim.Population(4, sim.SpikeSourceArray(spike_times=[p + [END - 50] for p in PRE]),
                         label="pre")
    far = sim.Population(2, sim.SpikeSourceArray(spike_times=[p + [END - 50]
                                                              for p in PRE_FAR]), label="far")
    stim = sim.Population(3, sim.SpikeSourceArray(spike_times=STIM), label="stim")
    reward = sim.Population(1, sim.SpikeSourceArray(spike_times=REWARD), label="reward")
    punish = sim.Population(1, sim.SpikeSourceArray(spike_times=PUNISH), label="punish")
    post = sim.Population(3, sim.IF_curr_exp(tau_syn_E=1.0, tau_refrac=2.0), label="post")
    post.record("spikes")
    sim.Projection(stim, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=30.0))

    def stdp(delay):
        return sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=TAU_PLUS, tau_minus=TAU_MINUS,
                                                A_plus=A_PLUS, A_minus=A_MINUS),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
            weight=1.0, delay=delay)
    near = sim.Projection(pre, post, sim.AllToAllConnector(), stdp(1.0), label="near")
    dop = sim.extra_models.Neuromodulation(weight=0.05, tau_c=TAU_C, tau_d=TAU_D,
                                           w_max=W_MAX)
    sim.Projection(reward, post, sim.AllToAllConnector(), dop, receptor_type="reward")
    sim.Projection(punish, post, sim.AllToAllConnector(),
                   sim.extra_models.Neuromodulation(weight=0.03, tau_c=TAU_C, tau_d=TAU_D,
                                                    w_max=W_MAX),
                   receptor_type="punishment")
    # created after the dopamine projections: it becomes neuromodulated too
    distant = sim.Projection(far, post, sim.AllToAllConnector(), stdp(20.0), label="distant")
    return post, {"near": near, "distant": distant}


def run(chunks=(END,), atoms_per_core=None, threads=None):
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=40.0, threads=threads)
    if atoms_per_core:
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, atoms_per_core)
    post, projs = build()
    for c in chunks:
        sim.run(c)
    weights = {k: np.array(p.get(["weight", "delay"], format="list")) for k, p in projs.items()}
    spikes = [np.asarray(st.magnitude) for st in post.get_data("spikes").segments[0].spiketrains]
    report = sim.get_run_report()
    sim.end()
    return weights, spikes, report


@pytest.fixture(scope="module")
def reference_run():
    return run()


def test_official_scenario_matches_izhikevich_formula():
    """sPyNNaker's stdp_neuromodulation_test.py (PyNNExamples): pre 1500 ms, post 1503 ms
    (reaching the synapse at 1504), dopamine 0.1 arriving at 1601 ms, next pre 2400 ms; its
    docstring's value from Izhikevich (2007)'s equations is 10.0552710 (SpiNNaker: 10.0654)."""
    sim.setup(timestep=1.0)
    cells = {"cm": 0.3, "tau_m": 10.0, "tau_refrac": 4.0, "tau_syn_E": 1.0, "tau_syn_I": 1.0,
             "v_reset": -70.0, "v_rest": -65.0, "v_thresh": -55.4}
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[1500, 2400]))
    reward = sim.Population(1, sim.SpikeSourceArray(spike_times=[1600]))
    stim = sim.Population(1, sim.SpikeSourceArray(spike_times=[1502]))
    post = sim.Population(1, sim.IF_curr_exp(**cells))
    post.record("spikes")
    sim.Projection(stim, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=6))
    plastic = sim.Projection(pre, post, sim.AllToAllConnector(), sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=10, tau_minus=12, A_plus=1, A_minus=1),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0, w_max=20), weight=0.0))
    sim.Projection(reward, post, sim.AllToAllConnector(), sim.extra_models.Neuromodulation(
        tau_c=1000, tau_d=200, weight=0.1, w_max=20.0), receptor_type="reward")
    sim.run(3000)
    w = plastic.get("weight", "list")[0][2]
    assert float(post.get_data("spikes").segments[0].spiketrains[0][0]) == 1503.0
    sim.end()
    tau_s = 1 / (1 / 1000 + 1 / 200)
    c = math.exp(-4 / 10) * math.exp(-97 / 1000)
    expected = c * 0.1 * tau_s * (1 - math.exp(-799 / tau_s))
    assert expected == pytest.approx(10.0552710, abs=1e-7)
    assert w == pytest.approx(expected, abs=2e-3)   # measured: 1e-4 (20 / 2^16 units)


def test_weights_follow_the_rule_in_float64(reference_run):
    weights, spikes, report = reference_run
    assert all(len(s) >= 5 for s in spikes), "every target must fire"
    d_times = np.array(REWARD + PUNISH) + 1.0    # the dopamine projections' delay: 1 ms
    d_jumps = np.array([0.05] * len(REWARD) + [-0.03] * len(PUNISH))
    trains = {"near": [p + [END - 50] for p in PRE], "distant": [p + [END - 50]
                                                                   for p in PRE_FAR]}
    unit = W_MAX / 2 ** 15       # a plastic unit is at most w_max / 2^15
    moved = 0
    for name, rows in weights.items():
        assert len(rows) == 3 * len(trains[name])
        for i, j, w, d in rows:
            expected = neuromod_weight(1.0, trains[name][int(i)], spikes[int(j)],
                                       (d_times, d_jumps), d, A_PLUS, A_MINUS, TAU_PLUS,
                                       TAU_MINUS, TAU_C, TAU_D, 0.0, W_MAX)
            assert abs(w - expected) <= 20 * unit, (name, i, j, w, expected)
            moved += abs(expected - 1.0) > 0.05
    assert moved >= 10, "the dopamine must move most weights"
    assert report["populations"]["post"]["history_overflows"] == 0


def test_bit_identical_for_neurons_per_core_threads_and_split_runs(reference_run):
    ref, ref_spikes, _ = reference_run
    for kwargs in ({"atoms_per_core": 1, "threads": 2}, {"chunks": (299.0, 512.0, 689.0)}):
        got, spikes, _ = run(**kwargs)
        for k in ref:
            np.testing.assert_array_equal(got[k], ref[k])
        for a, b in zip(spikes, ref_spikes):
            np.testing.assert_array_equal(a, b)


def test_reset_restores_weights_and_dopamine(reference_run):
    ref, _, _ = reference_run
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=40.0)
    _, projs = build()
    initial = projs["near"].get("weight", format="list")
    sim.run(END)
    first = np.array(projs["near"].get(["weight", "delay"], format="list"))
    np.testing.assert_array_equal(first, ref["near"])
    sim.reset()
    assert projs["near"].get("weight", format="list") == initial
    sim.run(END)
    np.testing.assert_array_equal(
        np.array(projs["near"].get(["weight", "delay"], format="list")), first)
    sim.end()


def test_unsupported_combinations_raise():
    sim.setup(timestep=1.0)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    post = sim.Population(1, sim.IF_curr_exp())
    with pytest.raises(Exception, match="Neuromodulation"):
        sim.Projection(src, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=1.0),
                       receptor_type="reward")
    with pytest.raises(Exception, match="reward"):
        sim.Projection(src, post, sim.AllToAllConnector(),
                       sim.extra_models.Neuromodulation(weight=0.1), receptor_type="excitatory")
    sim.Projection(src, post, sim.AllToAllConnector(), sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(),
        weight_dependence=sim.MultiplicativeWeightDependence(w_max=1.0), weight=0.5))
    with pytest.raises(NotImplementedError, match="AdditiveWeightDependence"):
        sim.Projection(src, post, sim.AllToAllConnector(),
                       sim.extra_models.Neuromodulation(weight=0.1), receptor_type="reward")
    sim.end()

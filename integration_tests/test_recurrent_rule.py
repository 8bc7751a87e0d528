"""extra_models.RecurrentRule (sPyNNaker's accumulator-and-window rule) on the cores.

Checked (a) against the rule evaluated in float64 event by event on the recorded spikes
(reference/recurrent_model.py: the state machines and weight arithmetic written again from
the rule's definition), for both variants, multiplicative and additive, delays 1, 3 and 20
ms (a delay extension); (b) the window law itself: the fraction of synapses a single
pairing potentiates against P(window > dt) of the exponential law (a binomial bound, no
shared code); (c) bit-identity over neurons per core and threads; (d) sPyNNaker's two
official scripts that use the rule.
"""
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import pyNN.spiNNaker as sim

from reference.recurrent_model import (RecurrentSynapse, expected_potentiation,
                                       window_probability, window_table)
from spynnaker_backend.mapping.plastic_synapses import stochastic_seed

CELL = dict(cm=1.0, tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0,
            tau_refrac=2.0, tau_syn_E=5.0, tau_syn_I=5.0)
W_MAX = 0.1
RULE = dict(accumulator_depression=-2, accumulator_potentiation=2, mean_pre_window=12.0,
            mean_post_window=18.0, A_plus=0.2, A_minus=0.15)


def _trains(rng, n, rate, t_end):
    return [np.unique(np.floor(rng.uniform(10, t_end, rng.poisson(rate * t_end / 1000))))
            for _ in range(n)]


def random_run(dual, weight="multiplicative", delay=1.0, n_pre=30, n_post=3, t_end=3000.0,
               atoms_per_core=None, threads=None):
    """Random pre trains onto teacher-driven post cells through an all-to-all RecurrentRule
    projection; every pre neuron fires once more after the teachers stop (so that the cores
    hold every post spike's effect).  Returns spikes (ticks) and the final weights."""
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=40.0, threads=threads)
    if atoms_per_core:
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, atoms_per_core)
        sim.set_number_of_neurons_per_core(sim.SpikeSourceArray, atoms_per_core)
    rng = np.random.default_rng(11)
    last = t_end + 100.0
    pre_times = [np.append(t, last) for t in _trains(rng, n_pre, 15.0, t_end)]
    pre = sim.Population(n_pre, sim.SpikeSourceArray(spike_times=pre_times), label="pre")
    teacher = sim.Population(n_post, sim.SpikeSourceArray(
        spike_times=_trains(rng, n_post, 12.0, t_end)), label="teacher")
    post = sim.Population(n_post, sim.IF_curr_exp(**CELL), label="post")
    sim.Projection(teacher, post, sim.OneToOneConnector(),
                   sim.StaticSynapse(weight=40.0, delay=1.0))
    wd = (sim.MultiplicativeWeightDependence if weight == "multiplicative" else
          sim.AdditiveWeightDependence)(w_min=0.0, w_max=W_MAX)
    rule = sim.extra_models.RecurrentRule(dual_fsm=dual, **RULE)
    proj = sim.Projection(pre, post, sim.AllToAllConnector(),
                          sim.STDPMechanism(timing_dependence=rule, weight_dependence=wd,
                                            weight=W_MAX / 2, delay=delay), label="rec")
    pre.record("spikes")
    post.record("spikes")
    sim.run(last + 50.0)
    w = np.array(proj.get("weight", format="list", with_address=True))
    out = {"i": w[:, 0].astype(int), "j": w[:, 1].astype(int), "w": w[:, 2],
           "pre": [np.rint(np.asarray(s.magnitude)).astype(int) for s in
                   pre.get_data("spikes").segments[0].spiketrains],
           "post": [np.rint(np.asarray(s.magnitude)).astype(int) for s in
                    post.get_data("spikes").segments[0].spiketrains],
           "seed": stochastic_seed(SimpleNamespace(label=proj.label))}
    sim.end()
    return out


@pytest.mark.parametrize("dual,weight,delay", [
    (True, "multiplicative", 1.0), (False, "multiplicative", 1.0), (True, "additive", 3.0),
    (False, "additive", 3.0), (False, "multiplicative", 20.0)])
def test_weights_against_float64_rule(dual, weight, delay):
    run = random_run(dual, weight, delay)
    assert all(len(p) > 20 for p in run["post"])
    params = dict(RULE, dual_fsm=dual, w_min=0.0, w_max=W_MAX, weight=weight)
    expected = np.array([
        RecurrentSynapse(params, W_MAX / 2, run["seed"], i, j).run(
            run["pre"][i], run["post"][j], int(delay))
        for i, j in zip(run["i"], run["j"])])
    err = np.abs(run["w"] - expected)
    assert err.max() < 2e-3 * W_MAX, (err.max(), np.argmax(err))
    # the rule did something in both directions (not a test that cannot fail)
    moved = run["w"] - W_MAX / 2
    assert (moved > 0.05 * W_MAX).sum() >= 5 and (moved < -0.05 * W_MAX).sum() >= 5


def test_bit_identical_for_neurons_per_core_and_threads():
    ref = random_run(False, n_post=5, t_end=1500.0)
    for apc, threads in ((2, 1), (7, 2)):
        got = random_run(False, n_post=5, t_end=1500.0, atoms_per_core=apc, threads=threads)
        order_ref = np.lexsort((ref["j"], ref["i"]))
        order = np.lexsort((got["j"], got["i"]))
        assert np.array_equal(ref["w"][order_ref], got["w"][order])


def window_run(dual, mean=20.0, offsets=(1, 4, 9, 19, 39), n_per=400, delay=1.0):
    """One pairing per synapse: each group of n_per pre neurons fires at 300 ms, its post
    cell (driven by a teacher) fires offsets[k] ms after the pre spike reaches it, and the
    pre neurons fire again at 600 ms to apply the deferred update.  Post cells fire once
    early (at ~3 ms) so that the pre spike counts (sPyNNaker applies a pre spike only once
    its target has fired).  Returns (measured offsets, fraction potentiated per group)."""
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=10.0)
    k = len(offsets)
    pre = sim.Population(k * n_per, sim.SpikeSourceArray(spike_times=[300.0, 600.0]),
                         label="pre")
    teach_times = [[1.0, 300.0 + delay + o - 2.0] for o in offsets]
    teacher = sim.Population(k, sim.SpikeSourceArray(spike_times=teach_times), label="t")
    post = sim.Population(k, sim.IF_curr_exp(**CELL), label="post")
    sim.Projection(teacher, post, sim.OneToOneConnector(),
                   sim.StaticSynapse(weight=40.0, delay=1.0))
    rule = sim.extra_models.RecurrentRule(
        accumulator_depression=0, accumulator_potentiation=1, mean_pre_window=mean,
        mean_post_window=mean, dual_fsm=dual, A_plus=0.5, A_minus=0.0)
    conns = [(g * n_per + m, g) for g in range(k) for m in range(n_per)]
    proj = sim.Projection(pre, post, sim.FromListConnector(conns), sim.STDPMechanism(
        timing_dependence=rule, weight_dependence=sim.AdditiveWeightDependence(0.0, 0.01),
        weight=0.0, delay=delay))
    post.record("spikes")
    sim.run(700.0)
    w = np.array(proj.get("weight", format="list", with_address=True))
    posts = [np.asarray(s.magnitude) for s in post.get_data("spikes").segments[0].spiketrains]
    sim.end()
    measured = [int(p[(p > 250) & (p < 600)][0] + delay - 300.0) for p in posts]
    potentiated = w[:, 2] > 0.0025
    frac = [potentiated[w[:, 1].astype(int) == g].mean() for g in range(k)]
    return measured, frac


@pytest.mark.parametrize("dual", [True, False])
def test_window_law(dual):
    mean, n_per = 20.0, 400
    measured, frac = window_run(dual, mean=mean, n_per=n_per)
    table = window_table(mean, 1.0)
    for dt, f in zip(measured, frac):
        p = window_probability(table, dt)
        # the 11-bit quantiles follow the exponential law closely
        assert abs(p - expected_potentiation(mean, 1.0, dt)) < 2e-3
        sigma = np.sqrt(p * (1 - p) / n_per)
        assert abs(f - p) < 4 * sigma + 1e-9, (dt, f, p)
    assert frac[0] > 0.8 and frac[-1] < 0.25   # the law, not a constant


OFFICIAL = Path("/work/examples_official/PyNNExamples/examples/extra_models_examples")


@pytest.mark.skipif(not OFFICIAL.is_dir(), reason="sPyNNaker's PyNNExamples not fetched")
@pytest.mark.parametrize("script", ["stdp_associative_memory.py",
                                    "stdp_mad_recurrent_pre_stochastic_multiplicative.py"])
def test_official_script(script, tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg")
    res = subprocess.run([sys.executable, str(OFFICIAL / script)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    line = [x for x in res.stdout.splitlines() if x.startswith("Final weights")][0]
    w = float(line.split("[")[1].rstrip("]"))
    # the teacher forces a post spike 5 ms after every second stimulus: the rule
    # potentiates the stimulus synapse from 2.0 towards w_max = 16
    assert 2.0 < w <= 16.0

"""Neuromodulated STDP against NEST's stdp_dopamine_synapse (volume transmitter) on a
protocol of known spike times, and both against the rule in float64.

NEST runs parrot neurons (reference/nest_dopamine.py) firing at the protocol's times; the
cores run SpikeSourceArrays and IF_curr_exp targets driven to fire at the same times (checked).
The relation (derived, docs/plasticity.md section 8): NEST's dopamine n jumps by 1/tau_n per
spike where ours jumps by the Neuromodulation weight, so NEST gets A * weight * tau_d; its
dopamine counts at its arrival at the volume transmitter, ours at the reward spike's time plus
the projection's delay; its b is 0.  NEST has no negative dopamine: the protocol rewards only
(punishment is checked against the float64 rule in test_neuromodulation.py).
Bounds: NEST against the float64 rule 1e-6 w_max (it is float64 too); ours against both 20
plastic units (w_max / 2^15 each: the bound of test_neuromodulation.py).
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pytest

import pyNN.spiNNaker as sim

from reference.neuromodulation_model import neuromod_weight

pytest.importorskip("nest")

HERE = os.path.dirname(os.path.abspath(__file__))
PRE = [[50, 120, 290, 400, 610, 850, 1000, 1250, 2900], [60, 280, 295, 640, 880, 1240, 2900],
       [100, 303, 330, 700, 1120, 2900]]
POST = [[55, 125, 283, 298, 405, 615, 860, 1005, 1255], [65, 112, 292, 650, 885, 1245],
        [20, 305, 318, 705, 1100]]
DOPAMINE = [301 + k for k in range(30)] + [701, 721, 1101]   # arrival at the synapses
WD, A_PLUS, A_MINUS, TAU_PLUS, TAU_MINUS, TAU_C, TAU_D = 0.05, 1.0, 1.2, 10.0, 12.0, 200.0, 50.0
W0, W_MAX, END = 1.0, 5.0, 3000.0


def run_nest(delay):
    args = dict(pre=PRE, stim=POST, dopamine=DOPAMINE, delay=delay, a_plus=A_PLUS * WD * TAU_D,
                a_minus=A_MINUS * WD * TAU_D, tau_plus=TAU_PLUS, tau_minus=TAU_MINUS,
                tau_c=TAU_C, tau_d=TAU_D, w0=W0, w_min=0.0, w_max=W_MAX, end=END)
    with tempfile.TemporaryDirectory() as tmp:
        a, out = os.path.join(tmp, "args.json"), os.path.join(tmp, "out.json")
        with open(a, "w") as f:
            json.dump(args, f)
        subprocess.run([sys.executable, os.path.join(HERE, "reference", "nest_dopamine.py"),
                        a, out], check=True, capture_output=True, timeout=600)
        with open(out) as f:
            return json.load(f)


def run_ours(delay):
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=40.0)
    pre = sim.Population(len(PRE), sim.SpikeSourceArray(spike_times=PRE))
    stim = sim.Population(len(POST), sim.SpikeSourceArray(
        spike_times=[[t - 1 for t in p] for p in POST]))
    reward = sim.Population(1, sim.SpikeSourceArray(spike_times=[t - 1 for t in DOPAMINE]))
    post = sim.Population(len(POST), sim.IF_curr_exp(tau_syn_E=1.0, tau_refrac=2.0))
    post.record("spikes")
    sim.Projection(stim, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=30.0))
    plastic = sim.Projection(pre, post, sim.AllToAllConnector(), sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=TAU_PLUS, tau_minus=TAU_MINUS,
                                            A_plus=A_PLUS, A_minus=A_MINUS),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
        weight=W0, delay=float(delay)))
    sim.Projection(reward, post, sim.AllToAllConnector(), sim.extra_models.Neuromodulation(
        weight=WD, tau_c=TAU_C, tau_d=TAU_D, w_max=W_MAX), receptor_type="reward")
    sim.run(END)
    weights = plastic.get("weight", format="list")
    spikes = [st.magnitude.tolist() for st in post.get_data("spikes").segments[0].spiketrains]
    sim.end()
    return {"spikes": spikes, "weights": weights}


@pytest.mark.parametrize("delay", [1, 5])
def test_weights_match_nest_stdp_dopamine_synapse(delay):
    nest, ours = run_nest(delay), run_ours(delay)
    # small spikes of the plastic input never make a target fire: both fire at POST exactly
    assert nest["spikes"] == [[float(t) for t in p] for p in POST]
    assert ours["spikes"] == nest["spikes"]
    dopamine = (np.array(DOPAMINE, float), np.full(len(DOPAMINE), WD))
    w_nest = {(int(i), int(j)): w for i, j, w in nest["weights"]}
    unit = W_MAX / 2 ** 15
    moved = 0
    for i, j, w in ours["weights"]:
        expected = neuromod_weight(W0, PRE[int(i)], POST[int(j)], dopamine, delay, A_PLUS,
                                   A_MINUS, TAU_PLUS, TAU_MINUS, TAU_C, TAU_D, 0.0, W_MAX)
        got_nest = w_nest[(int(i), int(j))]
        assert abs(got_nest - expected) < 1e-6 * W_MAX, (i, j, got_nest, expected)
        assert abs(w - got_nest) <= 20 * unit, (i, j, w, got_nest)
        moved += abs(got_nest - W0) > 0.1
    assert moved >= len(ours["weights"]) // 2, "the protocol must move the weights"

"""Neurons with several named receptors against NEST (issue 11 point 5, issue 12 point 2).

The same PyNN script (reference.protocols.multi_receptor) on pyNN.spiNNaker and pyNN.nest,
where PyNN's PointNeuron becomes NEST's multisynapse models (iaf_psc_exp_multisynapse,
aeif_cond_alpha_multisynapse) and sPyNNaker's IF_curr_dual_exp is a LIF with three
exponential current receptors.  Spike sources drive every receptor (current-based ones with
signed weights); NEST's spike stamps are moved to the board's (reference/relation.py: one dt
earlier).  Bounds are test_against_nest.py's: v RMS <= 0.1 mV on the common grid, >= 99 % of
spikes paired within one timestep.

The AdExp composition is compared below threshold: each receptor's PSP agrees with NEST's to
a few uV, but a firing AdExp with these receptors drifts from NEST's after some spikes
(measured: 84-91 % of spikes within one step, v RMS 1.5-3 mV at dt 0.1 ms); NEST's
aeif_cond_alpha_multisynapse resets within the step, the cores at its end (as for
EIF_cond_alpha_isfa_ista at dt 1 ms in test_against_nest.py).  Left open.
"""
import numpy as np
import pytest

from reference.measures import spike_agreement, v_rms
from reference.protocols import MULTI_RECEPTOR
from reference.relation import run_related

pytest.importorskip("nest")

V_RMS_MAX = 0.1
SPIKES_MATCHED_MIN = 0.99


@pytest.mark.parametrize("composition, dt", [
    ("lif_curr_exp_x4", 0.1), ("lif_curr_exp_x4", 1.0),
    ("adex_cond_alpha_x3", 0.1),
    ("IF_curr_dual_exp", 0.1), ("IF_curr_dual_exp", 1.0)])
def test_multi_receptor_neurons_match_nest(composition, dt):
    nest, ours = run_related("multi_receptor", dt, composition=composition)
    assert len(nest["t"]) == len(ours["t"]) == int(round(1000.0 / dt)) + 1
    matched = total = 0
    rows = {}
    for i in (0, 1):
        frac, pairs, worst = spike_agreement(nest["spikes"][i], ours["spikes"][i], dt)
        rms, rms_all, _ = v_rms(nest["t"], nest["v"][i], ours["t"], ours["v"][i], pairs,
                                reset_lag=dt)
        matched += len(pairs)
        total += max(len(nest["spikes"][i]), len(ours["spikes"][i]))
        rows[i] = dict(rms=rms, rms_all=rms_all, matched=frac, worst=worst,
                       n_nest=len(nest["spikes"][i]), n_ours=len(ours["spikes"][i]))
    print(composition, dt, rows)
    # the inputs do something: PSPs at rest, and the DC-driven neuron fires (AdExp: below
    # threshold, see below)
    assert np.ptp(ours["v"][0]) > 1.0
    assert rows[1]["n_ours"] > 10 or not MULTI_RECEPTOR[composition].get("fires", True)
    assert rows[0]["rms"] <= V_RMS_MAX and rows[1]["rms"] <= V_RMS_MAX, rows
    assert total == 0 or matched / total >= SPIKES_MATCHED_MIN, rows

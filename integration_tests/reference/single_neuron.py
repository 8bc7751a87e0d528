"""The single-neuron comparison against NEST (reference.protocols.single_neuron), shared by
integration_tests/test_against_nest.py (which asserts its bounds) and docs/make_accuracy.py
(which writes its figures into docs/accuracy.md)."""
import numpy as np

from .measures import spike_agreement, v_rms
from .protocols import SINGLE_NEURON
from .relation import (BOARD_ALPHA_MODELS, board_lif_cell, board_truncation_bound,
                       run_related, spike_tolerance)

NEURONS = ("step", "exc", "inh")

#: board-LIF models whose spike tolerance takes the truncation bound (IF_cond_exp meets the
#: one-step bound as it is)
TRUNCATION_WIDENED = ("IF_curr_exp", "IF_curr_delta", "IF_curr_alpha")


#: models without a reset (HH): an action potential sweeps ~100 mV in half a millisecond,
#: so a spike one step apart is tens of mV apart for a few samples; v is compared outside
#: (t - 2 ms, t + 3 ms) of every spike of either trace, the spikes by the spike criterion
NO_RESET_MODELS = ("HH_cond_exp",)


def subthreshold_rms(t, v_a, v_b, spikes):
    keep = np.ones(len(t), bool)
    for s in spikes:
        keep &= ~((t > s - 2.0) & (t < s + 3.0))
    d = np.asarray(v_a)[keep] - np.asarray(v_b)[keep]
    return float(np.sqrt(np.mean(d ** 2)))


def compare(nest, ours, dt, model=None, dv=0.0):
    """Per neuron: (v RMS, v RMS over every sample, fraction of spikes paired within one
    step -- plus, for traces that may be offset by up to ``dv`` mV, the time that offset
    shifts NEST's slowest threshold crossing (relation.spike_tolerance) --, fraction at the
    same step, worst pair difference, spike counts), and the pooled fraction."""
    rows, matched, total = {}, 0, 0
    for name in NEURONS:
        tol = spike_tolerance(nest["t"], nest["v"][name], nest["spikes"][name], dt, dv)
        frac, pairs, worst = spike_agreement(nest["spikes"][name], ours["spikes"][name], tol)
        same, _, _ = spike_agreement(nest["spikes"][name], ours["spikes"][name], 0.0)
        rms, rms_all, _ = v_rms(nest["t"], nest["v"][name], ours["t"], ours["v"][name], pairs,
                                reset_lag=dt)
        if model in NO_RESET_MODELS:
            rms = subthreshold_rms(ours["t"], nest["v"][name], ours["v"][name], np.concatenate(
                [nest["spikes"][name], ours["spikes"][name]]))
        n = max(len(nest["spikes"][name]), len(ours["spikes"][name]))
        matched += len(pairs)
        total += n
        rows[name] = dict(rms=rms, rms_all=rms_all, matched=frac, same_step=same, worst=worst,
                          tol=tol,
                          n_nest=len(nest["spikes"][name]), n_ours=len(ours["spikes"][name]))
    return rows, (matched / total if total else 1.0)


def truncation_offset(model, dt):
    """The derived bound (mV) on v's offset from the exact solution of the board's constants
    (relation.board_truncation_bound) for the models that truncate, else 0.  NEST's neuron of
    a board alpha model gets the board's synaptic current itself: only the membrane's part."""
    if model not in TRUNCATION_WIDENED:
        return 0.0
    cell = board_lif_cell(SINGLE_NEURON[model]["cell"], dt)
    if model in BOARD_ALPHA_MODELS:
        cell = {k: v for k, v in cell.items() if not k.startswith("tau_syn")}
    return board_truncation_bound(cell, dt)


def run_single_neuron(model, dt, **kwargs):
    """Both simulators on the protocol; returns (rows, pooled, nest, ours)."""
    nest, ours = run_related("single_neuron", dt, model=model, **kwargs)
    rows, pooled = compare(nest, ours, dt, model, truncation_offset(model, dt))
    return rows, pooled, nest, ours

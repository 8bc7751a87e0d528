"""Single neurons: the same PyNN script on pyNN.spiNNaker and pyNN.nest (issue 7).

Each (model, dt) runs ``reference.protocols.single_neuron`` on both simulators (each in its own
subprocess): a step current, excitatory spike input and inhibitory spike input on a DC-driven
neuron, 1 s.  NEST runs its grid-based models (``spike_precision="on_grid"``: iaf_psc_exp,
iaf_cond_exp, iaf_psc_alpha, iaf_psc_delta), whose propagators the cores apply in fixed
point.  Izhikevich runs the board's midpoint kernel, NEST's izhikevich forward Euler: it is
compared through the continuous model (test_izhikevich_regular_spiking_converges_to_nest).  NEST runs the board-equivalent script and its spike stamps are moved to the
board's (reference/relation.py: one dt earlier; delta inputs from spike sources one dt more
delay), so that the two runs integrate the same inputs over the same intervals.  Bounds: v RMS
error <= 0.1 mV on the common sample grid (t = 0, dt, ..., 1000 ms in both), >= 99 % of spikes
paired within one timestep (a fixed-point graze of the threshold can move a spike by one).
IF_curr_exp, IF_cond_exp, IF_curr_delta and IF_curr_alpha run the board's arithmetic (s16.15
exp_TC and R, truncating products): NEST gets the cell whose exact constants are the board's
rounded ones (relation.board_lif_cell, BOARD_LIF_MODELS); IF_curr_alpha's NEST neuron is driven by the
board's alpha current (relation.board_alpha_current: sPyNNaker's merge of several inputs and
its arithmetic, injected as a step current held over each tick), since the merge is not a
sum of alpha functions (test_board_alpha.py checks that current bit for bit and a lone
input against PyNN's alpha); for IF_curr_exp, IF_curr_delta and IF_curr_alpha
the truncations' derived bound on v's offset (relation.board_truncation_bound, 0.04 mV at dt
0.1 ms) widens the spike tolerance by that offset over NEST's slowest crossing slope.
Measured figures: docs/accuracy.md.
"""
import numpy as np
import pytest

from reference.protocols import MULTI_RECEPTOR, NEURON_MODELS
from reference.single_neuron import NEURONS, NO_RESET_MODELS, compare, run_single_neuron

pytest.importorskip("nest")

V_RMS_MAX = 0.1          # mV
SPIKES_MATCHED_MIN = 0.99


#: sPyNNaker extra models that NEST has no counterpart of, with the test that compares them
#: against their analytic law (firing probability per tick, hand-computed traces) or a
#: float64 reference of their published algorithm instead
NOT_IN_NEST = {
    **{name: "integration_tests/test_extra_models.py"
       for name in ("IFCondExpStoc", "IFCurrDeltaFixedProb", "IFTruncDelta", "StocExp",
                    "StocExpStable", "StocSigma")},
    "IFCurrExpCa2Adaptive": "unittests/vm/test_models_ca2_izhikevich_cond.py",
    "IFCurrDeltaCa2Adaptive": "unittests/vm/test_models_ca2_izhikevich_cond.py",
    "Izhikevich_cond": "unittests/vm/test_models_ca2_izhikevich_cond.py",
    "Izhikevich_cond_dual": "unittests/vm/test_models_ca2_izhikevich_cond.py",
}


def test_every_supported_neuron_model_is_compared():
    from spynnaker_backend.models import REGISTRY
    neurons = {name for name, spec in REGISTRY.items()
               if not name.startswith("SpikeSource") and not spec.device}
    # multi-receptor models are compared in test_receptors_against_nest.py; NEST has no
    # sEMD: IF_curr_exp_sEMD is checked against its closed form in test_receptors.py;
    # GIF_cond_exp (escape noise, no fixed threshold) in test_gif_against_nest.py
    others = set(NOT_IN_NEST) | (set(MULTI_RECEPTOR) & neurons) | {"IF_curr_exp_sEMD",
                                                                   "GIF_cond_exp"}
    assert neurons - others == set(NEURON_MODELS)
    assert others <= neurons


def check(rows, pooled, names=NEURONS):
    fails = [f"{name}: {rows[name]}" for name in names if rows[name]["rms"] > V_RMS_MAX]
    if pooled < SPIKES_MATCHED_MIN:
        fails.append(f"only {pooled:.1%} of spikes within one timestep: {rows}")
    return fails


#: AdEx at dt = 1 ms: NEST's aeif_cond_* reset inside the step (adaptive RK45 stops at
#: v_peak, resets and integrates the rest of the step); the cores reset at the end of the tick
#: they cross in, so for up to 1 ms after each spike v and w differ.  Measured: v RMS 0.30 /
#: 1.21 / 0.17 mV (exp) and 0.30 / 0.06 / 2.53 mV (alpha), 97 % / 91 % of spikes within one
#: step.  At dt = 0.1 ms both meet the bounds.  (docs/accuracy.md)
_WITHIN_STEP_RESET = pytest.mark.xfail(strict=True, reason="AdEx resets within the step in NEST "
                                       "and at the tick's end on the cores (dt = 1 ms)")


def _cases():
    for model in NEURON_MODELS:
        # Izhikevich: the board's midpoint kernel and NEST's Euler are different
        # discretisations; their relation is through the continuous model
        # (test_izhikevich_regular_spiking_converges_to_nest), not sample by sample
        if model == "Izhikevich":
            continue
        # HH at dt 1 ms: the spike rule (a sample at or above V_T + 30 mV past the peak) sees
        # almost no action potential of ~0.5 ms, in NEST as on the cores
        for dt in ((0.1,) if model in NO_RESET_MODELS else (0.1, 1.0)):
            marks = [_WITHIN_STEP_RESET] if model.startswith("EIF") and dt == 1.0 else []
            yield pytest.param(model, dt, marks=marks, id=f"{model}-{dt}")


@pytest.mark.parametrize("model, dt", list(_cases()))
def test_single_neuron_matches_nest(model, dt):
    rows, pooled, nest, ours = run_single_neuron(model, dt)
    assert len(nest["t"]) == len(ours["t"]) == int(round(1000.0 / dt)) + 1
    np.testing.assert_allclose(nest["t"], ours["t"], atol=1e-9)
    # the board's LIF truncates its products: v may sit up to dv below or above the exact
    # solution of its constants (single_neuron.truncation_offset), which delays or advances a
    # slow threshold crossing by dv / slope (the spike tolerance of compare)
    print(model, dt, rows, pooled)
    # each neuron must spike in this protocol (except "exc" for IF_curr_delta/Izhikevich,
    # whose bursts may stay sub-threshold), otherwise the spike-time check is empty
    assert rows["step"]["n_nest"] >= 5 and rows["inh"]["n_nest"] >= 5
    fails = check(rows, pooled)
    assert not fails, "\n".join(fails)


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_izhikevich_regular_spiking_converges_to_nest(dt):
    """Regular spiking (a, b, c, d = 0.02, 0.2, -65, 8; I = 10), 300 ms: the board's midpoint
    kernel and NEST's Euler are different discretisations, so the relation is through the
    continuous model (relation.izhikevich_limit_distance): NEST at 0.001 ms (its own error
    estimated by its run at 0.002 ms) stands for it; the board's kernel in float64 at dt
    (exact constants) lies within its derived distance of it for every spike.  The board's
    accum constants (a = 0.02 is 655 / 2^15, 0.04 is 0.040008544921875) shift the spikes by
    what the same kernel with and without them gives; the cores' first spikes (before the
    fixed-point rounding has accumulated, unittests/vm/test_models_neurons.py) lie within
    both together."""
    from reference.relation import board_izhikevich_float, izhikevich_limit_distance
    from reference.simrun import run_on
    tstop = 300.0
    fine = run_on("nest", "regular_spiking", dt=0.001, tstop=tstop)["spikes"]
    coarse = run_on("nest", "regular_spiking", dt=0.002, tstop=tstop)["spikes"]
    ours = run_on("spiNNaker", "regular_spiking", dt=dt, tstop=tstop)["spikes"] + dt
    m, dist = izhikevich_limit_distance(dt, tstop, 0.02, 0.2, -65.0, 8.0, 10.0)
    consts = board_izhikevich_float(dt, tstop, 0.02, 0.2, -65.0, 8.0, 10.0)
    n = min(len(m), len(fine), len(coarse), len(consts))
    assert n >= 6
    nest_err = np.abs(fine[:n] - coarse[:n]) + 0.002
    print(dt, np.round(m[:n] - fine[:n], 3), np.round(dist[:n] + nest_err, 3),
          np.round(consts[:n] - m[:n], 3), ours[:n] - fine[:n])
    assert np.all(np.abs(m[:n] - fine[:n]) <= dist[:n] + nest_err)
    shift = np.abs(consts[:3] - m[:3])
    assert np.all(np.abs(ours[:3] - fine[:3]) <= dist[:3] + nest_err[:3] + shift + dt + 1e-9)
    # and the discretisation is the board's, not NEST's: at dt 1 ms forward Euler is
    # measurably elsewhere (its own spikes differ from the board's by more than a tick)
    if dt == 1.0:
        euler = run_on("nest", "regular_spiking", dt=dt, tstop=tstop)["spikes"]
        k = min(len(euler), len(ours))
        assert np.max(np.abs(euler[:k] - ours[:k])) > dt

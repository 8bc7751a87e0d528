"""Single neurons: the same PyNN script on pyNN.spiNNaker and pyNN.nest (issue 7).

Each (model, dt) runs ``reference.protocols.single_neuron`` on both simulators (each in its own
subprocess): a step current, excitatory spike input and inhibitory spike input on a DC-driven
neuron, 1 s.  NEST runs its grid-based models (``spike_precision="on_grid"``: iaf_psc_exp,
iaf_cond_exp, iaf_psc_alpha, iaf_psc_delta, izhikevich), whose propagators the cores apply in
fixed point.  NEST runs the board-equivalent script and its spike stamps are moved to the
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

from reference.measures import spike_agreement
from reference.protocols import MULTI_RECEPTOR, NEURON_MODELS
from reference.relation import run_related
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
}


def test_every_supported_neuron_model_is_compared():
    from spynnaker_backend.models import REGISTRY
    neurons = {name for name, spec in REGISTRY.items()
               if not name.startswith("SpikeSource") and not spec.device}
    # multi-receptor models are compared in test_receptors_against_nest.py; NEST has no
    # sEMD: IF_curr_exp_sEMD is checked against its closed form in test_receptors.py
    others = set(NOT_IN_NEST) | (set(MULTI_RECEPTOR) & neurons) | {"IF_curr_exp_sEMD"}
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


#: Izhikevich, currents on the grid, dt = 0.1 ms: at 700.3 ms the "inh" neuron's v reaches
#: 29.93 mV on the cores where NEST's reaches 30.0 (the upswing gains ~13 mV per step; the
#: traces differed by 0.17 mV = 0.013 steps there), so ours fires one step later, and u (a
#: 50 ms memory) carries the offset: the later spikes drift by 0.1-0.6 ms (13 of 18 paired
#: within one step).  A threshold graze, not the time convention: every spike before it is at
#: the same step.  (With the old convention the same protocol happened not to graze.)
_IZH_GRAZE = pytest.mark.xfail(strict=True, reason="Izhikevich threshold graze at 700.3 ms, "
                               "dt 0.1 ms (see _IZH_GRAZE)")


@pytest.mark.parametrize("dt", [pytest.param(0.1, marks=_IZH_GRAZE), 1.0])
def test_izhikevich_currents_on_grid(dt):
    """The Izhikevich protocol with current amplitudes that s16.15 holds exactly: then the
    only difference left is the cores' fixed point, and the bounds hold.  (Current sources
    reach the cores in s8.23 nA, so arbitrary amplitudes pass too: test_single_neuron.)"""
    nest, ours = run_related("single_neuron", dt, model="Izhikevich",
                             currents_on_s1615_grid=True)
    rows, pooled = compare(nest, ours, dt)
    print(rows, pooled)
    fails = check(rows, pooled)
    assert not fails, "\n".join(fails)


@pytest.mark.parametrize("drive", ["i_offset", "dc"])
@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_izhikevich_regular_spiking_drift(dt, drive):
    """Regular spiking (a, b, c, d = 0.02, 0.2, -65, 8; I = 10): the 30th spike within 1 ms
    of NEST's, every spike paired within one timestep."""
    nest, ours = run_related("regular_spiking", dt, drive=drive, i_offset=0.01)
    a, b = nest["spikes"], ours["spikes"]
    assert len(a) >= 30 and len(b) >= 30, (len(a), len(b))
    drift = np.abs(a[:30] - b[:30])
    print(dt, drive, drift.max())
    assert drift.max() <= 1.0
    frac, _, _ = spike_agreement(a, b, dt)
    assert frac >= SPIKES_MATCHED_MIN

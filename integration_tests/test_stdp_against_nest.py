"""The STDP window against NEST (issue 13): final weight against spike-time difference.

``reference.plasticity_protocols.stdp_window`` runs on pyNN.nest (on_grid, NEST's
``stdp_synapse``) and on pyNN.spiNNaker: 101 connections, each pairing a pre spike with a
teacher-driven post spike 12 times at one difference from -50 to 50 ms, w_max != 1.

Robust to the tick convention: the two simulators may stamp spikes differently relative to
the input that causes them (docs/plasticity.md, "Time"), so the difference is measured from
each simulator's own recorded spikes, and weights are compared at equal measured
differences.  Both apply STDP at t_post + d - t_pre with those stamps (all delay dendritic),
which is what makes the comparison meaningful; the weights must agree within 2 % of w_max.
"""
import numpy as np
import pytest

from reference import run_on_both

pytest.importorskip("nest")

TOLERANCE = 0.02   # of w_max


def common_window(w_nest, w_ours):
    """The differences both simulators measured (sorted), with NEST's and our final weights
    at them."""
    common = sorted(set(w_nest) & set(w_ours))
    return (common, np.array([w_nest[d] for d in common]),
            np.array([w_ours[d] for d in common]))


def measured_window(result, n_pairings):
    """{measured post - pre difference (ms): final weight} of one simulator's run."""
    out = {}
    for pre, post, w in zip(result["pre"], result["post"], result["weights"]):
        assert len(post) == n_pairings, "the teacher must make exactly one post spike a pairing"
        diffs = np.asarray(post) - np.asarray(pre[:n_pairings])
        assert np.ptp(diffs) == 0, "every pairing of a connection has the same difference"
        out[round(float(diffs[0]), 6)] = float(w)
    return out


def step(kind, w, w_max, potentiation, mu_plus=0.5, mu_minus=0.5):
    """The weight-dependent factor of a step (w_min = 0), as NEST's stdp_synapse has it:
    w_max * (1 - w / w_max)^mu_plus up, w_max * (w / w_max)^mu_minus down."""
    mu = {"additive": (0, 0), "multiplicative": (1, 1), "gutig": (mu_plus, mu_minus),
          "additive_potentiation_multiplicative_depression": (0, 1)}[kind]
    x = (1 - w / w_max) if potentiation else w / w_max
    return w_max * x ** mu[0 if potentiation else 1]


def analytic_weight(diff, delay, kind, w_max, w_init, A_plus, A_minus, tau_plus, tau_minus,
                    n_pairings, **mu):
    """PyNN's pair rule for isolated pairings (400 ms apart: cross terms < 1e-5) with all
    delay dendritic: the pair acts at t_post + d - t_pre, a zero difference does nothing."""
    w, eff = w_init, diff + delay
    for _ in range(n_pairings):
        if eff > 0:
            k = np.exp(-eff / tau_plus)
            w = min(w_max, w + A_plus * k * step(kind, w, w_max, True, **mu))
        elif eff < 0:
            k = np.exp(eff / tau_minus)
            w = max(0.0, w - A_minus * k * step(kind, w, w_max, False, **mu))
    return w


@pytest.mark.parametrize("kind,delay", [
    ("additive", 1.0), ("multiplicative", 1.0), ("additive", 20.0),
    ("additive_potentiation_multiplicative_depression", 2.0), ("gutig", 1.0)])
def test_stdp_window_matches_nest(kind, delay):
    params = dict(weight_dependence=kind, delay=delay, w_max=0.5, w_init=0.25, A_plus=0.01,
                  A_minus=0.012, tau_plus=16.8, tau_minus=33.7, n_pairings=12)
    mu = {}
    if kind == "gutig":
        # PyNN's defaults: pyNN.nest 0.13's GutigWeightDependence.__init__ drops mu_plus and
        # mu_minus (NEST runs 0.5 whatever is given); other exponents are checked against
        # the rule itself in test_plasticity.py
        mu = dict(mu_plus=0.5, mu_minus=0.5)
        params.update(mu)
    nest, ours = run_on_both("stdp_window", **params)
    common, nest_v, ours_v = common_window(measured_window(nest, 12),
                                           measured_window(ours, 12))
    assert len(common) >= 95, f"only {len(common)} common differences"
    worst = np.max(np.abs(ours_v - nest_v)) / params["w_max"]
    assert worst < TOLERANCE, f"worst difference {worst:.2%} of w_max"
    # the window is really there (not two flat lines): changes of several % of w_max
    assert np.ptp(nest_v) > 0.05 * params["w_max"]
    # and both follow PyNN's rule (NEST as the independent check of the formula)
    expected = np.array([analytic_weight(
        d, delay, kind, params["w_max"], params["w_init"], params["A_plus"],
        params["A_minus"], params["tau_plus"], params["tau_minus"], 12, **mu) for d in common])
    assert np.max(np.abs(nest_v - expected)) < 1e-3 * params["w_max"]
    assert np.max(np.abs(ours_v - expected)) < 1e-3 * params["w_max"]

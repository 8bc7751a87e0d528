"""STDP parameters per connection (A_plus, A_minus, tau_plus, w_max from a
FromListConnector's columns): one projection here, split on the cores into one rule per
distinct set (pynn/short_term.py), against NEST running each set as its own projection,
and both against PyNN's pair rule for isolated pairings (test_stdp_against_nest)."""
import numpy as np
import pytest

from reference import run_on_both
from test_stdp_against_nest import (TOLERANCE, analytic_weight, common_window,
                                    measured_window)

pytest.importorskip("nest")

SETS = ({"A_plus": 0.01, "A_minus": 0.012, "tau_plus": 16.8, "w_max": 0.5},
        {"A_plus": 0.02, "A_minus": 0.006, "tau_plus": 30.0, "w_max": 0.8})


def _per_set(result, k):
    sel = np.flatnonzero(result["set"] == k)
    return measured_window({"pre": [result["pre"][i] for i in sel],
                            "post": [result["post"][i] for i in sel],
                            "weights": result["weights"][sel]}, 12)


def test_two_parameter_sets_in_one_projection_match_nest():
    nest, ours = run_on_both("stdp_window_two_sets", sets=SETS)
    for k, p in enumerate(SETS):
        common, nest_v, ours_v = common_window(_per_set(nest, k), _per_set(ours, k))
        assert len(common) >= 35, f"set {k}: only {len(common)} common differences"
        worst = np.max(np.abs(ours_v - nest_v)) / p["w_max"]
        assert worst < TOLERANCE, f"set {k}: worst difference {worst:.2%} of w_max"
        assert np.ptp(nest_v) > 0.05 * p["w_max"]
        expected = np.array([analytic_weight(d, 1.0, "additive", p["w_max"], 0.25,
                                             p["A_plus"], p["A_minus"], p["tau_plus"], 33.7,
                                             12) for d in common])
        assert np.max(np.abs(nest_v - expected)) < 1e-3 * p["w_max"]
        assert np.max(np.abs(ours_v - expected)) < 1e-3 * p["w_max"]
        # the other set's rule is another window here (one rule for both would fail)
        q = SETS[1 - k]
        other = np.array([analytic_weight(d, 1.0, "additive", q["w_max"], 0.25, q["A_plus"],
                                          q["A_minus"], q["tau_plus"], 33.7, 12)
                          for d in common])
        assert np.max(np.abs(ours_v - other)) > TOLERANCE * p["w_max"]

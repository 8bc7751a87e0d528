"""The Pfister-Gerstner triplet rule (sPyNNaker's extra_models.PfisterSpikeTriplet with
WeightDependenceAdditiveTriplet; issue 13) against NEST's stdp_triplet_synapse and against
a float64 NumPy model of the published minimal all-to-all rule, evaluated on each
simulator's own recorded spikes."""
import numpy as np
import pytest

from reference import run_on_both

pytest.importorskip("nest")

PARAMS = dict(tau_plus=16.8, tau_minus=33.7, tau_x=101.0, tau_y=125.0, A_plus=0.005,
              A_minus=0.007, A3_plus=0.0062, A3_minus=0.00023)


def triplet_model(pre, post, delay, w_init, w_max, tau_plus, tau_minus, tau_x, tau_y,
                  A_plus, A_minus, A3_plus, A3_minus):
    """The rule in float64, event by event (all delay dendritic: a post spike t meets the
    pre spikes at t + d): at each pre spike t, potentiation by every post spike in
    (t_last - d, t - d] with r1 decayed to it and o2 just before it, then depression by o1 at
    t - d (post spikes strictly before) with r2 just before t; weights clamped to [0, w_max]
    after every step; a step is its amplitude times w_max."""
    post = np.asarray(post, float)
    w, r1, r2, t_last = w_init, 0.0, 0.0, 0.0
    for t in pre:
        for tp in post[(post > t_last - delay) & (post <= t - delay)]:
            earlier = post[post < tp]
            o2 = np.sum(np.exp(-(tp - earlier) / tau_y))
            k = r1 * np.exp(-(tp + delay - t_last) / tau_plus)
            w = min(w_max, w + w_max * k * (A_plus + A3_plus * o2))
        x = r2 * np.exp(-(t - t_last) / tau_x)
        before = post[post < t - delay]
        o1 = np.sum(np.exp(-(t - delay - before) / tau_minus))
        w = max(0.0, w - w_max * o1 * (A_minus + A3_minus * x))
        r1 = r1 * np.exp(-(t - t_last) / tau_plus) + 1.0
        r2 = x + 1.0
        t_last = t
    return w


def by_difference(result):
    """{measured post - pre difference of the pairings (ms): (pre, post, weight)}."""
    out = {}
    for pre, post, w in zip(result["pre"], result["post"], result["weights"]):
        diffs = np.asarray(post) - np.asarray(pre[:len(post)])
        assert np.ptp(diffs) == 0
        out[round(float(diffs[0]), 6)] = (pre, post, float(w))
    return out


@pytest.mark.parametrize("delay", [1.0, 5.0])
def test_triplet_window_at_20_hz_matches_nest_and_the_rule(delay):
    w_max, w_init = 0.5, 0.25
    nest, ours = run_on_both("triplet_window", delay=delay, w_max=w_max, w_init=w_init,
                             **PARAMS)
    a, b = by_difference(nest), by_difference(ours)
    common = sorted(set(a) & set(b))
    assert len(common) >= 45
    w_nest = np.array([a[d][2] for d in common])
    w_ours = np.array([b[d][2] for d in common])
    assert np.max(np.abs(w_ours - w_nest)) < 0.02 * w_max
    assert np.ptp(w_nest) > 0.1 * w_max   # a real window
    for res, name in ((a, "nest"), (b, "ours")):
        model = np.array([triplet_model(res[d][0], res[d][1], delay, w_init, w_max,
                                        **PARAMS) for d in common])
        got = np.array([res[d][2] for d in common])
        assert np.max(np.abs(got - model)) < 1e-3 * w_max, name
    # the triplet term matters here: without it (A3 = 0) the weights differ by more
    pair_only = np.array([triplet_model(b[d][0], b[d][1], delay, w_init, w_max,
                                        **dict(PARAMS, A3_plus=0.0, A3_minus=0.0))
                          for d in common])
    assert np.max(np.abs(pair_only - w_ours)) > 0.05 * w_max

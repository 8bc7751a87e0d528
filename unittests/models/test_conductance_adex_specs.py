"""Host precomputation of IF_cond_alpha and the AdEx models (EIF_cond_*_isfa_ista)."""
import numpy as np
import pytest
from scipy.integrate import quad

from spynnaker_backend.models import REGISTRY
from spynnaker_backend.models.eif_cond_isfa_ista import H_MAX, sub_shift


def defaults(name):
    spec = REGISTRY[name]
    return ({k: np.array([d]) for k, (d, _) in spec.host_parameters.items()},
            {k: np.array([d]) for k, (d, _) in spec.host_state.items()})


@pytest.mark.parametrize("dt", [0.01, 0.1, 1.0])
def test_sub_steps_are_at_most_h_max(dt):
    n = 2 ** sub_shift(dt)
    assert dt / n <= H_MAX + 1e-12 and (n == 1 or dt / (n // 2) > H_MAX)


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_adex_alpha_propagators_are_the_conductance_integrals(dt):
    """Without the leak, k32 g + k31 dt y1 is int_0^dt g(t) dt / cm (per 1000 nS/uS)."""
    params, state = defaults("EIF_cond_alpha_isfa_ista")
    core = REGISTRY["EIF_cond_alpha_isfa_ista"].to_core(params, state, dt)
    syn = core["alpha_conductance"][0]
    tau, cm = params["tau_syn_E"][0], params["cm"][0]
    k32 = quad(lambda t: np.exp(-t / tau), 0, dt)[0] / cm / 1000
    k31 = quad(lambda t: t * np.exp(-t / tau), 0, dt)[0] / cm / 1000 / dt
    np.testing.assert_allclose(syn["k32_exc"], k32, rtol=1e-12)
    np.testing.assert_allclose(syn["k31_exc"], k31, rtol=1e-12)


def test_adex_threshold_is_v_spike_and_w_is_recorded_in_nA():
    params, state = defaults("EIF_cond_exp_isfa_ista")
    state["w"] = np.array([0.25])
    spec = REGISTRY["EIF_cond_exp_isfa_ista"]
    core = spec.to_core(params, state, 0.1)
    assert core["static_threshold"][0]["v_thresh"][0] == params["v_spike"][0]
    rec = spec.recordable("w")
    assert core["adex"][1]["w"][0] * rec.scale == pytest.approx(0.25)

"""sPyNNaker 7.4.1's stochastic neurons: StocExp, StocExpStable and StocSigma.

Each tick a neuron that is not refractory computes v from the tick's delta inputs (weights
in mV, excitatory up, inhibitory down) and a bias, and fires with a probability that
depends on v only (c_models/threshold/):

* StocExp: ``v = bias + w_exc - w_inh`` (from scratch each tick), ``p = min(1, 2^v / tau)``
  (tau in ms taken as a number, as 7.4.1 does); a firing is a burst of ``ceil(tau/dt)``
  spikes (7.4.1 uses tau as the refractory period too);
* StocExpStable: ``v <- max(v, v_reset) + bias + w_exc - w_inh`` (v is kept between ticks
  and never stays below v_reset), ``p = min(1, tau 2^v)``, v = v_reset after a firing, a
  burst of ``ceil(tau_refrac/dt)`` spikes;
* StocSigma: ``v = bias + w_exc - w_inh``, ``p = 2^(-2^(-alpha v))`` (1/2 at v = 0), a
  burst of ``ceil(tau_refrac/dt)`` spikes.

During a burst's remaining ticks the neuron neither integrates nor draws, and inputs are
discarded, as on a board.  Draws come from the neuron's own counter-based stream (see
stochastic_lif.py).  ``refract_init`` is the initial refractory count in ticks.
"""
import numpy as np

from .components import DELTA_CURRENT
from .spec import Component, Field, ModelSpec, Recordable
from .stochastic_lif import _STREAM, _zeros

STOC_NEURON = Component(
    "stoc_neuron", "neuron",
    params=(
        Field("bias", "s1615", "mV", "added to v every integrated tick"),
        Field("v_reset", "s1615", "mV", "accumulating neurons: v after a firing and floor"),
        Field("refract_ticks", "int32", "ticks", "spikes per burst (ceil(period / dt))"),
        Field("accumulate", "int32", "1", "1: v is kept between ticks (StocExpStable); "
              "0: v is computed from scratch each tick"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane value of the last integrated tick"),
        Field("refract_timer", "int32", "ticks", "spikes of the burst still to come"),
    ),
)

POW2_THRESHOLD = Component(
    "pow2_threshold", "threshold",
    params=(Field("log2_scale", "s1615", "1", "p = min(1, 2^(v + log2_scale)): "
                  "-log2(tau) (StocExp), log2(tau) (StocExpStable)"),) + _STREAM,
)

SIGMA_THRESHOLD = Component(
    "sigma_threshold", "threshold",
    params=(Field("alpha", "s1615", "1/mV", "slope: p = 2^(-2^(-alpha v))"),) + _STREAM,
)


def _ticks(period_ms, dt):
    return np.maximum(np.ceil(np.asarray(period_ms, float) / dt - 1e-9), 1.0)


def _neuron(params, state, dt, period, accumulate, v_reset=None):
    zero = _zeros(params)
    return ({"bias": params["bias"], "v_reset": zero if v_reset is None else v_reset,
             "refract_ticks": _ticks(period, dt), "accumulate": zero + accumulate},
            {"v": state["v"], "refract_timer": state["refract_init"]})


def _thresholds(name, values, params):
    zero = _zeros(params)
    return {name: ({**values, "stream_lo": zero, "stream_hi": zero}, {})}


def stoc_exp_core(params, state, dt):
    return {"stoc_neuron": _neuron(params, state, dt, params["tau"], 0),
            "delta_current": ({}, {}),
            **_thresholds("pow2_threshold", {"log2_scale": -np.log2(params["tau"])}, params)}


def stoc_exp_stable_core(params, state, dt):
    return {"stoc_neuron": _neuron(params, state, dt, params["tau_refrac"], 1,
                                   params["v_reset"]),
            "delta_current": ({}, {}),
            **_thresholds("pow2_threshold", {"log2_scale": np.log2(params["tau"])}, params)}


def stoc_sigma_core(params, state, dt):
    return {"stoc_neuron": _neuron(params, state, dt, params["tau_refrac"], 0),
            "delta_current": ({}, {}),
            **_thresholds("sigma_threshold", {"alpha": params["alpha"]}, params)}


_STATE = {"v": (0.0, "mV"), "refract_init": (0.0, "ticks")}
_V = (Recordable("v", "mV", "stoc_neuron", "v"),)

STOC_EXP = ModelSpec(
    name="StocExp", binary="neuron_stoc_delta_current_pow2",
    host_parameters={"tau": (10.0, "ms"), "bias": (0.0, "mV")},
    host_state=_STATE, components=(STOC_NEURON, DELTA_CURRENT, POW2_THRESHOLD),
    recordables=_V, to_core=stoc_exp_core)

STOC_EXP_STABLE = ModelSpec(
    name="StocExpStable", binary="neuron_stoc_delta_current_pow2",
    host_parameters={"v_reset": (0.0, "mV"), "tau": (0.1, "ms"), "tau_refrac": (1.0, "ms"),
                     "bias": (0.0, "mV")},
    host_state=_STATE, components=(STOC_NEURON, DELTA_CURRENT, POW2_THRESHOLD),
    recordables=_V, to_core=stoc_exp_stable_core)

STOC_SIGMA = ModelSpec(
    name="StocSigma", binary="neuron_stoc_delta_current_sigma",
    host_parameters={"tau_refrac": (1.0, "ms"), "alpha": (1.0, "1/mV"), "bias": (0.0, "mV")},
    host_state=_STATE, components=(STOC_NEURON, DELTA_CURRENT, SIGMA_THRESHOLD),
    recordables=_V, to_core=stoc_sigma_core)

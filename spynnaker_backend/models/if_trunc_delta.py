"""IFTruncDelta: sPyNNaker's non-leaky integrate-and-fire neuron with delta inputs whose
membrane never goes below v_reset (7.4.1 ``IFTruncDelta``, C ``neuron_model_if_trunc``).

Per tick, as 7.4.1 computes it on the board: ``v <- v + (i_offset + I_cur) tau_m/cm +
(w_exc - w_inh) tau_m/(cm dt)`` -- the membrane resistance R = tau_m/cm multiplies the
offset once per tick and the delta input scaled by 1/dt (sPyNNaker's delta input type) --
then ``v <- max(v, v_reset)``, then the threshold.  While refractory (ceil(tau_refrac/dt)
ticks after a spike) v is held and inputs are discarded.  With the defaults (tau_m = cm =
1, dt = 1 ms) a weight w is a jump of w mV.
"""
import numpy as np

from .components import DELTA_CURRENT, STATIC_THRESHOLD
from .spec import Component, Field, ModelSpec, Recordable

IF_TRUNC = Component(
    "if_trunc", "neuron",
    params=(
        Field("v_reset", "s1615", "mV", "potential after a spike and floor of v"),
        Field("r_tick", "s823", "mV/nA", "potential gained per tick per nA of offset or "
              "injected current: tau_m/cm"),
        Field("r_input", "s823", "mV", "jump of v per unit of delta weight: tau_m/(cm dt)"),
        Field("i_offset", "s1615", "nA", "constant injected current"),
        Field("refract_ticks", "int32", "ticks", "refractory period, ceil(tau_refrac/dt)"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        Field("refract_timer", "int32", "ticks", "ticks of refractoriness left"),
    ),
)


def to_core(params, state, dt):
    r = params["tau_m"] / params["cm"]
    return {
        "if_trunc": ({"v_reset": params["v_reset"], "r_tick": r, "r_input": r / dt,
                      "i_offset": params["i_offset"],
                      "refract_ticks": np.ceil(params["tau_refrac"] / dt - 1e-9)},
                     {"v": state["v"], "refract_timer": np.zeros_like(state["v"])}),
        "delta_current": ({}, {}),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_TRUNC_DELTA = ModelSpec(
    name="IFTruncDelta",
    binary="neuron_if_trunc_delta_current",
    host_parameters={
        "tau_m": (1.0, "ms"), "cm": (1.0, "nF"), "v_reset": (0.0, "mV"),
        "v_thresh": (1.0, "mV"), "tau_refrac": (1.0, "ms"), "i_offset": (0.0, "nA"),
    },
    host_state={"v": (0.0, "mV")},
    components=(IF_TRUNC, DELTA_CURRENT, STATIC_THRESHOLD),
    recordables=(Recordable("v", "mV", "if_trunc", "v"),),
    to_core=to_core,
)

"""EIF_cond_exp_isfa_ista and EIF_cond_alpha_isfa_ista: the adaptive exponential
integrate-and-fire neuron (Brette & Gerstner 2005; NEST ``aeif_cond_exp``,
``aeif_cond_alpha``)::

    cm dv/dt    = -gL (v - v_rest) + gL delta_T exp((v - v_thresh)/delta_T) - w + i_offset
                  + g_e (e_rev_E - v) + g_i (e_rev_I - v),        gL = cm / tau_m
    tau_w dw/dt = a (v - v_rest) - w
    v >= v_spike:  v <- v_reset, w <- w + b, v clamped at v_reset for tau_refrac

(a in nS, b and w in nA, conductances in uS.)  On the core (c_models/neuron/adex.h) each
tick is integrated with 2^sub_shift explicit-midpoint (RK2) sub-steps of at most
:data:`H_MAX`, in 64-bit fixed point, with a fixed-point exp (no libm, relative error
< 1e-8); the exponential's argument is taken at min(v, v_spike) as NEST does.  The
conductances (held in nS) are those of IF_cond_exp / IF_cond_alpha; their exact integral
over the tick (divided by cm, without the leak, which the neuron integrates itself) enters
the sub-steps as an even drift, with the driving force at the tick's start, then corrected
to the tick's midpoint potential (a Heun step on the driving force).

Spikes are on the tick grid: a neuron whose v reaches v_spike within a tick is reset at the
tick's end and its spike stamped with the tick (the board's convention; NEST resets within the
tick and stamps the spike at its end).
Measured against an RK45 solution of the same equations in unittests/vm/test_models_adex.py.
"""
import numpy as np

from .components import ADEX, ALPHA_CONDUCTANCE, EXP_CONDUCTANCE, STATIC_THRESHOLD
from .if_cond_alpha import alpha_conductance_core
from .if_curr_exp import exp_init
from .spec import ModelSpec, Recordable

#: nS per uS: the core holds conductances in nS.
NS_PER_US = 1000.0
#: Longest RK2 sub-step [ms]; the number of sub-steps per tick is a power of two.
H_MAX = 1.0 / 64
#: Scales of the finer fixed-point fields (c_models/neuron/adex.h).
W_SCALE = 2.0 ** 20
INV_DT_SCALE = 2.0 ** 26
H_CM_SCALE = 2.0 ** 24
A_SCALE = 2.0 ** 30


def sub_shift(dt):
    """log2 of the sub-steps per tick of length dt [ms]: the fewest with h <= H_MAX."""
    return max(0, int(np.ceil(np.log2(dt / H_MAX) - 1e-9)))


def adex_core(params, state, dt):
    shift = sub_shift(dt)
    h = dt / 2 ** shift
    return (
        {"v_rest": params["v_rest"], "v_reset": params["v_reset"],
         "v_thresh": params["v_thresh"], "v_spike": params["v_spike"],
         "inv_delta_t": INV_DT_SCALE / params["delta_T"], "delta_t": params["delta_T"],
         "h_tau_m": h / params["tau_m"], "h_cm": H_CM_SCALE * h / params["cm"],
         "h_tau_w": h / params["tau_w"], "a": A_SCALE * params["a"] / NS_PER_US,
         "b": W_SCALE * params["b"], "i_offset": params["i_offset"],
         "sub_shift": np.full_like(params["cm"], shift),
         "refract_ticks": np.ceil(params["tau_refrac"] / dt - 1e-9)},
        {"v": state["v"], "w": W_SCALE * state["w"],
         "refract_timer": np.zeros_like(state["v"])},
    )


def exp_conductance_core(params, state, dt):
    """IF_cond_exp's component with the tick's integral of g through cm alone (no leak)."""
    out = {}
    for syn, tau_name, e_name in (("exc", "tau_syn_E", "e_rev_E"),
                                  ("inh", "tau_syn_I", "e_rev_I")):
        tau = params[tau_name]
        out[f"decay_{syn}"] = np.exp(-dt / tau)
        out[f"init_{syn}"] = exp_init(tau, dt)
        # the integral tau (1 - P11) of g over the tick is init dt per unit of the state
        out[f"k_{syn}"] = dt / params["cm"] / NS_PER_US * np.ones_like(tau)   # mV/pA
        out[f"e_rev_{syn}"] = params[e_name]
    return out, {"gsyn_exc": state["gsyn_exc"] * NS_PER_US,
                 "gsyn_inh": state["gsyn_inh"] * NS_PER_US}


def to_core_exp(params, state, dt):
    return {
        "adex": adex_core(params, state, dt),
        "exp_conductance": exp_conductance_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_spike"]}, {}),
    }


def to_core_alpha(params, state, dt):
    return {
        "adex": adex_core(params, state, dt),
        "alpha_conductance": alpha_conductance_core(params, state, dt, leak=False),
        "static_threshold": ({"v_thresh": params["v_spike"]}, {}),
    }


PARAMETERS = {
    "cm": (0.281, "nF"), "tau_refrac": (0.1, "ms"), "v_spike": (-40.0, "mV"),
    "v_reset": (-70.6, "mV"), "v_rest": (-70.6, "mV"), "tau_m": (9.3667, "ms"),
    "i_offset": (0.0, "nA"), "a": (4.0, "nS"), "b": (0.0805, "nA"), "delta_T": (2.0, "mV"),
    "tau_w": (144.0, "ms"), "v_thresh": (-50.4, "mV"), "e_rev_E": (0.0, "mV"),
    "tau_syn_E": (5.0, "ms"), "e_rev_I": (-80.0, "mV"), "tau_syn_I": (5.0, "ms"),
}
STATE = {"v": (-70.6, "mV"), "w": (0.0, "nA"), "gsyn_exc": (0.0, "uS"),
         "gsyn_inh": (0.0, "uS")}


def _recordables(synapse):
    return (
        Recordable("v", "mV", "adex", "v"),
        Recordable("w", "nA", "adex", "w", scale=1.0 / W_SCALE),
        Recordable("gsyn_exc", "uS", synapse, "gsyn_exc", scale=1.0 / NS_PER_US),
        Recordable("gsyn_inh", "uS", synapse, "gsyn_inh", scale=1.0 / NS_PER_US),
    )


EIF_COND_EXP_ISFA_ISTA = ModelSpec(
    name="EIF_cond_exp_isfa_ista",
    binary="neuron_adex_exp_conductance",
    host_parameters=PARAMETERS,
    host_state=STATE,
    components=(ADEX, EXP_CONDUCTANCE, STATIC_THRESHOLD),
    recordables=_recordables("exp_conductance"),
    conductance_based=True,
    to_core=to_core_exp,
)

EIF_COND_ALPHA_ISFA_ISTA = ModelSpec(
    name="EIF_cond_alpha_isfa_ista",
    binary="neuron_adex_alpha_conductance",
    host_parameters=PARAMETERS,
    host_state=STATE,
    components=(ADEX, ALPHA_CONDUCTANCE, STATIC_THRESHOLD),
    recordables=_recordables("alpha_conductance"),
    conductance_based=True,
    to_core=to_core_alpha,
)

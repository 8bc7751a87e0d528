"""IF_curr_alpha: LIF with alpha-shaped current synapses, integrated exactly (NEST
``iaf_psc_alpha``).

A weight w (nA) makes the current ``w (t/tau_syn) exp(1 - t/tau_syn)``, peaking at w after
tau_syn.  Per synapse type the core holds the current ``isyn`` and ``zsyn = dt * y1`` where
``y1`` is NEST's ``dI`` (the alpha kernel's "derivative" state, ``dy1/dt = -y1/tau_syn``,
``d isyn/dt = y1 - isyn/tau_syn``).  Scaling ``y1`` by dt keeps every per-tick decay a u0.32
fraction; the further factor ZSYN_SCALE = 16 gives zsyn 4 more fraction bits than isyn,
because isyn sums zsyn over ~tau_syn/dt ticks (its rounding errors would add up in isyn).
Per tick (NEST's order)::

    v    <- v_rest + (v - v_rest) P33 + i_offset r_dt + P31/dt z + P32 isyn    (z = dt y1)
    isyn <- P11 z + P11 isyn          (NEST: P21 y1 + P22 I, with P21 = dt P11)
    z    <- P11 z + dt e/tau_syn w    (the tick's input w, as NEST's EPSCInitialValue)
"""
import numpy as np

from .components import ALPHA_CURRENT, LIF, STATIC_THRESHOLD
from .if_curr_exp import lif_core, p21
from .spec import ModelSpec, Recordable

#: zsyn holds ZSYN_SCALE dt y1 (c_models/synapse/alpha_current.h: ALPHA_Z_SHIFT = 4).
ZSYN_SCALE = 16.0


def p31(tau_m, cm, tau_syn, dt):
    """NEST's propagator from the alpha state y1 (nA/ms) to the membrane over dt (mV per
    nA/ms): ``exp(-dt/tau_m)/cm * int_0^dt t exp(-beta t) dt``, beta = 1/tau_syn - 1/tau_m.

    Evaluated through ``f(x) = (1 - exp(-x)(1 + x)) / x**2`` (x = beta dt) with its Taylor
    series near x = 0, so that tau_syn = tau_m is exact too.
    """
    tau_m, cm, tau_syn = (np.asarray(a, dtype=np.float64) for a in (tau_m, cm, tau_syn))
    x = (1.0 / tau_syn - 1.0 / tau_m) * dt
    small = np.abs(x) < 1e-2
    xs = np.where(small, 1.0, x)
    general = -np.expm1(-xs) / xs ** 2 - np.exp(-xs) / xs
    series = 0.5 - x / 3.0 + x ** 2 / 8.0 - x ** 3 / 30.0 + x ** 4 / 144.0
    f = np.where(small, series, general)
    return np.exp(-dt / tau_m) / cm * dt ** 2 * f


def alpha_current_core(params, state, dt):
    tau_m, cm = params["tau_m"], params["cm"]
    out = {}
    for syn, tau_name in (("exc", "tau_syn_E"), ("inh", "tau_syn_I")):
        tau = params[tau_name]
        out[f"decay_{syn}"] = np.exp(-dt / tau)
        out[f"p31_{syn}"] = p31(tau_m, cm, tau, dt) / dt * ZSYN_SCALE
        out[f"p32_{syn}"] = p21(tau_m, cm, tau, dt)
        out[f"jump_{syn}"] = dt * np.e / tau * ZSYN_SCALE
    zero = np.zeros_like(state["v"])
    return out, {"isyn_exc": state["isyn_exc"], "isyn_inh": state["isyn_inh"],
                 "zsyn_exc": zero, "zsyn_inh": zero}


def to_core(params, state, dt):
    return {
        "lif": lif_core(params, state, dt),
        "alpha_current": alpha_current_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_CURR_ALPHA = ModelSpec(
    name="IF_curr_alpha",
    binary="neuron_lif_alpha_current",
    host_parameters={
        "cm": (1.0, "nF"), "tau_m": (20.0, "ms"), "tau_refrac": (0.1, "ms"),
        "tau_syn_E": (0.5, "ms"), "tau_syn_I": (0.5, "ms"), "v_rest": (-65.0, "mV"),
        "v_reset": (-65.0, "mV"), "v_thresh": (-50.0, "mV"), "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV"), "isyn_exc": (0.0, "nA"), "isyn_inh": (0.0, "nA")},
    components=(LIF, ALPHA_CURRENT, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif", "v"),
        Recordable("gsyn_exc", "nA", "alpha_current", "isyn_exc"),
        Recordable("gsyn_inh", "nA", "alpha_current", "isyn_inh"),
    ),
    to_core=to_core,
)

"""IF_cond_alpha: LIF with alpha-shaped conductances (NEST ``iaf_cond_alpha``).

A weight w (uS) makes the conductance ``w (t/tau_syn) exp(1 - t/tau_syn)``, peaking at w
after tau_syn.  As IF_cond_exp, conductances are held on the core in nS (0.03 pS resolution)
and per synapse type the core holds ``g`` and ``zsyn = 16 dt y1`` (y1 the kernel's second
state, NEST's ``dg``; the factor 16 gives it 4 more fraction bits because g sums it).
Per tick, with ``v0`` the potential at its start::

    v    <- v_rest + (v0 - v_rest) P22 + i_offset r_dt
            + sum over types of geff (E - v0),    geff = (P31 y1 + P32 g) / 1000
    v    <- v + sum of geff (v0 - (v0 + v)/2)      (driving force at the midpoint)
    g    <- P11 (dt y1 + g);  dt y1 <- P11 dt y1 + dt e / tau_syn w

i.e. the conductance's own time course goes through the membrane exactly (NEST's alpha
propagators P31, P32, as in IF_curr_alpha), and only the driving force is approximated, to
second order (a Heun step, as IF_cond_exp).  Measured against an RK45 solution in
unittests/vm/test_models_cond_alpha.py.
"""
import numpy as np

from .components import ALPHA_CONDUCTANCE, LIF, STATIC_THRESHOLD
from .if_curr_alpha import p31
from .if_curr_exp import lif_core, p21
from .spec import ModelSpec, Recordable

#: nS per uS: the core holds conductances in nS.
NS_PER_US = 1000.0
#: zsyn holds ZSYN_SCALE dt y1 (c_models/synapse/alpha_conductance.h: ALPHA_COND_Z_SHIFT).
ZSYN_SCALE = 16.0


def alpha_conductance_core(params, state, dt, leak=True):
    """Host precomputation of the alpha-conductance component.

    With ``leak`` the membrane propagators include the leak (tau_m, exact for a LIF);
    without it they are the plain integrals of the conductance over the tick divided by cm
    (for neurons that integrate their own, nonlinear, membrane dynamics: AdEx).
    """
    cm = params["cm"]
    tau_m = params["tau_m"] if leak else None
    out = {}
    for syn, tau_name, e_name in (("exc", "tau_syn_E", "e_rev_E"),
                                  ("inh", "tau_syn_I", "e_rev_I")):
        tau = params[tau_name]
        p11 = np.exp(-dt / tau)
        if leak:
            k31, k32 = p31(tau_m, cm, tau, dt), p21(tau_m, cm, tau, dt)
        else:
            # int_0^dt t exp(-t/tau) dt / cm and int_0^dt exp(-t/tau) dt / cm
            k31 = tau * (tau - p11 * (tau + dt)) / cm
            k32 = tau * (1.0 - p11) / cm
        out[f"decay_{syn}"] = p11
        out[f"k31_{syn}"] = k31 / (NS_PER_US * dt)   # per nS of dt y1, mV/pA -> 1/nS
        out[f"k32_{syn}"] = k32 / NS_PER_US
        out[f"jump_{syn}"] = np.broadcast_to(dt * np.e / tau * ZSYN_SCALE, np.shape(cm))
        out[f"e_rev_{syn}"] = params[e_name]
    zero = np.zeros_like(np.asarray(state["gsyn_exc"], dtype=np.float64))
    return out, {"gsyn_exc": state["gsyn_exc"] * NS_PER_US,
                 "gsyn_inh": state["gsyn_inh"] * NS_PER_US,
                 "zsyn_exc": zero, "zsyn_inh": zero}


def to_core(params, state, dt):
    return {
        "lif": lif_core(params, state, dt),
        "alpha_conductance": alpha_conductance_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_COND_ALPHA = ModelSpec(
    name="IF_cond_alpha",
    binary="neuron_lif_alpha_conductance",
    host_parameters={
        "cm": (1.0, "nF"), "tau_m": (20.0, "ms"), "tau_refrac": (0.1, "ms"),
        "tau_syn_E": (0.3, "ms"), "tau_syn_I": (0.5, "ms"), "e_rev_E": (0.0, "mV"),
        "e_rev_I": (-70.0, "mV"), "v_rest": (-65.0, "mV"), "v_reset": (-65.0, "mV"),
        "v_thresh": (-50.0, "mV"), "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV"), "gsyn_exc": (0.0, "uS"), "gsyn_inh": (0.0, "uS")},
    components=(LIF, ALPHA_CONDUCTANCE, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif", "v"),
        Recordable("gsyn_exc", "uS", "alpha_conductance", "gsyn_exc", scale=1.0 / NS_PER_US),
        Recordable("gsyn_inh", "uS", "alpha_conductance", "gsyn_inh", scale=1.0 / NS_PER_US),
    ),
    conductance_based=True,
    to_core=to_core,
)

"""IF_cond_exp: LIF with exponentially decaying conductances (NEST ``iaf_cond_exp``).

Conductances (weights in uS) are held on the core in nS, so that a decaying conductance keeps
0.03 pS resolution (in uS, s16.15 would leave a 30 pS step, i.e. ~2 pA of current at
typical driving forces).  Per tick, with ``v0`` the potential at its start::

    g    <- g + init w      (the tick's input w, at its start: the board's order and scale,
                             init = tau_syn/dt (1 - exp(-dt/tau_syn)))
    v    <- v_rest + (v0 - v_rest) P22 + i_offset r_dt
            + (P21e g_e (E_e - v0) + P21i g_i (E_i - v0)) / init
    g    <- g exp(-dt/tau_syn)

i.e. over a tick each synaptic current is taken as ``g(t) (E - v0)``: it decays with its
conductance and is integrated exactly (NEST's ``P21``, as in IF_curr_exp), while only the
driving force is frozen at its start -- exponential Euler.  The leak is exact.  The error
against NEST's adaptive RKF45 solution is of order ``dt g / (2 cm)`` relative to the synaptic
part of a PSP (measured in unittests/vm/test_models_neurons.py).
"""
import numpy as np

from .components import EXP_CONDUCTANCE, LIF, STATIC_THRESHOLD
from .if_curr_exp import exp_init, lif_core, p21
from .spec import ModelSpec, Recordable

#: nS per uS: the core holds conductances in nS.
NS_PER_US = 1000.0


def exp_conductance_core(params, state, dt):
    tau_m, cm = params["tau_m"], params["cm"]
    init_e, init_i = exp_init(params["tau_syn_E"], dt), exp_init(params["tau_syn_I"], dt)
    return (
        {"decay_exc": np.exp(-dt / params["tau_syn_E"]),
         "decay_inh": np.exp(-dt / params["tau_syn_I"]),
         # mV/nA -> mV/pA, per unit of the init-scaled state
         "k_exc": p21(tau_m, cm, params["tau_syn_E"], dt) / 1000.0 / init_e,
         "k_inh": p21(tau_m, cm, params["tau_syn_I"], dt) / 1000.0 / init_i,
         "init_exc": init_e, "init_inh": init_i,
         "e_rev_exc": params["e_rev_E"], "e_rev_inh": params["e_rev_I"]},
        {"gsyn_exc": state["gsyn_exc"] * NS_PER_US, "gsyn_inh": state["gsyn_inh"] * NS_PER_US},
    )


def to_core(params, state, dt):
    return {
        "lif": lif_core(params, state, dt),
        "exp_conductance": exp_conductance_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_COND_EXP = ModelSpec(
    name="IF_cond_exp",
    binary="neuron_lif_exp_conductance",
    host_parameters={
        "cm": (1.0, "nF"), "tau_m": (20.0, "ms"), "tau_refrac": (0.1, "ms"),
        "tau_syn_E": (5.0, "ms"), "tau_syn_I": (5.0, "ms"), "e_rev_E": (0.0, "mV"),
        "e_rev_I": (-70.0, "mV"), "v_rest": (-65.0, "mV"), "v_reset": (-65.0, "mV"),
        "v_thresh": (-50.0, "mV"), "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV"), "gsyn_exc": (0.0, "uS"), "gsyn_inh": (0.0, "uS")},
    components=(LIF, EXP_CONDUCTANCE, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif", "v"),
        Recordable("gsyn_exc", "uS", "exp_conductance", "gsyn_exc", scale=1.0 / NS_PER_US),
        Recordable("gsyn_inh", "uS", "exp_conductance", "gsyn_inh", scale=1.0 / NS_PER_US),
    ),
    conductance_based=True,
    to_core=to_core,
)

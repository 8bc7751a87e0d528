"""Izhikevich_cond: sPyNNaker 7.4.1's Izhikevich neuron with exponentially decaying
conductances (``extra_models.Izhikevich_cond``)::

    dv/dt = 0.04 v^2 + 5 v + 140 - u + i_offset + g_e (e_rev_E - v) + g_i (e_rev_I - v)
    du/dt = a (b v - u)
    v >= 30 mV:  v <- c,  u <- u + d

with currents in nA driving 1 mV/ms per nA (sPyNNaker's units: its Izhikevich adds i_offset
and the synaptic current to the equation unscaled; PyNN's standard Izhikevich, ours, takes
i_offset in nA as 1000 mV/ms per nA and has delta synapses).  Conductances (weights in uS)
are IF_cond_exp's: each input scaled by the board's init factor as it is added at the start
of a tick, decaying exactly; over a tick the synaptic drive is the conductance's integral
times the driving force at the tick's start, corrected to the tick's midpoint potential.
The membrane takes the board's explicit midpoint step per tick (our Izhikevich's: c_models/
neuron/izhikevich.h), the synaptic drive added after it.  Parameter names and
defaults are 7.4.1's; ``isyn_exc``/``isyn_inh`` (uS) are the conductances' initial values.
"""
import numpy as np

from .components import EXP_CONDUCTANCE, IZHIKEVICH as IZHIKEVICH_COMPONENT, STATIC_THRESHOLD
from .eif_cond_isfa_ista import exp_conductance_core
from .izhikevich import V_PEAK, izhikevich_core
from .receptors import multi_component
from .spec import ModelSpec, Recordable

NS_PER_US = 1000.0


def to_core(params, state, dt):
    ones = np.ones_like(params["a"])
    # sPyNNaker's units: 1 nA drives 1 mV/ms
    neuron = izhikevich_core(params, state, dt, drive_per_na=1.0)
    # the conductance's tick integral through a 1 nF membrane (1 mV/ms per nA)
    synapse = exp_conductance_core({**params, "cm": ones},
                                   {"gsyn_exc": state["isyn_exc"],
                                    "gsyn_inh": state["isyn_inh"]}, dt)
    return {
        "izhikevich": neuron,
        "exp_conductance": synapse,
        "static_threshold": ({"v_thresh": V_PEAK * ones}, {}),
    }


IZHIKEVICH_COND = ModelSpec(
    name="Izhikevich_cond",
    binary="neuron_izhikevich_exp_conductance",
    host_parameters={"a": (0.02, "/ms"), "b": (0.2, "/ms"), "c": (-65.0, "mV"),
                     "d": (2.0, "mV/ms"), "i_offset": (0.0, "nA"), "tau_syn_E": (5.0, "ms"),
                     "tau_syn_I": (5.0, "ms"), "e_rev_E": (0.0, "mV"),
                     "e_rev_I": (-70.0, "mV")},
    host_state={"v": (-70.0, "mV"), "u": (-14.0, "mV/ms"), "isyn_exc": (0.0, "uS"),
                "isyn_inh": (0.0, "uS")},
    components=(IZHIKEVICH_COMPONENT, EXP_CONDUCTANCE, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "izhikevich", "v"),
        Recordable("u", "mV/ms", "izhikevich", "u"),
        Recordable("gsyn_exc", "uS", "exp_conductance", "gsyn_exc", scale=1.0 / NS_PER_US),
        Recordable("gsyn_inh", "uS", "exp_conductance", "gsyn_inh", scale=1.0 / NS_PER_US),
    ),
    conductance_based=True,
    to_core=to_core,
)


# ------------------------------------------------------------------ Izhikevich_cond_dual
#: receptor k of the dual model: (receptor type, tau parameter, reversal parameter, state)
DUAL_RECEPTORS = (("excitatory", "tau_syn_E", "e_rev_E", "isyn_exc"),
                  ("excitatory2", "tau_syn_E2", "e_rev_E", "isyn_exc2"),
                  ("inhibitory", "tau_syn_I", "e_rev_I", "isyn_inh"))


def dual_to_core(params, state, dt):
    """Izhikevich_cond with three conductances: the two excitatory ones share e_rev_E, as
    sPyNNaker's dual-excitatory synapse feeding its conductance input type (each receptor's
    fields are Izhikevich_cond's excitatory ones for its tau and reversal potential)."""
    ones = np.ones_like(params["a"])
    neuron = izhikevich_core(params, state, dt, drive_per_na=1.0)
    syn_params, syn_state = {}, {}
    for k, (_, tau, e_rev, value) in enumerate(DUAL_RECEPTORS):
        one, one_state = exp_conductance_core(
            {"cm": ones, "tau_syn_E": params[tau], "tau_syn_I": params[tau],
             "e_rev_E": params[e_rev], "e_rev_I": params[e_rev]},
            {"gsyn_exc": state[value], "gsyn_inh": state[value]}, dt)
        for stem in ("decay", "k", "init", "e_rev"):
            syn_params[f"{stem}_{k}"] = one[f"{stem}_exc"]
        syn_state[f"gsyn_{k}"] = one_state["gsyn_exc"]
    return {
        "izhikevich": neuron,
        EXP_CONDUCTANCE_R3.name: (syn_params, syn_state),
        "static_threshold": ({"v_thresh": V_PEAK * ones}, {}),
    }


EXP_CONDUCTANCE_R3 = multi_component("exp_conductance", 3)

#: sPyNNaker 7.4.1's Izhikevich_cond_dual (IzkCondDualExpBase): Izhikevich_cond with a
#: second excitatory conductance (receptor 'excitatory2', its own tau_syn_E2, the same
#: e_rev_E); parameter names and defaults are 7.4.1's.
IZHIKEVICH_COND_DUAL = ModelSpec(
    name="Izhikevich_cond_dual",
    binary="neuron_izhikevich_exp_conductance_r3",
    host_parameters={"a": (0.02, "/ms"), "b": (0.2, "/ms"), "c": (-65.0, "mV"),
                     "d": (2.0, "mV/ms"), "i_offset": (0.0, "nA"), "tau_syn_E": (5.0, "ms"),
                     "tau_syn_E2": (5.0, "ms"), "tau_syn_I": (5.0, "ms"),
                     "e_rev_E": (0.0, "mV"), "e_rev_I": (-70.0, "mV")},
    host_state={"v": (-70.0, "mV"), "u": (-14.0, "mV/ms"), "isyn_exc": (0.0, "uS"),
                "isyn_exc2": (0.0, "uS"), "isyn_inh": (0.0, "uS")},
    components=(IZHIKEVICH_COMPONENT, EXP_CONDUCTANCE_R3, STATIC_THRESHOLD),
    synapse_types=tuple(r[0] for r in DUAL_RECEPTORS),
    recordables=(
        Recordable("v", "mV", "izhikevich", "v"),
        Recordable("u", "mV/ms", "izhikevich", "u"),
        Recordable("gsyn_exc", "uS", EXP_CONDUCTANCE_R3.name, "gsyn_0",
                   scale=1.0 / NS_PER_US),
        Recordable("gsyn_exc2", "uS", EXP_CONDUCTANCE_R3.name, "gsyn_1",
                   scale=1.0 / NS_PER_US),
        Recordable("gsyn_inh", "uS", EXP_CONDUCTANCE_R3.name, "gsyn_2",
                   scale=1.0 / NS_PER_US),
    ),
    conductance_based=True,
    to_core=dual_to_core,
)

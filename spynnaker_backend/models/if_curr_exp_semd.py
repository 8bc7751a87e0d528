"""IF_curr_exp_sEMD: sPyNNaker 7.4.1's LIF with sEMD synapses (a spiking elementary motion
detector: https://www.cit-ec.de/en/nbs/spiking-insect-vision).

Receptor types 'excitatory' (facilitation), 'excitatory2' (trigger), 'inhibitory'.  The
membrane's excitatory current is ``isyn_exc2 * multiplicator * scaling_factor``, where the
multiplicator takes ``isyn_exc``'s value in the tick the trigger's current first reaches
0.001 nA (with the multiplicator and the trigger's previous value 0) and returns to 0 when
the trigger's current falls below 0.001 nA (c_models/synapse/semd.h, from sPyNNaker's
synapse_types_semd_impl.h).  Currents are the board's (init-scaled) states; the membrane is
IF_curr_exp's exact LIF.  Recorded: v, gsyn_exc (that gated current, as the board records
its total excitatory input) and gsyn_inh.
"""
from .components import LIF, STATIC_THRESHOLD
from .if_curr_exp import exp_init, lif_core, p21
from .spec import Component, Field, ModelSpec, Recordable

import numpy as np

_TYPES = (("exc", "tau_syn_E"), ("exc2", "tau_syn_E2"), ("inh", "tau_syn_I"))

SEMD = Component(
    "semd", "synapse",
    params=tuple(Field(f"decay_{k}", "u032", "1", f"{k} current decay per tick, "
                       f"exp(-dt/{tau})") for k, tau in _TYPES)
    + (Field("p21_exc2", "s1615", "mV/nA", "potential change over one tick per nA of the "
             "gated current (decaying with exc2: NEST's P21 of tau_syn_E2 / init_exc2)"),
       Field("p21_inh", "s1615", "mV/nA", "same for the inhibitory current"))
    + tuple(Field(f"init_{k}", "u032", "1", f"scale of a {k} input as it is added: "
                  f"{tau}/dt (1 - exp(-dt/{tau}))") for k, tau in _TYPES)
    + (Field("scaling_factor", "s1615", "1", "gain of the gated current"),),
    state=(
        Field("isyn_exc", "s1615", "nA", "facilitating current"),
        Field("isyn_exc2", "s1615", "nA", "trigger current"),
        Field("isyn_inh", "s1615", "nA", "inhibitory current (magnitude)"),
        Field("multiplicator", "s1615", "nA", "isyn_exc held when the trigger started"),
        Field("exc2_old", "s1615", "nA", "the trigger current of the previous tick"),
        Field("isyn_semd", "s1615", "nA", "gated current isyn_exc2 * multiplicator * "
              "scaling_factor of this tick"),
    ),
)


def to_core(params, state, dt):
    tau_m, cm = params["tau_m"], params["cm"]
    out = {}
    for k, tau_name in _TYPES:
        tau = params[tau_name]
        out[f"decay_{k}"] = np.exp(-dt / tau)
        out[f"init_{k}"] = exp_init(tau, dt)
    for k, tau_name in (("exc2", "tau_syn_E2"), ("inh", "tau_syn_I")):
        out[f"p21_{k}"] = p21(tau_m, cm, params[tau_name], dt) / out[f"init_{k}"]
    out["scaling_factor"] = params["scaling_factor"]
    zero = np.zeros_like(np.asarray(state["v"], dtype=np.float64))
    return {
        "lif": lif_core(params, state, dt),
        "semd": (out, {"isyn_exc": state["isyn_exc"], "isyn_exc2": state["isyn_exc2"],
                       "isyn_inh": state["isyn_inh"], "multiplicator": state["multiplicator"],
                       "exc2_old": state["exc2_old"], "isyn_semd": zero}),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


#: 7.4.1's parameter names and defaults (IFCurrExpSEMDBase)
IF_CURR_EXP_SEMD = ModelSpec(
    name="IF_curr_exp_sEMD",
    binary="neuron_lif_semd",
    host_parameters={
        "tau_m": (20.0, "ms"), "cm": (1.0, "nF"), "v_rest": (-65.0, "mV"),
        "v_reset": (-65.0, "mV"), "v_thresh": (-50.0, "mV"), "tau_syn_E": (5.0, "ms"),
        "tau_syn_E2": (5.0, "ms"), "tau_syn_I": (5.0, "ms"), "tau_refrac": (0.1, "ms"),
        "i_offset": (0.0, "nA"), "scaling_factor": (1.0, "dimensionless"),
    },
    host_state={"v": (-65.0, "mV"), "isyn_exc": (0.0, "nA"), "isyn_exc2": (0.0, "nA"),
                "isyn_inh": (0.0, "nA"), "multiplicator": (0.0, "nA"),
                "exc2_old": (0.0, "nA")},
    components=(LIF, SEMD, STATIC_THRESHOLD),
    synapse_types=("excitatory", "excitatory2", "inhibitory"),
    recordables=(
        Recordable("v", "mV", "lif", "v"),
        Recordable("gsyn_exc", "nA", "semd", "isyn_semd"),
        Recordable("gsyn_inh", "nA", "semd", "isyn_inh"),
    ),
    to_core=to_core,
)

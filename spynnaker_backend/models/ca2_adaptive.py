"""IFCurrExpCa2Adaptive and IFCurrDeltaCa2Adaptive: sPyNNaker 7.4.1's leaky integrate-and-fire
neurons with a calcium-activated current (``extra_models``; Liu & Wang 2001)::

    tau_m dv/dt = v_rest - v + R (i_offset + i_ca2 + I_syn)
    tau_ca2 di_ca2/dt = -i_ca2,      a spike:  i_ca2 <- i_ca2 + i_alpha

as sPyNNaker's ``additional_input_ca2_adaptive`` runs it each tick: i_ca2 decays by
exp(-dt/tau_ca2) first, then enters the tick's exact LIF update as a constant current, and a
spike adds i_alpha.  sPyNNaker adds i_ca2 with its sign, so adaptation needs a negative
i_alpha (its default 0.1 nA excites).  Synapses: IF_curr_exp's exponential currents, or
IF_curr_delta's jumps of v (mV).  Parameter names and defaults are 7.4.1's; ``i_ca2`` is a
state variable (initial value, recordable in nA).
"""
import numpy as np

from .components import DELTA_CURRENT, EXP_CURRENT_EXACT, LIF, STATIC_THRESHOLD
from .if_curr_exp import exp_current_exact_core, lif_core
from .if_curr_delta import delta_current_core
from .spec import Component, Field, ModelSpec, Recordable

LIF_CA2 = Component(
    "lif_ca2", "neuron",
    # the LIF's fields, then the calcium current's
    params=LIF.params + (
        Field("exp_tc_ca2", "u032", "1", "calcium current decay per tick, exp(-dt/tau_ca2)"),
        Field("i_alpha", "s1615", "nA", "calcium current added by each spike"),
    ),
    state=LIF.state + (
        Field("i_ca2", "s1615", "nA", "calcium-activated current (added to the input)"),
    ),
)


def lif_ca2_core(params, state, dt):
    lif_params, lif_state = lif_core(params, state, dt)
    return ({**lif_params, "exp_tc_ca2": np.exp(-dt / params["tau_ca2"]),
             "i_alpha": params["i_alpha"]},
            {**lif_state, "i_ca2": state["i_ca2"]})


def to_core_exp(params, state, dt):
    return {
        "lif_ca2": lif_ca2_core(params, state, dt),
        "exp_current_exact": exp_current_exact_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


def to_core_delta(params, state, dt):
    return {
        "lif_ca2": lif_ca2_core(params, state, dt),
        "delta_current": delta_current_core(state),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


_LIF_PARAMETERS = {
    "tau_m": (20.0, "ms"), "cm": (1.0, "nF"), "v_rest": (-65.0, "mV"),
    "v_reset": (-65.0, "mV"), "v_thresh": (-50.0, "mV"), "tau_refrac": (0.1, "ms"),
    "i_offset": (0.0, "nA"), "tau_ca2": (50.0, "ms"), "i_alpha": (0.1, "nA"),
}
I_CA2 = Recordable("i_ca2", "nA", "lif_ca2", "i_ca2")

IF_CURR_EXP_CA2_ADAPTIVE = ModelSpec(
    name="IFCurrExpCa2Adaptive",
    binary="neuron_lif_ca2_exp_current",
    host_parameters={**_LIF_PARAMETERS, "tau_syn_E": (5.0, "ms"), "tau_syn_I": (5.0, "ms")},
    host_state={"v": (-65.0, "mV"), "isyn_exc": (0.0, "nA"), "isyn_inh": (0.0, "nA"),
                "i_ca2": (0.0, "nA")},
    components=(LIF_CA2, EXP_CURRENT_EXACT, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif_ca2", "v"),
        Recordable("gsyn_exc", "nA", "exp_current_exact", "isyn_exc"),
        Recordable("gsyn_inh", "nA", "exp_current_exact", "isyn_inh"),
        I_CA2,
    ),
    to_core=to_core_exp,
)

IF_CURR_DELTA_CA2_ADAPTIVE = ModelSpec(
    name="IFCurrDeltaCa2Adaptive",
    binary="neuron_lif_ca2_delta_current",
    host_parameters=dict(_LIF_PARAMETERS),
    host_state={"v": (-65.0, "mV"), "i_ca2": (0.0, "nA")},
    components=(LIF_CA2, DELTA_CURRENT, STATIC_THRESHOLD),
    recordables=(Recordable("v", "mV", "lif_ca2", "v"), I_CA2),
    to_core=to_core_delta,
)

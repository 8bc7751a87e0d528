"""IF_curr_delta: LIF whose synaptic inputs are voltage jumps (NEST ``iaf_psc_delta``).

A weight is the jump of v in mV (PyNN's and sPyNNaker's convention; inhibitory weights are
magnitudes and jump down).  Per tick the membrane integrates exactly, then the tick's input
is added to v, then the threshold is checked -- so an input at time s moves v at s and can
make the neuron fire at s.  Inputs arriving while refractory are discarded, as in NEST
(``refractory_input = False``).
"""
import numpy as np

from .components import DELTA_CURRENT, LIF, STATIC_THRESHOLD
from .if_curr_exp import lif_core
from .spec import ModelSpec, Recordable


def delta_current_core(state):
    """The delta synapse component: no parameters; its state (this tick's input) starts 0."""
    zero = np.zeros_like(np.asarray(state["v"], dtype=np.float64))
    return {}, {"isyn_exc": zero, "isyn_inh": zero}


def to_core(params, state, dt):
    return {
        "lif": lif_core(params, state, dt),
        "delta_current": delta_current_core(state),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_CURR_DELTA = ModelSpec(
    name="IF_curr_delta",
    binary="neuron_lif_delta_current",
    host_parameters={
        "cm": (1.0, "nF"), "tau_m": (20.0, "ms"), "tau_refrac": (0.1, "ms"),
        "v_rest": (-65.0, "mV"), "v_reset": (-65.0, "mV"), "v_thresh": (-50.0, "mV"),
        "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV")},
    components=(LIF, DELTA_CURRENT, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif", "v"),
        # sPyNNaker's: the input of each tick (mV), as a board records a delta synapse
        Recordable("gsyn_exc", "mV", "delta_current", "isyn_exc"),
        Recordable("gsyn_inh", "mV", "delta_current", "isyn_inh"),
    ),
    to_core=to_core,
)

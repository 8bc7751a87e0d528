"""IF_curr_delta: LIF whose synaptic inputs are voltage jumps (PyNN's model, NEST
``iaf_psc_delta``), on the board's LIF arithmetic (c_models/neuron/lif_board.h).

A weight is the jump of v in mV (PyNN's convention; inhibitory weights are magnitudes and
jump down).  Per tick the membrane takes the board's closed form with i_offset and the
current sources (``alpha = I R + v_rest``, ``v <- alpha - exp_TC (alpha - v)``, s16.15,
truncating products, as IF_curr_exp), then the tick's input is added to v, then the threshold
is checked.  Inputs arriving while refractory are discarded, as on the board and in NEST
(``refractory_input = False``).  sPyNNaker's own IF_curr_delta instead feeds w/dt as a
current held over the tick into that closed form (input_type_delta.h), a jump of
w R (1 - exp_TC) / dt = w/cm (1 - O(dt/tau_m)) mV: PyNN's mV only for cm = 1 nF, so the
model keeps PyNN's jump (docs/timing_and_arithmetic.md).
"""
import numpy as np

from .components import DELTA_CURRENT, LIF_BOARD, STATIC_THRESHOLD
from .if_curr_exp import lif_board_core
from .spec import ModelSpec, Recordable


def delta_current_core(state):
    """The delta synapse component: no parameters; its state (this tick's input) starts 0."""
    zero = np.zeros_like(np.asarray(state["v"], dtype=np.float64))
    return {}, {"isyn_exc": zero, "isyn_inh": zero}


def to_core(params, state, dt):
    return {
        "lif_board": lif_board_core(params, state, dt),
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
    components=(LIF_BOARD, DELTA_CURRENT, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif_board", "v"),
        # sPyNNaker's: the input of each tick (mV), as a board records a delta synapse
        Recordable("gsyn_exc", "mV", "delta_current", "isyn_exc"),
        Recordable("gsyn_inh", "mV", "delta_current", "isyn_inh"),
    ),
    to_core=to_core,
)

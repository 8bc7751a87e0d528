"""ExternalDeviceLifControl (sPyNNaker 7.4.1's external_devices): the LIF of IF_curr_exp
without a threshold, whose neurons drive devices instead of spiking.

Neuron i belongs to device i.  Every ``ts_inter_send`` ticks from tick ``ts_next_send`` (the
state's initial value, sPyNNaker's countdown) it sends one multicast packet with the
device's ``key``; when ``scale`` (a whole number) is not 0 the packet carries the neuron's
membrane potential after that tick's update, clipped to [``min``, ``max``] mV, times
``scale``, in the device's ``type`` (a SendType value).  Membrane and synapses are
IF_curr_exp's, in the board's arithmetic (if_curr_exp.py), with sPyNNaker's defaults
(v_rest = v_reset = v = 0 mV).  c_models/threshold/device_control.h does the sending.
"""
import numpy as np

from .components import DEVICE_CONTROL, EXP_CURRENT, LIF_BOARD
from .if_curr_exp import exp_current_core, lif_board_core
from .spec import ModelSpec, Recordable

#: an s16.15's range (mV): the default clip leaves every value as it is
_S1615_MIN, _S1615_MAX = -65536.0, 65535.0


def to_core(params, state, dt):
    return {
        "lif_board": lif_board_core(params, state, dt),
        "exp_current": exp_current_core(params, state, dt),
        # the board holds scale as a uint32 made by int(): truncated
        "device_control": ({"key": params["key"], "scale": np.trunc(params["scale"]),
                            "min_value": params["min"], "max_value": params["max"],
                            "ts_inter_send": params["ts_inter_send"],
                            "ts_first_send": state["ts_next_send"],
                            "send_type": params["type"]}, {}),
    }


EXTERNAL_DEVICE_LIF_CONTROL = ModelSpec(
    name="ExternalDeviceLifControl",
    binary="neuron_lif_device_control",
    host_parameters={
        "tau_m": (20.0, "ms"), "cm": (1.0, "nF"), "v_rest": (0.0, "mV"),
        "v_reset": (0.0, "mV"), "tau_syn_E": (5.0, "ms"), "tau_syn_I": (5.0, "ms"),
        "tau_refrac": (0.1, "ms"), "i_offset": (0.0, "nA"),
        # one device per neuron (sPyNNaker's names of ThresholdTypeMulticastDeviceControl)
        "key": (0.0, ""), "scale": (1.0, ""), "min": (_S1615_MIN, "mV"),
        "max": (_S1615_MAX, "mV"), "ts_inter_send": (1.0, "time steps"), "type": (2.0, ""),
    },
    host_state={"v": (0.0, "mV"), "isyn_exc": (0.0, "nA"), "isyn_inh": (0.0, "nA"),
                "ts_next_send": (0.0, "time steps")},
    components=(LIF_BOARD, EXP_CURRENT, DEVICE_CONTROL),
    recordables=(
        Recordable("v", "mV", "lif_board", "v"),
        Recordable("gsyn_exc", "nA", "exp_current", "isyn_exc"),
        Recordable("gsyn_inh", "nA", "exp_current", "isyn_inh"),
    ),
    to_core=to_core,
    device=True,
)

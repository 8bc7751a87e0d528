"""Izhikevich: the quadratic integrate-and-fire model of Izhikevich (2003), as NEST's
``izhikevich`` and PyNN's standard ``Izhikevich`` define it.

    dv/dt = 0.04 v^2 + 5 v + 140 - u + I        (v in mV, t in ms)
    du/dt = a (b v - u)
    v >= 30 mV:  v <- c,  u <- u + d

Choices (following PyNN 0.13's standard model, its NEST and Brian 2 backends):

* synapses are Dirac deltas: a weight is a jump of v in mV (inhibitory: down), added after
  the tick's integration and before the threshold check, as NEST does;
* ``i_offset`` is in nA and drives ``I = 1000 i_offset`` mV/ms (NEST's ``I_e`` in pA with
  R = 1, Brian 2's ``i_offset / pF``); ``i_offset = 0.01`` is Izhikevich's ``I = 10``;
* no refractory period.

Integration is the board's (sPyNNaker 7.4.1's ``neuron_model_izh_impl``): one explicit
midpoint (RK2) step per tick in s16.15 accums with truncating products, 0.04 held as
0.040008544921875, and a step of 1.85 dt on the tick after a spike (c_models/neuron/
izhikevich.h).  NEST's izhikevich takes forward-Euler steps instead; docs/
timing_and_arithmetic.md gives the relation.  (sPyNNaker's own Izhikevich uses exponential
current synapses and i_offset unscaled; this backend follows PyNN's definition of the model.)
"""
import numpy as np

from .components import DELTA_CURRENT, IZHIKEVICH as IZHIKEVICH_COMPONENT, STATIC_THRESHOLD
from .if_curr_delta import delta_current_core
from .spec import ModelSpec, Recordable

#: Spike threshold of the model (NEST's V_th) [mV].
V_PEAK = 30.0
#: mV/ms of drive per nA of i_offset (1 pF of implied capacitance).
DRIVE_PER_NA = 1000.0


def izhikevich_core(params, state, dt, drive_per_na=DRIVE_PER_NA):
    """The izhikevich component's fields; the step starts at dt (the board's initial
    next_h).  ``drive_per_na``: mV/ms of drive per nA of i_offset and injected current."""
    ones = np.ones_like(params["a"])
    return (
        {"a": params["a"], "b": params["b"], "c": params["c"], "d": params["d"],
         "drive": drive_per_na * params["i_offset"], "reset_h": dt * ones,
         "i_dt": drive_per_na * ones},
        {"v": state["v"], "u": state["u"], "this_h": state.get("this_h", dt * ones)},
    )


def to_core(params, state, dt):
    return {
        "izhikevich": izhikevich_core(params, state, dt),
        "delta_current": delta_current_core(state),
        "static_threshold": ({"v_thresh": np.full_like(params["a"], V_PEAK)}, {}),
    }


IZHIKEVICH = ModelSpec(
    name="Izhikevich",
    binary="neuron_izhikevich_delta_current",
    host_parameters={"a": (0.02, "/ms"), "b": (0.2, "/ms"), "c": (-65.0, "mV"),
                     "d": (2.0, "mV/ms"), "i_offset": (0.0, "nA")},
    host_state={"v": (-70.0, "mV"), "u": (-14.0, "mV/ms")},
    components=(IZHIKEVICH_COMPONENT, DELTA_CURRENT, STATIC_THRESHOLD),
    recordables=(Recordable("v", "mV", "izhikevich", "v"),
                 Recordable("u", "mV/ms", "izhikevich", "u"),
                 # sPyNNaker's: each tick's input (mV), as a board records it
                 Recordable("gsyn_exc", "mV", "delta_current", "isyn_exc"),
                 Recordable("gsyn_inh", "mV", "delta_current", "isyn_inh")),
    to_core=to_core,
)

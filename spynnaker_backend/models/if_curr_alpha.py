"""IF_curr_alpha: LIF with alpha-shaped current synapses, in the board's arithmetic.

The membrane is the board's LIF (c_models/neuron/lif_board.h, as IF_curr_exp); the synapses
are sPyNNaker's alpha synapse (synapse_types_alpha_impl.h, c_models/synapse/alpha_board.h):
per type a linear buffer, an exponential buffer and the last input q, the tick's current
being lin x exp.  A weight w (nA) alone makes the current ``w (t/tau_syn) exp(1 -
t/tau_syn)`` at the tick starts after its arrival (PyNN's alpha, peak w after tau_syn,
NEST's iaf_psc_alpha sampled on the grid), held over each tick; several inputs merge (the
latest weight sets the ramp).  The board's own weight scale, dt/tau^2 per tick, makes the
peak w/(e tau_syn): this backend keeps PyNN's, e dt/tau_syn (docs/timing_and_arithmetic.md).
"""
import numpy as np

from .components import ALPHA_BOARD, LIF_BOARD, STATIC_THRESHOLD
from .if_curr_exp import lif_board_core
from .spec import ModelSpec, Recordable


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


def alpha_board_core(params, state, dt):
    """The board's alpha synapse: decay exp(-dt/tau_syn) and PyNN's ramp step e dt/tau_syn.
    An initial current isyn starts as lin = isyn with exp = 1 and no ramp (q = 0): it decays
    as exp(-t/tau_syn), as NEST's I_syn with dI_syn = 0."""
    out = {}
    for syn, tau_name in (("exc", "tau_syn_E"), ("inh", "tau_syn_I")):
        tau = np.asarray(params[tau_name], dtype=np.float64)
        out[f"decay_{syn}"] = np.exp(-dt / tau)
        out[f"lin_step_{syn}"] = np.e * dt / tau
    isyn_e = np.asarray(state["isyn_exc"], dtype=np.float64)
    isyn_i = np.asarray(state["isyn_inh"], dtype=np.float64)
    zero = np.zeros_like(isyn_e)
    return out, {"isyn_exc": isyn_e, "isyn_inh": isyn_i, "lin_exc": isyn_e, "lin_inh": isyn_i,
                 "exp_exc": (isyn_e != 0).astype(np.float64),
                 "exp_inh": (isyn_i != 0).astype(np.float64), "q_exc": zero, "q_inh": zero}


def to_core(params, state, dt):
    return {
        "lif_board": lif_board_core(params, state, dt),
        "alpha_board": alpha_board_core(params, state, dt),
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
    components=(LIF_BOARD, ALPHA_BOARD, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif_board", "v"),
        Recordable("gsyn_exc", "nA", "alpha_board", "isyn_exc"),
        Recordable("gsyn_inh", "nA", "alpha_board", "isyn_inh"),
    ),
    to_core=to_core,
)

"""IF_curr_exp: LIF with exponentially decaying current synapses, in the board's arithmetic.

Per tick, as sPyNNaker's neuron_model_lif_impl and synapse_types_exponential_impl compute it
in s16.15: the tick's ring-buffer input w is added to the current state scaled by the board's
``init = tau_syn/dt (1 - exp(-dt/tau_syn))`` (truncated u0.32 product), then the board's closed
form with the input I = isyn_exc - isyn_inh + i_offset + i_inj held over the tick,
``alpha = I R + v_rest``, ``v <- alpha - exp_TC (alpha - v)`` (exp_TC = exp(-dt/tau_m) and
R = tau_m/cm as s16.15 accums, every product truncated), then the threshold, and the currents
decay by ``exp(-dt/tau_syn)`` (truncated).  docs/timing_and_arithmetic.md derives how far this
is from NEST's exact propagators (iaf_psc_exp).
"""
import numpy as np

from .components import EXP_CURRENT, LIF_BOARD, STATIC_THRESHOLD
from .spec import ModelSpec, Recordable


def lif_core(params, state, dt):
    """Host-side precomputation of the LIF component (dt in ms)."""
    tau_m, cm = params["tau_m"], params["cm"]
    p22 = np.exp(-dt / tau_m)
    return (
        {"v_rest": params["v_rest"], "v_reset": params["v_reset"], "exp_tc": p22,
         "r_dt": tau_m / cm * (1.0 - p22), "i_offset": params["i_offset"],
         "refract_ticks": np.ceil(params["tau_refrac"] / dt - 1e-9)},
        {"v": state["v"], "refract_timer": np.zeros_like(state["v"])},
    )


def lif_board_core(params, state, dt):
    """Host-side constants of the board's LIF (dt in ms): exp_TC and R as s16.15 accums."""
    tau_m, cm = params["tau_m"], params["cm"]
    return (
        {"v_rest": params["v_rest"], "v_reset": params["v_reset"],
         "exp_tc": np.exp(-dt / tau_m), "r_membrane": tau_m / cm,
         "i_offset": params["i_offset"],
         "refract_ticks": np.ceil(params["tau_refrac"] / dt - 1e-9)},
        {"v": state["v"], "refract_timer": np.zeros_like(state["v"])},
    )


def p21(tau_m, cm, tau_syn, dt):
    """NEST's exact propagator from an exponential current to the membrane (mV/nA)."""
    p22 = np.exp(-dt / tau_m)
    p11 = np.exp(-dt / tau_syn)
    same = np.isclose(tau_m, tau_syn)
    with np.errstate(divide="ignore", invalid="ignore"):
        general = tau_syn * tau_m / (cm * (tau_m - tau_syn)) * (p22 - p11)
    # the limit tau_syn -> tau_m
    limit = dt / cm * p22
    return np.where(same, limit, general)


def exp_init(tau_syn, dt):
    """The board's scale of an exponential synapse's input: tau_syn/dt (1 - exp(-dt/tau_syn)),
    the mean over one tick of a unit input decaying from its arrival."""
    tau_syn = np.asarray(tau_syn, dtype=np.float64)
    return tau_syn / dt * -np.expm1(-dt / tau_syn)


def exp_current_core(params, state, dt):
    return (
        {"decay_exc": np.exp(-dt / params["tau_syn_E"]),
         "decay_inh": np.exp(-dt / params["tau_syn_I"]),
         "init_exc": exp_init(params["tau_syn_E"], dt),
         "init_inh": exp_init(params["tau_syn_I"], dt)},
        {"isyn_exc": state["isyn_exc"], "isyn_inh": state["isyn_inh"]},
    )


def exp_current_exact_core(params, state, dt):
    """The exp_current_exact component (NEST's exact propagator P21 / init to an exact LIF
    membrane): the Ca2-adaptive and multi-receptor LIFs."""
    tau_m, cm = params["tau_m"], params["cm"]
    out_p, out_s = exp_current_core(params, state, dt)
    out_p["p21_exc"] = p21(tau_m, cm, params["tau_syn_E"], dt) / out_p["init_exc"]
    out_p["p21_inh"] = p21(tau_m, cm, params["tau_syn_I"], dt) / out_p["init_inh"]
    return out_p, out_s


def to_core(params, state, dt):
    return {
        "lif_board": lif_board_core(params, state, dt),
        "exp_current": exp_current_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_CURR_EXP = ModelSpec(
    name="IF_curr_exp",
    binary="neuron_lif_exp_current",
    host_parameters={
        "cm": (1.0, "nF"), "tau_m": (20.0, "ms"), "tau_refrac": (0.1, "ms"),
        "tau_syn_E": (5.0, "ms"), "tau_syn_I": (5.0, "ms"), "v_rest": (-65.0, "mV"),
        "v_reset": (-65.0, "mV"), "v_thresh": (-50.0, "mV"), "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV"), "isyn_exc": (0.0, "nA"), "isyn_inh": (0.0, "nA")},
    components=(LIF_BOARD, EXP_CURRENT, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif_board", "v"),
        Recordable("gsyn_exc", "nA", "exp_current", "isyn_exc"),
        Recordable("gsyn_inh", "nA", "exp_current", "isyn_inh"),
    ),
    to_core=to_core,
)

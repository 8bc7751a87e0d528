"""IF_cond_exp_gsfa_grr: PyNN's LIF with exponential conductances, spike-frequency adaptation
and relative refractoriness (Muller et al. 2007; NEST ``iaf_cond_exp_sfa_rr``)::

    cm dv/dt      = gL (v_rest - v) + g_e (e_rev_E - v) + g_i (e_rev_I - v)
                    + g_s (e_rev_sfa - v) + g_r (e_rev_rr - v) + i_offset,   gL = cm / tau_m
    tau_sfa dg_s/dt = -g_s,   tau_rr dg_r/dt = -g_r
    v >= v_thresh:  v <- v_reset (held for tau_refrac), g_s += q_sfa, g_r += q_rr

(synaptic conductances in uS, g_s, g_r, q_sfa, q_rr in nS.)  sPyNNaker has no such model, so
the cores run PyNN's equations in fixed point, as for IF_cond_alpha and AdEx
(docs/timing_and_arithmetic.md).  The synapses are IF_cond_exp's (exp_cond_board: an input w
enters as w tau_syn/dt (1 - exp(-dt/tau_syn)), the conductance's mean over its first tick).
The membrane (c_models/neuron/gsfa_grr.h) takes one exponential step per tick with every
conductance at its mean over the tick (g_s, g_r: their value at the tick's start times the same
factor, so that each conductance's integral over the tick is exact): with x = G dt / cm
(G the total conductance, leak included) and y = the tick's Euler step of v,

    v <- v + y (1 - exp(-x)) / x,

exact for conductances constant over the tick and stable for any x.  The relative refractory
conductance needs it: q_rr = 3000 nS against cm = 1 nF decays the membrane by
g_r dt / cm = 0.3 per tick at dt = 0.1 ms, where an explicit step would be off by tens of
percent.  Then g_s and g_r decay by exp(-dt/tau) (rounded, reaching 0).  v holds s16.15, g_s and
g_r 2^-17 nS (the decay of g_s by 1e-4 per tick at dt = 0.01 ms would round away in s16.15).
"""
import numpy as np

from .components import EXP_COND_BOARD, STATIC_THRESHOLD
from .if_cond_exp import WEIGHT_BITS, WEIGHT_SCALE, exp_cond_board_core
from .if_curr_exp import exp_init
from .spec import Component, Field, ModelSpec, Recordable

#: Scales of the finer fixed-point fields (c_models/neuron/gsfa_grr.h).
G_SCALE = 2.0 ** 17          # g_s, g_r, q_sfa, q_rr [2^-17 nS]
K_SCALE = 2.0 ** 36          # k_sfa, k_rr [2^-36 / nS]
K_SYN_SCALE = 2.0 ** 24      # k_syn = dt / cm [2^-24 ms/nF]
X_LEAK_SCALE = 2.0 ** 30     # x_leak = dt / tau_m [2^-30]
#: Largest dt / cm [ms/nF] the fields hold (k_sfa, k_rr: uint32 of 2^-36 per nS, x 1000 nS).
DT_CM_MAX = 2.0 ** 32 / K_SCALE * 1000.0
#: Largest q_sfa, q_rr [nS] (g_s and g_r saturate at 2^31 units, 16384 nS).
Q_MAX = 8192.0

GSFA_GRR = Component(
    "gsfa_grr", "neuron",
    params=(
        Field("v_rest", "s1615", "mV", "resting potential (leak reversal)"),
        Field("v_reset", "s1615", "mV", "potential after a spike"),
        Field("e_rev_sfa", "s1615", "mV", "reversal potential of the adaptation conductance"),
        Field("e_rev_rr", "s1615", "mV", "reversal potential of the relative refractory "
              "conductance"),
        Field("i_offset", "s1615", "nA", "constant injected current"),
        Field("x_leak", "uint32", "2^-30", "dt / tau_m: the leak's share of x per tick"),
        Field("k_syn", "int32", "2^-24 ms/nF", "dt / cm: x per uS of conductance, v's Euler "
              "step per nA of current"),
        Field("k_sfa", "uint32", "2^-36/nS", "x per nS of g_s at the tick's start: "
              "dt / cm / 1000 tau_sfa/dt (1 - exp(-dt/tau_sfa)) (its mean over the tick)"),
        Field("k_rr", "uint32", "2^-36/nS", "same for g_r and tau_rr"),
        Field("decay_sfa", "u032", "1", "g_s decay per tick, exp(-dt/tau_sfa)"),
        Field("decay_rr", "u032", "1", "g_r decay per tick, exp(-dt/tau_rr)"),
        Field("q_sfa", "int32", "2^-17 nS", "g_s added by each spike"),
        Field("q_rr", "int32", "2^-17 nS", "g_r added by each spike"),
        Field("refract_ticks", "int32", "ticks", "refractory period"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        Field("g_sfa", "int32", "2^-17 nS", "spike-frequency adaptation conductance g_s"),
        Field("g_rr", "int32", "2^-17 nS", "relative refractory conductance g_r"),
        Field("refract_timer", "int32", "ticks", "ticks of refractoriness left"),
    ),
)


def gsfa_grr_core(params, state, dt):
    """Host constants of the membrane (dt in ms); refuses values the fields cannot hold."""
    cm, tau_m = params["cm"], params["tau_m"]
    dt_cm = dt / cm
    if np.any(dt_cm >= DT_CM_MAX):
        raise ValueError(
            f"IF_cond_exp_gsfa_grr: cm = {np.min(cm):.3g} nF is too small for the cores' fixed "
            f"point at dt = {dt} ms (dt / cm must be below {DT_CM_MAX:.4g} ms/nF): raise cm")
    if np.any(dt / tau_m >= 4.0):
        raise ValueError(
            f"IF_cond_exp_gsfa_grr: tau_m = {np.min(tau_m):.3g} ms is below a quarter of the "
            f"timestep {dt} ms, more than the cores' leak field holds: raise tau_m or lower dt")
    for name in ("q_sfa", "q_rr"):
        q = np.asarray(params[name], dtype=float)
        if np.any((q < 0) | (q > Q_MAX)):
            raise ValueError(
                f"IF_cond_exp_gsfa_grr: {name} must be in [0, {Q_MAX:g}] nS on the cores "
                f"(got {q[(q < 0) | (q > Q_MAX)].ravel()[0]!r})")
    mean_sfa = exp_init(params["tau_sfa"], dt)
    mean_rr = exp_init(params["tau_rr"], dt)
    return (
        {"v_rest": params["v_rest"], "v_reset": params["v_reset"],
         "e_rev_sfa": params["e_rev_sfa"], "e_rev_rr": params["e_rev_rr"],
         "i_offset": params["i_offset"],
         "x_leak": X_LEAK_SCALE * dt / tau_m,
         "k_syn": K_SYN_SCALE * dt_cm,
         "k_sfa": K_SCALE * dt_cm / 1000.0 * mean_sfa,
         "k_rr": K_SCALE * dt_cm / 1000.0 * mean_rr,
         "decay_sfa": np.exp(-dt / params["tau_sfa"]),
         "decay_rr": np.exp(-dt / params["tau_rr"]),
         "q_sfa": G_SCALE * params["q_sfa"], "q_rr": G_SCALE * params["q_rr"],
         "refract_ticks": np.ceil(params["tau_refrac"] / dt - 1e-9)},
        {"v": state["v"], "g_sfa": G_SCALE * state["g_s"], "g_rr": G_SCALE * state["g_r"],
         "refract_timer": np.zeros_like(state["v"])},
    )


def to_core(params, state, dt):
    return {
        "gsfa_grr": gsfa_grr_core(params, state, dt),
        "exp_cond_board": exp_cond_board_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_COND_EXP_GSFA_GRR = ModelSpec(
    name="IF_cond_exp_gsfa_grr",
    binary="neuron_gsfa_grr_exp_conductance",
    host_parameters={
        "v_rest": (-65.0, "mV"), "cm": (1.0, "nF"), "tau_m": (20.0, "ms"),
        "tau_refrac": (0.1, "ms"), "tau_syn_E": (5.0, "ms"), "tau_syn_I": (5.0, "ms"),
        "e_rev_E": (0.0, "mV"), "e_rev_I": (-70.0, "mV"), "v_thresh": (-50.0, "mV"),
        "v_reset": (-65.0, "mV"), "i_offset": (0.0, "nA"), "tau_sfa": (100.0, "ms"),
        "e_rev_sfa": (-75.0, "mV"), "q_sfa": (15.0, "nS"), "tau_rr": (2.0, "ms"),
        "e_rev_rr": (-75.0, "mV"), "q_rr": (3000.0, "nS"),
    },
    host_state={"v": (-65.0, "mV"), "g_r": (0.0, "nS"), "g_s": (0.0, "nS"),
                "gsyn_exc": (0.0, "uS"), "gsyn_inh": (0.0, "uS")},
    components=(GSFA_GRR, EXP_COND_BOARD, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "gsfa_grr", "v"),
        Recordable("g_r", "nS", "gsfa_grr", "g_rr", scale=1.0 / G_SCALE),
        Recordable("g_s", "nS", "gsfa_grr", "g_sfa", scale=1.0 / G_SCALE),
        Recordable("gsyn_exc", "uS", "exp_cond_board", "gsyn_exc", scale=1.0 / WEIGHT_SCALE,
                   shift=WEIGHT_BITS),
        Recordable("gsyn_inh", "uS", "exp_cond_board", "gsyn_inh", scale=1.0 / WEIGHT_SCALE,
                   shift=WEIGHT_BITS),
    ),
    conductance_based=True,
    to_core=to_core,
)

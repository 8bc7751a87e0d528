"""HH_cond_exp: the Hodgkin-Huxley neuron of Traub & Miles (1991) with exponentially decaying
conductances, as PyNN's standard model defines it and NEST's ``hh_cond_exp_traub`` runs it::

    cm dv/dt = -gbar_Na m^3 h (v - e_rev_Na) - gbar_K n^4 (v - e_rev_K)
               - g_leak (v - e_rev_leak) + i_offset + g_e (e_rev_E - v) + g_i (e_rev_I - v)
    dx/dt    = alpha_x(V) (1 - x) - beta_x(V) x      for x in m, h, n;  V = v - v_offset
    alpha_n = 0.032 (15 - V) / (exp((15 - V)/5) - 1)    beta_n = 0.5 exp((10 - V)/40)
    alpha_m = 0.32 (13 - V) / (exp((13 - V)/4) - 1)     beta_m = 0.28 (V-40) / (exp((V-40)/5) - 1)
    alpha_h = 0.128 exp((17 - V)/18)                    beta_h = 4 / (1 + exp((40 - V)/5))

(conductances in uS, cm in nF, rates in 1/ms.)  There is no reset: a spike is emitted in the
tick whose update takes v past its peak at or above v_offset + 30 mV (v >= v_offset + 30 and
lower than at the tick's start), and no other for :data:`T_REF` ms (NEST's ``t_ref``, which
PyNN does not expose).

On the core (c_models/neuron/hh.h) each tick is integrated with 2^sub_shift classical
Runge-Kutta (RK4) sub-steps of length h in 64-bit fixed point (v in 2^-28 mV, gates and rates
in 2^-30), with a fixed-point exp and no libm: h is the longest dt / 2^k with h <= :data:`H_MAX`
and h (gbar_Na + gbar_K + g_leak) / cm <= :data:`STIFF_MAX` (RK4's stability interval on the
real axis is 2.78; the defaults give 16 sub-steps at dt = 0.1 ms).  The synaptic conductances
are IF_cond_exp's state (input added at the tick's start, scaled by the board's init factor,
decaying per tick), but the membrane integrates them itself inside the sub-steps as
G exp(-t/tau_syn) (e_rev - v), G = g_s / init the conductance at the tick's start, as NEST's
solver does: during a spike v moves by tens of mV within a tick, which a driving force taken
per tick (IF_cond_exp's) would not follow.  The rate functions are
evaluated with V clamped to +-:data:`V_RATE_LIMIT` mV (the arithmetic's range; no neuron's V
gets there).
"""
import numpy as np

from .eif_cond_isfa_ista import exp_conductance_core
from .if_curr_exp import exp_init
from .components import EXP_CONDUCTANCE, STATIC_THRESHOLD
from .spec import Component, Field, ModelSpec, Recordable

#: nS per uS: the core holds synaptic conductances in nS.
NS_PER_US = 1000.0
#: Longest RK4 sub-step [ms].
H_MAX = 1.0 / 128
#: Largest h (gbar_Na + gbar_K + g_leak) / cm a sub-step may have (the fastest possible rate
#: of v, all channels open, times h).
STIFF_MAX = 1.0
#: Most sub-steps per tick, as log2 (c_models/neuron/hh.h refuses more).
MAX_SUB_SHIFT = 12
#: NEST's refractory time of hh_cond_exp_traub: no spike is detected for this long [ms].
T_REF = 2.0
#: Spike detection: v at or above v_offset + this [mV] (NEST's V_T + 30).
SPIKE_OFFSET = 30.0
#: |V| = |v - v_offset| at which the rate functions are clamped [mV] (c_models/neuron/hh.h).
V_RATE_LIMIT = 150.0
#: Scales of the fixed-point fields.
GATE_SCALE = 2.0 ** 30
COEF_SCALE = 2.0 ** 30
H_CM_SCALE = 2.0 ** 24

HH = Component(
    "hh", "neuron",
    params=(
        Field("v_offset", "s1615", "mV", "offset of the rate functions' V = v - v_offset "
              "(NEST's V_T)"),
        Field("e_na", "s1615", "mV", "sodium reversal potential"),
        Field("e_k", "s1615", "mV", "potassium reversal potential"),
        Field("e_leak", "s1615", "mV", "leak reversal potential"),
        Field("c_na", "int32", "2^-30", "h gbar_Na / cm, the sub-step's sodium rate with "
              "every channel open"),
        Field("c_k", "int32", "2^-30", "h gbar_K / cm"),
        Field("c_l", "int32", "2^-30", "h g_leak / cm"),
        Field("h_cm", "int32", "2^-24 mV/nA", "h / cm, v's change over a sub-step per nA"),
        Field("h_ms", "u032", "ms", "sub-step length h (< 1 ms)"),
        Field("k_syn_exc", "u032", "1/nS", "h / (1000 cm init_E): h G / cm per nS of the "
              "excitatory state g_s = init_E G (G the conductance at the tick's start)"),
        Field("k_syn_inh", "u032", "1/nS", "same for the inhibitory type"),
        Field("half_decay_exc", "u032", "1", "excitatory decay over half a sub-step, "
              "exp(-h / (2 tau_syn_E))"),
        Field("half_decay_inh", "u032", "1", "exp(-h / (2 tau_syn_I))"),
        Field("i_offset", "s823", "nA", "constant injected current (s8.23: s16.15's step of "
              "3e-5 nA would bias dv/dt by up to 8e-5 mV/ms at cm = 0.2 nF)"),
        Field("sub_shift", "int32", "1", "log2 of the RK4 sub-steps per tick "
              "(h = dt / 2^sub_shift)"),
        Field("refract_ticks", "int32", "ticks", "ticks after a spike in which no spike is "
              "detected (NEST's t_ref)"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        Field("m", "int32", "2^-30", "sodium activation"),
        Field("h", "int32", "2^-30", "sodium inactivation"),
        Field("n", "int32", "2^-30", "potassium activation"),
        Field("v_prev", "s1615", "mV", "v at the start of the last tick (spike detection "
              "at v's maximum)"),
        Field("refract_timer", "int32", "ticks", "ticks without spike detection left"),
    ),
)


def sub_shift(dt, gbar_na, gbar_k, g_leak, cm):
    """log2 of the sub-steps per tick: the fewest with h <= H_MAX and h (gsum / cm) <=
    STIFF_MAX, per neuron (arrays of the parameters)."""
    rate = (np.asarray(gbar_na) + np.asarray(gbar_k) + np.asarray(g_leak)) / np.asarray(cm)
    h_needed = np.minimum(H_MAX, STIFF_MAX / np.maximum(rate, 1e-300))
    return np.maximum(0, np.ceil(np.log2(dt / h_needed) - 1e-9)).astype(int)


def hh_core(params, state, dt):
    shift = sub_shift(dt, params["gbar_Na"], params["gbar_K"], params["g_leak"], params["cm"])
    if np.any(shift > MAX_SUB_SHIFT):
        rate = (params["gbar_Na"] + params["gbar_K"] + params["g_leak"]) / params["cm"]
        raise ValueError(
            f"HH_cond_exp: (gbar_Na + gbar_K + g_leak) / cm up to {np.max(rate):.4g}/ms at "
            f"dt {dt} ms needs more than 2^{MAX_SUB_SHIFT} sub-steps per tick; lower the "
            "conductances or raise cm")
    h = dt / 2.0 ** shift
    cm = params["cm"]
    k_syn = [h / (NS_PER_US * cm * exp_init(params[tau], dt))
             for tau in ("tau_syn_E", "tau_syn_I")]
    # h / cm is held in s7.24 (< 128 mV/nA), h G / cm per nS of the state as a u0.32 fraction
    if np.any(h / cm >= 2.0 ** 31 / H_CM_SCALE) or np.any(np.maximum(*k_syn) >= 1.0):
        raise ValueError(
            f"HH_cond_exp: cm = {np.min(cm):.3g} nF is too small for the cores' fixed point "
            f"at dt = {dt} ms (a sub-step of {np.max(h):.3g} ms must move v by less than "
            "128 mV per nA of current and by less than the driving force per nS of synaptic "
            "conductance): raise cm (or tau_syn_E / tau_syn_I, if they are far below dt)")
    return (
        {"v_offset": params["v_offset"], "e_na": params["e_rev_Na"],
         "e_k": params["e_rev_K"], "e_leak": params["e_rev_leak"],
         "c_na": COEF_SCALE * h * params["gbar_Na"] / cm,
         "c_k": COEF_SCALE * h * params["gbar_K"] / cm,
         "c_l": COEF_SCALE * h * params["g_leak"] / cm,
         "h_cm": H_CM_SCALE * h / cm, "h_ms": h,
         "k_syn_exc": k_syn[0], "k_syn_inh": k_syn[1],
         "half_decay_exc": np.exp(-h / (2 * params["tau_syn_E"])),
         "half_decay_inh": np.exp(-h / (2 * params["tau_syn_I"])),
         "i_offset": params["i_offset"],
         "sub_shift": shift.astype(float),
         "refract_ticks": np.full_like(cm, np.rint(T_REF / dt))},
        {"v": state["v"], "m": GATE_SCALE * state["m"], "h": GATE_SCALE * state["h"],
         "n": GATE_SCALE * state["n"], "v_prev": state["v"],
         "refract_timer": np.zeros_like(state["v"])},
    )


def to_core(params, state, dt):
    syn_params, syn_state = exp_conductance_core(params, state, dt)
    # the membrane integrates the conductances itself (hh.h): no tick-level integral
    syn_params = {**syn_params, "k_exc": np.zeros_like(params["cm"]),
                  "k_inh": np.zeros_like(params["cm"])}
    return {
        "hh": hh_core(params, state, dt),
        "exp_conductance": (syn_params, syn_state),
        "static_threshold": ({"v_thresh": params["v_offset"] + SPIKE_OFFSET}, {}),
    }


HH_COND_EXP = ModelSpec(
    name="HH_cond_exp",
    binary="neuron_hh_exp_conductance",
    host_parameters={
        "gbar_Na": (20.0, "uS"), "gbar_K": (6.0, "uS"), "g_leak": (0.01, "uS"),
        "cm": (0.2, "nF"), "v_offset": (-63.0, "mV"), "e_rev_Na": (50.0, "mV"),
        "e_rev_K": (-90.0, "mV"), "e_rev_leak": (-65.0, "mV"), "e_rev_E": (0.0, "mV"),
        "e_rev_I": (-80.0, "mV"), "tau_syn_E": (0.2, "ms"), "tau_syn_I": (2.0, "ms"),
        "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV"), "gsyn_exc": (0.0, "uS"), "gsyn_inh": (0.0, "uS"),
                "h": (1.0, ""), "m": (0.0, ""), "n": (0.0, "")},
    components=(HH, EXP_CONDUCTANCE, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "hh", "v"),
        Recordable("gsyn_exc", "uS", "exp_conductance", "gsyn_exc", scale=1.0 / NS_PER_US),
        Recordable("gsyn_inh", "uS", "exp_conductance", "gsyn_inh", scale=1.0 / NS_PER_US),
        Recordable("m", "", "hh", "m", scale=1.0 / GATE_SCALE),
        Recordable("h", "", "hh", "h", scale=1.0 / GATE_SCALE),
        Recordable("n", "", "hh", "n", scale=1.0 / GATE_SCALE),
    ),
    conductance_based=True,
    to_core=to_core,
)

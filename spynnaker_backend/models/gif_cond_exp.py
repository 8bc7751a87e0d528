"""GIF_cond_exp: the generalised integrate-and-fire neuron of Mensi et al. (2012) and
Pozzorini et al. (2015) with exponential conductances (NEST ``gif_cond_exp``)::

    cm dv/dt = gL (v_rest - v) + g_e (e_rev_E - v) + g_i (e_rev_I - v) - i_eta + i_offset,
    i_eta = sum_j eta_j,  tau_eta_j deta_j/dt = -eta_j        (spike-triggered current, nA)
    v_t = v_t_star + sum_j gamma_j,  tau_gamma_j dgamma_j/dt = -gamma_j   (moving threshold)
    lambda = lambda0 exp((v - v_t) / delta_v)                 (escape rate, Hz)

A neuron fires in a tick with probability 1 - exp(-lambda dt) (the neuron's own random
stream); then v <- v_reset for tau_refrac, eta_j += a_eta[j], gamma_j += a_gamma[j].  The
cores follow NEST's step (c_models/neuron/gif.h): i_eta and v_t are their values at the tick's
start, held over it; the membrane takes one exponential step with the tick's mean
conductances (as IF_cond_exp_gsfa_grr, c_models/neuron/cond_step.h); the draw uses v at the
tick's end against that v_t; no draw while refractory.  ``i_eta`` and ``v_t`` are recorded as
the values of the tick before the sample, as NEST records I_stc and E_sfa.  The kernels start
at 0 (i_eta = 0, v_t = v_t_star), as in NEST and PyNN's NEURON backend: initial values given
for ``i_eta`` and ``v_t`` are not state the model can start from and are not used.

Fixed point: eta_j and i_eta in 2^-23 nA, gamma_j in 2^-23 mV, v and v_t in s16.15; the
escape rate as in the stochastic thresholds (c_models/threshold/gif_threshold.h): lambda dt =
2^(log2(e) (v - v_t) / delta_v + log2(lambda0 dt)), log2(e) / delta_v held as a 32-bit
mantissa and a shift so that delta_v may be as small as 1e-9 mV (PyNN's example uses 1e-6 mV
for deterministic spiking).
"""
import numpy as np

from .components import EXP_COND_BOARD
from .if_cond_exp import WEIGHT_BITS, WEIGHT_SCALE, exp_cond_board_core
from .if_cond_exp_gsfa_grr import DT_CM_MAX, K_SYN_SCALE, X_LEAK_SCALE
from .spec import Component, Field, ModelSpec, Recordable
from .stochastic_lif import _STREAM

#: Parameters holding one value per adaptation kernel (PyNN ArrayParameters of length 3).
KERNEL_PARAMETERS = ("tau_eta", "tau_gamma", "a_eta", "a_gamma")
N_KERNELS = 3
#: Bounds the fixed-point fields impose: |a_eta| [nA], |a_gamma| [mV] (2^-23 units, summed
#: over the kernels and over close spikes within 256), delta_v [mV].
A_MAX = 64.0
DELTA_V_MIN, DELTA_V_MAX = 1e-9, 1000.0
#: |log2(e) (v - v_t) / delta_v| beyond which the probability is 0 or 1 whatever lambda0 dt
Z_LIMIT = 64.0


def _kernels(prefix, ctype, unit, doc):
    return tuple(Field(f"{prefix}{j + 1}", ctype, unit, f"{doc} {j + 1}")
                 for j in range(N_KERNELS))


GIF = Component(
    "gif", "neuron",
    params=(
        Field("v_rest", "s1615", "mV", "resting potential (leak reversal)"),
        Field("v_reset", "s1615", "mV", "potential after a spike"),
        Field("i_offset", "s1615", "nA", "constant injected current"),
        Field("x_leak", "uint32", "2^-30", "dt / tau_m: the leak's share of x per tick"),
        Field("k_syn", "int32", "2^-24 ms/nF", "dt / cm: x per uS of conductance, v's Euler "
              "step per nA of current"),
        Field("v_t_star", "s1615", "mV", "threshold baseline"),
        Field("refract_ticks", "int32", "ticks", "refractory period"),
    ) + _kernels("decay_eta", "u032", "1", "exp(-dt/tau_eta) of kernel")
      + _kernels("q_eta", "s823", "nA", "a_eta: eta added by a spike, kernel")
      + _kernels("decay_gamma", "u032", "1", "exp(-dt/tau_gamma) of kernel")
      + _kernels("q_gamma", "s823", "mV", "a_gamma: gamma added by a spike, kernel"),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        Field("i_eta", "s823", "nA", "spike-triggered current over the last tick"),
        Field("v_t", "s1615", "mV", "threshold over the last tick, v_t_star + sum gamma"),
        Field("refract_timer", "int32", "ticks", "ticks of refractoriness left"),
    ) + _kernels("eta", "s823", "nA", "spike-triggered current of kernel")
      + _kernels("gamma", "s823", "mV", "threshold movement of kernel"),
)

GIF_THRESHOLD = Component(
    "gif_threshold", "threshold",
    params=(
        Field("f_mant", "uint32", "2^-f_shift / mV", "log2(e) / delta_v's mantissa"),
        Field("f_shift", "uint32", "1", "log2(e) / delta_v = f_mant 2^-f_shift / mV"),
        Field("d_limit", "int32", "2^-15 mV", "|v - v_t| beyond which log2(e) |v - v_t| / "
              "delta_v exceeds 64 (probability 0 or 1)"),
        Field("log2_lambda_dt", "s1615", "1", "log2(lambda0 dt) (-65536: lambda0 = 0)"),
    ) + _STREAM,
)


def kernel_matrix(values):
    """A kernel parameter as an (n, 3) float array (from per-neuron arrays or one triple)."""
    values = getattr(values, "value", values)
    arr = np.asarray(values)
    if arr.dtype == object:
        rows = [np.asarray(getattr(v, "value", v), dtype=np.float64).ravel() for v in arr.ravel()]
        if len({len(r) for r in rows}) > 1:
            return np.array([r[:1] for r in rows])   # (ragged: reported as the wrong length)
        return np.array(rows, dtype=np.float64).reshape(len(rows), -1)
    arr = np.asarray(arr, dtype=np.float64)
    return arr.reshape(1, -1) if arr.ndim < 2 else arr


def check_gif(params):
    """Refuse values the cores cannot run; returns the first problem as (name, why, value)."""
    for name in KERNEL_PARAMETERS:
        if name not in params:
            continue
        k = kernel_matrix(params[name])
        if k.shape[1] != N_KERNELS:
            return name, f"must hold {N_KERNELS} values per neuron (one per kernel)", k[0]
        if not np.all(np.isfinite(k)):
            return name, "must be finite", k[~np.isfinite(k)][0]
        if name.startswith("tau") and np.any(k <= 0):
            return name, "must be > 0 ms", k[k <= 0][0]
        if name.startswith("a_") and np.any(np.abs(k) > A_MAX):
            return name, (f"must be within +-{A_MAX:g} {'nA' if name == 'a_eta' else 'mV'} "
                          "on the cores"), k[np.abs(k) > A_MAX][0]
    if "delta_v" in params:
        d = np.asarray(params["delta_v"], dtype=np.float64)
        bad = (d < DELTA_V_MIN) | (d > DELTA_V_MAX)
        if np.any(bad):
            return "delta_v", f"must be in [{DELTA_V_MIN:g}, {DELTA_V_MAX:g}] mV", d[bad][0]
    if "lambda0" in params:
        lam = np.asarray(params["lambda0"], dtype=np.float64)
        if np.any(lam < 0):
            return "lambda0", "must be >= 0 Hz", lam[lam < 0][0]
    return None


def escape_fields(delta_v, lambda0, dt):
    """gif_threshold's f_mant, f_shift, d_limit, log2_lambda_dt (floats of the field units)."""
    f = np.log2(np.e) / np.asarray(delta_v, dtype=np.float64)
    shift = 31 - np.floor(np.log2(f))            # f_mant in [2^31, 2^32)
    mant = np.minimum(np.rint(f * 2.0 ** shift), 2.0 ** 32 - 1)
    d_limit = np.maximum(np.ceil(Z_LIMIT / f * 2.0 ** 15), 1.0)
    lam_dt = np.asarray(lambda0, dtype=np.float64) * dt / 1000.0
    with np.errstate(divide="ignore"):
        log2_lam = np.where(lam_dt > 0, np.log2(np.where(lam_dt > 0, lam_dt, 1.0)), -65536.0)
    return {"f_mant": mant, "f_shift": shift, "d_limit": d_limit,
            "log2_lambda_dt": np.clip(log2_lam, -65536.0, 65535.0)}


def gif_core(params, state, dt):
    cm, tau_m = np.asarray(params["cm"], dtype=float), np.asarray(params["tau_m"], dtype=float)
    dt_cm = dt / cm
    if np.any(dt_cm >= DT_CM_MAX):
        raise ValueError(
            f"GIF_cond_exp: cm = {np.min(cm):.3g} nF is too small for the cores' fixed point at "
            f"dt = {dt} ms (dt / cm must be below {DT_CM_MAX:.4g} ms/nF): raise cm")
    if np.any(dt / tau_m >= 4.0):
        raise ValueError(
            f"GIF_cond_exp: tau_m = {np.min(tau_m):.3g} ms is below a quarter of the timestep "
            f"{dt} ms, more than the cores' leak field holds: raise tau_m or lower dt")
    problem = check_gif(params)
    if problem is not None:
        name, why, value = problem
        raise ValueError(f"GIF_cond_exp: {name} {why} (got {value!r})")
    n = len(cm)
    tau_eta, tau_gamma = kernel_matrix(params["tau_eta"]), kernel_matrix(params["tau_gamma"])
    a_eta, a_gamma = kernel_matrix(params["a_eta"]), kernel_matrix(params["a_gamma"])
    p = {"v_rest": params["v_rest"], "v_reset": params["v_reset"],
         "i_offset": params["i_offset"], "x_leak": X_LEAK_SCALE * dt / tau_m,
         "k_syn": K_SYN_SCALE * dt_cm, "v_t_star": params["v_t_star"],
         "refract_ticks": np.ceil(np.asarray(params["tau_refrac"]) / dt - 1e-9)}
    # (the kernels start at 0, as in NEST and PyNN's NEURON backend: initial values of i_eta
    # and v_t are what the model derives, not state it can start from)
    s = {"v": state["v"], "i_eta": np.zeros(n), "v_t": params["v_t_star"],
         "refract_timer": np.zeros(n)}
    for j in range(N_KERNELS):
        p[f"decay_eta{j + 1}"] = np.exp(-dt / tau_eta[:, j])
        p[f"q_eta{j + 1}"] = a_eta[:, j]
        p[f"decay_gamma{j + 1}"] = np.exp(-dt / tau_gamma[:, j])
        p[f"q_gamma{j + 1}"] = a_gamma[:, j]
        s[f"eta{j + 1}"] = np.zeros(n)
        s[f"gamma{j + 1}"] = np.zeros(n)
    return p, s


def to_core(params, state, dt):
    zero = np.zeros(len(np.asarray(params["cm"])))
    escape = escape_fields(params["delta_v"], params["lambda0"], dt)
    return {
        "gif": gif_core(params, state, dt),
        "exp_cond_board": exp_cond_board_core(params, state, dt),
        "gif_threshold": ({**escape, "stream_lo": zero, "stream_hi": zero}, {}),
    }


GIF_COND_EXP = ModelSpec(
    name="GIF_cond_exp",
    binary="neuron_gif_exp_conductance",
    host_parameters={
        "v_rest": (-65.0, "mV"), "cm": (1.0, "nF"), "tau_m": (20.0, "ms"),
        "tau_refrac": (4.0, "ms"), "tau_syn_E": (5.0, "ms"), "tau_syn_I": (5.0, "ms"),
        "e_rev_E": (0.0, "mV"), "e_rev_I": (-70.0, "mV"), "v_reset": (-65.0, "mV"),
        "i_offset": (0.0, "nA"), "delta_v": (0.5, "mV"), "v_t_star": (-48.0, "mV"),
        "lambda0": (1.0, "Hz"), "tau_eta": ([1.0, 10.0, 100.0], "ms"),
        "tau_gamma": ([1.0, 10.0, 100.0], "ms"), "a_eta": ([1.0, 1.0, 1.0], "nA"),
        "a_gamma": ([1.0, 1.0, 1.0], "mV"),
    },
    host_state={"v": (-65.0, "mV"), "v_t": (-48.0, "mV"), "i_eta": (0.0, "nA"),
                "gsyn_exc": (0.0, "uS"), "gsyn_inh": (0.0, "uS")},
    components=(GIF, EXP_COND_BOARD, GIF_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "gif", "v"),
        Recordable("gsyn_exc", "uS", "exp_cond_board", "gsyn_exc", scale=1.0 / WEIGHT_SCALE,
                   shift=WEIGHT_BITS),
        Recordable("gsyn_inh", "uS", "exp_cond_board", "gsyn_inh", scale=1.0 / WEIGHT_SCALE,
                   shift=WEIGHT_BITS),
        Recordable("i_eta", "nA", "gif", "i_eta"),
        Recordable("v_t", "mV", "gif", "v_t"),
    ),
    conductance_based=True,
    to_core=to_core,
)

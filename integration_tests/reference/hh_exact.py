"""HH_cond_exp (NEST's hh_cond_exp_traub) in float64, for the tests: the exact solution of the
published equations and the cores' integrator, both sampled at every tick's start.

* :func:`exact`: DOP853 (rtol 1e-10, atol 1e-12) between input arrivals;
* :func:`scheme`: the cores' integrator in float64 -- 2^k RK4 sub-steps per tick
  (models.hh_cond_exp.sub_shift), v rounded to s16.15 at each tick's end.  Its distance from
  :func:`exact` is the integrator's own error;
* :func:`board_spikes`: the board's spike rule on the samples (a spike in tick k when the
  sample at (k + 1) dt is at or above v_offset + 30 mV and below the one at k dt, none within
  T_REF of the last one).

An input of weight w (uS) arriving in tick k raises the conductance by w at k dt (the
board's tick start, NEST's step start).
"""
import numpy as np
from scipy.integrate import solve_ivp

from spynnaker_backend.models import REGISTRY
from spynnaker_backend.models.hh_cond_exp import SPIKE_OFFSET, T_REF, sub_shift

#: PyNN's defaults
DEFAULTS = {k: d for k, (d, _) in REGISTRY["HH_cond_exp"].host_parameters.items()}
LSB = 2.0 ** -15


def vtrap(x):
    return x / np.expm1(x) if abs(x) > 1e-9 else 1.0 - x / 2


def rates(v, p):
    V = v - p["v_offset"]
    return (1.28 * vtrap((13 - V) / 4), 1.4 * vtrap((V - 40) / 5),          # m
            0.128 * np.exp((17 - V) / 18), 4 / (1 + np.exp((40 - V) / 5)),  # h
            0.16 * vtrap((15 - V) / 5), 0.5 * np.exp((10 - V) / 40))       # n


def rhs(p):
    """dy/dt of y = (v, m, h, n, g_exc, g_inh) (mV, 1, uS)."""
    def f(_, y):
        v, m, h, n, ge, gi = y
        am, bm, ah, bh, an, bn = rates(v, p)
        i = (-p["gbar_Na"] * m ** 3 * h * (v - p["e_rev_Na"])
             - p["gbar_K"] * n ** 4 * (v - p["e_rev_K"]) - p["g_leak"] * (v - p["e_rev_leak"])
             + p["i_offset"] - ge * (v - p["e_rev_E"]) - gi * (v - p["e_rev_I"]))
        return [i / p["cm"], am - (am + bm) * m, ah - (ah + bh) * h, an - (an + bn) * n,
                -ge / p["tau_syn_E"], -gi / p["tau_syn_I"]]
    return f


def exact(p, dt, n_ticks, arrivals):
    """Samples of y at every tick's start; arrivals: {tick: (g_exc jump, g_inh jump)}."""
    f = rhs(p)
    y = np.array([-65.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    out = np.empty((n_ticks + 1, 6))
    k = 0
    edges = sorted(t for t in arrivals if t < n_ticks) + [n_ticks]
    for edge in edges:
        if k in arrivals:
            y[4:] += arrivals[k]
        out[k] = y
        if edge > k:
            s = solve_ivp(f, (k * dt, edge * dt), y, method="DOP853", rtol=1e-10, atol=1e-12,
                          t_eval=np.arange(k + 1, edge + 1) * dt)
            out[k + 1:edge + 1] = s.y.T
            y = s.y[:, -1].copy()
        k = edge
    return out


def scheme(p, dt, n_ticks, arrivals):
    """The cores' integrator in float64 (see the module docstring)."""
    f = rhs(p)
    n_sub = 2 ** int(sub_shift(dt, p["gbar_Na"], p["gbar_K"], p["g_leak"], p["cm"]))
    h = dt / n_sub
    y = np.array([-65.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    out = np.empty((n_ticks + 1, 6))
    for k in range(n_ticks + 1):
        if k in arrivals:
            y[4:] += arrivals[k]
        out[k] = y
        for _ in range(n_sub):
            k1 = np.array(f(0, y))
            k2 = np.array(f(0, y + h / 2 * k1))
            k3 = np.array(f(0, y + h / 2 * k2))
            k4 = np.array(f(0, y + h * k3))
            y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)   # (g's decay: RK4's is exact to 1e-12)
        y[0] = np.round(y[0] / LSB) * LSB
    return out


def board_spikes(v, p, dt):
    """The board's spike stamps (ms) from v sampled at every tick's start."""
    out, last = [], None
    refract = int(round(T_REF / dt))
    for i in range(1, len(v)):
        if last is not None and i - 1 - last <= refract:
            continue
        if v[i] >= p["v_offset"] + SPIKE_OFFSET and v[i] < v[i - 1]:
            out.append((i - 1) * dt)
            last = i - 1
    return np.round(np.array(out), 10)

"""IF_cond_exp_gsfa_grr (NEST's iaf_cond_exp_sfa_rr) in float64, for the tests: the exact
solution of PyNN's equations on the board's tick grid and the cores' per-tick scheme, both
sampled at every tick's start.

* :func:`exact`: DOP853 (rtol 1e-11, atol 1e-11) between events;
* :func:`scheme`: c_models/neuron/gsfa_grr.h in float64 -- one exponential step per tick with
  the tick's mean conductances, v rounded to s16.15 at each tick's end -- so that its distance
  from :func:`exact` is the scheme's own discretisation error.

Both follow the board's order: an input of weight w (uS) arriving in tick k raises the
conductance by w at k dt; v at or above v_thresh at a tick's end is a spike stamped with that
tick, v <- v_reset, g_s += q_sfa, g_r += q_rr, and v stays at v_reset for the next
ceil(tau_refrac / dt) ticks while the conductances decay.  The drive is ``i_offset`` (nA).
"""
import numpy as np
from scipy.integrate import solve_ivp

from spynnaker_backend.models import REGISTRY

#: PyNN's defaults
DEFAULTS = {k: d for k, (d, _) in REGISTRY["IF_cond_exp_gsfa_grr"].host_parameters.items()}
LSB = 2.0 ** -15
#: LSBs of v by which one tick of the cores may differ from :func:`scheme`'s (its rounding
#: of v, plus the fixed-point coefficients' and phi's < 1e-6 of a step < 1 mV)
ROUNDING_TICKS = 2


def rounding_bound(p, dt):
    """Bound (mV) on |cores - scheme|: the membrane contracts a difference by at least
    exp(-dt/tau_m) per tick, so ROUNDING_TICKS LSB per tick settle below
    ROUNDING_TICKS LSB / (1 - exp(-dt/tau_m)) (0.012 mV at dt 0.1 ms, tau_m 20 ms)."""
    return ROUNDING_TICKS * LSB / -np.expm1(-dt / p["tau_m"])


def _taus(p):
    return np.array([p["tau_syn_E"], p["tau_syn_I"], p["tau_sfa"], p["tau_rr"]])


def _reversals(p):
    return np.array([p["e_rev_E"], p["e_rev_I"], p["e_rev_sfa"], p["e_rev_rr"]])


def _conductances(g0, p, t):
    """g (uS) of (exc, inh, sfa, rr) t ms after they were g0."""
    return g0 * np.exp(-t / _taus(p))


def _refract_ticks(p, dt):
    return int(np.ceil(p["tau_refrac"] / dt - 1e-9))


def _run(p, dt, n_ticks, arrivals, step):
    """The board's tick loop around ``step(v, g, k) -> v at the tick's end``; returns (v at
    every tick's start, spike stamps in ms)."""
    g = np.zeros(4)              # uS: exc, inh, sfa, rr
    v = p.get("v_init", p["v_rest"])
    out, spikes, refract = np.empty(n_ticks + 1), [], 0
    decay = np.exp(-dt / _taus(p))
    for k in range(n_ticks + 1):
        if k in arrivals:
            g[:2] += arrivals[k]
        out[k] = v
        if k == n_ticks:
            break
        if refract > 0:
            refract -= 1
        else:
            v = step(v, g.copy(), k)
        g = g * decay
        if refract == 0 and v >= p["v_thresh"]:
            spikes.append(k * dt)
            v = p["v_reset"]
            g[2] += p["q_sfa"] / 1000.0
            g[3] += p["q_rr"] / 1000.0
            refract = _refract_ticks(p, dt)
    return out, np.round(np.array(spikes), 10)


def exact(p, dt, n_ticks, arrivals=None):
    """The equations solved over each tick (DOP853; the conductances are exponentials)."""
    e_rev = _reversals(p)

    def step(v, g0, _k):
        def f(t, y):
            g = _conductances(g0, p, t)
            return [(p["cm"] / p["tau_m"] * (p["v_rest"] - y[0]) + np.dot(g, e_rev - y[0])
                     + p["i_offset"]) / p["cm"]]
        s = solve_ivp(f, (0.0, dt), [v], method="DOP853", rtol=1e-11, atol=1e-11)
        return float(s.y[0, -1])
    return _run(p, dt, n_ticks, arrivals or {}, step)


def scheme(p, dt, n_ticks, arrivals=None):
    """The cores' scheme in float64: v <- v + y (1 - exp(-x)) / x with every conductance at
    its mean over the tick."""
    e_rev = _reversals(p)
    taus = _taus(p)
    mean = taus / dt * -np.expm1(-dt / taus)

    def step(v, g0, _k):
        g = g0 * mean
        a = np.concatenate([[dt / p["tau_m"]], g * dt / p["cm"]])
        x = a.sum()
        y = np.dot(a, np.concatenate([[p["v_rest"]], e_rev]) - v) + p["i_offset"] * dt / p["cm"]
        v = v + y * -np.expm1(-x) / x
        return np.round(v / LSB) * LSB
    return _run(p, dt, n_ticks, arrivals or {}, step)

"""SpikeSourceInhGamma on the random source core: its bins as records and the hazard tables.

The core (neural_modelling/src/app_spike_source_poisson.c, kind INH_GAMMA) needs the gamma
distribution's integrated hazard H_a(x) = -ln Q(a, x) (Q the regularised upper incomplete
gamma function, x the age in units of the scale b) at any age.  The host tabulates it once per
value of ``a``: points x_i (from 0), H_a(x_i) and the slope to the next point, all in Q32
(uint64 as two words, low first); the core interpolates linearly and, beyond the last point,
extends with the last slope.  The points are placed by bisection until the linear
interpolation at every midpoint keeps the survival probability exp(-H) within ``TOLERANCE``
(and H within 1e-3 where the survival is below 1e-2: ages reached only after a slower bin),
down to cells of 2^-30; the table ends where the hazard is within 1e-3 (relative) of its limit
1 / b, so the constant extension is within that of the hazard too.
"""
import functools

import numpy as np
from scipy import special

from ...models.spike_source_poisson import INH_GAMMA, POISSON_NEURON, check_bins
from ...models.spec import struct_dtype

#: Absolute error of the interpolated H (and so of the survival probability).
TOLERANCE = 1e-5
#: Words per table point: x, H, slope (uint64 Q32 each).
POINT_WORDS = 6
_Q32 = 2.0 ** 32
UINT32_MAX = 0xFFFFFFFF


def log_survival(a: float, x) -> np.ndarray:
    """ln Q(a, x) for x >= 0: from scipy below a + 1, else by the continued fraction
    (modified Lentz, in log space: no underflow for large x)."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    low = x <= a + 1.0
    with np.errstate(divide="ignore"):
        out[low] = np.log(special.gammaincc(a, x[low]))
    xh = x[~low]
    if xh.size:
        tiny = 1e-300
        b = xh + 1.0 - a
        c = np.full_like(xh, 1.0 / tiny)
        d = 1.0 / b
        h = d.copy()
        for i in range(1, 400):
            an = -i * (i - a)
            b = b + 2.0
            d = an * d + b
            d = np.where(np.abs(d) < tiny, tiny, d)
            c = b + an / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            d = 1.0 / d
            delta = d * c
            h = h * delta
            if np.all(np.abs(delta - 1.0) < 1e-15):
                break
        out[~low] = -xh + a * np.log(xh) - special.gammaln(a) + np.log(h)
    return out


def hazard(a: float, x) -> np.ndarray:
    """The gamma hazard in units of 1 / b: pdf / survival."""
    x = np.asarray(x, dtype=np.float64)
    log_pdf = (a - 1.0) * np.log(x) - x - special.gammaln(a)
    return np.exp(log_pdf - log_survival(a, x))


def _x_end(a: float) -> float:
    """An age (units of b) from which the hazard is within 1e-3 of its limit 1 (~|a-1|/x)."""
    x = max(a + 40.0 * np.sqrt(a) + 40.0, 1000.0 * abs(a - 1.0))
    while abs(hazard(a, np.array([x]))[0] - 1.0) > 1e-3:
        x *= 2.0
    return x


@functools.lru_cache(maxsize=64)
def hazard_table(a: float) -> np.ndarray:
    """The table of one shape a as uint32 words: [points, (x, H, slope) per point]."""
    x_end = _x_end(a)
    p = max(3.0, np.ceil(2.0 / a))
    x = np.unique(np.round(x_end * np.linspace(0.0, 1.0, 65) ** p * _Q32) / _Q32)
    for _ in range(64):
        h = -log_survival(a, x)
        mid = 0.5 * (x[:-1] + x[1:])
        h_mid = -log_survival(a, mid)
        err = np.abs(h_mid - 0.5 * (h[:-1] + h[1:]))
        # the survival's error is S err: TOLERANCE of it, and 1e-3 of H where S is tiny
        # (ages only reached after a slower bin: the hazard to 1e-3)
        tol = np.minimum(TOLERANCE * np.exp(np.minimum(h_mid, 700.0)), 1e-3)
        split = (err > tol) & (np.diff(x) > 2.0 ** -30)
        if not np.any(split):
            break
        x = np.unique(np.concatenate([x, np.round(mid[split] * _Q32) / _Q32]))
    h = -log_survival(a, x)
    h[0] = 0.0
    h = np.maximum.accumulate(h)
    slope = np.append(np.diff(h) / np.diff(x), hazard(a, x[-1:]))
    words = np.empty((len(x), 3), dtype=np.uint64)
    words[:, 0] = np.rint(x * _Q32).astype(np.uint64)
    words[:, 1] = np.rint(h * _Q32).astype(np.uint64)
    words[:, 2] = np.rint(np.minimum(slope, 2.0 ** 30) * _Q32).astype(np.uint64)
    return np.concatenate([np.array([len(x)], dtype=np.uint32),
                           words.ravel().view(np.uint32)])


def _ticks(t_ms, dt):
    return np.clip(np.rint(np.asarray(t_ms, dtype=np.float64) / dt), 0, UINT32_MAX)


def inh_gamma_records(vertex, sl, dt):
    """(records, number of later-bin records, table words) of a SpikeSourceInhGamma slice:
    atom i's first bin in record i, its later bins after all atoms (linked by next_segment),
    each bin's table offset into the tables of the slice's distinct shapes."""
    p = vertex.parameters
    a_all, b_all, t_all = p["a"][sl], p["b"][sl], p["tbins"][sl]
    start, duration = np.asarray(p["start"], float)[sl], np.asarray(p["duration"], float)[sl]
    first, later = [], []          # (atom, a, b, bin start ms)
    for i in range(len(a_all)):
        a, b, t = (np.asarray(v, dtype=np.float64).ravel() for v in (a_all[i], b_all[i],
                                                                       t_all[i]))
        problem = check_bins(a, b, t, dt)
        if problem is not None:
            value = {"a": a, "b": b, "tbins": t}[problem[0]]
            raise ValueError(f"neuron {sl.start + i}: {problem[0]} {problem[1]} (got {value})")
        rows = [(i, a[k], b[k], max(t[k], start[i])) for k in range(len(a))]
        first.append(rows[0])
        later.append(rows[1:])
    n = len(first)
    rows = first + [r for rs in later for r in rs]
    records = np.zeros(len(rows), struct_dtype(POISSON_NEURON.params))
    atom = np.array([r[0] for r in rows], dtype=int)
    shapes = np.array([r[1] for r in rows])
    step = dt / (np.array([r[2] for r in rows]) * 1000.0)
    records["kind"] = INH_GAMMA
    records["start_tick"] = _ticks([r[3] for r in rows], dt)
    end = _ticks(start, dt) + _ticks(duration, dt)
    records["end_tick"] = np.minimum(end[atom], UINT32_MAX)
    whole = np.floor(step)
    frac = np.rint((step - whole) * _Q32)
    whole, frac = whole + (frac >= _Q32), np.where(frac >= _Q32, 0, frac)
    records["x_step_int"], records["x_step_frac"] = whole, frac
    tables, offset = [], {}
    for shape in np.unique(shapes):
        offset[shape] = sum(len(t) for t in tables)
        tables.append(hazard_table(float(shape)))
    records["table"] = [offset[s] for s in shapes]
    position = n
    for i, rs in enumerate(later):
        chain = [i] + list(range(position, position + len(rs)))
        for x, y in zip(chain, chain[1:]):
            records["next_segment"][x] = y
        position += len(rs)
    words = np.concatenate(tables) if tables else np.zeros(0, np.uint32)
    return records, len(rows) - n, words

"""The parameter region of a random spike source core (SpikeSourcePoisson, SpikeSourceGamma,
SpikeSourcePoissonRefractory; layout and semantics: models/spike_source_poisson.py).

The per-tick quantities of a Poisson source are computed as sPyNNaker 7's source computes
them on the chip: the rate in u16.16, spikes per tick ``rate * (dt / 1000 s)`` in s16.15
(a u16.16 by u0.32 product, truncated), exp(-lambda) from that s16.15 value at s16.15
precision, and the slow sources' mean interval floor(ticks per second / rate) from u16.16
values.  Start and end ticks are round(start / dt) and that plus round(duration / dt).

Seeds: a vertex's ``seed`` when given, else ``zlib.crc32`` of its seed key (its label, made
unique among populations with the same label and mixed with setup's ``rng_seed``:
``ApplicationGraph.seed_key``) -- stable across processes and runs, and different for every
population.  Every atom's
random stream is derived on the core from that seed and the atom's population index.
"""
import math

import numpy as np

from ...models import struct_dtype, to_fixed
from ...models.spike_source_poisson import (DEAD_TIME, FAST, FAST_RATE_PER_TICK_CUTOFF,
                                            FASTER, GAMMA, POISSON_CORE, POISSON_NEURON,
                                            SILENT, SLOW, SLOW_RATE_PER_TICK_CUTOFF)
from ...graph.application_graph import key_crc
from ..errors import MappingError

UINT32_MAX = 0xFFFFFFFF
#: Spikes per tick a core draws at most (sqrt(lambda) <= 128 in s16.15).
MAX_SPIKES_PER_TICK = 16384.0
#: Exponential phases of one gamma interval a core allows (PyNN's alpha).
MAX_SHAPE = 1024


def poisson_seed(vertex) -> int:
    """The 64-bit seed of a random source vertex's streams."""
    if vertex.seed is not None:
        return int(vertex.seed) & 0xFFFFFFFFFFFFFFFF
    return key_crc(vertex)


def _ticks(t_ms, dt):
    ticks = np.rint(np.asarray(t_ms, dtype=np.float64) / dt)
    return np.clip(ticks, 0, UINT32_MAX).astype(np.uint64)


def _s1615(x):
    return np.floor(np.asarray(x, dtype=np.float64) * 2.0 ** 15) / 2.0 ** 15


def rate_per_tick(rate, dt):
    """Spikes per tick of Poisson rate(s) ``rate`` (Hz), as the board computes it (s16.15)."""
    rate_bits = np.rint(np.asarray(rate, dtype=np.float64) * 2.0 ** 16)
    seconds_per_tick = np.rint(dt / 1000.0 * 2.0 ** 32)
    return np.floor(rate_bits * seconds_per_tick / 2.0 ** 33) / 2.0 ** 15


def max_spikes_per_tick(max_rate, dt) -> int:
    """Spikes per atom and tick the recording is sized for: sPyNNaker's ``max_spikes_per_ts``
    (the 1 - 1/1000 quantile of the Poisson count at the highest rate, plus one; 1 for
    slow sources)."""
    lam = float(max_rate) * dt / 1000.0
    if lam < SLOW_RATE_PER_TICK_CUTOFF:
        return 1
    from scipy import stats   # here: importing scipy.stats costs ~1 s at every script's start
    return int(math.ceil(stats.poisson.ppf(1.0 - 1.0 / 1000.0, lam))) + 1


def mean_rate(vertex) -> np.ndarray:
    """Mean firing rate (Hz) of each atom of a random source vertex (a
    SpikeSourcePoissonVariable atom: its highest segment rate)."""
    p = vertex.parameters
    if vertex.model.name == "SpikeSourcePoissonVariable":
        return np.array([float(np.max(r)) if len(r) else 0.0 for r in p["rates"]])
    if vertex.model.name == "SpikeSourceGamma":
        return np.asarray(p["beta"], dtype=np.float64) / np.asarray(p["alpha"], dtype=float)
    if vertex.model.name == "SpikeSourceInhGamma":   # (at most one spike per tick)
        return np.array([float(np.max(1.0 / (np.asarray(a, float) * np.asarray(b, float))))
                         if len(a) else 0.0 for a, b in zip(p["a"], p["b"])])
    return np.asarray(p["rate"], dtype=np.float64)


def _split_ticks(ticks):
    """Ticks (float array) as (whole ticks, u0.32 fraction), the fraction rounded."""
    ticks = np.asarray(ticks, dtype=np.float64)
    whole = np.floor(ticks)
    frac = np.rint((ticks - whole) * 2.0 ** 32)
    carry = frac >= 2.0 ** 32
    whole, frac = whole + carry, np.where(carry, 0, frac)
    return np.clip(whole, 0, UINT32_MAX).astype(np.uint32), frac.astype(np.uint32)


def _poisson_kinds(atoms, rate, dt):
    lam = rate_per_tick(rate, dt)
    if np.any(lam > MAX_SPIKES_PER_TICK):
        raise ValueError(f"rate {rate.max():g} Hz is more than a core can draw at dt = "
                         f"{dt:g} ms (at most {MAX_SPIKES_PER_TICK:g} spikes per tick)")
    slow = (lam < SLOW_RATE_PER_TICK_CUTOFF) & (rate > 0)
    fast = (lam >= _s1615(SLOW_RATE_PER_TICK_CUTOFF)) & (lam < FAST_RATE_PER_TICK_CUTOFF)
    faster = lam >= FAST_RATE_PER_TICK_CUTOFF
    atoms["kind"] = np.select([faster, fast, slow], [FASTER, FAST, SLOW], SILENT)
    # exp(-lambda) and sqrt(lambda) as the board's s16.15 EXP and SQRT give them
    e = np.where(fast, np.rint(np.exp(-lam) * 2.0 ** 15) / 2.0 ** 15, 0.0)
    atoms["exp_minus_lambda"] = to_fixed(np.minimum(e, 1.0 - 2.0 ** -32), "u032")[0]
    atoms["sqrt_lambda"] = to_fixed(np.where(faster, np.sqrt(lam), 0.0), "s1615")[0]
    # slow: floor(ticks per second / rate), both in u16.16
    ts_per_second = 1000.0 * np.rint(2.0 ** 16 / dt)
    rate_bits = np.rint(rate * 2.0 ** 16)
    mean_isi = np.floor(ts_per_second / np.maximum(rate_bits, 1))
    atoms["mean_isi_ticks"] = np.where(slow, np.clip(mean_isi, 1, UINT32_MAX), 0)


def poisson_region(vertex, vertex_slice, dt: float) -> bytes:
    """POISSON_PARAMS bytes of one slice: the core header, then one struct per atom.

    Raises
    ------
    MappingError
        Naming the population, for parameters the core cannot run.
    """
    sl = slice(vertex_slice.start, vertex_slice.stop)
    if vertex.model.name == "SpikeSourcePoissonVariable":
        try:
            records, n_segments = _segment_records(vertex, sl, dt)
        except ValueError as e:
            raise MappingError(f"population {vertex.label!r} (SpikeSourcePoissonVariable): "
                               f"{e}") from None
        return _header(vertex, vertex_slice, n_segments) + records.tobytes()
    if vertex.model.name == "SpikeSourceInhGamma":
        from .inh_gamma import inh_gamma_records   # (scipy.special: only when used)
        try:
            records, n_bins, tables = inh_gamma_records(vertex, sl, dt)
        except ValueError as e:
            raise MappingError(f"population {vertex.label!r} (SpikeSourceInhGamma): "
                               f"{e}") from None
        return (_header(vertex, vertex_slice, n_bins, len(tables)) + records.tobytes() +
                tables.tobytes())
    p = {name: np.asarray(value, dtype=np.float64)[sl]
         for name, value in vertex.parameters.items()}
    atoms = np.zeros(vertex_slice.n_atoms, struct_dtype(POISSON_NEURON.params))
    start = _ticks(p["start"], dt)
    atoms["start_tick"] = start
    atoms["end_tick"] = np.minimum(start + _ticks(p["duration"], dt), UINT32_MAX)
    name = vertex.model.name
    try:
        if name == "SpikeSourcePoisson":
            rate = p["rate"]
            if np.any(~np.isfinite(rate)) or np.any(rate < 0):
                raise ValueError("rates must be finite and >= 0 Hz")
            _poisson_kinds(atoms, rate, dt)
        elif name == "SpikeSourceGamma":
            alpha, beta = p["alpha"], p["beta"]
            if np.any(alpha != np.rint(alpha)) or np.any(alpha < 1) or \
                    np.any(alpha > MAX_SHAPE):
                raise ValueError(f"alpha must be a whole number from 1 to {MAX_SHAPE} (the "
                                 f"number of exponential phases of an interval), got "
                                 f"{alpha[(alpha != np.rint(alpha)) | (alpha < 1)][:1]}")
            if np.any(beta < 0) or np.any(~np.isfinite(beta)):
                raise ValueError("beta must be finite and >= 0 Hz")
            on = beta > 0
            atoms["kind"] = np.where(on, GAMMA, SILENT)
            atoms["shape"] = np.where(on, alpha, 0).astype(np.uint32)
            scale = np.where(on, 1000.0 / np.where(on, beta, 1.0) / dt, 0.0)
            atoms["scale_int"], atoms["scale_frac"] = _split_ticks(scale)
        elif name == "SpikeSourcePoissonRefractory":
            rate, tau = p["rate"], p["tau_refrac"]
            on = rate > 0
            mean_isi = 1000.0 / np.where(on, rate, 1.0)
            if np.any(on & (tau >= mean_isi)):
                raise ValueError(f"tau_refrac must be shorter than the mean interval "
                                 f"1000 / rate ms (got tau_refrac {tau.max():g} ms, rate "
                                 f"{rate.max():g} Hz)")
            atoms["kind"] = np.where(on, DEAD_TIME, SILENT)
            atoms["shape"] = np.where(on, 1, 0)
            atoms["scale_int"], atoms["scale_frac"] = _split_ticks(
                np.where(on, (mean_isi - tau) / dt, 0.0))
            atoms["dead_int"], atoms["dead_frac"] = _split_ticks(np.where(on, tau / dt, 0.0))
        else:
            raise ValueError(f"no random source kind for model {name}")
    except ValueError as e:
        raise MappingError(f"population {vertex.label!r} ({name}): {e}") from None

    return _header(vertex, vertex_slice, 0) + atoms.tobytes()


def _header(vertex, vertex_slice, n_segments: int, table_words: int = 0) -> bytes:
    seed = poisson_seed(vertex)
    head = np.zeros(1, struct_dtype(POISSON_CORE.params))
    head["seed_lo"] = seed & UINT32_MAX
    head["seed_hi"] = seed >> 32
    head["first_index"] = vertex_slice.start
    head["n_segments"] = n_segments
    head["table_words"] = table_words
    return head.tobytes()


def _segment_records(vertex, sl, dt):
    """(records, number of extra records) of a SpikeSourcePoissonVariable slice: atom i's
    first segment in record i, its later ones after all atoms, linked by next_segment."""
    p = vertex.parameters
    rates, starts = p["rates"][sl], p["starts"][sl]
    durations = p["durations"][sl]
    n = len(rates)
    first, later = [], []          # (atom, rate, start ms, duration ms or None)
    for i in range(n):
        r = np.asarray(rates[i], dtype=np.float64)
        st = np.asarray(starts[i], dtype=np.float64)
        du = np.asarray(durations[i], dtype=np.float64)
        if len(st) != len(r) or (len(du) and len(du) != len(r)):
            raise ValueError(f"neuron {sl.start + i}: {len(r)} rates need as many starts "
                             f"(got {len(st)}) and durations (got {len(du)}; none: forever)")
        if np.any(~np.isfinite(r)) or np.any(r < 0):
            raise ValueError(f"neuron {sl.start + i}: rates must be finite and >= 0 Hz")
        segs = [(i, r[k], st[k], du[k] if len(du) else None) for k in range(len(r))]
        first.append(segs[0] if segs else (i, 0.0, 0.0, 0.0))
        later.append(segs[1:])
    n_extra = sum(len(x) for x in later)
    records = np.zeros(n + n_extra, struct_dtype(POISSON_NEURON.params))
    rows = list(first) + [seg for segs in later for seg in segs]
    rate = np.array([row[1] for row in rows])
    start = _ticks([row[2] for row in rows], dt)
    forever = np.array([row[3] is None for row in rows])
    duration = _ticks([0.0 if row[3] is None else row[3] for row in rows], dt)
    records["start_tick"] = start
    records["end_tick"] = np.where(forever, UINT32_MAX,
                                   np.minimum(start + duration, UINT32_MAX))
    _poisson_kinds(records, rate, dt)
    # links: record i -> its atom's second segment -> ... (0 ends the chain)
    position = n
    for i, segs in enumerate(later):
        chain = [i] + list(range(position, position + len(segs)))
        for a, b in zip(chain, chain[1:]):
            records["next_segment"][a] = b
        position += len(segs)
    return records, n_extra

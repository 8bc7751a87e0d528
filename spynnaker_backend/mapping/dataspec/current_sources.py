"""The CURRENT_SOURCES region of a neuron core (see neural_modelling/include/current_source.h).

A source acts in tick k (time k dt -> (k+1) dt) when start <= k dt < stop, with its value at
time k dt; so v at start + dt is the first to feel it, as in PyNN on NEST.
"""
import numpy as np

from ...graph.current_source import KINDS
from ...models import to_fixed
from .regions import header_dtype

NEVER = 0xFFFFFFFF


def _tick(t_ms, dt, rounding=np.ceil):
    """First tick at or after time t (ms); NEVER beyond the 32-bit tick counter."""
    ticks = rounding(np.asarray(t_ms, dtype=np.float64) / dt - 1e-9)
    return np.where(ticks >= NEVER, NEVER, np.maximum(ticks, 0)).astype(np.uint64)


def _fixed(value):
    raw, _ = to_fixed(np.asarray([value], dtype=np.float64), "s823")
    return int(raw[0])


def _source_struct(source, dt):
    p = source.parameters
    s = np.zeros(1, header_dtype("current_source"))
    s["kind"] = KINDS[source.kind]
    s["start_tick"] = int(_tick(p.get("start", 0.0), dt))
    s["stop_tick"] = int(_tick(p.get("stop", 1e12), dt))
    steps = b""
    if source.kind == "dc":
        s["amplitude"] = _fixed(p["amplitude"])
    elif source.kind == "ac":
        s["amplitude"] = _fixed(p["amplitude"])
        s["offset"] = _fixed(p["offset"])
        turns0 = -p["frequency"] * p["start"] / 1000.0 + p["phase"] / 360.0
        s["phase0"] = int(round((turns0 % 1.0) * 2 ** 32)) % 2 ** 32
        s["phase_inc"] = int(round(((p["frequency"] * dt / 1000.0) % 1.0) * 2 ** 32)) % 2 ** 32
    elif source.kind == "noisy":
        s["amplitude"] = _fixed(p["stdev"])
        s["offset"] = _fixed(p["mean"])
        s["interval"] = max(1, int(round(p.get("dt", dt) / dt)))
        s["seed_lo"] = source.seed & 0xFFFFFFFF
        s["seed_hi"] = (source.seed >> 32) & 0xFFFFFFFF
    else:   # step: times rounded to the grid; of equal ticks the last amplitude wins
        ticks = _tick(p["times"], dt, np.rint)
        amps = np.asarray(p["amplitudes"], dtype=np.float64)
        last = np.append(ticks[1:] != ticks[:-1], True) if len(ticks) else np.zeros(0, bool)
        table = np.zeros((int(last.sum()), 2), "<u4")
        table[:, 0] = ticks[last]
        table[:, 1] = to_fixed(amps[last], "s823")[0].view(np.uint32)
        s["n_steps"] = len(table)
        s["stop_tick"] = NEVER
        steps = table.tobytes()
    return s.tobytes(), steps


def current_sources_region(vertex, vertex_slice, dt):
    """The region bytes for one slice (a header with no sources if none injects here)."""
    n = vertex_slice.n_atoms
    parts = []
    for source, indices in vertex.current_sources:
        local = np.asarray(indices, np.int64) - vertex_slice.start
        local = local[(local >= 0) & (local < n)]
        if len(local) == 0:
            continue
        members = np.zeros(((n + 31) // 32) * 32, np.uint8)
        members[local] = 1
        struct, steps = _source_struct(source, dt)
        parts.append(struct + np.packbits(members, bitorder="little").tobytes() + steps)
    h = np.zeros(1, header_dtype("current_header"))
    h["n_sources"] = len(parts)
    h["first_atom"] = vertex_slice.start
    h["n_atoms"] = n
    return h.tobytes() + b"".join(parts)

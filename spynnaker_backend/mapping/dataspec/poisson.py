"""The parameter region of a SpikeSourcePoisson core (layout: models/spike_source_poisson.py).

Seeds: a vertex's ``seed`` when given, else ``zlib.crc32`` of its label -- stable across
processes and runs, and different for differently labelled populations.  Every neuron's
random stream is derived on the core from that seed and the neuron's population index.
"""
import zlib

import numpy as np

from ...models import struct_dtype, to_fixed
from ...models.spike_source_poisson import (LAMBDA_FRACTION_BITS, MAX_LAMBDA_PER_DRAW,
                                            POISSON_CORE, POISSON_NEURON)
from ..errors import MappingError

#: Draws per tick a core allows (2**16, the generator's counter field).
MAX_DRAWS = (1 << 16) - 1
UINT32_MAX = 0xFFFFFFFF


def poisson_seed(vertex) -> int:
    """The 64-bit seed of a Poisson vertex's random streams."""
    if vertex.seed is not None:
        return int(vertex.seed) & 0xFFFFFFFFFFFFFFFF
    return zlib.crc32(str(vertex.label).encode("utf-8"))


def _ticks(t_ms, dt):
    ticks = np.rint(np.asarray(t_ms, dtype=np.float64) / dt)
    return np.clip(ticks, 0, UINT32_MAX).astype(np.uint32)


def poisson_region(vertex, vertex_slice, dt: float) -> bytes:
    """POISSON_PARAMS bytes of one slice: the core header, then one struct per neuron.

    A neuron fires in ticks ``round(start/dt) <= k < round((start + duration)/dt)`` with
    ``rate * dt / 1000`` spikes per tick on average, drawn as ``n_draws`` Poisson draws of
    at most MAX_LAMBDA_PER_DRAW each.
    """
    sl = slice(vertex_slice.start, vertex_slice.stop)
    rate = np.asarray(vertex.parameters["rate"], dtype=np.float64)[sl]
    start = np.asarray(vertex.parameters["start"], dtype=np.float64)[sl]
    duration = np.asarray(vertex.parameters["duration"], dtype=np.float64)[sl]
    if np.any(~np.isfinite(rate)) or np.any(rate < 0):
        raise MappingError(f"population {vertex.label!r}: Poisson rates must be finite and "
                           f">= 0 Hz")
    lam = rate * dt / 1000.0
    n_draws = np.where(lam > 0, np.ceil(lam / MAX_LAMBDA_PER_DRAW), 0)
    if np.any(n_draws > MAX_DRAWS):
        raise MappingError(f"population {vertex.label!r}: rate {rate.max():g} Hz is more "
                           f"than a core can draw at dt = {dt:g} ms")
    lam_draw = np.where(n_draws > 0, lam / np.maximum(n_draws, 1), 0.0)

    seed = poisson_seed(vertex)
    head = np.zeros(1, struct_dtype(POISSON_CORE.params))
    head["seed_lo"] = seed & UINT32_MAX
    head["seed_hi"] = seed >> 32
    head["first_index"] = vertex_slice.start

    atoms = np.zeros(vertex_slice.n_atoms, struct_dtype(POISSON_NEURON.params))
    atoms["start_tick"] = _ticks(start, dt)
    atoms["end_tick"] = _ticks(np.asarray(start) + duration, dt)
    atoms["n_draws"] = n_draws.astype(np.uint32)
    # exp(-lambda) rounds to 2**32 (unrepresentable) only for lambda < 1.2e-10: 1 LSB below
    atoms["exp_minus_lambda"] = to_fixed(np.exp(-lam_draw), "u032")[0]
    atoms["lambda_draw"] = np.rint(lam_draw * 2.0 ** LAMBDA_FRACTION_BITS).astype(np.uint32)
    return head.tobytes() + atoms.tobytes()

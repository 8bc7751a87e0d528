"""Parameter and state regions of a neuron core, packed from the model spec."""
from typing import Tuple

import numpy as np

from ...models import to_fixed
from ...models.stochastic_lif import STREAM_FIELDS
from .poisson import poisson_seed
from .recording import state_components

_GAMMA = np.uint64(0x9E3779B97F4A7C15)

#: The order in which the core stores component parameter arrays (neuron_core_impl.h).
PARAM_ORDER = ("neuron", "synapse", "threshold")


def _pack(fields, values, n, errors, what):
    """One struct array of ``n`` entries from {field: float array}."""
    from ...models import struct_dtype
    arr = np.zeros(n, struct_dtype(fields))
    for f in fields:
        raw, clipped = to_fixed(np.broadcast_to(values[f.name], (n,)), f.ctype)
        if clipped:
            errors.append(f"{what}.{f.name}: {clipped} value(s) outside the {f.ctype} range")
        arr[f.name] = raw
    return arr.tobytes()


def _mix64(z):
    """splitmix64's output function on uint64 arrays (random.h's mix64)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def atom_streams(seed: int, indices) -> np.ndarray:
    """Random stream keys of population atoms (random.h's atom_stream), uint64."""
    with np.errstate(over="ignore"):
        idx = np.asarray(indices, dtype=np.uint64)
        return _mix64(np.uint64(seed & 0xFFFFFFFFFFFFFFFF) ^
                      _mix64((idx + np.uint64(1)) * _GAMMA))


def _fill_streams(vertex, vertex_slice, core):
    """Key each neuron's random stream (stochastic thresholds) by the population's seed and
    the neuron's population index: the same draws on whichever core it lands."""
    for comp in vertex.model.components:
        fields = [f.name for f in comp.params]
        if all(name in fields for name in STREAM_FIELDS):
            streams = atom_streams(poisson_seed(vertex),
                                   np.arange(vertex_slice.start, vertex_slice.stop))
            params = core[comp.name][0]
            params["stream_lo"] = (streams & np.uint64(0xFFFFFFFF)).astype(np.float64)
            params["stream_hi"] = (streams >> np.uint64(32)).astype(np.float64)


def _column(values) -> np.ndarray:
    """A parameter column as floats: (n,), or (n, k) for one array per neuron (GIF's kernels)."""
    arr = np.asarray(values)
    if arr.dtype == object:
        return np.array([np.asarray(getattr(v, "value", v), dtype=np.float64).ravel()
                         for v in arr], dtype=np.float64)
    return np.asarray(arr, dtype=np.float64)


def neuron_regions(vertex, vertex_slice, dt: float) -> Tuple[bytes, bytes, list]:
    """(NEURON_PARAMS bytes, NEURON_STATE bytes, clipping messages) for one slice."""
    sl = slice(vertex_slice.start, vertex_slice.stop)
    n = vertex_slice.n_atoms
    params = {k: _column(v)[sl] for k, v in vertex.parameters.items()}
    state = {k: np.asarray(v, dtype=np.float64)[sl] for k, v in vertex.state.items()}
    core = vertex.model.to_core(params, state, dt)
    _fill_streams(vertex, vertex_slice, core)
    errors = []
    by_kind = {c.kind: c for c in vertex.model.components}
    param_bytes = b"".join(
        _pack(by_kind[k].params, core[by_kind[k].name][0], n, errors, by_kind[k].name)
        for k in PARAM_ORDER if k in by_kind)
    state_bytes = b"".join(_pack(c.state, core[c.name][1], n, errors, c.name)
                           for c in state_components(vertex.model))
    return param_bytes, state_bytes, errors


def unpack_state(vertex, n: int, data: bytes):
    """{state field: raw array} of a NEURON_STATE region (as the core wrote it)."""
    out, offset = {}, 0
    for comp in state_components(vertex.model):
        dtype = comp.state_dtype()
        arr = np.frombuffer(data, dtype, count=n, offset=offset)
        offset += n * dtype.itemsize
        for f in comp.state:
            out[f.name] = (arr[f.name], f.ctype)
    return out

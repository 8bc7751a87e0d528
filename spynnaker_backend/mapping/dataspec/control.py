"""Stop-condition and firing-rate regions of a neuron core (population_control.h)."""
import re

import numpy as np

from ...models import to_fixed
from ..errors import MappingError
from .recording import RATE_COMPONENT, state_components
from .regions import header_dtype

_OPS = {">": 0, ">=": 1, "<": 2, "<=": 3}
_CONDITION = re.compile(r"^\s*([A-Za-z_]\w*)\s*(>=|<=|>|<)\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*$")


def window_ticks(vertex, dt):
    return 0 if not vertex.rate_window else max(1, int(round(vertex.rate_window / dt)))


def stop_condition_region(vertex, dt) -> bytes:
    """The STOP_CONDITION region for ``vertex.stop_condition`` (kind 0 when None)."""
    sc = np.zeros(1, header_dtype("stop_condition"))
    text = vertex.stop_condition
    if text is None:
        return sc.tobytes()
    if text.strip() == "spike":
        sc["kind"] = 1
        return sc.tobytes()
    found = _CONDITION.match(text)
    names = [r.name for r in vertex.model.channels]
    if not found or found.group(1) not in names:
        raise MappingError(f"population {vertex.label!r}: stop condition {text!r} is not "
                           f"'spike' or '<variable> <op> <number>' with a variable of "
                           f"{names} and op one of {list(_OPS)}")
    name, op, value = found.group(1), found.group(2), float(found.group(3))
    rec = vertex.model.recordable(name)
    sc["kind"] = 2
    sc["op"] = _OPS[op]
    if rec.component == "core":
        if not vertex.rate_window:
            raise MappingError(f"population {vertex.label!r}: stop condition on 'r' needs "
                               f"compute_firing_rate(window) first")
        counts = value * window_ticks(vertex, dt) * dt / 1000.0   # Hz -> spikes in window
        rounded = np.floor(counts) if op in (">", "<=") else np.ceil(counts)
        sc["component"], sc["word"], sc["threshold"] = RATE_COMPONENT, 0, int(rounded)
        return sc.tobytes()
    stateful = state_components(vertex.model)
    comp = vertex.model.component(rec.component)
    field = next(f for f in comp.state if f.name == rec.core_field)
    raw, _ = to_fixed(np.array([value / rec.scale]), field.ctype)
    sc["component"] = stateful.index(comp)
    sc["word"] = [f.name for f in comp.state].index(rec.core_field)
    sc["threshold"] = int(raw[0]) if field.ctype != "u032" else \
        min(int(raw[0]), np.iinfo(np.int32).max)
    return sc.tobytes()


def rate_regions(vertex, n_atoms, dt):
    """(RATE header, RATE_HISTORY buffer: window x words bitfields then n counts)."""
    ticks = window_ticks(vertex, dt)
    head = np.array([ticks], "<u4").tobytes()
    words = (n_atoms + 31) // 32
    history = bytes(4 * (ticks * words + n_atoms)) if ticks else b""
    return head, history

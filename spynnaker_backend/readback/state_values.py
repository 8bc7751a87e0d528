"""Values the cores hold now (written back at the end of every run): state variables and
the running firing rate."""
import numpy as np

from ..mapping.dataspec.control import window_ticks
from ..mapping.dataspec.neuron import unpack_state
from ..mapping.dataspec.regions import Region
from ..models import from_fixed


def current_values(result, device, vertex, variable):
    """One value per neuron of ``vertex`` (PyNN units) of a recordable variable, as the
    cores hold it at the end of the last run."""
    spec = vertex.model.recordable(variable)
    out = np.zeros(vertex.n_atoms)
    for mv in result.machine_graph.slices_of[vertex]:
        n, sl = mv.vertex_slice.n_atoms, slice(mv.vertex_slice.start, mv.vertex_slice.stop)
        placement = result.placements[mv]
        if spec.component == "core":
            ticks = window_ticks(vertex, result.dt)
            if not ticks:
                raise ValueError(f"population {vertex.label!r} keeps no firing rate: call "
                                 f"compute_firing_rate(window) before running")
            words = (n + 31) // 32
            raw = np.frombuffer(device.read_region(placement, int(Region.RATE_HISTORY)),
                                "<u4", count=n, offset=4 * ticks * words)
            out[sl] = raw * 1000.0 / (ticks * result.dt)
        else:
            fields = unpack_state(vertex, n, device.read_region(placement,
                                                                int(Region.NEURON_STATE)))
            raw, ctype = fields[spec.core_field]
            if spec.shift:   # what the board records: the raw value >> shift
                raw = (np.asarray(raw, dtype=np.int64) >> spec.shift) << spec.shift
            out[sl] = from_fixed(raw, ctype) * spec.scale
    return out

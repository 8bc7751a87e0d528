"""The spike-times region of a SpikeSourceArray core."""
import numpy as np


def spike_times_region(vertex, vertex_slice, dt: float) -> bytes:
    """Events (tick, atom) sorted by tick.

    A spike at time s is sent in tick round(s/dt), as a board's SpikeSourceArray sends it,
    and stamped s (every spike of tick k is stamped k dt).  Sent over a delay of d ticks it
    enters the neuron's input at the start of tick round(s/dt) + d, so it acts on the membrane
    from time s + d on, as NEST's event at s does.
    """
    times = vertex.parameters["spike_times"][vertex_slice.start:vertex_slice.stop]
    ticks, atoms = [], []
    for atom, ts in enumerate(times):
        t = np.rint(np.asarray(ts, dtype=np.float64) / dt).astype(np.int64)
        ticks.append(np.maximum(t, 0))
        atoms.append(np.full(len(t), atom, np.int64))
    ticks = np.concatenate(ticks) if ticks else np.zeros(0, np.int64)
    atoms = np.concatenate(atoms) if atoms else np.zeros(0, np.int64)
    order = np.lexsort((atoms, ticks))
    events = np.empty((len(order), 2), "<u4")
    events[:, 0] = ticks[order]
    events[:, 1] = atoms[order]
    return np.array([len(order)], "<u4").tobytes() + events.tobytes()

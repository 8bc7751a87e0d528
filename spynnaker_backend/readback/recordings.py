"""Decoding the recording buffers a run left on the cores."""
import numpy as np

from ..mapping.dataspec.control import window_ticks
from ..mapping.dataspec.recording import BUFFER_HEADER_BYTES, n_samples, recorded_atoms
from ..mapping.dataspec.regions import Region
from ..models import from_fixed


def _buffer(device, placement, channel):
    raw = device.read_region(placement, int(Region.RECORDING_0) + channel)
    if len(raw) < BUFFER_HEADER_BYTES:
        return np.zeros(0, "<u4")
    used = int(np.frombuffer(raw, "<u4", count=2)[1])
    return np.frombuffer(raw, "<u4", count=used // 4, offset=BUFFER_HEADER_BYTES)


def read(result, device, vertex, variable, first_tick, n_ticks):
    """One run's recording of ``variable`` of ``vertex``.

    Returns
    -------
    spikes: (population indices, spike times in ms), for the recorded indices
    other variables: ndarray (n_samples, n_recorded) in PyNN units, sample k at time
    (first sampled tick + k * interval) * dt
    """
    rec = vertex.recordings[variable]
    wanted = np.asarray(rec.indices, dtype=np.int64)
    mvs = result.machine_graph.slices_of[vertex]
    if variable == "spikes":
        idx_parts, tick_parts = [], []
        for mv in mvs:
            n = mv.vertex_slice.n_atoms
            words = (n + 31) // 32
            data = _buffer(device, result.placements[mv], 0)
            ticks_run = len(data) // words
            bits = np.unpackbits(data[:ticks_run * words].reshape(ticks_run, words)
                                 .view(np.uint8), axis=1, bitorder="little")[:, :n]
            tick, atom = np.nonzero(bits)
            idx_parts.append(atom + mv.vertex_slice.start)
            tick_parts.append(tick + first_tick)
        idx = np.concatenate(idx_parts)
        ticks = np.concatenate(tick_parts)
        keep = np.isin(idx, wanted)
        idx, ticks = idx[keep], ticks[keep]
        order = np.lexsort((idx, ticks))
        # a spike in tick k is stamped with the tick's end, (k + 1) * dt
        return idx[order], (ticks[order] + 1) * result.dt
    spec = vertex.model.recordable(variable)
    if spec.component == "core":   # rate counts -> Hz over the window (no window: r is 0)
        ticks = window_ticks(vertex, result.dt)
        ctype, scale = "uint32", (1000.0 / (ticks * result.dt) if ticks else 0.0)
    else:
        ctype = next(f.ctype for f in vertex.model.component(spec.component).state
                     if f.name == spec.core_field)
        scale = spec.scale
    samples = n_samples(first_tick, n_ticks, rec.sampling_interval)
    # the cores hold the words of `atoms` (every atom when None), core by core, in order
    atoms = recorded_atoms(vertex, variable)
    if atoms is None:
        atoms = np.arange(vertex.n_atoms)
    channel = 1 + [r.name for r in vertex.model.channels].index(variable)
    raw_all = np.zeros((samples, len(atoms)), np.uint32)
    for mv in mvs:
        lo, hi = np.searchsorted(atoms, (mv.vertex_slice.start, mv.vertex_slice.stop))
        n = int(hi - lo)
        if n == 0:
            continue
        data = _buffer(device, result.placements[mv], channel)
        got = min(len(data) // n, samples)
        raw_all[:got, lo:hi] = data[:got * n].reshape(got, n)
    columns = np.searchsorted(atoms, wanted)
    if not (len(columns) == len(atoms) and np.array_equal(columns, np.arange(len(atoms)))):
        raw_all = raw_all[:, columns]
    values = from_fixed(raw_all if ctype == "uint32" else raw_all.view(np.int32), ctype)
    values *= scale
    return values

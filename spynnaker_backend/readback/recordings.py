"""Decoding the recording buffers a run left on the cores.

Spikes are per-tick bitfields (one bit per atom of the core, ceil(n / 32) words a tick) and
sparse, so only the nonzero words of each core's buffer are decoded, then all cores' spikes
are put in tick order by one stable sort (which keeps core, then atom order within a tick).  State samples are rows of 32-bit raw words (one per
recorded atom of the core), kept raw and converted to PyNN units when read (samples.py).
"""
import numpy as np

from ..mapping.dataspec.control import window_ticks
from ..mapping.dataspec.recording import (BUFFER_HEADER_BYTES, n_samples, recorded_atoms,
                                          records_spike_counts)
from ..mapping.dataspec.regions import Region
from ..models import FIELD_TYPES
from .samples import RawSamples


def _buffer(device, placement, channel):
    """The words a core wrote into recording channel ``channel`` (a view of the region)."""
    raw = device.read_region(placement, int(Region.RECORDING_0) + channel)
    if len(raw) < BUFFER_HEADER_BYTES:
        return np.zeros(0, "<u4")
    used = int(np.frombuffer(raw, "<u4", count=2)[1])
    return np.frombuffer(raw, "<u4", count=used // 4, offset=BUFFER_HEADER_BYTES)


def decode_spikes(buffers, starts, sizes, n_ticks):
    """Spikes of consecutive cores from their per-tick bitfields.

    Parameters
    ----------
    buffers : list of numpy.ndarray of uint32
        Per core, tick after tick, ceil(sizes[c] / 32) words per tick; bit b of word w is
        atom 32 w + b of the core.  A buffer shorter than ``n_ticks`` ticks (a run that
        stopped early) has no spikes in the missing ticks; bits beyond the core's atoms
        are ignored.
    starts, sizes : sequence of int
        Population index of each core's first atom and its number of atoms; cores in
        increasing ``starts``, not overlapping.
    n_ticks : int
        Ticks in the run.

    Returns
    -------
    (indices, ticks) : two int64 arrays
        Population index and tick (from 0) of each spike, sorted by tick, then index.
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    words = (sizes + 31) // 32
    idx_parts, tick_parts = [], []
    for c, data in enumerate(buffers):
        w = int(words[c])
        rows = min(len(data) // w, n_ticks) if w else 0
        data = data[:rows * w]
        found = np.flatnonzero(data)   # (a core's buffer as it is: no dense copy of all)
        if found.size == 0:
            continue
        # little-endian words: byte k holds bits 8k .. 8k + 7, unpacked least significant
        # first; nonzero walks them row by row, i.e. by tick, then atom
        which, bit = np.nonzero(np.unpackbits(data[found].view(np.uint8).reshape(-1, 4),
                                              axis=1, bitorder="little"))
        tick, word = np.divmod(found[which], w)
        atom = 32 * word + bit
        if sizes[c] % 32:
            keep = atom < sizes[c]
            tick, atom = tick[keep], atom[keep]
        idx_parts.append(starts[c] + atom)
        tick_parts.append(tick)
    if not idx_parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    idx, ticks = np.concatenate(idx_parts), np.concatenate(tick_parts)
    # by tick; a stable sort keeps core order (increasing starts), then atom order
    order = np.argsort(ticks, kind="stable")
    return idx[order], ticks[order]


def decode_multi_spikes(buffers, starts, sizes):
    """Spikes of consecutive source cores from their per-tick records of counts.

    Parameters
    ----------
    buffers : list of numpy.ndarray of uint32
        Per core, records of ticks with spikes: the tick, a count m, then m bitfields of
        ceil(sizes[c] / 32) words; bitfield j holds the atoms that fired more than j times.
    starts, sizes : sequence of int
        Population index of each core's first atom and its number of atoms.

    Returns
    -------
    (indices, ticks) : two int64 arrays
        One entry per spike (an atom that fired k times in a tick appears k times), sorted
        by tick, then index.
    """
    idx_parts, tick_parts = [], []
    for data, start, size in zip(buffers, starts, sizes):
        words = (int(size) + 31) // 32
        rows, row_ticks = [], []
        pos, end = 0, len(data)
        while pos + 2 <= end:
            tick, m = int(data[pos]), int(data[pos + 1])
            stop = pos + 2 + m * words
            if m == 0 or stop > end:
                break
            rows.append(data[pos + 2:stop].reshape(m, words))
            row_ticks.append(np.full(m, tick, np.int64))
            pos = stop
        if not rows:
            continue
        bits = np.concatenate(rows)
        ticks = np.concatenate(row_ticks)
        idx, row = decode_spikes([bits.reshape(-1)], [int(start)], [int(size)], len(bits))
        idx_parts.append(idx)
        tick_parts.append(ticks[row])
    if not idx_parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    idx, ticks = np.concatenate(idx_parts), np.concatenate(tick_parts)
    order = np.lexsort((idx, ticks))
    return idx[order], ticks[order]


def window_ticks_of_rows(rows, first_tick, interval):
    """Ticks (relative to ``first_tick``) at which the rows of a spike channel recorded
    every ``interval`` ticks were written: its sampled ticks k * interval >= first_tick."""
    first_due = -(-first_tick // interval) * interval
    return first_due - first_tick + np.asarray(rows, dtype=np.int64) * interval


def decode_samples(buffers, counts, samples, raw_type, resolution, scale):
    """State samples of consecutive cores, in PyNN units (see :class:`RawSamples`).

    Returns
    -------
    numpy.ndarray of float64, shape (samples, sum(counts))
        Columns in core order, each core's recorded atoms in order.
    """
    return np.asarray(RawSamples(buffers, counts, samples, raw_type, resolution, scale))


def read(result, device, vertex, variable, first_tick, n_ticks):
    """One run's recording of ``variable`` of ``vertex``.

    Returns
    -------
    spikes: (population indices, spike times in ms), for the recorded indices, sorted by
    time, then index
    other variables: :class:`RawSamples` (n_samples, n_recorded), in PyNN units when
    converted (``np.asarray`` or ``write``), sample k at time
    (first sampled tick + k * interval) * dt
    """
    rec = vertex.recordings[variable]
    wanted = np.asarray(rec.indices, dtype=np.int64)
    mvs = sorted(result.machine_graph.slices_of[vertex], key=lambda m: m.vertex_slice.start)
    starts = [mv.vertex_slice.start for mv in mvs]
    if variable == "spikes":
        sizes = [mv.vertex_slice.n_atoms for mv in mvs]
        buffers = [_buffer(device, result.placements[mv], 0) for mv in mvs]
        if records_spike_counts(vertex):
            idx, ticks = decode_multi_spikes(buffers, starts, sizes)
            ticks = ticks - first_tick
        else:
            interval = 1 if vertex.model.is_source else rec.sampling_interval
            rows = n_samples(first_tick, n_ticks, interval)
            idx, ticks = decode_spikes(buffers, starts, sizes, rows)
            if interval > 1:
                # a row holds the spikes of the window that ends at its sampled tick
                ticks = window_ticks_of_rows(ticks, first_tick, interval)
        if not np.array_equal(wanted, np.arange(vertex.n_atoms)):
            member = np.zeros(vertex.n_atoms, dtype=bool)
            member[wanted] = True
            keep = member[idx]
            idx, ticks = idx[keep], ticks[keep]
        # a spike in tick k is stamped k * dt, as a board stamps it (the update of tick k,
        # from time k dt, produced it)
        return idx, (ticks + first_tick) * result.dt
    spec = vertex.model.recordable(variable)
    if spec.component == "core":   # rate counts -> Hz over the window (no window: r is 0)
        ticks = window_ticks(vertex, result.dt)
        ctype, scale = "uint32", (1000.0 / (ticks * result.dt) if ticks else 0.0)
    else:
        ctype = next(f.ctype for f in vertex.model.component(spec.component).state
                     if f.name == spec.core_field)
        scale = spec.scale
    raw_type, resolution = FIELD_TYPES[ctype]
    quantum = (2.0 ** spec.shift / resolution * scale) if spec.shift else None
    # the cores hold the words of `atoms` (every atom when None), core by core, in order
    atoms = recorded_atoms(vertex, variable)
    if atoms is None:
        atoms = np.arange(vertex.n_atoms)
    stops = [mv.vertex_slice.stop for mv in mvs]
    counts = np.searchsorted(atoms, stops) - np.searchsorted(atoms, starts)
    channel = 1 + [r.name for r in vertex.model.channels].index(variable)
    buffers = [_buffer(device, result.placements[mv], channel) if n else None
               for mv, n in zip(mvs, counts)]
    select = None if np.array_equal(wanted, atoms) else np.searchsorted(atoms, wanted)
    return RawSamples(buffers, counts, n_samples(first_tick, n_ticks, rec.sampling_interval),
                      raw_type, resolution, scale, select, quantum)

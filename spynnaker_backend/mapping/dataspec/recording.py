"""Recording set-up of a core: which channels record, how often, and buffer sizes.

Channel 0 records spikes (one bit per atom per tick); channel c >= 1 records the model's
recordable c - 1: one 32-bit raw word per *recorded* atom per sample.  When a variable is
recorded for some atoms only, the channel carries a bitfield of the population's recorded
atoms (``index_words``) and each core writes the words of its atoms whose bit is set, in
order (see :func:`recorded_atoms`).
"""
from typing import Dict, Optional

import numpy as np

from .regions import MAX_CHANNELS, Region, header_dtype

BUFFER_HEADER_BYTES = header_dtype("recording_buffer").itemsize
#: component id of the rate counts (RATE_COMPONENT in population_control.h)
RATE_COMPONENT = 255


def state_components(model):
    """The components with state, in the order the core stores their state arrays."""
    return [c for c in model.components if c.state]


def recorded_atoms(vertex, name):
    """Sorted population indices whose ``name`` the cores record; None for every atom."""
    atoms = np.asarray(vertex.recordings[name].indices, dtype=np.int64)
    # the PyNN layer keeps them sorted and unique: check in O(n) before sorting (this is
    # asked for every core before every run)
    if len(atoms) > 1 and not np.all(atoms[1:] > atoms[:-1]):
        atoms = np.unique(atoms)
    return None if len(atoms) >= vertex.n_atoms else atoms


def recorded_in_slice(vertex, name, start, stop):
    """How many atoms of [start, stop) record ``name`` (a core's words per sample)."""
    atoms = recorded_atoms(vertex, name)
    if atoms is None:
        return stop - start
    return int(np.searchsorted(atoms, stop) - np.searchsorted(atoms, start))


def recording_config(vertex, first_atom: int) -> bytes:
    """RECORDING_CONFIG region of the core of ``vertex`` whose first atom is ``first_atom``."""
    model = vertex.model
    n_channels = 1 + len(model.channels)
    if n_channels > MAX_CHANNELS:
        raise ValueError(f"model {model.name} has more recordables than {MAX_CHANNELS - 1}")
    channels = np.zeros(n_channels, header_dtype("recording_channel"))
    channels["interval"] = 1
    channels[0]["enabled"] = "spikes" in vertex.recordings
    if "spikes" in vertex.recordings and not model.is_source:
        # a board ignores a sampling interval for sources' spikes (sPyNNaker warns)
        channels[0]["interval"] = vertex.recordings["spikes"].sampling_interval
    stateful = [c.name for c in state_components(model)]
    for c, rec in enumerate(model.channels, start=1):
        if rec.component == "core":   # the rate counts (population_control.h)
            channels[c]["enabled"] = rec.name in vertex.recordings
            if rec.name in vertex.recordings:
                channels[c]["interval"] = vertex.recordings[rec.name].sampling_interval
            channels[c]["component"] = RATE_COMPONENT
            continue
        comp = model.component(rec.component)
        channels[c]["enabled"] = rec.name in vertex.recordings
        if rec.name in vertex.recordings:
            channels[c]["interval"] = vertex.recordings[rec.name].sampling_interval
        channels[c]["component"] = stateful.index(rec.component)
        channels[c]["word"] = [f.name for f in comp.state].index(rec.core_field)
    bitfields = []
    for c, rec in enumerate(model.channels, start=1):
        atoms = recorded_atoms(vertex, rec.name) if rec.name in vertex.recordings else None
        if atoms is not None:
            members = np.zeros(((vertex.n_atoms + 31) // 32) * 32, np.uint8)
            members[atoms] = 1
            bitfields.append(np.packbits(members, bitorder="little").tobytes())
            channels[c]["index_words"] = len(bitfields[-1]) // 4
    head = np.array([n_channels, first_atom], "<u4")
    return head.tobytes() + channels.tobytes() + b"".join(bitfields)


def n_samples(first_tick: int, n_ticks: int, interval: int) -> int:
    """Ticks t in [first_tick, first_tick + n_ticks) with t % interval == 0."""
    last = first_tick + n_ticks - 1
    return last // interval - (first_tick - 1) // interval if first_tick > 0 else \
        last // interval + 1


def random_source_spikes_per_tick(vertex, dt: float) -> int:
    """Spikes per atom and tick a random source's spike recording is sized for (the
    board's bound from the highest rate, the vertex's ``max_rate`` or its atoms' rates)."""
    from .poisson import max_spikes_per_tick, mean_rate
    rates = mean_rate(vertex)
    highest = max(float(vertex.max_rate or 0.0), float(rates.max()) if len(rates) else 0.0)
    return max_spikes_per_tick(highest, dt)


def is_random_source(vertex) -> bool:
    """Whether ``vertex`` runs on the random source application."""
    return vertex.model.binary == "spike_source_poisson"


def records_spike_counts(vertex) -> bool:
    """Whether ``vertex``'s cores record spikes as per-tick records of counts (sources: an
    atom may fire several times in one tick) rather than one bitfield per sample."""
    return vertex.model.binary in ("spike_source_poisson", "spike_source_array")


def _array_spike_words(vertex, n_atoms, first_atom, first_tick, n_ticks, dt):
    """Words a SpikeSourceArray core records in ticks [first_tick, first_tick + n_ticks):
    per tick with spikes the tick, a count m and m bitfields (m: the most spikes of one atom
    in that tick), from the events the core is loaded with."""
    from ..machine_graph import Slice
    from .spike_source import spike_times_region
    first = 0 if first_atom is None else first_atom
    raw = np.frombuffer(spike_times_region(vertex, Slice(first, first + n_atoms), dt), "<u4")
    events = raw[1:].reshape(-1, 2).astype(np.int64)
    ticks = events[:, 0]
    inside = (ticks >= first_tick) & (ticks < first_tick + n_ticks)
    if not np.any(inside):
        return 0
    pairs = ticks[inside] * n_atoms + events[inside, 1]
    uniq, counts = np.unique(pairs, return_counts=True)
    tick_of = uniq // n_atoms
    most = np.zeros(int(tick_of.max() - tick_of.min()) + 1, np.int64)
    np.maximum.at(most, tick_of - tick_of.min(), counts)
    words = (n_atoms + 31) // 32
    return int(np.count_nonzero(most)) * 2 + int(most.sum()) * words


def buffer_sizes(vertex, n_atoms: int, first_tick: int, n_ticks: int,
                 first_atom: Optional[int] = None, dt: float = 1.0) -> Dict[int, int]:
    """{region: data capacity in bytes} of the recording buffers of one core for one run.

    Parameters
    ----------
    vertex : ApplicationVertex
        The population; its ``recordings`` say what is recorded.
    n_atoms : int
        Atoms of the core.
    first_tick, n_ticks : int
        The run: ticks [first_tick, first_tick + n_ticks).
    first_atom : int, optional
        Population index of the core's first atom.  Given, each state channel holds
        exactly what the core writes: one 32-bit word per sample for each of *its*
        recorded atoms (``record_state`` in neuron_core_impl.h).  None: an upper bound for
        any core of ``n_atoms`` atoms, min(n_atoms, recorded atoms of the population).
    dt : float
        The timestep (ms): a random source's spike recording is sized from its rates.

    Returns
    -------
    dict
        Bytes per recording region (header excluded).  Spikes take ceil(n_atoms / 32)
        words per sample whoever is recorded (the core writes its whole bitfield); a
        random source writes, per tick with spikes, the tick, a count m and m bitfields,
        sized (as on the board) for the bound of spikes per tick at its highest rate.
    """
    sizes = {}
    words = (n_atoms + 31) // 32
    if "spikes" in vertex.recordings:
        if is_random_source(vertex):
            most = random_source_spikes_per_tick(vertex, dt)
            sizes[int(Region.RECORDING_0)] = n_ticks * (2 + most * words) * 4
        elif records_spike_counts(vertex):
            # at least a record every tick (the per-tick rate the chunking plans with)
            sizes[int(Region.RECORDING_0)] = 4 * max(
                n_ticks * (2 + words),
                _array_spike_words(vertex, n_atoms, first_atom, first_tick, n_ticks, dt))
        else:
            interval = 1 if vertex.model.is_source else \
                vertex.recordings["spikes"].sampling_interval
            sizes[int(Region.RECORDING_0)] = \
                n_samples(first_tick, n_ticks, interval) * words * 4
    for c, rec in enumerate(vertex.model.channels, start=1):
        if rec.name in vertex.recordings:
            interval = vertex.recordings[rec.name].sampling_interval
            if first_atom is not None:
                per_sample = recorded_in_slice(vertex, rec.name, first_atom,
                                               first_atom + n_atoms)
            else:
                atoms = recorded_atoms(vertex, rec.name)
                per_sample = n_atoms if atoms is None else min(n_atoms, len(atoms))
            sizes[int(Region.RECORDING_0) + c] = \
                n_samples(first_tick, n_ticks, interval) * per_sample * 4
    return sizes


class EmptyBuffer:
    """A recording region before its run: the header (capacity, bytes written = 0), then
    ``capacity`` zero bytes.  ``bytes(buffer)`` is its image; a device may instead reserve
    the zeros itself (the virtual machine does: ``header`` and ``len`` are all it needs)."""

    def __init__(self, capacity: int):
        self.capacity = int(capacity)
        self.header = np.array([self.capacity, 0], "<u4").tobytes()

    def __len__(self):
        return len(self.header) + self.capacity

    def __bytes__(self):
        return self.header + bytes(self.capacity)

    def __eq__(self, other):
        return bytes(self) == bytes(other)

    __hash__ = None


def empty_buffer(capacity: int) -> EmptyBuffer:
    """An empty recording buffer of ``capacity`` bytes (and its 8-byte header)."""
    return EmptyBuffer(capacity)

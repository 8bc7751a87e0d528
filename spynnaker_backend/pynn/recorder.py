"""Recording: PyNN's Recorder, with the hooks that fill ``vertex.recordings`` and read data.

PyNN's :class:`pyNN.recording.Recorder` keeps the set of recorded ids per variable, builds
the Neo Block (units, channel ids, annotations, one segment per ``reset()``) and caches
segments; only the simulator-facing hooks are here.
"""
import warnings
from copy import copy

import neo
import numpy as np
from pyNN import recording

from ..errors import ConfigurationError
from ..graph import Recording
from ..readback.spike_trains import split_by_sorting
from . import checks, simulator


def current_values(state, vertex, variable):
    """The value of a recordable variable now (at ``state.t``), read from the cores' state.

    The cores sample a variable at the start of a timestep, so a run of n steps records
    the values at 0 .. (n - 1) dt; PyNN also wants the value at the end of the run, which
    is the state the cores hold now.

    Returns
    -------
    numpy.ndarray or None
        One value per neuron of ``vertex`` (PyNN units), or None when the machine holds no
        state for it (not run yet, or not a neuron model).
    """
    return state.current_values(vertex, variable)


def interval_in_ticks(sampling_interval, dt):
    """A sampling interval in ms as a whole number of timesteps.

    Raises
    ------
    ValueError
        If the interval is not a positive integer multiple of the timestep.
    """
    ticks = int(round(sampling_interval / dt))
    if ticks < 1 or abs(ticks * dt - sampling_interval) > 1e-9 * max(1.0, sampling_interval):
        raise ValueError(f"sampling_interval {sampling_interval:g} ms must be a positive "
                         f"integer multiple of the timestep {dt:g} ms")
    return ticks


def _only(segment, names):
    """A shallow copy of a Neo segment with only the variables ``names`` (None: all)."""
    if names is None:
        return segment
    part = copy(segment)
    part.spiketrains = segment.spiketrains if "spikes" in names else []
    part.analogsignals = [s for s in segment.analogsignals if s.name in names]
    return part


def _columns(columns):
    """Columns to take of the recorded ones: a slice when they are a contiguous run (a
    plain copy, not a gather), else the index array."""
    if len(columns) == 0:
        return slice(0, 0)
    if columns[-1] - columns[0] == len(columns) - 1 and np.all(np.diff(columns) == 1):
        return slice(int(columns[0]), int(columns[-1]) + 1)
    return columns


#: Variables this backend adds to a model's recordables (the cores' running firing rate)
#: that ``record('all')`` leaves out: 'all' means what the model itself records.
_NOT_IN_ALL = ("r",)


class Recorder(recording.Recorder):
    """Records variables of one Population (views share their parent's recorder)."""
    _simulator = simulator

    def _localize_variables(self, variables, locations):
        # PyNN 0.13 iterates the string 'all' letter by letter ('a', 'l', 'l'); sPyNNaker
        # and PyNN's documentation mean every recordable variable of the cell type
        if isinstance(variables, str) and variables == "all":
            variables = [name for name in self.population.celltype.recordable
                         if name not in _NOT_IN_ALL]
        return super()._localize_variables(variables, locations)

    @property
    def _vertex(self):
        return self.population._vertex

    def _indices(self, ids):
        return np.asarray(ids, dtype=np.int64) - int(self.population.first_id)

    def _check_sampling_interval(self, sampling_interval):
        # as on a board, every variable keeps its own sampling interval (PyNN's base class
        # allows one per population)
        pass

    def _record(self, variable, new_ids, sampling_interval=None):
        state = self._simulator.state
        vertex = self._vertex
        previous = vertex.recordings.get(variable.name)
        if sampling_interval is not None:
            ticks = interval_in_ticks(sampling_interval, state.dt)
            self.sampling_interval = ticks * state.dt
            if variable.name == "spikes" and vertex.model.is_source and ticks != 1:
                warnings.warn(f"population {self.population.label!r}: a sampling interval "
                              f"is not supported for the spikes of a spike source (as on "
                              f"sPyNNaker): every spike is recorded")
        elif previous is not None:
            ticks = previous.sampling_interval
        else:
            ticks = int(round(self.sampling_interval / state.dt))
        indices = np.unique(self._indices(sorted(self.recorded[variable])))
        vertex.recordings[variable.name] = Recording(indices=indices, sampling_interval=ticks)
        self._ever_recorded.add(variable.name)
        state.graph.parameters_changed = True

    @property
    def _ever_recorded(self):
        if not hasattr(self, "_ever_recorded_names"):
            self._ever_recorded_names = set()
        return self._ever_recorded_names

    def _interval_ms(self, name):
        """Sampling interval (ms) of a recorded signal."""
        rec = self._vertex.recordings.get(name)
        state = self._simulator.state
        return self.sampling_interval if rec is None else rec.sampling_interval * state.dt

    def _reset(self):
        # record(None): nothing is recorded any more
        self._vertex.recordings.clear()
        self._simulator.state.graph.parameters_changed = True

    def _clear_simulator(self):
        self._simulator.state.clear_data(self._vertex)

    def spike_arrays(self, clear=False):
        """Spikes of the current segment as (population indices, times in ms)."""
        state = self._simulator.state
        indices, times = state.spikes(self._vertex)
        if clear:
            state.clear_data(self._vertex, "spikes")
        return np.asarray(indices, dtype=np.int64), np.asarray(times, dtype=float)

    def _get_spiketimes(self, ids, clear=False):
        indices, times = self.spike_arrays(clear)
        wanted = np.zeros(self.population.size, dtype=bool)
        wanted[self._indices(ids)] = True
        keep = wanted[indices]
        # PyNN's Recorder wants channel ids, not indices
        return indices[keep] + int(self.population.first_id), times[keep]

    def signal_array(self, name, indices=None, clear=False, final=None):
        """Samples of a signal: (array (n_samples, n_indices) in PyNN units, indices).

        ``final`` (values of every neuron of the population) is appended as one more
        sample.  The array is built with one copy of the recorded samples (hundreds of MB
        for thousands of neurons over seconds), whatever the number of runs.
        """
        state = self._simulator.state
        chunks = state.signal_chunks(self._vertex, name)
        recorded = np.asarray(self._vertex.recordings[name].indices)
        if indices is None:
            indices = recorded
        indices = np.asarray(indices)
        positions = np.searchsorted(recorded, indices)
        columns = _columns(positions)
        rows = sum(len(c) for c in chunks) + (final is not None)
        data = np.empty((rows, len(indices)))
        row = 0
        for chunk in chunks:
            part = data[row:row + len(chunk)]
            if not isinstance(chunk, np.ndarray):
                # a run's raw samples, converted straight into place (readback.RawSamples)
                chunk.write(part, positions)
            elif isinstance(columns, np.ndarray):
                np.take(chunk, columns, axis=1, out=part)
            else:
                part[...] = chunk[:, columns]
            row += len(chunk)
        if final is not None:
            data[row] = final[indices]
        if clear:
            state.clear_data(self._vertex, name)
        return data, indices

    def _get_all_signals(self, variable, ids, clear=False):
        recorded = self._vertex.recordings.get(variable.name)
        indices = self._indices(ids)
        if recorded is None or len(indices) == 0:
            return np.zeros((0, len(indices))), None
        missing = np.setdiff1d(indices, recorded.indices)
        if missing.size:
            raise ValueError(f"{variable.name} was not recorded for indices {missing.tolist()}")
        state = self._simulator.state
        final = None
        if state.running and state.tick % recorded.sampling_interval == 0:
            # PyNN's signals include the value at the end of the run (tstop/dt + 1 samples)
            final = current_values(state, self._vertex, variable.name)
        data, _ = self.signal_array(variable.name, indices, clear, final=final)
        return data, None

    def _get_current_segment(self, filter_ids=None, variables='all', clear=False):
        """PyNN's segment, built per sampling interval: each signal has its own."""
        wanted = set(self.recorded) if variables == 'all' else \
            set(self.recorded).intersection(variables)
        groups = {}
        for variable in wanted:
            key = None if variable.name == "spikes" else self._interval_ms(variable.name)
            groups.setdefault(key, []).append(variable)
        default, segment = self.sampling_interval, None
        try:
            for interval, group in sorted(groups.items(), key=lambda kv: kv[0] or 0.0):
                if interval is not None:
                    self.sampling_interval = interval
                part = super()._get_current_segment(filter_ids, group, clear)
                if segment is None:
                    segment = part
                else:
                    for signal in part.analogsignals:
                        signal.segment = segment
                        segment.analogsignals.append(signal)
        finally:
            self.sampling_interval = default
        if segment is None:
            segment = super()._get_current_segment(filter_ids, [], clear)
        split_by_sorting(segment.spiketrains)
        return segment

    def get(self, variables, gather=False, filter_ids=None, clear=False,
            annotations=None, locations=None):
        """The recorded data as a Neo Block: one segment per run between resets.

        Raises
        ------
        ConfigurationError
            If a variable asked for by name was never recorded by this population.
        """
        names = self._names(variables)
        if names is not None and getattr(self, "_lenient", False):
            names = [n for n in names if n in self._ever_recorded]
        elif names is not None:
            missing = [n for n in names if n not in self._ever_recorded]
            if missing:
                raise checks.not_recorded(self.population.label, missing,
                                          self._ever_recorded)
        block = neo.Block()
        # PyNN's own filter compares signal names with Variable objects and so drops every
        # cached signal: filter the cached segments (earlier runs, before reset) by name
        block.segments = [_only(segment, names) for segment in self.cache]
        state = self._simulator.state
        if state.running:
            localized = "all" if names is None else self._localize_variables(names, locations)
            block.segments.append(self._get_current_segment(
                filter_ids=filter_ids, variables=localized, clear=clear))
        for segment in block.segments:
            segment.block = block
        block.name = self.population.label
        block.description = self.population.describe()
        if block.segments:
            block.rec_datetime = block.segments[0].rec_datetime
        block.annotate(**self.metadata)
        if annotations:
            block.annotate(**annotations)
        if clear:
            self.clear()
        return block

    @staticmethod
    def _names(variables):
        """Variable names asked for, or None for 'all'."""
        if variables is None or (isinstance(variables, str) and variables == "all"):
            return None
        if isinstance(variables, str):
            return [variables]
        return [getattr(v, "name", v) for v in variables]

    def _local_count(self, variable, filter_ids=None):
        ids = sorted(self.filter_recorded(variable, filter_ids))
        indices, _ = self.spike_arrays()
        counts = np.bincount(indices, minlength=self.population.size)
        return {int(i): int(counts[i - int(self.population.first_id)]) for i in ids}

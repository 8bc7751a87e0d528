"""Recording: PyNN's Recorder, with the hooks that fill ``vertex.recordings`` and read data.

PyNN's :class:`pyNN.recording.Recorder` keeps the set of recorded ids per variable, builds
the Neo Block (units, channel ids, annotations, one segment per ``reset()``) and caches
segments; only the simulator-facing hooks are here.
"""
import numpy as np
from pyNN import recording

from ..graph import Recording
from ..readback.spike_trains import split_by_sorting
from . import simulator


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

    def _record(self, variable, new_ids, sampling_interval=None):
        state = self._simulator.state
        vertex = self._vertex
        if sampling_interval is not None:
            ticks = interval_in_ticks(sampling_interval, state.dt)
            self.sampling_interval = ticks * state.dt
        ticks = int(round(self.sampling_interval / state.dt))
        indices = np.unique(self._indices(sorted(self.recorded[variable])))
        vertex.recordings[variable.name] = Recording(indices=indices, sampling_interval=ticks)
        # PyNN allows one sampling interval per population: keep all signals in step
        for name, rec in vertex.recordings.items():
            if name != "spikes":
                rec.sampling_interval = ticks
        state.graph.parameters_changed = True

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
        segment = super()._get_current_segment(filter_ids, variables, clear)
        split_by_sorting(segment.spiketrains)
        return segment

    def _local_count(self, variable, filter_ids=None):
        ids = sorted(self.filter_recorded(variable, filter_ids))
        indices, _ = self.spike_arrays()
        counts = np.bincount(indices, minlength=self.population.size)
        return {int(i): int(counts[i - int(self.population.first_id)]) for i in ids}

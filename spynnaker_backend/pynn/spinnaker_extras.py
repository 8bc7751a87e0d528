"""sPyNNaker's additions to the PyNN population API, shared by Population and PopulationView.

Numpy data access (``spinnaker_get_data``), data by index, ``set_by_selector``, and the
PyNN 0.7-era methods that sPyNNaker keeps as deprecated aliases.
"""
import warnings

import numpy as np
from pyNN import common

from . import checks


def _deprecated(old, replacement):
    warnings.warn(f"{old}() is deprecated, and will be removed in a future release. "
                  f"Use {replacement} instead.", DeprecationWarning, stacklevel=3)


def _split_record_args(sampling_interval, to_file):
    """PyNN 0.7 passed ``to_file`` first, sPyNNaker ``sampling_interval``: accept both."""
    if sampling_interval is not None and not isinstance(sampling_interval, (int, float)):
        sampling_interval, to_file = None, sampling_interval
    if isinstance(sampling_interval, bool):
        sampling_interval = None
    if to_file is True or to_file is False:
        to_file = None
    return sampling_interval, to_file


class SpinnakerExtras:
    """Methods of sPyNNaker's PopulationBase that PyNN does not have (or spells differently)."""

    def _view_index_of_root(self):
        """Array mapping a root-population index to this population's index (-1: absent)."""
        lookup = np.full(self._root.size, -1, dtype=np.int64)
        lookup[self._root_indices()] = np.arange(self.size)
        return lookup

    # ------------------------------------------------------------------ checked PyNN calls
    def sample(self, n, rng=None):
        """A view of ``n`` cells drawn at random (without repetition)."""
        checks.positive_int(n, f"{self.label}.sample(n)", "", minimum=0)
        if n > self.size:
            raise ValueError(f"{self.label}.sample({n}): {self.label!r} has only {self.size} "
                             f"cells; sample at most {self.size}")
        return super().sample(int(n), rng)

    def record(self, variables, to_file=None, sampling_interval=None, locations=None):
        checks.output_file(to_file, f"{self.label}.record(to_file=...)")
        return super().record(variables, to_file, sampling_interval, locations)
    record.__doc__ = common.BasePopulation.record.__doc__

    def write_data(self, io, variables="all", gather=True, clear=False, annotations=None,
                   locations=None):
        checks.output_file(io, f"{self.label}.write_data()")
        checks.unrecorded(self, variables)
        return super().write_data(io, variables, gather, clear, annotations, locations)
    write_data.__doc__ = common.BasePopulation.write_data.__doc__

    def get_spike_counts(self, gather=True):
        """Spikes per neuron: dict of ID to count (spikes must have been recorded)."""
        checks.unrecorded(self, "spikes")
        return super().get_spike_counts(gather)

    # ------------------------------------------------------------------ data
    def get_data(self, variables="all", gather=True, clear=False, annotations=None,
                 locations=None):
        """Recorded data as a Neo Block (one segment per ``reset()``).

        Parameters
        ----------
        variables : str or list of str
            'all', one name or a list of names; they must have been recorded.
        gather : bool
            Ignored: everything is always gathered.
        clear : bool
            Delete the data after reading it.
        annotations : dict, optional
            Put on the Neo Block.
        """
        checks.unrecorded(self, variables)
        return self.recorder.get(variables, gather, self._record_filter, clear,
                                 annotations=annotations, locations=locations)

    def get_data_by_indexes(self, variables, indexes, clear=False, annotations=None):
        """Like :meth:`get_data`, for the cells at ``indexes`` only (None: all)."""
        ids = self.all_cells if indexes is None else self.all_cells[np.asarray(indexes)]
        return self.recorder.get(variables, True, ids, clear, annotations=annotations)

    def spinnaker_get_data(self, variable):
        """Recorded data of the current segment as one numpy array.

        Parameters
        ----------
        variable : str or list of one str
            'spikes' or a recorded signal name.

        Returns
        -------
        numpy.ndarray
            Spikes: shape (n_spikes, 2), columns [index, time (ms)].  Signals: shape
            (n_indices * n_samples, 3), columns [index, time (ms), value (PyNN units)].
            Rows are sorted by index, then time.
        """
        if not isinstance(variable, str):
            variable = list(variable)
            if len(variable) != 1:
                raise ValueError("spinnaker_get_data reads one variable at a time, "
                                 f"not {variable}")
            variable = variable[0]
        recording = self._vertex.recordings.get(variable)
        if recording is None:
            raise ValueError(f"{variable!r} is not recorded in {self.label!r}; "
                             f"call record({variable!r}) before running")
        recorder = self._root.recorder
        lookup = self._view_index_of_root()
        if variable == "spikes":
            indices, times = recorder.spike_arrays()
            local = lookup[indices]
            keep = local >= 0
            local, times = local[keep], times[keep]
            order = np.lexsort((times, local))
            return np.column_stack([local[order], times[order]]).astype(float)
        wanted = np.intersect1d(self._root_indices(), recording.indices)
        data, _ = recorder.signal_array(variable, wanted)
        n_samples = data.shape[0]
        start = float(np.asarray(recorder._recording_start_time))
        times = start + np.arange(n_samples) * recording.sampling_interval * \
            self._simulator.state.dt
        return np.column_stack([np.repeat(lookup[wanted], n_samples),
                                np.tile(times, len(wanted)),
                                data.T.ravel()]).astype(float)

    def find_units(self, variable):
        """Units of a recordable variable or parameter, e.g. 'mV' (a name or a Variable)."""
        return self.celltype.units[getattr(variable, "name", variable)]

    # ------------------------------------------------------------------ parameters
    def set(self, *args, **parameters):
        """Set parameters: PyNN's ``set(tau_m=20.0)``, also ``set({'tau_m': 20.0})`` (the
        second seed API's dict form) and ``set('tau_m', 20.0)`` (sPyNNaker's).

        Values may be single values, arrays, RandomDistributions or functions of the index,
        as in PyNN.
        """
        if len(args) == 1 and isinstance(args[0], dict):
            parameters = {**args[0], **parameters}
        elif len(args) == 2 and isinstance(args[0], str):
            parameters = {args[0]: args[1], **parameters}
        elif args:
            raise TypeError("set() takes keyword arguments, one dict, or a name and a value")
        super().set(**parameters)

    def set_by_selector(self, selector, parameter, value=None):
        """Set parameters of the cells picked by ``selector`` (an index, slice, list or mask).

        ``parameter`` is a name (then ``value`` is its value) or a dict of names to values.
        """
        parameters = dict(parameter) if isinstance(parameter, dict) else {parameter: value}
        if isinstance(selector, (int, np.integer)):
            selector = [int(selector)]
        self._get_view(selector).set(**parameters)

    def inject(self, current_source):
        """Connect a current source (DCSource, ACSource, StepCurrentSource,
        NoisyCurrentSource) to every cell of this population or view."""
        current_source.inject_into(self)

    # ------------------------------------------------------------------ deprecated
    def record_v(self, sampling_interval=None, to_file=None):
        """*Deprecated*: use ``record('v')``."""
        _deprecated("record_v", "record('v')")
        sampling_interval, to_file = _split_record_args(sampling_interval, to_file)
        self.record("v", to_file=to_file, sampling_interval=sampling_interval)

    def record_gsyn(self, sampling_interval=None, to_file=None):
        """*Deprecated*: use ``record(['gsyn_exc', 'gsyn_inh'])``."""
        _deprecated("record_gsyn", "record(['gsyn_exc', 'gsyn_inh'])")
        sampling_interval, to_file = _split_record_args(sampling_interval, to_file)
        self.record(["gsyn_exc", "gsyn_inh"], to_file=to_file,
                    sampling_interval=sampling_interval)

    def get_initial_value(self, variable, selector=None):
        """*Deprecated*: use ``initial_values``."""
        _deprecated("get_initial_value", "initial_values")
        values = self.initial_values[variable].evaluate(simplify=False)
        return values if selector is None else values[selector]

    def set_initial_value(self, variable, value, selector=None):
        """*Deprecated*: use ``initialize()``."""
        _deprecated("set_initial_value", "initialize()")
        target = self if selector is None else self._get_view(
            [selector] if isinstance(selector, (int, np.integer)) else selector)
        target.initialize(**{variable: value})

"""Hooks shared by Population and PopulationView: parameters and initial values live in the
root population's application vertex, addressed by indices in that population."""
import numpy as np
from pyNN import errors
from pyNN.parameters import LazyArray, ParameterSpace, Sequence, simplify

from .cells import check_parameter_values, spec_for
from ..errors import ConfigurationError
from ..mapping import pipeline
from . import simulator


def evaluate_native(parameter_space, size, sequences=()):
    """Evaluate a native ParameterSpace into per-neuron numpy arrays.

    Scalars, arrays, RandomDistributions and functions of the index all become float64
    arrays of length ``size``; the ``sequences`` parameters of the model (``spike_times``,
    ...: ModelSpec.sequence_parameters) become object arrays of float64 arrays.
    """
    parameter_space.shape = (size,)
    parameter_space.evaluate(simplify=False)
    values = {}
    for name, value in parameter_space.items():
        if name in sequences:
            arr = np.empty(size, dtype=object)
            for i, seq in enumerate(np.broadcast_to(np.asarray(value, dtype=object), (size,))):
                # kept in the order given: check_parameter_values rejects unsorted times
                arr[i] = np.asarray(getattr(seq, "value", seq), dtype=np.float64).ravel()
            values[name] = arr
        else:
            values[name] = np.asarray(value, dtype=np.float64).reshape(size)
    return values


class PopulationHooks:
    """The parameter and initial-value hooks of ``pyNN.common`` for one root vertex."""
    _simulator = simulator

    # ------------------------------------------------------------------ where cells live
    @property
    def _root(self):
        """The Population whose vertex holds these cells."""
        return self.grandparent if hasattr(self, "parent") else self

    @property
    def _vertex(self):
        return self._root._vertex_

    def _root_indices(self, indices=None):
        """Indices in the root population of (some of) this population's cells."""
        if indices is None:
            indices = np.arange(self.size)
        if hasattr(self, "parent"):
            return np.asarray(self.index_in_grandparent(np.asarray(indices, dtype=int)))
        return np.asarray(indices, dtype=int)

    # ------------------------------------------------------------------ parameters
    def _get_native_parameters(self, *names):
        idx = self._root_indices()
        values = {}
        for name in names:
            column = self._vertex.parameters[name][idx]
            if name in self._vertex.model.sequence_parameters:
                column = np.array([Sequence(t) for t in column], dtype=object)
            values[name] = simplify(column)
        return ParameterSpace(values, shape=(self.size,))

    def _get_parameters(self, *names):
        native = self._get_native_parameters(*self.celltype.get_native_names(*names))
        return self.celltype.reverse_translate(native)

    def _set_parameters(self, parameter_space):
        """Evaluate, check against the other parameters, then write into the vertex."""
        new = evaluate_native(parameter_space, self.size,
                              self._vertex.model.sequence_parameters)
        idx = self._root_indices()
        params = self._vertex.parameters
        merged = {}
        for name, value in new.items():
            if name not in params:
                raise errors.NonExistentParameterError(
                    name, type(self.celltype).__name__, self.celltype.get_parameter_names())
            column = params[name].copy()
            column[idx] = value
            merged[name] = column
        check_parameter_values({**params, **merged}, type(self.celltype).__name__,
                               self._root.label)
        before = {name: params[name] for name in merged}
        params.update(merged)
        problems = pipeline.check_parameters(self._vertex, self._simulator.state.dt)
        if problems:
            params.update(before)
            raise ConfigurationError("parameters do not fit the chip's fixed-point formats:"
                                     "\n  " + "\n  ".join(problems))
        self._simulator.state.graph.parameters_changed = True

    # ------------------------------------------------------------------ initial values
    def _set_initial_value_array(self, variable, initial_values):
        state = self._vertex.state
        if variable not in state:
            raise errors.NonExistentParameterError(
                variable, type(self.celltype).__name__, list(state))
        if not isinstance(initial_values, LazyArray):
            initial_values = LazyArray(initial_values, shape=(self.size,), dtype=float)
        values = np.asarray(initial_values.evaluate(simplify=True), dtype=np.float64)
        state[variable][self._root_indices()] = np.broadcast_to(values, (self.size,))
        self._simulator.state.graph.parameters_changed = True

    def _get_cell_initial_value(self, id, variable):
        index = self._root.id_to_index(id)
        try:
            return float(self._vertex.state[variable][index])
        except KeyError:
            raise errors.NonExistentParameterError(
                variable, type(self.celltype).__name__, list(self._vertex.state)) from None

    def _set_cell_initial_value(self, id, variable, value):
        index = self._root.id_to_index(id)
        self._root[index:index + 1].initialize(**{variable: value})

    def _initial_values_dict(self):
        """{state variable: LazyArray of this population's initial values} (as PyNN keeps
        them: ``p.initial_values['v'].evaluate()`` gives the array)."""
        idx = self._root_indices()
        return {name: LazyArray(simplify(values[idx].copy()), shape=(len(idx),), dtype=float)
                for name, values in self._vertex.state.items()}

    # ------------------------------------------------------------------ sPyNNaker properties
    @property
    def conductance_based(self):
        """True if the cells' synapses are conductances (uS), False for currents (nA)."""
        return spec_for(self.celltype).conductance_based

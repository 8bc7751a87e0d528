"""Assembly: populations and views taken together.

PyNN's Assembly already delegates get/set/initialize/record/get_data to its members; the
backend adds the sPyNNaker spellings and Projections split an Assembly into member vertices.
"""
import numpy as np
from pyNN import common
from pyNN.random import RandomDistribution

from ..errors import ConfigurationError
from . import simulator
from .recorder import Recorder


class Assembly(common.Assembly):
    __doc__ = common.Assembly.__doc__
    _simulator = simulator

    def _split(self, name, value, offset, size):
        """The part of an Assembly-wide value that belongs to one member."""
        if callable(value):
            # a function of the Assembly index, not of the member's own index
            return lambda i: value(np.asarray(i) + offset)
        if isinstance(value, (list, tuple, np.ndarray)) and len(value) == self.size:
            nested = len(value) > 0 and np.iterable(value[0])
            if name != "spike_times" or nested:
                return value[offset:offset + size]
        return value

    def _per_member(self, values):
        # draw once for the whole Assembly: members' copies of the RNG would repeat draws
        values = {name: v.next(self.size) if isinstance(v, RandomDistribution) else v
                  for name, v in values.items()}
        offset = 0
        for p in self.populations:
            yield p, {name: self._split(name, v, offset, p.size) for name, v in values.items()}
            offset += p.size

    def set(self, **parameters):
        """Set parameters of every cell; arrays and functions run over the whole Assembly
        (``a.set(tau_m=np.arange(a.size))``, ``a.set(v_rest=lambda i: ...)``)."""
        for p, values in self._per_member(parameters):
            p.set(**values)

    def initialize(self, **initial_values):
        """Set initial values of every cell; arrays and functions run over the Assembly."""
        for p, values in self._per_member(initial_values):
            p.initialize(**values)

    def get_data(self, variables='all', gather=True, clear=False, annotations=None):
        """PyNN's Assembly.get_data; a variable asked for by name must have been recorded
        by at least one member (members that did not record it contribute nothing).

        Raises
        ------
        ConfigurationError
            If no member ever recorded one of the variables asked for.
        """
        names = Recorder._names(variables)
        recorders = {id(p.recorder): p.recorder for p in self.populations}.values()
        if names is not None:
            known = set().union(*(r._ever_recorded for r in recorders))
            missing = [n for n in names if n not in known]
            if missing:
                raise ConfigurationError(
                    f"assembly {self.label!r}: {', '.join(map(repr, missing))} never "
                    f"recorded by any member (recorded: {sorted(known) or 'nothing'})")
        for r in recorders:
            r._lenient = True
        try:
            return super().get_data(variables, gather, clear, annotations)
        finally:
            for r in recorders:
                r._lenient = False

    def inject(self, current_source):
        """Connect a current source to every cell of every member."""
        current_source.inject_into(self)

    def members(self):
        """Per member: (root Population, root indices of its cells, offset in the Assembly).

        Used by Projection to turn Assembly indices into (vertex, index) pairs.
        """
        result, offset = [], 0
        for p in self.populations:
            root = p.grandparent if hasattr(p, "parent") else p
            indices = p._root_indices()
            result.append((root, indices, offset))
            offset += p.size
        return result

    def index_to_id(self, index):
        """The ID(s) of the cell(s) at the given index (indices) in the Assembly."""
        return self.all_cells[np.asarray(index)] if np.iterable(index) else \
            self.all_cells[int(index)]

"""The cell id: PyNN's IDMixin plus the per-cell methods sPyNNaker's IDMixin offers."""
from . import simulator


class ID(simulator.ID):
    """A cell id (an int) that also gives access to the cell, e.g. ``p[3].tau_m = 20.0``.

    Adds to :class:`pyNN.common.IDMixin` the sPyNNaker per-cell methods ``id``,
    ``initialize`` and ``record``; everything else (``as_view``, ``celltype``,
    ``get_parameters``, ``set_parameters``, ``get_initial_value``, ``set_initial_value``,
    ``inject``, ``is_standard_cell``, ``local``, ``position``) is PyNN's, backed by the parent
    population's hooks.

    Population extension: besides parameters (PyNN), attributes also read and write the
    initial values of state variables, e.g. ``p.neuron(3).v = -60.0`` (a parameter of the
    same name would win, as in PyNN).
    """

    def _state_variable(self, name):
        if name.startswith("_") or name == "parent" or "parent" not in self.__dict__:
            return False
        celltype = self.__dict__["parent"].celltype
        return name in celltype.default_initial_values and not celltype.has_parameter(name)

    def __getattr__(self, name):
        if self._state_variable(name):
            return self.parent._get_cell_initial_value(self, name)
        return super().__getattr__(name)

    def __setattr__(self, name, value):
        if self._state_variable(name):
            self.parent._set_cell_initial_value(self, name, value)
        else:
            super().__setattr__(name, value)

    @property
    def id(self):
        """The id as a plain int."""
        return int(self)

    def initialize(self, **initial_values):
        """Set initial values of state variables of this cell (e.g. ``v=-60.0``, in mV)."""
        self.as_view().initialize(**initial_values)

    def record(self, variables, to_file=None, sampling_interval=None):
        """Record variables of this cell (see :meth:`Population.record`)."""
        self.as_view().record(variables, to_file=to_file, sampling_interval=sampling_interval)

    def inject(self, current_source, location=None):
        """Connect a current source to this cell (point neurons: no location)."""
        if location is not None:
            raise ValueError("point neurons have no locations to inject into")
        current_source.inject_into([self])

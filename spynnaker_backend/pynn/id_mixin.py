"""The cell id: PyNN's IDMixin plus the per-cell methods sPyNNaker's IDMixin offers."""
from .spinnaker_extras import CURRENT_SOURCES_UNSUPPORTED
from . import simulator


class ID(simulator.ID):
    """A cell id (an int) that also gives access to the cell, e.g. ``p[3].tau_m = 20.0``.

    Adds to :class:`pyNN.common.IDMixin` the sPyNNaker per-cell methods ``id``,
    ``initialize`` and ``record``; everything else (``as_view``, ``celltype``,
    ``get_parameters``, ``set_parameters``, ``get_initial_value``, ``set_initial_value``,
    ``inject``, ``is_standard_cell``, ``local``, ``position``) is PyNN's, backed by the parent
    population's hooks.
    """

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
        """Not supported yet: raises NotImplementedError naming the alternative."""
        raise NotImplementedError(CURRENT_SOURCES_UNSUPPORTED)

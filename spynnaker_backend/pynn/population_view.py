"""PopulationView: a subset of a Population; its cells live in the parent's vertex."""
from pyNN import common

from .assembly import Assembly
from .population_base import PopulationHooks
from .spinnaker_extras import SpinnakerExtras
from . import simulator


class PopulationView(SpinnakerExtras, PopulationHooks, common.PopulationView):
    __doc__ = common.PopulationView.__doc__
    _simulator = simulator
    _assembly_class = Assembly

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    @property
    def initial_values(self):
        """Initial values of this view's cells: dict of name to array (PyNN units)."""
        return self._initial_values_dict()

    def index_to_id(self, index):
        """The ID(s) of the cell(s) at the given index (indices) in this view."""
        return self.all_cells[index]

"""Assembly: populations and views taken together.

PyNN's Assembly already delegates get/set/initialize/record/get_data to its members; the
backend adds the sPyNNaker spellings and Projections split an Assembly into member vertices.
"""
import numpy as np
from pyNN import common

from .spinnaker_extras import CURRENT_SOURCES_UNSUPPORTED
from . import simulator


class Assembly(common.Assembly):
    __doc__ = common.Assembly.__doc__
    _simulator = simulator

    def inject(self, current_source):
        """Not supported yet: raises NotImplementedError naming the alternative."""
        raise NotImplementedError(CURRENT_SOURCES_UNSUPPORTED)

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

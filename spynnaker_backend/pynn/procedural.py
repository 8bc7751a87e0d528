"""PyNN's procedural API (create, connect, record) for this backend."""
from pyNN import common, space
from pyNN.connectors import FixedProbabilityConnector

from .population import Population
from .projection import Projection
from .synapses import StaticSynapse
from . import simulator

create = common.build_create(Population)
connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)
record = common.build_record(simulator)


def record_v(source, filename):
    """Record the membrane potential of ``source`` to ``filename`` at ``end()``."""
    return record(["v"], source, filename)


def record_gsyn(source, filename):
    """Record the synaptic input of ``source`` to ``filename`` at ``end()``."""
    return record(["gsyn_exc", "gsyn_inh"], source, filename)


def distance(src_cell, tgt_cell, mask=None, scale_factor=1.0, offset=0.0,
             periodic_boundaries=None):
    """Euclidean distance between two cells (PyNN's ``space.distance``, with sPyNNaker's
    parameter names)."""
    return space.distance(src_cell, tgt_cell, mask, scale_factor, offset,
                          periodic_boundaries)

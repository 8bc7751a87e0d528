"""The public module surface: ``import pyNN.spiNNaker as sim`` imports everything here.

Everything every PyNN backend exports, plus sPyNNaker's extras
(``set_number_of_neurons_per_core``, ``get_machine``, ``get_run_report``, ``extra_models``).
"""
from pyNN import errors, random, space                                 # noqa: F401
from pyNN.network import Network                                       # noqa: F401
from pyNN.random import NumpyRNG, GSLRNG, RandomDistribution           # noqa: F401
from pyNN.space import (Space, Line, Grid2D, Grid3D, RandomStructure,  # noqa: F401
                        Cuboid, Sphere)
from pyNN.connectors import *                                          # noqa: F401, F403
from pyNN.recording import *                                           # noqa: F401, F403
from pyNN.standardmodels import StandardCellType

from spynnaker_backend.pynn.cells import *                             # noqa: F401, F403
from spynnaker_backend.pynn.synapses import StaticSynapse              # noqa: F401
from spynnaker_backend.pynn.plasticity import (                        # noqa: F401
    STDPMechanism, SpikePairRule, AdditiveWeightDependence, MultiplicativeWeightDependence,
    AdditivePotentiationMultiplicativeDepression, GutigWeightDependence,
    TsodyksMarkramSynapse)
from spynnaker_backend.pynn.native_rng import NativeRNG                # noqa: F401
from spynnaker_backend.pynn.electrodes import (                        # noqa: F401
    DCSource, ACSource, StepCurrentSource, NoisyCurrentSource)
from spynnaker_backend.pynn.population import Population               # noqa: F401
from spynnaker_backend.pynn.population_view import PopulationView      # noqa: F401
from spynnaker_backend.pynn.assembly import Assembly                   # noqa: F401
from spynnaker_backend.pynn.projection import Projection               # noqa: F401
from spynnaker_backend.pynn.control import (                           # noqa: F401
    setup, end, run, run_until, run_for, reset, initialize, get_current_time,
    get_time_step, get_min_delay, get_max_delay, num_processes, rank,
    set_number_of_neurons_per_core, get_machine, get_run_report)
from spynnaker_backend.pynn.procedural import (                        # noqa: F401
    create, connect, record, record_v, record_gsyn)
from . import extra_models                                             # noqa: F401


def list_standard_models():
    """Names of the PyNN standard cell types this backend runs."""
    return sorted(name for name, obj in globals().items()
                  if isinstance(obj, type) and issubclass(obj, StandardCellType)
                  and obj is not StandardCellType)

"""The public module surface: ``import pyNN.spiNNaker as sim`` imports everything here.

``__all__`` holds every name of sPyNNaker 7.4.1's ``spynnaker.pyNN.__all__`` (so
``from pyNN.spiNNaker import *`` gives what it gives with sPyNNaker, and no helper modules such
as ``os``, ``np`` or ``random``), plus the PyNN standard names this backend also runs (listed
in :data:`PYNN_EXTRAS`; sPyNNaker lacks them).  Names whose feature does not run here yet
raise NotImplementedError when used (:mod:`spynnaker_backend.pynn.pending`).
"""
import importlib

from pyNN.random import NumpyRNG, RandomDistribution
from pyNN.space import Space, Line, Grid2D, Grid3D, RandomStructure, Cuboid, Sphere
from pyNN.standardmodels import StandardCellType

from spynnaker_backend.pynn.cells import STANDARD_CELL_TYPES
from spynnaker_backend.pynn.connectors import (
    AllToAllConnector, OneToOneConnector, FixedProbabilityConnector, FixedNumberPreConnector,
    FixedNumberPostConnector, FixedTotalNumberConnector, FromListConnector, FromFileConnector,
    DistanceDependentProbabilityConnector, IndexBasedProbabilityConnector, CSAConnector,
    ArrayConnector, SmallWorldConnector, DisplacementDependentProbabilityConnector,
    CloneConnector)
from spynnaker_backend.pynn.synapses import StaticSynapse
from spynnaker_backend.pynn.receptors import (
    LIF, AdExp, PointNeuron, CurrExpPostSynapticResponse, CondExpPostSynapticResponse,
    CondAlphaPostSynapticResponse, ExpPSR, AlphaPSR)
from spynnaker_backend.pynn.native_rng import NativeRNG
from spynnaker_backend.pynn.electrodes import (
    DCSource, ACSource, StepCurrentSource, NoisyCurrentSource)
from spynnaker_backend.pynn.population import Population
from spynnaker_backend.pynn.population_view import PopulationView
from spynnaker_backend.pynn.assembly import Assembly
from spynnaker_backend.pynn.projection import Projection, SpiNNakerProjection
from spynnaker_backend.pynn.control import (
    setup, end, run, run_until, run_for, reset, initialize, get_current_time,
    get_time_step, get_min_delay, get_max_delay, num_processes, rank, name,
    set_number_of_neurons_per_core, set_number_of_synapse_cores, set_allow_delay_extensions,
    get_machine as _get_machine, get_run_report)
from spynnaker_backend.machine.spinn_machine_view import MachineView as _MachineView
from spynnaker_backend.pynn.procedural import (
    create, connect, record, record_v, record_gsyn, distance)
from spynnaker_backend.pynn.pending import PENDING, resolve
from . import extra_models

globals().update(STANDARD_CELL_TYPES)
globals().update({_name: resolve(_name) for _name in PENDING})
# PyNN's standard plasticity names that sPyNNaker 7.4.1 does not export (they run here)
from spynnaker_backend.pynn.plasticity import (
    AdditivePotentiationMultiplicativeDepression, GutigWeightDependence, TsodyksMarkramSynapse)
# PyNN's standard Vogels2011Rule (pyNN.nest 0.13 has none; sPyNNaker has it in extra_models)
from spynnaker_backend.pynn.plasticity import SimpleStochasticSynapse, Vogels2011Rule
from spynnaker_backend.pynn.quantal import MultiQuantalSynapse, StochasticTsodyksMarkramSynapse

try:    # live I/O (issue 12, point 4) provides this module
    external_devices = importlib.import_module(f"{__name__}.external_devices")
except ModuleNotFoundError as _error:
    if _error.name != f"{__name__}.external_devices":
        raise

#: sPyNNaker 7.4.1's ``spynnaker.pyNN.__all__``, name for name.
SPYNNAKER_741_NAMES = (
    "ACSource", "AdditiveWeightDependence", "AllToAllConnector", "ArrayConnector", "Assembly",
    "CSAConnector", "Convolution", "ConvolutionConnector", "Cuboid", "DCSource",
    "DistanceDependentFormation", "DistanceDependentProbabilityConnector",
    "FixedNumberPostConnector", "FixedNumberPreConnector", "FixedProbabilityConnector",
    "FixedTotalNumberConnector", "FromFileConnector", "FromListConnector", "Grid2D",
    "Grid3D", "IF_cond_exp", "IF_curr_alpha", "IF_curr_delta", "IF_curr_exp",
    "IndexBasedProbabilityConnector", "Izhikevich", "KernelConnector", "LastNeuronSelection",
    "Line", "MultiplicativeWeightDependence", "NoisyCurrentSource", "NumpyRNG",
    "OneToOneConnector", "PoolDense", "PoolDenseConnector", "Population", "PopulationView",
    "Projection", "RandomByWeightElimination", "RandomDistribution", "RandomSelection",
    "RandomStructure", "STDPMechanism", "SmallWorldConnector", "Space", "Sphere",
    "SpiNNakerProjection", "SpikePairRule", "SpikeSourceArray", "SpikeSourcePoisson",
    "StaticSynapse", "StepCurrentSource", "StructuralMechanismSTDP",
    "StructuralMechanismStatic", "connect", "create", "distance", "end", "external_devices",
    "extra_models", "get_current_time", "get_machine", "get_max_delay", "get_min_delay",
    "get_time_step", "initialize", "list_standard_models", "name", "num_processes", "rank",
    "record", "reset", "run", "run_for", "run_until", "set_allow_delay_extensions",
    "set_number_of_neurons_per_core", "set_number_of_synapse_cores", "setup")

#: PyNN standard names this backend runs that sPyNNaker 7.4.1 does not export.
PYNN_EXTRAS = tuple(sorted(
    {n for n in STANDARD_CELL_TYPES if n not in SPYNNAKER_741_NAMES}
    | {"NativeRNG", "CloneConnector", "DisplacementDependentProbabilityConnector",
       "get_run_report", "record_v", "record_gsyn",
       "AdditivePotentiationMultiplicativeDepression", "GutigWeightDependence",
       "TsodyksMarkramSynapse", "Vogels2011Rule", "SimpleStochasticSynapse",
       "StochasticTsodyksMarkramSynapse", "MultiQuantalSynapse", "LIF", "AdExp", "PointNeuron",
       "CurrExpPostSynapticResponse", "CondExpPostSynapticResponse",
       "CondAlphaPostSynapticResponse", "ExpPSR", "AlphaPSR"}))


def get_machine():
    """The machine the network is (or would be) mapped onto, with sPyNNaker's Machine API:
    ``chips``, ``ethernet_connected_chips``, ``get_chip_at(x, y)``, ``width``, ``height``,
    ``total_available_user_cores``, ... (see :mod:`spynnaker_backend.machine`)."""
    return _MachineView(_get_machine())


def list_standard_models():
    """Names of the PyNN standard cell types this backend runs."""
    return sorted(name for name, obj in globals().items()
                  if isinstance(obj, type) and issubclass(obj, StandardCellType)
                  and obj is not StandardCellType)


__all__ = [n for n in SPYNNAKER_741_NAMES if n in globals()] + list(PYNN_EXTRAS)

"""sPyNNaker 7.4.1's splitter objects: how a population is cut into cores.

A sPyNNaker script may hand a population a splitter (``Population(...,
additional_parameters={"splitter": SplitterPopulationVertexFixed()})``), imported from PACMAN
(``pacman.model.partitioner_splitters``) or from ``spynnaker.pyNN.extra_algorithms.
splitter_components``.  Here the mapping cuts populations itself, and the results of a run
never depend on the cut (DESIGN §4), so a splitter only chooses the slices:

- ``SplitterOneToOneLegacy`` / ``SplitterOneAppOneMachine``: the whole population on one core
  (the mapping raises, naming the population, when it does not fit one);
- every other splitter: the default cut (at most the model's neurons per core).  A board
  running sPyNNaker would give ``SplitterPopulationVertexNeuronsSynapses`` separate synapse
  cores; this backend has none (``set_number_of_synapse_cores`` is accepted the same way).

As in PACMAN, a splitter governs one population: handing it to a second raises.
"""
from ..errors import SpynnakerSplitterConfigurationException as SplitterError


class AbstractSplitterCommon:
    """A splitter: governs at most one population (PACMAN's ``AbstractSplitterCommon``)."""

    #: whether the population must stay on one core
    one_core = False

    def __init__(self):
        self._governed = None

    @property
    def governed_app_vertex(self):
        """The population this splitter governs (None before it is handed to one)."""
        return self._governed

    def set_governed_app_vertex(self, population):
        """Govern ``population``; a splitter already governing another raises."""
        if self._governed is not None and (population is None or
                                           self._governed is not population):
            raise SplitterError(
                f"{type(self).__name__} already governs population "
                f"{getattr(self._governed, 'label', self._governed)!r}: a splitter splits "
                f"one population (create one per population)")
        self._governed = population

    def check_cell_type(self, label, is_neuron, model_name):
        """Raise SplitterError when this splitter cannot split a population of this kind."""

    def __repr__(self):
        return f"{type(self).__name__}()"


class SplitterFixedLegacy(AbstractSplitterCommon):
    """Slices of at most the model's neurons per core (the default cut here)."""


class SplitterOneToOneLegacy(AbstractSplitterCommon):
    """The whole population on one core."""
    one_core = True


class SplitterOneAppOneMachine(SplitterOneToOneLegacy):
    """The whole population on one core (PACMAN: the vertex makes its own machine vertex)."""


class SplitterExternalDevice(AbstractSplitterCommon):
    """A device's splitter: devices here are always one core or none."""


class SplitterPopulationVertex(AbstractSplitterCommon):
    """Base of the splitters for neuron populations (sPyNNaker's PopulationVertex)."""

    def check_cell_type(self, label, is_neuron, model_name):
        if not is_neuron:
            raise SplitterError(
                f"Population {label!r}: {type(self).__name__} splits neuron populations, "
                f"not a {model_name} (use SplitterFixedLegacy, or no splitter)")


class SplitterPopulationVertexFixed(SplitterPopulationVertex):
    """Neurons and their synapses on the same cores, fixed slices (the default here)."""


class SplitterPopulationVertexNeuronsSynapses(SplitterPopulationVertex):
    """sPyNNaker: neuron cores fed by separate synapse cores; here the default cut (no
    synapse cores exist; the results are the same)."""

    def __init__(self, n_synapse_vertices=1, *args, **kwargs):
        super().__init__()
        if not isinstance(n_synapse_vertices, int) or n_synapse_vertices < 1:
            raise SplitterError(f"SplitterPopulationVertexNeuronsSynapses: n_synapse_vertices "
                             f"must be a positive integer, not {n_synapse_vertices!r}")
        self.n_synapse_vertices = n_synapse_vertices


class SplitterPoissonDelegate(SplitterFixedLegacy):
    """sPyNNaker: a Poisson source whose one-to-one projections the target cores generate
    themselves; here the source keeps its own cores (the same spikes reach the targets)."""

    def check_cell_type(self, label, is_neuron, model_name):
        if model_name != "SpikeSourcePoisson":
            raise SplitterError(f"Population {label!r}: SplitterPoissonDelegate splits a "
                             f"SpikeSourcePoisson, not a {model_name}")


class SplitterDelayVertexSlice(AbstractSplitterCommon):
    """sPyNNaker's splitter of a delay extension; delay extensions follow their population's
    slices here, so it cannot be handed to a population."""

    def check_cell_type(self, label, is_neuron, model_name):
        raise SplitterError(f"Population {label!r}: SplitterDelayVertexSlice splits delay "
                         f"extensions, which the mapping creates itself")


def apply_splitter(splitter, population_label, size, is_neuron, model_name):
    """Check ``splitter`` for a population and return the neurons-per-core limit it asks
    for (None: the default cut).  Raises SpynnakerSplitterConfigurationException (a
    ValueError) for anything but a splitter object that can split this population."""
    if not isinstance(splitter, AbstractSplitterCommon):
        raise SplitterError(
            f"Population {population_label!r}: splitter must be a splitter object "
            f"(pacman.model.partitioner_splitters or spynnaker.pyNN.extra_algorithms."
            f"splitter_components), not {splitter!r}")
    if splitter.governed_app_vertex is not None:
        splitter.set_governed_app_vertex(None)   # raises: it governs another population
    splitter.check_cell_type(population_label, is_neuron, model_name)
    return size if splitter.one_core else None

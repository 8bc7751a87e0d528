"""Population: one application vertex in the graph."""
import warnings

import numpy as np
from pyNN import common

from ..errors import ConfigurationError, SpynnakerSplitterConfigurationException
from ..graph import ApplicationVertex
from . import board_devices
from .cells import check_parameter_values, spec_for
from .id_mixin import ID
from .population_base import PopulationHooks, evaluate_native
from .population_extensions import PopulationExtensions, geometry_of
from .population_view import PopulationView
from .assembly import Assembly
from .recorder import Recorder
from .spinnaker_extras import SpinnakerExtras
from .splitters import apply_splitter
from ..mapping import pipeline
from . import checks, simulator

#: ``set_number_of_neurons_per_core`` limits, by model name.
NEURONS_PER_CORE = {}
#: ``set_number_of_synapse_cores`` / ``set_allow_delay_extensions``, by model name.
MODEL_SETTINGS = {}

_ADDITIONAL_PARAMETERS = ("seed", "max_atoms_per_core", "spikes_per_second",
                          "ring_buffer_sigma")
#: sPyNNaker's SpikeInjector parameters (external_devices): its base key ('virtual_key'), and
#: a UDP port of the board for raw EIEIO ('port' with 'reserve_reverse_ip_tag'); 'splitter'
#: is accepted and unused (one core).
_DEVICE_PARAMETERS = ("port", "virtual_key", "reserve_reverse_ip_tag", "splitter")
#: sPyNNaker 7.4.1's population parameters (``Population(..., name=value)`` or in
#: ``additional_parameters``) that change nothing here: on a board they size buffers or
#: pick key colours; max_rate sizes a Poisson source's memory.  Accepted, checked.
_ACCEPTED_NO_EFFECT = ("max_rate", "n_colour_bits", "incoming_spike_buffer_size",
                       "drop_late_spikes", "n_synapse_cores")
#: a splitter object (pynn/splitters.py); 'splitter_object' is the key some official
#: scripts use (sPyNNaker 7.4.1 ignores that key with a warning; here it is the splitter,
#: which never changes results)
_SPLITTER_KEYS = ("splitter", "splitter_object")
_SPYNNAKER_PARAMETERS = _ADDITIONAL_PARAMETERS + _ACCEPTED_NO_EFFECT + _SPLITTER_KEYS + (
    "neurons_per_core", "allow_delay_extensions")


def round_size(size, label):
    """sPyNNaker's rule for a float population size: within 0.001 of an integer, rounded
    with a warning; otherwise a ConfigurationError."""
    if isinstance(size, (float, np.floating)):
        whole = int(round(size))
        if abs(whole - size) >= 0.001:
            raise ConfigurationError(f"Population {label!r}: size must be an integer, "
                                     f"not {size!r}")
        warnings.warn(f"size of Population {label!r} rounded from {size!r} to {whole}; "
                      "please use an integer", stacklevel=3)
        return whole
    return size


def _neurons_per_core(value, label):
    """sPyNNaker's neurons_per_core: an int, or one int per dimension (their product)."""
    values = np.atleast_1d(np.asarray(value))
    if values.dtype.kind not in "iuf" or np.any(values < 1) or \
            np.any(values != np.round(values)):
        raise ValueError(f"Population {label!r}: neurons_per_core must be a positive "
                         f"integer or a tuple of them, not {value!r}")
    return int(np.prod(values.astype(np.int64)))


def _positive(extra, name, label):
    """additional_parameters[name] as a positive float, or None if not given."""
    if extra.get(name) is None:
        return None
    try:
        value = float(extra[name])
    except (TypeError, ValueError):
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ValueError(f"population {label!r}: additional_parameters[{name!r}] must be a "
                         f"positive number, not {extra[name]!r}")
    return value


def placement_from_constraint(constraint):
    """(x, y) or (x, y, p) from a constraint object, dict or tuple."""
    if isinstance(constraint, dict):
        x, y, p = constraint["x"], constraint["y"], constraint.get("p")
    elif isinstance(constraint, (tuple, list)):
        x, y, p = (tuple(constraint) + (None,))[:3]
    else:
        x, y, p = constraint.x, constraint.y, getattr(constraint, "p", None)
    return (int(x), int(y)) if p is None else (int(x), int(y), int(p))


class Population(PopulationExtensions, SpinnakerExtras, PopulationHooks, common.Population):
    __doc__ = common.Population.__doc__ + """
    sPyNNaker extras:
        `constraints`: placement constraints (objects with x, y[, p], dicts or tuples).
        `additional_parameters`: dict with 'seed', 'max_atoms_per_core', and the ring-buffer
        headroom of sPyNNaker: 'spikes_per_second' (rate assumed for every source, default
        100 Hz) and 'ring_buffer_sigma' (standard deviations above the expected input of
        one timestep, default 5) -- raise them when the run reports saturated inputs.
        `seed`: seed of the vertex's random streams (e.g. Poisson sources).

    Population extensions (second seed API): ``size`` may be a geometry tuple
    (``Population((8, 8), ...)``: 64 cells on PyNN's ``Grid2D``); ``geometry``, ``width``,
    ``height``, ``depth``, ``rank_from_coordinates``, ``coordinates_from_rank``,
    ``normalized_coordinates_from_rank``, ``neuron``, ``neurons``, ``set(dict)``,
    ``reset(attributes)``, ``save``/``load``, ``size_in_bytes`` (see
    :class:`~spynnaker_backend.pynn.population_extensions.PopulationExtensions`).
    """
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def __init__(self, size, cellclass, cellparams=None, structure=None,
                 initial_values={}, label=None, constraints=None,
                 additional_parameters=None, seed=None, stop_condition=None,
                 **additional_kwargs):
        if isinstance(cellclass, board_devices.BoardDeviceType):
            cellclass(**dict(cellparams or {}))   # a robot or link device: NeedsBoardError
        checks.population_args(size, cellclass)
        extra = {**dict(additional_parameters or {}), **additional_kwargs}
        unknown = set(extra) - set(_SPYNNAKER_PARAMETERS) - set(_DEVICE_PARAMETERS)
        device = {k: extra[k] for k in _DEVICE_PARAMETERS if k in extra}
        is_device = spec_for(cellclass).device
        if device and not is_device:
            if set(device) - {"splitter"}:
                raise ValueError(f"additional_parameters {sorted(device)} are for a "
                                 f"SpikeInjector, not a {spec_for(cellclass).name}")
            device = {}
        self._device_params = device
        if unknown:
            raise ValueError(f"Population {label!r}: parameters {sorted(unknown)} are not "
                             f"understood; known: {list(_SPYNNAKER_PARAMETERS)}")
        size = round_size(size, label)
        splitter = next((extra[k] for k in _SPLITTER_KEYS if extra.get(k) is not None), None)
        self._max_rate = None
        if extra.get("max_rate") is not None:
            self._max_rate = _positive(extra, "max_rate", label)
        self._seed = extra.get("seed", seed)
        self._max_atoms = extra.get("max_atoms_per_core")
        if extra.get("neurons_per_core") is not None:
            self._max_atoms = _neurons_per_core(extra["neurons_per_core"], label)
        if splitter is not None and not is_device:
            spec = spec_for(cellclass)
            one_core = apply_splitter(splitter, label, size, not spec.is_source, spec.name)
            if one_core is not None and self._max_atoms is not None and \
                    self._max_atoms < size:
                raise SpynnakerSplitterConfigurationException(
                    f"Population {label!r}: {type(splitter).__name__} keeps all {size} "
                    f"neurons on one core, but neurons_per_core is {self._max_atoms}: give "
                    f"one or the other")
            self._max_atoms = one_core or self._max_atoms
        self._one_core = splitter is not None and not is_device and getattr(
            splitter, "one_core", False)
        self._allow_delay_extensions = extra.get("allow_delay_extensions")
        self._headroom = {name: _positive(extra, name, label)
                          for name in ("spikes_per_second", "ring_buffer_sigma")}
        self._changed_at = None
        if isinstance(cellclass, type) and cellparams is None:
            cellparams = {}  # sPyNNaker scripts pass a bare class for default parameters
        super().__init__(size, cellclass, cellparams, structure, initial_values, label)
        self._geometry = geometry_of(size, self.structure)
        for constraint in constraints or ():
            self.set_constraint(constraint)
        self.additional_parameters = extra
        if splitter is not None and not is_device:
            splitter.set_governed_app_vertex(self)
        if stop_condition is not None:
            self.stop_condition = stop_condition

    # ------------------------------------------------------------------ PyNN hooks
    def _create_cells(self):
        state = self._simulator.state
        spec = spec_for(self.celltype)
        self.all_cells = np.array(
            [ID(i) for i in range(state.id_counter, state.id_counter + self.size)], dtype=ID)
        self._mask_local = np.ones(self.size, dtype=bool)
        for cell in self.all_cells:
            cell.parent = self
        state.id_counter += self.size

        values = evaluate_native(self.celltype.native_parameters, self.size)
        check_parameter_values(values, type(self.celltype).__name__)
        for name, (default, _) in spec.host_parameters.items():
            if name in values:
                continue
            # a spec parameter that PyNN's model does not have: the spec's default
            if isinstance(default, list):
                values[name] = np.empty(self.size, dtype=object)
                values[name][:] = [np.asarray(default, dtype=float)] * self.size
            else:
                values[name] = np.full(self.size, float(default))
        initial = {name: np.full(self.size, float(default))
                   for name, (default, _) in spec.host_state.items()}
        max_atoms = self._max_atoms or NEURONS_PER_CORE.get(spec.name)
        allow = self._allow_delay_extensions
        if allow is None:
            allow = MODEL_SETTINGS.get(spec.name, {}).get("allow_delay_extensions", True)
        max_rate = self._max_rate
        vertex = ApplicationVertex(
            label=self.label, n_atoms=self.size, model=spec, parameters=values,
            state=initial, max_atoms_per_core=max_atoms,
            # a stochastic cell type's own seed (sPyNNaker: IFCurrDeltaFixedProb(seed=...))
            seed=self._seed if self._seed is not None else getattr(self.celltype, "seed", None),
            device_params=self._device_params or None,
            max_rate=getattr(self.celltype, "max_rate", None) if max_rate is None else max_rate,
            allow_delay_extensions=bool(allow), one_core=self._one_core, **self._headroom)
        problems = pipeline.check_parameters(vertex, state.dt)
        if problems:
            raise ConfigurationError("parameters do not fit the chip's fixed-point formats:"
                                     "\n  " + "\n  ".join(problems))
        self._vertex_ = state.graph.add_vertex(vertex)
        self._changed_at = state.graph.structure_version

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    @property
    def initial_values(self):
        """Initial values of the state variables: dict of name to array (PyNN units)."""
        return self._initial_values_dict()

    @initial_values.setter
    def initial_values(self, _):
        # pyNN.common keeps LazyArrays here; ours live in the vertex, so nothing to store
        pass

    # ------------------------------------------------------------------ ids
    def index_to_id(self, index):
        """The ID(s) of the cell(s) at the given index (indices)."""
        if np.iterable(index):
            return self.all_cells[np.asarray(index, dtype=int)]
        return self.all_cells[int(index)]

    @staticmethod
    def create(cellclass, cellparams=None, n=1):
        """Create a Population of ``n`` cells of ``cellclass`` (a type or an instance)."""
        if isinstance(cellclass, type):
            cellclass = cellclass(**(cellparams or {}))
        return Population(n, cellclass)

    # ------------------------------------------------------------------ mapping controls
    def _structure_changed(self):
        graph = self._simulator.state.graph
        graph.mark_changed()
        self._changed_at = graph.structure_version

    def set_max_atoms_per_core(self, max_atoms_per_core):
        """Limit the neurons of this population on one core: an int, or sPyNNaker's one
        int per dimension (their product here)."""
        try:
            limit = _neurons_per_core(max_atoms_per_core, self.label)
        except ValueError:
            raise ValueError(f"max_atoms_per_core must be a positive integer or a tuple of "
                             f"them, not {max_atoms_per_core!r}") from None
        self._vertex.max_atoms_per_core = limit
        self._max_atoms = limit
        self._structure_changed()

    def add_placement_constraint(self, x, y, p=None):
        """Place this population's cores on chip (x, y), and on core p if given."""
        self._vertex.placement_constraint = placement_from_constraint((x, y, p))
        self._structure_changed()

    def set_constraint(self, constraint):
        """Apply a placement constraint (an object with x, y[, p], a dict or a tuple)."""
        self._vertex.placement_constraint = placement_from_constraint(constraint)
        self._structure_changed()

    def set_mapping_constraint(self, constraint_dict):
        """Placement constraint as ``{'x': .., 'y': .., 'p': ..}`` ('p' optional)."""
        self.set_constraint(dict(constraint_dict))

    @property
    def constraints(self):
        """The placement constraint as a list (empty when unconstrained)."""
        c = self._vertex.placement_constraint
        return [] if c is None else [c]

    @property
    def seed(self):
        return self._vertex.seed

    @property
    def requires_mapping(self):
        """True when this population changed since the graph was last mapped."""
        if self._changed_at is None:
            return False
        mapping = getattr(self._simulator.state, "mapping", None)
        return mapping is None or mapping.structure_version < self._changed_at

    def mark_no_changes(self):
        """Declare this population mapped as it is."""
        self._changed_at = None

"""Declarative model specifications: the single source of truth for host and C layouts.

A model (what a PyNN cell type maps to) is a combination of *components* -- neuron model,
synapse shape, input type, threshold -- each of which has a per-neuron parameter struct and
a per-neuron state struct on the core.  The C structs are generated from these specs
(``python -m spynnaker_backend.models.codegen``) and the host packs numpy structured arrays of
exactly the same layout.
"""
from dataclasses import dataclass, field
from typing import Callable, Dict, Mapping, Tuple

import numpy as np

#: C types a core field may have, with their numpy type and the scale of one unit.
#: ``s1615`` is SpiNNaker's ``accum`` (signed 16.15 fixed point), ``u032`` its unsigned 0.32
#: fraction (``unsigned long fract``); ``s823`` a finer signed 8.23 for small coefficients.
FIELD_TYPES = {
    "s1615": (np.int32, 2.0 ** 15),
    "u032": (np.uint32, 2.0 ** 32),
    "s823": (np.int32, 2.0 ** 23),
    "int32": (np.int32, 1.0),
    "uint32": (np.uint32, 1.0),
}


@dataclass(frozen=True)
class Field:
    """One 32-bit field of a core struct."""
    name: str
    ctype: str
    unit: str
    doc: str

    def __post_init__(self):
        if self.ctype not in FIELD_TYPES:
            raise ValueError(f"field {self.name}: unknown C type {self.ctype!r}")


@dataclass(frozen=True)
class Component:
    """One model component: its per-neuron parameter and state structs on the core."""
    name: str
    kind: str  # 'neuron', 'synapse', 'input', 'threshold'
    params: Tuple[Field, ...] = ()
    state: Tuple[Field, ...] = ()
    #: a multi-receptor synapse component: the hand-written header (c_models/synapse/
    #: <c_template>.h) that implements it for any number of receptors, and that number
    c_template: str = ""
    receptors: int = 0

    def params_dtype(self) -> np.dtype:
        return struct_dtype(self.params)

    def state_dtype(self) -> np.dtype:
        return struct_dtype(self.state)


def struct_dtype(fields: Tuple[Field, ...]) -> np.dtype:
    """The numpy dtype laid out exactly like the generated C struct (all fields 4 bytes)."""
    return np.dtype([(f.name, FIELD_TYPES[f.ctype][0]) for f in fields])


@dataclass(frozen=True)
class Recordable:
    """A variable that can be recorded: where it lives on the core and its PyNN unit.

    ``core_field`` names a state field ('v' of the neuron component, 'isyn_exc', ...);
    the core records its 32-bit raw value and the host divides by the field's scale and
    multiplies by ``scale`` to get PyNN units.  ``shift`` > 0: what the board records is the
    raw value arithmetically shifted right by ``shift`` bits (e.g. a conductance held in the
    board's weight scale, 1024 x uS, and recorded >> 10), so the host floors to that step.
    """
    name: str
    unit: str
    component: str
    core_field: str
    scale: float = 1.0
    shift: int = 0


#: The running firing rate every neuron core can keep ('r', ANNarchy's name): spikes in the
#: window, converted to Hz by the host (the scale depends on the window).
RATE = Recordable("r", "Hz", "core", "rate_count")


@dataclass(frozen=True)
class ModelSpec:
    """A cell model as the mapping and the cores see it.

    Attributes
    ----------
    name : str
        Model name (the PyNN cell type's name, e.g. 'IF_curr_exp').
    binary : str
        Name of the per-core application that runs it.
    host_parameters : dict of str to (default, unit)
        Parameters in PyNN names and units, as the graph vertex holds them.
    host_state : dict of str to (default, unit)
        State variables with initial values.
    components : tuple of Component
        Empty for sources, whose regions are built by their own packer.
    to_core : callable
        ``to_core(params, state, dt_ms) -> {component name: (params dict, state dict)}``:
        per-neuron float arrays of every core field, in the field's units.
    """
    name: str
    binary: str
    host_parameters: Mapping[str, Tuple[float, str]]
    host_state: Mapping[str, Tuple[float, str]] = field(default_factory=dict)
    components: Tuple[Component, ...] = ()
    synapse_types: Tuple[str, ...] = ("excitatory", "inhibitory")
    recordables: Tuple[Recordable, ...] = ()
    conductance_based: bool = False
    is_source: bool = False
    default_max_atoms_per_core: int = 256
    to_core: Callable = None
    #: a live I/O device (SpikeInjector): offered by ``external_devices``, not ``extra_models``
    device: bool = False
    #: keyed even without outgoing projections (live input tools look its keys up)
    keyed_always: bool = False
    #: synapse types whose input is always subtracted by a binary with signed receptors
    #: (sPyNNaker's 'inhibitory' of IF_curr_dual_exp: weights of either sign, as magnitudes)
    negative_types: Tuple[str, ...] = ()
    #: synapse types whose weights' sign chooses whether their input is added or subtracted
    #: (PyNN's current-based receptors of a PointNeuron; one sign per type and population)
    signed_types: Tuple[str, ...] = ()

    @property
    def channels(self) -> Tuple[Recordable, ...]:
        """Recorded variables after 'spikes', in channel order: the model's recordables, then
        the running firing rate 'r' that every neuron core keeps (Population
        .compute_firing_rate); its raw value is a spike count over the window."""
        return self.recordables if self.is_source else self.recordables + (RATE,)

    @property
    def sequence_parameters(self) -> Tuple[str, ...]:
        """Parameters whose per-neuron value is a sequence (spike times, rate segments, bins,
        kernels): those with a list as default.  Per model: SpikeSourceInhGamma's ``a`` and
        ``b`` are sequences, Izhikevich's are numbers."""
        return tuple(name for name, (default, _) in self.host_parameters.items()
                     if isinstance(default, list))

    def recordable(self, name: str) -> Recordable:
        for rec in self.channels:
            if rec.name == name:
                return rec
        raise KeyError(name)

    @property
    def recordable_names(self) -> Tuple[str, ...]:
        return ("spikes",) + tuple(r.name for r in self.channels)

    def component(self, name: str) -> Component:
        for comp in self.components:
            if comp.name == name:
                return comp
        raise KeyError(name)


def to_fixed(values, ctype: str) -> Tuple[np.ndarray, int]:
    """Round float values to a core field type (round to nearest, saturating).

    Returns the integer array and the number of values that had to be clipped.
    """
    np_type, scale = FIELD_TYPES[ctype]
    info = np.iinfo(np_type)
    scaled = np.rint(np.asarray(values, dtype=np.float64) * scale)
    clipped = int(np.count_nonzero((scaled < info.min) | (scaled > info.max)))
    return np.clip(scaled, info.min, info.max).astype(np_type), clipped


def from_fixed(raw, ctype: str) -> np.ndarray:
    """Inverse of :func:`to_fixed` (exact)."""
    return np.asarray(raw).astype(np.float64) / FIELD_TYPES[ctype][1]

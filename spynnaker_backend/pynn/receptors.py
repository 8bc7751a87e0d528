"""PyNN's composed cell type ``PointNeuron(neuron, **receptors)`` on the cores.

``sim.PointNeuron(sim.LIF(...), AMPA=sim.CondExpPostSynapticResponse(tau_syn=2.0, e_syn=0.0),
GABAA=...)``: the receptor names become the population's synapse types in PyNN's order
(sorted: ``receptor_types``), each with its own parameters (``AMPA.tau_syn``, ``AMPA.e_syn``)
and recordable (``AMPA.gsyn`` / ``AMPA.isyn``); ``Projection(..., receptor_type='AMPA')``
targets one.  Up to 4 receptors of one shape (a neuron core has at most 4 synapse types);
the composition runs on a binary per (neuron, shape, count) (models/receptors.py).

Current-based receptors take weights of either sign, one sign per receptor and population
(the ring buffers hold magnitudes; the core negates a receptor whose weights are negative),
as NEST's ``iaf_psc_exp_multisynapse`` does with signed weights.
"""
from copy import deepcopy

from pyNN import errors
from pyNN.parameters import ParameterSpace
from pyNN.standardmodels import build_translations, cells as std_cells
from pyNN.standardmodels import receptors as std_receptors

from ..models.receptors import MAX_RECEPTORS, NEURONS, SHAPES, composed_spec


def _identity(cls):
    return build_translations(*[(name, name) for name in cls.default_parameters])


class LIF(std_cells.LIF):
    __doc__ = std_cells.LIF.__doc__
    translations = _identity(std_cells.LIF)


class AdExp(std_cells.AdExp):
    __doc__ = std_cells.AdExp.__doc__
    translations = _identity(std_cells.AdExp)


class CurrExpPostSynapticResponse(std_receptors.CurrExpPostSynapticResponse):
    __doc__ = std_receptors.CurrExpPostSynapticResponse.__doc__
    translations = _identity(std_receptors.CurrExpPostSynapticResponse)
    recordable = ["isyn"]


class CondExpPostSynapticResponse(std_receptors.CondExpPostSynapticResponse):
    __doc__ = std_receptors.CondExpPostSynapticResponse.__doc__
    translations = _identity(std_receptors.CondExpPostSynapticResponse)
    recordable = ["gsyn"]


class CondAlphaPostSynapticResponse(std_receptors.CondAlphaPostSynapticResponse):
    __doc__ = std_receptors.CondAlphaPostSynapticResponse.__doc__
    translations = _identity(std_receptors.CondAlphaPostSynapticResponse)
    recordable = ["gsyn"]


#: PyNN's short names
ExpPSR = CondExpPostSynapticResponse
AlphaPSR = CondAlphaPostSynapticResponse


def _shape_name(psr):
    for cls in type(psr).__mro__:
        if cls.__name__ in SHAPES and cls.__module__.startswith("pyNN.standardmodels"):
            return cls.__name__
    return None


class PointNeuron(std_cells.PointNeuron):
    """A point neuron composed of a neuron model and named post-synaptic receptors
    (PyNN's ``PointNeuron``): ``LIF`` or ``AdExp`` with 1 to 4 receptors, all
    ``CurrExpPostSynapticResponse`` (LIF only), all ``CondExpPostSynapticResponse`` or all
    ``CondAlphaPostSynapticResponse`` (``ExpPSR``, ``AlphaPSR``)."""

    def __init__(self, neuron, **post_synaptic_receptors):
        neuron_name = next((c.__name__ for c in type(neuron).__mro__
                            if c.__name__ in NEURONS), None)
        if neuron_name is None:
            raise errors.InvalidModelError(
                f"PointNeuron: neuron {type(neuron).__name__} is not supported on the cores; "
                f"use one of {sorted(NEURONS)}")
        if not post_synaptic_receptors:
            raise errors.InvalidModelError("PointNeuron: give at least one receptor, e.g. "
                                           "AMPA=CondExpPostSynapticResponse()")
        if len(post_synaptic_receptors) > MAX_RECEPTORS:
            raise errors.InvalidModelError(
                f"PointNeuron: {len(post_synaptic_receptors)} receptors "
                f"{sorted(post_synaptic_receptors)}, but a neuron core has at most "
                f"{MAX_RECEPTORS} synapse types: merge receptors with the same time course")
        shapes = {name: _shape_name(psr) for name, psr in post_synaptic_receptors.items()}
        unknown = {n: type(post_synaptic_receptors[n]).__name__
                   for n, s in shapes.items() if s is None}
        if unknown:
            raise errors.InvalidModelError(
                f"PointNeuron: receptor(s) {unknown} not supported on the cores; supported: "
                f"{sorted(SHAPES)}")
        if len(set(shapes.values())) > 1:
            raise errors.InvalidModelError(
                f"PointNeuron: receptors of different shapes {shapes}; the cores run one "
                "shape per population (use one PSR class for every receptor)")
        shape = next(iter(shapes.values()))
        if neuron_name == "AdExp" and shape == "CurrExpPostSynapticResponse":
            raise errors.InvalidModelError(
                "PointNeuron: AdExp runs with conductance receptors (CondExp or CondAlpha "
                "PostSynapticResponse), not current-based ones")
        bad = [n for n in post_synaptic_receptors if "." in n or not n.isidentifier()]
        if bad:
            raise errors.InvalidModelError(f"PointNeuron: receptor names {bad} must be "
                                           "identifiers (no '.')")
        super().__init__(neuron, **post_synaptic_receptors)
        self._neuron_name, self._shape = neuron_name, shape
        self.model_spec = composed_spec(neuron_name, shape, tuple(self.receptor_types))

    # ------------------------------------------------------------------ parameters
    def _flat(self, parameter_space):
        flat = deepcopy(parameter_space)
        flat.flatten()
        values = {name: value for name, value in flat.items()
                  if not isinstance(value, ParameterSpace)
                  and name.rsplit(".", 1)[-1] != "locations"}
        return ParameterSpace(values, shape=parameter_space.shape)

    @property
    def native_parameters(self):
        """Flat names: the neuron's (``tau_m``) and each receptor's (``AMPA.tau_syn``)."""
        return self._flat(self.parameter_space)

    def translate(self, parameters, copy=True):
        return self._flat(parameters)

    def reverse_translate(self, native_parameters):
        return native_parameters

    def get_native_names(self, *names):
        return list(names) if names else list(self.model_spec.host_parameters)

    def get_schema(self):
        return {name: float for name in self.model_spec.host_parameters}

    def get_parameter_names(self):
        return list(self.model_spec.host_parameters)

    def has_parameter(self, name):
        return name in self.model_spec.host_parameters

    def computed_parameters_include(self, parameter_names):
        return False

    @property
    def recordable(self):
        return list(self.model_spec.recordable_names)

    @property
    def units(self):
        units = {name: unit for name, (_, unit) in self.model_spec.host_parameters.items()}
        units.update({name: unit for name, (_, unit) in self.model_spec.host_state.items()})
        units.update({rec.name: rec.unit for rec in self.model_spec.channels})
        return units

    @property
    def conductance_based(self):
        return self.model_spec.conductance_based

    def describe(self, template=None, engine=None):
        return (f"PointNeuron({self._neuron_name}, "
                + ", ".join(f"{r}={type(p).__name__}" for r, p in
                            sorted(self.post_synaptic_receptors.items())) + ")")


__all__ = ["LIF", "AdExp", "PointNeuron", "CurrExpPostSynapticResponse",
           "CondExpPostSynapticResponse", "CondAlphaPostSynapticResponse", "ExpPSR",
           "AlphaPSR"]

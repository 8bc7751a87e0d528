"""Plastic synapse types: PyNN's STDPMechanism and its timing and weight dependences.

The parameters of a rule are per projection (homogeneous); they become one
``models.plasticity.PlasticityRule`` that the cores of the target population run
(docs/plasticity.md).  Semantics are PyNN's as NEST's ``stdp_synapse`` implements them
through pyNN.nest: an additive step is A * w_max (sPyNNaker 7.4.1 adds A alone).
"""
import numpy as np
from pyNN import errors
from pyNN.standardmodels import build_translations, synapses

from ..models.plasticity import PlasticityRule
from . import simulator
from .synapses import check_weights

def _identity(names):
    return build_translations(*[(n, n) for n in names])


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = _identity(("tau_plus", "tau_minus", "A_plus", "A_minus"))
    rule_name = "pair"


class AdditiveWeightDependence(synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = _identity(("w_min", "w_max"))
    rule_name = "additive"


class MultiplicativeWeightDependence(synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = _identity(("w_min", "w_max"))
    rule_name = "multiplicative"


class AdditivePotentiationMultiplicativeDepression(
        synapses.AdditivePotentiationMultiplicativeDepression):
    __doc__ = synapses.AdditivePotentiationMultiplicativeDepression.__doc__
    translations = _identity(("w_min", "w_max"))
    rule_name = "additive_potentiation_multiplicative_depression"


class GutigWeightDependence(synapses.GutigWeightDependence):
    __doc__ = synapses.GutigWeightDependence.__doc__
    translations = _identity(("w_min", "w_max", "mu_plus", "mu_minus"))
    rule_name = "gutig"


class SpikeNearestPairRule(synapses.SpikePairRule):
    """Nearest-neighbour spike pairs (sPyNNaker's ``extra_models.SpikeNearestPairRule``;
    NEST's ``stdp_nn_symm_synapse``): each post spike pairs with the last pre spike before
    it, each pre spike with the last post spike before it; traces reset to 1 at a spike
    instead of accumulating.  Parameters as SpikePairRule."""
    translations = _identity(("tau_plus", "tau_minus", "A_plus", "A_minus"))
    rule_name = "nearest_pair"


def _homogeneous(component, what):
    """{name: float} of a component's parameters, which must be one number each."""
    values = {}
    for name in component.get_parameter_names():
        value = component.parameter_space[name]
        value.shape = (1,)
        if not value.is_homogeneous:
            raise errors.InvalidParameterValueError(
                f"{what} parameter {name!r} must be one number for the whole projection "
                f"on pyNN.spiNNaker (got a per-connection value)")
        values[name] = float(value.evaluate(simplify=True))
    return values


class STDPMechanism(synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__
    base_translations = _identity(("weight", "delay", "dendritic_delay_fraction"))
    parameter_checks = {"weight": check_weights}

    def __init__(self, timing_dependence=None, weight_dependence=None,
                 voltage_dependence=None, dendritic_delay_fraction=1.0, weight=0.0,
                 delay=None, pad_to_length=None, backprop_delay=True):
        # sPyNNaker 7.4.1's keywords: pad_to_length reserves row space for structural
        # plasticity (rows here are sized by what they hold: nothing to pad, results equal);
        # backprop_delay=True is the meaning above (the post spike reaches the synapse after
        # the dendritic delay, as in NEST).
        if pad_to_length is not None and (int(pad_to_length) != pad_to_length
                                          or pad_to_length < 0):
            raise errors.InvalidValueError(
                f"STDPMechanism: pad_to_length={pad_to_length!r} must be a non-negative "
                f"integer (synapses per row) or None")
        if not backprop_delay:
            raise NotImplementedError(
                "STDPMechanism: backprop_delay=False (post spikes reaching the synapse "
                "without the dendritic delay) is not supported; leave it True, the default")
        self.pad_to_length, self.backprop_delay = pad_to_length, True
        if voltage_dependence is not None:
            raise NotImplementedError("STDPMechanism: voltage_dependence is not supported")
        for component, kind in ((timing_dependence, "timing_dependence"),
                                (weight_dependence, "weight_dependence")):
            if component is None or not hasattr(component, "rule_name"):
                raise errors.InvalidModelError(
                    f"STDPMechanism: {kind} must be one of pyNN.spiNNaker's rules "
                    f"(SpikePairRule, extra_models.SpikeNearestPairRule; "
                    f"AdditiveWeightDependence, MultiplicativeWeightDependence, "
                    f"AdditivePotentiationMultiplicativeDepression, GutigWeightDependence), "
                    f"got {component!r}")
        if dendritic_delay_fraction != 1.0:
            raise NotImplementedError(
                f"STDPMechanism: dendritic_delay_fraction={dendritic_delay_fraction}: the "
                f"cores treat every delay as dendritic (1.0), as NEST does")
        super().__init__(timing_dependence, weight_dependence, voltage_dependence,
                         dendritic_delay_fraction, weight, delay)

    def _build_translations(self):
        # a copy: PyNN's version updates the class's own dict in place
        self.translations = dict(self.base_translations)
        for component in (self.timing_dependence, self.weight_dependence):
            self.translations.update(component.translations)

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d

    @property
    def possible_models(self):
        return {"stdp"}

    def plasticity_rule(self):
        """The rule record the mapping writes for the cores."""
        timing = _homogeneous(self.timing_dependence, type(self.timing_dependence).__name__)
        weight = _homogeneous(self.weight_dependence, type(self.weight_dependence).__name__)
        w_min, w_max = weight["w_min"], weight["w_max"]
        if not (np.isfinite(w_min) and np.isfinite(w_max)) or w_max <= 0 or \
                not 0 <= abs(w_min) <= abs(w_max):
            raise errors.InvalidParameterValueError(
                f"{type(self.weight_dependence).__name__}: need 0 <= |w_min| <= |w_max| and "
                f"w_max != 0 (got w_min={w_min}, w_max={w_max})")
        for name in ("tau_plus", "tau_minus"):
            if name in timing and not timing[name] > 0:
                raise errors.InvalidParameterValueError(
                    f"{type(self.timing_dependence).__name__}: {name} must be > 0 ms "
                    f"(got {timing[name]})")
        weight = dict(weight, w_min=abs(w_min), w_max=abs(w_max))
        return PlasticityRule(self.timing_dependence.rule_name,
                              self.weight_dependence.rule_name,
                              tuple(sorted(timing.items())), tuple(sorted(weight.items())))


#: TsodyksMarkramSynapse's parameters that may differ between connections
STP_PARAMETERS = ("U", "tau_rec", "tau_facil")


class TsodyksMarkramSynapse(synapses.TsodyksMarkramSynapse):
    """Depressing and facilitating synapses (Tsodyks, Uziel & Markram 2000), as NEST's
    ``tsodyks_synapse`` under pyNN.nest: the state (u, x, y) evolves at each pre spike and
    the synapse delivers weight * u * x; y decays with the target's synaptic time constant
    (tau_syn_E or tau_syn_I, as pyNN.nest passes it as ``tau_psc``).  U, tau_rec and
    tau_facil may differ between connections: the connections sharing one (U, tau_rec,
    tau_facil) share a rule on the cores (at most MAX_STP_RULES per projection)."""
    translations = _identity(("weight", "delay", "U", "tau_rec", "tau_facil"))
    parameter_checks = {"weight": check_weights}

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d

    def per_connection(self):
        """The names among U, tau_rec, tau_facil not given as one number."""
        names = []
        for name in STP_PARAMETERS:
            value = self.parameter_space[name]
            value.shape = (1,)
            if not value.is_homogeneous:
                names.append(name)
        return names

    @staticmethod
    def check_values(values, where):
        """U in [0, 1], tau_rec > 0, tau_facil >= 0 (arrays or numbers; a missing name is
        not checked)."""
        u = np.asarray(values.get("U", []), float)
        if u.size and not (np.all(u >= 0) and np.all(u <= 1)):
            raise errors.InvalidParameterValueError(
                f"{where}: TsodyksMarkramSynapse U must lie in [0, 1] (got {u.min():g} .. "
                f"{u.max():g})")
        rec = np.asarray(values.get("tau_rec", []), float)
        fac = np.asarray(values.get("tau_facil", []), float)
        if (rec.size and not np.all(rec > 0)) or (fac.size and not np.all(fac >= 0)):
            raise errors.InvalidParameterValueError(
                f"{where}: TsodyksMarkramSynapse tau_rec must be > 0 and tau_facil >= 0 ms")

    def plasticity_rule(self, post, receptor_type, values=None):
        """The rule record, with tau_psc from the target cells; ``values`` gives U,
        tau_rec and tau_facil (else the synapse type's own, which must be one number
        each; a per-connection one stands as NaN until the connections give it)."""
        if values is None:
            values = {}
            for name in STP_PARAMETERS:
                value = self.parameter_space[name]
                value.shape = (1,)
                values[name] = (float(value.evaluate(simplify=True)) if value.is_homogeneous
                                else float("nan"))
        values = dict(values)
        self.check_values({k: v for k, v in values.items() if not np.isnan(v)},
                          "TsodyksMarkramSynapse")
        name = "tau_syn_E" if receptor_type == "excitatory" else "tau_syn_I"
        celltype = post.celltype
        if name not in celltype.get_parameter_names():
            raise NotImplementedError(
                f"TsodyksMarkramSynapse onto {type(celltype).__name__}: its cells have no "
                f"{name} to serve as tau_psc")
        tau = np.unique(np.asarray(post.get(name, gather=True), float))
        if len(tau) != 1:
            raise errors.InvalidParameterValueError(
                f"TsodyksMarkramSynapse: the target population's {name} must be one number")
        values["tau_psc"] = float(tau[0])
        return PlasticityRule("tsodyks_markram", "static", tuple(sorted(values.items())),
                              (("w_max", 0.0), ("w_min", 0.0)))

"""Dopamine-modulated STDP (Izhikevich 2007), as sPyNNaker's ``extra_models.Neuromodulation``.

A projection with ``synapse_type=Neuromodulation(weight, tau_c, tau_d, w_min, w_max)`` and
``receptor_type='reward'`` (or ``'punishment'``) carries dopamine: each spike of its source
raises (lowers) the dopamine level D of its target neurons by ``weight``; D decays with
``tau_d``.  Every STDPMechanism projection (SpikePairRule with AdditiveWeightDependence)
onto a population that receives dopamine becomes neuromodulated, as in sPyNNaker: its pair
rule no longer moves the weight but an eligibility trace c (``c += A_plus K+`` at a post
spike, ``c -= A_minus K-`` at a pre spike, in weight units, decaying with ``tau_c``), and the
weight follows ``dw/dt = c D`` (ms), bounded by the Neuromodulation's ``w_min``, ``w_max``.
docs/plasticity.md, section 8.
"""
import numpy as np
from pyNN import errors
from pyNN.standardmodels import StandardSynapseType, build_translations

from ..models.plasticity import PlasticityRule
from . import simulator

#: the receptor types a Neuromodulation projection may target (sPyNNaker's)
TARGETS = ("reward", "punishment")
#: the parameters every dopamine projection onto one population must share
SHARED = ("tau_c", "tau_d", "w_min", "w_max")


def _check_weights(weights, projection):
    w = np.asarray(weights, dtype=float)
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise errors.ConnectionError(
            f"projection {projection.label!r}: Neuromodulation weights (dopamine per spike) "
            f"must be finite and >= 0; 'punishment' gives them their negative sign")


class Neuromodulation(StandardSynapseType):
    """Dopamine input of neuromodulated STDP (sPyNNaker's ``extra_models.Neuromodulation``):
    ``weight`` is the dopamine a spike adds (a rate, 1/ms), ``tau_c`` the eligibility
    trace's and ``tau_d`` the dopamine's time constant (ms), ``w_min``/``w_max`` bound the
    modulated weights.  Project with ``receptor_type='reward'`` or ``'punishment'``."""
    default_parameters = {"weight": 0.0, "delay": None, "tau_c": 1000.0, "tau_d": 200.0,
                          "w_min": 0.0, "w_max": 1.0}
    translations = build_translations(*[(n, n) for n in default_parameters])
    parameter_checks = {"weight": _check_weights}

    def __init__(self, weight=0.0, tau_c=1000.0, tau_d=200.0, w_min=0.0, w_max=1.0,
                 delay=None):
        for name, value in (("tau_c", tau_c), ("tau_d", tau_d)):
            if not float(value) > 0:
                raise errors.InvalidParameterValueError(
                    f"Neuromodulation: {name} must be > 0 ms (got {value})")
        if not 0 <= float(w_min) <= float(w_max) or not float(w_max) > 0:
            raise errors.InvalidParameterValueError(
                f"Neuromodulation: need 0 <= w_min <= w_max and w_max > 0 (got w_min={w_min}, "
                f"w_max={w_max})")
        super().__init__(weight=weight, delay=delay, tau_c=tau_c, tau_d=tau_d, w_min=w_min,
                         w_max=w_max)

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d

    def plasticity_rule(self, receptor_type):
        """The dopamine rows' rule: reward or punishment, with the shared parameters."""
        if receptor_type not in TARGETS:
            raise errors.ConnectionError(
                f"Neuromodulation needs receptor_type 'reward' or 'punishment' (got "
                f"{receptor_type!r})")
        values = {}
        for name in SHARED:
            value = self.parameter_space[name]
            value.shape = (1,)
            if not value.is_homogeneous:
                raise errors.InvalidParameterValueError(
                    f"Neuromodulation parameter {name!r} must be one number")
            values[name] = float(value.evaluate(simplify=True))
        timing = (("punishment", float(receptor_type == "punishment")),
                  ("tau_c", values["tau_c"]), ("tau_d", values["tau_d"]))
        return PlasticityRule("dopamine", "static", timing,
                              (("w_max", values["w_max"]), ("w_min", values["w_min"])))


def is_dopamine(rule) -> bool:
    return rule is not None and rule.timing == "dopamine"


def modulated(rule, dopamine, label):
    """The STDP rule ``rule`` of projection ``label`` as it runs onto a population receiving
    dopamine with parameters from the dopamine rule ``dopamine``."""
    stdp = {k: v for k, v in rule.timing_params if k not in ("tau_c", "tau_d")}
    if rule.timing != "neuromodulated_pair" and (rule.timing, rule.weight) != ("pair",
                                                                             "additive"):
        raise NotImplementedError(
            f"projection {label!r}: its target receives dopamine (a Neuromodulation "
            f"projection), which modulates SpikePairRule with AdditiveWeightDependence only "
            f"(got {rule.timing} / {rule.weight})")
    d = dopamine.params
    timing = tuple(sorted(dict(stdp, tau_c=d["tau_c"], tau_d=d["tau_d"]).items()))
    return PlasticityRule("neuromodulated_pair", "additive", timing,
                          (("w_max", d["w_max"]), ("w_min", d["w_min"])))


def dopamine_rule_of(edges, label):
    """The dopamine rule of the edges onto one population (None without dopamine); every
    dopamine projection onto it must share tau_c, tau_d, w_min and w_max (as sPyNNaker)."""
    rules = [e.plasticity for e in edges if is_dopamine(e.plasticity)]
    for other in rules[1:]:
        if any(other.params[k] != rules[0].params[k] for k in SHARED):
            raise errors.InvalidParameterValueError(
                f"projection {label!r}: Neuromodulation projections onto one population must "
                f"share tau_c, tau_d, w_min and w_max (got {rules[0].params} and "
                f"{other.params})")
    return rules[0] if rules else None


def apply(graph, post_vertex, label):
    """Make every STDP edge onto ``post_vertex`` neuromodulated when it receives dopamine
    (called whenever an edge onto it is added); a StructuralMechanismSTDP edge too: its
    formed synapses start with an eligibility trace of 0."""
    edges = graph.incoming(post_vertex)
    dopamine = dopamine_rule_of(edges, label)
    if dopamine is None:
        return
    for e in edges:
        rule = e.plasticity
        if rule is None or not rule.is_stdp:
            continue
        e.plasticity = modulated(rule, dopamine, e.label)

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


class Vogels2011Rule(synapses.Vogels2011Rule):
    """Inhibitory plasticity of Vogels et al. (2011), as NEST's ``vogels_sprekeler_synapse``:
    all-to-all traces with one time constant ``tau`` (ms); at a post spike the weight grows
    by ``eta * x_pre``, at a pre spike by ``eta * (x_post - alpha)`` with ``alpha = 2 rho
    tau`` (``rho``, the target rate, in Hz; NEST's default alpha 0.12 is rho = 3 Hz).
    ``eta`` is in weight units (nA or uS), not scaled by w_max; the weight dependence must
    be AdditiveWeightDependence (its w_min and w_max bound the weight), as in PyNN's NEURON
    backend.

    sPyNNaker's signature ``Vogels2011Rule(alpha, tau=20.0, A_plus=0.01, A_minus=0.01)``
    (its ``extra_models``) is accepted too: ``A_plus`` is eta and ``alpha`` gives rho
    (``A_minus`` is unused there as here)."""
    translations = _identity(("tau", "eta", "rho"))
    rule_name = "vogels_2011"

    def __init__(self, alpha=None, tau=20.0, A_plus=None, A_minus=None, eta=None,
                 rho=None):
        if alpha is not None and rho is not None:
            raise errors.InvalidParameterValueError(
                "Vogels2011Rule: give rho (PyNN, Hz) or alpha (sPyNNaker), not both")
        if A_plus is not None and eta is not None:
            raise errors.InvalidParameterValueError(
                "Vogels2011Rule: give eta (PyNN) or A_plus (sPyNNaker), not both")
        del A_minus   # sPyNNaker's rule has it but never uses it
        if alpha is not None:
            rho = float(alpha) / (2.0 * float(tau) * 1e-3)
        params = {"tau": tau}
        if rho is not None:
            params["rho"] = rho
        if eta is not None or A_plus is not None:
            params["eta"] = eta if eta is not None else A_plus
        super().__init__(**params)


class PfisterSpikeTriplet(synapses.STDPTimingDependence):
    """The minimal all-to-all triplet rule of Pfister & Gerstner (2006), as NEST's
    ``stdp_triplet_synapse`` (sPyNNaker's ``extra_models.PfisterSpikeTriplet``): pre traces
    r1 (tau_plus) and r2 (tau_x), post traces o1 (tau_minus) and o2 (tau_y), each jumping by
    1 at a spike.  At a post spike the weight grows by ``r1 (A_plus + A3_plus o2)``, o2
    taken just before the spike; at a pre spike it falls by ``o1 (A_minus + A3_minus r2)``,
    r2 taken just before the spike (A3_plus / A3_minus are the weight dependence's).  As for
    PyNN's additive rules, a step is that times w_max.  Times in ms."""
    default_parameters = {"tau_plus": 16.8, "tau_minus": 33.7, "tau_x": 101.0,
                          "tau_y": 125.0, "A_plus": 5e-10, "A_minus": 7e-3}
    translations = _identity(tuple(default_parameters))
    rule_name = "pfister_triplet"

    def __init__(self, tau_plus=16.8, tau_minus=33.7, tau_x=101.0, tau_y=125.0,
                 A_plus=5e-10, A_minus=7e-3):
        super().__init__(tau_plus=tau_plus, tau_minus=tau_minus, tau_x=tau_x, tau_y=tau_y,
                         A_plus=A_plus, A_minus=A_minus)


class WeightDependenceAdditiveTriplet(synapses.STDPWeightDependence):
    """Additive weight dependence of the triplet rule (sPyNNaker's
    ``extra_models.WeightDependenceAdditiveTriplet``): bounds w_min, w_max and the triplet
    amplitudes A3_plus, A3_minus; a step is (A2 + A3 * trace) * w_max * trace."""
    default_parameters = {"w_min": 0.0, "w_max": 1.0, "A3_plus": 0.01, "A3_minus": 0.01}
    translations = _identity(tuple(default_parameters))
    rule_name = "additive_triplet"

    def __init__(self, w_min=0.0, w_max=1.0, A3_plus=0.01, A3_minus=0.01):
        super().__init__(w_min=w_min, w_max=w_max, A3_plus=A3_plus, A3_minus=A3_minus)


class RecurrentRule(synapses.STDPTimingDependence):
    """sPyNNaker's ``extra_models.RecurrentRule``: a synapse counts pre/post pairings in an
    accumulator and changes its weight once per ``accumulator_potentiation`` causal (or
    ``-accumulator_depression`` anti-causal) pairings, by the weight dependence at trace 1
    (multiplicative: ``A_plus (w_max - w)`` / ``A_minus (w - w_min)``; additive ``A * w_max``
    as for PyNN's additive rules, where sPyNNaker adds A alone).  A pairing counts when the
    second spike falls inside a window the first one opened, of random length drawn from an
    exponential law with mean ``mean_pre_window`` / ``mean_post_window`` (ms).
    ``dual_fsm=True``: every pre and every post spike opens a window (sPyNNaker's
    recurrent_dual_fsm); ``False``: one state machine per synapse, idle / pre window open /
    post window open (recurrent_pre_stochastic).  docs/plasticity.md has the details and
    where this differs from sPyNNaker 7.4.1."""
    default_parameters = {"accumulator_depression": -6.0, "accumulator_potentiation": 6.0,
                          "mean_pre_window": 35.0, "mean_post_window": 35.0,
                          "dual_fsm": True, "A_plus": 0.01, "A_minus": 0.01}
    translations = _identity(tuple(default_parameters))
    rule_name = "recurrent"

    def __init__(self, accumulator_depression=-6, accumulator_potentiation=6,
                 mean_pre_window=35.0, mean_post_window=35.0, dual_fsm=True, A_plus=0.01,
                 A_minus=0.01):
        super().__init__(accumulator_depression=accumulator_depression,
                         accumulator_potentiation=accumulator_potentiation,
                         mean_pre_window=mean_pre_window, mean_post_window=mean_post_window,
                         dual_fsm=float(bool(dual_fsm)), A_plus=A_plus, A_minus=A_minus)


def _check_recurrent(timing):
    """RecurrentRule's thresholds: whole numbers, depression in [-128, 0], potentiation in
    [0, 128] (the cores keep the accumulator in 8 bits); windows > 0 ms."""
    for name, lo, hi in (("accumulator_depression", -128, 0),
                         ("accumulator_potentiation", 0, 128)):
        v = timing[name]
        if v != int(v) or not lo <= v <= hi:
            raise errors.InvalidParameterValueError(
                f"RecurrentRule: {name} must be a whole number in [{lo}, {hi}] (got {v})")
    for name in ("mean_pre_window", "mean_post_window"):
        if not timing[name] > 0:
            raise errors.InvalidParameterValueError(
                f"RecurrentRule: {name} must be > 0 ms (got {timing[name]})")


def _homogeneous(component, what, per_connection=()):
    """{name: float} of a component's parameters, which must be one number each, except
    those in ``per_connection`` (NaN until the connections give them)."""
    values = {}
    for name in component.get_parameter_names():
        value = component.parameter_space[name]
        if name in per_connection and not value.is_homogeneous:
            values[name] = float("nan")
            continue
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
        # backprop_delay=True: the post spike reaches the synapse after the dendritic delay
        # (t_post + d - t_pre, as in NEST); False: without it (t_post - t_pre, sPyNNaker's
        # post_delay = 0), the delay then only delays transmission.
        if pad_to_length is not None and (int(pad_to_length) != pad_to_length
                                          or pad_to_length < 0):
            raise errors.InvalidValueError(
                f"STDPMechanism: pad_to_length={pad_to_length!r} must be a non-negative "
                f"integer (synapses per row) or None")
        if backprop_delay not in (True, False, 0, 1):
            raise errors.InvalidParameterValueError(
                f"STDPMechanism: backprop_delay must be True or False (got "
                f"{backprop_delay!r})")
        self.pad_to_length, self.backprop_delay = pad_to_length, bool(backprop_delay)
        if voltage_dependence is not None:
            raise NotImplementedError("STDPMechanism: voltage_dependence is not supported")
        for component, kind in ((timing_dependence, "timing_dependence"),
                                (weight_dependence, "weight_dependence")):
            if component is None or not hasattr(component, "rule_name"):
                raise errors.InvalidModelError(
                    f"STDPMechanism: {kind} must be one of pyNN.spiNNaker's rules "
                    f"(SpikePairRule, extra_models.SpikeNearestPairRule, "
                    f"extra_models.Vogels2011Rule, extra_models.PfisterSpikeTriplet, "
                    f"extra_models.RecurrentRule; "
                    f"AdditiveWeightDependence, MultiplicativeWeightDependence, "
                    f"AdditivePotentiationMultiplicativeDepression, GutigWeightDependence, "
                    f"extra_models.WeightDependenceAdditiveTriplet), "
                    f"got {component!r}")
        # PyNN's meaning: 1.0 the delay is dendritic (the pre spike reaches the synapse at
        # once, the post spike after the delay: NEST's stdp_synapse); 0.0 axonal (the pre
        # spike reaches the synapse after the delay, the post spike at once)
        if dendritic_delay_fraction not in (0, 1):
            raise errors.InvalidParameterValueError(
                f"STDPMechanism: dendritic_delay_fraction={dendritic_delay_fraction!r}: "
                f"pyNN.spiNNaker runs 1.0 (all delay dendritic, as NEST) or 0.0 (all delay "
                f"axonal); a delay split between axon and dendrite is not supported")
        self.axonal = float(dendritic_delay_fraction) == 0.0
        if self.axonal and getattr(timing_dependence, "rule_name", None) == "recurrent":
            raise NotImplementedError(
                "STDPMechanism: extra_models.RecurrentRule with dendritic_delay_fraction=0 "
                "is not supported (its windows are timed with dendritic delays, as "
                "sPyNNaker's); use dendritic_delay_fraction=1.0")
        super().__init__(timing_dependence, weight_dependence, voltage_dependence,
                         dendritic_delay_fraction, weight, delay)

    @property
    def PER_CONNECTION(self):
        """The timing and weight-dependence parameters, which may differ between connections
        (pynn/short_term.py: one rule, and edge, per distinct set; RecurrentRule's are one
        number per projection)."""
        if getattr(self.timing_dependence, "rule_name", None) == "recurrent":
            return ()
        return tuple(self.timing_dependence.get_parameter_names()) + \
            tuple(self.weight_dependence.get_parameter_names())

    def per_connection(self):
        """The names among PER_CONNECTION not given as one number."""
        return [name for name in self.PER_CONNECTION
                if not self._component_of(name).parameter_space[name].is_homogeneous]

    def _component_of(self, name):
        return (self.timing_dependence if name in
                self.timing_dependence.get_parameter_names() else self.weight_dependence)

    @staticmethod
    def check_values(values, where):
        """Per-connection values the rules can run: time constants > 0 ms, 0 <= |w_min| <=
        |w_max| with w_max != 0, amplitudes finite (arrays or numbers; a missing name is not
        checked)."""
        for name, v in values.items():
            v = np.asarray(v, float)
            if not np.all(np.isfinite(v)):
                raise errors.InvalidParameterValueError(
                    f"{where}: STDP parameter {name} must be finite")
            if name.startswith("tau") and not np.all(v > 0):
                raise errors.InvalidParameterValueError(
                    f"{where}: STDP parameter {name} must be > 0 ms (got {v.min():g})")
        if "w_max" in values or "w_min" in values:
            w_max = np.abs(np.asarray(values.get("w_max", np.inf), float))
            w_min = np.abs(np.asarray(values.get("w_min", 0.0), float))
            if not (np.all(w_max > 0) and np.all(w_min <= w_max)):
                raise errors.InvalidParameterValueError(
                    f"{where}: STDP weight bounds need 0 <= |w_min| <= |w_max| and w_max != 0")

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
        per = self.PER_CONNECTION
        timing = _homogeneous(self.timing_dependence, type(self.timing_dependence).__name__,
                              per)
        weight = _homogeneous(self.weight_dependence, type(self.weight_dependence).__name__,
                              per)
        self.check_values({k: v for k, v in dict(timing, **weight).items()
                           if not np.isnan(v) and k in per},
                          type(self).__name__)
        w_min, w_max = weight["w_min"], weight["w_max"]
        if np.isnan(w_min) or np.isnan(w_max):
            pass   # per connection: checked when the connections give them
        elif not (np.isfinite(w_min) and np.isfinite(w_max)) or w_max <= 0 or \
                not 0 <= abs(w_min) <= abs(w_max):
            raise errors.InvalidParameterValueError(
                f"{type(self.weight_dependence).__name__}: need 0 <= |w_min| <= |w_max| and "
                f"w_max != 0 (got w_min={w_min}, w_max={w_max})")
        if self.timing_dependence.rule_name == "vogels_2011" and \
                self.weight_dependence.rule_name != "additive":
            raise errors.InvalidModelError(
                f"STDPMechanism: Vogels2011Rule adds eta in weight units and needs "
                f"AdditiveWeightDependence for its bounds (got "
                f"{type(self.weight_dependence).__name__}), as PyNN's NEURON backend")
        triplet = (self.timing_dependence.rule_name == "pfister_triplet",
                   self.weight_dependence.rule_name == "additive_triplet")
        if triplet[0] != triplet[1]:
            raise errors.InvalidModelError(
                "STDPMechanism: extra_models.PfisterSpikeTriplet and "
                "extra_models.WeightDependenceAdditiveTriplet go together (got "
                f"{type(self.timing_dependence).__name__} with "
                f"{type(self.weight_dependence).__name__})")
        if self.timing_dependence.rule_name == "recurrent":
            _check_recurrent(timing)
        for name in ("tau_plus", "tau_minus", "tau", "tau_x", "tau_y"):
            if name in timing and not np.isnan(timing[name]) and not timing[name] > 0:
                raise errors.InvalidParameterValueError(
                    f"{type(self.timing_dependence).__name__}: {name} must be > 0 ms "
                    f"(got {timing[name]})")
        weight = dict(weight, w_min=abs(w_min), w_max=abs(w_max))
        if self.axonal:
            timing["no_backprop"] = 2.0   # the post spikes reach the synapse at once too
        elif not self.backprop_delay:
            timing["no_backprop"] = 1.0
        return PlasticityRule(self.timing_dependence.rule_name,
                              self.weight_dependence.rule_name,
                              tuple(sorted(timing.items())), tuple(sorted(weight.items())))


#: TsodyksMarkramSynapse's parameters that may differ between connections
STP_PARAMETERS = ("U", "tau_rec", "tau_facil")


class TsodyksMarkramSynapse(synapses.TsodyksMarkramSynapse):
    """Depressing and facilitating synapses (Tsodyks, Uziel & Markram 2000), as NEST's
    ``tsodyks_synapse`` under pyNN.nest: the state (u, x, y) evolves at each pre spike and
    the synapse delivers weight * u * x; y decays with the target's synaptic time constant
    (tau_syn_E or tau_syn_I, as pyNN.nest passes it as ``tau_psc``; target cells with
    different constants give their connections different rules).  U, tau_rec and
    tau_facil may differ between connections: the connections sharing one (U, tau_rec,
    tau_facil) share a rule on the cores (at most MAX_STP_RULES per projection)."""
    translations = _identity(("weight", "delay", "U", "tau_rec", "tau_facil"))
    parameter_checks = {"weight": check_weights}
    #: the parameters that may differ between connections (pynn/short_term.py)
    PER_CONNECTION = STP_PARAMETERS

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d

    def per_connection(self):
        """The names among U, tau_rec, tau_facil not given as one number."""
        return [name for name in STP_PARAMETERS
                if not self.parameter_space[name].is_homogeneous]

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
                values[name] = float("nan")
                if value.is_homogeneous:
                    value.shape = (1,)
                    values[name] = float(value.evaluate(simplify=True))
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
        # one number, or NaN until the connections give it per target cell (tau_psc_of)
        values["tau_psc"] = float(tau[0]) if len(tau) == 1 else float("nan")
        return PlasticityRule("tsodyks_markram", "static", tuple(sorted(values.items())),
                              (("w_max", 0.0), ("w_min", 0.0)))

    @staticmethod
    def tau_psc_of(post, receptor_type, post_indices):
        """tau_psc per connection when the target cells' synaptic time constants differ
        (as pyNN.nest, which gives each connection its target's): each distinct value then
        runs as its own rule, as a per-connection U does."""
        name = "tau_syn_E" if receptor_type == "excitatory" else "tau_syn_I"
        tau = np.asarray(post.get(name, gather=True), float).reshape(-1)
        return tau[np.asarray(post_indices, np.int64)]


class SimpleStochasticSynapse(synapses.SimpleStochasticSynapse):
    """Each spike is transmitted with probability ``p``, independently per connection and
    spike (NEST's ``bernoulli_synapse``, which pyNN.nest maps it onto).  The cores draw
    from a counter-based generator keyed by the projection's label, the pre and post
    neurons' population indices and the spike's tick: the same draws for any partitioning
    and thread count.  ``p`` may differ between connections (each distinct p is a rule on
    the cores, at most 256 per projection), and is readable and settable."""
    translations = _identity(("weight", "delay", "p"))
    parameter_checks = {"weight": check_weights}
    #: the parameters that may differ between connections (pynn/short_term.py)
    PER_CONNECTION = ("p",)

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d

    def per_connection(self):
        """["p"] when p is not one number, else []."""
        return [] if self.parameter_space["p"].is_homogeneous else ["p"]

    @staticmethod
    def check_values(values, where):
        """p in [0, 1] (an array or a number; a missing p is not checked)."""
        p = np.asarray(values.get("p", []), float)
        if p.size and not (np.all(p >= 0) and np.all(p <= 1)):
            raise errors.InvalidParameterValueError(
                f"{where}: SimpleStochasticSynapse p must lie in [0, 1] (got {p.min():g} .. "
                f"{p.max():g})")

    def plasticity_rule(self):
        """The rule record: p (the seed comes from the projection's label at mapping); a
        per-connection p stands as NaN until the connections give it."""
        value = self.parameter_space["p"]
        p = float("nan")
        if value.is_homogeneous:
            value.shape = (1,)
            p = float(value.evaluate(simplify=True))
        if not np.isnan(p):
            self.check_values({"p": p}, "SimpleStochasticSynapse")
        return PlasticityRule("stochastic", "static", (("p", p),),
                              (("w_max", 0.0), ("w_min", 0.0)))

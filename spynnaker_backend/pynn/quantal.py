"""PyNN's stochastic short-term plasticity: ``StochasticTsodyksMarkramSynapse`` (the
stochastic_stp_synapse of PyNN's NEST extensions) and ``MultiQuantalSynapse`` (NEST's
quantal_stp_synapse).  Each synapse keeps its own release state on the cores (timing codes
12 and 13: c_models/plasticity/quantal.h); the draws come from the counter-based generator
of SimpleStochasticSynapse, so they are the same for any partitioning and thread count.
The weights do not change; U, tau_rec, tau_facil (and n) may differ between connections
(pynn/short_term.py: one rule per distinct set) and read back (docs/plasticity.md).
"""
import numpy as np
from pyNN import errors
from pyNN.parameters import LazyArray
from pyNN.standardmodels import synapses

from ..models.plasticity import PlasticityRule
from . import simulator
from .plasticity import _identity
from .synapses import check_weights

__all__ = ["StochasticTsodyksMarkramSynapse", "MultiQuantalSynapse"]

#: MultiQuantalSynapse's most release sites (mapping/plastic_synapses.QUANTAL_MAX_SITES)
MAX_SITES = 32767


class _Quantal:
    """What both types share: their rule record and the checks of their parameters."""
    timing = ""
    PER_CONNECTION = ("U", "tau_rec", "tau_facil")

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d

    def per_connection(self):
        """The names among PER_CONNECTION not given as one number."""
        return [name for name in self.PER_CONNECTION
                if not self.parameter_space[name].is_homogeneous]

    @classmethod
    def check_values(cls, values, where):
        """U in [0, 1], tau_rec > 0, tau_facil >= 0, n a whole number in [1, MAX_SITES]
        (arrays or numbers; a missing name is not checked)."""
        kind = cls.__name__
        u = np.asarray(values.get("U", []), float)
        if u.size and not (np.all(u >= 0) and np.all(u <= 1)):
            raise errors.InvalidParameterValueError(
                f"{where}: {kind} U must lie in [0, 1] (got {u.min():g} .. {u.max():g})")
        rec = np.asarray(values.get("tau_rec", []), float)
        fac = np.asarray(values.get("tau_facil", []), float)
        if (rec.size and not np.all(rec > 0)) or (fac.size and not np.all(fac >= 0)):
            raise errors.InvalidParameterValueError(
                f"{where}: {kind} tau_rec must be > 0 and tau_facil >= 0 ms")
        n = np.asarray(values.get("n", []), float)
        if n.size and not (np.all(n == np.rint(n)) and np.all(n >= 1) and
                           np.all(n <= MAX_SITES)):
            raise errors.InvalidParameterValueError(
                f"{where}: {kind} n (release sites) must be a whole number in [1, "
                f"{MAX_SITES}] (got {n.min():g} .. {n.max():g})")

    def plasticity_rule(self):
        """The rule record (the seed comes from the projection's label at mapping); a
        per-connection parameter stands as NaN until the connections give it."""
        values = {}
        for name in self.PER_CONNECTION:
            value = self.parameter_space[name]
            values[name] = float("nan")
            if value.is_homogeneous:
                value.shape = (1,)
                values[name] = float(value.evaluate(simplify=True))
        self.check_values({k: v for k, v in values.items() if not np.isnan(v)},
                          type(self).__name__)
        return PlasticityRule(self.timing, "static", tuple(sorted(values.items())),
                              (("w_max", 0.0), ("w_min", 0.0)))


def initialize(projection, values):
    """``Projection.initialize(a=..., u=...)`` of a MultiQuantalSynapse projection (as NEST's
    quantal_stp_synapse state): the available sites ``a`` (0 .. n) and ``u`` (in [0, 1],
    the release probability of the first spike) that every connection starts from.  Each
    must be one number for the projection (a pre neuron's synapses share u on the cores)."""
    synapse_type = projection.synapse_type
    if not isinstance(synapse_type, MultiQuantalSynapse):
        raise NotImplementedError(
            f"projection {projection.label!r}: initialize() sets the state of "
            f"MultiQuantalSynapse connections (a, u) on pyNN.spiNNaker; "
            f"{type(synapse_type).__name__} has no initial state to set")
    state = {}
    for name, value in values.items():
        if name not in ("a", "u"):
            raise errors.NonExistentParameterError(name, "MultiQuantalSynapse", ["a", "u"])
        array = value if isinstance(value, LazyArray) else LazyArray(value)
        if not array.is_homogeneous:
            raise NotImplementedError(
                f"projection {projection.label!r}: initialize({name}=...) must be one number "
                f"for the projection on pyNN.spiNNaker (got a value per connection)")
        if array.shape is None:
            array.shape = (1,)
        v = float(np.asarray(array.evaluate(simplify=True)).ravel()[0])
        n = projection._rule.params["n"]
        ok = (0 <= v <= 1) if name == "u" else (v == int(v) and 0 <= v <= n)
        if not ok:
            raise errors.InvalidParameterValueError(
                f"projection {projection.label!r}: initialize({name}={v:g}): u must lie in "
                f"[0, 1], a must be a whole number of sites in [0, n]")
        state[f"{name}_init"] = v
    return state


class StochasticTsodyksMarkramSynapse(_Quantal, synapses.StochasticTsodyksMarkramSynapse):
    """Stochastic depression and facilitation (Fuhrmann et al. 2002), as the
    stochastic_stp_synapse of PyNN's NEST extensions: a synapse is recovered or not; at a
    pre spike an unrecovered one recovers with probability 1 - exp(-(t - t_surv)/tau_rec),
    a recovered one releases the whole weight with probability u (u <- u exp(-h/tau_facil)
    + U (1 - u) at each spike; U without facilitation) and is then unrecovered."""
    translations = _identity(("weight", "delay", "U", "tau_rec", "tau_facil"))
    parameter_checks = {"weight": check_weights}
    timing = "stochastic_tsodyks_markram"


class MultiQuantalSynapse(_Quantal, synapses.MultiQuantalSynapse):
    """n release sites (NEST's quantal_stp_synapse, which pyNN.nest maps it onto): at a pre
    spike but the first, u <- U + u (1 - U) exp(-h/tau_facil) and each depleted site
    recovers with probability 1 - exp(-h/tau_rec); each available site releases with
    probability u; the synapse delivers weight x released sites (NEST's weight, not divided
    by n)."""
    translations = _identity(("weight", "delay", "U", "n", "tau_rec", "tau_facil"))
    parameter_checks = {"weight": check_weights}
    PER_CONNECTION = ("U", "n", "tau_rec", "tau_facil")
    timing = "multi_quantal"

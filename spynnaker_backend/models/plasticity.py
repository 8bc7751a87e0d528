"""Plasticity rules as the mapping sees them: one frozen record per plastic projection.

The PyNN layer turns an ``STDPMechanism`` into a :class:`PlasticityRule` (homogeneous
parameters, PyNN units: ms, nA or uS); the mapping writes it into each target core's
``plastic_rule`` record (``mapping/dataspec/regions.py``) with the weights in the core's
units.  Semantics are PyNN's (as NEST's ``stdp_synapse`` implements them through pyNN.nest):
see docs/plasticity.md.
"""
from dataclasses import dataclass
from typing import Tuple

#: Timing rules the cores run (``plastic_rule.timing``).
TIMING_RULES = ("pair", "nearest_pair", "vogels_2011", "pfister_triplet", "tsodyks_markram",
                "stochastic", "static", "neuromodulated_pair", "dopamine", "recurrent",
                "weight_changeable", "weight_changer", "stochastic_tsodyks_markram",
                "multi_quantal")
#: Timing rules that read post spikes (the rest keep their weights: short-term plasticity,
#: stochastic synapses, the static weights of StructuralMechanismStatic's rewired rows, and
#: the dopamine input of neuromodulated STDP, ``pynn/neuromodulation.py``).
STDP_TIMINGS = ("pair", "nearest_pair", "vogels_2011", "pfister_triplet",
                "neuromodulated_pair", "recurrent")
#: Weight dependences the cores run (``plastic_rule.weight``).
WEIGHT_RULES = ("additive", "multiplicative", "additive_potentiation_multiplicative_depression",
                "gutig", "additive_triplet", "static")


@dataclass(frozen=True)
class PlasticityRule:
    """A timing rule and a weight dependence with their (homogeneous) parameters.

    Attributes
    ----------
    timing : str
        One of TIMING_RULES.
    weight : str
        One of WEIGHT_RULES.
    timing_params : tuple of (name, value)
        e.g. tau_plus, tau_minus (ms), A_plus, A_minus.
    weight_params : tuple of (name, value)
        w_min, w_max (nA or uS, magnitudes).
    """
    timing: str
    weight: str
    timing_params: Tuple[Tuple[str, float], ...]
    weight_params: Tuple[Tuple[str, float], ...]

    def __post_init__(self):
        if self.timing not in TIMING_RULES:
            raise ValueError(f"timing rule {self.timing!r}: the cores run {TIMING_RULES}")
        if self.weight not in WEIGHT_RULES:
            raise ValueError(f"weight dependence {self.weight!r}: the cores run "
                             f"{WEIGHT_RULES}")

    @property
    def params(self) -> dict:
        """Every parameter by name."""
        return dict(self.timing_params + self.weight_params)

    @property
    def is_stdp(self) -> bool:
        """True for spike-timing rules (they read post spikes); False for short-term
        plasticity, stochastic synapses and static rewired rows, whose weights do not
        change."""
        return self.timing in STDP_TIMINGS

    @property
    def reaches_w_max(self) -> bool:
        """True when the weights may move anywhere up to w_max (spike-timing rules and
        WeightChangeable synapses): the scaling must leave room for it."""
        return self.is_stdp or self.timing == "weight_changeable"

    @property
    def w_min(self) -> float:
        return self.params["w_min"]

    @property
    def w_max(self) -> float:
        return self.params["w_max"]

    @property
    def tau_plus(self) -> float:
        """Time constant of the pre trace (Vogels 2011: its one ``tau``; RecurrentRule, which
        keeps no trace: its mean post window, see :attr:`tau_minus`)."""
        p = self.params
        if self.timing == "recurrent":
            return p["mean_post_window"]
        return p["tau_plus"] if "tau_plus" in p else p["tau"]

    @property
    def post_taus(self) -> Tuple[float, ...]:
        """Time constants of the post-synaptic traces the rule reads (tau_minus; and tau_y
        for triplets)."""
        if not self.is_stdp:
            return ()
        return (self.tau_minus, self.params["tau_y"]) if self.timing == "pfister_triplet" \
            else (self.tau_minus,)

    @property
    def tau_minus(self) -> float:
        """Time constant of the post trace (Vogels 2011: its one ``tau``).  RecurrentRule
        reads post spike times, not traces; its mean post window stands here so that the
        core keeps a post-spike history (which it allocates with its traces)."""
        p = self.params
        if self.timing == "recurrent":
            return p["mean_post_window"]
        return p["tau_minus"] if "tau_minus" in p else p["tau"]

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
TIMING_RULES = ("pair", "nearest_pair", "tsodyks_markram")
#: Weight dependences the cores run (``plastic_rule.weight``).
WEIGHT_RULES = ("additive", "multiplicative", "additive_potentiation_multiplicative_depression",
                "gutig", "static")


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
        plasticity, whose weights do not change."""
        return self.timing != "tsodyks_markram"

    @property
    def w_min(self) -> float:
        return self.params["w_min"]

    @property
    def w_max(self) -> float:
        return self.params["w_max"]

    @property
    def tau_plus(self) -> float:
        return self.params["tau_plus"]

    @property
    def tau_minus(self) -> float:
        return self.params["tau_minus"]

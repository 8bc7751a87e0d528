"""Structural plasticity as the mapping sees it: one frozen record per structural projection.

The PyNN layer (``pynn/structural.py``) turns sPyNNaker's ``StructuralMechanismStatic`` /
``StructuralMechanismSTDP`` with its partner selection, formation and elimination rules into
a :class:`StructuralRule`; the mapping writes the STRUCTURAL region of every core of the
target population from it (``mapping/structural.py``), and the cores rewire their plastic
rows (``neural_modelling/include/structural_core.h``).  Semantics: docs/structural_plasticity.md.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

#: Partner selections the cores run.
SELECTIONS = ("random", "last_neuron")

#: The parameters every structural projection onto one population must share (sPyNNaker
#: has one rewiring process per target population).
COMMON = ("f_rew", "s_max", "with_replacement", "seed")


@dataclass(frozen=True)
class StructuralRule:
    """Rewiring of one projection.

    Attributes
    ----------
    selection : str
        One of SELECTIONS.
    spike_buffer_size : int
        LastNeuronSelection: spikes of the previous timestep kept to choose from.
    f_rew : float
        Rewiring attempts per second (Hz) for the whole target population.
    s_max : int
        Synaptic slots per target neuron (its largest structural fan-in).
    with_replacement : bool
        Whether a formation may add a synapse between a pair already connected.
    seed : int or None
        Seed of the rewiring random stream (None: a fixed default).
    initial_weight : float
        Weight of a new synapse (nA or uS, magnitude).
    initial_delay : tuple of two floats
        (lo, hi) delay range of a new synapse in ms (lo == hi: one value).
    grid : tuple of two ints
        DistanceDependentFormation's (x, y) grid.
    p_form_forward, sigma_form_forward, p_form_lateral, sigma_form_lateral : float
        Peak formation probability and its spread (grid units) between different
        populations (forward) and within one population (lateral).
    threshold : float
        RandomByWeightElimination: weights below it are depressed (nA or uS).
    prob_elim_depressed, prob_elim_potentiated : float
        Elimination probability of a depressed / a potentiated or unchanged synapse.
    """
    selection: str
    f_rew: float
    s_max: int
    with_replacement: bool
    seed: Optional[int]
    initial_weight: float
    initial_delay: Tuple[float, float]
    grid: Tuple[int, int]
    p_form_forward: float
    sigma_form_forward: float
    p_form_lateral: float
    sigma_form_lateral: float
    threshold: float
    prob_elim_depressed: float
    prob_elim_potentiated: float
    spike_buffer_size: int = 64

    def __post_init__(self):
        if self.selection not in SELECTIONS:
            raise ValueError(f"partner selection {self.selection!r}: the cores run "
                             f"{SELECTIONS}")

    def common(self) -> tuple:
        """The parameters all structural projections onto one population share."""
        return tuple(getattr(self, name) for name in COMMON)

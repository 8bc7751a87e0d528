"""Structural plasticity (sPyNNaker's synaptogenesis): StructuralMechanismStatic and
StructuralMechanismSTDP with their partner selection, formation and elimination rules.

Names, signatures and defaults are sPyNNaker 7.4.1's.  The rules become one
``models.structural.StructuralRule`` per projection; the cores of the target population
rewire their rows while they run (docs/structural_plasticity.md says what differs from
sPyNNaker).  Connections formed and removed are read back by ``Projection.get``.
"""
import numpy as np
from pyNN import errors

from ..models.plasticity import PlasticityRule
from ..models.structural import StructuralRule
from .plasticity import STDPMechanism
from .synapses import StaticSynapse

_DEFAULT_F_REW = 10 ** 4.0
_DEFAULT_S_MAX = 32


class RandomSelection:
    """Partner selection that picks a random source neuron from all sources: a random
    pre population (of the structural projections onto the target), then a random neuron
    of it."""
    selection = "random"
    spike_buffer_size = 0

    def get_parameter_names(self):
        return ()


class LastNeuronSelection:
    """Partner selection that picks a random source neuron among those that spiked in the
    last timestep (up to ``spike_buffer_size`` of them)."""
    selection = "last_neuron"

    def __init__(self, spike_buffer_size=64):
        if int(spike_buffer_size) != spike_buffer_size or spike_buffer_size < 1:
            raise errors.InvalidParameterValueError(
                f"LastNeuronSelection: spike_buffer_size must be a whole number >= 1 "
                f"(got {spike_buffer_size!r})")
        self.spike_buffer_size = int(spike_buffer_size)

    def get_parameter_names(self):
        return ("spike_buffer_size",)


class DistanceDependentFormation:
    """Formation rule that depends on the distance between neurons on a periodic grid:
    probability p * exp(-d^2 / (2 sigma^2)), with (p_form_forward, sigma_form_forward)
    between different populations and (p_form_lateral, sigma_form_lateral) within one."""

    def __init__(self, grid=(16, 16), p_form_forward=0.16, sigma_form_forward=2.5,
                 p_form_lateral=1.0, sigma_form_lateral=1.0):
        given = np.asarray(grid, dtype=float).ravel()
        # sPyNNaker truncates (numpy.asarray(grid, dtype=int)): sqrt(192) gives 13
        if given.size != 2 or not np.all(np.isfinite(given)) or np.any(given < 1):
            raise errors.InvalidParameterValueError(
                f"DistanceDependentFormation: grid must be two numbers >= 1 (got "
                f"{given.tolist()}; each is truncated to a whole number)")
        grid = np.floor(given)
        for name, p in (("p_form_forward", p_form_forward),
                        ("p_form_lateral", p_form_lateral)):
            if not 0 <= p <= 1:
                raise errors.InvalidParameterValueError(
                    f"DistanceDependentFormation: {name} must lie in [0, 1] (got {p})")
        for name, s in (("sigma_form_forward", sigma_form_forward),
                        ("sigma_form_lateral", sigma_form_lateral)):
            if not s > 0:
                raise errors.InvalidParameterValueError(
                    f"DistanceDependentFormation: {name} must be > 0 (got {s})")
        self.grid = (int(grid[0]), int(grid[1]))
        self.p_form_forward = float(p_form_forward)
        self.sigma_form_forward = float(sigma_form_forward)
        self.p_form_lateral = float(p_form_lateral)
        self.sigma_form_lateral = float(sigma_form_lateral)

    def get_parameter_names(self):
        return ("grid", "p_form_forward", "sigma_form_forward", "p_form_lateral",
                "sigma_form_lateral")


class RandomByWeightElimination:
    """Elimination rule: a synapse whose weight is below ``threshold`` (depressed) is removed
    with probability ``prob_elim_depressed``, one at or above it (potentiated, unchanged or
    static) with ``prob_elim_potentiated``."""

    def __init__(self, threshold, prob_elim_depressed=0.0245,
                 prob_elim_potentiated=1.36e-4):
        for name, p in (("prob_elim_depressed", prob_elim_depressed),
                        ("prob_elim_potentiated", prob_elim_potentiated)):
            if not 0 <= p <= 1:
                raise errors.InvalidParameterValueError(
                    f"RandomByWeightElimination: {name} must lie in [0, 1] (got {p})")
        if not np.isfinite(threshold):
            raise errors.InvalidParameterValueError(
                f"RandomByWeightElimination: threshold must be finite (got {threshold})")
        self.threshold = float(threshold)
        self.prob_elim_depressed = float(prob_elim_depressed)
        self.prob_elim_potentiated = float(prob_elim_potentiated)

    def get_parameter_names(self):
        return ("prob_elim_depressed", "prob_elim_potentiated", "threshold")


class _Structural:
    """What both mechanisms add to their synapse type."""

    def _init_structural(self, partner_selection, formation, elimination, f_rew,
                         initial_weight, initial_delay, s_max, with_replacement, seed):
        what = type(self).__name__
        for value, cls, name in ((partner_selection, (RandomSelection, LastNeuronSelection),
                                  "partner_selection"),
                                 (formation, DistanceDependentFormation, "formation"),
                                 (elimination, RandomByWeightElimination, "elimination")):
            if not isinstance(value, cls):
                allowed = ", ".join(c.__name__ for c in np.atleast_1d(cls))
                raise errors.InvalidModelError(
                    f"{what}: {name} must be one of pyNN.spiNNaker's ({allowed}), got "
                    f"{value!r}")
        if not f_rew > 0 or not np.isfinite(f_rew):
            raise errors.InvalidParameterValueError(f"{what}: f_rew must be > 0 Hz "
                                                    f"(got {f_rew})")
        if int(s_max) != s_max or not 1 <= s_max <= 0xFFFF:
            raise errors.InvalidParameterValueError(f"{what}: s_max must be a whole number "
                                                    f"in 1 .. 65535 (got {s_max})")
        delay = np.atleast_1d(np.asarray(initial_delay, dtype=float))
        if delay.size not in (1, 2) or np.any(~np.isfinite(delay)) or delay[0] > delay[-1]:
            raise errors.InvalidParameterValueError(
                f"{what}: initial_delay must be one delay or a (low, high) pair in ms "
                f"(got {initial_delay!r})")
        if seed is not None and (int(seed) != seed or seed < 0):
            raise errors.InvalidParameterValueError(f"{what}: seed must be a whole number "
                                                    f">= 0 (got {seed!r})")
        self.partner_selection = partner_selection
        self.formation = formation
        self.elimination = elimination
        self.f_rew = float(f_rew)
        self.initial_weight = float(initial_weight)
        self.initial_delay = (float(delay[0]), float(delay[-1]))
        self.s_max = int(s_max)
        self.with_replacement = bool(with_replacement)
        self.seed = None if seed is None else int(seed)

    @property
    def p_rew(self):
        """The period of rewiring (s)."""
        return 1.0 / self.f_rew

    def structural_rule(self):
        """The rule record the mapping writes for the cores."""
        f, e = self.formation, self.elimination
        return StructuralRule(
            selection=self.partner_selection.selection,
            spike_buffer_size=getattr(self.partner_selection, "spike_buffer_size", 64),
            f_rew=self.f_rew, s_max=self.s_max, with_replacement=self.with_replacement,
            seed=self.seed, initial_weight=abs(self.initial_weight),
            initial_delay=self.initial_delay, grid=f.grid,
            p_form_forward=f.p_form_forward, sigma_form_forward=f.sigma_form_forward,
            p_form_lateral=f.p_form_lateral, sigma_form_lateral=f.sigma_form_lateral,
            threshold=abs(e.threshold), prob_elim_depressed=e.prob_elim_depressed,
            prob_elim_potentiated=e.prob_elim_potentiated)


class StructuralMechanismStatic(_Structural, StaticSynapse):
    """Synaptic rewiring of static synapses (sPyNNaker's StructuralMechanismStatic):
    ``f_rew`` attempts per second pick a target neuron and one of its ``s_max`` slots; an
    empty slot asks the partner selection for a source and the formation rule whether to
    connect (with ``initial_weight``, ``initial_delay``); a used one asks the elimination
    rule whether to remove that synapse.  ``weight`` and ``delay`` are those of the
    connections the connector makes at the start."""

    def __init__(self, partner_selection, formation, elimination, f_rew=_DEFAULT_F_REW,
                 initial_weight=0.0, initial_delay=1.0, s_max=_DEFAULT_S_MAX,
                 with_replacement=True, seed=None, weight=0.0, delay=None):
        self._init_structural(partner_selection, formation, elimination, f_rew,
                              initial_weight, initial_delay, s_max, with_replacement, seed)
        StaticSynapse.__init__(self, weight=weight, delay=delay)

    def plasticity_rule(self):
        """Static weights in plastic rows (the rows the cores rewire)."""
        return PlasticityRule("static", "static", (), (("w_max", 0.0), ("w_min", 0.0)))


class StructuralMechanismSTDP(_Structural, STDPMechanism):
    """Synaptic rewiring of STDP synapses (sPyNNaker's StructuralMechanismSTDP): the
    rewiring of StructuralMechanismStatic with the weights of every synapse, initial and
    formed, following the timing and weight dependences."""

    #: one rule for every synapse, formed or initial (no per-connection parameters)
    PER_CONNECTION = ()

    def __init__(self, partner_selection, formation, elimination, timing_dependence,
                 weight_dependence, voltage_dependence=None, dendritic_delay_fraction=1.0,
                 f_rew=_DEFAULT_F_REW, initial_weight=0.0, initial_delay=1.0,
                 s_max=_DEFAULT_S_MAX, with_replacement=True, seed=None, weight=0.0,
                 delay=None, backprop_delay=True):
        if not backprop_delay:
            raise NotImplementedError(
                "StructuralMechanismSTDP: backprop_delay=False is not supported; the cores "
                "add the dendritic delay to post spikes (True, sPyNNaker's default)")
        if dendritic_delay_fraction != 1.0:
            raise NotImplementedError(
                f"StructuralMechanismSTDP: dendritic_delay_fraction="
                f"{dendritic_delay_fraction!r} is not supported; rewired rows take every "
                f"delay as dendritic (1.0)")
        self._init_structural(partner_selection, formation, elimination, f_rew,
                              initial_weight, initial_delay, s_max, with_replacement, seed)
        STDPMechanism.__init__(self, timing_dependence, weight_dependence,
                               voltage_dependence, dendritic_delay_fraction, weight, delay)

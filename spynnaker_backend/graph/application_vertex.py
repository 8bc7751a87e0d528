"""One application vertex per population."""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..models import ModelSpec


@dataclass
class Recording:
    """What a vertex records.

    Attributes
    ----------
    indices : numpy.ndarray of int
        Population indices (sorted, unique) whose variable is recorded.
    sampling_interval : int
        Sampling interval in timesteps (>= 1).  A neuron's spikes with an interval s are
        reported once per window of s ticks, at its end (the board's rule); a source's
        spikes ignore it (as sPyNNaker's sources do).
    """
    indices: np.ndarray
    sampling_interval: int = 1


@dataclass(eq=False)
class ApplicationVertex:
    """A population as the mapping sees it.

    Parameters are per-neuron arrays in the model spec's *host* names and PyNN units
    (mV, ms, nA, nF, uS, Hz); the mapping turns them into fixed point.

    Attributes
    ----------
    label : str
    n_atoms : int
    model : ModelSpec
    parameters : dict of str to numpy.ndarray
        One float64 array of length ``n_atoms`` per model parameter.  A SpikeSourceArray
        holds ``spike_times`` as an object array of float64 arrays (ms).
    state : dict of str to numpy.ndarray
        Initial values of the model's state variables (PyNN units), length ``n_atoms``.
    max_atoms_per_core : int
    recordings : dict of str to Recording
        Recorded variable name ('spikes', 'v', 'gsyn_exc', ...) to what is recorded.
    seed : int or None
        Seed of this vertex's random streams (Poisson sources); None means derived from
        the simulation seed and the vertex's position in the graph.
    placement_constraint : (x, y) or (x, y, p) or None
    enabled : bool
        A disabled vertex neither updates nor sends.
    current_sources : list of (CurrentSource, numpy.ndarray)
        Sources injecting into this population, with the indices they inject into.
    rate_window : float or None
        Window (ms) of the running firing rate 'r' the cores keep; None = not kept.
    stop_condition : str or None
        'spike' or '<variable> <op> <value>' (op one of > >= < <=): the run ends after the
        first tick in which it holds for any neuron.
    clear_count : int
        Bumped by Population.clear(): pending input and spike history are dropped.
    spikes_per_second : float or None
        Rate (Hz) assumed for every source of this population when its ring-buffer weight
        scaling is chosen (sPyNNaker's name); None: the mapping's default.  Higher: more
        headroom against saturation, less weight resolution.
    ring_buffer_sigma : float or None
        Standard deviations of headroom above the expected input of one timestep
        (sPyNNaker's name); None: the mapping's default.
    device_params : object or None
        Configuration of a live I/O device vertex (a live packet gatherer's
        ``LiveOutputParams``); None for populations.
    max_rate : float or None
        A random source's highest rate (Hz) over the simulation (sPyNNaker's
        ``max_rate``): its spike recording is sized for it, or for the atoms' current
        rates when higher.
    allow_delay_extensions : bool
        Whether incoming connections may go through delay-extension cores; when False a
        delay beyond the neuron core's own slots is a mapping error.
    one_core : bool
        The whole population must run on one core (a one-to-one splitter): the mapping
        raises when it does not fit one.
    """
    label: str
    n_atoms: int
    model: ModelSpec
    parameters: Dict[str, np.ndarray]
    state: Dict[str, np.ndarray] = field(default_factory=dict)
    max_atoms_per_core: Optional[int] = None
    recordings: Dict[str, Recording] = field(default_factory=dict)
    seed: Optional[int] = None
    placement_constraint: Optional[Tuple[int, ...]] = None
    enabled: bool = True
    current_sources: List = field(default_factory=list)
    rate_window: Optional[float] = None
    stop_condition: Optional[str] = None
    clear_count: int = 0
    spikes_per_second: Optional[float] = None
    ring_buffer_sigma: Optional[float] = None
    device_params: Optional[object] = None
    max_rate: Optional[float] = None
    allow_delay_extensions: bool = True
    one_core: bool = False
    #: what the vertex's random streams are seeded from when ``seed`` is None (set by
    #: ApplicationGraph.add_vertex: the label, made unique, with setup's rng_seed)
    seed_key: Optional[str] = None

    @property
    def atoms_per_core_limit(self) -> int:
        """The user's limit, else the model's default."""
        return self.max_atoms_per_core or self.model.default_max_atoms_per_core

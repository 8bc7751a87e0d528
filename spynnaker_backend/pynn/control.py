"""setup / end / run and the state queries, plus sPyNNaker's module-level extras."""
import warnings

import numpy as np
from pyNN import common
from pyNN.common.control import DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.recording import get_io

from .. import progress
from ..config import load_config, machine_options
from ..mapping import pipeline
from ..mapping.pipeline import MAX_CORE_DELAY
from .cells import spec_for
from .population import MODEL_SETTINGS, NEURONS_PER_CORE
from .population_extensions import snapshot
from . import checks, simulator

#: Timesteps the cores support, in ms: whole microseconds (the cores' timer counts
#: microseconds), at most 1 ms.  The virtual machine need not keep real time, so steps below
#: sPyNNaker's usual 0.1 ms are allowed (a board would need a time_scale_factor).
MIN_TIMESTEP, MAX_TIMESTEP = 0.001, 1.0
#: Delay-extension stages sPyNNaker 7.4.1 gives a projection (``DelayExtensionVertex.MAX_SLOTS``).
BOARD_DELAY_STAGES = 8
#: Longest delay setup(max_delay='auto') offers, in timesteps: as on a board running 7.4.1,
#: the on-core delay of a neuron core plus 8 delay-extension stages of that length (our
#: cores hold 31 ticks: 279 ticks, 27.9 ms at dt 0.1 and 2.79 ms at dt 0.01). A longer
#: max_delay given to setup() is honoured (the engine's extensions have more stages).
DEFAULT_MAX_DELAY_TICKS = MAX_CORE_DELAY * (1 + BOARD_DELAY_STAGES)

_SETUP_KEYWORDS = ("max_delay", "threads", "filename", "label", "time_scale_factor",
                   "n_boards_required", "n_chips_required", "reports", "allow_losses",
                   "progress_bars", "database_socket_addresses", "rng_seed")


def _check_timing(timestep, min_delay, max_delay):
    """Validated (dt, min_delay, max_delay) in ms, or a ValueError naming the parameter."""
    try:
        timestep = float(timestep)
    except (TypeError, ValueError):
        raise ValueError(f"setup(): timestep must be a number of ms, not {timestep!r}") \
            from None
    if not MIN_TIMESTEP - 1e-12 <= timestep <= MAX_TIMESTEP + 1e-12:
        raise ValueError(f"setup(): timestep {timestep:g} ms is outside the supported range "
                         f"[{MIN_TIMESTEP:g}, {MAX_TIMESTEP:g}] ms")
    if abs(timestep * 1000 - round(timestep * 1000)) > 1e-6:
        raise ValueError(f"setup(): timestep {timestep:g} ms must be a whole number of "
                         "microseconds (the cores' timer counts microseconds)")
    if min_delay == "auto" or min_delay is None:
        min_delay = timestep
    elif min_delay < timestep * (1 - 1e-9):
        raise ValueError(f"setup(): min_delay {min_delay:g} ms is shorter than the "
                         f"timestep {timestep:g} ms")
    if max_delay == "auto" or max_delay is None:
        max_delay = max(DEFAULT_MAX_DELAY_TICKS * timestep, min_delay)
    elif max_delay < min_delay:
        raise ValueError(f"setup(): max_delay {max_delay:g} ms is shorter than min_delay "
                         f"{min_delay:g} ms")
    return timestep, float(min_delay), float(max_delay)


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """Start a new simulation; any existing network is discarded.

    Parameters
    ----------
    timestep : float
        Integration step in ms, within [0.001, 1.0] and a whole number of microseconds.
    min_delay, max_delay : float or 'auto'
        Delay bounds in ms ('auto': one timestep, and DEFAULT_MAX_DELAY_TICKS timesteps).
    threads : int, optional
        Host threads of the virtual machine (default: [Simulation] threads).
    n_boards_required, n_chips_required : int, optional
        Size of the machine to map onto (default: the [Machine] section).
    reports : bool, optional
        Write mapping reports (default: [Reports] write).
    allow_losses : bool, optional
        Do not raise when packets were dropped or weights saturated (default:
        [Simulation] allow_losses).
    progress_bars : bool, optional
        Progress bars of mapping stages and runs that last more than 2 s (default:
        [Reports] progress_bars, automatic: on when stderr is a terminal outside CI).
    rng_seed : int, optional
        Seed mixed into every random stream that has no seed of its own (Poisson and gamma
        sources, stochastic neurons and synapses), as pyNN.nest's ``rng_seed``: another
        value gives another realisation of the same network.  Default: the streams are
        seeded from the population and projection labels alone (the same every run).
    time_scale_factor, filename, label : optional
        Accepted as sPyNNaker does; kept on the state.

    Returns
    -------
    int
        The MPI rank (always 0).

    Notes
    -----
    Defaults come from the configuration (``spynnaker.cfg`` in the working directory, then
    ``~/.spynnaker.cfg``, then built-in defaults; see :mod:`spynnaker_backend.config`);
    keywords given here win over the files.
    """
    checks.setup_extras(extra_params)
    extra_params_min_delay_is_auto = min_delay in ("auto", None)
    dt, min_delay, max_delay = _check_timing(
        timestep, min_delay, extra_params.get("max_delay"))
    for name in extra_params:
        if name not in _SETUP_KEYWORDS:
            warnings.warn(f"setup(): keyword {name!r} is not used by pyNN.spiNNaker "
                          "and was ignored")
    state = simulator.state
    state.write_on_end = []
    state.clear()
    MODEL_SETTINGS.clear()   # per-model settings last for one simulation, as in sPyNNaker
    NEURONS_PER_CORE.clear()   # so do the per-model neurons-per-core limits
    state.first_run_snapshots = {}
    state.dt, state.min_delay, state.max_delay = dt, min_delay, max_delay
    # 'auto': get_min_delay() reports the shortest delay in the network (PyNN issue 231)
    state.min_delay_auto = extra_params_min_delay_is_auto
    config = load_config()
    state.config = config
    threads = extra_params.get("threads")
    state.n_threads = config.threads if threads is None else threads
    reports = extra_params.get("reports")
    state.reports = config.write_reports if reports is None else bool(reports)
    allow_losses = extra_params.get("allow_losses")
    state.allow_losses = config.allow_losses if allow_losses is None else bool(allow_losses)
    bars = extra_params.get("progress_bars")
    progress.configure(config.progress_bars if bars is None else bool(bars))
    state.machine_options = {k: v for k, v in machine_options(config).items() if v is not None}
    if extra_params.get("n_boards_required") is not None:
        state.machine_options["n_boards"] = int(extra_params["n_boards_required"])
    if extra_params.get("n_chips_required") is not None:
        state.machine_options["n_chips"] = int(extra_params["n_chips_required"])
    state.time_scale_factor = extra_params.get("time_scale_factor")
    state.filename = extra_params.get("filename")
    state.label = extra_params.get("label")
    state.graph.rng_seed = extra_params.get("rng_seed")
    # default labels ('population0', 'projection0', ...) count within this simulation, so a
    # script run again in one process (a notebook cell, a test suite) gets the same labels,
    # hence the same label-seeded random streams (pyNN.nest: the same kernel seed)
    common.Population._nPop = common.Projection._nProj = common.Assembly._count = 0
    _register_listeners(extra_params.get("database_socket_addresses"))
    return rank()


def _register_listeners(addresses):
    """setup(database_socket_addresses=[...]): each a listener for the database notification
    protocol, as sPyNNaker's SocketAddress (notify_host_name, notify_port_no, listen_port)
    or a (host, notify port, ack port) tuple."""
    from .live import add_database_socket_address
    for address in addresses or ():
        if isinstance(address, (tuple, list)) and len(address) == 3:
            host, notify, ack = address
        elif all(hasattr(address, a) for a in ("notify_host_name", "notify_port_no",
                                                "listen_port")):
            host, notify, ack = (address.notify_host_name, address.notify_port_no,
                                 address.listen_port)
        else:
            raise TypeError(
                "setup(database_socket_addresses=...): each address must be a SocketAddress "
                "(notify_host_name, notify_port_no, listen_port) or a (host, notify port, "
                f"ack port) tuple, not {address!r}")
        add_database_socket_address(host, notify, ack)


def end(compatible_output=True):
    """Write the recordings that were given a file (``record(..., to_file=...)``), then
    discard the network; populations keep their recorded data (``get_data()``)."""
    state = simulator.state
    for population, variables, filename in state.write_on_end:
        population.write_data(get_io(filename), variables)
    state.write_on_end = []
    # keep what was recorded: get_data() still works after end() (PyNN issue 499)
    for recorder in state.recorders:
        recorder.store_to_cache()
    state.clear()


_run, _run_until = common.build_run(simulator)


def _snapshot_at_first_run():
    """Keep each population's parameters and initial values as they are at its first run
    (``Population.reset(attributes)`` restores them)."""
    state = simulator.state
    taken = state.__dict__.setdefault("first_run_snapshots", {})
    for vertex in state.graph.vertices:
        if vertex not in taken:
            taken[vertex] = snapshot(vertex)


def run(simtime, callbacks=None):
    """Run the simulation for ``simtime`` ms; returns the time reached."""
    checks.run_time(simtime, "run(simtime)")
    if simtime < 0:
        raise ValueError(f"run(simtime): simtime {simtime:g} ms is negative; give the "
                         "duration to run, >= 0 ms")
    _snapshot_at_first_run()
    return _run(simtime, callbacks)


def run_until(tstop, callbacks=None):
    """Run the simulation until ``tstop`` ms; returns the time reached."""
    checks.run_time(tstop, "run_until(tstop)")
    _snapshot_at_first_run()
    return _run_until(tstop, callbacks)


run_for = run
reset = common.build_reset(simulator)
initialize = common.initialize
get_current_time, get_time_step, _get_min_delay, get_max_delay, num_processes, rank = \
    common.build_state_queries(simulator)


def get_min_delay():
    """The minimum delay in ms: as given to setup(), or with ``min_delay='auto'`` the
    shortest delay of any connection in the network (one timestep when there is none)."""
    state = simulator.state
    if getattr(state, "min_delay_auto", False):
        delays = [edge.delays.min() for edge in state.graph.edges if len(edge.delays)]
        return float(min(delays)) if delays else state.dt
    return _get_min_delay()


# ---------------------------------------------------------------------- sPyNNaker extras
def set_number_of_neurons_per_core(neuron_type, max_permitted):
    """Limit how many neurons of a model share one core.

    ``max_permitted`` is a positive int, a tuple of them (sPyNNaker's per-dimension limit
    for multi-dimensional populations; here their product: results do not depend on how a
    population is split), or None (back to the model's default).  Applies to populations
    created afterwards and to existing ones that have no limit of their own
    (``Population.set_max_atoms_per_core``).
    """
    if max_permitted is not None:
        limits = np.atleast_1d(np.asarray(max_permitted))
        # whole floats too: scripts write e.g. n_neurons / 2
        if limits.dtype.kind not in "iuf" or limits.size == 0 or np.any(limits < 1) \
                or np.any(limits != np.round(limits)):
            raise ValueError(f"set_number_of_neurons_per_core(): max_permitted must be a "
                             f"positive integer, a tuple of them or None, not "
                             f"{max_permitted!r}")
        max_permitted = int(np.prod(limits.astype(np.int64)))
    spec = spec_for(neuron_type)
    previous = NEURONS_PER_CORE.get(spec.name)
    if max_permitted is None:
        NEURONS_PER_CORE.pop(spec.name, None)
    else:
        NEURONS_PER_CORE[spec.name] = max_permitted
    graph = simulator.state.graph
    changed = False
    for vertex in graph.vertices:
        if vertex.model.name == spec.name and vertex.max_atoms_per_core in (None, previous):
            vertex.max_atoms_per_core = max_permitted
            changed = True
    if changed:
        graph.mark_changed()


def name():
    """The name of the simulator (sPyNNaker's ``sim.name()``, used in plot annotations)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        release = version("spynnaker_backend")
    except PackageNotFoundError:
        release = "source"
    return f"spynnaker_backend {release} (pyNN.spiNNaker on the virtual machine)"


def _neuron_spec(neuron_type, caller):
    spec = spec_for(neuron_type)
    if spec.is_source:
        raise TypeError(f"{caller}(): {spec.name} is a spike source; only neuron models "
                        "have synapses and delay extensions")
    return spec


def _warn_if_populations(caller):
    if simulator.state.graph.vertices:
        warnings.warn(f"{caller} only affects Populations not yet made", stacklevel=3)


def set_number_of_synapse_cores(neuron_type, n_synapse_cores):
    """sPyNNaker's choice of separate synapse cores for a model (None: automatic, 0:
    synapses on the neuron core, n: n synapse cores per neuron core).

    Accepted and checked; it does not change results or mapping here: the virtual machine's
    neuron cores process their own synaptic input, and a board runs the same core images.
    Like sPyNNaker, it affects only Populations made afterwards.
    """
    spec = _neuron_spec(neuron_type, "set_number_of_synapse_cores")
    if n_synapse_cores is not None and (isinstance(n_synapse_cores, bool)
                                        or int(n_synapse_cores) != n_synapse_cores
                                        or n_synapse_cores < 0):
        raise ValueError(f"set_number_of_synapse_cores(): n_synapse_cores must be None or "
                         f"an integer >= 0, not {n_synapse_cores!r}")
    _warn_if_populations("set_number_of_synapse_cores")
    MODEL_SETTINGS.setdefault(spec.name, {})["n_synapse_cores"] = n_synapse_cores


def set_allow_delay_extensions(neuron_type, allow_delay_extensions):
    """Whether projections onto Populations of this model made afterwards may use
    delay-extension cores (default True).

    When False, a delay longer than the neuron core handles itself (31 timesteps) raises
    an error naming the projection at the next run, as sPyNNaker refuses such a network.
    """
    spec = _neuron_spec(neuron_type, "set_allow_delay_extensions")
    _warn_if_populations("set_allow_delay_extensions")
    MODEL_SETTINGS.setdefault(spec.name, {})["allow_delay_extensions"] = \
        bool(allow_delay_extensions)


def get_machine():
    """The machine the network is (or would be) mapped onto (our machine model; the public
    ``sim.get_machine()`` wraps it in sPyNNaker's Machine API).

    After a run: the machine of the current mapping.  Before one: the machine
    ``choose_machine`` picks for an estimate of the cores, one per
    ``ceil(n_neurons / max_atoms_per_core)`` slice of each population (the mapping may need
    more: delay-extension cores, and slices narrowed to fit a core's memory).
    """
    state = simulator.state
    mapping = getattr(state, "mapping", None)
    if mapping is not None:
        return mapping.machine
    n_cores = sum(-(-vertex.n_atoms // vertex.atoms_per_core_limit)
                  for vertex in state.graph.vertices)
    return pipeline.choose_machine(max(1, n_cores), **state.machine_options)


def get_run_report():
    """The report of the last run (losses, saturation, per-core load), or None."""
    return simulator.state.last_run_report

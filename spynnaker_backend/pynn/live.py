"""sPyNNaker's external_devices functions: live output and input, rate control, run_forever.

Each call records what the live session (spynnaker_backend.live) needs; the graph gains a
live packet gatherer vertex per distinct output configuration, as in sPyNNaker, and the
simulator runs paced ticks whenever live I/O is active.
"""
import dataclasses
import math

import numpy as np

from ..errors import ConfigurationError
from ..graph import ApplicationVertex
from ..live.eieio import EIEIOType
from ..live.params import DEFAULT_LIVE_SPIKE_HOST, DEFAULT_LIVE_SPIKE_PORT, LiveOutputParams
from ..live.session import LiveSession, RateControl
from ..models import LIVE_PACKET_GATHER
from . import simulator
from .cells import DEVICE_CELL_TYPES

#: IP tags a board has (0 is SCAMP's own).
_TAGS = range(1, 8)


def default_time_scale_factor(dt_ms: float) -> float:
    """sPyNNaker's default: one tick per ms of wall clock at most (0.1 ms steps: 10)."""
    return float(max(1, math.ceil(1000 / round(dt_ms * 1000))))


def session() -> LiveSession:
    """The simulation's live session (created on first use)."""
    state = simulator.state
    if getattr(state, "live", None) is None:
        tsf = state.time_scale_factor or default_time_scale_factor(state.dt)
        state.live = LiveSession(state.dt, float(tsf))
    return state.live


def _vertex_of(population, what):
    vertex = getattr(getattr(population, "_root", population), "_vertex_", None)
    if vertex is None:
        raise TypeError(f"{what}: expected a Population, not {type(population).__name__}")
    return vertex


def add_database_socket_address(database_notify_host, database_notify_port_num,
                                database_ack_port_num):
    """Register a listener for the database notification protocol (host and port it
    listens on, default localhost:19999; port we listen for its reply on, default any)."""
    session().add_socket_address(database_notify_host, database_notify_port_num,
                                 database_ack_port_num)


def register_database_notification_request(hostname, notify_port, ack_port):
    """sPyNNaker's name for :func:`add_database_socket_address`."""
    add_database_socket_address(hostname, notify_port, ack_port)


def SpikeInjector(notify=True, database_notify_host=None, database_notify_port_num=None,
                  database_ack_port_num=None):
    """A cell type whose neurons spike when live EIEIO packets say so (see docs/live_io.md);
    ``notify`` registers a listener for the database notification protocol."""
    if notify:
        add_database_socket_address(database_notify_host, database_notify_port_num,
                                    database_ack_port_num)
    else:
        session()
    return DEVICE_CELL_TYPES["SpikeInjector"]()


def activate_live_output_for(population, *, database_notify_host=None,
                             database_notify_port_num=None, database_ack_port_num=None,
                             port=None, host=None, tag=None, strip_sdp=True, use_prefix=False,
                             key_prefix=None, prefix_type=None,
                             message_type=EIEIOType.KEY_32_BIT, right_shift=0,
                             payload_as_time_stamps=True, notify=True,
                             use_payload_prefix=True, payload_prefix=None,
                             payload_right_shift=0, number_of_packets_sent_per_time_step=0,
                             translate_keys=False, partition_ids=None):
    """Send every spike of ``population`` to host:port as EIEIO packets during runs."""
    vertex = _vertex_of(population, "activate_live_output_for")
    if translate_keys:
        raise ConfigurationError(
            "activate_live_output_for(translate_keys=True) is not supported: spikes leave "
            "with their multicast keys, which the database maps to atoms (leave it False)")
    if partition_ids not in (None, ["SPIKE"], ("SPIKE",)):
        raise ConfigurationError(f"activate_live_output_for: partition_ids {partition_ids!r}:"
                                 f" populations send one partition, 'SPIKE'")
    params = LiveOutputParams(
        port=DEFAULT_LIVE_SPIKE_PORT if port is None else int(port),
        hostname=DEFAULT_LIVE_SPIKE_HOST if host is None else str(host), tag=tag,
        strip_sdp=bool(strip_sdp), use_prefix=bool(use_prefix), key_prefix=key_prefix,
        prefix_type=prefix_type, message_type=message_type, right_shift=int(right_shift),
        payload_as_time_stamps=bool(payload_as_time_stamps),
        use_payload_prefix=bool(use_payload_prefix), payload_prefix=payload_prefix,
        payload_right_shift=int(payload_right_shift),
        number_of_packets_sent_per_time_step=int(number_of_packets_sent_per_time_step))
    live = session()
    gatherer = gatherer_for(params, "activate_live_output_for")
    simulator.state.graph.add_live_output(vertex, gatherer)
    if notify:
        live.add_socket_address(database_notify_host, database_notify_port_num,
                                database_ack_port_num)


def gatherer_for(params: LiveOutputParams, what: str) -> ApplicationVertex:
    """The live packet gatherer vertex with these parameters (shared, as in sPyNNaker;
    added to the graph with a free IP tag when there is none yet)."""
    live = session()
    for g in live.gatherers:
        if dataclasses.replace(g.device_params, tag=params.tag) == params or \
                g.device_params == params:
            return g
    used = {g.device_params.tag for g in live.gatherers}
    free = [t for t in _TAGS if t not in used]
    if params.tag is not None and params.tag in used:
        raise ConfigurationError(f"{what}: IP tag {params.tag} is already used by another "
                                 f"live output")
    if not free:
        raise ConfigurationError(f"{what}: a board has 7 IP tags and all are used; send "
                                 f"more populations to one host:port")
    params = dataclasses.replace(params, tag=params.tag or free[0])
    gatherer = simulator.state.graph.add_vertex(ApplicationVertex(
        label=params.label, n_atoms=1, model=LIVE_PACKET_GATHER, parameters={},
        device_params=params))
    live.gatherers.append(gatherer)
    return gatherer


def add_poisson_live_rate_control(poisson_population, *, control_label_extension="_control",
                                  receive_port=None, database_notify_host=None,
                                  database_notify_port_num=None, database_ack_port_num=None,
                                  notify=True, reserve_reverse_ip_tag=False):
    """Let a SpynnakerPoissonControlConnection change the population's rates during a run
    (each change takes effect from the next tick)."""
    vertex = _vertex_of(poisson_population, "add_poisson_live_rate_control")
    if vertex.model.name != "SpikeSourcePoisson":
        raise TypeError(f"add_poisson_live_rate_control: population {vertex.label!r} is a "
                        f"{vertex.model.name}, not a SpikeSourcePoisson")
    live = session()
    label = f"{vertex.label}{control_label_extension}"

    def apply(atoms, rates):
        rates = np.asarray(rates, dtype=float)
        vertex.parameters["rate"] = np.array(vertex.parameters["rate"], dtype=float)
        vertex.parameters["rate"][np.asarray(atoms)] = rates
        simulator.state.rewrite_source(vertex, atoms)

    live.add_rate_control(RateControl(label, vertex.label, vertex.n_atoms, apply))
    if notify:
        live.add_socket_address(database_notify_host, database_notify_port_num,
                                database_ack_port_num)


def run_forever(sync_time=0.0):
    """Run until :func:`request_stop` is called (from another thread, e.g. a live
    connection's callback); returns the time reached (ms)."""
    if sync_time:
        raise ConfigurationError("run_forever(sync_time=...) needs a board's synchronisation"
                                 " signals; use run_forever() and request_stop()")
    from .control import _snapshot_at_first_run
    _snapshot_at_first_run()
    return simulator.state.run_forever()


def request_stop():
    """Ask the running simulation to stop after the current tick (live I/O) or chunk."""
    state = simulator.state
    state.stop_requested = True
    if getattr(state, "live", None) is not None:
        state.live.stop_requested = True

"""One simulation's live I/O: database, notifications, the board's Ethernet, and the paced
tick loop that moves packets between the host's sockets and the cores between ticks.

The device sees only SDP messages for cores (device.send_sdp / receive_sdp) and ticks, as a
board would; no PyNN object crosses into it.
"""
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from . import eieio
from .database import DatabaseContent, VertexRecord, write_database
from .ethernet import Ethernet
from .notification import NotificationProtocol

logger = logging.getLogger(__name__)

#: Live input packets whose arrival and delivery tick the report keeps (the latest).
MAX_LOGGED = 1000
#: A rate controller's payload: rates in Hz as unsigned 16.16 fixed point (sPyNNaker's U1616).
RATE_SCALE = float(1 << 16)


@dataclass
class RateControl:
    """add_poisson_live_rate_control: a host-side controller for a Poisson population.

    ``apply(atoms, rates_hz)`` changes the rates; it runs between ticks.
    """
    label: str                 #: the controller's label (population label + extension)
    poisson_label: str
    n_atoms: int
    apply: Callable
    placement: Tuple[int, int, int] = (0, 0, 0)
    base_key: int = 0


@dataclass
class LiveStats:
    ticks: int = 0
    late_ticks: int = 0
    max_lateness_ms: float = 0.0
    events_in: int = 0
    packets_out: int = 0
    rate_updates: int = 0
    start_wall_time: Optional[float] = None
    #: (Unix time the packet reached the board's Ethernet, tick it was given to its core)
    #: of the last MAX_LOGGED live input packets
    injections: List[Tuple[float, int]] = field(default_factory=list)
    tick_seconds: float = 0.0
    notified_listeners: int = 0
    extra: Dict = field(default_factory=dict)


def _next_free_core(used, chips):
    for (x, y) in chips:
        for p in range(17, 0, -1):
            if (x, y, p) not in used:
                return (x, y, p)
    raise RuntimeError("no free core left for a live rate controller")


class LiveSession:
    """Live I/O of one simulation (created once live I/O is asked for; closed by end()).

    Parameters
    ----------
    dt_ms, time_scale_factor : float
        A tick lasts dt_ms * time_scale_factor ms of wall-clock time.
    """

    def __init__(self, dt_ms: float, time_scale_factor: float):
        self.dt_ms = dt_ms
        self.time_scale_factor = time_scale_factor
        self.tick_seconds = dt_ms * time_scale_factor / 1000.0
        self.socket_addresses: List[Tuple] = []
        self.gatherers = []            # application vertices of the live packet gatherers
        self.controls: List[RateControl] = []
        self.ethernet: Optional[Ethernet] = None
        self.directory = tempfile.mkdtemp(prefix="spynnaker_live_")
        self.database_path = os.path.join(self.directory, "input_output_database.sqlite3")
        self._mapped_version = None
        self._routes: Dict[Tuple[int, int, int], object] = {}
        self._lpg_cores: List[Tuple[object, Tuple[int, int, int]]] = []
        self.stats = LiveStats(tick_seconds=self.tick_seconds)
        self.notification: Optional[NotificationProtocol] = None
        self.stop_requested = False
        #: the EthernetControlConnection of the EthernetControlPopulations (if any): ours,
        #: closed with the session
        self.ethernet_control = None

    # ------------------------------------------------------------------ configuration
    def add_socket_address(self, host, notify_port, ack_port) -> None:
        address = (host, notify_port, ack_port)
        if address not in self.socket_addresses:
            self.socket_addresses.append(address)

    def add_rate_control(self, control: RateControl) -> None:
        self.controls.append(control)
        self._mapped_version = None

    # ------------------------------------------------------------------ each run
    def begin(self, mapping, graph, runtime_ms: Optional[float]) -> None:
        """Before a run: write the database (when the mapping changed), set the tags, tell
        the listeners (and wait for their reply), then start; the wall clock starts now."""
        if self.ethernet is None:
            self.ethernet = Ethernet()
        if self._mapped_version != (mapping.structure_version, id(mapping)):
            self._map(mapping, graph, runtime_ms)
            self._mapped_version = (mapping.structure_version, id(mapping))
        if self.notification is None:
            self.notification = NotificationProtocol(self.socket_addresses)
        self.stats = LiveStats(tick_seconds=self.tick_seconds)   # the report is per run
        self.stats.notified_listeners = self.notification.send_database(self.database_path)
        self.notification.send_start_resume()

    def _map(self, mapping, graph, runtime_ms):
        mg, placements, keys = mapping.machine_graph, mapping.placements, mapping.routing_info
        records, index, lpg_index = [], {}, {}
        self._routes, self._lpg_cores = {}, []
        used = set()
        max_key = 0
        device_events = {}   # a device-control slice's events: (atom, device key)
        for mv, key, _ in mg.device_routes:
            atom = mv.vertex_slice.start + len(device_events.setdefault(mv, []))
            device_events[mv].append((atom, key))
            max_key = max(max_key, key)
        for mv in mg.vertices:
            if mv.kind == "delay":
                continue
            p = placements[mv]
            used.add((p.x, p.y, p.p))
            events = []
            if mv in keys and mv.app_vertex.model.binary != "live_packet_gather":
                km = keys[mv]
                events = [(mv.vertex_slice.start + i, km.key | i)
                          for i in range(mv.vertex_slice.n_atoms)]
                max_key = max(max_key, km.key | ~km.mask & 0xFFFFFFFF)
            events += device_events.get(mv, [])
            index[mv] = len(records)
            records.append(VertexRecord(mv.app_vertex.label, mv.label, (p.x, p.y, p.p), events))
            binary = mv.app_vertex.model.binary
            if binary == "spike_injector":
                self._routes[(p.x, p.y, p.p)] = ("core", p)
                extra = mv.app_vertex.device_params or {}
                if extra.get("reserve_reverse_ip_tag") and extra.get("port"):
                    self.ethernet.add_reverse_tag(int(extra["port"]), (p.x, p.y, p.p))
            elif binary == "live_packet_gather":
                lpg_index[mv] = len(records) - 1
                self._lpg_cores.append((mv.app_vertex.device_params, p))
        chips = sorted(mapping.machine.chips)
        next_key = max_key + 1
        for control in self.controls:
            # the controller runs on the host: it gets a core address nothing else uses and
            # a key block after every other, so the database stays consistent
            control.placement = _next_free_core(used, chips)
            used.add(control.placement)
            size = 1 << max(0, (control.n_atoms - 1).bit_length())
            control.base_key = -(-next_key // size) * size
            next_key = control.base_key + size
            records.append(VertexRecord(control.label, f"{control.label}[0:{control.n_atoms}]",
                                        control.placement,
                                        [(i, control.base_key + i)
                                         for i in range(control.n_atoms)]))
            self._routes[control.placement] = ("control", control)
        lpg_edges = [(index[e.pre], lpg_index[e.post]) for e in mg.edges
                     if e.post in lpg_index and e.pre in index]
        lpg_edges += sorted({(index[mv], lpg_index[target])
                             for mv, _, target in mg.device_routes})
        ip_tags = {}
        for mv, i in lpg_index.items():
            prm = mv.app_vertex.device_params
            ip_tags[i] = (prm.tag, prm.hostname, prm.port, prm.strip_sdp)
            self.ethernet.set_tag(prm.tag, prm.hostname, prm.port, prm.strip_sdp)
        content = DatabaseContent(
            timestep_us=int(round(mapping.dt * 1000)), time_scale_factor=self.time_scale_factor,
            runtime_ms=runtime_ms, width=mapping.machine.width, height=mapping.machine.height,
            chips=chips, board_address=self.ethernet.address, vertices=records,
            lpg_edges=lpg_edges, ip_tags=ip_tags)
        write_database(self.database_path, content)

    def run(self, device, n_ticks: int, first_tick: int = 0) -> int:
        """Run up to n_ticks, one at a time, tick k starting at wall time t0 + k * tick.
        Returns the ticks run (fewer when a stop condition held or request_stop() came)."""
        period = self.tick_seconds
        if self.stats.start_wall_time is None:
            self.stats.start_wall_time = time.time()
            self._t0 = time.perf_counter()
            self._ticks_since_start = 0
            self._tick_base = first_tick
        for k in range(n_ticks):
            due = self._t0 + self._ticks_since_start * period
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            self._deliver(device)
            done = device.run(1)
            self._collect(device)
            self._ticks_since_start += done
            self.stats.ticks += done
            late = time.perf_counter() - (due + period)
            if late > 0:
                self.stats.late_ticks += 1
                self.stats.max_lateness_ms = max(self.stats.max_lateness_ms, late * 1000)
            if done < 1 or self.stop_requested:
                return k + done
        return n_ticks

    def _deliver(self, device):
        tick = self._tick_base + self._ticks_since_start   # the tick about to run
        for x, y, p, data, arrived in self.ethernet.take_inbound():
            route = self._routes.get((x, y, p))
            if route is None:
                self.stats.extra["sdp_to_unknown_core"] = \
                    self.stats.extra.get("sdp_to_unknown_core", 0) + 1
                continue
            kind, target = route
            if kind == "core":
                device.send_sdp(target, data[:256])
                self.stats.events_in += data[0] if len(data) > 1 else 0
                log = self.stats.injections
                log.append((arrived, tick))
                del log[:-MAX_LOGGED]
            else:
                self._control(target, data)
                self.stats.extra.setdefault("rate_update_ticks", []).append(tick)

    def _control(self, control: RateControl, data: bytes):
        try:
            packet = eieio.decode(data)
        except ValueError:
            self.stats.extra["bad_control_packets"] = \
                self.stats.extra.get("bad_control_packets", 0) + 1
            return
        if packet.payloads is None:
            return
        atoms, rates = [], []
        for key, payload in zip(packet.keys, packet.payloads):
            atom = key - control.base_key if key >= control.base_key else key
            if 0 <= atom < control.n_atoms:
                atoms.append(atom)
                rates.append(payload / RATE_SCALE)
        if atoms:
            control.apply(atoms, rates)
            self.stats.rate_updates += len(atoms)

    def _collect(self, device):
        for params, placement in self._lpg_cores:
            for tag, data in device.receive_sdp(placement):
                if self.ethernet.send(tag, data, (placement.x, placement.y, placement.p)):
                    self.stats.packets_out += 1

    def end(self) -> None:
        """After a run: tell the listeners the simulation paused or stopped."""
        if self.notification is not None:
            self.notification.send_stop_pause()

    def report(self) -> dict:
        s = self.stats
        out = {"ticks": s.ticks, "late_ticks": s.late_ticks,
               "max_lateness_ms": s.max_lateness_ms, "tick_wall_ms": s.tick_seconds * 1000,
               "events_in": s.events_in, "packets_out": s.packets_out,
               "rate_updates": s.rate_updates, "start_wall_time": s.start_wall_time,
               "start_tick": getattr(self, "_tick_base", 0),
               "injections": list(s.injections),
               "listeners_ready": s.notified_listeners,
               "board_address": self.ethernet.address if self.ethernet else None,
               "database": self.database_path}
        if self.ethernet_control is not None:   # (packets the translators have had so far)
            out["translated"] = self.ethernet_control.translated
            out["translator_failures"] = self.ethernet_control.failed
        out.update(s.extra)
        return out

    def close(self) -> None:
        if self.ethernet_control is not None:
            self.ethernet_control.close()
            self.ethernet_control = None
        if self.notification is not None:
            self.notification.close()
            self.notification = None
        if self.ethernet is not None:
            self.ethernet.close()
            self.ethernet = None
        try:
            if os.path.exists(self.database_path):
                os.remove(self.database_path)
            os.rmdir(self.directory)
        except OSError:
            pass


def u1616(rate_hz: float) -> int:
    """A rate as sPyNNaker's U16.16 payload."""
    return int(round(rate_hz * RATE_SCALE)) & 0xFFFFFFFF



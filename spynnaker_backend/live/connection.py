"""Live connections, tool side: what a program outside the simulation uses to receive its
spikes, inject spikes and change Poisson rates while it runs (sPyNNaker's
SpynnakerLiveSpikesConnection and SpynnakerPoissonControlConnection, over the same wire
formats: see docs/live_io.md).

A DatabaseConnection listens for the toolchain's notifications (default port 19999): on the
database message it reads the database, runs the database callbacks and replies; then start
and pause/stop messages call their callbacks.  A LiveEventConnection adds, per run: a UDP
socket that asks the board to point each receive label's IP tag at it (SCP IP-tag set,
answered by the board) and decodes the EIEIO packets that arrive; and SDP messages to the
first core of each send label.
"""
import logging
import socket
import threading
import time
from collections import defaultdict
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from . import eieio, sdp
from .database import DatabaseReader
from .eieio import EIEIOType
from .notification import NOTIFY_PORT

logger = logging.getLogger(__name__)

#: Events per packet (as sPyNNaker sends them) and packets sent before a short pause.
_MAX_HALF_KEYS, _MAX_FULL_KEYS, _MAX_KEY_PAYLOADS = 127, 63, 31
_SEND_BEFORE_PAUSE = 6


class DatabaseConnection:
    """Listens for the database notification protocol on (local_host, local_port)."""

    def __init__(self, start_resume_callback_function=None, stop_pause_callback_function=None,
                 local_host: Optional[str] = None, local_port: Optional[int] = NOTIFY_PORT):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind((local_host or "0.0.0.0", int(local_port or 0)))
        self._database_callbacks: List[Callable] = []
        self._start = start_resume_callback_function
        self._stop = stop_pause_callback_function
        self._running = True
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"DatabaseConnection:{self.local_port}")
        self._thread.start()

    @property
    def local_ip_address(self) -> str:
        return self._sock.getsockname()[0]

    @property
    def local_port(self) -> int:
        return self._sock.getsockname()[1]

    def add_database_callback(self, callback: Callable) -> None:
        """``callback(reader)`` runs when a database is announced, before the reply."""
        self._database_callbacks.append(callback)

    def _run(self):
        while self._running:
            try:
                data, sender = self._sock.recvfrom(65536)
            except OSError:
                return
            try:
                command, payload = eieio.read_command(data)
            except ValueError:
                continue
            try:
                if command == eieio.Command.DATABASE.value:
                    if payload:
                        with DatabaseReader(payload.decode("utf-8")) as reader:
                            for callback in self._database_callbacks:
                                callback(reader)
                    self._sock.sendto(eieio.command_bytes(eieio.Command.DATABASE), sender)
                elif command == eieio.Command.START_RESUME_NOTIFICATION.value and self._start:
                    self._start()
                elif command == eieio.Command.STOP_PAUSE_NOTIFICATION.value and self._stop:
                    self._stop()
            except Exception:   # a callback failed: keep listening, say why
                logger.exception("live connection: handling notification %d failed", command)

    def close(self):
        self._running = False
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()


class LiveEventConnection(DatabaseConnection):
    """Receive events of ``receive_labels`` (through the gatherer ``live_packet_gather_label``)
    and send events to ``send_labels`` during runs."""

    def __init__(self, live_packet_gather_label: Optional[str], receive_labels=None,
                 send_labels=None, local_host=None, local_port=NOTIFY_PORT):
        if live_packet_gather_label is None and receive_labels is not None:
            raise ValueError("receive_labels need a live_packet_gather_label")
        self._lpg_label = live_packet_gather_label
        self._receive_labels = list(receive_labels or [])
        self._send_labels = list(send_labels or [])
        self._time_callbacks: Dict[str, List] = defaultdict(list)
        self._no_time_callbacks: Dict[str, List] = defaultdict(list)
        self._start_callbacks: Dict[str, List] = defaultdict(list)
        self._stop_callbacks: Dict[str, List] = defaultdict(list)
        self._init_callbacks: Dict[str, List] = defaultdict(list)
        self._key_to_atom: Dict[int, Tuple[int, str]] = {}
        self._atom_to_key: Dict[str, Dict[int, int]] = {}
        self._send_to: Dict[str, Tuple[int, int, int, str]] = {}
        self._receiver: Optional[socket.socket] = None
        self._receiver_thread = None
        self._sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._tag_acked = threading.Event()
        super().__init__(self._do_start, self._do_stop, local_host, local_port)
        self.add_database_callback(self._read_database)

    # ------------------------------------------------------------ registration
    def add_send_label(self, label):
        if label not in self._send_labels:
            self._send_labels.append(label)

    def add_receive_label(self, label):
        if self._lpg_label is None:
            raise ValueError("no live_packet_gather_label: cannot receive")
        if label not in self._receive_labels:
            self._receive_labels.append(label)

    def add_init_callback(self, label, init_callback):
        """``init_callback(label, n_atoms, run_time_ms, timestep_ms)`` once the database is
        read."""
        self._init_callbacks[label].append(init_callback)

    def add_receive_callback(self, label, live_event_callback, translate_key=True):
        """``callback(label, time_in_ticks, [atom ids or keys])`` per received packet."""
        self._check_receive(label)
        self._time_callbacks[label].append((live_event_callback, translate_key))

    def add_receive_no_time_callback(self, label, live_event_callback, translate_key=True):
        """``callback(label, atom id or key, payload or None)`` per received event."""
        self._check_receive(label)
        self._no_time_callbacks[label].append((live_event_callback, translate_key))

    def _check_receive(self, label):
        if label not in self._receive_labels:
            raise ValueError(f"{label!r} is not one of the receive labels "
                             f"{self._receive_labels}")

    def add_start_callback(self, label, start_callback):
        self.add_start_resume_callback(label, start_callback)

    def add_start_resume_callback(self, label, start_resume_callback):
        """``callback(label, connection)`` when the simulation starts or resumes."""
        self._start_callbacks[label].append(start_resume_callback)

    def add_pause_stop_callback(self, label, pause_stop_callback):
        """``callback(label, connection)`` when the simulation pauses or stops."""
        self._stop_callbacks[label].append(pause_stop_callback)

    # ------------------------------------------------------------ protocol
    def _read_database(self, reader):
        sizes = {}
        run_time = reader.get_configuration_parameter_value("runtime")
        timestep_us = reader.get_configuration_parameter_value("machine_time_step")
        for label in self._send_labels:
            x, y, p = reader.get_placements(label)[0]
            self._send_to[label] = (x, y, p, reader.get_ip_address(x, y))
            self._atom_to_key[label] = reader.get_atom_id_to_key_mapping(label)
            sizes[label] = len(self._atom_to_key[label])
        if self._receive_labels:
            self._open_receiver()
            tags = set()
            for label in self._receive_labels:
                host, port, strip, board, tag, x, y = reader.get_live_output_details(
                    label, self._lpg_label)
                if host is None:
                    raise ValueError(f"no live output of {label!r} through "
                                     f"{self._lpg_label!r} in the database")
                tags.add((x, y, tag, board))
                mapping = reader.get_key_to_atom_id_mapping(label)
                for key, atom in mapping.items():
                    self._key_to_atom[key] = (atom, label)
                sizes[label] = len(mapping)
            for x, y, tag, board in sorted(tags):
                self._point_tag(x, y, tag, board)
        for label, n in sizes.items():
            for callback in self._init_callbacks[label]:
                callback(label, n, run_time, timestep_us / 1000.0)

    def _open_receiver(self):
        if self._receiver is not None:
            return
        self._receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._receiver.bind(("0.0.0.0", 0))
        self._receiver_thread = threading.Thread(target=self._receive, daemon=True,
                                                 name="LiveEventConnection receiver")
        self._receiver_thread.start()

    def _point_tag(self, x, y, tag, board):
        """Ask the board to send tag ``tag``'s packets to our receiver (and wait for yes)."""
        for attempt in range(5):
            self._tag_acked.clear()
            self._receiver.sendto(sdp.iptag_set_request(x, y, tag, sequence=attempt),
                                  (board, sdp.SCAMP_PORT))
            if self._tag_acked.wait(2.0):
                return
        logger.warning("the board at %s did not confirm IP tag %d", board, tag)

    def _receive(self):
        while True:
            try:
                data = self._receiver.recv(65536)
            except OSError:
                return
            if len(data) == 18 and data[2] == sdp.FLAGS_NO_REPLY and data[4] == 0xFF:
                self._tag_acked.set()   # the board's reply to an IP-tag set
                continue
            if eieio.is_command(data):
                continue
            try:
                packet = eieio.decode(data)
            except ValueError:
                logger.warning("live connection: malformed EIEIO packet ignored")
                continue
            self._dispatch(packet)

    def _dispatch(self, packet):
        by_time = defaultdict(lambda: defaultdict(list))
        for i, key in enumerate(packet.keys):
            payload = None if packet.payloads is None else packet.payloads[i]
            found = self._key_to_atom.get(key)
            if found is None:
                logger.debug("live connection: key %d of no receive label", key)
                continue
            atom, label = found
            if packet.is_time and payload is not None:
                by_time[payload][label].append((atom, key))
            else:
                for callback, translate in self._no_time_callbacks[label]:
                    callback(label, atom if translate else key, payload)
        for time_, labels in by_time.items():
            for label, events in labels.items():
                for callback, translate in self._time_callbacks[label]:
                    callback(label, time_, [a if translate else k for a, k in events])

    def _do_start(self):
        for label, callbacks in list(self._start_callbacks.items()):
            for callback in callbacks:
                threading.Thread(target=callback, args=(label, self), daemon=True).start()

    def _do_stop(self):
        for label, callbacks in list(self._stop_callbacks.items()):
            for callback in callbacks:
                threading.Thread(target=callback, args=(label, self), daemon=True).start()

    # ------------------------------------------------------------ sending
    def send_event(self, label, atom_id, send_full_keys=False):
        self.send_events(label, [atom_id], send_full_keys)

    def send_events(self, label, atom_ids, send_full_keys=False):
        """Send events of ``atom_ids``: 16-bit atom ids, or (send_full_keys) their 32-bit
        keys from the database."""
        ids = [int(a) for a in atom_ids]
        if send_full_keys:
            keys = [self._atom_to_key[label][a] for a in ids]
            self._send_chunks(label, EIEIOType.KEY_32_BIT, keys, None, _MAX_FULL_KEYS)
        else:
            self._send_chunks(label, EIEIOType.KEY_16_BIT, ids, None, _MAX_HALF_KEYS)

    def send_event_with_payload(self, label, atom_id, payload):
        self.send_events_with_payloads(label, [(atom_id, payload)])

    def send_events_with_payloads(self, label, atom_ids_and_payloads):
        pairs = [(self._atom_to_key[label][int(a)], int(p)) for a, p in atom_ids_and_payloads]
        self._send_chunks(label, EIEIOType.KEY_PAYLOAD_32_BIT, [k for k, _ in pairs],
                          [p for _, p in pairs], _MAX_KEY_PAYLOADS)

    def send_eieio_message(self, message: bytes, label):
        x, y, p, ip = self._target(label)
        self._sender.sendto(sdp.eieio_to_core(x, y, p, bytes(message)), (ip, sdp.SCAMP_PORT))

    def _target(self, label):
        try:
            return self._send_to[label]
        except KeyError:
            raise ValueError(f"{label!r}: not a send label, or the database has not been "
                             f"read yet (send from a start callback)") from None

    def _send_chunks(self, label, eieio_type, keys, payloads, per_packet):
        x, y, p, ip = self._target(label)
        for n, at in enumerate(range(0, len(keys), per_packet)):
            chunk = keys[at:at + per_packet]
            pl = None if payloads is None else payloads[at:at + per_packet]
            self._sender.sendto(sdp.eieio_to_core(x, y, p, eieio.encode(eieio_type, chunk, pl)),
                                (ip, sdp.SCAMP_PORT))
            if (n + 1) % _SEND_BEFORE_PAUSE == 0 and at + per_packet < len(keys):
                time.sleep(0.1)

    def close(self):
        super().close()
        if self._receiver is not None:
            self._receiver.close()
        self._sender.close()


class SpynnakerLiveSpikesConnection(LiveEventConnection):
    """Receive and send live spikes of populations (by label)."""

    def __init__(self, receive_labels: Optional[Iterable[str]] = None,
                 send_labels: Optional[Iterable[str]] = None, local_host=None,
                 local_port=NOTIFY_PORT, live_packet_gather_label="LiveSpikeReceiver"):
        super().__init__(live_packet_gather_label, receive_labels, send_labels, local_host,
                         local_port)

    def send_spike(self, label, neuron_id, send_full_keys=False):
        self.send_events(label, [neuron_id], send_full_keys)

    def send_spikes(self, label, neuron_ids, send_full_keys=False):
        self.send_events(label, neuron_ids, send_full_keys)


class SpynnakerPoissonControlConnection(LiveEventConnection):
    """Change the rates of Poisson populations (by label) while the simulation runs."""

    def __init__(self, poisson_labels: Optional[Iterable[str]] = None, local_host=None,
                 local_port=NOTIFY_PORT, control_label_extension="_control"):
        self._extension = control_label_extension
        labels = list(poisson_labels or [])
        super().__init__(None, None, [self._control(lb) for lb in labels], local_host,
                         local_port)

    def _control(self, label):
        return label if label.endswith(self._extension) else f"{label}{self._extension}"

    def _plain(self, label):
        return label[:-len(self._extension)] if label.endswith(self._extension) else label

    def add_poisson_label(self, label):
        self.add_send_label(self._control(label))

    def add_start_resume_callback(self, label, start_resume_callback):
        super().add_start_resume_callback(
            self._control(label), lambda lb, conn: start_resume_callback(self._plain(lb), conn))

    add_start_callback = add_start_resume_callback

    def add_pause_stop_callback(self, label, pause_stop_callback):
        super().add_pause_stop_callback(
            self._control(label), lambda lb, conn: pause_stop_callback(self._plain(lb), conn))

    def add_init_callback(self, label, init_callback):
        super().add_init_callback(
            self._control(label), lambda lb, *args: init_callback(self._plain(lb), *args))

    def add_receive_callback(self, label, live_event_callback, translate_key=True):
        raise ValueError("a SpynnakerPoissonControlConnection cannot receive")

    add_receive_no_time_callback = add_receive_callback

    def set_rate(self, label, neuron_id, rate):
        self.set_rates(label, [(neuron_id, rate)])

    def set_rates(self, label, neuron_id_rates):
        """Set rates (Hz) of (neuron id, rate) pairs; sent as U16.16 payloads."""
        self.send_events_with_payloads(
            self._control(label),
            [(n, int(round(float(r) * 65536)) & 0xFFFFFFFF) for n, r in neuron_id_rates])

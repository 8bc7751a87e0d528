"""The virtual board's Ethernet: SCP/SDP on UDP port 17893 of a loopback address.

What arrives: IP-tag set requests (answered as SCAMP does, so a live connection can point a
gatherer's tag at itself) and SDP messages for a core's port 1 (EIEIO packets for a spike
injector or a rate controller), queued until the host hands them to the core between ticks.
What leaves: the gatherers' EIEIO packets, through their IP tags.
"""
import collections
import logging
import socket
import threading
import time
from typing import Dict, Optional, Tuple

from . import sdp

logger = logging.getLogger(__name__)

#: Loopback addresses tried for the board, so that simulations in parallel processes each
#: get a port 17893 (Linux routes all of 127.0.0.0/8 to the loopback interface).
_BOARD_ADDRESSES = ["127.0.0.1"] + [f"127.0.{i}.1" for i in range(1, 64)]


def resolve(host: Optional[str]) -> str:
    """An IPv4 address for a host name; '0.0.0.0' and None mean this host."""
    if host in (None, "", "0.0.0.0"):
        return "127.0.0.1"
    return socket.gethostbyname(host)


class Ethernet:
    """The board's UDP endpoint, with its IP-tag table and inbound SDP queue."""

    def __init__(self, address: Optional[str] = None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for candidate in ([address] if address else _BOARD_ADDRESSES):
            try:
                self.sock.bind((candidate, sdp.SCAMP_PORT))
                break
            except OSError:
                continue
        else:
            self.sock.close()
            raise OSError(f"no loopback address has UDP port {sdp.SCAMP_PORT} free for the "
                          f"virtual board's Ethernet (tried {len(_BOARD_ADDRESSES)})")
        self.address = self.sock.getsockname()[0]
        #: tag -> (ip, port, strip_sdp)
        self.tags: Dict[int, Tuple[str, int, bool]] = {}
        #: (x, y, p, data, wall time of arrival) in arrival order
        self.inbound = collections.deque()
        self.counts = collections.Counter()
        self._reverse = {}   # port -> (socket, [x, y, p])
        self._lock = threading.Lock()
        self._running = True
        self._thread = threading.Thread(target=self._receive, name="virtual-board-ethernet",
                                        daemon=True)
        self._thread.start()

    def set_tag(self, tag: int, host: str, port: int, strip: bool = True) -> None:
        with self._lock:
            self.tags[tag] = (resolve(host), int(port), bool(strip))

    def _receive(self):
        while self._running:
            try:
                datagram, sender = self.sock.recvfrom(65536)
            except OSError:
                return   # closed
            arrived = time.time()
            try:
                header, data = sdp.unpack(datagram)
            except ValueError:
                self.counts["malformed"] += 1
                continue
            if header.dest_port == 0:
                request = sdp.read_iptag_set(data)
                if request is None:
                    self.counts["scp_ignored"] += 1
                    continue
                ip, port = (sender if request.use_sender else (request.ip, request.port))
                self.set_tag(request.tag, ip, port, request.strip)
                self.counts["iptag_set"] += 1
                if header.flags & 0x80:
                    self.sock.sendto(sdp.scp_ok_reply(header.dest_x, header.dest_y,
                                                      request.sequence, request.tag), sender)
            elif header.dest_port == 1:
                self.inbound.append((header.dest_x, header.dest_y, header.dest_cpu, data,
                                     arrived))
                self.counts["sdp_in"] += 1
            else:
                self.counts["sdp_ignored"] += 1

    def add_reverse_tag(self, port: int, core) -> None:
        """Raw EIEIO packets (no SDP header) arriving at UDP ``port`` of the board go to
        ``core`` (x, y, p): a reverse IP tag, as a SpikeInjector with
        reserve_reverse_ip_tag=True and a port has."""
        if port in self._reverse:
            self._reverse[port][1][:] = core
            return
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind((self.address, int(port)))
        except OSError as err:
            sock.close()
            raise OSError(f"reverse IP tag: UDP port {port} of the virtual board "
                          f"({self.address}) is taken: {err}") from None
        target = list(core)
        self._reverse[port] = (sock, target)

        def receive():
            while self._running:
                try:
                    data = sock.recv(65536)
                except OSError:
                    return
                x, y, p = target
                self.inbound.append((x, y, p, data, time.time()))
                self.counts["reverse_in"] += 1
        threading.Thread(target=receive, daemon=True, name=f"reverse-tag-{port}").start()

    def take_inbound(self):
        """Every queued inbound message, oldest first (and forget them)."""
        out = []
        while self.inbound:
            out.append(self.inbound.popleft())
        return out

    def send(self, tag: int, data: bytes, src=(0, 0, 0)) -> bool:
        """Send data through an IP tag; False if the tag points nowhere."""
        with self._lock:
            target = self.tags.get(tag)
        if target is None:
            self.counts["no_tag"] += 1
            return False
        ip, port, strip = target
        if not strip:
            x, y, p = src
            data = sdp.pack(sdp.SDPHeader(sdp.FLAGS_NO_REPLY, tag, 7, 31, 1, p, 0, 0, x, y),
                            data)
        try:
            self.sock.sendto(data, (ip, port))
        except OSError:
            self.counts["send_failed"] += 1
            return False
        self.counts["sdp_out"] += 1
        return True

    def close(self):
        self._running = False
        for sock, _ in self._reverse.values():
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self._thread.join(timeout=2)

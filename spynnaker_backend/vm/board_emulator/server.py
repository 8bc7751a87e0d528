"""The loopback board on the network: SCP on UDP 17893 per Ethernet chip, boot on 54321.

Until it is booted (or unless started ``booted=True``) the board stays silent on SCP, as a
powered board without SC&MP does.  The boot protocol (from SpiNNMan's
spinnaker_boot_messages.py): big-endian ``>HIIII`` (version 1, opcode, 3 operands) after two
pad bytes; FLOOD_FILL_START (1, op3 = blocks - 1), FLOOD_FILL_BLOCK (3, op1 = 255 << 8 |
block, 1 KiB of byte-swapped words), FLOOD_FILL_CONTROL (5).  The reassembled image is
SC&MP's; its boot values (at byte 384) say the board version.
"""
import ipaddress
import logging
import select
import socket
import struct
import threading
from typing import Dict, List, Optional, Tuple

from ...machine import virtual_machine
from .bridge import VmRunner
from .scamp import ScampBoard

SCP_PORT = 17893
BOOT_PORT = 54321
BOOT_VALUES_OFFSET = 384
_BOOT = struct.Struct(">HIIII")   # protocol version 1, opcode, 3 operands
logger = logging.getLogger(__name__)


def check_host(host: str) -> str:
    """``host`` if a loopback board may listen there; ValueError naming the fix otherwise."""
    if host in ("127.0.0.1", "localhost"):
        raise ValueError("127.0.0.1 is not allowed: SpiNNMan replaces a board at 127.0.0.1 "
                         "with a fake transceiver; use 127.0.0.2 or another 127.0.0.x")
    ipaddress.IPv4Address(host)
    return host


class LoopbackBoard:
    """An emulated SpiNNaker machine answering SpiNNMan on ``host``.

    Parameters
    ----------
    host : str
        Address of the (first) Ethernet chip, e.g. ``"127.0.0.2"``; further boards of a
        multi-board machine listen on the following addresses.
    version : {3, 5}
        Board version (3: one 4-chip board; 5: 48-chip boards).
    width, height : int, optional
        Machine size in chips (multiples of 12: triads of version 5 boards).
    booted : bool
        Answer SCP at once (True) or wait to be booted over UDP 54321 (False, like a board
        that was just powered on).
    dead_chips, dead_cores, dead_links : iterables of tuples
        Parts that are broken: (x, y), (x, y, p), (x, y, link).
    scamp_version : str
        The version CMD_VER reports.
    sdram_limit : int, optional
        SDRAM the heap gives per chip, below what CMD_INFO reports.
    scp_port : int
        UDP port of SCP (17893 on a board).
    n_threads : int, optional
        Host threads of the virtual machine that runs the cores.
    """

    def __init__(self, host: str, version: int = 5, width: Optional[int] = None,
                 height: Optional[int] = None, *, booted: bool = False, dead_chips=(),
                 dead_cores=(), dead_links=(), scamp_version: str = "4.0.0",
                 sdram_limit: Optional[int] = None, scp_port: int = SCP_PORT,
                 n_threads: Optional[int] = None):
        self.host = check_host(host)
        machine = virtual_machine(version=version, width=width, height=height,
                                  dead_chips=dead_chips, dead_cores=dead_cores,
                                  dead_links=dead_links)
        first = int(ipaddress.IPv4Address(host))
        self.ips: Dict[Tuple[int, int], str] = {
            root: str(ipaddress.IPv4Address(first + i))
            for i, root in enumerate(machine.boards)}
        self.board = ScampBoard(machine, self.ips, hardware_version=version,
                                scamp_version=scamp_version, sdram_limit=sdram_limit)
        self.board.booted = booted
        self.board.runner = VmRunner(self.board, n_threads)
        self.scp_port = scp_port
        self.boot_image: Optional[bytes] = None
        self._blocks: Dict[int, bytes] = {}
        self._sockets: List[socket.socket] = []
        self._roots: Dict[socket.socket, Tuple[int, int]] = {}
        self._boot_socket: Optional[socket.socket] = None
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> "LoopbackBoard":
        try:
            for root, ip in self.ips.items():
                self._sockets.append(self._bind(ip, self.scp_port))
                self._roots[self._sockets[-1]] = root
            self._boot_socket = self._bind(self.host, BOOT_PORT)
        except OSError:
            self.stop()
            raise
        self._thread = threading.Thread(target=self._serve, name="loopback-board",
                                        daemon=True)
        self._thread.start()
        return self

    @staticmethod
    def _bind(ip: str, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((ip, port))
        except OSError as e:
            sock.close()
            raise OSError(f"the loopback board cannot listen on {ip}:{port}: {e}") from None
        return sock

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        for sock in self._sockets + ([self._boot_socket] if self._boot_socket else []):
            sock.close()
        self._sockets, self._boot_socket = [], None
        runner = self.board.runner
        if runner is not None:
            runner.stopped(runner.app_id)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---------------------------------------------------------------- serving
    def _serve(self) -> None:
        sockets = self._sockets + [self._boot_socket]
        while not self._stop.is_set():
            ready, _, _ = select.select(sockets, [], [], 0.05)
            for sock in ready:
                try:
                    data, sender = sock.recvfrom(65536)
                except OSError:
                    continue
                if sock is self._boot_socket:
                    self._boot_packet(data)
                    continue
                reply = self.board.handle(data, self._roots[sock])
                if reply is not None:
                    sock.sendto(reply, sender)

    def _boot_packet(self, data: bytes) -> None:
        if len(data) < _BOOT.size:
            return
        version, opcode, op1, op2, op3 = _BOOT.unpack_from(data)
        if opcode == 1:           # FLOOD_FILL_START
            self._blocks = {}
            self._n_blocks = op3 + 1
        elif opcode == 3:         # FLOOD_FILL_BLOCK
            self._blocks[op1 & 0xFF] = data[_BOOT.size:]
        elif opcode == 5 and self._blocks and \
                len(self._blocks) == getattr(self, "_n_blocks", -1):   # FLOOD_FILL_CONTROL
            words = b"".join(self._blocks[i] for i in range(self._n_blocks))
            n = len(words) // 4
            self.boot_image = struct.pack(f"<{n}I", *struct.unpack(f">{n}I", words[:4 * n]))
            version = self.boot_image[BOOT_VALUES_OFFSET + 0x0A]
            logger.info("booted with %d bytes of SC&MP (board version %d)",
                        len(self.boot_image), version)
            with self.board.lock:
                self.board.booted = True

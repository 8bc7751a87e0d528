"""SC&MP's side of SCP: the commands SpiNNMan 7.4.1 sends, answered for every chip.

One :class:`ScampBoard` holds the chips of a machine (one or more boards) and answers a
request datagram with a reply datagram.  The wire format (from the public SpiNNMan
sources): 2 pad bytes, the 8-byte SDP header (flags, tag, dest port/cpu, src port/cpu,
dest y, dest x, src y, src x), then ``cmd:u16 seq:u16 arg1 arg2 arg3:u32`` and data; a
reply puts ``result:u16`` where ``cmd`` was and echoes ``seq``.  Application runs are
handed to a runner (bridge.py) that executes the loaded images on the virtual machine.
"""
import collections
import struct
import threading
from typing import Dict, Optional, Tuple

from ...machine import Machine
from ...machine.constants import BOARD_48_CHIPS, SDRAM_BYTES
from .aplx_loader import AplxError, app_name
from .chip_state import (
    EXECUTABLE_BUFFER, INITIALISING, P2P_TABLE, READY, RUN_TIME_EXCEPTION, RUNNING, ChipState)

RC_OK, RC_LEN, RC_SUM, RC_CMD, RC_ARG, RC_CPU = 0x80, 0x81, 0x82, 0x83, 0x84, 0x88
(CMD_VER, CMD_READ, CMD_WRITE, CMD_COUNT, CMD_AR, CMD_NNP, CMD_APP_COPY_RUN, CMD_SIG,
 CMD_LED, CMD_IPTAG, CMD_ALLOC, CMD_RTR, CMD_INFO, CMD_SYNC) = (
    0, 2, 3, 15, 19, 20, 21, 22, 25, 26, 28, 29, 31, 32)
MAX_DATA = 256
WAIT_FLAG = 1 << 18
SIG_STOP = 2
_SDP = struct.Struct("<2x8B")
_SCP = struct.Struct("<HHIII")


class ScpError(Exception):
    """A request SC&MP refuses: the result code to reply with."""

    def __init__(self, code: int, why: str = ""):
        super().__init__(why)
        self.code = code


def _board_root(machine: Machine, x: int, y: int) -> Tuple[int, int]:
    """The Ethernet chip of the board that (x, y) is on."""
    if len(machine.boards) == 1:
        return machine.boards[0]
    for rx, ry in machine.boards:
        if ((x - rx) % machine.width, (y - ry) % machine.height) in BOARD_48_CHIPS:
            return rx, ry
    raise ValueError(f"chip ({x}, {y}) is on no board")


def _spanning_tree(machine: Machine) -> Dict[Tuple[int, int], Optional[int]]:
    """Breadth-first from (0, 0) over live links: chip -> the link towards its parent."""
    parent: Dict[Tuple[int, int], Optional[int]] = {(0, 0): None}
    queue = collections.deque([(0, 0)])
    while queue:
        xy = queue.popleft()
        for link, other in sorted(machine.chips[xy].links.items()):
            if other not in parent:
                parent[other] = (link + 3) % 6
                queue.append(other)
    return parent


class ScampBoard:
    """The chips of an emulated machine and SC&MP's answers for them.

    Parameters
    ----------
    machine : Machine
        The live chips, cores and links (``machine.boards`` are the Ethernet chips).
    ips : dict of (x, y) -> str
        IP address of each Ethernet chip.
    hardware_version : int
        The board version the sv block reports (3 or 5).
    scamp_version : str
        What CMD_VER answers (SpiNNMan 7.4.1 requires 4.x.y).
    sdram_limit : int, optional
        SDRAM the heap really gives on each chip (CMD_INFO still reports the full size):
        models another user having taken memory after discovery.
    """

    def __init__(self, machine: Machine, ips: Dict[Tuple[int, int], str],
                 hardware_version: int = 5, scamp_version: str = "4.0.0",
                 sdram_limit: Optional[int] = None):
        if (0, 0) not in machine.chips:
            raise ValueError("the machine needs a live chip (0, 0) to boot from")
        self.machine = machine
        self.scamp_version = scamp_version
        self.lock = threading.RLock()
        self.booted = False
        #: what runs the applications (bridge.VmRunner): told of loads, signals and stops
        self.runner = None
        tree = _spanning_tree(machine)
        self.chips: Dict[Tuple[int, int], ChipState] = {}
        for (x, y), chip in machine.chips.items():
            if (x, y) not in tree:
                continue   # unreachable: SC&MP never hears of it
            self.chips[x, y] = ChipState(
                x, y, width=machine.width, height=machine.height,
                hardware_version=hardware_version, live_cores=(0,) + chip.processors,
                links=chip.links, ethernet=_board_root(machine, x, y), ip=ips.get((x, y)),
                parent_link=tree[x, y], sdram_bytes=SDRAM_BYTES, sdram_limit=sdram_limit)
        self._write_p2p_table(tree)

    def _write_p2p_table(self, tree):
        """(0, 0)'s P2P table: 3 bits per chip, 8 chips per word, 256 chips per column."""
        columns: Dict[int, Dict[int, int]] = collections.defaultdict(dict)
        for (x, y) in self.chips:
            route = 7 if (x, y) == (0, 0) else self._first_hop(tree, x, y)
            columns[x][y] = route
        chip = self.chips[0, 0]
        for x in range(self.machine.width):
            words = []
            for base in range(0, self.machine.height, 8):
                word = 0
                for entry in range(8):
                    word |= columns[x].get(base + entry, 6) << (3 * entry)
                words.append(word)
            chip.memory.write(P2P_TABLE + ((256 * x) // 8) * 4,
                              struct.pack(f"<{len(words)}I", *words))

    def _first_hop(self, tree, x, y):
        """The link (0, 0) sends on to reach (x, y) along the tree."""
        child = (x, y)
        while True:
            parent = self.machine.chips[child].links[tree[child]]
            if parent == (0, 0):
                return (tree[child] + 3) % 6
            child = parent

    # ---------------------------------------------------------------- wire format
    def handle(self, datagram: bytes, root: Tuple[int, int] = (0, 0)) -> Optional[bytes]:
        """The reply to one SCP request datagram that arrived at the Ethernet chip ``root``
        (None: SC&MP would not answer).  Chip (255, 255) means ``root`` itself."""
        if len(datagram) < _SDP.size + _SCP.size:
            return None
        (flags, tag, dport, sport, dy, dx, sy, sx) = _SDP.unpack_from(datagram)
        cmd, seq, arg1, arg2, arg3 = _SCP.unpack_from(datagram, _SDP.size)
        data = datagram[_SDP.size + _SCP.size:]
        with self.lock:
            if not self.booted:
                return None   # the chips run no SC&MP yet: nothing answers
            chip = self.chips.get(root if (dx, dy) == (255, 255) else (dx, dy))
            if chip is None:
                return None   # a dead or absent chip: the P2P packet is lost
            try:
                result, payload = RC_OK, self._command(chip, cmd, arg1, arg2, arg3, data)
            except ScpError as e:
                result, payload = e.code, b""
        header = struct.pack("<2x8B", 0x07, 0xFF, sport, dport, sy, sx, chip.y, chip.x)
        return header + struct.pack("<HH", result, seq) + payload

    def _command(self, chip: ChipState, cmd, arg1, arg2, arg3, data) -> bytes:
        handler = {
            CMD_VER: self._ver, CMD_READ: self._read, CMD_WRITE: self._write,
            CMD_INFO: self._info, CMD_IPTAG: self._iptag, CMD_ALLOC: self._alloc,
            CMD_RTR: self._rtr, CMD_AR: self._ar, CMD_APP_COPY_RUN: self._app_copy_run,
            CMD_SIG: self._sig, CMD_NNP: self._nnp, CMD_COUNT: self._count,
            CMD_SYNC: self._ok, CMD_LED: self._ok,
        }.get(cmd)
        if handler is None:
            raise ScpError(RC_CMD, f"command {cmd} is not emulated")
        return handler(chip, arg1, arg2, arg3, data)

    # ---------------------------------------------------------------- commands
    def _ok(self, chip, arg1, arg2, arg3, data):
        return b""

    def _ver(self, chip, arg1, arg2, arg3, data):
        text = f"SC&MP/SpiNNaker\0{self.scamp_version}\0".encode()
        return struct.pack("<BBBBHHI", 0, 0, chip.y, chip.x, MAX_DATA, 0xFFFF, 0) + text

    def _read(self, chip, address, length, width, data):
        if length > MAX_DATA:
            raise ScpError(RC_LEN, "at most 256 bytes per read")
        return chip.memory.read(address, length)

    def _write(self, chip, address, length, width, data):
        if length > MAX_DATA or length != len(data):
            raise ScpError(RC_LEN, "write length and data differ")
        chip.memory.write(address, data)
        return b""

    def _info(self, chip, arg1, arg2, arg3, data):
        links = sum(1 << link for link in chip.links)
        flags = (18 | (links << 8) | (min(chip.router_free_entries(), 0x7FF) << 14) |
                 ((1 if chip.ip else 0) << 25))
        states = bytes(chip.state(p) for p in range(18))
        ip = bytes(int(b) for b in chip.ip.split(".")) if chip.ip else bytes(4)
        parent = 0xFFFF if chip.parent_link is None else chip.parent_link
        return (struct.pack("<III", flags, chip.reported_sdram, 0) + states +
                bytes([chip.ethernet[1], chip.ethernet[0]]) + ip + struct.pack("<H", parent))

    def _iptag(self, chip, arg1, arg2, arg3, data):
        """Tags are accepted (nothing here sends to one); TTO (4) sets the transient tag
        timeout and reports it with a pool of 8 transient and 8 fixed tags."""
        op = (arg1 >> 16) & 0xFF
        if op == 4 and arg2 < 16:
            self.tag_timeout = arg2
        if op == 4:
            return struct.pack("<BxBB", getattr(self, "tag_timeout", 0), 8, 8)
        return b""

    def _alloc(self, chip, arg1, arg2, arg3, data):
        op, app_id, flags = arg1 & 0xFF, (arg1 >> 8) & 0xFF, (arg1 >> 16) & 0xFF
        if op == 0:     # SDRAM: size arg2, tag arg3
            return struct.pack("<I", chip.heap.alloc(arg2, app_id, arg3 & 0xFF,
                                                     bool(flags & 4)))
        if op == 1:
            freed = chip.heap.release(arg2)
            return struct.pack("<I", freed or 0)
        if op == 2:
            freed = chip.heap.release_app(app_id)
            for address, size in freed:
                chip.memory.release(address, size)
            return struct.pack("<I", len(freed))
        if op == 3:     # router entries: count arg2
            return struct.pack("<I", chip.router_alloc(arg2, app_id))
        if op == 5:
            chip.router_free_app(app_id)
            return struct.pack("<I", 0)
        raise ScpError(RC_ARG, f"alloc operation {op}")

    def _rtr(self, chip, arg1, arg2, arg3, data):
        op = arg1 & 0xFF
        if op == 0:          # clear
            chip.router.clear()
            chip.router_blocks.clear()
            return b""
        if op == 2:          # load count entries from the table at arg2 to base arg3
            count, app_id = arg1 >> 16, (arg1 >> 8) & 0xFF
            table = chip.memory.read(arg2, 16 * count)
            for i in range(count):
                index, route, key, mask = struct.unpack_from("<H2xIII", table, 16 * i)
                if index == 0xFFFF:
                    break
                if not 0 < arg3 + index < 1024:
                    raise ScpError(RC_ARG, f"router entry {arg3 + index}")
                chip.router[arg3 + index] = (key, mask, route, app_id)
            return b""
        if op == 3:          # fixed route: accepted (no fixed-route traffic is emulated)
            return b""
        raise ScpError(RC_ARG, f"router operation {op}")

    def _start_cores(self, chip: ChipState, mask: int, app_id: int, wait: bool):
        """SC&MP's proc_start_app, then what our ARM platform does at start-up: the vcpu
        gets the binary's name from the APLX; the core is READY (wait) and its region table
        is checked when the run starts."""
        image = chip.memory.read(EXECUTABLE_BUFFER, 64 * 1024)
        try:
            name = app_name(image)
        except AplxError as e:
            name, error = "", str(e)
        else:
            error = ""
        for p in range(1, 18):
            if not mask & (1 << p):
                continue
            if p not in chip.live_cores:
                raise ScpError(RC_CPU, f"core {p} of chip ({chip.x}, {chip.y}) is dead")
            chip.start_core(p, app_id, name)
            if error:
                chip.set_state(p, RUN_TIME_EXCEPTION)
                chip.write_iobuf(p, f"the loaded executable is not runnable: {error}\n")
            else:
                chip.set_state(p, READY if wait else INITIALISING)
        if self.runner is not None:
            self.runner.loaded(app_id)

    def _ar(self, chip, arg1, arg2, arg3, data):
        self._start_cores(chip, arg1 & 0x3FFFF, (arg1 >> 24) & 0xFF, bool(arg1 & WAIT_FLAG))
        return b""

    def _app_copy_run(self, chip, arg1, size, arg3, data):
        link, checksum = arg1 & 7, arg1 >> 3
        if link not in chip.links:
            raise ScpError(RC_ARG, f"no live link {link} to copy from")
        source = self.machine.chips[chip.x, chip.y].links[link]
        image = self.chips[source].memory.read(EXECUTABLE_BUFFER, size)
        words = struct.unpack(f"<{size // 4}I", image[:size - size % 4])
        if sum(words) & 0x1FFFFFFF != checksum:
            raise ScpError(RC_SUM, "copied executable fails its checksum")
        chip.memory.write(EXECUTABLE_BUFFER, image)
        self._start_cores(chip, arg3 & 0x3FFFF, (arg3 >> 24) & 0xFF, bool(arg3 & WAIT_FLAG))
        return b""

    def _sig(self, chip, kind, arg2, mask, data):
        signal, app_mask, app_id = arg2 >> 16, (arg2 >> 8) & 0xFF, arg2 & 0xFF
        if self.runner is not None:
            self.runner.signal(app_id & app_mask, signal)
        return b""

    def _nnp(self, chip, arg1, arg2, arg3, data):
        if (arg2 >> 28) == 5 and ((arg2 >> 16) & 0xFF) == SIG_STOP:   # AppStop
            app_id = arg2 & 0xFF
            if self.runner is not None:
                self.runner.stopped(app_id)
            for other in self.chips.values():
                for p in other.cores_of(app_id):
                    other.stop_core(p)
                for address, size in other.heap.release_app(app_id):
                    other.memory.release(address, size)
                other.router_free_app(app_id)
        return b""

    def _count(self, chip, app_id, state, arg3, data):
        board = chip.ethernet
        n = sum(1 for other in self.chips.values() if other.ethernet == board
                for p in other.cores_of(app_id) if other.state(p) == state)
        return struct.pack("<I", n)

    # ---------------------------------------------------------------- for the runner
    def cores(self, app_id: int):
        """(chip, p) of every core of ``app_id`` that is not idle."""
        return [(chip, p) for chip in self.chips.values() for p in chip.cores_of(app_id)]

    def set_running(self, cores) -> None:
        for chip, p in cores:
            chip.set_state(p, RUNNING)


__all__ = ["ScampBoard", "ScpError"]

"""What SC&MP keeps on one chip: system variables, vcpu blocks, the SDRAM heap, the router.

Addresses and layouts are SC&MP 4.0.0's as SpiNNMan 7.4.1 reads them (the sv block at
0xf5007f00, 128-byte vcpu blocks at 0xe5007000, the executable buffer at 0x67800000,
router registers at 0xe1000000).  Everything a host can read lives in the chip's memory,
so a READ of any of it answers what the state is.
"""
import struct
from typing import Dict, List, Optional, Tuple

from .memory import ChipMemory

SV_BASE = 0xF5007F00
VCPU_BASE = 0xE5007000
VCPU_BYTES = 128
ROUTER_BASE = 0xE1000000
ROUTER_DIAGNOSTICS = ROUTER_BASE + 0x300
DUMP_MC_COUNTER = 8              #: diagnostic counter of dropped multicast packets
P2P_TABLE = 0xE1010000
EXECUTABLE_BUFFER = 0x67800000   #: where an APLX is written before AR / APP_COPY_RUN
SDRAM_BASE = 0x60000000
IOBUF_BASE = 0x67C00000          #: one iobuf block per core (system SDRAM)
IOBUF_SIZE = 16384
N_CORES = 18
ROUTER_SIZE = 1024

#: vcpu_t field offsets (SpiNNMan's cpu_info.py)
VCPU_RT_CODE, VCPU_PHYS, VCPU_STATE, VCPU_APP_ID = 44, 45, 46, 47
VCPU_APP_NAME, VCPU_IOBUF, VCPU_USER0 = 72, 88, 112

#: cpu_state_t (SpiNNMan's CPUState)
DEAD, POWERED_DOWN, RUN_TIME_EXCEPTION, WATCHDOG, INITIALISING, READY = 0, 1, 2, 3, 4, 5
RUNNING, PAUSED, FINISHED, IDLE = 7, 10, 11, 15


class Heap:
    """SC&MP's SDRAM heap: first fit, blocks tagged with the app id and an optional tag."""

    def __init__(self, base: int, size: int):
        self.base, self.size = base, size
        self.free: List[Tuple[int, int]] = [(base, size)]   # (address, size), sorted
        self.blocks: Dict[int, Tuple[int, int, int]] = {}   # address -> (size, app_id, tag)

    def largest_free(self) -> int:
        return max((s for _, s in self.free), default=0)

    def alloc(self, size: int, app_id: int, tag: int, retry_tag: bool) -> int:
        """The block's address, or 0 when no free block is large enough."""
        if tag and retry_tag:
            for address, (bsize, bapp, btag) in self.blocks.items():
                if btag == tag and bapp == app_id and bsize >= size:
                    return address   # a retried request: the block it already got
        size = max(8, (size + 7) & ~7)
        for i, (address, free) in enumerate(self.free):
            if free >= size:
                if free == size:
                    del self.free[i]
                else:
                    self.free[i] = (address + size, free - size)
                self.blocks[address] = (size, app_id, tag)
                return address
        return 0

    def release(self, address: int) -> Optional[int]:
        """Free one block; its size, or None if there is no block there."""
        block = self.blocks.pop(address, None)
        if block is None:
            return None
        self.free.append((address, block[0]))
        self.free.sort()
        merged: List[Tuple[int, int]] = []
        for a, s in self.free:
            if merged and merged[-1][0] + merged[-1][1] == a:
                merged[-1] = (merged[-1][0], merged[-1][1] + s)
            else:
                merged.append((a, s))
        self.free = merged
        return block[0]

    def release_app(self, app_id: int) -> List[Tuple[int, int]]:
        """Free every block of ``app_id``; the (address, size) freed."""
        freed = [(a, b[0]) for a, b in self.blocks.items() if b[1] == app_id]
        for address, _ in freed:
            self.release(address)
        return freed


class ChipState:
    """One chip: its memory, heap, router table and cores (states live in the vcpu blocks)."""

    def __init__(self, x: int, y: int, *, width: int, height: int, hardware_version: int,
                 live_cores, links, ethernet: Tuple[int, int], ip: Optional[str],
                 parent_link: Optional[int], sdram_bytes: int, sdram_limit: Optional[int]):
        self.x, self.y = x, y
        self.links = tuple(sorted(links))
        self.ethernet = ethernet
        self.ip = ip
        self.parent_link = parent_link
        self.memory = ChipMemory()
        heap_base = EXECUTABLE_BUFFER - sdram_bytes
        self.reported_sdram = sdram_bytes
        self.heap = Heap(heap_base, min(sdram_bytes, sdram_limit or sdram_bytes))
        #: router entry index -> (key, mask, route, app_id)
        self.router: Dict[int, Tuple[int, int, int, int]] = {}
        #: router allocations: base index -> (n entries, app_id)
        self.router_blocks: Dict[int, Tuple[int, int]] = {}
        self.live_cores = frozenset(live_cores)
        #: p -> the full name of the binary loaded (the vcpu holds its first 16 bytes)
        self.app_names: Dict[int, str] = {}
        self._write_sv(width, height, hardware_version)
        for p in range(N_CORES):
            state = IDLE if p in self.live_cores else DEAD
            self._write_vcpu(p, RUNNING if p == 0 else state, 0, b"scamp-3" if p == 0 else b"")

    # ---------------------------------------------------------------- layout
    def _write_sv(self, width, height, hardware_version):
        sv = bytearray(256)
        sv[0], sv[1], sv[2], sv[3] = self.y, self.x, height, width
        sv[8], sv[9] = self.ethernet[1], self.ethernet[0]
        sv[0x0A] = hardware_version
        sv[0x0B] = 1 if self.ip else 0
        struct.pack_into("<I", sv, 0x50, IOBUF_SIZE)
        identity = bytes(range(N_CORES)) + b"\xff" * (20 - N_CORES)
        sv[0x94:0x94 + 20] = identity       # physical -> virtual (identity here)
        sv[0xA8:0xA8 + 20] = identity       # virtual -> physical
        struct.pack_into("<I", sv, 0xCC, VCPU_BASE)
        if self.ip:
            sv[0xF0:0xF4] = bytes(int(b) for b in self.ip.split("."))
        self.memory.write(SV_BASE, sv)

    def _write_vcpu(self, p: int, state: int, app_id: int, name: bytes) -> None:
        block = bytearray(VCPU_BYTES)
        block[VCPU_PHYS] = p
        block[VCPU_STATE] = state
        block[VCPU_APP_ID] = app_id
        block[VCPU_APP_NAME:VCPU_APP_NAME + 16] = name[:16].ljust(16, b"\0")
        self.memory.write(self.vcpu(p), block)

    @staticmethod
    def vcpu(p: int) -> int:
        return VCPU_BASE + VCPU_BYTES * p

    # ---------------------------------------------------------------- cores
    def state(self, p: int) -> int:
        return self.memory.read(self.vcpu(p) + VCPU_STATE, 1)[0]

    def app_id(self, p: int) -> int:
        return self.memory.read(self.vcpu(p) + VCPU_APP_ID, 1)[0]

    def set_state(self, p: int, state: int) -> None:
        self.memory.write(self.vcpu(p) + VCPU_STATE, bytes([state]))

    def user0(self, p: int) -> int:
        return self.memory.read_word(self.vcpu(p) + VCPU_USER0)

    def start_core(self, p: int, app_id: int, name: str) -> None:
        """SC&MP's proc_start_app: the core is reset into the application (INIT), its vcpu
        gets the app id and name and an empty iobuf; user0..3 are kept (the host wrote
        them before the load)."""
        users = self.memory.read(self.vcpu(p) + VCPU_USER0, 16)
        self._write_vcpu(p, INITIALISING, app_id, name.encode("ascii", "replace"))
        self.app_names[p] = name
        self.memory.write(self.vcpu(p) + VCPU_USER0, users)
        self.write_iobuf(p, "")

    def stop_core(self, p: int) -> None:
        self._write_vcpu(p, IDLE, 0, b"")

    def write_iobuf(self, p: int, text: str, address: Optional[int] = None,
                    capacity: int = IOBUF_SIZE) -> None:
        """The core's iobuf (one block in SARK's format: next, 8 bytes, length, text), at
        ``address`` or in SC&MP's own area."""
        if address is None:
            address = IOBUF_BASE + p * (IOBUF_SIZE + 16)
        data = text.encode("utf-8", "replace")[:capacity]
        self.memory.write(address, struct.pack("<IIII", 0, 0, 0, len(data)) + data)
        self.memory.write_word(self.vcpu(p) + VCPU_IOBUF, address)

    def cores_of(self, app_id: int) -> List[int]:
        return [p for p in sorted(self.live_cores)
                if p != 0 and self.app_id(p) == app_id and self.state(p) != IDLE]

    # ---------------------------------------------------------------- router
    def router_alloc(self, n: int, app_id: int) -> int:
        """The base index of ``n`` free consecutive entries (index 0 is never given), or 0."""
        used = sorted(self.router_blocks.items())
        start = 1
        for base, (count, _) in used:
            if base - start >= n:
                break
            start = max(start, base + count)
        if start + n > ROUTER_SIZE:
            return 0
        self.router_blocks[start] = (n, app_id)
        return start

    def router_free_entries(self) -> int:
        return ROUTER_SIZE - 1 - sum(n for n, _ in self.router_blocks.values())

    def router_free_app(self, app_id: int) -> None:
        for base, (n, app) in list(self.router_blocks.items()):
            if app == app_id:
                del self.router_blocks[base]
                for i in range(base, base + n):
                    self.router.pop(i, None)

    def routing_entries(self, app_id: int) -> List[Tuple[int, int, int]]:
        """(key, mask, route) of ``app_id`` in index order: the order the router matches."""
        return [(k, m, r) for _, (k, m, r, a) in sorted(self.router.items()) if a == app_id]

    def set_dropped(self, n: int) -> None:
        self.memory.write_word(ROUTER_DIAGNOSTICS + 4 * DUMP_MC_COUNTER, n)

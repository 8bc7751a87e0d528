"""The region table through which a core on a board finds its regions (arm_platform.h).

The host loader writes one table per core in SDRAM and leaves its address in user0 of the
core's vcpu block; the core (or the loopback board acting for it) fills in the state,
counters, error and the tick reached.  This module is the Python side of
``neural_modelling/arm/arm_platform.h``'s ``arm_region_table_t``; a unit test compiles the
header and checks every offset against :data:`FIELDS`.
"""
import struct
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

MAGIC = 0x52544142          #: "BATR"
MAX_REGIONS = 32
N_COUNTERS = 16
#: Counter names, in the order of runtime.h's counter_t (the first entries of the N_COUNTERS
#: slots every core keeps; a unit test reads the enum and checks this order).
COUNTERS = ("packets_sent", "packets_received", "pop_table_misses", "ring_saturations",
            "synaptic_events", "recording_overflows", "max_tick_cycles", "total_cycles",
            "late_spikes", "sdp_received", "sdp_sent", "live_dropped", "plastic_updates",
            "plastic_sub_lsb", "history_overflows")
ERROR_BYTES = 64

#: arm_state_t
STATE_LOADED, STATE_RUNNING, STATE_PAUSED, STATE_ERROR = 0, 1, 2, 3

#: (name, offset [bytes], size [bytes]) of every field, in the C struct's order
FIELDS: Tuple[Tuple[str, int, int], ...] = (
    ("magic", 0, 4),
    ("n_ticks", 4, 4),
    ("region", 8, 8 * MAX_REGIONS),
    ("state", 264, 4),
    ("error_code", 268, 4),
    ("counters", 272, 4 * N_COUNTERS),
    ("error", 336, ERROR_BYTES),
    ("stop_requested", 400, 4),
    ("ticks_done", 404, 4),
    ("iobuf", 408, 4),
    ("timer_period_us", 412, 4),
)
IOBUF_BYTES = 256        #: text in a core's iobuf block (after SARK's 16-byte header)
IOBUF_BLOCK = 16 + IOBUF_BYTES
OFFSET = {name: offset for name, offset, _ in FIELDS}
SIZE = FIELDS[-1][1] + FIELDS[-1][2]

_HEAD = struct.Struct("<II")
_REGIONS = struct.Struct(f"<{2 * MAX_REGIONS}I")
_TAIL = struct.Struct(f"<II{N_COUNTERS}I{ERROR_BYTES}sIIII")


@dataclass
class RegionTable:
    """One core's table: region id -> (SDRAM address, size in bytes), and what the core
    reports back."""
    regions: Dict[int, Tuple[int, int]] = field(default_factory=dict)
    n_ticks: int = 0
    state: int = STATE_LOADED
    error_code: int = 0
    counters: List[int] = field(default_factory=lambda: [0] * N_COUNTERS)
    error: str = ""
    stop_requested: int = 0
    ticks_done: int = 0
    iobuf: int = 0
    timer_period_us: int = 0

    def pack(self) -> bytes:
        words = [0] * (2 * MAX_REGIONS)
        for region, (address, size) in self.regions.items():
            if not 0 <= region < MAX_REGIONS:
                raise ValueError(f"region id {region} is outside 0..{MAX_REGIONS - 1}")
            words[2 * region], words[2 * region + 1] = address, size
        return (_HEAD.pack(MAGIC, self.n_ticks) + _REGIONS.pack(*words) +
                _TAIL.pack(self.state, self.error_code,
                           *[c & 0xFFFFFFFF for c in self.counters],
                           self.error.encode("ascii", "replace")[:ERROR_BYTES - 1],
                           self.stop_requested, self.ticks_done, self.iobuf,
                           self.timer_period_us))

    @classmethod
    def unpack(cls, data: bytes) -> "RegionTable":
        """The table in ``data``; ValueError if it is not one (wrong magic or too short)."""
        if len(data) < SIZE:
            raise ValueError(f"a region table is {SIZE} bytes, got {len(data)}")
        magic, n_ticks = _HEAD.unpack_from(data, 0)
        if magic != MAGIC:
            raise ValueError(f"no region table (magic 0x{magic:08x}, expected 0x{MAGIC:08x})")
        words = _REGIONS.unpack_from(data, _HEAD.size)
        regions = {r: (words[2 * r], words[2 * r + 1]) for r in range(MAX_REGIONS)
                   if words[2 * r] != 0}
        tail = _TAIL.unpack_from(data, OFFSET["state"])
        error = tail[2 + N_COUNTERS].split(b"\0", 1)[0].decode("ascii", "replace")
        return cls(regions, n_ticks, tail[0], tail[1], list(tail[2:2 + N_COUNTERS]), error,
                   *tail[-4:])

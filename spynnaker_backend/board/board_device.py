"""The board device: the device protocol (device.py) on a SpiNNaker board through SpiNNMan.

Load, in sPyNNaker's order: per core one SDRAM block (tag = core) holding the region
table (mapping/dataspec/arm_region_table.py) and the regions, its address in user0; per
chip the routing table; per binary the APLX (``make arm``) flooded to its cores with the
wait flag; every core READY.  ``run(n)`` writes the tick count to reach into every table
and sends START; the cores pause (PAUSED) with their state kept, so the next run goes on
from there.  USER_1 has the cores re-read their parameters (``reload``), USER_2 resets them
to tick 0 (``reset``); both end in READY.  A core in RUN_TIME_EXCEPTION or WATCHDOG is
reported with its iobuf.  AppStop at :meth:`close`.
"""
import os
import struct
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

from ..errors import BoardError
from ..mapping.dataspec import arm_region_table as art
from ..mapping.dataspec.arm_region_table import COUNTERS
from ..mapping.dataspec.core_image import LoadedRegion, write_changed

SIG_RELOAD, SIG_RESET = "USER_1", "USER_2"
DEFAULT_APLX_DIR = Path(__file__).resolve().parents[2] / "build" / "arm"
_ALIGN = 8

CoreKey = Tuple[int, int, int]


def _key(core) -> CoreKey:
    return (core.x, core.y, core.p) if hasattr(core, "p") else tuple(core)


def _aligned(n: int) -> int:
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


class BoardDevice:
    """A loaded application on the board of ``session`` (a :class:`BoardSession`).

    Parameters
    ----------
    session : BoardSession
    machine : spynnaker_backend.machine.Machine
        The discovered machine the mapping placed onto.
    dt_ms : float
        The timestep [ms] (for how long a run takes on the board).
    time_scale_factor : float, optional
        How many times slower than real time the cores run (sPyNNaker's setting).
    aplx_dir : path, optional
        Where the per-core binaries are (default: build/arm of this checkout, or
        ``$SPYNNAKER_APLX_DIR``).
    """

    def __init__(self, session, machine, dt_ms: float = 1.0,
                 time_scale_factor: Optional[float] = None, aplx_dir=None):
        self.session = session
        self.machine = machine
        self.dt_ms = float(dt_ms)
        self.time_scale_factor = float(time_scale_factor or 1.0)
        self.aplx_dir = Path(aplx_dir or os.environ.get("SPYNNAKER_APLX_DIR") or
                             DEFAULT_APLX_DIR)
        self._tables: Dict[CoreKey, int] = {}              # core -> table address
        self._regions: Dict[CoreKey, Dict[int, Tuple[int, int, int]]] = {}  # -> addr, size, cap
        self._binaries: Dict[CoreKey, str] = {}
        self._chips_used = set()
        self._tick = 0
        self._started = False
        self._loaded = False

    @property
    def _txrx(self):
        return self.session.transceiver

    @property
    def app_id(self) -> int:
        return self.session.app_id

    # ---------------------------------------------------------------- helpers
    def _subsets(self, cores=None):
        from spinn_machine import CoreSubsets
        subsets = CoreSubsets()
        for x, y, p in (self._tables if cores is None else cores):
            subsets.add_processor(x, y, p)
        return subsets

    def _wait(self, states, what: str, timeout: float, cores=None) -> None:
        """Wait until every core is in one of ``states``; BoardError naming the cores that
        failed (RTE, watchdog) with their iobuf, or did not get there in time."""
        from spinnman.exceptions import SpiNNManCoresNotInStateException
        from spinnman.model.enums import CPUState
        subsets = self._subsets(cores)
        try:
            self._txrx.wait_for_cores_to_be_in_state(
                subsets, self.app_id, [getattr(CPUState, s) for s in states],
                timeout=timeout, time_between_polls=0.05,
                error_states=frozenset({CPUState.RUN_TIME_EXCEPTION, CPUState.WATCHDOG}))
        except SpiNNManCoresNotInStateException as e:
            raise self._core_failure(e.failed_core_states(), what, timeout) from None

    def _core_failure(self, infos, what: str, timeout: float) -> BoardError:
        from spinnman.model.enums import CPUState
        bad = {xyp: infos.get_cpu_info(*xyp) for xyp in infos}
        iobufs = {}
        errors = [k for k, i in bad.items()
                  if i.state in (CPUState.RUN_TIME_EXCEPTION, CPUState.WATCHDOG)]
        if errors:
            for buf in self._txrx.get_iobuf(self._subsets(errors)):
                iobufs[buf.x, buf.y, buf.p] = buf.iobuf.strip()
        lines = []
        for (x, y, p), info in sorted(bad.items()):
            text = iobufs.get((x, y, p))
            lines.append(f"core ({x}, {y}, {p}) [{self._binaries.get((x, y, p), '?')}]: "
                         f"{info.state.name}" + (f"; iobuf: {text}" if text else ""))
        if errors:
            head = f"{what}: {len(errors)} core(s) failed on {self.session.where}"
        else:
            head = (f"{what}: {len(bad)} core(s) not done after {timeout:.0f} s on "
                    f"{self.session.where} (time_scale_factor "
                    f"{self.time_scale_factor:g}: raise it if the cores are too slow)")
        return BoardError(head + ":\n  " + "\n  ".join(lines[:20]) +
                          (f"\n  ... and {len(lines) - 20} more" if len(lines) > 20 else ""))

    def _write(self, x: int, y: int, address: int, data) -> None:
        if len(data):
            self._txrx.write_memory(x, y, address, bytearray(data))

    def _malloc(self, core: CoreKey, size: int, tag: int = 0) -> int:
        from spinnman.exceptions import SpinnmanException
        x, y, p = core
        try:
            return self._txrx.malloc_sdram(x, y, max(size, 4), self.app_id, tag=tag or None)
        except SpinnmanException as e:
            raise BoardError(
                f"core ({x}, {y}, {p}): SDRAM allocation of {size} bytes on chip ({x}, {y}) "
                f"was refused by {self.session.where} ({e}).  The board has less free "
                f"SDRAM than it reported: stop other applications on it (or power-cycle "
                f"it), or use fewer neurons per core / record less.") from None

    # ---------------------------------------------------------------- Device protocol
    def load(self, images: Mapping, routing_tables, loaded=None) -> None:
        """Allocate, write, route, load the binaries and wait for every core to be READY."""
        if self._loaded:
            self.close()
        self._check_binaries(images)
        for placement in sorted(images, key=_key):
            self._load_core(_key(placement), images[placement])
            if loaded is not None:
                for region in list(images[placement].regions):
                    loaded(placement, region)
        self._load_routes(routing_tables)
        self._loaded = True
        by_binary: Dict[str, list] = {}
        for core, binary in self._binaries.items():
            by_binary.setdefault(binary, []).append(core)
        for binary, cores in sorted(by_binary.items()):
            self._txrx.execute_flood(self._subsets(cores), str(self._aplx(binary)),
                                     self.app_id, wait=True)
        self._wait(("READY",), "loading", 10.0 + 0.05 * len(self._tables))
        self._tick = 0
        self._started = False

    def _aplx(self, binary: str) -> Path:
        return self.aplx_dir / f"{binary}.aplx"

    def _check_binaries(self, images) -> None:
        missing = sorted({i.binary for i in images.values() if not self._aplx(i.binary).is_file()})
        if missing:
            raise BoardError(f"no APLX for {', '.join(missing)} in {self.aplx_dir}: build the "
                             f"per-core binaries with `make arm` (needs arm-none-eabi-gcc), or "
                             f"set SPYNNAKER_APLX_DIR to where they are")

    def _load_core(self, core: CoreKey, image) -> None:
        from spinnman.model.enums import UserRegister
        x, y, p = core
        sizes = {r: len(d) for r, d in image.regions.items()}
        head = _aligned(art.SIZE) + _aligned(art.IOBUF_BLOCK)
        total = head + sum(_aligned(s) for s in sizes.values())
        base = self._malloc(core, total, tag=p)
        block = bytearray(total)
        period_us = int(round(self.dt_ms * 1000.0 * self.time_scale_factor))
        table = art.RegionTable(iobuf=base + _aligned(art.SIZE), timer_period_us=period_us)
        offset = head
        regions = {}
        for region, data in sorted(image.regions.items()):
            if isinstance(data, LoadedRegion):
                raise BoardError(f"core {core}: region {region} has no data to load")
            block[offset:offset + len(data)] = bytes(data)
            table.regions[region] = (base + offset, len(data))
            regions[region] = (base + offset, len(data), _aligned(len(data)))
            offset += _aligned(len(data))
        block[:art.SIZE] = table.pack()
        self._write(x, y, base, block)
        self._txrx.write_user(x, y, p, UserRegister.USER_0, base)
        self._tables[core] = base
        self._regions[core] = regions
        self._binaries[core] = image.binary
        self._chips_used.add((x, y))

    def _load_routes(self, routing_tables) -> None:
        from spinn_machine import MulticastRoutingEntry, RoutingEntry
        for table in routing_tables:
            if not table.entries:
                continue
            entries = [MulticastRoutingEntry(e.key, e.mask, RoutingEntry(spinnaker_route=e.route))
                       for e in table.entries]
            self._txrx.load_multicast_routes(table.x, table.y, entries, self.app_id)
            self._chips_used.add((table.x, table.y))

    def _run_timeout(self, n_ticks: int) -> float:
        run_s = n_ticks * self.dt_ms * 1e-3 * self.time_scale_factor
        return 30.0 + 10.0 * run_s

    def run(self, n_ticks: int) -> int:
        """Run every core for n_ticks more ticks; the ticks run (fewer if a stop condition
        held)."""
        from spinnman.messages.scp.enums import Signal
        if not self._loaded:
            raise BoardError("nothing loaded")
        target = self._tick + int(n_ticks)
        for (x, y, p), address in self._tables.items():
            self._write(x, y, address + art.OFFSET["n_ticks"], struct.pack("<I", target))
        self._txrx.send_signal(self.app_id, Signal.START)
        self._wait(("PAUSED",), f"running {n_ticks} ticks", self._run_timeout(n_ticks))
        done = min(self._read_word(core, address + art.OFFSET["ticks_done"])
                   for core, address in self._tables.items())
        ran = done - self._tick
        self._tick = done
        return ran

    def _read_word(self, core: CoreKey, address: int) -> int:
        return struct.unpack("<I", self._txrx.read_memory(core[0], core[1], address, 4))[0]

    def read_region(self, core, region: int) -> bytes:
        key = _key(core)
        try:
            address, size, _ = self._regions[key][region]
        except KeyError:
            raise BoardError(f"core {key} has no region {region} loaded") from None
        return bytes(self._txrx.read_memory(key[0], key[1], address, size)) if size else b""

    def write_region(self, core, region: int, data) -> None:
        key = _key(core)
        if isinstance(data, LoadedRegion):
            return   # the board holds it already
        x, y, p = key
        address, size, capacity = self._regions[key].get(region, (0, 0, 0))
        if len(data) > capacity:
            address, capacity = self._malloc(key, len(data)), _aligned(len(data))
        if (address, len(data)) != (self._regions[key].get(region, (0, 0, 0))[:2]):
            self._write(x, y, self._tables[key] + art.OFFSET["region"] + 8 * region,
                        struct.pack("<II", address, len(data)))
        self._regions[key][region] = (address, len(data), capacity)
        self._write(x, y, address, bytes(data))

    def update_parameters(self, images: Mapping, state_regions=()) -> None:
        write_changed(self, images, keep=state_regions)

    def _signal_and_wait_ready(self, name: str, what: str) -> None:
        from spinnman.messages.scp.enums import Signal
        self._txrx.send_signal(self.app_id, getattr(Signal, name))
        self._wait(("READY",), what, 10.0 + 0.05 * len(self._tables))

    def reload(self) -> None:
        """Have every core re-read its parameters, state and recording set-up."""
        self._signal_and_wait_ready(SIG_RELOAD, "reloading parameters")

    def reset(self, images: Mapping) -> None:
        """Every core back to t = 0 from ``images``."""
        if not self._loaded:
            raise BoardError("nothing loaded")
        write_changed(self, images)
        self._signal_and_wait_ready(SIG_RESET, "resetting")
        self._tick = 0

    def counters(self) -> Dict[CoreKey, Dict[str, int]]:
        out = {}
        for core, address in self._tables.items():
            raw = self._txrx.read_memory(core[0], core[1], address + art.OFFSET["counters"],
                                         4 * len(COUNTERS))
            out[core] = dict(zip(COUNTERS, struct.unpack(f"<{len(COUNTERS)}I", raw)))
        return out

    def dropped(self) -> Dict[Tuple[int, int], int]:
        """Multicast packets each chip's router dropped (its diagnostic counter)."""
        return {(x, y): self._txrx.get_router_diagnostics(x, y).n_dropped_multicast_packets
                for x, y in sorted(self._chips_used)}

    def router_diagnostics(self) -> Dict[Tuple[int, int], Dict[str, int]]:
        """Per chip: local/external multicast packets and drops (the run report's)."""
        out = {}
        for x, y in sorted(self._chips_used):
            d = self._txrx.get_router_diagnostics(x, y)
            out[x, y] = {"local_multicast": d.n_local_multicast_packets,
                         "external_multicast": d.n_external_multicast_packets,
                         "dropped_multicast": d.n_dropped_multicast_packets}
        return out

    def close(self) -> None:
        """Stop the application (AppStop frees its SDRAM, routes and cores)."""
        if self._loaded and self.session.transceiver is not None:
            self._txrx.stop_application(self.app_id)
        self._loaded = False
        self._tables.clear()
        self._regions.clear()
        self._binaries.clear()
        self._chips_used.clear()

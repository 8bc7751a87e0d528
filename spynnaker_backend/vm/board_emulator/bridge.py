"""Runs what the loopback board was loaded with on the virtual machine.

The cores of an application see only what a board's cores would: their region table (user0
of the vcpu block), the regions it points to in SDRAM, and their chip's router entries.  At
the first START after a load, this module builds the per-core images and routing tables from
exactly that, loads them into a :class:`~spynnaker_backend.vm.VirtualMachine` and runs it in
a worker thread (the engine releases the GIL, so SCP keeps being answered).  Between runs
the VM keeps every core's state (ring buffers, delays), as the cores of a board do while
paused; what a core wrote is copied back to SDRAM, what the host wrote is copied in.

Signals (sent by the board device, answered by our ARM platform the same way):
START runs every core of the app until its table's ``n_ticks``; USER_1 has the cores re-read
their parameters, state and recording set-up; USER_2 resets them to tick 0.  Both end in
READY.  A core whose image the VM refuses goes to RUN_TIME_EXCEPTION with the reason in its
iobuf and in its table.
"""
import re
import threading
from collections import namedtuple
from typing import Dict, Optional, Tuple

from ...mapping.dataspec import arm_region_table as art
from ...mapping.dataspec.core_image import CoreImage
from ..virtual_machine import COUNTERS, EngineError, VirtualMachine
from .chip_state import PAUSED, READY, RUN_TIME_EXCEPTION, RUNNING

SIG_START, SIG_USER_1, SIG_USER_2 = 3, 11, 12

_Core = namedtuple("_Core", "x y p")
_Entry = namedtuple("_Entry", "key mask route")
_Table = namedtuple("_Table", "x y entries")


class VmRunner:
    """The cores of the loopback board, run on the VM (one application id at a time)."""

    def __init__(self, board, n_threads: Optional[int] = None):
        self.board = board
        self.n_threads = n_threads
        self.app_id: Optional[int] = None
        self.vm: Optional[VirtualMachine] = None
        self._thread: Optional[threading.Thread] = None
        self._tables: Dict[Tuple[int, int, int], Tuple[int, art.RegionTable]] = {}
        self._synced: Dict[Tuple[int, int, int, int], Tuple[int, bytes]] = {}

    # ---------------------------------------------------------------- from ScampBoard
    def loaded(self, app_id: int) -> None:
        """Cores were (re)started with an application: a new VM at the next START."""
        self._discard()
        self.app_id = app_id

    def stopped(self, app_id: int) -> None:
        if app_id == self.app_id:
            self._discard()
            self.app_id = None

    def signal(self, app_id: int, signal: int) -> None:
        if app_id != self.app_id or self.busy:
            return
        if signal == SIG_START:
            self._start()
        elif signal in (SIG_USER_1, SIG_USER_2) and self.vm is not None:
            self._copy_in()
            if signal == SIG_USER_1:
                self.vm.reload()
            else:
                self.vm.reset({})
            for chip, p in self._cores():
                chip.set_state(p, READY)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _discard(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.vm is not None:
            self.vm.close()
        self.vm = None
        self._tables.clear()
        self._synced.clear()

    def _cores(self):
        return [(c, p) for c, p in self.board.cores(self.app_id)
                if c.state(p) in (READY, PAUSED, RUNNING)]

    # ---------------------------------------------------------------- images
    def _table(self, chip, p) -> Tuple[int, art.RegionTable]:
        address = chip.user0(p)
        return address, art.RegionTable.unpack(chip.memory.read(address, art.SIZE))

    def _fail(self, chip, p, message: str) -> None:
        """What our ARM platform does when a core cannot run: RTE, the message in the
        table and in the iobuf block the table names (else SC&MP's own block)."""
        chip.set_state(p, RUN_TIME_EXCEPTION)
        address = chip.user0(p)
        try:
            iobuf = art.RegionTable.unpack(chip.memory.read(address, art.SIZE)).iobuf
        except ValueError:
            iobuf = 0
        chip.write_iobuf(p, message + "\n", iobuf or None, art.IOBUF_BYTES)
        if address:
            chip.memory.write(address + art.OFFSET["error"],
                              message.encode("ascii", "replace")[:art.ERROR_BYTES - 1] + b"\0")
            chip.memory.write_word(address + art.OFFSET["state"], art.STATE_ERROR)

    def _build(self) -> bool:
        """Load every READY core of the app into a new VM; False if a core failed."""
        images, ok = {}, True
        for chip, p in self._cores():
            try:
                address, table = self._table(chip, p)
            except ValueError as e:
                self._fail(chip, p, f"core ({chip.x}, {chip.y}, {p}): {e}")
                ok = False
                continue
            binary = chip.app_names.get(p, "")
            regions = {r: chip.memory.read(a, s) for r, (a, s) in table.regions.items()}
            images[_Core(chip.x, chip.y, p)] = CoreImage(binary, regions)
            self._tables[chip.x, chip.y, p] = (address, table)
        if not ok:
            return False
        tables = [_Table(c.x, c.y, [_Entry(*e) for e in c.routing_entries(self.app_id)])
                  for c in self.board.chips.values()]
        self.vm = VirtualMachine(self.board.machine, n_threads=self.n_threads)
        try:
            self.vm.load(images, tables)
        except EngineError as e:
            self._engine_failed(e, images)
            self.vm.close()
            self.vm = None
            return False
        for core, image in images.items():
            address, table = self._tables[core]
            for region, data in image.regions.items():
                self._synced[(*core, region)] = (table.regions[region][0], data)
        for chip in self.board.chips.values():
            chip.memory.clear_dirty()
        return True

    def _engine_failed(self, error: EngineError, images) -> None:
        found = re.search(r"core \((\d+), (\d+), (\d+)\)", str(error))
        failed = [tuple(int(v) for v in found.groups())] if found else list(images)
        for x, y, p in failed:
            self._fail(self.board.chips[x, y], p, f"core ({x}, {y}, {p}): {error}")

    def _copy_in(self) -> None:
        """Regions the host changed in SDRAM (or moved: a new address or size) into the VM."""
        for chip, p in self._cores():
            address, table = self._table(chip, p)
            self._tables[chip.x, chip.y, p] = (address, table)
            for region, (where, size) in table.regions.items():
                key = (chip.x, chip.y, p, region)
                synced = self._synced.get(key)
                if synced is not None and synced[0] == where and len(synced[1]) == size \
                        and not chip.memory.dirty_in(where, size):
                    continue
                data = chip.memory.read(where, size)
                if synced is None or synced[1] != data or synced[0] != where:
                    self.vm.write_region((chip.x, chip.y, p), region, data)
                self._synced[key] = (where, data)
        for chip in self.board.chips.values():
            chip.memory.clear_dirty()

    def _copy_out(self) -> None:
        """What the cores wrote, back to SDRAM (as the cores of a board write it there)."""
        counters = self.vm.counters()
        for (x, y, p), (address, table) in self._tables.items():
            chip = self.board.chips[x, y]
            for region, (where, size) in table.regions.items():
                data = self.vm.read_region((x, y, p), region)
                key = (x, y, p, region)
                if self._synced.get(key, (None, None))[1] != data:
                    chip.memory.write(where, data, mark=False)
                    self._synced[key] = (where, data)
            values = [counters[x, y, p][name] for name in COUNTERS]
            chip.memory.write(address + art.OFFSET["counters"],
                              b"".join((v & 0xFFFFFFFF).to_bytes(4, "little")
                                       for v in values))
            chip.memory.write_word(address + art.OFFSET["ticks_done"], self.vm.tick)
            chip.memory.write_word(address + art.OFFSET["state"], art.STATE_PAUSED)
        for (x, y), n in self.vm.dropped().items():
            self.board.chips[x, y].set_dropped(n & 0xFFFFFFFF)

    # ---------------------------------------------------------------- running
    def _start(self) -> None:
        if self.vm is None and not self._build():
            return
        if self.vm is None:
            return
        self._copy_in()
        cores = self._cores()
        targets = {self._tables[c.x, c.y, p][1].n_ticks for c, p in cores}
        target = max(targets) if targets else self.vm.tick
        self.board.set_running(cores)
        self._thread = threading.Thread(target=self._run, args=(cores, target),
                                        name="loopback-board-run", daemon=True)
        self._thread.start()

    def _run(self, cores, target: int) -> None:
        try:
            if target > self.vm.tick:
                self.vm.run(target - self.vm.tick)
        except EngineError as e:
            with self.board.lock:
                for chip, p in cores:
                    self._fail(chip, p, f"core ({chip.x}, {chip.y}, {p}): {e}")
            return
        with self.board.lock:
            self._copy_out()
            for chip, p in cores:
                chip.set_state(p, PAUSED)


__all__ = ["VmRunner"]

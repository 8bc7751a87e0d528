"""The virtual machine device: chips, routers and cores of the native engine."""
import ctypes
import os
import threading
from typing import Dict, Mapping, Tuple

from ..mapping.dataspec.arm_region_table import COUNTERS, N_COUNTERS
from ..mapping.dataspec.core_image import LoadedRegion, write_changed
from .engine_library import engine

#: Longest SDP message (data part) a core exchanges with the host (VM_SDP_MAX).
SDP_MAX = 256


class EngineError(RuntimeError):
    """The engine refused an image or a request; the message names the core and the cause."""


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during :meth:`VirtualMachine.run`: the engine stopped at the end of a tick
    (every host thread joined); ``ticks`` says how many ticks the run completed."""

    def __init__(self, ticks):
        super().__init__(f"interrupted after {ticks} ticks")
        self.ticks = ticks


def _runnable_elsewhere():
    """Threads runnable right now besides the caller (Linux: /proc/loadavg), or None."""
    try:
        with open("/proc/loadavg") as f:
            return max(0, int(f.read().split()[3].split("/")[0]) - 1)
    except (OSError, ValueError, IndexError):
        return None


def free_host_cores() -> int:
    """Host cores this process may run on that other work is not already using.

    The cores the process may use (its CPU affinity, which a container or ``taskset``
    narrows), less the cores other work keeps busy, at least one.  Busy is the one-minute
    load average, or the threads runnable at this moment if fewer (the average lags: it
    still counts a job that ended seconds ago).  The tick loop meets its threads at a
    barrier every tick, so a thread that has to share a core with someone else's work
    stalls all of them: fewer threads are faster then.
    """
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:
        allowed = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    now = _runnable_elsewhere()
    if now is not None:
        busy = min(busy, float(now))
    return max(1, min(allowed, int(allowed - busy + 0.5)))


class VirtualMachine:
    """A software SpiNNaker machine that runs per-core images through routing tables.

    Parameters
    ----------
    machine : spynnaker_backend.machine.Machine
        Chips (with SDRAM budgets and live links) to emulate.
    n_threads : int or None
        Host threads for the tick loop; None means the host cores that are free when each
        run starts (:func:`free_host_cores`).  Results do not depend on it.
    """

    def __init__(self, machine, n_threads=None):
        self.machine = machine
        self.n_threads = None if n_threads is None else int(n_threads)
        self._lib = engine()
        self._vm = None
        self._core_ids: Dict[Tuple[int, int, int], int] = {}
        self._tables = None
        self.interrupt_requested = False

    # ----------------------------------------------------------------- helpers
    def _check(self, status):
        if status < 0:
            raise EngineError(self._lib.vm_error(self._vm).decode())
        return status

    def _core(self, core) -> int:
        key = (core.x, core.y, core.p) if hasattr(core, "p") else tuple(core)
        try:
            return self._core_ids[key]
        except KeyError:
            raise EngineError(f"no core loaded at {key}") from None

    def __del__(self):
        self.close()

    def close(self):
        if self._vm is not None:
            self._lib.vm_destroy(self._vm)
            self._vm = None

    # ----------------------------------------------------------------- Device protocol
    def load(self, images: Mapping, routing_tables, loaded=None) -> None:
        """Create the machine, its routing tables and cores from ``images``; ``loaded``
        (placement, region), if given, is called once the engine holds each region."""
        self.close()
        lib, m = self._lib, self.machine
        self._vm = lib.vm_create(m.width, m.height)
        if not self._vm:
            raise EngineError(f"cannot create a {m.width}x{m.height} machine")
        self._core_ids = {}
        for chip in m:
            self._check(lib.vm_add_chip(self._vm, chip.x, chip.y, chip.sdram))
        for chip in m:
            for link, (nx, ny) in chip.links.items():
                self._check(lib.vm_add_link(self._vm, chip.x, chip.y, link, nx, ny))
        self._tables = routing_tables
        for table in routing_tables:
            words = [w for e in table.entries for w in (e.key, e.mask, e.route)]
            arr = (ctypes.c_uint32 * max(1, len(words)))(*words)
            self._check(lib.vm_set_table(self._vm, table.x, table.y, len(table.entries), arr))
        for placement in sorted(images, key=lambda p: (p.x, p.y, p.p)):
            image = images[placement]
            cid = self._check(lib.vm_add_core(self._vm, placement.x, placement.y, placement.p,
                                              image.binary.encode()))
            self._core_ids[(placement.x, placement.y, placement.p)] = cid
            for region in list(image.regions):
                self._set_region(cid, region, image.regions[region])
                if loaded is not None:
                    loaded(placement, region)
        self._check(lib.vm_init(self._vm))

    def run(self, n_ticks: int) -> int:
        """Run up to n_ticks; returns the ticks run (fewer when a stop condition held)."""
        if self._vm is None:
            raise EngineError("nothing loaded")
        threads = free_host_cores() if self.n_threads is None else self.n_threads
        self._lib.vm_interrupt(self._vm, int(self.interrupt_requested))
        if threading.current_thread() is not threading.main_thread():
            done, interrupted = self._lib.vm_run(self._vm, int(n_ticks), threads), False
        else:
            done, interrupted = self._run_interruptibly(int(n_ticks), threads)
        self.interrupt_requested = False   # consumed: the run ended at it (or before)
        self._check(done)
        self._lib.vm_pause(self._vm)
        if interrupted:
            raise RunInterrupted(done)
        return done

    def interrupt(self) -> None:
        """End a run in progress (or the next one) after its current tick; safe from a
        signal handler."""
        self.interrupt_requested = True
        if self._vm is not None:
            self._lib.vm_interrupt(self._vm, 1)

    def _run_interruptibly(self, n_ticks, threads):
        """vm_run in a helper thread while this (the main) thread waits where Python can
        deliver SIGINT; Ctrl-C asks the engine to end after the current tick (vm_interrupt)
        and waits until it has.  Returns (vm_run's result, whether interrupted)."""
        result = []
        runner = threading.Thread(
            target=lambda: result.append(self._lib.vm_run(self._vm, n_ticks, threads)),
            name="spynnaker-engine-run")
        runner.start()
        interrupted = False
        while runner.is_alive():
            try:
                runner.join(0.1)
            except KeyboardInterrupt:   # (again while stopping: keep waiting)
                interrupted = True
                self._lib.vm_interrupt(self._vm, 1)
        return result[0], interrupted

    @property
    def tick(self) -> int:
        return self._lib.vm_tick(self._vm)

    def read_region(self, core, region: int) -> bytes:
        cid = self._core(core)
        size = self._lib.vm_region_size(self._vm, cid, region)
        if size == 0:
            return b""
        return ctypes.string_at(self._lib.vm_region_data(self._vm, cid, region), size)

    def _set_region(self, cid: int, region: int, data) -> None:
        if isinstance(data, LoadedRegion):
            if self._lib.vm_region_size(self._vm, cid, region) != len(data):
                raise EngineError(f"region {region} of core {cid}: the host no longer has "
                                  f"its data and the device holds none of that size")
            return   # the device has it (the host kept only its size)
        header = getattr(data, "header", None)   # an empty buffer: the engine zeroes the rest
        if header is not None:
            self._check(self._lib.vm_set_region_padded(self._vm, cid, region, header,
                                                       len(header), len(data)))
        else:
            self._check(self._lib.vm_set_region(self._vm, cid, region, data, len(data)))

    def write_region(self, core, region: int, data: bytes) -> None:
        self._set_region(self._core(core), region, data)

    def update_parameters(self, images: Mapping, state_regions=()) -> None:
        """Write every region that differs from the device's copy.  Regions in
        ``state_regions`` are left as the cores last wrote them (the current state) unless
        their size changed (a new layout, e.g. a longer rate window)."""
        write_changed(self, images, keep=state_regions)

    def reload(self) -> None:
        """Have every core re-read its parameters, state and recording set-up."""
        for cid in self._core_ids.values():
            self._check(self._lib.vm_reload(self._vm, cid))

    def reload_core(self, core) -> None:
        """Have one core re-read its parameters (between two ticks of a run)."""
        self._check(self._lib.vm_reload(self._vm, self._core(core)))

    def reset(self, images: Mapping) -> None:
        """Every core back to t = 0 from ``images`` (state regions included), keeping the
        regions it already holds where the images only give their size (LoadedRegion)."""
        if self._vm is None:
            raise EngineError("nothing loaded")
        write_changed(self, images)
        self._check(self._lib.vm_reset(self._vm))

    def counters(self) -> Dict[Tuple[int, int, int], Dict[str, int]]:
        out = {}
        buf = (ctypes.c_uint64 * N_COUNTERS)()
        for key, cid in self._core_ids.items():
            self._check(self._lib.vm_counters(self._vm, cid, buf, N_COUNTERS))
            out[key] = dict(zip(COUNTERS, buf))
            out[key]["dtcm_used"] = self._lib.vm_dtcm_used(self._vm, cid)
        return out

    def send_sdp(self, core, data: bytes) -> None:
        """Hand a core an SDP message's data (an EIEIO packet), as a board's Ethernet chip
        does with a packet for a reverse IP tag; the core takes it in its next tick."""
        self._check(self._lib.vm_sdp_to_core(self._vm, self._core(core), bytes(data),
                                             len(data)))

    def receive_sdp(self, core):
        """[(IP tag, data bytes)] the core sent to the host since the last call."""
        cid = self._core(core)
        buf = ctypes.create_string_buffer(SDP_MAX)
        tag = ctypes.c_uint32()
        out = []
        while True:
            size = self._check(self._lib.vm_sdp_from_core(self._vm, cid, buf,
                                                          ctypes.byref(tag)))
            if size == 0:
                return out
            out.append((tag.value, buf.raw[:size]))

    def dropped(self) -> Dict[Tuple[int, int], int]:
        return {(c.x, c.y): self._lib.vm_dropped(self._vm, c.x, c.y) for c in self.machine}

"""Simulation state: the graph the PyNN objects build, and the map -> load -> run -> read cycle.

This is the one place where the PyNN layer meets the mapping pipeline, the device and readback.
Recorded data of the current segment is kept here on the host, appended after every run
(the cores' recording regions are emptied after each read, as on a board).
"""
import logging
import re
import signal
import threading
import time
import warnings
from contextlib import contextmanager

import numpy as np
from pyNN import common

from .. import progress
from ..graph import ApplicationGraph
from ..mapping import pipeline
from .. import readback
from .. import device as devices
from ..errors import BoardError, ConfigurationError
from ..vm import EngineError, RunInterrupted

name = "spiNNaker"
logger = logging.getLogger("spynnaker_backend")

#: With progress bars on, a run is cut into pieces of at least this many timesteps (and at
#: most RUN_PIECES pieces) so that its bar moves; run(a) + run(b) gives what run(a + b) does.
MIN_PIECE_TICKS, RUN_PIECES = 100, 50

#: run_forever: ticks before the cores' tick counter would need care (2**31), and the chunk
#: length of an unpaced run_forever (how often request_stop() is looked at).
FOREVER_TICKS = 1 << 31
UNPACED_FOREVER_CHUNK = 1000


@contextmanager
def _ctrl_c_ends_the_tick(device):
    """While running: Ctrl-C (SIGINT, when Python's default handler has it) asks the device
    to end after its current tick instead of raising wherever the main thread happens to
    be, so that the run's bookkeeping stays whole.  Yields a list that is non-empty once
    interrupted; the caller raises KeyboardInterrupt when its state is consistent."""
    interrupted = []
    if getattr(device, "interrupt", None) is None or \
            threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield interrupted
        return

    device.interrupt_requested = False   # (a request from before this run is spent)

    def handler(signum, frame):
        interrupted.append(signum)
        device.interrupt()

    signal.signal(signal.SIGINT, handler)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class ID(int, common.IDMixin):
    """A cell id: an int that also gives attribute access to the cell's parameters."""

    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):
    """Global simulation state (one per process, as in every PyNN backend)."""

    def __init__(self):
        super().__init__()
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.min_delay = 0.1
        self.max_delay = 27.9   # setup()'s 'auto' at dt 0.1: 279 ticks
        self.n_threads = None
        self.machine_options = {}
        self.reports = False
        self.allow_losses = False
        self.time_scale_factor = None
        self.filename = None
        self.label = None
        self.segment_counter = -1
        self.config = None
        self.board = None      # a BoardSession when the configuration names a board
        self.clear()

    # ------------------------------------------------------------------ lifecycle
    def clear(self):
        """Forget the network (``setup()`` and ``end()``); release a board (AppStop) and
        the live I/O session."""
        if getattr(self, "board", None) is not None:
            self.board.close()
            self.board = None
        if getattr(self, "live", None) is not None:
            self.live.close()
        self.live = None
        self.stop_requested = False
        self.recorders = set()
        self.current_sources = []
        self.id_counter = 0
        self.graph = ApplicationGraph()
        self.mapping = None
        self.device = None
        self.last_run_report = None
        self.segment_counter = -1
        self.reset()

    def reset(self):
        """Back to t = 0 with initial state; a new segment begins."""
        self.running = False
        self.t = 0.0
        self.t_start = 0.0
        self.tick = 0
        self.segment_counter += 1
        self._data = {}  # (vertex, variable) -> list of per-run chunks
        for source in getattr(self, "current_sources", ()):
            source._reset()
        if self.device is not None and \
                self.mapping.structure_version != self.graph.structure_version:
            self.device.close()   # re-mapped (from the initial state) at the next run
            self.device = self.mapping = None
        elif self.device is not None:
            self._images = pipeline.build_images(self.mapping, self.graph)
            self.device.reset(self._images)
            self.graph.parameters_changed = False

    # ------------------------------------------------------------------ running
    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        n_ticks = int(np.ceil((tstop - self.t) / self.dt - 1e-9))
        if n_ticks <= 0:
            return
        if abs(n_ticks * self.dt - (tstop - self.t)) > 1e-9 * max(1.0, tstop):
            warnings.warn(f"run time {tstop - self.t:g} ms is not a multiple of the timestep "
                          f"{self.dt:g} ms; running {n_ticks * self.dt:g} ms instead")
        self._run_ticks(n_ticks)

    def run_forever(self):
        """Run until request_stop() (or a stop condition); returns the time reached."""
        self._run_ticks(None)
        return self.t

    def _run_ticks(self, n_ticks):
        """Run n_ticks (None: until a stop is requested), in chunks whose recordings fit."""
        started = time.perf_counter()
        mapped = self._ensure_loaded()
        loaded = time.perf_counter()
        live = self._live_session()
        if live is not None:
            live.begin(self.mapping, self.graph,
                       None if n_ticks is None else n_ticks * self.dt)
        t_start = self.t
        remaining = FOREVER_TICKS if n_ticks is None else n_ticks
        piece = max(MIN_PIECE_TICKS, -(-remaining // RUN_PIECES)) \
            if progress.enabled() and n_ticks is not None else remaining
        what = "run forever" if n_ticks is None else f"run {n_ticks * self.dt:g} ms"
        try:
            with _ctrl_c_ends_the_tick(self.device) as interrupted, \
                    progress.bar(what, n_ticks, "tick") as bar:
                while remaining > 0 and not interrupted:
                    chunk = min(remaining, piece, pipeline.ticks_per_chunk(
                        self.mapping, self._images, remaining))
                    if n_ticks is None and live is None:
                        chunk = min(chunk, UNPACED_FOREVER_CHUNK)   # to see request_stop()
                    try:
                        self._prepare_recording(chunk)
                        done = live.run(self.device, chunk, self.tick) if live else \
                            self.device.run(chunk)
                    except RunInterrupted as stop:   # SIGINT with someone else's handler
                        done = stop.ticks
                        interrupted.append(stop)
                    except BoardError as err:   # name the population of the core it names
                        raise BoardError(self._explain(err)) from err
                    self._collect(done)
                    self.tick += done
                    remaining -= chunk
                    bar.update(done)
                    if done < chunk or self.stop_requested:
                        break   # a stop condition held, Ctrl-C, or request_stop()
        finally:
            if live is not None:
                live.end()
            # a stop asked for before or during this run ends this run only
            self.stop_requested = False
            if live is not None:
                live.stop_requested = False
        self.t = self.tick * self.dt
        self.running = True
        for source in self.current_sources:
            source._ran(t_start, self.t, self.dt)
        self.last_run_report = readback.run_report(self.mapping, self.device)
        mg = self.mapping.machine_graph
        logger.info("ran %g ms of %d populations on %d cores: %srun %.2f s",
                    self.t - t_start, len(self.graph.vertices), len(mg.vertices),
                    f"mapping + load {loaded - started:.2f} s, " if mapped else "",
                    time.perf_counter() - loaded)
        if live is not None:
            self.last_run_report["live"] = live.report()
        if interrupted:
            # the simulator stays usable: t is where the engine stopped, data kept
            raise KeyboardInterrupt(f"run interrupted at t = {self.t:g} ms (a further "
                                    "run() continues from there)")
        # (weights rounded to zero belong to the mapping: warned about once, at its first run)
        readback.raise_on_losses(self.last_run_report, allow=self.allow_losses,
                                 new_mapping=bool(mapped))

    def _live_session(self):
        """The live session when live I/O is active (a live call was made or a device
        population, e.g. a SpikeInjector, exists), else None."""
        if self.live is None and any(v.model.device for v in self.graph.vertices):
            from .live import session
            session()
        if self.live is not None and not hasattr(self.device, "send_sdp"):
            raise ConfigurationError("live I/O (external_devices) runs on the virtual machine;"
                                     " on a board it needs the board's SDP path, not there yet"
                                     " (set [Machine] virtual_board = True)")
        return self.live

    def rewrite_source(self, vertex, atoms):
        """Rewrite the parameter regions of the cores holding ``atoms`` of a source vertex
        and have them re-read them (a live rate change between two ticks)."""
        if self.mapping is None or vertex not in self.mapping.machine_graph.slices_of:
            self.graph.parameters_changed = True
            return
        atoms = np.asarray(atoms)
        for mv in self.mapping.machine_graph.slices_of[vertex]:
            sl = mv.vertex_slice
            if np.any((atoms >= sl.start) & (atoms < sl.stop)):
                placement = self.mapping.placements[mv]
                for region, data in pipeline.source_regions(self.mapping, mv).items():
                    self.device.write_region(placement, region, data)
                self.device.reload_core(placement)

    def _ensure_loaded(self):
        """Map and load when the network's structure changed (True), else write the
        changed parameters (False)."""
        graph = self.graph
        if self.mapping is None or self.mapping.structure_version != graph.structure_version:
            if self.board is None:
                self.board = devices.open_board(self.config,
                                                self.machine_options.get("n_boards"))
            if self.board is not None:
                pipeline.check_board_binaries(graph)   # before any mapping or loading
            self.mapping = pipeline.map_graph(
                graph, self.dt, self.machine_options, reports=self.reports,
                machine=None if self.board is None else self.board.machine)
            if self.device is not None:
                self.device.close()
            scale = self.time_scale_factor or getattr(self.config, "time_scale_factor", None)
            self.device = devices.create_device(
                self.mapping.machine, board=self.board, n_threads=self.n_threads,
                dt_ms=self.dt, time_scale_factor=scale)
            n_cores = len(self.mapping.machine_graph.vertices)
            with progress.bar("images", n_cores, "core") as bar:
                self._images = pipeline.build_images(self.mapping, graph, bar.update)
            try:
                with progress.bar("loading", n_cores, "core") as bar:
                    self.device.load(self._images, self.mapping.routing_tables,
                                     loaded=self._counted(bar, pipeline.matrix_releaser(
                                         self.mapping, self._images)))
            except EngineError as err:
                raise ConfigurationError(self._explain(err)) from err
            except BoardError as err:
                raise BoardError(self._explain(err)) from err
            if self.tick:
                # the graph changed mid-segment: the new network starts from initial state
                warnings.warn("the network changed after a run; it was re-mapped and its "
                              "state starts again from the initial values")
            graph.parameters_changed = False
            return True
        if graph.parameters_changed:
            self._images = pipeline.build_images(self.mapping, graph)
            self.device.update_parameters(self._images, state_regions=pipeline.STATE_REGIONS)
        graph.parameters_changed = False
        return False

    @staticmethod
    def _counted(bar, loaded):
        """The device's ``loaded(placement, region)`` callback, also moving ``bar`` once
        per core (at the core's first region)."""
        seen = set()

        def callback(placement, region):
            if placement not in seen:
                seen.add(placement)
                bar.update(1)
            loaded(placement, region)
        return callback

    def _explain(self, err):
        """An engine error, with the population whose core it names and what to change."""
        found = re.search(r"core \((\d+), (\d+), (\d+)\)", str(err))
        where = ""
        if found:
            xyp = tuple(int(v) for v in found.groups())
            for mv, p in self.mapping.placements.by_vertex.items():
                if (p.x, p.y, p.p) == xyp:
                    where = f"population {mv.app_vertex.label!r} (core {mv.label}): "
        fix = (" Fix: fewer neurons per core (Population.set_max_atoms_per_core) or fewer "
               "incoming projections." if "DTCM" in str(err) else "")
        text = str(err).rstrip()
        return f"{where}{text}{'' if text.endswith('.') else '.'}{fix}"

    def _prepare_recording(self, n_ticks):
        for placement, buffers in pipeline.recording_buffers(self.mapping, self.tick,
                                                             n_ticks).items():
            for region, data in buffers.items():
                self.device.write_region(placement, region, data)
        self.device.reload()

    def _collect(self, n_ticks):
        for vertex in self.graph.vertices:
            for variable in vertex.recordings:
                chunk = readback.read(self.mapping, self.device, vertex, variable,
                                      self.tick, n_ticks)
                self._data.setdefault((vertex, variable), []).append(chunk)

    # ------------------------------------------------------------------ data access
    def spikes(self, vertex):
        """Spikes of the current segment: (population indices, times in ms)."""
        chunks = self._data.get((vertex, "spikes"), [])
        if not chunks:
            return np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate([c[0] for c in chunks]), np.concatenate([c[1] for c in chunks])

    def signal(self, vertex, variable):
        """Samples of the current segment: array (n_samples, n_recorded) in PyNN units."""
        chunks = self.signal_chunks(vertex, variable)
        rec = vertex.recordings[variable]
        if not chunks:
            return np.zeros((0, len(rec.indices)))
        return np.concatenate(chunks, axis=0)

    def signal_chunks(self, vertex, variable):
        """Samples of the current segment as the runs read them, oldest first: a list of
        (n_samples of the run, n_recorded) arrays or ``readback`` raw samples (converted
        with ``np.asarray`` or their ``write``).  Not copies: do not modify."""
        return list(self._data.get((vertex, variable), []))

    def current_values(self, vertex, variable):
        """A variable's value per neuron now, read from the cores (None before a run or
        once the network changed structurally)."""
        if self.device is None or self.mapping is None or \
                self.mapping.structure_version != self.graph.structure_version or \
                vertex not in self.mapping.machine_graph.slices_of or vertex.model.is_source:
            return None
        return readback.current_values(self.mapping, self.device, vertex, variable)

    def write_state(self, vertex):
        """Make the cores' current state of ``vertex`` its (initial) values in the graph;
        no-op when not loaded (the next load starts from them anyway)."""
        if self.device is None or self.mapping is None or \
                self.mapping.structure_version != self.graph.structure_version or \
                vertex not in self.mapping.machine_graph.slices_of or vertex.model.is_source:
            return
        self._images = pipeline.build_images(self.mapping, self.graph)
        region = pipeline.NEURON_STATE
        for mv in self.mapping.machine_graph.slices_of[vertex]:
            placement = self.mapping.placements[mv]
            self.device.write_region(placement, region, self._images[placement].regions[region])

    def connections(self, edge):
        """(pre indices, post indices, weights, delays) of an edge as the machine holds them:
        weights quantised to the cores' 16-bit format, delays in whole timesteps (ms)."""
        if self.device is None or self.mapping is None or \
                self.mapping.structure_version != self.graph.structure_version:
            raise RuntimeError("connections are on the machine only after a run")
        weights, delays = readback.read_connections(self.mapping, self.device, self.graph,
                                                    edge)
        return edge.pre_indices, edge.post_indices, weights, delays

    def rewired_connections(self, edge):
        """(pre indices, post indices, weights, delays) of a rewired edge's synapses as the
        cores hold them now."""
        if self.device is None or self.mapping is None or \
                self.mapping.structure_version != self.graph.structure_version:
            raise RuntimeError("connections are on the machine only after a run")
        return readback.read_rewired(self.mapping, self.device, edge)

    def clear_data(self, vertex, variable=None):
        for key in list(self._data):
            if key[0] is vertex and (variable is None or key[1] == variable):
                del self._data[key]


state = State()

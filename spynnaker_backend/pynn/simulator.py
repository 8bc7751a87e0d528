"""Simulation state: the graph the PyNN objects build, and the map -> load -> run -> read cycle.

This is the one place where the PyNN layer meets the mapping pipeline, the device and readback.
Recorded data of the current segment is kept here on the host, appended after every run
(the cores' recording regions are emptied after each read, as on a board).
"""
import re
import warnings

import numpy as np
from pyNN import common

from ..graph import ApplicationGraph
from ..mapping import pipeline
from .. import readback
from .. import device as devices
from ..errors import BoardError, ConfigurationError
from ..vm import EngineError

name = "spiNNaker"


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
        self.max_delay = 14.4
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
        """Forget the network (``setup()`` and ``end()``); release a board (AppStop)."""
        if getattr(self, "board", None) is not None:
            self.board.close()
            self.board = None
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
        self._ensure_loaded()
        t_start = self.t
        remaining = n_ticks
        while remaining > 0:
            chunk = min(remaining, pipeline.ticks_per_chunk(self.mapping, self._images,
                                                            remaining))
            try:
                self._prepare_recording(chunk)
                done = self.device.run(chunk)
            except BoardError as err:   # name the population of the core it names
                raise BoardError(self._explain(err)) from err
            self._collect(done)
            self.tick += done
            remaining -= chunk
            if done < chunk:   # a population's stop condition held
                break
        self.t = self.tick * self.dt
        self.running = True
        for source in self.current_sources:
            source._ran(t_start, self.t, self.dt)
        self.last_run_report = readback.run_report(self.mapping, self.device)
        if not self.allow_losses:
            readback.raise_on_losses(self.last_run_report)

    def _ensure_loaded(self):
        graph = self.graph
        if self.mapping is None or self.mapping.structure_version != graph.structure_version:
            if self.board is None:
                self.board = devices.open_board(self.config,
                                                self.machine_options.get("n_boards"))
            self.mapping = pipeline.map_graph(
                graph, self.dt, self.machine_options, reports=self.reports,
                machine=None if self.board is None else self.board.machine)
            if self.device is not None:
                self.device.close()
            scale = self.time_scale_factor or getattr(self.config, "time_scale_factor", None)
            self.device = devices.create_device(
                self.mapping.machine, board=self.board, n_threads=self.n_threads,
                dt_ms=self.dt, time_scale_factor=scale)
            self._images = pipeline.build_images(self.mapping, graph)
            try:
                self.device.load(self._images, self.mapping.routing_tables,
                                 loaded=pipeline.matrix_releaser(self.mapping, self._images))
            except EngineError as err:
                raise ConfigurationError(self._explain(err)) from err
            except BoardError as err:
                raise BoardError(self._explain(err)) from err
            if self.tick:
                # the graph changed mid-segment: the new network starts from initial state
                warnings.warn("the network changed after a run; it was re-mapped and its "
                              "state starts again from the initial values")
        elif graph.parameters_changed:
            self._images = pipeline.build_images(self.mapping, graph)
            self.device.update_parameters(self._images, state_regions=pipeline.STATE_REGIONS)
        graph.parameters_changed = False

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

    def clear_data(self, vertex, variable=None):
        for key in list(self._data):
            if key[0] is vertex and (variable is None or key[1] == variable):
                del self._data[key]


state = State()

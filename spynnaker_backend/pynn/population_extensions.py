"""Population extensions from the second seed API (ANNarchy's Population), host side.

Geometry and coordinates, per-neuron handles, dict-form ``set``, ``reset(attributes)``,
``save``/``load`` and ``size_in_bytes``.  Where a name would clash with PyNN, PyNN wins;
nothing here changes what a PyNN script sees.
"""
import gzip
import pickle

import numpy as np
from pyNN import space

from ..errors import ConfigurationError
from ..mapping import pipeline
from . import checks
from .cells import check_parameter_values
from .recorder import current_values

#: Keys of the saved state (every format).
_SAVE_FORMAT_VERSION = 1


def geometry_of(size, structure):
    """The geometry tuple of a population: as given, else from a grid structure."""
    if isinstance(size, tuple):
        return tuple(int(n) for n in size)
    if isinstance(structure, (space.Grid2D, space.Grid3D)):
        return tuple(int(n) for n in structure.calculate_size(int(size)))
    return (int(size),)


def snapshot(vertex):
    """Copies of a vertex's parameters and initial values."""
    copy = lambda a: np.array([np.array(x) for x in a], dtype=object) \
        if a.dtype == object else a.copy()   # noqa: E731
    return ({name: copy(a) for name, a in vertex.parameters.items()},
            {name: a.copy() for name, a in vertex.state.items()})


class PopulationExtensions:
    """Mixed into :class:`Population`; see the README's "Population extensions"."""

    # ------------------------------------------------------------------ geometry
    @property
    def geometry(self):
        """The population's shape: ``(n,)``, ``(width, height)`` or ``(width, height, depth)``.

        ``Population((8, 8), ...)`` has 64 neurons, geometry ``(8, 8)`` and PyNN's matching
        ``Grid2D`` structure (``dx = dy = 1``, ``fill_order='sequential'``), so neuron
        positions are its coordinates; 3-tuples give a ``Grid3D``.
        """
        return self._geometry

    @property
    def width(self):
        """Size along the first dimension."""
        return self._geometry[0]

    @property
    def height(self):
        """Size along the second dimension (1 for a 1-D population)."""
        return self._geometry[1] if len(self._geometry) > 1 else 1

    @property
    def depth(self):
        """Size along the third dimension (1 below 3-D)."""
        return self._geometry[2] if len(self._geometry) > 2 else 1

    @property
    def dimension(self):
        """Number of dimensions of the geometry (1, 2 or 3)."""
        return len(self._geometry)

    def rank_from_coordinates(self, coord):
        """The rank (index) of the neuron at integer coordinates ``coord``.

        Ranks run in C order (the last coordinate fastest), the order in which PyNN's
        ``Grid2D`` / ``Grid3D`` with ``fill_order='sequential'`` place the neurons.

        Raises
        ------
        IndexError
            If the coordinates are outside the geometry or have the wrong dimension.
        """
        coord = (coord,) if np.isscalar(coord) else tuple(coord)
        if len(coord) != len(self._geometry):
            raise IndexError(f"coordinates {coord} do not match the geometry "
                             f"{self._geometry} of {self.label!r}")
        if any(not 0 <= int(c) < n for c, n in zip(coord, self._geometry)):
            raise IndexError(f"coordinates {coord} are outside the geometry "
                             f"{self._geometry} of {self.label!r}")
        return int(np.ravel_multi_index(tuple(int(c) for c in coord), self._geometry))

    def coordinates_from_rank(self, rank):
        """The integer coordinates of neuron ``rank`` (always a tuple, also in 1-D)."""
        rank = int(rank)
        if not 0 <= rank < self.size:
            raise IndexError(f"rank {rank} is outside {self.label!r} (size {self.size})")
        return tuple(int(c) for c in np.unravel_index(rank, self._geometry))

    def normalized_coordinates_from_rank(self, rank, norm=1.0):
        """Coordinates of neuron ``rank`` mapped into the hypercube ``[0, norm]^d``
        (a dimension of size 1 maps to 0)."""
        coord = self.coordinates_from_rank(rank)
        return tuple(norm * c / (n - 1) if n > 1 else 0.0
                     for c, n in zip(coord, self._geometry))

    def neuron(self, *rank_or_coordinates):
        """The cell at a rank or coordinates (``p.neuron(3)``, ``p.neuron(1, 2)`` or
        ``p.neuron((1, 2))``): an ID whose attributes read and write its parameters and
        initial values (``p.neuron(1, 2).tau_m = 15.0``)."""
        if len(rank_or_coordinates) == 1 and np.isscalar(rank_or_coordinates[0]):
            rank = int(rank_or_coordinates[0])
        elif len(rank_or_coordinates) == 1:
            rank = self.rank_from_coordinates(rank_or_coordinates[0])
        else:
            rank = self.rank_from_coordinates(rank_or_coordinates)
        if not 0 <= rank < self.size:
            raise IndexError(f"rank {rank} is outside {self.label!r} (size {self.size})")
        return self[rank]

    @property
    def neurons(self):
        """Iterator over the cells (IDs), in rank order; ``for n in p`` does the same."""
        return iter(self.all_cells)

    # ------------------------------------------------------------------ enable / disable
    def disable(self):
        """Stop updating this population's neurons from the next run on: they keep their
        state, do not spike, and input arriving meanwhile is dropped.  Time goes on."""
        self._vertex.enabled = False
        self._simulator.state.graph.parameters_changed = True

    def enable(self):
        """Resume updating the neurons after :meth:`disable`."""
        self._vertex.enabled = True
        self._simulator.state.graph.parameters_changed = True

    @property
    def enabled(self):
        """False between :meth:`disable` and :meth:`enable`."""
        return bool(self._vertex.enabled)

    # ------------------------------------------------------------------ reset
    def _first_run_snapshot(self):
        """(parameters, initial values) at the first run, or the current ones before it."""
        taken = getattr(self._simulator.state, "first_run_snapshots", {})
        return taken.get(self._vertex) or snapshot(self._vertex)

    def reset(self, attributes=None):
        """Restore parameters and state variables of this population to their values at
        the first run (before any run: leave them as they are).

        Not PyNN's ``sim.reset()`` (global: back to t = 0, new segment); this one is per
        population and time goes on.  State variables get back their first-run initial
        values both as initial values and, after a run, as the neurons' current state.

        Parameters
        ----------
        attributes : str or list of str, optional
            Parameter and/or state variable names; default all.
        """
        params, initial = self._first_run_snapshot()
        names = list(params) + list(initial) if attributes is None else \
            [attributes] if isinstance(attributes, str) else list(attributes)
        unknown = [n for n in names if n not in params and n not in initial]
        if unknown:
            raise ValueError(f"reset(): {unknown} are neither parameters nor state variables "
                             f"of {type(self.celltype).__name__} "
                             f"(parameters {sorted(params)}, state {sorted(initial)})")
        vertex = self._vertex
        for name in names:
            source, target = (params, vertex.parameters) if name in params else \
                (initial, vertex.state)
            target[name] = source[name].copy()
        self._simulator.state.graph.parameters_changed = True
        if any(n in initial for n in names):
            self._write_current_state()

    def _write_current_state(self):
        """Make the cores' current state equal the vertex's initial values (after a run)."""
        self._simulator.state.write_state(self._vertex)

    # ------------------------------------------------------------------ computed on the cores
    def compute_firing_rate(self, window):
        """Keep each neuron's firing rate over the last ``window`` ms, counted on the cores
        from the next run on; readable as :meth:`firing_rate` and recordable as 'r' (Hz).

        Clashes with nothing in PyNN (ANNarchy's ``r`` attribute is ``firing_rate()``)."""
        if window <= 0:
            raise ValueError(f"compute_firing_rate: window must be > 0 ms, not {window}")
        self._vertex.rate_window = float(window)
        self._simulator.state.graph.parameters_changed = True

    def firing_rate(self):
        """Each neuron's spikes in the last window, in Hz (the cores' 'r' at the current
        time; zeros before the first run)."""
        if not self._vertex.rate_window:
            raise ValueError(f"population {self.label!r} keeps no firing rate: call "
                             f"compute_firing_rate(window) first")
        values = self._simulator.state.current_values(self._vertex, "r")
        return np.zeros(self.size) if values is None else values

    def sum(self, target):
        """The summed synaptic input of each neuron now ('exc' or 'inh'; also
        'excitatory'/'inhibitory'), read from the cores: the synaptic current (nA) or
        conductance (uS) of that receptor, as ANNarchy's ``sum(target)``; zeros before the
        first run."""
        names = {"exc": "gsyn_exc", "excitatory": "gsyn_exc", "inh": "gsyn_inh",
                 "inhibitory": "gsyn_inh"}
        if target not in names:
            raise ValueError(f"sum(): target must be one of {sorted(names)}, not {target!r}")
        values = self._simulator.state.current_values(self._vertex, names[target])
        return np.zeros(self.size) if values is None else values

    def clear(self):
        """Drop pending input (spikes still in the ring buffers or delay extensions) and the
        spike history of the firing-rate window, keeping every state variable; effective
        at the next run.  Recorded data is kept (PyNN's ``get_data(clear=True)`` drops
        that)."""
        self._vertex.clear_count += 1
        self._simulator.state.graph.parameters_changed = True

    @property
    def stop_condition(self):
        """'spike' or '<variable> <op> <value>' (op one of > >= < <=, variables as
        recordable, e.g. 'v > -50.0' or 'r > 20'): ``sim.run()`` ends after the first
        timestep in which it holds for any neuron of this population (checked on the
        cores); ``run`` then returns the time reached.  None disables it."""
        return self._vertex.stop_condition

    @stop_condition.setter
    def stop_condition(self, condition):
        before = self._vertex.stop_condition
        self._vertex.stop_condition = condition
        try:
            checks.stop_condition(self._vertex, self._simulator.state.dt)
        except ConfigurationError:
            self._vertex.stop_condition = before
            raise
        self._simulator.state.graph.parameters_changed = True

    # ------------------------------------------------------------------ save / load
    def _state_for_saving(self):
        vertex = self._vertex
        current = {}
        for name in vertex.state:
            values = None
            if name in self.celltype.recordable:
                try:
                    values = current_values(self._simulator.state, vertex, name)
                except KeyError:
                    values = None
            current[name] = vertex.state[name].copy() if values is None else values
        return {
            "format_version": _SAVE_FORMAT_VERSION,
            "celltype": type(self.celltype).__name__,
            "size": self.size,
            "label": self.label,
            "geometry": self._geometry,
            "structure": type(self.structure).__name__,
            "structure_parameters": self.structure.get_parameters(),
            "parameters": {name: a.copy() for name, a in vertex.parameters.items()},
            "initial_values": {name: a.copy() for name, a in vertex.state.items()},
            "state": current,
            "time": self._simulator.state.t,
        }

    def save(self, filename):
        """Save geometry, structure, parameters, initial values and current state.

        The format follows the file name: ``.npz`` (``numpy.savez_compressed``), ``.gz``
        (gzipped pickle), ``.mat`` (``scipy.io.savemat``, for analysis only: ``load`` cannot
        read it), anything else a plain pickle.  Current state = the neurons' state after
        the last run (the recordable state variables), else the initial values.
        """
        data = self._state_for_saving()
        filename = str(filename)
        if filename.endswith(".npz"):
            flat = {}
            for key, value in data.items():
                if isinstance(value, dict):
                    for name, arr in value.items():
                        flat[f"{key}/{name}"] = np.asarray(arr)
                else:
                    flat[key] = np.asarray(value)
            with open(filename, "wb") as f:
                np.savez_compressed(f, **flat)
        elif filename.endswith(".gz"):
            with gzip.open(filename, "wb") as f:
                pickle.dump(data, f)
        elif filename.endswith(".mat"):
            import scipy.io
            mat = {k: (v if v is not None else "") for k, v in data.items()}
            mat["structure_parameters"] = {k: v for k, v in
                                           data["structure_parameters"].items()
                                           if v is not None}
            scipy.io.savemat(filename, mat)
        else:
            with open(filename, "wb") as f:
                pickle.dump(data, f)

    @staticmethod
    def _read_saved(filename):
        filename = str(filename)
        if filename.endswith(".mat"):
            raise ValueError(f"{filename}: .mat files are written for analysis only and "
                             "cannot be loaded; save to .npz, .gz or a pickle instead")
        if filename.endswith(".npz"):
            data = {}
            with np.load(filename, allow_pickle=True) as npz:
                for key in npz.files:
                    value = npz[key]
                    if "/" in key:
                        group, name = key.split("/", 1)
                        data.setdefault(group, {})[name] = value
                    else:
                        data[key] = value.item() if value.ndim == 0 else value
            data["geometry"] = tuple(int(n) for n in np.atleast_1d(data["geometry"]))
            return data
        opener = gzip.open if filename.endswith(".gz") else open
        with opener(filename, "rb") as f:
            return pickle.load(f)

    def load(self, filename):
        """Restore what :meth:`save` wrote into this population.

        Parameters and initial values are restored; the saved current state becomes both
        the initial values and (after a run) the neurons' current state.

        Raises
        ------
        ValueError
            If the file is a .mat file, or was saved from a population of another size,
            geometry or cell type (naming the mismatch).
        """
        data = self._read_saved(filename)
        celltype = type(self.celltype).__name__
        for what, saved, ours in (("cell type", str(data["celltype"]), celltype),
                                  ("size", int(data["size"]), self.size),
                                  ("geometry", tuple(data["geometry"]), self._geometry)):
            if saved != ours:
                raise ValueError(f"load({filename!s}): {what} mismatch: the file holds "
                                 f"{saved!r}, population {self.label!r} has {ours!r}")
        vertex = self._vertex
        params = {name: np.asarray(data["parameters"][name], dtype=vertex.parameters[name].dtype)
                  for name in vertex.parameters if name in data["parameters"]}
        check_parameter_values(params, celltype)
        vertex.parameters.update(params)
        for name in vertex.state:
            source = data["state"] if name in data["state"] else data["initial_values"]
            if name in source:
                vertex.state[name] = np.asarray(source[name], dtype=np.float64).copy()
        self._simulator.state.graph.parameters_changed = True
        self._write_current_state()

    # ------------------------------------------------------------------ memory
    def size_in_bytes(self):
        """Bytes this population occupies on the machine: the memory images of its cores
        (neuron cores and the delay-extension cores that serve it).

        Before the first run (or after a structural change) the network is mapped here
        as the next run will map it (nothing is loaded); recorded data is not included.
        """
        state = self._simulator.state
        mapping, images = getattr(state, "mapping", None), getattr(state, "_images", None)
        if mapping is None or images is None or \
                mapping.structure_version != state.graph.structure_version:
            # not mapped (as it is now): map it here, as the next run will (nothing loaded)
            mapping = pipeline.map_graph(state.graph, state.dt, state.machine_options)
            images = pipeline.build_images(mapping, state.graph)
        vertex = self._vertex
        mg = mapping.machine_graph
        cores = list(mg.slices_of.get(vertex, ()))
        cores += [mv for mv in mg.vertices
                  if mv.kind == "delay" and mv.app_vertex is vertex]
        return int(sum(images[mapping.placements[mv]].size_in_bytes for mv in cores))

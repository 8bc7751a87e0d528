"""Placement: which core of which chip runs each machine vertex."""
from collections import deque
from typing import Dict, List, Tuple

import numpy as np

from ..machine import Machine
from .errors import PlacementError
from .machine_graph import MachineGraph, MachineVertex, sorted_unique
from .placements import Placement, Placements

_FIX = ("Use a bigger machine (spynnaker.cfg [Machine] version = 5, or width/height, or "
        "more boards), or fewer cores by raising max_atoms_per_core "
        "(Population.set_max_atoms_per_core or sim.set_number_of_neurons_per_core).")


def chip_order(machine: Machine) -> List[Tuple[int, int]]:
    """Live chips nearest-first from (0, 0), as one continuous walk.

    Ring d holds the chips at hexagonal distance d = max(x, y) from (0, 0) (an L shape on
    the mesh); rings are walked in alternating directions so that consecutive chips are
    neighbours, which keeps slices that are placed one after another close together.
    """
    rings: Dict[int, List[Tuple[int, int]]] = {}
    for (x, y), chip in machine.chips.items():
        if chip.processors:
            rings.setdefault(max(x, y), []).append((x, y))
    order = []
    for d in sorted(rings):
        # along the L: (d, 0) .. (d, d) .. (0, d)
        ring = sorted(rings[d], key=lambda xy: xy[1] - xy[0] if xy[0] == d else d + d - xy[0])
        order.extend(ring if d % 2 == 0 else ring[::-1])
    return order


def _bfs_order(graph: MachineGraph) -> List[MachineVertex]:
    """Vertices in connected-component, breadth-first order over (undirected) edges.

    Components start at their lowest-index vertex; a vertex's unseen neighbours join the
    queue in index order.
    """
    table = graph.vertex_table()
    pre, post = graph.target_pairs()
    a, b = np.r_[pre, post], np.r_[post, pre]
    width = len(table)
    codes = sorted_unique(a * width + b)
    near, far = codes // width, codes % width
    first = np.searchsorted(near, np.arange(width + 1))
    seen = np.zeros(width, dtype=bool)
    order: List[int] = []
    for start in sorted(v.index for v in graph.vertices):
        if seen[start]:
            continue
        seen[start] = True
        queue = deque([start])
        while queue:
            v = queue.popleft()
            order.append(v)
            nb = far[first[v]:first[v + 1]]
            new = nb[~seen[nb]]
            if len(new):
                seen[new] = True
                queue.extend(new.tolist())
    return table[order].tolist()


class _Cores:
    """Free processors per chip and a cursor over the chip walk."""

    def __init__(self, machine: Machine, sdram=None):
        self.machine = machine
        self.free = {xy: list(c.processors) for xy, c in machine.chips.items()}
        #: SDRAM left per chip (bytes), and what each vertex's image needs
        self.sdram_free = {xy: c.sdram for xy, c in machine.chips.items()}
        self.sdram = sdram or {}
        self.used: Dict[Tuple[int, int, int], MachineVertex] = {}
        self.order = chip_order(machine)
        self.cursor = 0

    def fits(self, xy, vertices) -> bool:
        return sum(self.sdram.get(v, 0) for v in vertices) <= self.sdram_free[xy]

    def take(self, vertex, x, y, p=None) -> Placement:
        self.sdram_free[x, y] -= self.sdram.get(vertex, 0)
        free = self.free[x, y]
        p = free[0] if p is None else p
        free.remove(p)
        self.used[x, y, p] = vertex
        return Placement(x, y, p)

    def next_free(self, vertex, group=()) -> Placement:
        """A core on the first chip along the walk with room (cores and SDRAM) for
        ``vertex`` and the vertices of ``group`` that should share its chip.

        A chip skipped for lack of room keeps its free cores for later vertices, as the
        cursor only moves past chips without free cores.
        """
        while self.cursor < len(self.order) and not self.free[self.order[self.cursor]]:
            self.cursor += 1
        together = [vertex] + list(group)
        for xy in self.order[self.cursor:]:
            if len(self.free[xy]) >= len(together) and self.fits(xy, together):
                return self.take(vertex, *xy)
        if group:
            return self.next_free(vertex)
        need = self.sdram.get(vertex, 0)
        if need and not any(self.fits(xy, [vertex]) for xy in self.order):
            raise PlacementError(
                f"Population {vertex.app_vertex.label!r} ({vertex.label}) needs {need} bytes "
                f"of SDRAM for its image (mostly its synaptic matrix) but no chip has that "
                f"much left (largest free: {max(self.sdram_free.values())} of "
                f"{self.machine.chips[self.order[0]].sdram}). Use fewer neurons per core "
                f"(set_max_atoms_per_core) or a bigger machine.")
        raise PlacementError(
            f"Ran out of cores while placing {vertex.label!r} of population "
            f"{vertex.app_vertex.label!r}. {_FIX}")


def _place_constrained(vertex: MachineVertex, cores: _Cores) -> Placement:
    constraint = tuple(vertex.app_vertex.placement_constraint)
    label = vertex.app_vertex.label
    if len(constraint) not in (2, 3):
        raise PlacementError(f"Population {label!r}: placement constraint {constraint} must "
                             f"be (x, y) or (x, y, p).")
    x, y = constraint[:2]
    chip = cores.machine.chip(x, y)
    if chip is None:
        raise PlacementError(
            f"Population {label!r} is constrained to chip ({x}, {y}), which the machine "
            f"{cores.machine!r} does not have (absent or dead). Constrain it to a live chip.")
    # a delay extension shares its population's constraint but not its core
    if len(constraint) == 3 and vertex.kind != "delay":
        p = constraint[2]
        if p not in chip.processors:
            raise PlacementError(
                f"Population {label!r} is constrained to core ({x}, {y}, {p}), but that "
                f"chip's live application cores are {list(chip.processors)}.")
        if (x, y, p) in cores.used:
            other = cores.used[x, y, p]
            raise PlacementError(
                f"Population {label!r} ({vertex.label}) is constrained to core "
                f"({x}, {y}, {p}), already used by {other.label!r}. A (x, y, p) constraint "
                f"fits one core only: raise max_atoms_per_core so the population fits one "
                f"core, or constrain it to a chip (x, y).")
        return cores.take(vertex, x, y, p)
    if not cores.free[x, y]:
        raise PlacementError(
            f"Population {label!r} ({vertex.label}) is constrained to chip ({x}, {y}), "
            f"whose {len(chip.processors)} application cores are all used. Constrain fewer "
            f"cores to that chip or raise max_atoms_per_core.")
    return cores.take(vertex, x, y)


def place(machine_graph: MachineGraph, machine: Machine, sdram=None) -> Placements:
    """Put every machine vertex on a live application core, keeping neighbours close.

    Constrained vertices go first ((x, y, p) before (x, y)); the rest are walked in
    breadth-first order over the graph's edges, filling chips in :func:`chip_order`, so
    connected slices share a chip or sit on neighbouring chips.  A 'delay' vertex goes on
    the chip of the vertex it serves (same application vertex and slice) when a core is
    free there.  Deterministic.

    ``sdram`` (optional) maps vertices to the bytes their images need; no chip is given
    more than it has.

    Raises
    ------
    PlacementError
        Too few cores or too little SDRAM, or a constraint that cannot be met.
    """
    vertices = machine_graph.vertices
    available = machine.n_application_cores
    if len(vertices) > available:
        per_pop: Dict[str, int] = {}
        for v in vertices:
            per_pop[v.app_vertex.label] = per_pop.get(v.app_vertex.label, 0) + 1
        biggest = ", ".join(f"{k!r}: {n}" for k, n in
                            sorted(per_pop.items(), key=lambda kv: -kv[1])[:5])
        raise PlacementError(
            f"The network needs {len(vertices)} cores but the machine has only {available} "
            f"application cores ({machine!r}). Cores per population: {biggest}. {_FIX}")

    cores = _Cores(machine, sdram)
    placed: Dict[MachineVertex, Placement] = {}
    served_by = {(v.app_vertex, v.vertex_slice): v for v in vertices if v.kind != "delay"}
    delays: Dict[MachineVertex, List[MachineVertex]] = {}
    for v in vertices:
        if v.kind == "delay" and (v.app_vertex, v.vertex_slice) in served_by:
            delays.setdefault(served_by[v.app_vertex, v.vertex_slice], []).append(v)
    deferred = {d for ds in delays.values() for d in ds}

    def constraint_rank(v):
        c = v.app_vertex.placement_constraint
        return 0 if c is not None and len(c) == 3 and v.kind != "delay" else 1
    constrained = [v for v in vertices if v.app_vertex.placement_constraint is not None]
    for v in sorted(constrained, key=lambda v: (constraint_rank(v), v.index)):
        placed[v] = _place_constrained(v, cores)

    for v in _bfs_order(machine_graph):
        if v in placed or v in deferred:
            continue
        own_delays = [d for d in delays.get(v, ()) if d not in placed]
        placed[v] = cores.next_free(v, own_delays)
        for d in own_delays:
            at = placed[v]
            # same chip as the vertex served: its delayed spikes then never cross a link
            placed[d] = (cores.take(d, at.x, at.y)
                         if cores.free[at.x, at.y] and cores.fits((at.x, at.y), [d])
                         else cores.next_free(d))
    return Placements(placed)

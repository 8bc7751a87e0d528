"""The machine graph: per-core slices of application vertices and the edges between them."""
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

from ..graph import ApplicationEdge, ApplicationVertex


@dataclass(frozen=True)
class Slice:
    """Atoms ``start`` .. ``stop - 1`` of an application vertex."""
    start: int
    stop: int

    @property
    def n_atoms(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True, eq=False)
class MachineVertex:
    """What one core runs.

    Attributes
    ----------
    app_vertex : ApplicationVertex
        The population this is a slice of.
    vertex_slice : Slice
    kind : str
        'neuron', 'source' or 'delay' (a delay extension serving ``app_vertex``'s slice).
    index : int
        Position in :attr:`MachineGraph.vertices` (deterministic order).
    """
    app_vertex: ApplicationVertex
    vertex_slice: Slice
    kind: str
    index: int

    @property
    def label(self) -> str:
        s = self.vertex_slice
        suffix = "" if self.kind != "delay" else " (delays)"
        return f"{self.app_vertex.label}[{s.start}:{s.stop}]{suffix}"


@dataclass(frozen=True, eq=False)
class MachineEdge:
    """Spikes of ``pre`` are needed by ``post`` (for the connections of ``app_edge``;
    None on the edge from a slice to its own delay extension or to a live packet
    gatherer)."""
    pre: MachineVertex
    post: MachineVertex
    app_edge: ApplicationEdge


@dataclass
class MachineGraph:
    """Machine vertices in deterministic order, and the edges between them."""
    vertices: List[MachineVertex] = field(default_factory=list)
    edges: List[MachineEdge] = field(default_factory=list)
    #: application vertex -> its machine vertices of kind 'neuron'/'source', in slice order
    slices_of: Dict[ApplicationVertex, List[MachineVertex]] = field(default_factory=dict)
    #: delay-extension vertex -> its number of delay stages
    delay_stages: Dict[MachineVertex, int] = field(default_factory=dict)
    #: slice vertex -> the delay-extension vertex serving it (if its delays need one)
    delay_of: Dict[MachineVertex, MachineVertex] = field(default_factory=dict)
    #: (slice vertex, device key, target vertex): a device-control neuron's packets, sent
    #: with its device's own key (mask 0xFFFFFFFF), go to the target (a gatherer)
    device_routes: List[Tuple[MachineVertex, int, MachineVertex]] = \
        field(default_factory=list)

    def n_keys(self, vertex: MachineVertex) -> int:
        """Keys a vertex sends with: one per atom, or per (atom, stage) for a delay vertex."""
        n = vertex.vertex_slice.n_atoms
        if vertex.kind == "delay":
            return self.delay_stages[vertex] * atoms_pow2(n)
        return n


    def targets(self) -> Dict[MachineVertex, Tuple[MachineVertex, ...]]:
        """Each sending vertex's distinct targets (its outgoing partition), in index order."""
        out: Dict[MachineVertex, set] = {}
        for e in self.edges:
            out.setdefault(e.pre, set()).add(e.post)
        return {v: tuple(sorted(ts, key=lambda t: t.index)) for v, ts in out.items()}


def atoms_pow2(n_atoms: int) -> int:
    """Atoms rounded up to a power of two (the key stride of a delay stage)."""
    return 1 << max(0, (n_atoms - 1).bit_length())

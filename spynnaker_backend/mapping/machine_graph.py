"""The machine graph: per-core slices of application vertices and the edges between them."""
from dataclasses import dataclass, field
from typing import Dict, List, NamedTuple, Optional, Tuple

import numpy as np

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


class MachineEdge(NamedTuple):
    """Spikes of ``pre`` are needed by ``post`` (for the connections of ``app_edge``;
    None on the edge from a slice to its own delay extension or to a live packet
    gatherer).  A named tuple: a full-scale network has millions of these, and a tuple is
    made twice as fast as a frozen dataclass."""
    pre: MachineVertex
    post: MachineVertex
    app_edge: Optional[ApplicationEdge]


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

    def target_pairs(self) -> Tuple[np.ndarray, np.ndarray]:
        """The distinct (sender index, target index) pairs of the edges, sorted by sender
        then target (vertex ``index`` values), as two int64 arrays.

        Computed once and kept while the edge list is unchanged (the same length and the
        same last edge): routing, keys and images all ask for it.
        """
        edges = self.edges
        stamp = (len(edges), id(edges[-1]) if edges else None)
        cached = self.__dict__.get("_pairs")
        if cached is None or cached[0] != stamp:
            n = len(edges)
            pre = np.fromiter((e.pre.index for e in edges), np.int64, n)
            post = np.fromiter((e.post.index for e in edges), np.int64, n)
            width = int(max(post.max(initial=0), pre.max(initial=0))) + 1
            codes = sorted_unique(pre * width + post)
            cached = self.__dict__["_pairs"] = (stamp, codes // width, codes % width)
        return cached[1], cached[2]

    def by_index(self) -> Dict[int, "MachineVertex"]:
        """Vertex of each ``index``."""
        out = {v.index: v for v in self.vertices}
        if len(out) != len(self.vertices):
            raise ValueError("two machine vertices share an index")
        return out

    def vertex_table(self) -> np.ndarray:
        """Object array: the vertex of each ``index`` (the vertices', and any edge end's
        outside :attr:`vertices`); None where no vertex has that index."""
        index = self.by_index()
        pre, post = self.target_pairs()
        if not set(np.unique(np.r_[pre, post]).tolist()) <= index.keys():
            for e in self.edges:      # an edge end outside ``vertices``
                index.setdefault(e.pre.index, e.pre)
                index.setdefault(e.post.index, e.post)
        table = np.empty(max(index, default=-1) + 1, dtype=object)
        table[list(index)] = list(index.values())
        return table

    def targets(self) -> Dict[MachineVertex, Tuple[MachineVertex, ...]]:
        """Each sending vertex's distinct targets (its outgoing partition), in index order."""
        pre, post = self.target_pairs()
        if not len(pre):
            return {}
        table = self.vertex_table()
        starts = np.flatnonzero(np.r_[True, pre[1:] != pre[:-1]])
        ends = np.r_[starts[1:], len(pre)]
        posts = table[post]
        return {table[pre[a]]: tuple(posts[a:b]) for a, b in zip(starts.tolist(),
                                                                ends.tolist())}


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (by a sort: numpy's hashing ``unique`` is many times
    slower on millions of integers)."""
    out = np.sort(values)
    return out[np.r_[True, out[1:] != out[:-1]]] if len(out) else out


def atoms_pow2(n_atoms: int) -> int:
    """Atoms rounded up to a power of two (the key stride of a delay stage)."""
    return 1 << max(0, (n_atoms - 1).bit_length())

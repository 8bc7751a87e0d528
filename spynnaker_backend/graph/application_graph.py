"""The application graph the PyNN layer builds and the mapping consumes."""
import zlib
from collections import Counter
from typing import List, Optional, Tuple

from .application_edge import ApplicationEdge
from .application_vertex import ApplicationVertex


def key_crc(item) -> int:
    """CRC-32 of a vertex's or edge's seed key (its label when it was never added to a
    graph): what its random streams are seeded from when no seed is given."""
    key = getattr(item, "seed_key", None) or item.label
    return zlib.crc32(str(key).encode("utf-8"))


class ApplicationGraph:
    """Vertices and edges, with a counter that says when the structure changed.

    ``structure_version`` changes whenever a vertex or edge is added or an edge's
    connectivity is replaced; the pipeline re-maps only when it differs from the version it
    mapped.  Parameter or state changes do not bump it: they are rewritten into images.
    """

    def __init__(self, rng_seed: Optional[int] = None):
        #: setup(rng_seed=...): mixed into every random stream whose seed is not given
        #: (Poisson sources, stochastic neurons and synapses); None keeps the label seeds
        self.rng_seed = rng_seed
        self.vertices: List[ApplicationVertex] = []
        self.edges: List[ApplicationEdge] = []
        self.structure_version = 0
        #: set by the PyNN layer when parameters, initial values, recording or spike times
        #: changed; the next run rewrites the images (without re-mapping) and clears it
        self.parameters_changed = False
        #: (population vertex, live packet gatherer vertex): every spike of the population
        #: also goes to the gatherer (activate_live_output_for)
        self.live_outputs: List[Tuple[ApplicationVertex, ApplicationVertex]] = []
        # how many current vertices / edges carry each label (seed_key's occurrence), and
        # the vertices' identities: O(1) per add where scans made building quadratic
        self._vertex_labels: Counter = Counter()
        self._edge_labels: Counter = Counter()
        self._vertex_ids = set()
        # each vertex's incoming and outgoing edges, in graph order
        self._incoming = {}
        self._outgoing = {}

    def has_vertex(self, vertex: ApplicationVertex) -> bool:
        return id(vertex) in self._vertex_ids

    def add_live_output(self, pre: ApplicationVertex, gatherer: ApplicationVertex) -> None:
        if not (self.has_vertex(pre) and self.has_vertex(gatherer)):
            raise ValueError(f"live output of {pre.label!r}: a vertex is not in the graph")
        if (pre, gatherer) not in self.live_outputs:
            self.live_outputs.append((pre, gatherer))
            self.structure_version += 1

    def seed_key(self, label: str, labels: Counter) -> str:
        """The text a random stream without an explicit seed is seeded from: the label, made
        unique by how many vertices (or edges: ``labels`` counts them) already carry it, and
        the setup's rng_seed. The first of a label with no rng_seed keeps the label itself,
        so a population's streams do not change when unrelated populations are added."""
        occurrence = labels[label]
        if occurrence == 0 and self.rng_seed is None:
            return str(label)
        seed = "" if self.rng_seed is None else f" rng_seed={self.rng_seed}"
        return f"{label} #{occurrence}{seed}"

    def add_vertex(self, vertex: ApplicationVertex) -> ApplicationVertex:
        vertex.seed_key = self.seed_key(vertex.label, self._vertex_labels)
        self.vertices.append(vertex)
        self._vertex_labels[vertex.label] += 1
        self._vertex_ids.add(id(vertex))
        self.structure_version += 1
        return vertex

    def add_edge(self, edge: ApplicationEdge) -> ApplicationEdge:
        if not (self.has_vertex(edge.pre) and self.has_vertex(edge.post)):
            raise ValueError(f"edge {edge.label!r} joins a vertex that is not in the graph")
        edge.seed_key = self.seed_key(edge.label, self._edge_labels)
        self._insert_edges([edge])
        return edge

    def remove_edges(self, edges) -> None:
        """Take edges out (a projection rebuilding its edges); their labels stop counting."""
        gone = {id(e) for e in edges}
        kept = [e for e in self.edges if id(e) not in gone]
        for edge in self.edges:
            if id(edge) in gone:
                self._edge_labels[edge.label] -= 1
        self.edges = kept
        for adjacent in (self._incoming, self._outgoing):
            for key, listed in adjacent.items():
                if any(id(e) in gone for e in listed):
                    adjacent[key] = [e for e in listed if id(e) not in gone]
        self.structure_version += 1

    def restore_edges(self, edges) -> None:
        """Put removed edges back as they were (their seed keys kept), at the end."""
        self._insert_edges(list(edges))

    def _insert_edges(self, edges) -> None:
        for edge in edges:
            self.edges.append(edge)
            self._edge_labels[edge.label] += 1
            self._incoming.setdefault(id(edge.post), []).append(edge)
            self._outgoing.setdefault(id(edge.pre), []).append(edge)
        self.structure_version += 1

    def mark_changed(self):
        """Call when an edge's connectivity or a vertex's partitioning limit changed."""
        self.structure_version += 1

    def incoming(self, vertex: ApplicationVertex) -> List[ApplicationEdge]:
        """The edges into ``vertex``, in graph order (a new list)."""
        return list(self._incoming.get(id(vertex), ()))

    def outgoing(self, vertex: ApplicationVertex) -> List[ApplicationEdge]:
        """The edges out of ``vertex``, in graph order (a new list)."""
        return list(self._outgoing.get(id(vertex), ()))

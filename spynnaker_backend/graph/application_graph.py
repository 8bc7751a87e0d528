"""The application graph the PyNN layer builds and the mapping consumes."""
import zlib
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
        #: (device-control population vertex, live packet gatherer vertex): the packets its
        #: neurons send to their devices (each with the device's own key) go to the
        #: gatherer (EthernetControlPopulation)
        self.device_outputs: List[Tuple[ApplicationVertex, ApplicationVertex]] = []

    def add_live_output(self, pre: ApplicationVertex, gatherer: ApplicationVertex) -> None:
        if pre not in self.vertices or gatherer not in self.vertices:
            raise ValueError(f"live output of {pre.label!r}: a vertex is not in the graph")
        if (pre, gatherer) not in self.live_outputs:
            self.live_outputs.append((pre, gatherer))
            self.structure_version += 1

    def add_device_output(self, pre: ApplicationVertex, gatherer: ApplicationVertex) -> None:
        if pre not in self.vertices or gatherer not in self.vertices:
            raise ValueError(f"device output of {pre.label!r}: a vertex is not in the graph")
        if (pre, gatherer) not in self.device_outputs:
            self.device_outputs.append((pre, gatherer))
            self.structure_version += 1

    def seed_key(self, label: str, others) -> str:
        """The text a random stream without an explicit seed is seeded from: the label, made
        unique by how many vertices (or edges) already carry it, and the setup's rng_seed.
        The first of a label with no rng_seed keeps the label itself, so a population's
        streams do not change when unrelated populations are added."""
        occurrence = sum(1 for other in others if other.label == label)
        if occurrence == 0 and self.rng_seed is None:
            return str(label)
        seed = "" if self.rng_seed is None else f" rng_seed={self.rng_seed}"
        return f"{label} #{occurrence}{seed}"

    def add_vertex(self, vertex: ApplicationVertex) -> ApplicationVertex:
        vertex.seed_key = self.seed_key(vertex.label, self.vertices)
        self.vertices.append(vertex)
        self.structure_version += 1
        return vertex

    def add_edge(self, edge: ApplicationEdge) -> ApplicationEdge:
        if edge.pre not in self.vertices or edge.post not in self.vertices:
            raise ValueError(f"edge {edge.label!r} joins a vertex that is not in the graph")
        edge.seed_key = self.seed_key(edge.label, self.edges)
        self.edges.append(edge)
        self.structure_version += 1
        return edge

    def mark_changed(self):
        """Call when an edge's connectivity or a vertex's partitioning limit changed."""
        self.structure_version += 1

    def incoming(self, vertex: ApplicationVertex) -> List[ApplicationEdge]:
        return [e for e in self.edges if e.post is vertex]

    def outgoing(self, vertex: ApplicationVertex) -> List[ApplicationEdge]:
        return [e for e in self.edges if e.pre is vertex]

"""The application graph the PyNN layer builds and the mapping consumes."""
from typing import List

from .application_edge import ApplicationEdge
from .application_vertex import ApplicationVertex


class ApplicationGraph:
    """Vertices and edges, with a counter that says when the structure changed.

    ``structure_version`` changes whenever a vertex or edge is added or an edge's
    connectivity is replaced; the pipeline re-maps only when it differs from the version it
    mapped.  Parameter or state changes do not bump it: they are rewritten into images.
    """

    def __init__(self):
        self.vertices: List[ApplicationVertex] = []
        self.edges: List[ApplicationEdge] = []
        self.structure_version = 0
        #: set by the PyNN layer when parameters, initial values, recording or spike times
        #: changed; the next run rewrites the images (without re-mapping) and clears it
        self.parameters_changed = False

    def add_vertex(self, vertex: ApplicationVertex) -> ApplicationVertex:
        self.vertices.append(vertex)
        self.structure_version += 1
        return vertex

    def add_edge(self, edge: ApplicationEdge) -> ApplicationEdge:
        if edge.pre not in self.vertices or edge.post not in self.vertices:
            raise ValueError(f"edge {edge.label!r} joins a vertex that is not in the graph")
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

"""The application graph: one vertex per population, one edge per projection."""
from .application_vertex import ApplicationVertex, Recording
from .application_edge import ApplicationEdge
from .application_graph import ApplicationGraph
from .current_source import CurrentSource

__all__ = ["ApplicationVertex", "ApplicationEdge", "ApplicationGraph", "Recording",
           "CurrentSource"]

"""Errors of the mapping stages, worded for the PyNN user who has to fix the script.

Each message names the population (``vertex.label``), the resource, what was needed, what
was available, and what to change.
"""
from ..errors import ConfigurationError


class MappingError(ConfigurationError):
    """The network cannot be mapped onto the machine as configured."""


class PlacementError(MappingError):
    """Not enough (or not the requested) cores for the machine vertices."""


class RoutingError(MappingError):
    """A multicast route cannot be built, or a router table does not fit its chip."""


class KeyAllocationError(MappingError):
    """The 32-bit multicast key space is exhausted."""

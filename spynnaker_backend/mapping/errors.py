"""Errors of the mapping stages, worded for the PyNN user who has to fix the script.

Each message names the population (``vertex.label``), the resource, what was needed, what
was available, and what to change.
"""
try:
    from pyNN.errors import ConfigurationError
except ImportError:
    # PyNN 0.13 has no ConfigurationError; keep the name so a later PyNN's is used
    class ConfigurationError(Exception):
        """The simulator is configured in a way that cannot run the network."""


class MappingError(ConfigurationError):
    """The network cannot be mapped onto the machine as configured."""


class PlacementError(MappingError):
    """Not enough (or not the requested) cores for the machine vertices."""


class RoutingError(MappingError):
    """A multicast route cannot be built, or a router table does not fit its chip."""


class KeyAllocationError(MappingError):
    """The 32-bit multicast key space is exhausted."""

"""Multicast keys: one key/mask per sending machine vertex, and its population's."""
from dataclasses import dataclass, field
from typing import Dict

from .machine_graph import MachineVertex


@dataclass(frozen=True)
class KeyMask:
    """Packets of a vertex carry ``key | atom index``; ``mask`` covers the non-index bits."""
    key: int
    mask: int

    @property
    def n_index_bits(self) -> int:
        return (~self.mask & 0xFFFFFFFF).bit_length()


@dataclass(frozen=True)
class PopulationKeys:
    """The keys of every core of a population (or of its delay extensions): core ``c``
    sends ``key | c << core_shift | atom``; ``mask`` covers the population's block."""
    key: int
    mask: int
    core_shift: int


@dataclass(frozen=True)
class RoutingInfo:
    by_vertex: Dict[MachineVertex, KeyMask]
    #: sending vertex -> the keys of its whole population (or delay extensions)
    population: Dict[MachineVertex, PopulationKeys] = field(default_factory=dict)

    def __getitem__(self, vertex: MachineVertex) -> KeyMask:
        return self.by_vertex[vertex]

    def __contains__(self, vertex) -> bool:
        return vertex in self.by_vertex

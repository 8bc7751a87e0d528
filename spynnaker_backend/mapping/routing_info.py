"""Multicast keys: one key/mask per sending machine vertex."""
from dataclasses import dataclass
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
class RoutingInfo:
    by_vertex: Dict[MachineVertex, KeyMask]

    def __getitem__(self, vertex: MachineVertex) -> KeyMask:
        return self.by_vertex[vertex]

    def __contains__(self, vertex) -> bool:
        return vertex in self.by_vertex

"""Where each machine vertex runs."""
from dataclasses import dataclass
from typing import Dict, Tuple

from .machine_graph import MachineVertex


@dataclass(frozen=True)
class Placement:
    x: int
    y: int
    p: int


@dataclass(frozen=True)
class Placements:
    """Machine vertex -> (x, y, p); p >= 1 (core 0 is the monitor)."""
    by_vertex: Dict[MachineVertex, Placement]

    def __getitem__(self, vertex: MachineVertex) -> Placement:
        return self.by_vertex[vertex]

    def __len__(self):
        return len(self.by_vertex)

    def chips_used(self) -> Tuple[Tuple[int, int], ...]:
        return tuple(sorted({(p.x, p.y) for p in self.by_vertex.values()}))

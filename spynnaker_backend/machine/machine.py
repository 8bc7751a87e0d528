"""The machine model: live chips, their cores and the links between them."""
from typing import Dict, Iterator, Optional, Sequence, Tuple

from .chip import Chip


class Machine:
    """A set of live chips joined by a hexagonal mesh of links.

    Parameters
    ----------
    width, height : int
        Size of the chip coordinate space; all chips have 0 <= x < width, 0 <= y < height.
    chips : dict of (int, int) to Chip
        The live chips.
    wrap_around : bool
        Whether links leaving one edge arrive at the opposite edge (a torus).
    boards : sequence of (int, int)
        Coordinates of each board's Ethernet (root) chip.
    """

    def __init__(self, width: int, height: int, chips: Dict[Tuple[int, int], Chip],
                 wrap_around: bool, boards: Sequence[Tuple[int, int]] = ((0, 0),)):
        self.width = width
        self.height = height
        # sorted once so that iteration (and hence every stage) is deterministic
        self.chips: Dict[Tuple[int, int], Chip] = dict(sorted(chips.items()))
        self.wrap_around = wrap_around
        self.boards = tuple(boards)

    def chip(self, x: int, y: int) -> Optional[Chip]:
        """The live chip at (x, y), or None if there is none (absent or dead)."""
        return self.chips.get((x, y))

    def neighbour(self, x: int, y: int, link: int) -> Optional[Tuple[int, int]]:
        """The chip reached from (x, y) over ``link``, or None if that link is not alive."""
        chip = self.chips.get((x, y))
        return None if chip is None else chip.links.get(link)

    @property
    def n_chips(self) -> int:
        return len(self.chips)

    @property
    def n_application_cores(self) -> int:
        """Live application processors over all chips."""
        return sum(len(c.processors) for c in self.chips.values())

    def __iter__(self) -> Iterator[Chip]:
        return iter(self.chips.values())

    def __len__(self) -> int:
        return len(self.chips)

    def __contains__(self, xy) -> bool:
        return tuple(xy) in self.chips

    def __repr__(self):
        wrap = "wrap-around" if self.wrap_around else "no wrap-around"
        return (f"Machine({self.width}x{self.height}, {len(self.boards)} board(s), "
                f"{self.n_chips} chips, {self.n_application_cores} application cores, "
                f"{wrap})")

"""One chip of the machine model."""
from dataclasses import dataclass, field
from typing import Dict, Tuple


@dataclass(frozen=True)
class Chip:
    """A live chip as the mapping sees it.

    Attributes
    ----------
    x, y : int
        Chip coordinates.
    processors : tuple of int
        Live application processor ids, ascending (never 0, the monitor).
    sdram : int
        Application SDRAM (bytes).
    router_entries : int
        Multicast router entries available to applications.
    links : dict of int to (int, int)
        Link id (0..5, see :data:`~.constants.LINK_DELTAS`) to the neighbouring chip's
        coordinates, for links that exist and are alive at both ends.
    """
    x: int
    y: int
    processors: Tuple[int, ...]
    sdram: int
    router_entries: int
    # not hashed: a dict is unhashable, and (x, y) already identifies a chip
    links: Dict[int, Tuple[int, int]] = field(default_factory=dict, hash=False)

    @property
    def n_processors(self) -> int:
        """Number of live application processors."""
        return len(self.processors)

    def __repr__(self):
        return (f"Chip({self.x}, {self.y}, {len(self.processors)} cores, "
                f"links={sorted(self.links)})")

"""The machine as sPyNNaker's users see it: ``spinn_machine``'s Machine and Chip vocabulary
(``chips``, ``ethernet_connected_chips``, ``get_chip_at``, ``n_processors``, ...) over our
:class:`~.machine.Machine`, read-only.

``sim.get_machine()`` returns a :class:`MachineView`; the mapping keeps using ``Machine``.
"""
from typing import Iterator, Optional, Tuple

from .constants import BOARD_48_CHIPS, MONITOR_CORE
from .machine import Machine


class ChipView:
    """One live chip, with ``spinn_machine.Chip``'s read-only properties.

    ``n_processors`` counts every live core including the monitor (core 0), as
    spinn_machine does; ``placable_processors_ids`` are the cores applications may use.
    """

    def __init__(self, chip, ethernet: Tuple[int, int], ip_address: Optional[str]):
        self._chip = chip
        self._ethernet = ethernet
        self._ip_address = ip_address

    x = property(lambda self: self._chip.x)
    y = property(lambda self: self._chip.y)
    #: application SDRAM (bytes)
    sdram = property(lambda self: self._chip.sdram)
    #: Ethernet address of a board's root chip; None on other chips
    ip_address = property(lambda self: self._ip_address)
    nearest_ethernet_x = property(lambda self: self._ethernet[0])
    nearest_ethernet_y = property(lambda self: self._ethernet[1])

    @property
    def placable_processors_ids(self) -> Tuple[int, ...]:
        return tuple(self._chip.processors)

    @property
    def n_placable_processors(self) -> int:
        return len(self._chip.processors)

    @property
    def scamp_processors_ids(self) -> Tuple[int, ...]:
        return (MONITOR_CORE,)

    @property
    def n_scamp_processors(self) -> int:
        return 1

    @property
    def all_processor_ids(self) -> Tuple[int, ...]:
        return (MONITOR_CORE,) + tuple(self._chip.processors)

    @property
    def n_processors(self) -> int:
        return 1 + len(self._chip.processors)

    @property
    def router_entries(self) -> int:
        """Multicast routing entries applications may use."""
        return self._chip.router_entries

    @property
    def links(self):
        """Link id (0 E .. 5 S) to the neighbouring chip's (x, y), live links only."""
        return dict(self._chip.links)

    def is_processor_with_id(self, processor_id: int) -> bool:
        return processor_id in self.all_processor_ids

    def __iter__(self):
        return iter(self.all_processor_ids)

    def __repr__(self):
        return f"Chip(x={self.x}, y={self.y}, n_processors={self.n_processors})"


class MachineView:
    """A machine with ``spinn_machine.Machine``'s read-only API.

    Board root chips get the loopback-style addresses a virtual machine reports
    (``127.0.<x>.<y>``): nothing listens there; they only identify the boards.
    """

    def __init__(self, machine: Machine):
        self._machine = machine
        roots = tuple(machine.boards)
        self._roots = roots
        self._chips = {}
        for xy, chip in machine.chips.items():
            nearest = self._board_of(xy)
            ip = f"127.0.{xy[0]}.{xy[1]}" if xy in roots else None
            self._chips[xy] = ChipView(chip, nearest, ip)

    def _board_of(self, xy):
        """The root chip of the board holding ``xy``: the root whose 48-chip board
        contains it (SpiNN-5), else the nearest root (SpiNN-3: the only one)."""
        w, h = self._machine.width, self._machine.height
        for root in self._roots:
            if ((xy[0] - root[0]) % w, (xy[1] - root[1]) % h) in BOARD_48_CHIPS:
                return root
        return min(self._roots, key=lambda r: abs(xy[0] - r[0]) + abs(xy[1] - r[1]),
                   default=(0, 0))

    width = property(lambda self: self._machine.width)
    height = property(lambda self: self._machine.height)
    #: whether links wrap around the edges (a torus)
    wrap = property(lambda self: self._machine.wrap_around)

    @property
    def chips(self) -> Tuple[ChipView, ...]:
        """Every live chip, in (x, y) order."""
        return tuple(self._chips.values())

    @property
    def chip_coordinates(self) -> Tuple[Tuple[int, int], ...]:
        return tuple(self._chips)

    @property
    def n_chips(self) -> int:
        return len(self._chips)

    @property
    def ethernet_connected_chips(self) -> Tuple[ChipView, ...]:
        """The root chip of each board (the one with an Ethernet connection)."""
        return tuple(self._chips[r] for r in self._roots if r in self._chips)

    @property
    def boot_chip(self) -> ChipView:
        return self.ethernet_connected_chips[0]

    def get_chip_at(self, x: int, y: int) -> Optional[ChipView]:
        """The chip at (x, y), or None if there is no live chip there."""
        return self._chips.get((x, y))

    def is_chip_at(self, x: int, y: int) -> bool:
        return (x, y) in self._chips

    def is_link_at(self, x: int, y: int, link: int) -> bool:
        return self._machine.neighbour(x, y, link) is not None

    @property
    def total_cores(self) -> int:
        """Every live core, monitors included."""
        return sum(c.n_processors for c in self._chips.values())

    @property
    def total_available_user_cores(self) -> int:
        return sum(c.n_placable_processors for c in self._chips.values())

    def get_cores_count(self) -> int:
        return self.total_cores

    def get_chips_by_ethernet(self, ethernet_x: int, ethernet_y: int) -> Iterator[ChipView]:
        """The chips whose nearest Ethernet chip is (ethernet_x, ethernet_y)."""
        return (c for c in self._chips.values()
                if (c.nearest_ethernet_x, c.nearest_ethernet_y) == (ethernet_x, ethernet_y))

    def summary_string(self) -> str:
        return (f"{self.n_chips} chips ({self.width} x {self.height}"
                f"{', wrap-around' if self.wrap else ''}), {self.total_cores} cores, "
                f"{len(self._roots)} board(s)")

    def __iter__(self):
        """(x, y), chip pairs, as spinn_machine's Machine iterates."""
        return iter(self._chips.items())

    def __len__(self):
        return len(self._chips)

    def __contains__(self, xy):
        return tuple(xy) in self._chips

    def __getitem__(self, xy):
        return self._chips[tuple(xy)]

    def __getattr__(self, name):
        # anything else (n_application_cores, neighbour, ...) from our own model
        return getattr(self._machine, name)

    def __repr__(self):
        return f"Machine({self.summary_string()})"

"""Per-chip multicast routing tables, in the router's own format.

A route word has bit ``l`` (0..5) set to send on link ``l`` and bit ``6 + p`` set to deliver
to processor ``p`` (0..17), as in SpiNNaker's router.  Entries are matched in order; the first
whose ``key == packet_key & mask`` wins.  A packet that matches nothing is default-routed
straight on (out of the link opposite the one it came in on) if it came from a link, and
dropped if it came from a local core.
"""
from dataclasses import dataclass
from typing import Dict, Tuple

N_LINKS = 6


def link_bit(link: int) -> int:
    return 1 << link


def core_bit(p: int) -> int:
    return 1 << (N_LINKS + p)


@dataclass(frozen=True)
class MulticastEntry:
    key: int
    mask: int
    route: int

    def matches(self, key: int) -> bool:
        return (key & self.mask) == self.key


@dataclass(frozen=True)
class RoutingTable:
    x: int
    y: int
    entries: Tuple[MulticastEntry, ...]

    def lookup(self, key: int):
        """The route of the first matching entry, or None (default routing)."""
        for e in self.entries:
            if (key & e.mask) == e.key:
                return e.route
        return None


@dataclass(frozen=True)
class RoutingTables:
    by_chip: Dict[Tuple[int, int], RoutingTable]

    def __getitem__(self, xy) -> RoutingTable:
        return self.by_chip[xy]

    def __iter__(self):
        return iter(self.by_chip.values())

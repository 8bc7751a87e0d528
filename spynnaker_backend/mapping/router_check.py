"""A pure-Python reference of the multicast router, for tests and reports.

Follows the semantics in :mod:`.routing_tables` hop by hop: the first matching entry
wins; an unmatched packet that came in on a link goes straight on (out of the opposite
link), one that came from a local core is dropped; a packet sent on a link that does not
exist (or is dead) is dropped.
"""
from collections import Counter
from typing import FrozenSet, Tuple

from ..machine import Machine
from .errors import RoutingError
from .routing_tables import N_LINKS, RoutingTables


def trace(machine: Machine, tables: RoutingTables, x: int, y: int, p: int,
          key: int) -> Tuple[Counter, int]:
    """Every delivery of a packet sent by core (x, y, p): (Counter of cores, drops).

    A core counted twice would receive the spike twice - a routing bug that
    :func:`deliver` alone would hide.

    Raises
    ------
    RoutingError
        If the packet loops (revisits a chip over the same incoming link, which on a
        deterministic router repeats for ever).
    """
    reached: Counter = Counter()
    dropped = 0
    # (chip, incoming link or None for a local core, hops so far)
    stack = [((x, y), None, frozenset())]
    while stack:
        xy, came_in, path = stack.pop()
        state = (xy, came_in)
        if state in path:
            raise RoutingError(f"key {key:#010x} from core {(x, y, p)} loops through chip "
                               f"{xy}")
        path = path | {state}
        chip = machine.chips[xy]
        table = tables.by_chip.get(xy)
        route = table.lookup(key) if table is not None else None
        if route is None:
            if came_in is None:
                dropped += 1
                continue
            route = 1 << ((came_in + 3) % N_LINKS)
        for core in range(N_LINKS, route.bit_length()):
            if route >> core & 1:
                reached[(xy[0], xy[1], core - N_LINKS)] += 1
        for link in range(N_LINKS):
            if route >> link & 1:
                if link not in chip.links:
                    dropped += 1
                    continue
                stack.append((chip.links[link], (link + 3) % N_LINKS, path))
    return reached, dropped


def deliver(machine: Machine, tables: RoutingTables, x: int, y: int, p: int,
            key: int) -> Tuple[FrozenSet[Tuple[int, int, int]], int]:
    """Cores (x, y, p) that a packet with ``key`` sent by core (x, y, p) reaches, and the
    number of copies dropped on the way."""
    reached, dropped = trace(machine, tables, x, y, p, key)
    return frozenset(reached), dropped

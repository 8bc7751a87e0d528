"""Routing: multicast trees over the chip mesh, written as per-chip router tables."""
from collections import defaultdict
from typing import Dict, List, NamedTuple, Optional, Tuple

from ..machine import Machine
from .compress import compress
from .errors import RoutingError
from .machine_graph import MachineGraph
from .placements import Placements
from .routing_info import KeyMask, RoutingInfo
from .routing_tables import MulticastEntry, RoutingTable, RoutingTables, core_bit, link_bit

XY = Tuple[int, int]


class ChipEntries(NamedTuple):
    entries: Dict[XY, List[MulticastEntry]]
    avoid: Dict[XY, List[Tuple[int, int]]]
    owners: Dict[XY, List[str]]


def shortest_path_tree(machine: Machine, source: XY) -> Dict[XY, Tuple[XY, int]]:
    """Breadth-first tree of shortest paths over live links from ``source``.

    Returns chip -> (parent chip, link taken from the parent), for every reachable chip
    but the source.  Hop counts equal the hexagonal distance (with wrap-around where the
    machine has it) unless dead links force a detour.  Among equally short parents one that
    continues straight on is preferred, because a chip that only passes a packet straight
    on needs no router entry (default routing).  Links are tried in id order, so the tree
    is deterministic.
    """
    tree: Dict[XY, Tuple[XY, int]] = {}
    depth = {source: 0}
    frontier = [source]
    while frontier:
        nxt = []
        for c in frontier:
            arrived = tree[c][1] if c in tree else None
            for link, n in sorted(machine.chips[c].links.items()):
                if n not in depth:
                    depth[n] = depth[c] + 1
                    tree[n] = (c, link)
                    nxt.append(n)
                elif (depth[n] == depth[c] + 1 and link == arrived
                      and tree[n][1] != tree.get(tree[n][0], (None, None))[1]):
                    tree[n] = (c, link)
        frontier = nxt
    return tree


def multicast_entries(machine: Machine, machine_graph: MachineGraph, placements: Placements,
                      routing_info: RoutingInfo) -> ChipEntries:
    """Uncompressed router entries per chip, and the key blocks default routing carries.

    Returns
    -------
    ChipEntries
        ``entries[xy]``: list of MulticastEntry in source vertex order;
        ``avoid[xy]``: (key, mask) blocks crossing chip xy straight on without an entry;
        ``owners[xy]``: population label of each entry (for error messages).

    Raises
    ------
    RoutingError
        A target chip is unreachable over live links, or a sender has no key.
    """
    trees: Dict[XY, Dict[XY, Tuple[XY, int]]] = {}
    entries: Dict[XY, List[MulticastEntry]] = defaultdict(list)
    owners: Dict[XY, List[str]] = defaultdict(list)
    avoid: Dict[XY, List[Tuple[int, int]]] = defaultdict(list)
    out = ChipEntries(entries, avoid, owners)
    for vertex, targets in sorted(machine_graph.targets().items(), key=lambda vt: vt[0].index):
        if vertex not in routing_info:
            raise RoutingError(f"Population {vertex.app_vertex.label!r} ({vertex.label}) "
                               f"sends spikes but was given no multicast key.")
        _tree_entries(machine, placements, trees, out, vertex, routing_info[vertex], targets)
    for vertex, key, target in machine_graph.device_routes:   # a device's own key
        _tree_entries(machine, placements, trees, out, vertex, KeyMask(key, 0xFFFFFFFF),
                      (target,))
    return ChipEntries(dict(entries), dict(avoid), dict(owners))


def _tree_entries(machine: Machine, placements: Placements, trees, out: ChipEntries,
                  vertex, km: KeyMask, targets) -> None:
    """Add the entries of one key block's tree from ``vertex`` to ``targets`` to ``out``."""
    src_at = placements[vertex]
    src = (src_at.x, src_at.y)
    if src not in trees:
        trees[src] = shortest_path_tree(machine, src)
    tree = trees[src]
    words: Dict[XY, int] = {src: 0}
    arrived: Dict[XY, int] = {}
    for target in targets:
        at = placements[target]
        chip = (at.x, at.y)
        if chip != src and chip not in tree:
            raise RoutingError(
                f"Population {vertex.app_vertex.label!r} on chip {src} cannot reach "
                f"population {target.app_vertex.label!r} on chip {chip}: no path of live "
                f"links (dead chips or links cut it off). Use a machine without these "
                f"faults, or constrain both populations to connected chips.")
        words[chip] = words.get(chip, 0) | core_bit(at.p)
        # walk up to the source, stopping where an earlier target's path joined
        while chip != src:
            parent, link = tree[chip]
            arrived[chip] = link
            seen = parent in words and words[parent] & link_bit(link)
            words[parent] = words.get(parent, 0) | link_bit(link)
            if seen:
                break
            chip = parent
    for chip, route_word in words.items():
        if chip != src and route_word == link_bit(arrived[chip]):
            out.avoid[chip].append((km.key, km.mask))
        else:
            out.entries[chip].append(MulticastEntry(km.key, km.mask, route_word))
            out.owners[chip].append(vertex.app_vertex.label)


def route(machine: Machine, machine_graph: MachineGraph, placements: Placements,
          routing_info: RoutingInfo, max_entries: Optional[int] = None) -> RoutingTables:
    """Build one multicast tree per sending vertex and each chip's router table.

    Each source's tree is the union of its shortest paths to its targets' chips, so paths
    share prefixes and a chip holds at most one entry per source key.  A chip the packet
    only crosses straight on (arrives on link a, leaves on (a + 3) % 6, no local core) gets
    no entry: default routing does it; compression is told not to capture those keys.
    Tables longer than their chip's capacity are compressed (:func:`.compress.compress`).

    Parameters
    ----------
    machine, machine_graph, placements, routing_info
        Outputs of the earlier stages.
    max_entries : int, optional
        Override every chip's ``router_entries`` (tests use it to force compression).

    Returns
    -------
    RoutingTables
        A table (possibly empty) for every live chip.

    Raises
    ------
    RoutingError
        A target chip is unreachable over live links, or a table does not fit its chip.
    """
    chip_entries = multicast_entries(machine, machine_graph, placements, routing_info)
    entries, avoid, owners = chip_entries.entries, chip_entries.avoid, chip_entries.owners
    tables = {}
    for xy, chip in machine.chips.items():
        limit = chip.router_entries if max_entries is None else max_entries
        table = compress(entries.get(xy, ()), limit, avoid.get(xy, ()))
        if len(table) > limit:
            pops = sorted(set(owners.get(xy, ())))
            raise RoutingError(
                f"The router of chip {xy} needs {len(table)} multicast entries after "
                f"compression ({len(entries.get(xy, ()))} before) but has only {limit}; "
                f"{len(pops)} population(s) route through it: {pops[:8]}. Spread the "
                f"network over more chips (a bigger machine), or send from fewer cores by "
                f"raising max_atoms_per_core.")
        tables[xy] = RoutingTable(xy[0], xy[1], table)
    return RoutingTables(tables)

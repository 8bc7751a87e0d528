"""Routing: multicast trees over the chip mesh, written as per-chip router tables.

The trees are built per source chip and vectorised over the key blocks sent from it (see
:func:`chip_routes`); router entries stay arrays until the tables are written.
"""
from typing import Dict, List, NamedTuple, Optional, Tuple

import numpy as np

from ..machine import Machine
from .compress import compress_arrays
from .errors import RoutingError
from .machine_graph import MachineGraph
from .placements import Placements
from .routing_info import RoutingInfo
from .routing_tables import N_LINKS, MulticastEntry, RoutingTable, RoutingTables

XY = Tuple[int, int]
_FULL = 0xFFFFFFFF


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


class _Tree(NamedTuple):
    """One source chip's tree over the chip indices of :class:`_Routes`."""
    link: np.ndarray      # link taken from the parent into each chip; -1: source/unreachable
    levels: list          # (link, children, their parents), deepest first


def _tree_arrays(machine: Machine, source: XY, index: Dict[XY, int]) -> _Tree:
    tree = shortest_path_tree(machine, source)
    link = np.full(len(index), -1, dtype=np.int64)
    by_level: Dict[Tuple[int, int], Tuple[list, list]] = {}
    depth = {source: 0}
    for chip, (parent, through) in tree.items():    # breadth-first: parents come first
        depth[chip] = depth[parent] + 1
        link[index[chip]] = through
        kids, parents = by_level.setdefault((depth[chip], through), ([], []))
        kids.append(index[chip])
        parents.append(index[parent])
    levels = [(lk, np.array(kids), np.array(parents))
              for (_, lk), (kids, parents) in sorted(by_level.items(), reverse=True)]
    return _Tree(link, levels)


class Routes(NamedTuple):
    """Every (key block, chip) entry of the uncompressed tables, sorted by chip and then by
    sender order (vertex index, then device routes)."""
    chips: List[XY]          # chip of each chip index
    chip: np.ndarray         # chip index of each entry
    key: np.ndarray          # uint64
    mask: np.ndarray         # uint64
    word: np.ndarray         # route word (int64)
    avoid: np.ndarray        # bool: crosses the chip straight on, no entry needed
    sender: np.ndarray       # position in ``labels``
    labels: List[str]        # population label of each sender

    def of_chip(self) -> Dict[XY, slice]:
        """The slice of entries of each chip that has any."""
        bounds = np.flatnonzero(np.r_[True, self.chip[1:] != self.chip[:-1], True]) \
            if len(self.chip) else np.zeros(1, dtype=np.int64)
        return {self.chips[int(self.chip[a])]: slice(int(a), int(b))
                for a, b in zip(bounds[:-1], bounds[1:])}


def chip_routes(machine: Machine, machine_graph: MachineGraph, placements: Placements,
                routing_info: RoutingInfo) -> Routes:
    """The multicast tree of every key block, as arrays (see :func:`multicast_entries`).

    For one source chip and all the blocks sent from it at once: W[block, chip] holds the
    core bits of the block's targets on that chip; going up the tree level by level (the
    children of one level reached over one link have distinct parents), a chip whose
    subtree holds a target gets that link's bit in its parent's word.  The result is the
    union of the shortest paths, one entry per block per chip on it.
    """
    chips = list(machine.chips)
    index = {xy: i for i, xy in enumerate(chips)}
    table = machine_graph.vertex_table()
    pre, post = machine_graph.target_pairs()
    # senders in index order, then the device routes (each a block of its own)
    sender_ids = np.unique(pre)
    senders = table[sender_ids].tolist()
    for vertex in senders:
        if vertex not in routing_info:
            raise RoutingError(f"Population {vertex.app_vertex.label!r} ({vertex.label}) "
                               f"sends spikes but was given no multicast key.")
    n_dev = len(machine_graph.device_routes)
    blocks = senders + [v for v, _, _ in machine_graph.device_routes]
    kms = [routing_info[v] for v in senders]
    key = np.array([km.key for km in kms] + [k for _, k, _ in machine_graph.device_routes],
                   dtype=np.uint64)
    mask = np.array([km.mask for km in kms] + [_FULL] * n_dev, dtype=np.uint64)
    # (block, target) pairs: block numbers follow ``blocks``
    block_of = np.searchsorted(sender_ids, pre)
    target_ids = post
    if n_dev:
        block_of = np.r_[block_of, np.arange(len(senders), len(blocks))]
        target_ids = np.r_[target_ids, [t.index for _, _, t in machine_graph.device_routes]]
    where = {}
    for v in set(blocks) | set(table[np.unique(target_ids)].tolist()):
        at = placements[v]
        where[v.index] = (index[at.x, at.y], at.p)
    if n_dev:
        for _, _, t in machine_graph.device_routes:
            at = placements[t]
            where[t.index] = (index[at.x, at.y], at.p)
    ids = np.fromiter(where, np.int64, len(where))
    lookup = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int64)
    lookup[ids] = np.arange(len(ids))
    chip_p = np.array(list(where.values()), dtype=np.int64).reshape(-1, 2)
    t_chip = chip_p[lookup[target_ids], 0]
    t_bit = np.left_shift(1, N_LINKS + chip_p[lookup[target_ids], 1])
    src_chip = np.array([where[v.index][0] for v in blocks], dtype=np.int64)

    out_block, out_chip, out_word, out_avoid = [], [], [], []
    unreachable = []
    order = np.argsort(src_chip[block_of], kind="stable")
    block_of, t_chip, t_bit = block_of[order], t_chip[order], t_bit[order]
    by_src = np.flatnonzero(np.r_[True, np.diff(src_chip[block_of]) != 0, True]) \
        if len(block_of) else []
    for a, b in zip(by_src[:-1], by_src[1:]):
        a, b = int(a), int(b)
        s = int(src_chip[block_of[a]])
        tree = _tree_arrays(machine, chips[s], index)
        rows, row_of = np.unique(block_of[a:b], return_inverse=True)
        words = np.zeros((len(rows), len(chips)), dtype=np.int64)
        np.bitwise_or.at(words, (row_of, t_chip[a:b]), t_bit[a:b])
        lost = (tree.link[t_chip[a:b]] < 0) & (t_chip[a:b] != s)
        if lost.any():
            first = np.flatnonzero(lost)[0]
            unreachable.append((int(rows[row_of[first]]), a + int(first)))
            continue
        marked = words != 0
        for lk, kids, parents in tree.levels:
            below = marked[:, kids]
            marked[:, parents] |= below
            words[:, parents] |= below * (1 << lk)
        marked[:, s] = True
        r, c = np.nonzero(marked)
        w = words[r, c]
        out_block.append(rows[r])
        out_chip.append(c)
        out_word.append(w)
        out_avoid.append((c != s) & (w == np.left_shift(1, np.maximum(tree.link[c], 0))))
    if unreachable:
        blk, at = min(unreachable)
        vertex = blocks[blk]
        target = (table[int(target_ids[order][at])] if blk < len(senders)
                  else machine_graph.device_routes[blk - len(senders)][2])
        src_at, t_at = placements[vertex], placements[target]
        raise RoutingError(
            f"Population {vertex.app_vertex.label!r} on chip {(src_at.x, src_at.y)} cannot "
            f"reach population {target.app_vertex.label!r} on chip {(t_at.x, t_at.y)}: no "
            f"path of live links (dead chips or links cut it off). Use a machine without "
            f"these faults, or constrain both populations to connected chips.")
    cat = (lambda parts, dt: np.concatenate(parts) if parts else np.zeros(0, dtype=dt))
    blk = cat(out_block, np.int64)
    chip = cat(out_chip, np.int64)
    by = np.lexsort((blk, chip))
    blk, chip = blk[by], chip[by]
    return Routes(chips, chip, key[blk], mask[blk], cat(out_word, np.int64)[by],
                  cat(out_avoid, bool)[by], blk, [v.app_vertex.label for v in blocks])


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
    r = chip_routes(machine, machine_graph, placements, routing_info)
    entries, avoid, owners = {}, {}, {}
    for xy, sl in r.of_chip().items():
        keys, masks = r.key[sl].tolist(), r.mask[sl].tolist()
        words, skip, who = r.word[sl].tolist(), r.avoid[sl].tolist(), r.sender[sl].tolist()
        ent = [MulticastEntry(k, m, w) for k, m, w, a in zip(keys, masks, words, skip)
               if not a]
        if ent:
            entries[xy] = ent
            owners[xy] = [r.labels[s] for s, a in zip(who, skip) if not a]
        if any(skip):
            avoid[xy] = [(k, m) for k, m, a in zip(keys, masks, skip) if a]
    return ChipEntries(entries, avoid, owners)


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
    r = chip_routes(machine, machine_graph, placements, routing_info)
    spans = r.of_chip()
    tables = {}
    for xy, chip in machine.chips.items():
        limit = chip.router_entries if max_entries is None else max_entries
        sl = spans.get(xy, slice(0, 0))
        use = ~r.avoid[sl]
        keys, masks, words = r.key[sl][use], r.mask[sl][use], r.word[sl][use]
        n_before = len(keys)
        if n_before > limit:
            keys, masks, words = compress_arrays(keys, masks, words, r.key[sl][~use],
                                                 r.mask[sl][~use], limit)
        if len(keys) > limit:
            pops = sorted({r.labels[s] for s in r.sender[sl][use].tolist()})
            raise RoutingError(
                f"The router of chip {xy} needs {len(keys)} multicast entries after "
                f"compression ({n_before} before) but has only {limit}; "
                f"{len(pops)} population(s) route through it: {pops[:8]}. Spread the "
                f"network over more chips (a bigger machine), or send from fewer cores by "
                f"raising max_atoms_per_core.")
        tables[xy] = RoutingTable(xy[0], xy[1], tuple(map(
            MulticastEntry, keys.tolist(), masks.tolist(), words.tolist())))
    return RoutingTables(tables)

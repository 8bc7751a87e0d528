"""Router table compression that exploits the router's first-match order.

The invariant kept (and tested through :mod:`.router_check`): for every key that can reach
the chip, the first matching entry of the compressed table sends it exactly where the
original table did.  The keys that can reach a chip are those of the table's entries and
those of the ``avoid`` blocks (packets that pass straight through on default routing and
so have no entry).  Any other key cannot arrive - every key block belongs to one source
and that source's tree reaches this chip only through an entry or an ``avoid`` block - so a
merged entry may capture such keys freely; that freedom is what makes merging pay.

First, exact merges: two entries of one route whose blocks differ only in their lowest cared
bit become one entry matching exactly their union (a population's cores on one chip have
such sibling key blocks, so a big network's tables shrink here without capturing any key).
When that is not short enough, the pair compressor follows.

Method (the "pair compressor" of SpiNNaker's tool chain, on disjoint inputs): entries are
grouped by route and the groups ordered smallest first.  Within a group, pairs of entries
are merged into their smallest covering key/mask (differing bits become don't-care, X)
when the merged entry matches no key of (a) an entry of a *later* group, or (b) an ``avoid``
block.  Keys of *earlier* groups may be captured: their own entries come first and still
match them first.  Since every entry covers its original keys, each key's first match
is an entry of its own route.

A group's merges are checked against the original blocks of the later groups, so they do
not depend on whether other groups merge: groups are merged from the last (largest) one
back only until the table fits.
"""
from typing import Iterable, List, Sequence, Tuple

import numpy as np

from .machine_graph import sorted_unique
from .routing_tables import MulticastEntry

_FULL = 0xFFFFFFFF
#: merge partners tried per entry; bounds the cost to O(n * (n + _TRIES * m)) per pass
_TRIES = 32


def _popcount(a: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 (values below 2**32)."""
    if hasattr(np, "bitwise_count"):   # numpy >= 2.0
        return np.bitwise_count(a).astype(np.int64)
    a = a.copy()
    count = np.zeros(a.shape, dtype=np.int64)
    while a.any():
        count += (a & 1).astype(np.int64)
        a >>= 1
    return count


def _disjoint(keys: np.ndarray, masks: np.ndarray) -> bool:
    """Whether no key matches two of the ternary entries (k, m)."""
    free = ~masks & np.uint64(_FULL)
    if not ((free & (free + np.uint64(1))) | (keys & free)).any():
        # every entry an aligned block [k, k + free]: disjoint when, sorted by start,
        # each block ends before the next begins
        order = np.argsort(keys, kind="stable")
        start, end = keys[order], keys[order] + free[order]
        return bool((end[:-1] < start[1:]).all())
    return _disjoint_pairwise(keys, masks)


def _disjoint_pairwise(keys: np.ndarray, masks: np.ndarray) -> bool:
    """:func:`_disjoint` for any ternary entries, by comparing every pair."""
    n = len(keys)
    for start in range(0, n, 256):        # in row chunks: n x n at once could be GBs
        k, m = keys[start:start + 256, None], masks[start:start + 256, None]
        overlap = ((k ^ keys[None, :]) & m & masks[None, :]) == 0
        rows = np.arange(len(k))
        overlap[rows, rows + start] = False
        if overlap.any():
            return False
    return True


def _merge_group(cubes: List[Tuple[int, int]], blocked_k: np.ndarray,
                 blocked_m: np.ndarray) -> List[Tuple[int, int]]:
    """Greedily merge same-route (key, mask) pairs that capture no blocked key."""
    keys = np.array([k for k, _ in cubes], dtype=np.uint64)
    masks = np.array([m for _, m in cubes], dtype=np.uint64)
    i = 0
    while i < len(keys):
        mm = masks[i] & masks & ~(keys[i] ^ keys) & np.uint64(_FULL)
        mk = keys[i] & mm
        size = _popcount(~mm & np.uint64(_FULL))
        size[i] = 1 << 40                      # never merge an entry with itself
        merged = False
        for j in np.argsort(size, kind="stable")[:min(_TRIES, len(keys) - 1)]:
            k, m = mk[j], mm[j]
            if len(blocked_k) and (((k ^ blocked_k) & m & blocked_m) == 0).any():
                continue
            # keep the merged entry at i; drop every entry of the group it now covers
            covered = ((masks & m) == m) & ((keys & m) == k)
            covered[i] = False
            keys[i], masks[i] = k, m
            keep = ~covered
            i -= int(covered[:i].sum())
            keys, masks = keys[keep], masks[keep]
            merged = True
            break
        if not merged:
            i += 1
    return sorted(zip(keys.tolist(), masks.tolist()))


def _exact_merge(cubes: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Merge same-route blocks (key, mask) that differ only in the mask's lowest set bit
    into their union, repeatedly: the result matches exactly the keys of ``cubes``."""
    keys, masks, _ = _exact_merge_arrays(np.array([k for k, _ in cubes], dtype=np.uint64),
                                         np.array([m for _, m in cubes], dtype=np.uint64),
                                         np.zeros(len(cubes), dtype=np.int64))
    return list(zip(keys.tolist(), masks.tolist()))


def _exact_merge_arrays(keys: np.ndarray, masks: np.ndarray, routes: np.ndarray
                        ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_exact_merge` of every route's blocks at once; the result sorted by route,
    then key, then mask.

    A block's partner (same route and mask, key differing in the mask's lowest set bit) is
    unique, so every round merges all pairs present at once.
    """
    keys, masks = np.asarray(keys, dtype=np.uint64), np.asarray(masks, dtype=np.uint64)
    routes = np.asarray(routes, dtype=np.int64)
    if len(keys):   # (duplicates would merge with nothing: drop them)
        order = np.lexsort((masks, keys, routes))
        keys, masks, routes = keys[order], masks[order], routes[order]
        new = np.r_[True, (keys[1:] != keys[:-1]) | (masks[1:] != masks[:-1])
                    | (routes[1:] != routes[:-1])]
        keys, masks, routes = keys[new], masks[new], routes[new]
    one = np.uint64(1)
    while len(keys) > 1:
        # (route, mask) pair numbered in the high word, the key in the low word
        mask_values, route_values = sorted_unique(masks), sorted_unique(routes)
        group = ((np.searchsorted(route_values, routes).astype(np.uint64)
                  * np.uint64(len(mask_values))
                  + np.searchsorted(mask_values, masks).astype(np.uint64)) << np.uint64(32))
        code = np.sort(group | keys)
        low = masks & (~masks + one) & np.uint64(_FULL)      # lowest set bit, 0 if none
        lower = (keys & low) == 0
        wanted = group | (keys ^ low)
        found = np.minimum(np.searchsorted(code, wanted), len(code) - 1)
        mate = (code[found] == wanted) & (low != 0)
        first = mate & lower
        if not first.any():
            break
        gone = mate & ~lower
        keys[first] &= ~low[first]
        masks[first] &= ~low[first]
        keep = ~gone
        keys, masks, routes = keys[keep], masks[keep], routes[keep]
    order = np.lexsort((masks, keys, routes))
    return keys[order], masks[order], routes[order]


def compress(table_entries: Sequence[MulticastEntry], max_entries: int,
             avoid: Iterable[Tuple[int, int]] = ()) -> Tuple[MulticastEntry, ...]:
    """A shorter table that routes every key reaching this chip as ``table_entries`` does.

    Parameters
    ----------
    table_entries : sequence of MulticastEntry
        One chip's table; no key may match two entries (true of :func:`.route.route`'s
        tables, whose key blocks are disjoint).
    max_entries : int
        Router entries available; a table already within it is returned unchanged.
    avoid : iterable of (key, mask)
        Key blocks that pass through this chip on default routing: no entry may match them.

    Returns
    -------
    tuple of MulticastEntry
        Possibly still longer than ``max_entries`` if no more merges were safe; the
        caller decides whether that is an error.  Deterministic.

    Raises
    ------
    ValueError
        If two input entries overlap (the order-free reasoning above would not hold).
    """
    entries = tuple(table_entries)
    if len(entries) <= max_entries:
        return entries
    avoid = list(avoid)
    out = compress_arrays(np.array([e.key for e in entries], dtype=np.uint64),
                          np.array([e.mask for e in entries], dtype=np.uint64),
                          np.array([e.route for e in entries], dtype=np.int64),
                          np.array([k for k, _ in avoid], dtype=np.uint64),
                          np.array([m for _, m in avoid], dtype=np.uint64), max_entries)
    return tuple(map(MulticastEntry, *(a.tolist() for a in out)))


def compress_arrays(keys: np.ndarray, masks: np.ndarray, routes: np.ndarray,
                    avoid_keys: np.ndarray, avoid_masks: np.ndarray, max_entries: int
                    ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`compress` on arrays: (keys, masks, routes) of the entries in table order,
    the avoid blocks' keys and masks; returns the new table's (keys, masks, routes)."""
    if len(keys) <= max_entries:
        return keys, masks, routes
    if not _disjoint(np.r_[keys, avoid_keys].astype(np.uint64),
                     np.r_[masks, avoid_masks].astype(np.uint64)):
        raise ValueError("compress needs entries (and avoid blocks) matching disjoint keys")
    keys, masks, routes = _exact_merge_arrays(keys, masks, routes)
    if len(keys) <= max_entries:
        return keys, masks, routes
    groups = {}
    for k, m, r in zip(keys.tolist(), masks.tolist(), routes.tolist()):
        groups.setdefault(r, []).append((k, m))
    # the largest group last: it is checked against the fewest later entries
    order = sorted(groups, key=lambda r: (len(groups[r]), r))
    # every group's blocks in that order, then the avoid blocks: the blocks after group n
    # are a suffix of these arrays
    flat = [km for route in order for km in groups[route]]
    all_k = np.r_[np.array([k for k, _ in flat], dtype=np.uint64), avoid_keys]
    all_m = np.r_[np.array([m for _, m in flat], dtype=np.uint64), avoid_masks]
    # merging a group checks it against the original blocks of the groups after it, so
    # its result does not depend on which other groups merge: merge from the largest
    # (last) group back, and stop as soon as the table fits
    total = len(flat)
    ends = np.cumsum([len(groups[route]) for route in order])
    merged = {}
    for g in range(len(order) - 1, -1, -1):
        if total <= max_entries:
            break
        route = order[g]
        merged[route] = _merge_group(groups[route], all_k[ends[g]:], all_m[ends[g]:])
        total -= len(groups[route]) - len(merged[route])
    return _table([(route, merged.get(route, groups[route])) for route in order])


def _table(groups) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(keys, masks, routes) arrays of [(route, [(key, mask), ...]), ...] in that order."""
    flat = [(k, m, route) for route, cubes in groups for k, m in cubes]
    return (np.array([f[0] for f in flat], dtype=np.uint64),
            np.array([f[1] for f in flat], dtype=np.uint64),
            np.array([f[2] for f in flat], dtype=np.int64))

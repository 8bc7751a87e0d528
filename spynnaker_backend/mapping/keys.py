"""Key allocation: one aligned key block per sending population, a sub-block per core.

The cores of one population (its slices, or the delay extensions of its slices) share a
block of keys ``base | core << core_shift | atom``: ``base`` is aligned to the whole block, so
one key and mask cover the population (its master population table entry on a receiving
core, as sPyNNaker's application-level keys), and each core's own key and mask cover
exactly its sub-block (its routing entries and per-core table entries).
"""
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from .errors import KeyAllocationError
from .machine_graph import MachineGraph, MachineVertex
from .routing_info import KeyMask, PopulationKeys, RoutingInfo

_KEY_SPACE = 1 << 32
_FULL_MASK = 0xFFFFFFFF


def n_index_bits(n_keys: int) -> int:
    """Bits needed to carry an index 0 .. ``n_keys - 1`` (0 for a single key)."""
    return max(0, (n_keys - 1).bit_length())


@dataclass
class _Group:
    """The sending cores of one population (or of its delay extensions), by core index."""
    label: str
    cores: List[Tuple[int, MachineVertex]]
    atom_bits: int       # bits of the widest core's keys
    core_bits: int       # bits of the core index (all of the population's cores)
    fixed: Optional[int]  # a base key the user asked for

    @property
    def bits(self) -> int:
        return self.atom_bits + self.core_bits


def allocate_keys(machine_graph: MachineGraph,
                  n_keys: Optional[Callable[[MachineVertex], int]] = None) -> RoutingInfo:
    """Give every sending vertex a block of keys whose low bits carry the atom index.

    A vertex sends if it has targets (:meth:`MachineGraph.targets`); others get no key,
    so they must not send (their packets would be dropped at their own chip).

    The vertices are grouped by population (slices of one application vertex; the delay
    extensions of its slices form a group of their own).  A group gets a block of
    ``2 ** (core_bits + atom_bits)`` keys aligned to its size, in the order of the groups'
    first vertex index; core ``c`` of the group (its slice number) gets the sub-block at
    ``base + (c << atom_bits)`` with the mask of its own key count.  Consecutive slices of
    one population hence get neighbouring keys, which the router compressor can merge.

    Parameters
    ----------
    machine_graph : MachineGraph
    n_keys : callable, optional
        Keys a vertex needs; default its slice's number of atoms.  A delay extension that
        sends one key per (atom, delay stage) passes its larger count here.

    Returns
    -------
    RoutingInfo
        mask = 0xFFFFFFFF << ceil(log2(n)) for a vertex needing n keys, and the
        population-level key, mask and core shift of every group.

    Raises
    ------
    KeyAllocationError
        If the blocks do not fit the 32-bit key space, or a user's key is not aligned.
    """
    if n_keys is None:
        def n_keys(v):
            return v.vertex_slice.n_atoms
    # live input devices are keyed even without targets: their tools look the keys up
    senders = sorted(set(machine_graph.targets()) | {
        v for v in machine_graph.vertices
        if getattr(getattr(v.app_vertex, "model", None), "keyed_always", False)},
        key=lambda v: v.index)
    groups = _groups(machine_graph, senders, n_keys)
    fixed = []   # (key, end) blocks users asked for (a SpikeInjector's virtual_key)
    owner = {}
    for vertex, key, _ in machine_graph.device_routes:   # devices' own keys
        if not 0 <= key < _KEY_SPACE:
            raise KeyAllocationError(
                f"Population {vertex.app_vertex.label!r}: device key {key} is not a 32-bit "
                f"multicast key")
        if key in owner:
            raise KeyAllocationError(
                f"Populations {owner[key]!r} and {vertex.app_vertex.label!r}: two devices "
                f"have the key 0x{key:x} (device_control_key must differ per device)")
        owner[key] = vertex.app_vertex.label
        fixed.append((key, key + 1))
    base = {}
    for gid, g in groups.items():
        if g.fixed is None:
            continue
        wanted, bits = g.fixed, g.bits
        if wanted & ((1 << bits) - 1) or not 0 <= wanted < _KEY_SPACE:
            raise KeyAllocationError(
                f"Population {g.label!r}: virtual_key 0x{wanted:x} must be a 32-bit key "
                f"with its low {bits} bits zero (the core and atom index go there)")
        for lo, hi in fixed:
            if wanted < hi and lo < wanted + (1 << bits):
                raise KeyAllocationError(
                    f"Population {g.label!r}: virtual_key 0x{wanted:x} overlaps another "
                    f"population's virtual_key or a device's key")
        fixed.append((wanted, wanted + (1 << bits)))
        base[gid] = wanted
    next_key = 0
    for gid, g in groups.items():
        if gid in base:
            continue
        size = 1 << g.bits
        key = -(-next_key // size) * size      # round up: blocks are aligned to their size
        clash = [hi for lo, hi in fixed if key < hi and lo < key + size]
        while clash:   # step over the fixed blocks
            key = -(-max(clash) // size) * size
            clash = [hi for lo, hi in fixed if key < hi and lo < key + size]
        if key + size > _KEY_SPACE:
            needed = sum(1 << h.bits for h in groups.values())
            raise KeyAllocationError(
                f"Population {g.label!r} needs {size} multicast keys "
                f"({len(g.cores)} sending cores) but the 32-bit key space is exhausted "
                f"(about {needed} keys needed in all, {_KEY_SPACE} available). "
                f"Use fewer or smaller populations, or fewer sending cores.")
        base[gid] = key
        next_key = key + size
    by_vertex: Dict[MachineVertex, KeyMask] = {}
    population: Dict[MachineVertex, PopulationKeys] = {}
    for gid, g in groups.items():
        whole = PopulationKeys(base[gid], (_FULL_MASK << g.bits) & _FULL_MASK, g.atom_bits)
        for core, vertex in g.cores:
            bits = n_index_bits(max(1, n_keys(vertex)))
            by_vertex[vertex] = KeyMask(base[gid] + (core << g.atom_bits),
                                        (_FULL_MASK << bits) & _FULL_MASK)
            population[vertex] = whole
    return RoutingInfo(by_vertex, population)


def _groups(mg: MachineGraph, senders, n_keys) -> Dict[tuple, _Group]:
    """The senders grouped by (application vertex, slice or delay extension), in the order
    of each group's first sender; a vertex outside ``mg.slices_of`` is a group alone."""
    delay_slice = {dv: mv for mv, dv in mg.delay_of.items()}
    groups: Dict[tuple, _Group] = {}
    for vertex in senders:
        slices = mg.slices_of.get(vertex.app_vertex, ())
        sliced = delay_slice.get(vertex, vertex)
        if sliced in slices:
            gid = (vertex.app_vertex, vertex.kind == "delay")
            core = slices.index(sliced)
            members = [mg.delay_of.get(mv) for mv in slices] if vertex.kind == "delay" \
                else list(slices)
        else:
            gid, core, members = (vertex,), 0, [vertex]
        g = groups.get(gid)
        if g is None:
            atom_bits = max(n_index_bits(max(1, n_keys(m))) for m in members if m is not None)
            g = groups[gid] = _Group(vertex.app_vertex.label, [], atom_bits,
                                     n_index_bits(len(members)), fixed_key(vertex))
        g.cores.append((core, vertex))
    return groups


def fixed_key(vertex: MachineVertex) -> Optional[int]:
    """The base key a user fixed for this vertex's population (SpikeInjector's
    virtual_key), or None."""
    params = getattr(vertex.app_vertex, "device_params", None)
    if vertex.kind == "delay" or not isinstance(params, dict):
        return None
    key = params.get("virtual_key")
    return None if key is None else int(key)

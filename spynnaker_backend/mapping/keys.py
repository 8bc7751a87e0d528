"""Key allocation: one aligned key/mask block per sending machine vertex."""
from typing import Callable, Dict, Optional

from .errors import KeyAllocationError
from .machine_graph import MachineGraph, MachineVertex
from .routing_info import KeyMask, RoutingInfo

_KEY_SPACE = 1 << 32
_FULL_MASK = 0xFFFFFFFF


def n_index_bits(n_keys: int) -> int:
    """Bits needed to carry an index 0 .. ``n_keys - 1`` (0 for a single key)."""
    return max(0, (n_keys - 1).bit_length())


def allocate_keys(machine_graph: MachineGraph,
                  n_keys: Optional[Callable[[MachineVertex], int]] = None) -> RoutingInfo:
    """Give every sending vertex a block of keys whose low bits carry the atom index.

    A vertex sends if it has targets (:meth:`MachineGraph.targets`); others get no key,
    so they must not send (their packets would be dropped at their own chip).

    Blocks are allocated in vertex index order, each aligned to its own size (so
    ``key & mask == key`` and a packet ``key | i`` matches exactly its vertex), and never
    overlap.  Consecutive slices of one population hence get neighbouring keys, which the
    router compressor can merge.

    Parameters
    ----------
    machine_graph : MachineGraph
    n_keys : callable, optional
        Keys a vertex needs; default its slice's number of atoms.  A delay extension that
        sends one key per (atom, delay stage) passes its larger count here.

    Returns
    -------
    RoutingInfo
        mask = 0xFFFFFFFF << ceil(log2(n)) for a vertex needing n keys.

    Raises
    ------
    KeyAllocationError
        If the blocks do not fit the 32-bit key space.
    """
    if n_keys is None:
        def n_keys(v):
            return v.vertex_slice.n_atoms
    # live input devices are keyed even without targets: their tools look the keys up
    senders = sorted(set(machine_graph.targets()) | {
        v for v in machine_graph.vertices
        if getattr(getattr(v.app_vertex, "model", None), "keyed_always", False)},
        key=lambda v: v.index)
    by_vertex: Dict[MachineVertex, KeyMask] = {}
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
    for vertex in senders:
        wanted = fixed_key(vertex)
        if wanted is None:
            continue
        bits = n_index_bits(max(1, n_keys(vertex)))
        if wanted & ((1 << bits) - 1) or not 0 <= wanted < _KEY_SPACE:
            raise KeyAllocationError(
                f"Population {vertex.app_vertex.label!r}: virtual_key 0x{wanted:x} must be a "
                f"32-bit key with its low {bits} bits zero (the atom index goes there)")
        for lo, hi in fixed:
            if wanted < hi and lo < wanted + (1 << bits):
                raise KeyAllocationError(
                    f"Population {vertex.app_vertex.label!r}: virtual_key 0x{wanted:x} "
                    f"overlaps another population's virtual_key or a device's key")
        fixed.append((wanted, wanted + (1 << bits)))
        by_vertex[vertex] = KeyMask(wanted, (_FULL_MASK << bits) & _FULL_MASK)
    next_key = 0
    for vertex in senders:
        if vertex in by_vertex:
            continue
        bits = n_index_bits(max(1, n_keys(vertex)))
        size = 1 << bits
        key = -(-next_key // size) * size      # round up: blocks are aligned to their size
        clash = [hi for lo, hi in fixed if key < hi and lo < key + size]
        while clash:   # step over the fixed blocks
            key = -(-max(clash) // size) * size
            clash = [hi for lo, hi in fixed if key < hi and lo < key + size]
        if key + size > _KEY_SPACE:
            needed = sum(1 << n_index_bits(max(1, n_keys(v))) for v in senders)
            raise KeyAllocationError(
                f"Population {vertex.app_vertex.label!r} (core {vertex.label}) needs "
                f"{size} multicast keys but the 32-bit key space is exhausted "
                f"(about {needed} keys needed in all, {_KEY_SPACE} available). "
                f"Use fewer or smaller populations, or fewer sending cores.")
        by_vertex[vertex] = KeyMask(key, (_FULL_MASK << bits) & _FULL_MASK)
        next_key = key + size
    return RoutingInfo(by_vertex)


def fixed_key(vertex: MachineVertex) -> Optional[int]:
    """The base key a user fixed for this vertex (SpikeInjector's virtual_key), or None."""
    params = getattr(vertex.app_vertex, "device_params", None)
    if vertex.kind == "delay" or not isinstance(params, dict):
        return None
    key = params.get("virtual_key")
    return None if key is None else int(key)

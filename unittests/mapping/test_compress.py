"""Compression keeps where every key that can reach the chip goes."""
import pytest
from hypothesis import given, settings, strategies as st

from spynnaker_backend.mapping.compress import compress
from spynnaker_backend.mapping.routing_tables import MulticastEntry, RoutingTable

FULL = 0xFFFFFFFF


def _block(key, bits):
    return key, (FULL << bits) & FULL


def test_one_route_merges_to_one_entry():
    entries = [MulticastEntry(k, 0xFFFFFFF0, 7) for k in range(0, 128, 16)]
    assert compress(entries, 1) == (MulticastEntry(0, 0xFFFFFF80, 7),)


def test_earlier_group_shadows_a_merged_later_group():
    # the single route-9 entry goes first, so the route-7 entries may merge over it
    entries = [MulticastEntry(k, 0xFFFFFFF0, 9 if k == 48 else 7) for k in range(0, 128, 16)]
    out = compress(entries, 2)
    assert out == (MulticastEntry(48, 0xFFFFFFF0, 9), MulticastEntry(0, 0xFFFFFF80, 7))


def test_default_routed_keys_are_never_captured():
    entries = [MulticastEntry(k, 0xFFFFFFF0, 7) for k in range(0, 128, 16) if k != 48]
    out = compress(entries, 1, avoid=[_block(48, 4)])
    table = RoutingTable(0, 0, out)
    assert all(table.lookup(48 + i) is None for i in range(16))
    assert all(table.lookup(k + i) == 7 for k in range(0, 128, 16) if k != 48
               for i in range(16))
    assert len(out) == 3          # {0,16,32}: 0/32 + 16, {64..112}: one entry


def test_short_tables_are_unchanged_and_overlaps_refused():
    entries = (MulticastEntry(0, 0xFFFFFFF0, 7), MulticastEntry(16, 0xFFFFFFF0, 7))
    assert compress(entries, 2) == entries
    with pytest.raises(ValueError):
        compress([MulticastEntry(0, 0xFFFFFF00, 1), MulticastEntry(16, 0xFFFFFFF0, 2)], 1)


@st.composite
def _tables(draw):
    """Disjoint aligned blocks in a 12-bit space, some routed, some default-routed."""
    blocks, cursor = [], 0
    for bits in draw(st.lists(st.integers(0, 5), min_size=1, max_size=40)):
        cursor = -(-cursor // (1 << bits)) * (1 << bits)
        cursor += draw(st.integers(0, 3)) << bits          # leave gaps: absent keys
        if cursor + (1 << bits) > 1 << 12:
            break
        blocks.append(_block(cursor, bits))
        cursor += 1 << bits
    kinds = draw(st.lists(st.integers(0, 4), min_size=len(blocks), max_size=len(blocks)))
    entries = [MulticastEntry(k, m, 1 << r) for (k, m), r in zip(blocks, kinds) if r < 4]
    avoid = [b for b, r in zip(blocks, kinds) if r == 4]
    return entries, avoid


@settings(max_examples=400, deadline=None)
@given(_tables(), st.integers(0, 10))
def test_every_reaching_key_keeps_its_route(table, limit):
    entries, avoid = table
    before = RoutingTable(0, 0, tuple(entries))
    out = compress(entries, limit, avoid)
    after = RoutingTable(0, 0, out)
    assert out == compress(entries, limit, avoid)           # deterministic
    assert len(out) <= max(len(entries), 0)
    for key, mask in [(e.key, e.mask) for e in entries] + avoid:
        for k in range(key, key + ((~mask) & FULL) + 1):
            assert after.lookup(k) == before.lookup(k), hex(k)


def _keys_of(cubes):
    """The keys of a 12-bit space that the (key, mask) entries match."""
    return {k for key, mask in cubes for k in range(1 << 12) if (k & mask) == key}


@settings(max_examples=200, deadline=None)
@given(_tables())
def test_exact_merges_match_exactly_the_keys_they_replace(table):
    from spynnaker_backend.mapping.compress import _exact_merge
    entries, _ = table
    for route in {e.route for e in entries}:
        cubes = [(e.key, e.mask) for e in entries if e.route == route]
        merged = _exact_merge(cubes)
        assert len(merged) <= len(cubes)
        assert _keys_of(merged) == _keys_of(cubes)   # no key gained, none lost


def test_sibling_cores_merge_exactly_even_beside_a_default_routed_block():
    # 16 cores of one population (4 atom bits each) with one route, a default-routed block
    # right after them: the pair compressor could not merge across it, the exact merge
    # needs no check against it
    entries = [MulticastEntry(k << 4, 0xFFFFFFF0, 5) for k in range(16)]
    out = compress(entries, 1, avoid=[_block(256, 4)])
    assert out == (MulticastEntry(0, 0xFFFFFF00, 5),)
    # 12 of them: 8 + 4, two entries
    assert compress(entries[:12], 2, avoid=[_block(192, 4)]) == (
        MulticastEntry(0, 0xFFFFFF80, 5), MulticastEntry(128, 0xFFFFFFC0, 5))

"""Key allocation: aligned, non-overlapping blocks sized to the atoms."""
import math

import pytest
from hypothesis import given, settings, strategies as st

from spynnaker_backend.graph import ApplicationVertex
from spynnaker_backend.mapping.errors import KeyAllocationError
from spynnaker_backend.mapping.keys import allocate_keys
from spynnaker_backend.mapping.machine_graph import MachineEdge, MachineGraph, MachineVertex, Slice


def _graph(sizes, senders):
    g = MachineGraph()
    for i, n in enumerate(sizes):
        app = ApplicationVertex(f"p{i}", n, None, {})
        g.vertices.append(MachineVertex(app, Slice(0, n), "neuron", i))
    for i in senders:
        g.edges.append(MachineEdge(g.vertices[i], g.vertices[0], None))
    return g


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 5000), min_size=1, max_size=40), st.data())
def test_blocks_are_aligned_sized_and_disjoint(sizes, data):
    senders = data.draw(st.sets(st.integers(0, len(sizes) - 1)))
    g = _graph(sizes, senders)
    info = allocate_keys(g)
    assert set(info.by_vertex) == {g.vertices[i] for i in senders}
    blocks = []
    for v, km in info.by_vertex.items():
        bits = math.ceil(math.log2(v.vertex_slice.n_atoms)) if v.vertex_slice.n_atoms > 1 else 0
        assert km.mask == (0xFFFFFFFF << bits) & 0xFFFFFFFF
        assert km.n_index_bits == bits
        assert km.key & km.mask == km.key                   # aligned
        blocks.append((km.key, km.key + (1 << bits)))
    blocks.sort()
    for (_, end), (start, _) in zip(blocks, blocks[1:]):
        assert end <= start                                 # no overlap
    assert all(end <= 1 << 32 for _, end in blocks)
    # deterministic, and in vertex index order
    assert allocate_keys(g).by_vertex == info.by_vertex
    ordered = sorted(info.by_vertex, key=lambda v: v.index)
    assert [info[v].key for v in ordered] == sorted(info[v].key for v in ordered)


def test_single_atom_gets_a_full_mask():
    g = _graph([1, 3], senders=[0, 1])
    info = allocate_keys(g)
    assert (info[g.vertices[0]].key, info[g.vertices[0]].mask) == (0, 0xFFFFFFFF)
    assert (info[g.vertices[1]].key, info[g.vertices[1]].mask) == (4, 0xFFFFFFFC)


def test_custom_key_counts_and_exhaustion():
    g = _graph([10, 10, 10], senders=[0, 1, 2])
    info = allocate_keys(g, n_keys=lambda v: 100)
    assert [info[v].mask for v in g.vertices] == [0xFFFFFF80] * 3
    with pytest.raises(KeyAllocationError, match="'p2'"):
        allocate_keys(g, n_keys=lambda v: 1 << 31)

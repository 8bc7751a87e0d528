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


def _sliced(sizes_per_pop, delay_stages=()):
    """A machine graph of populations cut into slices (sizes per population), every slice
    sending to the first; populations listed in ``delay_stages`` (index: stages) also get
    a delay extension per slice."""
    g = MachineGraph()
    apps = []
    for p, sizes in enumerate(sizes_per_pop):
        app = ApplicationVertex(f"p{p}", sum(sizes), None, {})
        apps.append(app)
        start, mvs = 0, []
        for n in sizes:
            mvs.append(MachineVertex(app, Slice(start, start + n), "neuron", len(g.vertices)))
            g.vertices.append(mvs[-1])
            start += n
        g.slices_of[app] = mvs
    for p, stages in dict(delay_stages).items():
        for mv in g.slices_of[apps[p]]:
            dv = MachineVertex(apps[p], mv.vertex_slice, "delay", len(g.vertices))
            g.vertices.append(dv)
            g.delay_stages[dv] = stages
            g.delay_of[mv] = dv
            g.edges.append(MachineEdge(mv, dv, None))
    target = g.vertices[0]
    for v in list(g.vertices):
        g.edges.append(MachineEdge(v, target, None))
    return g, apps


def test_a_population_shares_one_aligned_block_hand_computed():
    # p0: 1 core of 5 atoms -> 8 keys at 0.  p1: 3 cores of 100, 100, 50 atoms: atom bits 7,
    # core bits 2 -> a block of 512 keys at 512; core c at 512 + c * 128 with its own mask
    # (the 50-atom core: 64 keys).  Its delay extensions (2 stages of 128 keys = 256 keys
    # for the widest core, 3 cores -> 4 x 256) take the next 1024-aligned block; the
    # 50-atom core's extension sends 2 x 64 keys (mask of 128).
    g, (p0, p1) = _sliced([[5], [100, 100, 50]], delay_stages={1: 2})
    info = allocate_keys(g, g.n_keys)
    s = g.slices_of[p1]
    assert (info[g.vertices[0]].key, info[g.vertices[0]].mask) == (0, 0xFFFFFFF8)
    assert [(info[v].key, info[v].mask) for v in s] == [
        (512, 0xFFFFFF80), (640, 0xFFFFFF80), (768, 0xFFFFFFC0)]
    assert [(info[g.delay_of[v]].key, info[g.delay_of[v]].mask) for v in s] == [
        (1024, 0xFFFFFF00), (1280, 0xFFFFFF00), (1536, 0xFFFFFF80)]
    whole = info.population[s[1]]
    assert (whole.key, whole.mask, whole.core_shift) == (512, 0xFFFFFE00, 7)
    delayed = info.population[g.delay_of[s[2]]]
    assert (delayed.key, delayed.mask, delayed.core_shift) == (1024, 0xFFFFFC00, 8)
    # every key a core sends matches its population's key/mask and no other population's
    for v, km in info.by_vertex.items():
        pk = info.population[v]
        assert km.key & pk.mask == pk.key
        assert (km.key - pk.key) >> pk.core_shift == (
            g.slices_of[v.app_vertex].index(v) if v.kind != "delay" else
            [g.delay_of[m] for m in g.slices_of[v.app_vertex]].index(v))
        others = [p for w, p in info.population.items() if p != pk]
        assert all(km.key & p.mask != p.key for p in others)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(1, 300), min_size=1, max_size=9), min_size=1,
                max_size=8))
def test_population_blocks_are_aligned_disjoint_and_hold_their_cores(sizes):
    g, apps = _sliced(sizes)
    info = allocate_keys(g)
    blocks = sorted({(p.key, p.key + ((~p.mask) & 0xFFFFFFFF) + 1)
                     for p in info.population.values()})
    assert len(blocks) == len(apps)
    for (_, end), (start, _) in zip(blocks, blocks[1:]):
        assert end <= start
    for v, km in info.by_vertex.items():
        pk = info.population[v]
        assert pk.key & pk.mask == pk.key                    # aligned to the whole block
        top = km.key | (~km.mask & 0xFFFFFFFF)               # the core's last key
        assert km.key & pk.mask == pk.key and top & pk.mask == pk.key
        assert km.key >> pk.core_shift == (pk.key >> pk.core_shift) + \
            g.slices_of[v.app_vertex].index(v)

"""The vectorised trees against a plain walk, and compressed tables against uncompressed
ones, key by key, on random graphs and machines with dead links."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from spynnaker_backend.graph import ApplicationVertex
from spynnaker_backend.machine import virtual_machine
from spynnaker_backend.mapping.compress import _disjoint, _disjoint_pairwise
from spynnaker_backend.mapping.errors import RoutingError
from spynnaker_backend.mapping.keys import allocate_keys
from spynnaker_backend.mapping.machine_graph import MachineEdge, MachineGraph, MachineVertex, Slice
from spynnaker_backend.mapping.placements import Placement, Placements
from spynnaker_backend.mapping.route import multicast_entries, route, shortest_path_tree
from spynnaker_backend.mapping.routing_tables import MulticastEntry, core_bit, link_bit

FULL = 0xFFFFFFFF


def _reference(machine, g, placements, info):
    """Uncompressed entries by walking each target's path up its source's tree in Python,
    stopping where an earlier target's path joined (the algorithm routing used first)."""
    entries, avoid = {}, {}
    for vertex, targets in sorted(g.targets().items(), key=lambda vt: vt[0].index):
        km = info[vertex]
        src = (placements[vertex].x, placements[vertex].y)
        tree = shortest_path_tree(machine, src)
        words, arrived = {src: 0}, {}
        for target in targets:
            at = placements[target]
            chip = (at.x, at.y)
            if chip != src and chip not in tree:
                return None
            words[chip] = words.get(chip, 0) | core_bit(at.p)
            while chip != src:
                parent, link = tree[chip]
                arrived[chip] = link
                words[parent] = words.get(parent, 0) | link_bit(link)
                chip = parent
        for chip, word in words.items():
            if chip != src and word == link_bit(arrived[chip]):
                avoid.setdefault(chip, []).append((km.key, km.mask))
            else:
                entries.setdefault(chip, []).append(MulticastEntry(km.key, km.mask, word))
    return entries, avoid


MACHINES = [dict(version=3), dict(version=5), dict(width=12, height=12),
            dict(width=5, height=3)]


@st.composite
def _networks(draw, max_vertices=40, machines=MACHINES):
    shape = draw(st.sampled_from(machines))
    full = virtual_machine(**shape)
    dead = draw(st.lists(st.tuples(st.sampled_from(sorted(full.chips)), st.integers(0, 5)),
                         max_size=6))
    m = virtual_machine(**shape, dead_links=[(x, y, lk) for (x, y), lk in dead])
    cores = [(c.x, c.y, p) for c in m for p in c.processors]
    chosen = draw(st.permutations(cores))[:draw(st.integers(1, max_vertices))]
    n = len(chosen)
    g = MachineGraph()
    for i in range(n):
        size = draw(st.integers(1, 40))
        app = ApplicationVertex(f"p{i}", size, None, {})
        g.vertices.append(MachineVertex(app, Slice(0, size), "neuron", i))
    for a, b in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                              max_size=6 * n)):
        g.edges.append(MachineEdge(g.vertices[a], g.vertices[b], None))
    pl = Placements({v: Placement(*c) for v, c in zip(g.vertices, chosen)})
    return m, g, pl, allocate_keys(g)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_networks())
def test_vectorised_trees_equal_the_plain_walk(net):
    m, g, pl, info = net
    want = _reference(m, g, pl, info)
    if want is None:
        with pytest.raises(RoutingError, match="no path of live links"):
            multicast_entries(m, g, pl, info)
        return
    got = multicast_entries(m, g, pl, info)
    assert got.entries == want[0]
    assert got.avoid == want[1]
    assert {xy: len(o) for xy, o in got.owners.items()} == \
        {xy: len(e) for xy, e in want[0].items()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_networks(max_vertices=80, machines=MACHINES[:1] + MACHINES[-1:]), st.integers(0, 40),
       st.randoms(use_true_random=False))
def test_compressed_tables_route_every_arriving_key_as_the_uncompressed(net, cut, rnd):
    """For random keys of every sender, at every chip its packets reach (an entry or a
    default-routed crossing), the compressed table's first match routes the key as the
    uncompressed table does; a default-routed key stays unmatched.  The limit is a few
    entries below the longest table, so that compression is needed and mostly succeeds."""
    m, g, pl, info = net
    try:
        plain = route(m, g, pl, info, max_entries=10 ** 6)
    except RoutingError:
        return
    limit = max(1, max(len(t.entries) for t in plain) - cut)
    try:
        small = route(m, g, pl, info, max_entries=limit)
    except RoutingError as e:
        assert f"only {limit}" in str(e)
        return
    chip_entries = multicast_entries(m, g, pl, info)
    for xy in m.chips:
        before, after = plain[xy], small[xy]
        assert len(after.entries) <= limit
        blocks = [(e.key, e.mask) for e in chip_entries.entries.get(xy, ())]
        crossing = chip_entries.avoid.get(xy, [])
        for key, mask in blocks + crossing:
            for _ in range(8):
                k = key | (rnd.getrandbits(32) & ~mask & FULL)
                assert after.lookup(k) == before.lookup(k), (xy, hex(k))
        for key, mask in crossing:
            assert before.lookup(key) is None and after.lookup(key) is None


@st.composite
def _cubes(draw):
    """Ternary entries in a 10-bit space: aligned blocks, sometimes a scattered mask."""
    out = []
    for _ in range(draw(st.integers(1, 30))):
        if draw(st.booleans()):
            bits = draw(st.integers(0, 6))
            mask = (FULL << bits) & FULL
            key = draw(st.integers(0, (1 << 10) - 1)) & mask
        else:
            mask = draw(st.integers(0, FULL)) | (FULL << 10) & FULL
            key = draw(st.integers(0, (1 << 10) - 1)) & mask
        out.append((key, mask))
    return out


@settings(max_examples=150, deadline=None)
@given(_cubes())
def test_sorted_disjointness_check_agrees_with_brute_force(cubes):
    keys = np.array([k for k, _ in cubes], dtype=np.uint64)
    masks = np.array([m for _, m in cubes], dtype=np.uint64)
    every = np.arange(1 << 10, dtype=np.uint64)[:, None]       # every key of the space
    most = int((((every & masks[None, :]) == keys[None, :]).sum(axis=1)).max())
    assert _disjoint(keys, masks) == (most <= 1)
    assert _disjoint_pairwise(keys, masks) == (most <= 1)


def _plain_bfs(graph):
    """Breadth-first order with adjacency sets (how placement first walked the graph)."""
    from collections import deque
    adjacent = {v: set() for v in graph.vertices}
    for e in graph.edges:
        adjacent.setdefault(e.pre, set()).add(e.post)
        adjacent.setdefault(e.post, set()).add(e.pre)
    seen, order = set(), []
    for start in sorted(graph.vertices, key=lambda v: v.index):
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in sorted(adjacent[v] - seen, key=lambda u: u.index):
                seen.add(w)
                queue.append(w)
    return order


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_networks())
def test_placement_walk_equals_a_plain_breadth_first_search(net):
    from spynnaker_backend.mapping.place import _bfs_order
    _, g, _, _ = net
    assert _bfs_order(g) == _plain_bfs(g)

"""Routing: hand-checked tables, and delivery of every key on random graphs and faults."""
from collections import deque

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from spynnaker_backend.graph import ApplicationVertex
from spynnaker_backend.machine import virtual_machine
from spynnaker_backend.mapping.compress import compress
from spynnaker_backend.mapping.errors import RoutingError
from spynnaker_backend.mapping.keys import allocate_keys
from spynnaker_backend.mapping.machine_graph import MachineEdge, MachineGraph, MachineVertex, Slice
from spynnaker_backend.mapping.placements import Placement, Placements
from spynnaker_backend.mapping.route import multicast_entries, route
from spynnaker_backend.mapping.router_check import trace
from spynnaker_backend.mapping.routing_tables import (
    MulticastEntry, RoutingTable, RoutingTables)


def _graph(sizes, edges):
    g = MachineGraph()
    for i, n in enumerate(sizes):
        app = ApplicationVertex(f"p{i}", n, None, {})
        g.vertices.append(MachineVertex(app, Slice(0, n), "neuron", i))
    for a, b in edges:
        g.edges.append(MachineEdge(g.vertices[a], g.vertices[b], None))
    return g


def _placements(g, cores):
    return Placements({v: Placement(*c) for v, c in zip(g.vertices, cores)})


def _check_delivery(machine, g, placements, info, tables):
    """Every key of every sender reaches exactly its targets' cores, once, with no drop."""
    for v, targets in g.targets().items():
        km, at = info[v], placements[v]
        want = {(placements[t].x, placements[t].y, placements[t].p) for t in targets}
        for i in range(v.vertex_slice.n_atoms):
            reached, dropped = trace(machine, tables, at.x, at.y, at.p, km.key | i)
            assert set(reached) == want and dropped == 0, (v.label, i)
            assert max(reached.values()) == 1


def test_hand_computed_tables_on_a_2x2_board():
    m = virtual_machine(3)
    # A (10 atoms) on (0,0,1) -> B on (1,1,2) and C on (0,1,3); B (3 atoms) -> D on (1,0,1)
    g = _graph([10, 3, 5, 5], edges=[(0, 1), (0, 2), (1, 3)])
    pl = _placements(g, [(0, 0, 1), (1, 1, 2), (0, 1, 3), (1, 0, 1)])
    info = allocate_keys(g)
    tables = route(m, g, pl, info)
    a, b = 0xFFFFFFF0, 0xFFFFFFFC
    expected = {
        (0, 0): (MulticastEntry(0, a, (1 << 1) | (1 << 2)),),          # NE and N
        (0, 1): (MulticastEntry(0, a, 1 << (6 + 3)),),                 # core 3
        (1, 0): (MulticastEntry(16, b, 1 << (6 + 1)),),                # core 1
        (1, 1): (MulticastEntry(0, a, 1 << (6 + 2)),                   # core 2
                 MulticastEntry(16, b, 1 << 5)),                       # S
    }
    assert {xy: t.entries for xy, t in tables.by_chip.items()} == expected
    _check_delivery(m, g, pl, info, tables)


def test_straight_through_chips_use_default_routing():
    m = virtual_machine(5)
    g = _graph([4, 4], edges=[(0, 1)])
    pl = _placements(g, [(0, 0, 1), (3, 0, 1)])
    info = allocate_keys(g)
    tables = route(m, g, pl, info)
    assert tables[0, 0].entries == (MulticastEntry(0, 0xFFFFFFFC, 1 << 0),)
    assert tables[1, 0].entries == () and tables[2, 0].entries == ()
    assert tables[3, 0].entries == (MulticastEntry(0, 0xFFFFFFFC, 1 << 7),)
    _check_delivery(m, g, pl, info, tables)
    # the pass-through keys are recorded so compression never captures them
    assert multicast_entries(m, g, pl, info).avoid[1, 0] == [(0, 0xFFFFFFFC)]


def test_unreachable_target_and_full_router_raise():
    m = virtual_machine(3, dead_links=[(0, 0, 0), (0, 0, 1), (0, 0, 2)])
    g = _graph([4, 4], edges=[(0, 1)])
    with pytest.raises(RoutingError, match="cannot reach"):
        route(m, g, _placements(g, [(0, 0, 1), (1, 1, 1)]), allocate_keys(g))
    # 3 sources with different routes through one chip cannot share fewer than 3 entries
    m = virtual_machine(3)
    g = _graph([4, 4, 4, 4, 4, 4], edges=[(0, 3), (1, 4), (2, 5)])
    pl = _placements(g, [(0, 0, 1), (0, 0, 2), (0, 0, 3), (1, 0, 1), (1, 1, 1), (0, 1, 1)])
    with pytest.raises(RoutingError, match=r"chip \(0, 0\) needs 3 .* only 2"):
        route(m, g, pl, allocate_keys(g), max_entries=2)


def _connected(machine, a, b):
    seen, queue = {a}, deque([a])
    while queue:
        c = queue.popleft()
        for n in machine.chips[c].links.values():
            if n not in seen:
                seen.add(n)
                queue.append(n)
    return b in seen


MACHINES = [dict(version=3), dict(version=5), dict(width=12, height=12),
            dict(width=5, height=3)]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MACHINES), st.data())
def test_random_graphs_deliver_exactly_before_and_after_compression(shape, data):
    full = virtual_machine(**shape)
    n_links = data.draw(st.integers(0, 6))
    dead = [data.draw(st.tuples(st.sampled_from(sorted(full.chips)), st.integers(0, 5)))
            for _ in range(n_links)]
    m = virtual_machine(**shape, dead_links=[(x, y, l) for (x, y), l in dead])
    cores = [(c.x, c.y, p) for c in m for p in c.processors]
    n = data.draw(st.integers(1, 14))
    chosen = data.draw(st.permutations(cores))[:n]
    n = len(chosen)
    sizes = data.draw(st.lists(st.integers(1, 20), min_size=n, max_size=n))
    edges = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                               max_size=3 * n))
    g = _graph(sizes, edges)
    pl = _placements(g, chosen)
    info = allocate_keys(g)
    reachable = all(_connected(m, chosen[a][:2], chosen[b][:2]) for a, b in edges)
    if not reachable:
        with pytest.raises(RoutingError):
            route(m, g, pl, info)
        return
    tables = route(m, g, pl, info)
    _check_delivery(m, g, pl, info, tables)
    # every chip's table compressed as far as it goes (a limit of 0 cannot be met)
    chip_entries = multicast_entries(m, g, pl, info)
    squeezed = RoutingTables({
        xy: RoutingTable(*xy, compress(chip_entries.entries.get(xy, ()), 0,
                                        chip_entries.avoid.get(xy, ())))
        for xy in m.chips})
    _check_delivery(m, g, pl, info, squeezed)
    # and through route() itself with a small limit: either it fits and delivers, or it
    # says which chip does not fit
    limit = data.draw(st.integers(1, 4))
    try:
        small = route(m, g, pl, info, max_entries=limit)
    except RoutingError as e:
        assert f"only {limit}" in str(e)
    else:
        assert all(len(t.entries) <= limit for t in small)
        _check_delivery(m, g, pl, info, small)


def test_population_to_population_compresses_well():
    # 16 slices of one population all sending to the same 4 cores two chips away:
    # every chip on the way sees 16 entries with one route, which merge into one
    m = virtual_machine(5)
    g = _graph([8] * 20, edges=[(s, t) for s in range(16) for t in range(16, 20)])
    pl = _placements(g, [(0, 0, p) for p in range(1, 17)] + [(2, 2, p) for p in range(1, 5)])
    info = allocate_keys(g)
    tables = route(m, g, pl, info, max_entries=1)
    assert all(len(t.entries) <= 1 for t in tables)
    _check_delivery(m, g, pl, info, tables)

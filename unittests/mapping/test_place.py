"""Placement: locality, constraints, delay extensions, errors."""
import pytest

from spynnaker_backend.graph import ApplicationVertex
from spynnaker_backend.machine import virtual_machine
from spynnaker_backend.mapping.errors import MappingError, PlacementError
from spynnaker_backend.mapping.machine_graph import MachineEdge, MachineGraph, MachineVertex, Slice
from spynnaker_backend.mapping.place import chip_order, place


def _pop(label, n_atoms=10, constraint=None):
    return ApplicationVertex(label, n_atoms, None, {}, placement_constraint=constraint)


def _graph(slices, edges=()):
    """slices: (app vertex, start, stop, kind); edges: (pre index, post index)."""
    g = MachineGraph()
    for app, start, stop, kind in slices:
        v = MachineVertex(app, Slice(start, stop), kind, len(g.vertices))
        g.vertices.append(v)
        if kind != "delay":
            g.slices_of.setdefault(app, []).append(v)
    for a, b in edges:
        g.edges.append(MachineEdge(g.vertices[a], g.vertices[b], None))
    return g


def _where(placements, v):
    p = placements[v]
    return (p.x, p.y, p.p)


def test_three_vertices_by_hand():
    # chip (0, 0) keeps only cores 1 and 2, so the third vertex spills to the next chip
    m = virtual_machine(3, dead_cores=[(0, 0, p) for p in range(3, 18)])
    a, b, c = _pop("a"), _pop("b"), _pop("c")
    g = _graph([(a, 0, 10, "neuron"), (b, 0, 10, "neuron"), (c, 0, 10, "neuron")],
               edges=[(0, 2), (1, 2)])
    pl = place(g, m)
    # breadth-first from a: a, c (a's neighbour), then b; chips nearest-first: (0,0), (0,1)
    assert _where(pl, g.vertices[0]) == (0, 0, 1)
    assert _where(pl, g.vertices[2]) == (0, 0, 2)
    assert _where(pl, g.vertices[1]) == (0, 1, 1)


def test_chip_order_walks_neighbouring_chips():
    m = virtual_machine(5)
    order = chip_order(m)
    assert order[:4] == [(0, 0), (0, 1), (1, 1), (1, 0)]
    assert sorted(order) == sorted(m.chips)
    for (x0, y0), (x1, y1) in zip(order, order[1:]):
        assert (x1 - x0, y1 - y0) in {(1, 0), (1, 1), (0, 1), (-1, 0), (-1, -1), (0, -1)}


def test_all_cores_distinct_live_and_deterministic():
    m = virtual_machine(5, dead_cores=[(0, 0, 1), (1, 1, 3)], dead_chips=[(0, 1)])
    apps = [_pop(f"p{i}", 1000) for i in range(6)]
    slices = [(a, s, s + 100, "neuron") for a in apps for s in range(0, 1000, 100)]
    g = _graph(slices, edges=[(i, (i * 7) % 60) for i in range(60)])
    pl = place(g, m)
    cores = [_where(pl, v) for v in g.vertices]
    assert len(set(cores)) == 60
    for x, y, p in cores:
        assert p in m.chip(x, y).processors
    assert cores == [_where(place(g, m), v) for v in g.vertices]


def test_constraints_are_honoured():
    m = virtual_machine(5)
    fixed = _pop("fixed", constraint=(2, 3, 7))
    chip = _pop("chip", 30, constraint=(4, 4))
    free = _pop("free")
    g = _graph([(free, 0, 10, "neuron"), (fixed, 0, 10, "neuron"),
                (chip, 0, 10, "neuron"), (chip, 10, 20, "neuron"), (chip, 20, 30, "neuron")],
               edges=[(0, 1), (1, 2)])
    pl = place(g, m)
    assert _where(pl, g.vertices[1]) == (2, 3, 7)
    assert {_where(pl, v)[:2] for v in g.vertices[2:]} == {(4, 4)}
    assert _where(pl, g.vertices[0]) == (0, 0, 1)


@pytest.mark.parametrize("constraint, text", [
    ((9, 9), "does not have"),
    ((0, 0, 0), "live application cores"),
    ((0, 0, 3), "already used"),
])
def test_impossible_constraints_name_the_population(constraint, text):
    m = virtual_machine(5)
    pop = _pop("stubborn", 20, constraint=constraint)
    g = _graph([(pop, 0, 10, "neuron"), (pop, 10, 20, "neuron")])
    with pytest.raises(PlacementError, match=text) as info:
        place(g, m)
    assert "'stubborn'" in str(info.value)
    assert isinstance(info.value, MappingError)


def test_full_chip_constraint():
    m = virtual_machine(3)
    pop = _pop("crowd", 18 * 10, constraint=(1, 1))
    g = _graph([(pop, s, s + 10, "neuron") for s in range(0, 180, 10)])
    with pytest.raises(PlacementError, match="all used"):
        place(g, m)


def test_exhaustion_says_needed_and_available():
    m = virtual_machine(3)
    pop = _pop("big", 69 * 10)
    g = _graph([(pop, s, s + 10, "neuron") for s in range(0, 690, 10)])
    with pytest.raises(PlacementError) as info:
        place(g, m)
    msg = str(info.value)
    assert "69" in msg and "68" in msg and "'big'" in msg
    assert "max_atoms_per_core" in msg and "version" in msg


def test_delay_vertex_shares_the_chip_of_the_slice_it_serves():
    # (0, 0) has 3 cores: a and its delays take two; b and its delays need two, so they
    # go together to the next chip, and the third core of (0, 0) is left for c
    m = virtual_machine(3, dead_cores=[(0, 0, p) for p in range(4, 18)])
    a, b, c = _pop("a"), _pop("b"), _pop("c")
    g = _graph([(a, 0, 10, "neuron"), (b, 0, 10, "neuron"), (b, 0, 10, "delay"),
                (a, 0, 10, "delay"), (c, 0, 10, "neuron")],
               edges=[(1, 2), (2, 0), (3, 1), (0, 3)])
    pl = place(g, m)
    assert _where(pl, g.vertices[0]) == (0, 0, 1)
    assert _where(pl, g.vertices[3]) == (0, 0, 2)
    assert _where(pl, g.vertices[1]) == (0, 1, 1)
    assert _where(pl, g.vertices[2]) == (0, 1, 2)
    assert _where(pl, g.vertices[4]) == (0, 0, 3)


def test_placement_never_gives_a_chip_more_sdram_than_it_has():
    """With images of 40 % of a chip's SDRAM each, at most two share a chip, whatever the
    free cores; an image bigger than any chip is an error naming the population."""
    from spynnaker_backend.graph import ApplicationVertex
    from spynnaker_backend.machine import virtual_machine
    from spynnaker_backend.mapping.errors import PlacementError
    from spynnaker_backend.mapping.machine_graph import MachineGraph, MachineVertex, Slice
    from spynnaker_backend.mapping.place import place
    from spynnaker_backend.models import REGISTRY
    machine = virtual_machine(version=3)
    chip_sdram = machine.chips[0, 0].sdram
    app = ApplicationVertex("big", 6, REGISTRY["IF_curr_exp"], {})
    mg = MachineGraph()
    for i in range(6):
        mg.vertices.append(MachineVertex(app, Slice(i, i + 1), "neuron", i))
    placements = place(mg, machine, {v: int(0.4 * chip_sdram) for v in mg.vertices})
    per_chip = {}
    for v in mg.vertices:
        p = placements[v]
        per_chip[p.x, p.y] = per_chip.get((p.x, p.y), 0) + 1
    assert max(per_chip.values()) == 2 and len(per_chip) == 3
    with pytest.raises(PlacementError, match="'big'.*bytes of SDRAM"):
        place(mg, machine, {v: chip_sdram + 1 for v in mg.vertices})

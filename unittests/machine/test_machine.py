"""The machine model: board shapes, hexagonal links, wrap-around, faults, growth."""
import pytest

from spynnaker_backend.machine import Machine, machine_for_cores, virtual_machine
from spynnaker_backend.machine.constants import LINK_DELTAS, SDRAM_BYTES


def _assert_links_symmetric(machine: Machine):
    for chip in machine:
        for link, (nx, ny) in chip.links.items():
            assert machine.neighbour(nx, ny, (link + 3) % 6) == (chip.x, chip.y)


def test_version_3_is_2x2_without_wrap():
    m = virtual_machine(3)
    assert (m.width, m.height, m.wrap_around) == (2, 2, False)
    assert sorted(m.chips) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert m.n_application_cores == 4 * 17
    assert m.chip(0, 0).processors == tuple(range(1, 18))
    assert m.chip(0, 0).sdram == SDRAM_BYTES and m.chip(0, 0).router_entries == 1023
    assert m.chip(0, 0).links == {0: (1, 0), 1: (1, 1), 2: (0, 1)}
    assert m.chip(1, 1).links == {3: (0, 1), 4: (0, 0), 5: (1, 0)}
    assert m.neighbour(1, 0, 0) is None and m.chip(2, 0) is None
    _assert_links_symmetric(m)


def test_version_5_is_the_48_chip_hexagon():
    m = virtual_machine(5)
    assert m == m and len(m) == 48 and (m.width, m.height) == (8, 8)
    assert not m.wrap_around and m.boards == ((0, 0),)
    rows = {y: sorted(x for (x, yy) in m.chips if yy == y) for y in range(8)}
    assert rows[0] == [0, 1, 2, 3, 4]
    assert rows[3] == list(range(8))
    assert rows[4] == list(range(1, 8))
    assert rows[7] == [4, 5, 6, 7]
    assert (5, 0) not in m and (0, 4) not in m and (7, 7) in m
    assert m.n_application_cores == 48 * 17
    # (0, 0) is a corner: only E, NE, N exist; (3, 3) is inside: all six
    assert sorted(m.chip(0, 0).links) == [0, 1, 2]
    assert m.chip(3, 3).links == {l: (3 + dx, 3 + dy) for l, (dx, dy) in enumerate(LINK_DELTAS)}
    _assert_links_symmetric(m)
    assert [(c.x, c.y) for c in m] == sorted(m.chips)
    assert "48 chips" in repr(m)


def test_default_and_one_board_are_version_5():
    assert sorted(virtual_machine().chips) == sorted(virtual_machine(5).chips)
    assert sorted(virtual_machine(n_boards=1).chips) == sorted(virtual_machine(5).chips)


def test_triad_is_a_12x12_torus():
    m = virtual_machine(n_boards=3)
    assert (m.width, m.height, m.wrap_around, len(m)) == (12, 12, True, 144)
    assert sorted(m.boards) == [(0, 0), (4, 8), (8, 4)]
    assert all(len(c.links) == 6 for c in m)
    assert m.neighbour(11, 11, 1) == (0, 0)
    assert m.neighbour(0, 0, 3) == (11, 0)
    assert m.neighbour(0, 0, 4) == (11, 11)
    assert m.neighbour(5, 0, 5) == (5, 11)
    _assert_links_symmetric(m)
    # the same machine when asked for by size
    same = virtual_machine(width=12, height=12)
    assert same.wrap_around and sorted(same.chips) == sorted(m.chips)


def test_multi_board_growth_and_rectangles():
    m = virtual_machine(n_boards=4)
    assert (m.width, m.height, len(m.boards)) == (24, 12, 6) and m.wrap_around
    assert virtual_machine(n_boards=2).n_chips == 144
    r = virtual_machine(width=5, height=3)
    assert (len(r), r.wrap_around) == (15, False)
    assert r.neighbour(4, 0, 0) is None
    _assert_links_symmetric(r)


def test_dead_chips_cores_and_links_are_removed():
    m = virtual_machine(5, dead_chips=[(3, 3)], dead_cores=[(1, 1, 5), (1, 1, 0)],
                        dead_links=[(2, 2, 0)])
    assert (3, 3) not in m and len(m) == 47
    assert all((3, 3) not in c.links.values() for c in m)
    assert m.neighbour(2, 3, 0) is None and m.neighbour(4, 4, 4) is None
    assert 5 not in m.chip(1, 1).processors and len(m.chip(1, 1).processors) == 16
    assert m.n_application_cores == 47 * 17 - 1
    # the dead link is gone in both directions
    assert m.neighbour(2, 2, 0) is None and m.neighbour(3, 2, 3) is None
    _assert_links_symmetric(m)


@pytest.mark.parametrize("kwargs, name", [
    (dict(version=4), "version"),
    (dict(n_boards=0), "n_boards"),
    (dict(width=5), "width"),
    (dict(width=0, height=2), "width"),
    (dict(version=3, n_boards=2), "version 3"),
    (dict(version=5, width=10, height=10), "version 5"),
    (dict(dead_chips=[(9, 9)]), "dead_chips"),
    (dict(dead_cores=[(0, 0, 18)]), "dead_cores"),
    (dict(dead_cores=[(7, 0, 1)]), "dead_cores"),
    (dict(dead_links=[(0, 0, 6)]), "dead_links"),
])
def test_bad_arguments_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        virtual_machine(**kwargs)


def test_machine_for_cores_grows_by_boards():
    assert len(machine_for_cores(0)) == 48
    assert len(machine_for_cores(816)) == 48
    big = machine_for_cores(817)
    assert (big.width, big.height, len(big.boards)) == (12, 12, 3)
    assert len(machine_for_cores(3 * 816 + 1).boards) == 6
    # dead cores count: a board short of one core must grow
    assert len(machine_for_cores(816, dead_cores=[(0, 0, 1)]).boards) == 3
    assert len(machine_for_cores(68, version=3)) == 4
    with pytest.raises(ValueError, match="n_cores"):
        machine_for_cores(69, version=3)
    with pytest.raises(ValueError, match="n_cores"):
        machine_for_cores(-1)

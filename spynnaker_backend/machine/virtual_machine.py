"""Build machine models of SpiNN-3 / SpiNN-5 boards and multi-board tori without hardware."""
import math
from typing import Iterable, Optional, Set, Tuple

from .chip import Chip
from .constants import (
    APPLICATION_PROCESSORS, BOARD_4_CHIPS, BOARD_48_CHIPS, BOARD_HEIGHT, BOARD_WIDTH,
    BOARDS_PER_TRIAD, CHIPS_PER_BOARD, CORES_PER_CHIP, LINK_DELTAS, N_LINKS, ROUTER_ENTRIES,
    SDRAM_BYTES, TRIAD_BOARD_ROOTS, TRIAD_HEIGHT, TRIAD_WIDTH)
from .machine import Machine


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, not {value!r}")
    return value


def _triads_for_boards(n_boards: int) -> Tuple[int, int]:
    """The squarest (w, h) triad grid holding at least ``n_boards`` boards (w >= h)."""
    n_triads = math.ceil(n_boards / BOARDS_PER_TRIAD)
    best = None
    for h in range(1, n_triads + 1):
        w = math.ceil(n_triads / h)
        if w < h:
            break
        key = (w * h, w - h)
        if best is None or key < best[0]:
            best = (key, (w, h))
    return best[1]


def _triad_layout(w: int, h: int):
    """All chips, and the board roots, of a ``w`` x ``h`` grid of triads (a torus)."""
    width, height = w * TRIAD_WIDTH, h * TRIAD_HEIGHT
    roots = sorted(((tx * TRIAD_WIDTH + dx) % width, (ty * TRIAD_HEIGHT + dy) % height)
                   for tx in range(w) for ty in range(h) for dx, dy in TRIAD_BOARD_ROOTS)
    chips = {(x, y) for x in range(width) for y in range(height)}
    return width, height, chips, True, roots


def _layout(version, width, height, n_boards):
    """(width, height, chip coordinates, wrap_around, board roots) for the arguments."""
    if version not in (None, 3, 5):
        raise ValueError(f"version must be 3, 5 or None, not {version!r}")
    if n_boards is not None:
        _positive_int("n_boards", n_boards)
        if width is not None or height is not None:
            raise ValueError("n_boards cannot be combined with width/height")
    if (width is None) != (height is None):
        raise ValueError("width and height must be given together")
    if width is not None:
        _positive_int("width", width)
        _positive_int("height", height)

    if version == 3:
        if n_boards not in (None, 1) or (width is not None and (width, height) != (2, 2)):
            raise ValueError("version 3 is a single 2 x 2 board; n_boards/width/height "
                             "cannot change it")
        return 2, 2, set(BOARD_4_CHIPS), False, [(0, 0)]
    if n_boards is not None and n_boards > 1:
        return _triad_layout(*_triads_for_boards(n_boards))
    if width is None or (version == 5 and (width, height) == (BOARD_WIDTH, BOARD_HEIGHT)):
        return BOARD_WIDTH, BOARD_HEIGHT, set(BOARD_48_CHIPS), False, [(0, 0)]
    if width % TRIAD_WIDTH == 0 and height % TRIAD_HEIGHT == 0:
        return _triad_layout(width // TRIAD_WIDTH, height // TRIAD_HEIGHT)
    if version == 5:
        raise ValueError(f"width x height {width} x {height} is not a version 5 machine: "
                         f"use 8 x 8 (one board) or multiples of 12 (triads of boards)")
    # a notional rectangular machine (no such hardware): every chip, no wrap-around
    return width, height, {(x, y) for x in range(width) for y in range(height)}, False, \
        [(0, 0)]


def virtual_machine(version: Optional[int] = None, width: Optional[int] = None,
                    height: Optional[int] = None, n_boards: Optional[int] = None,
                    dead_chips: Iterable = (), dead_cores: Iterable = (),
                    dead_links: Iterable = ()) -> Machine:
    """A machine model of boards that need not exist.

    Parameters
    ----------
    version : {None, 3, 5}
        3: a 4-chip SpiNN-3 board (2 x 2, no wrap-around).  5 or None: SpiNN-5 boards
        (48 chips in an 8 x 8 box); with nothing else given, one such board.
    width, height : int, optional
        Size in chips.  Multiples of 12 in both directions give triads of SpiNN-5 boards,
        a fully populated torus (wrap-around).  Any other size with ``version=None`` gives a
        notional rectangle with every chip present and no wrap-around (with
        ``version=5`` only 8 x 8 is accepted besides multiples of 12).
    n_boards : int, optional
        The smallest machine with at least this many SpiNN-5 boards: one board is a
        single 48-chip board; more are built from triads (3 boards = 12 x 12 torus), in the
        squarest grid of triads.
    dead_chips : iterable of (x, y)
        Chips to remove (with their links).
    dead_cores : iterable of (x, y, p)
        Processors to remove (p in 0..17; 0 is the monitor and is never used anyway).
    dead_links : iterable of (x, y, link)
        Links to remove, in both directions.

    Returns
    -------
    Machine

    Raises
    ------
    ValueError
        Naming the bad argument.
    """
    width, height, coords, wrap, roots = _layout(version, width, height, n_boards)
    all_coords = frozenset(coords)
    coords = set(coords)
    for xy in dead_chips:
        xy = tuple(xy)
        if xy not in coords:
            raise ValueError(f"dead_chips: chip {xy} is not in the {width} x {height} machine")
        coords.discard(xy)
    dead_core_set: Set[Tuple[int, int, int]] = set()
    for x, y, p in dead_cores:
        if not 0 <= p < CORES_PER_CHIP:
            raise ValueError(f"dead_cores: processor {p} of chip ({x}, {y}) is not in "
                             f"0..{CORES_PER_CHIP - 1}")
        if (x, y) not in all_coords:
            raise ValueError(f"dead_cores: chip ({x}, {y}) is not in the machine")
        dead_core_set.add((x, y, p))
    dead_link_set = set()
    for x, y, link in dead_links:
        if not 0 <= link < N_LINKS:
            raise ValueError(f"dead_links: link {link} of chip ({x}, {y}) is not in 0..5")
        if (x, y) not in all_coords:
            raise ValueError(f"dead_links: chip ({x}, {y}) is not in the machine")
        dead_link_set.add((x, y, link))

    def target(x, y, link):
        dx, dy = LINK_DELTAS[link]
        nx, ny = x + dx, y + dy
        if wrap:
            nx, ny = nx % width, ny % height
        return (nx, ny) if (nx, ny) in coords else None

    # a link dies in both directions: hardware needs both halves to carry a packet
    for x, y, link in list(dead_link_set):
        other = target(x, y, link)
        if other is not None:
            dead_link_set.add((*other, (link + 3) % N_LINKS))

    chips = {}
    for x, y in coords:
        links = {}
        for link in range(N_LINKS):
            other = target(x, y, link)
            if other is not None and (x, y, link) not in dead_link_set:
                links[link] = other
        procs = tuple(p for p in APPLICATION_PROCESSORS if (x, y, p) not in dead_core_set)
        chips[x, y] = Chip(x, y, procs, SDRAM_BYTES, ROUTER_ENTRIES, links)
    return Machine(width, height, chips, wrap, roots)


def machine_for_cores(n_cores: int, version: Optional[int] = None, **dead) -> Machine:
    """The default virtual machine with at least ``n_cores`` live application cores.

    One 48-chip board if it fits, else the smallest multi-board machine (triads) that does,
    as sPyNNaker's virtual board grows.

    Parameters
    ----------
    n_cores : int
        Application cores needed (>= 0).
    version : {None, 3, 5}
        3 gives the 4-chip board, or ValueError if it is too small.
    **dead
        ``dead_chips``, ``dead_cores``, ``dead_links`` as for :func:`virtual_machine`;
        they must lie in the machine chosen.
    """
    if isinstance(n_cores, bool) or not isinstance(n_cores, int) or n_cores < 0:
        raise ValueError(f"n_cores must be a non-negative integer, not {n_cores!r}")
    if version == 3:
        machine = virtual_machine(3, **dead)
        if machine.n_application_cores < n_cores:
            raise ValueError(f"n_cores: {n_cores} cores do not fit a version 3 board "
                             f"({machine.n_application_cores} cores); use version 5")
        return machine
    n_boards = 1
    while True:
        machine = virtual_machine(version, n_boards=n_boards, **dead)
        if machine.n_application_cores >= n_cores:
            return machine
        per_board = CHIPS_PER_BOARD * len(APPLICATION_PROCESSORS)
        # jump straight to the size a healthy machine would need, then step if dead parts
        # still leave it short
        n_boards = max(len(machine.boards) + 1, math.ceil(n_cores / per_board))

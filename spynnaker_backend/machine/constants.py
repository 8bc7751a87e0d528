"""Numbers of the SpiNNaker-1 chip and SpiNN-5 board that the mapping budgets against."""

#: cores per chip, including the monitor core
CORES_PER_CHIP = 18
#: core 0 runs the monitor (SARK/SCAMP) and is never given to applications
MONITOR_CORE = 0
#: processor ids available to applications on a healthy chip
APPLICATION_PROCESSORS = tuple(range(1, CORES_PER_CHIP))
#: core clock (MHz); one clock cycle is 5 ns
CLOCK_MHZ = 200
#: instruction memory per core (bytes)
ITCM_BYTES = 32 * 1024
#: data memory per core (bytes)
DTCM_BYTES = 64 * 1024
#: SDRAM per chip left for applications after the system's share (bytes)
SDRAM_BYTES = 123_469_792
#: multicast router entries per chip usable by applications (one of 1024 is reserved)
ROUTER_ENTRIES = 1023

#: links per chip
N_LINKS = 6
#: (dx, dy) of each link: 0 E, 1 NE, 2 N, 3 W, 4 SW, 5 S; link l and (l + 3) % 6 are opposite
LINK_DELTAS = ((1, 0), (1, 1), (0, 1), (-1, 0), (-1, -1), (0, -1))
LINK_NAMES = ("east", "north_east", "north", "west", "south_west", "south")

#: chips of a SpiNN-5 (48-chip) board relative to its Ethernet chip, in its 8 x 8 bounding
#: box: row y holds x in the given range (a hexagon, so three boards tile a 12 x 12 torus)
_BOARD_ROWS = ((0, 5), (0, 6), (0, 7), (0, 8), (1, 8), (2, 8), (3, 8), (4, 8))
BOARD_48_CHIPS = tuple(sorted(
    (x, y) for y, (lo, hi) in enumerate(_BOARD_ROWS) for x in range(lo, hi)))
BOARD_WIDTH = BOARD_HEIGHT = 8
CHIPS_PER_BOARD = 48

#: the 4-chip SpiNN-3 board
BOARD_4_CHIPS = ((0, 0), (0, 1), (1, 0), (1, 1))

#: a triad of three SpiNN-5 boards is a 12 x 12 torus with boards rooted at these chips
TRIAD_WIDTH = TRIAD_HEIGHT = 12
TRIAD_BOARD_ROOTS = ((0, 0), (4, 8), (8, 4))
BOARDS_PER_TRIAD = 3

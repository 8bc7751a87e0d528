"""What a device (the virtual machine, or a board) offers the simulator, and which one to use.

A device sees only what a board would see: per-core images (binary name + region bytes),
per-chip routing tables and a tick count.  It never touches the PyNN objects or the graph.
The configuration picks the device (:func:`board_named`): the virtual machine, or a board
reached through SpiNNMan (``spynnaker_backend.board``, imported only when one is named).
"""
from typing import Dict, Mapping, Optional, Protocol, Tuple

from .config import Config, board_named, board_settings

#: (x, y, p) of a core
CoreId = Tuple[int, int, int]


class Device(Protocol):
    """The device protocol (structural: the VM implements it without inheriting)."""

    def load(self, images: Mapping, routing_tables, loaded=None) -> None:
        """Load images ({placement: CoreImage}) and routing tables; start every core.
        ``loaded(placement, region)``, if given, is called once each region is held by the
        device (the host may then drop its own copy: see LoadedRegion)."""

    def run(self, n_ticks: int) -> int:
        """Run every core for n_ticks timesteps (continuing from where the last run ended);
        the ticks run (fewer when a stop condition held)."""

    def read_region(self, core: CoreId, region: int) -> bytes:
        """The current bytes of one region of one core."""

    def write_region(self, core: CoreId, region: int, data: bytes) -> None:
        """Replace one region of one core (before the next run)."""

    def update_parameters(self, images: Mapping, state_regions=()) -> None:
        """Rewrite parameter/state regions from images (the cores re-read them at reload)."""

    def reload(self) -> None:
        """Have every core re-read its parameters, state and recording set-up."""

    def reset(self, images: Mapping) -> None:
        """Back to tick 0 with the given images; cores restart (ring buffers emptied).
        Regions given as LoadedRegion keep what the device holds."""

    def counters(self) -> Dict[CoreId, Dict[str, int]]:
        """Per-core event counters (packets, saturations, cycles, ...)."""

    def dropped(self) -> Dict[Tuple[int, int], int]:
        """Per-chip packets the routers dropped."""

    def close(self) -> None:
        """Release what the device holds (a board: AppStop)."""


def open_board(config: Config, n_boards: Optional[int] = None):
    """Connect to the board the configuration names, boot it if needed and discover it:
    a ``BoardSession`` (``.machine`` is our machine model; ``.close()`` at ``end()``).
    None when the configuration names no board (the virtual machine is used)."""
    if config is None or not board_named(config):
        return None
    from .board.session import BoardSession
    return BoardSession(board_settings(config), n_boards)


def create_device(machine, *, board=None, n_threads: Optional[int] = None, dt_ms: float = 1.0,
                  time_scale_factor: Optional[float] = None) -> Device:
    """The device that runs a mapping onto ``machine``: the virtual machine, or the board
    of ``board`` (a session from :func:`open_board`)."""
    if board is None:
        from .vm import VirtualMachine
        return VirtualMachine(machine, n_threads=n_threads)
    from .board.board_device import BoardDevice
    return BoardDevice(board, machine, dt_ms=dt_ms, time_scale_factor=time_scale_factor)

"""What a device (the virtual machine, or later a board) offers the simulator.

A device sees only what a board would see: per-core images (binary name + region bytes),
per-chip routing tables and a tick count.  It never touches the PyNN objects or the graph.
"""
from typing import Dict, Mapping, Protocol, Tuple

#: (x, y, p) of a core
CoreId = Tuple[int, int, int]


class Device(Protocol):
    """The device protocol (structural: the VM implements it without inheriting)."""

    def load(self, images: Mapping, routing_tables, loaded=None) -> None:
        """Load images ({placement: CoreImage}) and routing tables; start every core.
        ``loaded(placement, region)``, if given, is called once each region is held by the
        device (the host may then drop its own copy: see LoadedRegion)."""

    def run(self, n_ticks: int) -> None:
        """Run every core for n_ticks timesteps (continuing from where the last run ended)."""

    def read_region(self, core: CoreId, region: int) -> bytes:
        """The current bytes of one region of one core."""

    def write_region(self, core: CoreId, region: int, data: bytes) -> None:
        """Replace one region of one core (before the next run)."""

    def update_parameters(self, images: Mapping) -> None:
        """Rewrite parameter/state regions from images and have the cores re-read them."""

    def reset(self, images: Mapping) -> None:
        """Back to tick 0 with the given images; cores restart (ring buffers emptied).
        Regions given as LoadedRegion keep what the device holds."""

    def counters(self) -> Dict[CoreId, Dict[str, int]]:
        """Per-core event counters (packets, saturations, cycles, ...)."""

    def dropped(self) -> Dict[Tuple[int, int], int]:
        """Per-chip packets the routers dropped."""

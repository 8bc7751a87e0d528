"""A loopback SpiNNaker board: SC&MP's boot and SCP protocols over UDP, answered by an
emulator that holds each chip's memory, router and core states and runs what it is loaded
with on the virtual machine.  ``python -m spynnaker_backend.vm.board_emulator --help``."""
from .server import LoopbackBoard, check_host

__all__ = ["LoopbackBoard", "check_host"]

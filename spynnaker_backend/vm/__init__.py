"""The virtual machine: runs the per-core binaries on their images, tick by tick."""
from .virtual_machine import VirtualMachine, EngineError, RunInterrupted

__all__ = ["VirtualMachine", "EngineError", "RunInterrupted"]

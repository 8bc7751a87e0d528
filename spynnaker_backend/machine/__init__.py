"""The machine model: chips, cores, links, router capacity and memory budgets.

Imports nothing else of the package.
"""
from .chip import Chip
from .machine import Machine
from .virtual_machine import machine_for_cores, virtual_machine
from . import constants

__all__ = ["Chip", "Machine", "virtual_machine", "machine_for_cores", "constants"]

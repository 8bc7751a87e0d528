"""PACMAN 7.4.1's splitters (``__all__`` as there); see spynnaker_backend/pynn/splitters.py."""
from spynnaker_backend.pynn.splitters import (
    AbstractSplitterCommon, SplitterExternalDevice, SplitterFixedLegacy,
    SplitterOneAppOneMachine, SplitterOneToOneLegacy)

__all__ = [
    'AbstractSplitterCommon',
    'SplitterOneAppOneMachine', 'SplitterOneToOneLegacy',
    'SplitterFixedLegacy', 'SplitterExternalDevice']

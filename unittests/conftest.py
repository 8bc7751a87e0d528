"""Shared fixtures: a fresh simulation state for tests that run the virtual machine."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))


@pytest.fixture
def sim_state():
    """The global simulation state, cleared, with dt = 0.1 ms; cleared again afterwards."""
    from spynnaker_backend.pynn.simulator import state
    state.clear()
    state.dt = 0.1
    state.allow_losses = False
    state.machine_options = {}
    state.n_threads = None
    yield state
    state.clear()

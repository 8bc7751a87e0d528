"""Fixtures for the PyNN layer tests.

The layer's tests are structural (they inspect the application graph); runs are faked by
monkeypatching the simulator state.  While the mapping pipeline, readback and VM modules are
still being written, ``simulator.py`` cannot import them: stand-ins are installed for the
missing ones only, so that the real modules are used as soon as they exist.
"""
import importlib
import sys
import types

import pytest


def _install_stand_ins():
    try:
        importlib.import_module("spynnaker_backend.pynn.simulator")
        return
    except ImportError:
        pass
    names = {"spynnaker_backend.mapping.pipeline": {},
             "spynnaker_backend.readback": {},
             "spynnaker_backend.vm": {"VirtualMachine": object}}
    for name, attrs in names.items():
        try:
            module = importlib.import_module(name)
            if all(hasattr(module, a) for a in attrs):
                continue
        except ImportError:
            pass
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        module.STAND_IN = True
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        setattr(importlib.import_module(parent), child, module)
    sys.modules.pop("spynnaker_backend.pynn.simulator", None)
    importlib.import_module("spynnaker_backend.pynn.simulator")


_install_stand_ins()


@pytest.fixture
def sim():
    """``pyNN.spiNNaker`` after a fresh ``setup()``; ``end()`` afterwards."""
    import pyNN.spiNNaker as sim
    sim.setup(timestep=1.0)
    yield sim
    sim.end()

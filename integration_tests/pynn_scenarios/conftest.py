"""Run PyNN's own scenario tests against pyNN.spiNNaker.

The scenarios (fetched by fetch.py) parametrize each test over simulator names through
``scenarios.fixtures.run_with_simulators``; here that decorator is replaced, before the test
modules are imported, by one that gives every test our backend.  Scenarios that need a
feature we do not support are skipped with the reason recorded in expectations.py.
"""
import importlib

import pytest

from expectations import UNSUPPORTED

try:
    fixtures = importlib.import_module("scenarios.fixtures")
except ImportError:          # not fetched: nothing to run here
    fixtures = None


class SpiNNaker:
    """What the scenarios expect of a simulator handle: the module, by attribute."""
    __name__ = "pyNN.spiNNaker"

    def __str__(self):
        return "pyNN.spiNNaker"

    def __getattr__(self, name):
        return getattr(importlib.import_module("pyNN.spiNNaker"), name)


def run_with_spinnaker(*sim_names):
    return pytest.mark.parametrize("sim", [pytest.param(SpiNNaker(), id="spiNNaker")])


if fixtures is not None:
    fixtures.run_with_simulators = run_with_spinnaker


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.originalname if hasattr(item, "originalname") else item.name
        reason = UNSUPPORTED.get(f"{item.module.__name__.split('.')[-1]}::{name}")
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))

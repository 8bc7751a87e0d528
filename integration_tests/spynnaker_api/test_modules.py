"""sPyNNaker 7.4.1's submodules scripts import (extra_models, external_devices,
external_devices_models, exceptions, utilities.neo_convertor, utilities.utility_calls)
against an introspection of 7.4.1 (spynnaker_741_modules.json, taken from sPyNNaker
1!7.4.1 from PyPI in a separate virtual environment: names and signatures, no code): every
name is there, or listed below with the reason it is not, and every signature accepts
7.4.1's keywords."""
import importlib
import inspect
import json
from pathlib import Path

import pytest

MODULES = json.loads((Path(__file__).parent / "spynnaker_741_modules.json").read_text())[
    "modules"]

#: names 7.4.1 has that are absent here, with the reason
ABSENT = {
    "spynnaker.pyNN.utilities.utility_calls": {
        "STATS_BY_NAME": "7.4.1's per-distribution statistics objects; get_mean, high, ... "
                         "compute the same through scipy here",
        "check_rng": "7.4.1 refuses rng= on connectors; here rng= is honoured (PyNN's "
                     "stream), there is nothing to report",
        "report_non_spynnaker_pynn": "as check_rng",
        "convert_to": "encodes into a board data-specification type (data_specification's "
                      "DataType), which the virtual machine's images do not use",
        "get_time_to_write_us": "a board write-time estimate ('no known use' in 7.4.1)",
        "WRITE_BANDWIDTH_BYTES_PER_SECOND": "as get_time_to_write_us",
        "MICRO_TO_SECOND_CONVERSION": "as get_time_to_write_us",
    },
}

CASES = [(module, name) for module, names in sorted(MODULES.items()) for name in sorted(names)]


def test_reference_covers_the_modules():
    assert set(MODULES) == {
        "spynnaker.pyNN.extra_models", "spynnaker.pyNN.external_devices",
        "spynnaker.pyNN.external_devices_models", "spynnaker.pyNN.exceptions",
        "spynnaker.pyNN.utilities.neo_convertor", "spynnaker.pyNN.utilities.utility_calls"}
    assert len(MODULES["spynnaker.pyNN.extra_models"]) == 24


@pytest.mark.parametrize("module, name", CASES)
def test_name_present_with_741s_keywords(module, name):
    mod = importlib.import_module(module)
    if name in ABSENT.get(module, {}):
        pytest.skip(f"{name}: {ABSENT[module][name]}")
    assert hasattr(mod, name), f"{module} lacks {name}"
    if hasattr(mod, "__all__") and module != "spynnaker.pyNN.utilities.utility_calls":
        assert name in mod.__all__
    theirs = MODULES[module][name]["parameters"]
    obj = getattr(mod, name)
    if not theirs or not callable(obj):
        return
    try:
        ours = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return
    if any(p.kind == p.VAR_KEYWORD for p in ours.values()):
        return
    missing = [p for p, kind, _ in theirs
               if kind not in ("VAR_POSITIONAL", "VAR_KEYWORD") and p not in ours]
    assert not missing, f"{module}.{name} lacks sPyNNaker's keyword(s) {missing}"


def test_absent_names_are_really_absent():
    # an entry of ABSENT must go once the name is provided
    for module, names in ABSENT.items():
        mod = importlib.import_module(module)
        for name in names:
            assert not hasattr(mod, name), f"{module}.{name}"

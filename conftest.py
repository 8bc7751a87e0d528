"""Every test runs without the user's own configuration: a ``~/.spynnaker.cfg`` that names a
board (as sPyNNaker's installer writes one, with a spalloc server) would otherwise send the
VM tests to that board.  Tests that read a home configuration set HOME themselves."""
import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_user_configuration(tmp_path_factory, monkeypatch):
    if (Path.home() / ".spynnaker.cfg").exists():
        home = tmp_path_factory.getbasetemp() / "home"
        home.mkdir(exist_ok=True)
        # keep matplotlib's font cache where it is (it is slow to rebuild)
        monkeypatch.setenv("MPLCONFIGDIR", os.environ.get(
            "MPLCONFIGDIR", str(Path.home() / ".config" / "matplotlib")))
        monkeypatch.setenv("HOME", str(home))

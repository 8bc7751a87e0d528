"""Helpers for tests against the loopback board: a board on its own 127.0.0.x per test
(never 127.0.0.1, where SpiNNMan fakes a board), scripts run once on the VM and once on the
board through ``[Machine] machine_name``, the requirements checked (else the test skips)."""
import itertools
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APLX_DIR = ROOT / "build" / "arm"
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
_HOSTS = itertools.count()


def next_host() -> str:
    """A loopback address of its own for each board of this pytest worker."""
    return f"127.0.0.{20 + 60 * (_WORKER % 3) + next(_HOSTS) % 60}"


def require_board_tools():
    pytest.importorskip("spinnman", reason="SpiNNMan (the [board] extra) is not installed")
    if not (APLX_DIR / "neuron_lif_exp_current.aplx").is_file():
        pytest.skip("no APLX in build/arm: `make arm` (arm-none-eabi-gcc) builds them")


def clear_simulation():
    """End whatever a failed test left open (the board session too) before its board goes."""
    from spynnaker_backend.pynn.simulator import state
    try:
        state.clear()
    finally:
        state.board = None
        state.device = None


class Loopback:
    """Start loopback boards and run scripts on them (``cfg`` written in the cwd)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.boards = []

    def start(self, version=5, **options):
        from spynnaker_backend.vm.board_emulator import LoopbackBoard
        options.setdefault("booted", True)
        options.setdefault("n_threads", 1)
        board = LoopbackBoard(next_host(), version, **options).start()
        self.boards.append(board)
        return board

    def cfg(self, board, extra=""):
        version = 3 if len(board.board.chips) == 4 else 5
        (self.workdir / "spynnaker.cfg").write_text(
            f"[Machine]\nmachine_name = {board.host}\nversion = {version}\n{extra}")

    def on_vm(self, fn, *args, **kwargs):
        cfg = self.workdir / "spynnaker.cfg"
        if cfg.exists():
            cfg.unlink()
        return fn(*args, **kwargs)

    def on_board(self, board, fn, *args, extra_cfg="", **kwargs):
        self.cfg(board, extra_cfg)
        try:
            return fn(*args, **kwargs)
        finally:
            (self.workdir / "spynnaker.cfg").unlink()

    def close(self):
        clear_simulation()
        for board in self.boards:
            board.stop()


@pytest.fixture
def loopback(tmp_path, monkeypatch):
    require_board_tools()
    monkeypatch.setenv("HOME", str(tmp_path))     # no user ~/.spynnaker.cfg
    monkeypatch.chdir(tmp_path)
    lb = Loopback(tmp_path)
    yield lb
    lb.close()

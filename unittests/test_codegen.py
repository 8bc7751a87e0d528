"""The generated C files (layout headers, neuron binaries, app list) match the Python specs."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_generated_c_is_not_stale():
    result = subprocess.run(
        [sys.executable, "-m", "spynnaker_backend.mapping.dataspec.codegen", "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        "generated C files are stale: run `make codegen` and commit them\n"
        + result.stdout + result.stderr)

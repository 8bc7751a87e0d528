"""Fetch PyNN 0.13's own scenario tests (test/system/scenarios of the sdist) and its
examples next to this file.

``python integration_tests/pynn_scenarios/fetch.py`` downloads the sdist with pip (the only
network the project uses is the package registry) and unpacks the scenarios into
``integration_tests/pynn_scenarios/scenarios/`` and ``examples/`` (ignored by git).  conftest.py then runs them
against pyNN.spiNNaker.
"""
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "scenarios"
EXAMPLES = HERE / "examples"
VERSION = "0.13.0"


def fetch(force=False) -> Path:
    if TARGET.exists() and EXAMPLES.exists() and not force:
        return TARGET
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:",
                        "--no-deps", f"pyNN=={VERSION}", "-d", tmp], check=True)
        sdist = next(Path(tmp).glob("*.tar.gz"))
        with tarfile.open(sdist) as tar:
            root = tar.getnames()[0].split('/')[0]
            prefixes = (f"{root}/test/system/scenarios/", f"{root}/examples/")
            members = [m for m in tar.getmembers() if m.name.startswith(prefixes)
                       and m.name.endswith(".py")]
            tar.extractall(tmp, members=members)
        for prefix, target in zip(prefixes, (TARGET, EXAMPLES)):
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(Path(tmp) / prefix, target)
    return TARGET


if __name__ == "__main__":
    print(fetch(force="--force" in sys.argv))

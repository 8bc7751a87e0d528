"""Replay the fuzzer's seeds and its regression corpus (every input that once crashed or hung
the engine) through the engine's C interface.  Each file runs in a subprocess, so that a crash
fails its test and names the file instead of taking the suite down; under `make sanitize`
the engine is the ASan+UBSan build."""
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SEEDS = sorted((HERE / "seeds").glob("*.spvm"))
CORPUS = sorted((HERE / "corpus").glob("*"))

REPLAY = ("import sys; from spynnaker_backend.vm.machine_file import replay; "
          "print(repr(replay(open(sys.argv[1], 'rb').read())))")


def _replay(path):
    try:
        done = subprocess.run([sys.executable, "-c", REPLAY, str(path)], capture_output=True,
                              text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: hung")
    assert done.returncode == 0, f"{path.name} crashed the engine:\n{done.stderr[-4000:]}"
    return eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_networks_load_run_rewrite_reload_and_reset_without_error(path):
    # real networks: every step is accepted, including rewriting the delay parameters,
    # synaptic matrices and rate histories with the bytes they hold, then reloading
    assert _replay(path) == []


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_regression_corpus_replays_without_crash(path):
    errors = _replay(path)
    # a refused input is refused with a reason (naming a core when a core refused it)
    assert all(isinstance(e, str) and e for e in errors)


def test_there_are_seeds_for_every_kind_of_core():
    from spynnaker_backend.vm.machine_file import decode
    binaries = {core[3].decode() for p in SEEDS for core in decode(p.read_bytes())["cores"]}
    assert {"spike_source_array", "spike_source_poisson", "delay_extension"} <= binaries
    assert sum(b.startswith("neuron_") for b in binaries) >= 6

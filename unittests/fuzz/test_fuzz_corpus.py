"""Replay the fuzzer's seeds and its regression corpus (every input that once crashed or hung
the engine) through the engine's C interface.  Each file runs in a subprocess, so that a crash
fails its test and names the file instead of taking the suite down; under `make sanitize`
the engine is the ASan+UBSan build."""
import importlib.util
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


def _seed_builders():
    spec = importlib.util.spec_from_file_location("make_seeds", HERE / "make_seeds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["synfire", "poisson_cond", "models", "plastic", "extra"])
def test_seed_networks_load_run_rewrite_reload_and_reset_without_error(name):
    # the seeds' networks as the pipeline maps them now: every step is accepted, including
    # rewriting the delay parameters, synaptic matrices and rate histories with the bytes
    # they hold, then reloading (the committed seed files may predate a layout change:
    # `make fuzz-seeds` rewrites them)
    import pyNN.spiNNaker as sim
    from spynnaker_backend.pynn import simulator
    from spynnaker_backend.vm.machine_file import capture, replay
    seeds = _seed_builders()
    sim.setup(timestep=1.0 if name == "models" else 0.1, threads=2)
    seeds.NETWORKS[name]()
    sim.run(3.0)
    state = simulator.state
    rewrites = seeds.rewrites_of_every_kind(state)
    if name == "plastic":
        plastic = seeds.rewrites_of_plastic(state)
        assert plastic
        rewrites += plastic
    assert rewrites
    data = capture(state, ticks=24, threads=1, rewrites=rewrites, ticks_after=16)
    sim.end()
    assert replay(data) == []


@pytest.mark.parametrize("path", SEEDS + CORPUS, ids=[p.name for p in SEEDS + CORPUS])
def test_seeds_and_regression_corpus_replay_without_crash(path):
    errors = _replay(path)
    # a refused input is refused with a reason
    assert all(isinstance(e, str) and e for e in errors)


def test_there_are_seeds_for_every_kind_of_core():
    from spynnaker_backend.vm.machine_file import decode
    binaries = {core[3] for p in SEEDS for core in decode(p.read_bytes())["cores"]}
    assert {"spike_source_array", "spike_source_poisson", "delay_extension"} <= binaries
    assert sum(b.startswith("neuron_") for b in binaries) >= 6

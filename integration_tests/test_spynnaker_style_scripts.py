"""Scripts written in the style of sPyNNaker's official examples (integration_tests/
spynnaker_style/, our own), run unchanged as a user runs them: a subprocess, a fresh working
directory, MPLBACKEND=Agg.  Each must exit 0 and write what it says, with the behaviour the
network's construction implies."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPTS = Path(__file__).parent / "spynnaker_style"


def run_script(name, cwd):
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, str(SCRIPTS / name)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_synfire_ring(tmp_path):
    run_script("synfire_chain.py", tmp_path)
    assert (tmp_path / "synfire.png").stat().st_size > 0
    spikes = np.load(tmp_path / "synfire_spikes.npy")
    groups = (spikes[:, 0] // 10).astype(int)
    times = [np.unique(spikes[groups == g, 1]) for g in range(5)]
    # every neuron of a group fires at the same ticks (synchronous volleys)
    for g in range(5):
        per_neuron = [np.sort(spikes[spikes[:, 0] == n, 1]) for n in range(10 * g, 10 * g + 10)]
        assert all(np.array_equal(t, times[g]) for t in per_neuron)
    # each hop of the ring takes the same time, so the volley goes round with period 5 hops
    hop = times[1][0] - times[0][0]
    assert hop > 5.0                       # at least the 5 ms synaptic delay
    for g in range(4):
        np.testing.assert_allclose(times[g + 1], times[g][:len(times[g + 1])] + hop)
    np.testing.assert_allclose(np.diff(times[0]), 5 * hop)
    assert len(times[0]) >= 3


def test_initial_values_as_cell_parameters(tmp_path):
    run_script("initial_values.py", tmp_path)
    data = np.load(tmp_path / "initial_values.npz")
    lif_v, lif_i, izk_v = data["lif_v"], data["lif_i"], data["izk_v"]
    assert lif_v[0, 2] == pytest.approx(-72.0) and izk_v[0, 2] == pytest.approx(-70.0)
    assert lif_i[0, 2] == pytest.approx(0.4, abs=1e-4)
    # the current decays with tau_syn_E = 5 ms from its initial value (no input arrives)
    t = lif_i[:, 1]
    np.testing.assert_allclose(lif_i[:, 2], 0.4 * np.exp(-t / 5.0), atol=2e-4)


def test_connectors(tmp_path):
    run_script("connectors.py", tmp_path)
    data = np.load(tmp_path / "connectors.npz")
    as_list, as_array, counts = data["as_list"], data["as_array"], data["counts"]
    # a line with unit spacing and degree 1.5: i -> i-1, i, i+1, listed by source then target
    pairs = [(int(i), int(j)) for i, j in as_list[:, :2]]
    assert pairs == [(i, j) for i in range(12) for j in range(12) if abs(i - j) <= 1]
    np.testing.assert_allclose(as_list[:, 3], 2.0)
    assert as_array.shape == (12, 12) and np.isnan(as_array[0, 5]) and as_array[3, 4] == 2.0
    # winner takes all: the cell with the strongest drive spikes most
    assert counts[0] == max(counts) and counts[0] > 0

"""PyNN 0.13's own examples, unchanged, on pyNN.spiNNaker (``python example.py spiNNaker``).

Every example that uses only features we support runs to completion and writes its results;
the others are listed with the missing feature.  (fetch.py puts the examples next to the
scenario tests.)
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "pynn_scenarios" / "examples"
ROOT = Path(__file__).resolve().parents[1]

RUNS = ["current_injection", "StepCurrentSource", "simpleRandomNetwork",
        "update_spike_source_array", "varying_poisson", "connections",
        "random_distributions", "inhomogeneous_network", "specific_network", "brunel",
        "random_numbers", "small_network", "parameter_changes", "stdp_network",
        "synaptic_input", "tsodyksmarkram", "Izhikevich", "HH_cond_exp2",
        "monolith_vs_composed", "multi_synapse", "stochastic_synapses", "VAbenchmarks",
        "cell_type_demonstration", "multiquantal_synapses", "stochastic_tsodyksmarkram",
        "stochastic_deterministic_comparison", "gif_neuron"]

#: command-line arguments an example needs besides the simulator's name
ARGUMENTS = {"VAbenchmarks": ["CUBA"], "monolith_vs_composed": ["--plot-figure"]}

UNSUPPORTED = {
    "distrib_example": "runs a network distributed over MPI processes (mpi4py); the cores' "
                       "machine is one process here",
    "nineml_brunel": "a NineML model description, run through PyNN's NEURON-based nineml "
                     "path (needs NEURON and the nineml library)",
    "nineml_neuron": "a NineML model description (needs the nineml library and a simulator "
                     "that compiles 9ML: NEURON or NEST with NESTML)",
    "nrn_artificial_cell": "a NEURON ARTIFICIAL_CELL: NEURON only",
    "simpleRandomNetwork_csa": "PyNN 0.13's example itself fails on every backend: it calls "
                               "rng.next(..., mask_local=...), which WrappedRNG no longer takes",
    "simple_STDP": "plastic weights of at most 1e-7 (w_max) onto cells that also receive a "
                   "static weight of 10: at the ring buffer's 16-bit scale for 10 the STDP "
                   "updates are below half a weight step, rounded away and raised as a loss "
                   "(a board's 16-bit weights lose them too)",
}


@pytest.mark.parametrize("name", RUNS + sorted(UNSUPPORTED))
def test_example_runs_unchanged(name, tmp_path):
    if name in UNSUPPORTED:
        pytest.skip(UNSUPPORTED[name])
    script = EXAMPLES / f"{name}.py"
    if not script.exists():
        pytest.fail(f"{script} missing: run integration_tests/pynn_scenarios/fetch.py")
    (tmp_path / "Results").mkdir()   # PyNN's examples expect it, as in PyNN's own tree
    env = dict(os.environ, MPLBACKEND="Agg",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, str(script), "spiNNaker"] + ARGUMENTS.get(name, []),
                          cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written or done.stdout.strip(), "the example produced no output at all"

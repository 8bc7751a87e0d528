"""Ctrl-C during a long run(): the engine ends within a tick, every engine thread is joined,
and the simulator either goes on (run() continues from the time reached, recordings kept)
or the script ends cleanly.  SIGINT is sent to a subprocess running a real script."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

SCRIPT = textwrap.dedent("""
    import os, sys
    import numpy as np
    import pyNN.spiNNaker as sim
    def threads():
        # threads besides those at the start; a joined thread may take a moment to leave
        # the kernel's list after Python is done with it: wait up to 5 s for it
        import time
        for _ in range(50):
            n = len(os.listdir("/proc/self/task"))
            if n <= before:
                break
            time.sleep(0.1)
        return n
    sim.setup(timestep=0.1, threads=2)
    pop = sim.Population(400, sim.IF_curr_exp(tau_refrac=2.0))
    pop.inject(sim.DCSource(amplitude=1.0))       # every neuron fires every ~13.9 ms
    pop[0:1].record("spikes")
    before = len(os.listdir("/proc/self/task"))
    print("running", flush=True)
    if sys.argv[1] == "uncaught":
        sim.run(1e7)
    try:
        sim.run(1e7)
        print("not interrupted")
    except KeyboardInterrupt:
        t = sim.get_current_time()
        print("interrupted", t, threads() - before, flush=True)
    t2 = sim.run(50.0)
    spikes = np.asarray(pop.get_data().segments[0].spiketrains[0])
    gaps = np.diff(spikes)
    print("continued", t2, len(spikes), gaps.min(), gaps.max(), threads() - before)
    sim.end()
""")


def _interrupt(mode, wait=3.0):
    # Ctrl-C as a terminal delivers it: a job started in the background of a
    # non-interactive shell inherits SIGINT ignored, and Python then has no handler for it
    child = subprocess.Popen([sys.executable, "-c", SCRIPT, mode], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert child.stdout.readline().strip() == "running"
        time.sleep(wait)   # well inside the run (1e8 ticks: hours)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
        return child.returncode, out, err, time.monotonic() - sent
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail("the run did not end after SIGINT")


def test_ctrl_c_ends_the_run_and_the_simulator_goes_on():
    rc, out, err, took = _interrupt("caught")
    assert rc == 0, err[-3000:]
    lines = dict((line.split()[0], line.split()[1:]) for line in out.splitlines())
    assert "not" not in lines
    t, extra_threads = float(lines["interrupted"][0]), int(lines["interrupted"][1])
    assert 0.0 < t < 1e7
    assert extra_threads == 0          # no engine thread outlives the run
    assert took < 30.0
    t2, n, gap_min, gap_max, extra = lines["continued"]
    assert float(t2) == pytest.approx(t + 50.0)
    # the spike train runs through the interruption at the neuron's own period
    # (tau_m ln(16/1) ~ 13.9 ms + 2 ms refractory, on the 0.1 ms grid)
    assert int(n) >= 3
    assert float(gap_max) - float(gap_min) <= 0.1 + 1e-9
    assert int(extra) == 0


def test_uncaught_ctrl_c_ends_the_script_cleanly():
    rc, out, err, took = _interrupt("uncaught")
    assert rc != 0 and "KeyboardInterrupt" in err
    assert "run interrupted at t =" in err
    assert took < 30.0                 # no engine thread keeps the process alive

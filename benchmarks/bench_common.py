"""Pieces every side-by-side benchmark shares (run from the repository root as
``python benchmarks/<script>.py``, so this directory is on the import path)."""
import time


def select_runs(runs, wanted):
    """The (simulator, threads) pairs of ``runs`` named in ``wanted`` ('nest', 'nest:2'),
    or all of them when ``wanted`` is empty."""
    if not wanted:
        return list(runs)
    want = {(s.split(":")[0], int(s.split(":")[1]) if ":" in s else 1) for s in wanted}
    return [r for r in runs if r in want]


def timed_run(sim, dt, tstop):
    """(setup s, run s): the first timestep (mapping and loading on SpiNNaker, NEST's
    preparation) is timed apart from the rest of the run."""
    t0 = time.perf_counter()
    sim.run(dt)
    setup_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    sim.run(tstop - dt)
    return setup_s, time.perf_counter() - t0


def timed_run_cpu(sim, dt, tstop):
    """(setup s, run s, setup cpu s, run cpu s): as timed_run, with this process's CPU time
    (all threads) of each phase, which a loaded shared host distorts less than wall time."""
    c0, t0 = time.process_time(), time.perf_counter()
    sim.run(dt)
    c1, t1 = time.process_time(), time.perf_counter()
    sim.run(tstop - dt)
    return t1 - t0, time.perf_counter() - t1, c1 - c0, time.process_time() - c1

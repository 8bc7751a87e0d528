"""Recording readback: time spent turning the cores' recording regions into arrays and Neo.

N IF_curr_exp neurons driven by a constant current (i_offset 0.825 nA, tau_refrac 2 ms: 20 Hz)
from uniform random v0 (so spikes are spread over the ticks), 1 s at dt 0.1 ms, one engine thread; ``sim.run`` (of which
``readback.read``, the decoding), ``get_data`` (Neo) and the first pass over the spike trains
(neo builds them lazily) are timed apart, recording spikes only and spikes + v.  Not a test: run as ``python benchmarks/bench_readback.py [N ...]``.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import pyNN.spiNNaker as sim            # noqa: E402
from spynnaker_backend import readback  # noqa: E402


def one(n, variables, tstop=1000.0):
    """(run s, read s, read cpu s, get_data s, trains s, spikes): one run of ``n`` neurons
    recording ``variables``."""
    spent = [0.0, 0.0]
    read = readback.read

    def timed_read(*args, **kwargs):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return read(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t0
            spent[1] += time.process_time() - c0

    readback.read = timed_read
    try:
        sim.setup(timestep=0.1, threads=1)
        pop = sim.Population(n, sim.IF_curr_exp(i_offset=0.825, tau_refrac=2.0))
        # spread the phases, so that spikes are sparse in every tick (not one volley)
        pop.initialize(v=sim.RandomDistribution("uniform", (-65.0, -50.0),
                                                rng=sim.NumpyRNG(seed=1)))
        pop.record(variables)
        sim.run(0.1)        # mapping and loading: not what this measures
        spent[:] = [0.0, 0.0]
        t0 = time.perf_counter()
        sim.run(tstop - 0.1)
        run_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        block = pop.get_data()
        get_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        spikes = sum(len(st) for st in block.segments[0].spiketrains)
        trains_s = time.perf_counter() - t0
        sim.end()
    finally:
        readback.read = read
    return run_s, spent[0], spent[1], get_s, trains_s, spikes


def main(sizes):
    print(f"load: {os.getloadavg()[0]:.2f}")
    print("N, recorded, run s, of which readback.read s (cpu s), get_data s, spike trains s, "
          "spikes")
    for n in sizes:
        for variables in (["spikes"], ["spikes", "v"]):
            for _ in range(2):   # a shared host: time twice
                run_s, read_s, read_cpu, get_s, trains_s, spikes = one(n, variables)
                print(f"{n}, {'+'.join(variables)}, {run_s:.3f}, {read_s:.3f} ({read_cpu:.3f}), "
                      f"{get_s:.3f}, {trains_s:.3f}, {spikes}", flush=True)
    print(f"load: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10000])

"""Soak test (not CI): a long run of a 10k-neuron network with its spikes recorded and
drained in chunks; the process's memory must stay flat (within 5 % after the first minute
of biological time).

A Vogels-Abbott-style network (80 % excitatory, 20 % inhibitory IF_curr_exp, 2 % connection
probability) driven by Poisson sources, run chunk by chunk; after each chunk the spikes are
read with ``get_data(clear=True)`` and counted, and the resident set size is sampled.

Usage: python benchmarks/soak.py [--minutes 60] [--chunk 10] [--dt 1.0] [--neurons 10000]
Prints one line per chunk and a verdict; exit status 1 if the memory grew by more than 5 %.
"""
import argparse
import gc
import resource
import sys
import time

import pyNN.spiNNaker as sim
from pyNN.random import NumpyRNG


def rss_mb():
    """Resident set size now (Linux: /proc/self/status), in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def build(n, dt):
    sim.setup(timestep=dt)
    rng = NumpyRNG(seed=42)
    n_exc = int(n * 0.8)
    cell = sim.IF_curr_exp(tau_m=20.0, tau_refrac=2.0, v_thresh=-50.0, v_reset=-60.0,
                           v_rest=-60.0, tau_syn_E=5.0, tau_syn_I=10.0)
    exc = sim.Population(n_exc, cell, label="exc")
    inh = sim.Population(n - n_exc, cell, label="inh")
    drive = sim.Population(200, sim.SpikeSourcePoisson(rate=20.0), label="drive")
    conn = sim.FixedProbabilityConnector(0.02, rng=rng)
    sim.Projection(exc, exc, conn, sim.StaticSynapse(weight=0.27, delay=1.0))
    sim.Projection(exc, inh, conn, sim.StaticSynapse(weight=0.27, delay=1.0))
    sim.Projection(inh, exc, conn, sim.StaticSynapse(weight=-4.5, delay=1.0),
                   receptor_type="inhibitory")
    sim.Projection(inh, inh, conn, sim.StaticSynapse(weight=-4.5, delay=1.0),
                   receptor_type="inhibitory")
    sim.Projection(drive, exc, sim.FixedProbabilityConnector(0.1, rng=rng),
                   sim.StaticSynapse(weight=1.0, delay=1.0))
    sim.Projection(drive, inh, sim.FixedProbabilityConnector(0.1, rng=rng),
                   sim.StaticSynapse(weight=1.0, delay=1.0))
    exc.record("spikes")
    inh.record("spikes")
    return exc, inh


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="biological time")
    parser.add_argument("--chunk", type=float, default=10.0, help="seconds per chunk")
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--neurons", type=int, default=10000)
    args = parser.parse_args()
    exc, inh = build(args.neurons, args.dt)
    chunk_ms = args.chunk * 1000.0
    n_chunks = int(round(args.minutes * 60.0 / args.chunk))
    baseline = None
    peak = 0.0
    spikes = 0
    start = time.perf_counter()
    print(f"{'t (s)':>8} {'spikes':>10} {'rate (Hz)':>9} {'RSS (MB)':>9} {'wall (s)':>9}")
    for k in range(n_chunks):
        sim.run(chunk_ms)
        n_spikes = sum(len(st) for pop in (exc, inh)
                       for st in pop.get_data("spikes", clear=True).segments[0].spiketrains)
        spikes += n_spikes
        gc.collect()
        now = rss_mb()
        t_s = (k + 1) * args.chunk
        if baseline is None and t_s >= 60.0:
            baseline = now   # after the first minute: buffers and caches have their size
        elif baseline is not None:
            peak = max(peak, now)
        print(f"{t_s:8.0f} {n_spikes:10d} {n_spikes / args.neurons / args.chunk:9.2f} "
              f"{now:9.1f} {time.perf_counter() - start:9.1f}", flush=True)
    sim.end()
    if baseline is None:
        print("run shorter than a minute: no verdict")
        return 0
    growth = (max(peak, baseline) - baseline) / baseline
    print(f"spikes {spikes}, RSS after the first minute {baseline:.1f} MB, peak after it "
          f"{max(peak, baseline):.1f} MB: growth {100 * growth:.2f} % (limit 5 %)")
    return 0 if growth <= 0.05 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Plastic synaptic events per second, against static ones and against NEST, in one run.

The issue's plain PyNN script (issue 13): N SpikeSourcePoisson at 10 Hz project all-to-all
onto M IF_curr_exp cells, dt 1 ms, 10 s; the synapses are StaticSynapse or STDPMechanism
(SpikePairRule + AdditiveWeightDependence).  Each (simulator, synapse, size) runs in its own
subprocess with one thread.  Events = recorded source spikes x M; the time is the wall-clock
time of ``sim.run`` after the first timestep (mapping, loading, NEST's preparation apart),
and its CPU time (the plastic/static ratio is of CPU time: steadier on a shared host).
The readback column is ``Projection.get('weight', format='array')`` after the run.

    python benchmarks/bench_plasticity.py [--sizes 1000x100 1000x1000] [--ms 10000]
        [--simulators spiNNaker nest]

Targets (issue 13): >= 5e7 plastic events per second per host core; plastic <= 3x the
static cost; reading 1e6 plastic weights < 1 s (NEST here: 1.2e7 events/s, 3x, 20.7 s).
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one(simulator, plastic, n_pre, n_post, ms):
    sys.path.insert(0, ROOT)
    import importlib
    import numpy as np
    sim = importlib.import_module(f"pyNN.{simulator}")
    extra = {"spike_precision": "on_grid"} if simulator == "nest" else {"threads": 1}
    sim.setup(timestep=1.0, min_delay=1.0, **extra)
    src = sim.Population(n_pre, sim.SpikeSourcePoisson(rate=10.0), label="src")
    tgt = sim.Population(n_post, sim.IF_curr_exp(), label="tgt")
    src.record("spikes")
    if plastic:
        syn = sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01,
                                                A_minus=0.012),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.02),
            weight=0.01, delay=1.0)
    else:
        syn = sim.StaticSynapse(weight=0.01, delay=1.0)
    t0 = time.perf_counter()
    proj = sim.Projection(src, tgt, sim.AllToAllConnector(), syn)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    sim.run(1.0)
    setup = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    sim.run(ms - 1.0)
    run, cpu = time.perf_counter() - t0, time.process_time() - c0
    spikes = sum(len(s) for s in src.get_data("spikes").segments[0].spiketrains)
    t0 = time.perf_counter()
    w = proj.get("weight", format="array")
    read = time.perf_counter() - t0
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sim.end()
    print("RESULT " + json.dumps({
        "simulator": simulator, "plastic": plastic, "n_pre": n_pre, "n_post": n_post,
        "events": int(spikes) * n_post, "build_s": build, "setup_s": setup, "run_s": run,
        "cpu_s": cpu,
        "read_s": read, "mean_weight": float(np.nanmean(w)), "rss_mb": rss}))


def measure(simulator, plastic, n_pre, n_post, ms):
    cmd = [sys.executable, __file__, "--one", simulator, str(int(plastic)), str(n_pre),
           str(n_post), "--ms", str(ms)]
    proc = subprocess.run(cmd, capture_output=True, text=True,
                          env=dict(os.environ, OMP_NUM_THREADS="1"))
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        print(f"  {simulator} {'plastic' if plastic else 'static'} {n_pre}x{n_post} failed: "
              f"{proc.stderr.strip()[-400:]}")
        return None
    return json.loads(lines[-1][7:])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="*", default=["1000x100", "1000x1000"])
    ap.add_argument("--ms", type=float, default=10000.0)
    ap.add_argument("--simulators", nargs="*", default=["spiNNaker", "nest"])
    ap.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        simulator, plastic, n_pre, n_post = args.one
        one(simulator, bool(int(plastic)), int(n_pre), int(n_post), args.ms)
        return
    head = (f"{'simulator':>10} {'size':>10} {'synapse':>8} {'run s':>7} {'cpu s':>7} "
            f"{'events/s':>10} {'per cpu s':>10} {'plastic/static':>14} {'get weight s':>12} "
            f"{'RSS MB':>7}")
    print(f"Poisson 10 Hz -> IF_curr_exp all-to-all, dt 1 ms, {args.ms:g} ms, 1 thread")
    print(head)
    print("-" * len(head))
    results = []
    for size in args.sizes:
        n_pre, n_post = (int(v) for v in size.split("x"))
        for simulator in args.simulators:
            static = measure(simulator, False, n_pre, n_post, args.ms)
            plastic = measure(simulator, True, n_pre, n_post, args.ms)
            for r in (static, plastic):
                if r is None:
                    continue
                results.append(r)
                ratio = (plastic["cpu_s"] / static["cpu_s"]
                         if r is plastic and static and plastic else float("nan"))
                print(f"{simulator:>10} {size:>10} {'plastic' if r['plastic'] else 'static':>8}"
                      f" {r['run_s']:>7.2f} {r['cpu_s']:>7.2f} {r['events'] / r['run_s']:>10.3g}"
                      f" {r['events'] / r['cpu_s']:>10.3g} {ratio:>14.2f} {r['read_s']:>12.2f}"
                      f" {r['rss_mb']:>7.0f}", flush=True)
    with open(os.path.join(os.path.dirname(__file__), "results_plasticity.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()

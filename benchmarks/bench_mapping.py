"""Mapping benchmark: build + map + images + load of a balanced random network.

80 % excitatory / 20 % inhibitory IF_curr_exp neurons, a Poisson input (SpikeSourcePoisson,
or a SpikeSourceArray with random times where the Poisson binary is not there), all
connected with FixedProbabilityConnector.  Each size runs in its own subprocess so that its
peak memory (ru_maxrss) is its own.  Nothing is simulated: the stages run once, as the first
``sim.run`` would run them, and are timed one by one.

    python benchmarks/bench_mapping.py                  # N = 10,000 p = 0.1 and N = 40,000 p = 0.02
    python benchmarks/bench_mapping.py --sizes 10000:0.1
    python benchmarks/bench_mapping.py --profile 10000:0.1   # cProfile of one size, top 30

Incumbent (sPyNNaker, as measured for issue 3): 63 s at 10k/0.1 and 813 s at 40k/0.02.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INCUMBENT = {(10000, 0.1): 63.0, (40000, 0.02): 813.0}
STAGES = ("build", "partition", "place", "keys", "route", "synapses", "delays", "images",
          "load")


def build(sim, n, p, n_inputs, seed, source):
    """The network, as a PyNN script would build it."""
    import numpy as np
    n_exc = int(0.8 * n)
    cell = sim.IF_curr_exp(tau_m=20.0, tau_syn_E=5.0, tau_syn_I=10.0, v_rest=-60.0,
                           v_reset=-60.0, v_thresh=-50.0, tau_refrac=5.0)
    exc = sim.Population(n_exc, cell, label="exc")
    inh = sim.Population(n - n_exc, cell, label="inh")
    if source == "poisson":
        stim = sim.Population(n_inputs, sim.SpikeSourcePoisson(rate=10.0), label="input")
    else:
        rng = np.random.default_rng(seed)
        times = [np.sort(rng.uniform(1.0, 1000.0, rng.poisson(10))).round(1)
                 for _ in range(n_inputs)]
        stim = sim.Population(n_inputs, sim.SpikeSourceArray(spike_times=times),
                              label="input")
    rng = sim.NumpyRNG(seed=seed)
    conn = sim.FixedProbabilityConnector(p, rng=rng)
    w_exc = sim.StaticSynapse(weight=0.1, delay=1.0)
    w_inh = sim.StaticSynapse(weight=-0.4, delay=1.0)
    for pre, syn, rtype in ((exc, w_exc, "excitatory"), (inh, w_inh, "inhibitory")):
        for post in (exc, inh):
            sim.Projection(pre, post, conn, syn, receptor_type=rtype)
    for post in (exc, inh):
        sim.Projection(stim, post, conn, w_exc, receptor_type="excitatory")
    return exc, inh, stim


def one_size(n, p, n_inputs, seed, source, fast_connect=False):
    """Run in a fresh process: build, every stage, load; JSON on stdout."""
    sys.path.insert(0, ROOT)
    import pyNN.spiNNaker as sim
    if fast_connect:
        sys.path.insert(0, HERE)
        import fast_connect as fc
        fc.install()
    from spynnaker_backend.mapping import pipeline
    from spynnaker_backend.pynn import simulator
    from spynnaker_backend.vm import VirtualMachine

    t = {}
    sim.setup(timestep=0.1)
    start = time.perf_counter()
    build(sim, n, p, n_inputs, seed, source)
    t["build"] = time.perf_counter() - start
    state = simulator.state
    graph = state.graph
    n_syn = sum(len(e) for e in graph.edges)
    mapping = pipeline.map_graph(graph, state.dt, state.machine_options)
    t.update({k: v for k, v in mapping.stage_seconds.items() if k != "machine"})
    start = time.perf_counter()
    images = pipeline.build_images(mapping, graph)
    t["images"] = time.perf_counter() - start
    start = time.perf_counter()
    vm = VirtualMachine(mapping.machine)
    vm.load(images, mapping.routing_tables)
    t["load"] = time.perf_counter() - start
    out = {"n": n, "p": p, "synapses": n_syn, "cores": len(mapping.machine_graph.vertices),
           "chips": len(mapping.placements.chips_used()), "source": source, "seconds": t,
           "fast_connect": fast_connect,
           "total": sum(t.values()),
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}
    vm.close()
    print("RESULT " + json.dumps(out))


def poisson_available():
    """SpikeSourcePoisson in the PyNN surface and its binary in the engine."""
    sys.path.insert(0, ROOT)
    import pyNN.spiNNaker as sim
    if not hasattr(sim, "SpikeSourcePoisson"):
        return False
    from spynnaker_backend.models import REGISTRY  # noqa: F401
    try:
        sim.setup(timestep=0.1)
        sim.Population(2, sim.SpikeSourcePoisson(rate=10.0))
        sim.run(0.1)
        sim.end()
        return True
    except Exception:
        return False


def table(results):
    head = (f"{'N':>7} {'p':>5} {'synapses':>11} {'cores':>5} "
            + " ".join(f"{s:>9}" for s in STAGES) + f" {'total':>8} {'incumb.':>8} "
            f"{'speed-up':>8} {'peak MB':>8}")
    lines = [head, "-" * len(head)]
    for r in results:
        inc = INCUMBENT.get((r["n"], r["p"]))
        lines.append(
            f"{r['n']:>7} {r['p']:>5g} {r['synapses']:>11,} {r['cores']:>5} "
            + " ".join(f"{r['seconds'].get(s, 0.0):>9.2f}" for s in STAGES)
            + f" {r['total']:>8.2f} {inc if inc else float('nan'):>8.0f} "
            f"{(inc / r['total']) if inc else float('nan'):>7.1f}x {r['peak_mb']:>8.0f}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="*", default=["10000:0.1", "40000:0.02"],
                    help="N:p pairs")
    ap.add_argument("--inputs", type=int, default=100, help="Poisson sources")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", choices=("auto", "poisson", "array"), default="auto")
    ap.add_argument("--profile", metavar="N:p", help="cProfile one size in this process")
    ap.add_argument("--one", metavar="N:p", help=argparse.SUPPRESS)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--fast-connect", action="store_true",
                    help="prototype bulk FixedProbabilityConnector (benchmarks/fast_connect.py)")
    args = ap.parse_args()
    source = args.source
    if args.one or args.profile:
        n, p = (args.one or args.profile).split(":")
        if source == "auto":
            source = "poisson" if poisson_available() else "array"
        if args.profile:
            import cProfile
            import pstats
            cProfile.runctx("one_size(int(n), float(p), args.inputs, args.seed, source, "
                            "args.fast_connect)",
                            globals(), locals(), "/tmp/bench_mapping.prof")
            pstats.Stats("/tmp/bench_mapping.prof").sort_stats("cumulative").print_stats(40)
        else:
            one_size(int(n), float(p), args.inputs, args.seed, source, args.fast_connect)
        return
    if source == "auto":
        source = "poisson" if poisson_available() else "array"
    results = []
    for size in args.sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", size, "--source", source,
                               "--inputs", str(args.inputs), "--seed", str(args.seed)]
                              + (["--fast-connect"] if args.fast_connect else []),
                              capture_output=True, text=True)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
        if proc.returncode or not lines:
            print(f"N:p = {size} failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
            continue
        results.append(json.loads(lines[-1][7:]))
        print(table(results[-1:]).splitlines()[-1], flush=True)
    print()
    print(f"input: {source}; times in seconds; peak MB = ru_maxrss of the size's process"
          + ("; PROTOTYPE bulk FixedProbabilityConnector" if args.fast_connect else ""))
    print(table(results))
    for r in results:
        inc = INCUMBENT.get((r["n"], r["p"]))
        if inc:
            met = r["total"] <= inc / 20
            print(f"N={r['n']}: {r['total']:.1f} s vs target {inc / 20:.1f} s (20x): "
                  f"{'MET' if met else 'NOT MET'}; peak {r['peak_mb']:.0f} MB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()

"""Scaling: the VA CUBA network with 100 inputs per neuron (80 exc, 20 inh;
FixedNumberPreConnector) at N = 1,000 / 4,000 / 16,000 / 64,000, on pyNN.spiNNaker and
pyNN.nest (1 thread): seconds (build, setup, run, total) and peak memory against synapses,
and the fitted exponent b of time ~ synapses**b (least squares in log-log).

    python benchmarks/bench_scaling.py [--sizes 1000 4000 16000 64000] [--tstop 1000]
        [--simulators spiNNaker nest] [--nest-builds pynn native] [--plot scaling.png]

``--nest-builds``: NEST's connections by PyNN's Python FixedNumberPreConnector (``pynn``,
default: what a PyNN script gets) and/or NEST's ``fixed_indegree`` rule (``native``,
nest_native.py: what a NEST user gets), each its own series.
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_va import run_one_args  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 4000, 16000, 64000])
    ap.add_argument("--simulators", nargs="*", default=["spiNNaker", "nest"])
    ap.add_argument("--nest-builds", nargs="*", choices=("pynn", "native"), default=["pynn"])
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--timeout", type=float, default=1800.0)
    ap.add_argument("--plot", default=os.path.join(HERE, "scaling.png"))
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    results = []
    series = [(s, b) for s in args.simulators
              for b in (args.nest_builds if s == "nest" else ["pynn"])]
    head = (f"{'simulator':<17} {'N':>6} {'synapses':>10} {'build s':>8} {'setup s':>8} "
            f"{'run s':>8} {'total s':>8} {'peak MB':>8} {'rate Hz':>8}")
    print(head)
    print("-" * len(head))
    for simulator, build in series:
        label = simulator if simulator != "nest" else f"nest ({build})"
        for n in args.sizes:
            r = run_one_args(simulator, "CUBA", 1, args.tstop, args.timeout,
                             ["--n", str(n), "--indegree", "100", "--nest-build", build])
            r["n"] = n
            r.setdefault("connect", build)
            results.append(r)
            if "error" in r:
                print(f"{label:<17} {n:>6} skipped: {r['error']}", flush=True)
                continue
            r["total_s"] = r["build_s"] + r["setup_s"] + r["run_s"]
            print(f"{label:<17} {n:>6} {r['synapses']:>10,} {r['build_s']:>8.2f} "
                  f"{r['setup_s']:>8.2f} {r['run_s']:>8.2f} {r['total_s']:>8.2f} "
                  f"{r['peak_mb']:>8.0f} {r['rate_hz']:>8.2f}", flush=True)
    print()
    fits = {}

    def done(simulator, build):
        return [r for r in results if r.get("simulator") == simulator
                and r.get("connect") == build and "error" not in r]

    for simulator, build in series:
        ok = done(simulator, build)
        if len(ok) < 2:
            continue
        syn = np.log([r["synapses"] for r in ok])
        for key in ("total_s", "run_s", "build_s"):
            fits[simulator, build, key] = np.polyfit(
                syn, np.log([max(r[key], 1e-3) for r in ok]), 1)[0]
        f = {k: fits[simulator, build, k] for k in ("total_s", "run_s", "build_s")}
        print(f"{simulator:<10} {build:<6} exponent b (time ~ synapses**b): total "
              f"{f['total_s']:.2f}, run {f['run_s']:.2f}, build {f['build_s']:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if args.plot and results:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(6, 4.5))
        for i, (simulator, build) in enumerate(series):
            ok = done(simulator, build)
            if not ok:
                continue
            s = [r["synapses"] for r in ok]
            name = simulator if simulator != "nest" else f"nest ({build})"
            b = fits.get((simulator, build, "total_s"), float("nan"))
            ax.loglog(s, [r["total_s"] for r in ok], "o-", color=f"C{i}",
                      label=f"{name} total (b={b:.2f})")
            ax.loglog(s, [r["run_s"] for r in ok], "s--", color=f"C{i}", alpha=0.6,
                      label=f"{name} run")
        ax.set_xlabel("synapses")
        ax.set_ylabel("wall-clock seconds")
        ax.set_title(f"VA CUBA, 100 inputs/neuron, {args.tstop:g} ms")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(args.plot, dpi=100)
        print(f"plot written to {args.plot}")


if __name__ == "__main__":
    main()

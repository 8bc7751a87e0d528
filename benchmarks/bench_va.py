"""Vogels-Abbott benchmark (CUBA, COBA) on pyNN.spiNNaker, pyNN.nest (1 and 2 threads) and
pyNN.brian2: the same script (benchmarks/va_network.py), one subprocess per simulator.

    python benchmarks/bench_va.py                     # CUBA and COBA, every simulator
    python benchmarks/bench_va.py --benchmarks CUBA --plot va.png

Prints build / setup / run seconds, real-time factor (run wall time / simulated time), peak
memory, mean rate, and our speed-up (run time) against each peer; writes a PNG bar chart.
A simulator that is not installed, or a benchmark whose cell type the backend lacks, is
reported as skipped.
"""
import argparse
import json
import os
import subprocess
import sys
from bench_common import select_runs

HERE = os.path.dirname(os.path.abspath(__file__))
# spiNNaker 0 = its default (the host cores free at the run); spiNNaker:1 / :2 fix it
RUNS = (("spiNNaker", 0), ("spiNNaker", 1), ("spiNNaker", 2), ("nest", 1), ("nest", 2),
        ("brian2", 1))


def run_one(simulator, benchmark, threads, tstop, timeout):
    return run_one_args(simulator, benchmark, threads, tstop, timeout, [])


def run_one_args(simulator, benchmark, threads, tstop, timeout, extra):
    """va_network.py in a subprocess; its RESULT dict, or one with an 'error'."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(HERE)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    cmd = [sys.executable, os.path.join(HERE, "va_network.py"), simulator, benchmark,
           "--threads", str(threads), "--tstop", str(tstop)] + list(extra)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"simulator": simulator, "threads": threads, "benchmark": benchmark,
                "error": f"timed out after {timeout} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"simulator": simulator, "threads": threads, "benchmark": benchmark,
                "error": err[:200]}
    return json.loads(lines[-1][7:])


def name(r):
    return f"{r['simulator']}" + (f" ({r['threads']} thr)" if r["threads"] and
                                  r["simulator"] in ("nest", "spiNNaker") else "")


def table(results):
    head = (f"{'benchmark':<6} {'simulator':<15} {'synapses':>9} {'build s':>8} {'setup s':>8} "
            f"{'run s':>7} {'RTF':>6} {'peak MB':>8} {'rate Hz':>8} {'our speed-up':>12}")
    lines = [head, "-" * len(head)]
    for bench in sorted({r["benchmark"] for r in results}):
        rows = [r for r in results if r["benchmark"] == bench]
        ours = next((r for r in rows if r["simulator"] == "spiNNaker" and "error" not in r),
                    None)
        for r in rows:
            if "error" in r:
                lines.append(f"{bench:<6} {name(r):<15} skipped: {r['error']}")
                continue
            speed = (f"{r['run_s'] / ours['run_s']:>11.2f}x"
                     if ours and r is not ours else f"{'':>12}")
            lines.append(f"{bench:<6} {name(r):<15} {r['synapses']:>9,} {r['build_s']:>8.2f} "
                         f"{r['setup_s']:>8.2f} {r['run_s']:>7.2f} {r['rtf']:>6.2f} "
                         f"{r['peak_mb']:>8.0f} {r['rate_hz']:>8.2f} {speed}")
    return "\n".join(lines)


def plot(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    benches = sorted({r["benchmark"] for r in results})
    fig, axes = plt.subplots(1, len(benches), figsize=(6 * len(benches), 4), squeeze=False)
    for ax, bench in zip(axes[0], benches):
        rows = [r for r in results if r["benchmark"] == bench and "error" not in r]
        x = np.arange(len(rows))
        parts = (("build_s", "build"), ("setup_s", "setup (first step)"), ("run_s", "run"))
        bottom = np.zeros(len(rows))
        for i, (key, label) in enumerate(parts):
            v = np.array([r[key] for r in rows])
            ax.bar(x, v, bottom=bottom, label=label, color=f"C{i}")
            bottom += v
        ax.set_xticks(x, [name(r) for r in rows], rotation=15)
        ax.set_yscale("log")   # Brian 2's build is 100x the others'
        ax.set_ylabel("wall-clock seconds (log, stacked)")
        ax.set_title(f"VA {bench}: 4000 cells, 1 s, dt 0.1 ms")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--benchmarks", nargs="*", default=["CUBA", "COBA"])
    ap.add_argument("--simulators", nargs="*", default=None,
                    help="subset of spiNNaker:0 (default threads) spiNNaker:1 spiNNaker:2 "
                         "nest nest:2 brian2 (default: spiNNaker:0, nest, nest:2, brian2)")
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--timeout", type=float, default=1800.0)
    ap.add_argument("--plot", default=os.path.join(HERE, "va.png"))
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    runs = select_runs(RUNS, args.simulators or
                       ["spiNNaker:0", "nest", "nest:2", "brian2"])
    results = []
    for bench in args.benchmarks:
        for simulator, threads in runs:
            r = run_one(simulator, bench, threads, args.tstop, args.timeout)
            results.append(r)
            print(table([r]).splitlines()[-1], flush=True)
    print()
    print(table(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if args.plot:
        plot(results, args.plot)
        print(f"plot written to {args.plot}")


if __name__ == "__main__":
    main()

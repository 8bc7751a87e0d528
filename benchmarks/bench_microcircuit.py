"""Potjans-Diesmann cortical microcircuit on pyNN.spiNNaker and pyNN.nest (1 and 2 threads,
spike_precision="on_grid" = iaf_psc_exp): the same script, one subprocess per run.

``--model canonical`` (default): the published model (benchmarks/microcircuit_canonical.py:
normal weights and delays, the reference's initial potentials and down-scaling).
``--model simplified``: the older simplified variant (benchmarks/microcircuit_network.py:
fixed weights and delays, synchronous start, no down-scaling compensation); its rates are
not the published ones.

    python benchmarks/bench_microcircuit.py                  # canonical, scale 0.1, 1 s
    python benchmarks/bench_microcircuit.py --scale 0.05 --simulators spiNNaker:2 nest:2
    python benchmarks/bench_microcircuit.py --scale 1.0 --simulators spiNNaker:2   # full

Prints build / setup (first timestep: mapping and loading for us) / run seconds, real-time
factor (run s / simulated s), peak MB, mean rate per population, and our run speed-up
(peer's run s / ours, against pyNN.spiNNaker with 2 threads).
"""
import argparse
import json
import os
import subprocess
import sys
from bench_common import select_runs

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = (("spiNNaker", 2), ("spiNNaker", 1), ("nest", 1), ("nest", 2))
LAYERS = ("L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I")
SCRIPTS = {"canonical": "microcircuit_canonical.py", "simplified": "microcircuit_network.py"}
#: Full-scale rates (Hz) of the NEST reference implementation of the published model.
PUBLISHED = (0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523)


def run_one(simulator, threads, args):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(HERE)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    script = SCRIPTS[args.model]
    cmd = [sys.executable, os.path.join(HERE, script), simulator,
           "--threads", str(threads), "--scale", str(args.scale), "--tstop", str(args.tstop),
           "--input", args.input]
    if args.model == "canonical":
        cmd += ["--nest-build", args.nest_build]
        if args.rates_from is not None:
            cmd += ["--rates-from", str(args.rates_from)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout,
                              env=env)
    except subprocess.TimeoutExpired:
        return {"simulator": simulator, "threads": threads,
                "error": f"timed out after {args.timeout} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"simulator": simulator, "threads": threads, "error": err[:200]}
    return json.loads(lines[-1][7:])


def name(r):
    return f"{r['simulator']} ({r['threads']} thr)"


def saturated(r):
    """Synaptic inputs the ring buffers clipped (pyNN.spiNNaker's run report), else ''."""
    losses = r.get("losses")
    return f"{sum(losses['ring_saturations'].values()):,}" if losses else ""


def table(results):
    ours = next((r for r in results if r["simulator"] == "spiNNaker" and r["threads"] == 2
                 and "error" not in r), None)
    head = ("| simulator | neurons | synapses | build s | setup s | run s | run cpu s | RTF | "
            "peak MB | "
            + " | ".join(LAYERS) + " | our run speed-up | saturated inputs |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    if results and results[0].get("model") == "canonical":
        lines.append("| published (full scale, NEST reference) | 77,169 | 298,880,968 | | | | "
                     "| | | " + " | ".join(f"{r:.2f}" for r in PUBLISHED) + " | | |")
    for r in results:
        if "error" in r:
            lines.append(f"| {name(r)} | skipped: {r['error']} |")
            continue
        speed = f"{r['run_s'] / ours['run_s']:.2f}x" if ours and r is not ours else ""
        rates = " | ".join(f"{r['rates_hz'][k]:.2f}" for k in LAYERS)
        cpu = f"{r['run_cpu_s']:.2f}" if "run_cpu_s" in r else ""
        lines.append(f"| {name(r)} | {r['neurons']:,} | {r['synapses']:,} | {r['build_s']:.2f} "
                     f"| {r['setup_s']:.2f} | {r['run_s']:.2f} | {cpu} | {r['rtf']:.2f} | "
                     f"{r['peak_mb']:.0f} | {rates} | {speed} | {saturated(r)} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=sorted(SCRIPTS), default="canonical")
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--input", choices=("dc", "poisson"), default="dc")
    ap.add_argument("--rates-from", type=float, default=None, metavar="MS",
                    help="canonical model: also the rates over [MS, tstop]")
    ap.add_argument("--nest-build", choices=("native", "pynn"), default="native",
                    help="canonical model on NEST: NEST's fixed_total_number rule "
                         "(nest_native.py, minutes) or PyNN's connector (25 min at 0.1)")
    ap.add_argument("--simulators", nargs="*", default=None,
                    help="subset of spiNNaker:2 spiNNaker:1 nest:1 nest:2")
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    runs = select_runs(RUNS, args.simulators)
    results = []
    for simulator, threads in runs:
        r = run_one(simulator, threads, args)
        results.append(r)
        print(table([r]).splitlines()[-1], flush=True)
    print()
    print(table(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()

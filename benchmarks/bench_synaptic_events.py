"""Synaptic events per second on the virtual machine, with long rows.

A few hundred spike sources, each firing regularly, project all-to-all onto 10,000
IF_curr_exp neurons (weights small enough that the targets stay silent, so every event
is a source spike landing in a row of a full core).  Events are the cores'
``synaptic_events`` counters of the run report; the time is the wall-clock time of
``sim.run`` after the first timestep (mapping and loading excluded).

    python benchmarks/bench_synaptic_events.py [--sources 300] [--targets 10000]
        [--rate 100] [--ms 1000] [--threads 1 2]

Target (issue 7): 2e8 events per second per host core.  The run also updates every
neuron every tick (1e8 neuron updates for 10,000 neurons over 1 s), so a second run with
silent sources measures that baseline, and "net" events/s divides by the difference.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = 2e8


def one(args, threads):
    sys.path.insert(0, ROOT)
    import numpy as np
    import pyNN.spiNNaker as sim
    sim.setup(timestep=0.1, threads=threads)
    period = 1000.0 / args.rate if args.rate > 0 else 1.0
    # staggered regular trains: source i fires at (i mod 10) * 0.1 + k * period ms
    times = [np.arange(1.0 + (i % 10) * 0.1, args.ms, period).round(1)
             if args.rate > 0 else np.zeros(0) for i in range(args.sources)]
    src = sim.Population(args.sources, sim.SpikeSourceArray(spike_times=times), label="src")
    tgt = sim.Population(args.targets, sim.IF_curr_exp(), label="tgt")
    t0 = time.perf_counter()
    sim.Projection(src, tgt, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=0.0005, delay=1.0))
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    sim.run(0.1)
    setup = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    sim.run(args.ms - 0.1)
    run, cpu = time.perf_counter() - t0, time.process_time() - c0
    report = sim.get_run_report()
    events = sum(p["synaptic_events"] for p in report["populations"].values())
    packets = sum(p["packets_received"] for p in report["populations"].values())
    sim.end()
    print("RESULT " + json.dumps({"threads": threads, "events": int(events),
                                  "packets": int(packets), "build_s": build, "setup_s": setup,
                                  "run_s": run, "cpu_s": cpu}))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=300)
    ap.add_argument("--targets", type=int, default=10000)
    ap.add_argument("--rate", type=float, default=100.0, help="Hz per source")
    ap.add_argument("--ms", type=float, default=1000.0)
    ap.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        one(args, args.one)
        return
    print(f"{args.sources} sources at {args.rate:g} Hz -> {args.targets} targets all-to-all, "
          f"{args.ms:g} ms")
    head = (f"{'threads':>7} {'events':>13} {'packets':>9} {'run s':>7} {'cpu s':>7} "
            f"{'events/s':>10} {'per thread':>10} {'vs 2e8':>7}")
    print(head)
    print("-" * len(head))
    def measure(threads, rate):
        cmd = [sys.executable, __file__, "--one", str(threads), "--sources",
               str(args.sources), "--targets", str(args.targets), "--rate", str(rate),
               "--ms", str(args.ms)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
        if proc.returncode or not lines:
            print(f"{threads:>7} failed: {proc.stderr.strip()[-500:]}")
            return None
        return json.loads(lines[-1][7:])

    for threads in args.threads:
        r = measure(threads, args.rate)
        base = measure(threads, 0.0)
        if r is None or base is None:
            continue
        rate = r["events"] / r["run_s"]
        net = r["events"] / max(1e-9, r["run_s"] - base["run_s"])
        print(f"{threads:>7} {r['events']:>13,} {r['packets']:>9,} {r['run_s']:>7.2f} "
              f"{r['cpu_s']:>7.2f} {rate:>10.3g} {rate / threads:>10.3g} "
              f"{rate / threads / TARGET:>6.2f}x   silent run {base['run_s']:.2f} s "
              f"(cpu {base['cpu_s']:.2f}); net {net:.3g} events/s; "
              f"per cpu-second {r['events'] / r['cpu_s']:.3g}", flush=True)


if __name__ == "__main__":
    main()

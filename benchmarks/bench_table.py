"""Issue 17's table: ours against NEST (1 and 2 threads) and Brian 2, from the benchmarks' JSON.

    python benchmarks/bench_table.py [--dir benchmarks]     # the committed results
    make bench                                              # runs them, then prints this

Reads, from ``--dir``, whichever of these exist (a missing file leaves its rows out):

- ``results_microcircuit.json``: ``bench_microcircuit.py --scale 0.1`` (canonical model; ours
  on 2 threads against NEST 1 and 2 threads; rates against NEST's);
- ``results_microcircuit_full.json``: ``bench_microcircuit.py --scale 1.0 --simulators
  spiNNaker:2`` (run per biological second, setup, peak, losses, rates against the published);
- ``results_va.json``: ``bench_va.py`` (VA CUBA and COBA, with Brian 2 when it ran);
- ``results_scaling.json``: ``bench_scaling.py`` (peak memory at the largest size).

Ratios are the peer's figure over ours (speed-ups) or ours over the peer's (memory), each
next to its issue-17 target; "met" reads the ratio against that target. Wall seconds: the
host load of each run is printed when its JSON recorded it.
"""
import argparse
import json
import os

from microcircuit_canonical import FULL_RATES, LAYERS

HERE = os.path.dirname(os.path.abspath(__file__))
#: Full-scale mean rates (Hz) of the NEST reference implementation (network_params.py)
PUBLISHED = dict(zip(LAYERS, FULL_RATES))
#: the run report's loss counts besides the ring-buffer saturations (microcircuit_network.losses)
LOSSES = ("dropped_packets", "recording_overflows", "weights_rounded_to_zero",
          "weights_clipped")
HEAD = ("| issue 17 | quantity | ours | NEST 1 thr | NEST 2 thr | Brian 2 | ratio | target "
        "| met | load |")


def load(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        results = [r for r in json.load(f) if "error" not in r]
    for r in results:
        r.setdefault("connect", "pynn")       # results from before nest_native.py
    return results


def pick(results, simulator, threads=None, **match):
    """The first result of ``simulator`` (with ``threads`` if given) matching ``match``."""
    for r in results:
        if r.get("simulator") != simulator or any(r.get(k) != v for k, v in match.items()):
            continue
        if threads is None or r.get("threads") == threads:
            return r
    return None


def ours(results, **match):
    """Our run on 2 threads, else our default-threads run, else 1 thread."""
    for threads in (2, 0, 1):
        r = pick(results, "spiNNaker", threads, **match)
        if r:
            return r
    return None


def cell(r, key, fmt="{:.2f}"):
    return fmt.format(r[key]) if r and key in r else ""


def loads(*runs):
    values = [r["load_1min"] for r in runs if r and "load_1min" in r]
    if not values:
        return ""
    lo, hi = f"{min(values):.1f}", f"{max(values):.1f}"
    return lo if lo == hi else f"{lo}-{hi}"


def verdict(ok):
    return "yes" if ok else "**no**"


def speed_row(point, what, results, targets, **match):
    """Run seconds of ours and the peers, with the peers' run s / ours against ``targets``
    ({(simulator, threads): minimum speed-up})."""
    me = ours(results, **match)
    if me is None:
        return None
    peers = [pick(results, "nest", 1, **match), pick(results, "nest", 2, **match),
             pick(results, "brian2", None, **match)]
    ratios, wanted, met = [], [], []
    for peer, key in zip(peers, (("nest", 1), ("nest", 2), ("brian2", 1))):
        if peer is None:
            continue
        ratio = peer["run_s"] / me["run_s"]
        label = {("nest", 1): "NEST 1", ("nest", 2): "NEST 2", ("brian2", 1): "Brian 2"}[key]
        ratios.append(f"{ratio:.1f}x vs {label}")
        if key in targets:
            wanted.append(f">= {targets[key]:g}x vs {label}")
            met.append(ratio >= targets[key])
    return (f"| {point} | {what}, run s (ours {me['threads'] or 'default'} thr) "
            f"| {me['run_s']:.2f} | {cell(peers[0], 'run_s')} | {cell(peers[1], 'run_s')} "
            f"| {cell(peers[2], 'run_s')} | {'; '.join(ratios)} | {'; '.join(wanted)} "
            f"| {' / '.join(verdict(m) for m in met)} | {loads(me, *peers)} |")


def rate_gap(rates, reference):
    """(largest relative difference, its population) of ``rates`` against ``reference``."""
    gaps = {k: rates[k] / reference[k] - 1.0 for k in LAYERS if reference.get(k)}
    worst = max(gaps, key=lambda k: abs(gaps[k]))
    return gaps[worst], worst


def microcircuit_rows(results):
    rows = [speed_row("3", "microcircuit 0.1", results, {("nest", 1): 10, ("nest", 2): 5})]
    me, nest1 = ours(results), pick(results, "nest", 1)
    if me and nest1:
        gap, where = rate_gap(me["rates_hz"], nest1["rates_hz"])
        rows.append(f"| 3 | microcircuit 0.1, rates: largest difference to NEST 1 thr "
                    f"({where}) | {me['rates_hz'][where]:.2f} Hz "
                    f"| {nest1['rates_hz'][where]:.2f} Hz | | | {gap:+.0%} | within 10 % "
                    f"| {verdict(abs(gap) <= 0.10)} | {loads(me, nest1)} |")
    return rows


def full_scale_rows(results):
    me = ours(results)
    if me is None:
        return []
    per_s = me["run_s"] / ((me["tstop_ms"] - 0.1) / 1000.0)
    peak_gb = me["peak_mb"] / 1024.0
    lost = me.get("losses", {})
    n_lost = (sum(lost.get("ring_saturations", {}).values())
              + sum(lost.get(k, 0) for k in LOSSES))
    rates = me.get("rates_window_hz") or me["rates_hz"]
    gap, where = rate_gap(rates, PUBLISHED)
    within = sum(abs(rates[k] / PUBLISHED[k] - 1.0) <= 0.10 for k in LAYERS)
    ld = loads(me)
    what = "full scale" if me.get("scale") == 1.0 else f"scale {me.get('scale')} (not full)"
    return [
        f"| 2 | {what}, run s per biological s (ours {me['threads']} thr) | {per_s:.1f} "
        f"| | | | | <= 3 | {verdict(per_s <= 3)} | {ld} |",
        f"| 2 | {what}, setup s = mapping + load (CPU {me.get('setup_cpu_s', 0):.1f} s) "
        f"| {me['setup_s']:.1f} | | | | | < 30 | {verdict(me['setup_s'] < 30)} | {ld} |",
        f"| 2 | {what}, peak GB | {peak_gb:.2f} | | | | | < 6 | {verdict(peak_gb < 6)} "
        f"| {ld} |",
        f"| 2 | {what}, losses (dropped, saturated, overflows, weights lost) "
        f"| {n_lost:,} | | | | "
        f"| 0 | {verdict(n_lost == 0)} | {ld} |",
        f"| 2 | {what}, rates within 10 % of the published: {within} of 8; largest "
        f"({where}) | {rates[where]:.2f} Hz | | | | {gap:+.0%} | within 10 % "
        f"| {verdict(within == 8)} | {ld} |"]


def scaling_rows(results):
    """Peak memory at the largest size, ours against each NEST build that ran."""
    sizes = [r["n"] for r in results if r.get("simulator") == "spiNNaker"]
    if not sizes:
        return []
    n = max(sizes)
    me = pick(results, "spiNNaker", None, n=n)
    rows = []
    for build, how in (("pynn", "PyNN's connector"), ("native", "NEST's fixed_indegree")):
        nest = pick(results, "nest", None, n=n, connect=build)
        if nest is None:
            continue
        ratio = me["peak_mb"] / nest["peak_mb"]
        rows.append(f"| 5 | scaling N = {n:,} ({me['synapses']:,} synapses), peak MB; NEST "
                    f"built by {how} | {me['peak_mb']:.0f} | {nest['peak_mb']:.0f} | | "
                    f"| ours {ratio:.2f}x NEST | <= 1x | {verdict(ratio <= 1.0)} "
                    f"| {loads(me, nest)} |")
    return rows or [f"| 5 | scaling N = {n:,}, peak MB | {me['peak_mb']:.0f} | | | | "
                    f"| <= NEST's | | {loads(me)} |"]


def table(directory):
    rows = microcircuit_rows(load(directory, "results_microcircuit.json"))
    rows += full_scale_rows(load(directory, "results_microcircuit_full.json"))
    va = load(directory, "results_va.json")
    rows.append(speed_row("3", "VA CUBA", va, {("nest", 1): 10}, benchmark="CUBA"))
    rows.append(speed_row("", "VA COBA", va, {}, benchmark="COBA"))
    rows += scaling_rows(load(directory, "results_scaling.json"))
    rows = [r for r in rows if r]
    return "\n".join([HEAD, "|" + "---|" * (HEAD.count("|") - 1)] + rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=HERE, help="where the results_*.json are")
    args = ap.parse_args()
    print(table(args.dir))


if __name__ == "__main__":
    main()

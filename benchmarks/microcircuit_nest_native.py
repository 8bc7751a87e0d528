"""The canonical microcircuit of ``microcircuit_canonical.py`` built with NEST's own calls.

The same model and the same numbers (``network_parameters``: sizes, synapse totals, mean
weights, background and down-scaling DC), connected the way the NEST reference
implementation does (``pynest/examples/Potjans_2014/network.py``, NEST 3):
``nest.Connect`` with ``fixed_total_number`` per pair of populations, weights
``redraw(normal(w, 0.1 |w|))`` kept on their side of zero, delays
``redraw(normal(d, 0.5 d), min=delay_min)`` rounded by NEST to the nearest step,
population-specific normal V0, and either the mean background as I_e (``--input dc``) or one
``poisson_generator`` per population at round(K_ext * scale) * 8 Hz, connected ``all_to_all`` with weight
w_ext and delay 1.5 ms (``--input poisson``, the reference's default).  Building it this way
takes seconds per million synapses where PyNN's Python-level connectors take minutes; it is
the NEST side of the rate comparison at scales that fit this host (benchmarks/README.md,
"Rates (session 7)").  NEST's grid model stamps a spike at the end of the step that crossed
threshold: with the same delays its spikes reach their targets one step later than the
board's (docs/timing_and_arithmetic.md); ``microcircuit_canonical.py --delay-offset 0.1``
is the board network that equals this one.

    python benchmarks/microcircuit_nest_native.py [--scale 0.5] [--threads 2] [--tstop 1000]
        [--input dc|poisson] [--seed 1] [--rates-from 500] [--delay-min 0.05]
        [--compensation 2016]

prints one line ``RESULT {json}`` like microcircuit_canonical.py's.
"""
import argparse
import json
import math
import os
import resource
import time

import numpy as np

from microcircuit_canonical import (
    CELL, COMPENSATION, D_MEAN, D_POISSON, D_REL_SD, K_EXT, LAYERS, REFERENCE_RATES, V0_MEAN,
    V0_SD, W_REL_SD, background_rate, network_parameters)


def build(nest, args, dt):
    """Create and connect the network; returns the populations and the recorders."""
    sizes, totals, weights, w_exc, dc_bg, dc_scale = network_parameters(args.scale,
                                                                        args.compensation)
    w_ext = w_exc / math.sqrt(args.scale) if args.scale < 1.0 else w_exc
    pops, recs = [], []
    for i, name in enumerate(LAYERS):
        i_e = dc_scale[i] + (dc_bg[i] if args.input == "dc" else 0.0)
        if args.input == "poisson" and args.scale < 1.0:
            i_e += dc_bg[i] * (1.0 - math.sqrt(args.scale))
        pop = nest.Create("iaf_psc_exp", sizes[i], params={
            "C_m": CELL["cm"] * 1000.0, "tau_m": CELL["tau_m"], "E_L": CELL["v_rest"],
            "V_reset": CELL["v_reset"], "V_th": CELL["v_thresh"], "t_ref": CELL["tau_refrac"],
            "tau_syn_ex": CELL["tau_syn_E"], "tau_syn_in": CELL["tau_syn_I"],
            "I_e": i_e * 1000.0})
        pop.V_m = nest.random.normal(V0_MEAN[i], V0_SD[i])
        rec = nest.Create("spike_recorder")
        nest.Connect(pop, rec)
        pops.append(pop)
        recs.append(rec)
    n_syn = 0
    for t, post in enumerate(pops):
        for s, pre in enumerate(pops):
            if totals[t, s] == 0:
                continue
            exc = LAYERS[s].endswith("E")
            w = weights[t, s] * 1000.0                     # pA
            mean_d = D_MEAN["E" if exc else "I"] + args.delay_offset
            syn = {"synapse_model": "static_synapse",
                   "weight": nest.math.redraw(nest.random.normal(w, abs(w) * W_REL_SD),
                                              min=0.0 if exc else -math.inf,
                                              max=math.inf if exc else 0.0),
                   "delay": nest.math.redraw(
                       nest.random.normal(mean_d, (mean_d - args.delay_offset) * D_REL_SD),
                       min=args.delay_min + args.delay_offset, max=math.inf)}
            nest.Connect(pre, post, {"rule": "fixed_total_number", "N": int(totals[t, s])},
                         syn)
            n_syn += int(totals[t, s])
    if args.input == "poisson":
        for post, k_ext in zip(pops, K_EXT):
            gen = nest.Create("poisson_generator",
                              params={"rate": background_rate(k_ext, args.scale)})
            nest.Connect(gen, post, "all_to_all", {"weight": w_ext * 1000.0,
                                                   "delay": D_POISSON})
            n_syn += len(post)
    return sizes, pops, recs, n_syn


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--input", choices=("dc", "poisson"), default="dc")
    ap.add_argument("--seed", type=int, default=1, help="NEST's rng_seed")
    ap.add_argument("--rates-from", type=float, default=500.0, metavar="MS",
                    help="rates also over [MS, tstop] (the reference's window starts at 500)")
    ap.add_argument("--delay-min", type=float, default=0.05, metavar="MS",
                    help="delays drawn below MS are redrawn (0.05 = dt/2, the reference "
                         "since 2022; 0.1 its earlier versions)")
    ap.add_argument("--delay-offset", type=float, default=0.0, metavar="MS",
                    help="add MS to every drawn neuron-to-neuron delay (as the script "
                         "for the board)")
    ap.add_argument("--compensation", choices=sorted(REFERENCE_RATES), default=COMPENSATION,
                    help="below full scale: the full-scale rates the DC compensation "
                         "assumes (as microcircuit_canonical.py)")
    args = ap.parse_args()
    import nest
    dt = 0.1
    nest.set_verbosity("M_ERROR")
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": dt, "local_num_threads": args.threads,
                          "rng_seed": args.seed, "print_time": False})
    c0, t0 = time.process_time(), time.perf_counter()
    sizes, pops, recs, n_syn = build(nest, args, dt)
    nest.Prepare()
    build_s, build_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    c0, t0 = time.process_time(), time.perf_counter()
    nest.Run(args.tstop)
    nest.Cleanup()
    run_s, run_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    rates, window = {}, {}
    for name, size, rec in zip(LAYERS, sizes, recs):
        times = np.asarray(rec.get("events")["times"], dtype=float)
        rates[name] = times.size / size * 1000.0 / args.tstop
        if args.rates_from < args.tstop:
            window[name] = (np.count_nonzero(times >= args.rates_from) / size * 1000.0
                            / (args.tstop - args.rates_from))
    out = {"simulator": "nest-native", "threads": args.threads, "scale": args.scale,
           "model": "canonical", "input": args.input, "seed": args.seed,
           "delay_offset_ms": args.delay_offset, "delay_min_ms": args.delay_min,
           "compensation": args.compensation if args.scale < 1.0 else None,
           "neurons": int(sum(sizes)), "synapses": n_syn, "build_s": build_s,
           "build_cpu_s": build_cpu_s, "setup_s": 0.0, "run_s": run_s, "run_cpu_s": run_cpu_s,
           "load_1min": os.getloadavg()[0], "tstop_ms": args.tstop, "rates_hz": rates,
           "rates_from_ms": args.rates_from, "rates_window_hz": window,
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}
    print("RESULT " + json.dumps(out))


if __name__ == "__main__":
    main()

"""The Vogels-Abbott balanced network (benchmarks 1 and 2 of Brette et al. 2007), one run.

Source: PyNN 0.13.0's ``examples/VAbenchmarks.py`` (sdist), same network and parameters:
4000 cells (3200 exc / 800 inh), FixedProbabilityConnector p = 0.02 (seed 98765), delay
0.2 ms, dt 0.1 ms, 1000 ms, v initialised uniformly in [v_reset, v_thresh];
CUBA: IF_curr_exp, E_leak -49 mV, weights 0.27 nS * 60 mV = 0.0162 nA and
4.5 nS * -20 mV = -0.09 nA, no external input (E_leak above threshold drives it);
COBA: IF_cond_exp, E_leak -60 mV, 4 nS / 51 nS, plus 20 Poisson sources at 100 Hz for the
first 50 ms (p = 0.01, 0.1 uS).  Spikes of every cell and v of two cells are recorded.
Differences from the example: no data files written, no progress bar, timings split as
below, and ``--threads`` is passed to setup().

    python benchmarks/va_network.py SIMULATOR BENCHMARK [--threads N]

prints one line ``RESULT {json}`` with seconds for build (populations + connectors),
setup (the first timestep: mapping and loading on spiNNaker, network preparation on NEST,
code generation on Brian 2), run (the other 999.9 ms), the mean rate and ru_maxrss.
"""
import argparse
import importlib
import json
import os
import resource
import sys
import time
from bench_common import timed_run
from nest_native import native

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("simulator", help="spiNNaker, nest, brian2")
    ap.add_argument("benchmark", choices=("CUBA", "COBA"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--n", type=int, default=4000, help="cells (bench_scaling.py)")
    ap.add_argument("--indegree", type=int, default=0,
                    help="FixedNumberPreConnector with this many inputs per cell (80%% from "
                         "exc, 20%% from inh) instead of FixedProbabilityConnector")
    ap.add_argument("--nest-build", choices=("pynn", "native"), default="pynn",
                    help="pyNN.nest with --indegree: PyNN's Python FixedNumberPreConnector "
                         "or NEST's fixed_indegree rule (nest_native.py)")
    args = ap.parse_args()
    if args.simulator == "spiNNaker":
        sys.path.insert(0, ROOT)
    t0 = time.perf_counter()
    sim = importlib.import_module(f"pyNN.{args.simulator}")
    import_s = time.perf_counter() - t0
    from pyNN.random import NumpyRNG, RandomDistribution

    rngseed, n, r_ei, pconn = 98765, args.n, 4.0, 0.02
    stim_dur, rate, dt, tstop, delay = 50.0, 100.0, 0.1, args.tstop, 0.2
    area, tau_m, cm, g_leak = 20000e-8, 20.0, 1.0, 5e-5
    coba = args.benchmark == "COBA"
    E_leak = -60.0 if coba else -49.0
    v_thresh, v_reset, t_refrac, v_mean = -50.0, -60.0, 5.0, -60.0
    tau_exc, tau_inh = 5.0, 10.0
    Gexc, Ginh = (4.0, 51.0) if coba else (0.27, 4.5)
    Erev_exc, Erev_inh = 0.0, -80.0
    cm = cm * area * 1000
    n_exc = int(round(n * r_ei / (1 + r_ei)))
    n_inh = n - n_exc
    if coba:
        celltype, w_exc, w_inh = sim.IF_cond_exp, Gexc * 1e-3, Ginh * 1e-3
    else:
        celltype = sim.IF_curr_exp
        w_exc = 1e-3 * Gexc * (Erev_exc - v_mean)
        w_inh = 1e-3 * Ginh * (Erev_inh - v_mean)

    # spiNNaker with --threads 0: its default (the free host cores); NEST needs a number
    extra = {"threads": args.threads} if args.simulator == "nest" or args.threads else {}
    if args.simulator == "nest" and args.nest_build == "native":
        extra["rng_seed"] = rngseed               # NEST's generator draws the connections
    sim.setup(timestep=dt, min_delay=delay, max_delay=1.0, **extra)
    t0 = time.perf_counter()
    cell_params = {"tau_m": tau_m, "tau_syn_E": tau_exc, "tau_syn_I": tau_inh,
                   "v_rest": E_leak, "v_reset": v_reset, "v_thresh": v_thresh, "cm": cm,
                   "tau_refrac": t_refrac}
    if coba:
        cell_params.update(e_rev_E=Erev_exc, e_rev_I=Erev_inh)
    exc = sim.Population(n_exc, celltype(**cell_params), label="Excitatory_Cells")
    inh = sim.Population(n_inh, celltype(**cell_params), label="Inhibitory_Cells")
    if coba:
        ext = sim.Population(20, sim.SpikeSourcePoisson(rate=rate, duration=stim_dur),
                             label="expoisson")
        ext_conn = sim.FixedProbabilityConnector(0.01)
        ext_syn = sim.StaticSynapse(weight=0.1)
    rng = NumpyRNG(seed=rngseed, parallel_safe=True)
    uniform = RandomDistribution("uniform", low=v_reset, high=v_thresh, rng=rng)
    exc.initialize(v=uniform)
    inh.initialize(v=uniform)
    if args.indegree:
        from_exc = sim.FixedNumberPreConnector(int(round(0.8 * args.indegree)), rng=rng)
        from_inh = sim.FixedNumberPreConnector(args.indegree - int(round(0.8 * args.indegree)),
                                               rng=rng)
        if args.simulator == "nest" and args.nest_build == "native":
            from_exc, from_inh = native(from_exc), native(from_inh)
    else:
        from_exc = from_inh = sim.FixedProbabilityConnector(pconn, rng=rng)
    exc_syn = sim.StaticSynapse(weight=w_exc, delay=delay)
    inh_syn = sim.StaticSynapse(weight=w_inh, delay=delay)
    prj = [sim.Projection(exc, exc, from_exc, exc_syn, receptor_type="excitatory"),
           sim.Projection(exc, inh, from_exc, exc_syn, receptor_type="excitatory"),
           sim.Projection(inh, exc, from_inh, inh_syn, receptor_type="inhibitory"),
           sim.Projection(inh, inh, from_inh, inh_syn, receptor_type="inhibitory")]
    if coba:
        prj += [sim.Projection(ext, exc, ext_conn, ext_syn, receptor_type="excitatory"),
                sim.Projection(ext, inh, ext_conn, ext_syn, receptor_type="excitatory")]
    exc.record("spikes")
    inh.record("spikes")
    exc[0, 1].record("v")
    build_s = time.perf_counter() - t0
    n_syn = sum(p.size() for p in prj)

    setup_s, run_s = timed_run(sim, dt, tstop)
    out = {}
    if args.simulator == "spiNNaker":
        from spynnaker_backend.pynn import simulator as backend
        report = sim.get_run_report()
        out["mapping_stages"] = backend.state.mapping.stage_seconds
        out["synaptic_events"] = int(sum(p["synaptic_events"]
                                         for p in report["populations"].values()))
    e_rate = exc.mean_spike_count() * 1000.0 / tstop
    i_rate = inh.mean_spike_count() * 1000.0 / tstop
    sim.end()
    out.update({"simulator": args.simulator, "benchmark": args.benchmark,
                "threads": args.threads, "load_1min": os.getloadavg()[0],
                "connect": args.nest_build if args.simulator == "nest" else "pynn", "synapses": int(n_syn), "import_s": import_s,
                "build_s": build_s, "setup_s": setup_s, "run_s": run_s,
                "rtf": run_s / ((tstop - dt) / 1000.0),
                "exc_rate_hz": e_rate, "inh_rate_hz": i_rate,
                "rate_hz": (e_rate * n_exc + i_rate * n_inh) / n,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0})
    print("RESULT " + json.dumps(out))


if __name__ == "__main__":
    main()

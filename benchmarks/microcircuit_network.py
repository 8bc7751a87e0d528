"""A SIMPLIFIED variant of the Potjans-Diesmann (2014) cortical microcircuit, one run, on any
PyNN simulator.  Not the published model (fixed weights and delays, synchronous start, no
down-scaling compensation: its rates are not the published ones); the canonical model is
``microcircuit_canonical.py``.

Parameters as in the PyNN / NEST microcircuit examples (Potjans & Diesmann 2014, Cereb.
Cortex 24:785, Tables 4-5): 8 populations L23E/I, L4E/I, L5E/I, L6E/I with full-scale
sizes 20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948; the published connection
probability table; IF_curr_exp with tau_m 10 ms, cm 0.25 nF, v_rest = v_reset -65 mV,
v_thresh -50 mV, tau_refrac 2 ms, tau_syn 0.5 ms; excitatory weight 87.8 pA (L4E -> L23E
doubled), inhibitory g = -4; delays 1.5 ms (exc) and 0.8 ms (inh: the published 0.75 ms
rounded to the 0.1 ms grid, as NEST does); initial v ~ N(-58, 10) mV; dt 0.1 ms.

Scaling (``--scale s``, default 0.1): neuron numbers are multiplied by s and in-degrees by s,
so each pair gets FixedTotalNumberConnector(round(K_full * s * s)) with
K_full = log(1 - p) / log(1 - 1 / (N_pre * N_post)) (the PD total-synapse formula; multapses
and autapses allowed, seeded NumpyRNG). Weights are NOT rescaled by 1/sqrt(s) and there is
no DC compensation for the missing recurrent input, so rates at s < 1 differ from the
full-scale ones (compare simulators, not against the paper).

External drive: ``--input dc`` (default) replaces the K_ext Poisson inputs at 8 Hz by their
mean current, i_offset = 8 Hz * K_ext * 87.8 pA * tau_syn (K_ext = 1600, 1500, 2100, 1900,
2000, 1900, 2900, 2100; not scaled). ``--input poisson`` uses one SpikeSourcePoisson per
neuron at K_ext * 8 Hz (12.8-23.2 kHz, i.e. >1 spike per 0.1 ms step), weight 87.8 pA.
Weights and delays are fixed (the paper draws them from normal distributions).

    python benchmarks/microcircuit_network.py SIMULATOR [--scale 0.1] [--threads N] [--tstop 1000]

prints one line ``RESULT {json}`` with seconds for build, setup (the first timestep),
run (the rest), rates per population and ru_maxrss.
"""
import argparse
import importlib
import json
import math
import os
import resource
import sys
import time
from bench_common import timed_run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LAYERS = ("L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I")
N_FULL = (20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948)
K_EXT = (1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100)
# CONN_PROBS[target][source], Potjans & Diesmann 2014 Table 5
CONN_PROBS = (
    (0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0,    0.0076, 0.0),
    (0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0,    0.0042, 0.0),
    (0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0),
    (0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0,    0.1057, 0.0),
    (0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0),
    (0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0),
    (0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252),
    (0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443),
)
BG_RATE = 8.0           # Hz
W_MEAN = 0.0878         # nA
G = -4.0
D_EXC, D_INH = 1.5, 0.8  # ms
CELL = {"tau_m": 10.0, "cm": 0.25, "v_rest": -65.0, "v_reset": -65.0, "v_thresh": -50.0,
        "tau_refrac": 2.0, "tau_syn_E": 0.5, "tau_syn_I": 0.5, "i_offset": 0.0}


def total_synapses(p, n_pre_full, n_post_full, scale):
    if p <= 0:
        return 0
    k_full = math.log(1.0 - p) / math.log(1.0 - 1.0 / (n_pre_full * n_post_full))
    return int(round(k_full * scale * scale))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("simulator", help="spiNNaker, nest")
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--input", choices=("dc", "poisson"), default="dc")
    ap.add_argument("--seed", type=int, default=12345)
    args = ap.parse_args()
    if args.simulator == "spiNNaker":
        sys.path.insert(0, ROOT)
    t0 = time.perf_counter()
    sim = importlib.import_module(f"pyNN.{args.simulator}")
    import_s = time.perf_counter() - t0
    from pyNN.random import NumpyRNG, RandomDistribution

    dt, tstop = 0.1, args.tstop
    extra = {"threads": args.threads}
    if args.simulator == "nest":
        extra["spike_precision"] = "on_grid"      # iaf_psc_exp, like ours
    else:
        # v0 ~ N(-58, 10) mV puts ~20% of the cells above threshold at t = 0: their
        # synchronous first spikes saturate some ring buffers.  Run on and report the losses
        extra["allow_losses"] = True
    sim.setup(timestep=dt, min_delay=D_INH, max_delay=2.0, **extra)
    t0 = time.perf_counter()
    rng = NumpyRNG(seed=args.seed, parallel_safe=True)
    v_init = RandomDistribution("normal", mu=-58.0, sigma=10.0, rng=rng)
    sizes = [max(1, int(round(n * args.scale))) for n in N_FULL]
    pops = []
    for name, n, k_ext in zip(LAYERS, sizes, K_EXT):
        params = dict(CELL)
        if args.input == "dc":
            params["i_offset"] = BG_RATE * k_ext * W_MEAN * CELL["tau_syn_E"] * 1e-3
        p = sim.Population(n, sim.IF_curr_exp(**params), label=name)
        p.initialize(v=v_init)
        p.record("spikes")
        pops.append(p)
    prjs = []
    for ti, post in enumerate(pops):
        for si, pre in enumerate(pops):
            n_syn = total_synapses(CONN_PROBS[ti][si], N_FULL[si], N_FULL[ti], args.scale)
            if n_syn == 0:
                continue
            exc = LAYERS[si].endswith("E")
            w = W_MEAN if exc else G * W_MEAN
            if LAYERS[si] == "L4E" and LAYERS[ti] == "L23E":
                w *= 2.0
            conn = sim.FixedTotalNumberConnector(n_syn, allow_self_connections=True,
                                                 with_replacement=True, rng=rng)
            syn = sim.StaticSynapse(weight=w, delay=D_EXC if exc else D_INH)
            prjs.append(sim.Projection(pre, post, conn, syn,
                                       receptor_type="excitatory" if exc else "inhibitory"))
    if args.input == "poisson":
        for post, k_ext in zip(pops, K_EXT):
            src = sim.Population(post.size, sim.SpikeSourcePoisson(rate=BG_RATE * k_ext))
            prjs.append(sim.Projection(src, post, sim.OneToOneConnector(),
                                       sim.StaticSynapse(weight=W_MEAN, delay=D_EXC),
                                       receptor_type="excitatory"))
    build_s = time.perf_counter() - t0
    n_syn = sum(p.size() for p in prjs)

    setup_s, run_s = timed_run(sim, dt, tstop)
    rates = {p.label: p.mean_spike_count() * 1000.0 / tstop for p in pops}
    extras = losses(sim) if args.simulator == "spiNNaker" else {}
    sim.end()
    out = {"simulator": args.simulator, "threads": args.threads, "scale": args.scale,
           "model": "simplified", "input": args.input, "neurons": int(sum(sizes)), "synapses": int(n_syn),
           "import_s": import_s, "build_s": build_s, "setup_s": setup_s, "run_s": run_s,
           "tstop_ms": tstop, "rtf": run_s / ((tstop - dt) / 1000.0), "rates_hz": rates,
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, **extras}
    print("RESULT " + json.dumps(out))


def losses(sim):
    """The run report's losses (saturations, drops, quantisation) and the mapping's stage
    seconds, for pyNN.spiNNaker."""
    report = sim.get_run_report()
    pops = report["populations"]
    projs = report["projections"].values()
    from spynnaker_backend.pynn import simulator
    return {"losses": {
        "dropped_packets": report["dropped_packets"],
        "synaptic_events": sum(v["synaptic_events"] for v in pops.values()),
        "ring_saturations": {k: v["ring_saturations"] for k, v in pops.items()},
        "recording_overflows": sum(v["recording_overflows"] for v in pops.values()),
        "weights_rounded_to_zero": sum(p["weights_rounded_to_zero"] for p in projs),
        "weights_clipped": sum(p["weights_clipped"] for p in projs),
        "max_relative_weight_error": max((p["max_relative_weight_error"] for p in projs),
                                         default=0.0),
        "cores_over_real_time": sum(v["cores"] for v in pops.values()
                                    if not v["keeps_real_time"])},
        "mapping_stage_s": dict(simulator.state.mapping.stage_seconds)}


if __name__ == "__main__":
    main()

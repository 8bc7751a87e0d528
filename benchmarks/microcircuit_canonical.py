"""The canonical Potjans-Diesmann (2014) cortical microcircuit, one run, on any PyNN simulator.

Model: T. C. Potjans and M. Diesmann, "The cell-type specific cortical microcircuit: relating
structure and activity in a full-scale spiking network model", Cereb. Cortex 24:785-806
(2014), with the conventions of its NEST reference implementation
(``pynest/examples/Potjans_2014``, network_params.py):

- 8 populations L23E/I, L4E/I, L5E/I, L6E/I of IF_curr_exp (iaf_psc_exp) cells,
  C_m 250 pF, tau_m 10 ms, E_L = V_reset -65 mV, V_th -50 mV, t_ref 2 ms, tau_syn 0.5 ms;
  full-scale sizes 20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948 (Table 5);
- connection probabilities of Table 5 turned into a total number of synapses per pair,
  K = ln(1 - p) / ln(1 - 1 / (N_pre N_post)), drawn as FixedTotalNumber (multapses and
  autapses allowed);
- weights: a mean PSP of 0.15 mV (87.8 pA for these cell parameters), inhibitory g = -4,
  L4E -> L23E doubled; each weight drawn from a normal with sd 10 % of its mean, redrawn
  when it would change sign;
- delays: normal, 1.5 +- 0.75 ms (excitatory sources) and 0.75 +- 0.375 ms (inhibitory),
  redrawn below half a timestep and rounded to the nearest step (network.py since NEST
  commit ffa0466, 2022-10-14, "correct rounding of synaptic delays":
  ``redraw(normal(...), min=resolution - 0.5 * resolution)``; NEST rounds a delay to the
  nearest step, so [dt/2, dt) becomes one step: here such draws are raised to dt, the same
  ticks, since PyNN refuses delays below the timestep; ``--delay-min 0.1`` gives the
  earlier versions' redraw below dt);
- initial potentials: the reference's population-specific normals ("optimized" V0:
  means -68.28 ... -61.43 mV, sds 4.48 ... 5.46 mV), which avoid the synchronous start;
- background: K_ext = 1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100 inputs at 8 Hz, as
  their mean current (``--input dc``, default: i_offset = 8 Hz * K_ext * w * tau_syn) or as
  one Poisson source per neuron at K_ext * 8 Hz with delay 1.5 ms (``--input poisson``;
  below full scale round(K_ext * scale) * 8 Hz, as the reference);
- dt 0.1 ms.

Down-scaling (``--scale s`` < 1) follows the reference: neuron numbers and in-degrees are both
multiplied by s, weights divided by sqrt(s), and the lost part of the mean recurrent and
external input is added as DC, computed from the reference's full-scale rates
(COMPENSATION), so the rates at s = 0.1 approximate the full-scale ones.

    python benchmarks/microcircuit_canonical.py SIMULATOR [--scale 0.1] [--threads N]
        [--tstop 1000] [--input dc|poisson] [--seed 12345] [--rates-from 500]
        [--delay-min 0.05] [--delay-offset 0.1] [--nest-build native|pynn]

On pyNN.nest the recurrent FixedTotalNumberConnectors are built by NEST's own
``fixed_total_number`` rule with the same weight and delay distributions (nest_native.py:
minutes instead of PyNN's Python loop, 25 min at scale 0.1); ``--nest-build pynn`` keeps
PyNN's path. Either way NEST draws another realisation of the model than pyNN.spiNNaker.

prints one line ``RESULT {json}`` (seconds for build, setup = the first timestep, run = the
rest; rates per population; ru_maxrss).
"""
import argparse
import importlib
import json
import math
import os
import resource
import sys
import time

import numpy as np
from pyNN.random import NumpyRNG, RandomDistribution

from bench_common import timed_run_cpu
from nest_native import native
# the published tables (Potjans & Diesmann 2014, Tables 4-5) are the simplified variant's too
from microcircuit_network import CONN_PROBS, K_EXT, LAYERS, N_FULL, ROOT, losses  # noqa: F401

#: Full-scale mean rates (Hz) of the NEST reference implementation (network_params.py,
#: 'full_mean_rates', each from ONE full-scale run of that version), by version:
#: - 2016 (first PyNEST version, NEST 2.10): V0 -58 +- 10 mV for all ("original"), delays
#:   normal_clipped at dt;
#: - 2020 (NEST commit dd94e76, 2020-03-13, "12 MPI processes"): "optimized" V0 (default
#:   since 73a5cd7, 2020-01), delays redrawn below dt;
#: - 2022 (NEST commit 6151de2, 2022-12-02, "without MPI, local_num_threads 4", after the
#:   delay redraw moved to dt/2): the model this script builds; in network_params.py until
#:   the example left NEST (09c1a3c, 2025-08), with the note (770f2a2, 2024-04) that "these
#:   rates were only taken from one simulation ... rates should be compared to mean values
#:   over multiple runs with different RNG seeds".
REFERENCE_RATES = {
    "2016": (0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523),
    "2020": (0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851),
    "2022": (0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829),
}
#: The published rates of the model built here (the full-scale one): what its rates are
#: compared with.
FULL_RATES = REFERENCE_RATES["2022"]
#: The rates the down-scaled model's compensation assumes (the reference uses its own
#: full_mean_rates): this script's default stays the 2016 values, as before.  With the 2022
#: ones and the DC background, scale 0.1 falls silent (every population < 0.01 Hz but L6I,
#: 3.4 Hz, in 500 ms): their larger inhibitory rates make the compensating DC 0.07 nA more
#: negative (L23E -0.355 nA instead of -0.289), and with no background fluctuations the
#: silent state is stable.  ``--compensation 2022`` with ``--input poisson`` is the reference.
COMPENSATION = "2016"
#: Initial membrane potentials (mV), the reference's population-specific ("optimized") V0.
V0_MEAN = (-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43)
V0_SD = (5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48)
BG_RATE = 8.0            # Hz
PSP_E = 0.15             # mV, mean excitatory PSP amplitude
W_REL_SD = 0.1           # sd of each weight, relative to its mean
G = -4.0
D_MEAN = {"E": 1.5, "I": 0.75}   # ms, by source type
D_REL_SD = 0.5
D_POISSON = 1.5
CELL = {"tau_m": 10.0, "cm": 0.25, "v_rest": -65.0, "v_reset": -65.0, "v_thresh": -50.0,
        "tau_refrac": 2.0, "tau_syn_E": 0.5, "tau_syn_I": 0.5, "i_offset": 0.0}


class AtLeast(RandomDistribution):
    """A RandomDistribution whose draws below ``floor`` are raised to it (a drawn delay in
    [dt/2, dt) is one step in NEST, which rounds delays to the nearest step)."""

    def __init__(self, floor, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.floor = floor

    def next(self, n=None, mask=None):
        return np.maximum(super().next(n, mask), self.floor)


def psc_per_psp(cm_pf, tau_m, tau_syn):
    """Amplitude (pA) of an exponential current whose PSP peaks at 1 mV.

    The PSP of I(t) = J exp(-t/tau_s) on a membrane (C, tau_m) is
    v(t) = J tau_m tau_s / (C (tau_m - tau_s)) (exp(-t/tau_m) - exp(-t/tau_s)); its maximum is
    at t* = ln(tau_m / tau_s) tau_m tau_s / (tau_m - tau_s)."""
    t_peak = math.log(tau_m / tau_syn) * tau_m * tau_syn / (tau_m - tau_syn)
    shape = math.exp(-t_peak / tau_m) - math.exp(-t_peak / tau_syn)
    return cm_pf * (tau_m - tau_syn) / (tau_m * tau_syn * shape)


def background_rate(k_ext, scale):
    """Rate (Hz) of one cell's Poisson background: its round(K_ext * scale) inputs at 8 Hz
    (the reference's ``ext_indegrees``; their weight grows by 1/sqrt(scale) and the lost
    mean input is added as DC)."""
    return BG_RATE * int(round(k_ext * scale))


def total_synapses_full(p, n_pre, n_post):
    """Expected distinct-pair count turned into a synapse total (PD14, Eq. 1 inverted)."""
    return math.log(1.0 - p) / math.log(1.0 - 1.0 / (n_pre * n_post)) if p > 0 else 0.0


def network_parameters(scale, compensation=COMPENSATION):
    """Sizes, synapse totals, mean weights (nA) and DC (nA) per population at ``scale``
    (``compensation``: the REFERENCE_RATES version the down-scaled DC assumes)."""
    comp_rates = REFERENCE_RATES[compensation]
    w_exc = PSP_E * psc_per_psp(CELL["cm"] * 1000.0, CELL["tau_m"], CELL["tau_syn_E"]) / 1000.0
    sizes = [max(1, int(round(n * scale))) for n in N_FULL]
    totals, weights = {}, {}
    for t in range(8):
        for s in range(8):
            k_full = total_synapses_full(CONN_PROBS[t][s], N_FULL[s], N_FULL[t])
            totals[t, s] = int(round(k_full * scale * scale))
            w = w_exc if LAYERS[s].endswith("E") else G * w_exc
            if (LAYERS[s], LAYERS[t]) == ("L4E", "L23E"):
                w *= 2.0
            weights[t, s] = w
    tau = CELL["tau_syn_E"]
    dc_bg = [BG_RATE * k * w_exc * tau * 1e-3 for k in K_EXT]   # nA
    dc_scale = [0.0] * 8
    if scale < 1.0:
        # the reference's compensation: the mean input lost with the in-degrees, as DC
        lost = 1.0 - math.sqrt(scale)
        for t in range(8):
            rec = sum(weights[t, s] * total_synapses_full(CONN_PROBS[t][s], N_FULL[s],
                                                          N_FULL[t]) / N_FULL[t] * comp_rates[s]
                      for s in range(8))
            dc_scale[t] = 1e-3 * tau * lost * rec
        weights = {k: w / math.sqrt(scale) for k, w in weights.items()}
    return sizes, totals, weights, w_exc, dc_bg, dc_scale


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("simulator", help="spiNNaker, nest")
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--input", choices=("dc", "poisson"), default="dc")
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--compensation", choices=sorted(REFERENCE_RATES), default=COMPENSATION,
                    help="below full scale: which version's full-scale rates the DC "
                         "compensation assumes (default %(default)s; 2022 falls silent at "
                         "0.1 with the DC background)")
    ap.add_argument("--delay-min", type=float, default=None, metavar="MS",
                    help="redraw neuron-to-neuron delays drawn below MS (default dt/2, the "
                         "NEST reference since 2022; 0.1 = dt, its earlier versions); draws "
                         "in [MS, dt) become dt, as NEST's rounding to the nearest step makes "
                         "them")
    ap.add_argument("--delay-offset", type=float, default=0.0, metavar="MS",
                    help="add MS to every drawn neuron-to-neuron delay (after the redraw; "
                         "the Poisson sources' delay stays 1.5 ms). On the board a "
                         "cell's spike enters its targets one timestep earlier than in NEST "
                         "with the same delays (docs/timing_and_arithmetic.md), so "
                         "--delay-offset 0.1 on spiNNaker is the network NEST runs with the "
                         "published delays; default 0 (the published delays as given)")
    ap.add_argument("--rates-from", type=float, default=None, metavar="MS",
                    help="also give rates over [MS, tstop] (the reference discards the "
                         "first 500 ms: run_microcircuit.py's firing_rates_interval)")
    ap.add_argument("--nest-build", choices=("native", "pynn"), default="native",
                    help="pyNN.nest only: connect with NEST's fixed_total_number rule "
                         "(nest_native.py) or with PyNN's Python connector")
    args = ap.parse_args()
    if args.simulator == "spiNNaker":
        sys.path.insert(0, ROOT)
    t0 = time.perf_counter()
    sim = importlib.import_module(f"pyNN.{args.simulator}")
    import_s = time.perf_counter() - t0

    dt, tstop = 0.1, args.tstop
    delay_min = 0.5 * dt if args.delay_min is None else args.delay_min
    if not 0.0 < delay_min <= dt:
        ap.error(f"--delay-min {delay_min} ms: must be in (0, dt = {dt}] ms")
    extra = {"threads": args.threads}
    if args.simulator == "nest":
        extra["spike_precision"] = "on_grid"      # iaf_psc_exp, like ours
        extra["rng_seed"] = args.seed             # NEST's generator (native build)
    sim.setup(timestep=dt, min_delay=dt, max_delay=10.0, **extra)
    t0 = time.perf_counter()
    rng = NumpyRNG(seed=args.seed, parallel_safe=True)
    sizes, totals, weights, w_exc, dc_bg, dc_scale = network_parameters(args.scale,
                                                                        args.compensation)
    w_ext = w_exc / math.sqrt(args.scale) if args.scale < 1.0 else w_exc
    pops = []
    for i, name in enumerate(LAYERS):
        params = dict(CELL)
        params["i_offset"] = dc_scale[i] + (dc_bg[i] if args.input == "dc" else 0.0)
        if args.input == "poisson" and args.scale < 1.0:
            # the external input's lost share too (its weight grows by 1/sqrt(scale))
            params["i_offset"] += dc_bg[i] * (1.0 - math.sqrt(args.scale))
        p = sim.Population(sizes[i], sim.IF_curr_exp(**params), label=name)
        p.initialize(v=RandomDistribution("normal", mu=V0_MEAN[i], sigma=V0_SD[i], rng=rng))
        p.record("spikes")
        pops.append(p)
    prjs = []
    for t, post in enumerate(pops):
        for s, pre in enumerate(pops):
            if totals[t, s] == 0:
                continue
            exc = LAYERS[s].endswith("E")
            w = weights[t, s]
            sd = abs(w) * W_REL_SD
            weight = RandomDistribution("normal_clipped", mu=w, sigma=sd,
                                        low=0.0 if exc else -math.inf,
                                        high=math.inf if exc else 0.0, rng=rng)
            mean_d = D_MEAN["E" if exc else "I"]
            # N(mu, sd) redrawn below delay_min, raised to dt, then + offset
            off = args.delay_offset
            delay = AtLeast(dt + off, "normal_clipped", mu=mean_d + off,
                            sigma=mean_d * D_REL_SD, low=delay_min + off, high=math.inf,
                            rng=rng)
            conn = sim.FixedTotalNumberConnector(totals[t, s], allow_self_connections=True,
                                                 with_replacement=True, rng=rng)
            if args.simulator == "nest" and args.nest_build == "native":
                conn = native(conn)
            prjs.append(sim.Projection(pre, post, conn,
                                       sim.StaticSynapse(weight=weight, delay=delay),
                                       receptor_type="excitatory" if exc else "inhibitory"))
    if args.input == "poisson":
        for post, k_ext in zip(pops, K_EXT):
            src = sim.Population(post.size, sim.SpikeSourcePoisson(
                rate=background_rate(k_ext, args.scale)))
            prjs.append(sim.Projection(src, post, sim.OneToOneConnector(),
                                       sim.StaticSynapse(weight=w_ext, delay=D_POISSON),
                                       receptor_type="excitatory"))
    build_s = time.perf_counter() - t0
    build_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    n_syn = sum(p.size() for p in prjs)

    setup_s, run_s, setup_cpu_s, run_cpu_s = timed_run_cpu(sim, dt, tstop)
    rates = {p.label: p.mean_spike_count() * 1000.0 / tstop for p in pops}
    window = {}
    if args.rates_from is not None and args.rates_from < tstop:
        for p in pops:
            trains = p.get_data("spikes", clear=False).segments[0].spiketrains
            n = sum(int(np.count_nonzero(np.asarray(t.magnitude) >= args.rates_from))
                    for t in trains)
            window[p.label] = n / p.size * 1000.0 / (tstop - args.rates_from)
    extras = losses(sim) if args.simulator == "spiNNaker" else {}
    sim.end()
    out = {"simulator": args.simulator, "threads": args.threads, "scale": args.scale,
           "model": "canonical", "input": args.input,
           "connect": args.nest_build if args.simulator == "nest" else "pynn",
           "seed": args.seed, "delay_offset_ms": args.delay_offset,
           "delay_min_ms": delay_min,
           "compensation": args.compensation if args.scale < 1.0 else None, "neurons": int(sum(sizes)),
           "synapses": int(n_syn), "import_s": import_s, "build_s": build_s,
           "setup_s": setup_s, "run_s": run_s, "setup_cpu_s": setup_cpu_s,
           "run_cpu_s": run_cpu_s, "load_1min": os.getloadavg()[0], "tstop_ms": tstop,
           "rtf": run_s / ((tstop - dt) / 1000.0), "rates_hz": rates,
           "rates_from_ms": args.rates_from, "rates_window_hz": window,
           "build_peak_mb": build_peak_mb,
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, **extras}
    print("RESULT " + json.dumps(out))


if __name__ == "__main__":
    main()

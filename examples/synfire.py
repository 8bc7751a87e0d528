"""A synfire chain: a volley of spikes travels from group to group around a ring.

Run with ``make demo`` (or ``python examples/synfire.py``).  Prints the spike count of every
group and writes ``synfire.png``, a raster plot of the run.
"""
import argparse

import numpy as np
import pyNN.spiNNaker as sim


def build_and_run(n_groups=10, group_size=100, weight=1.0, delay=5.0, run_ms=300.0):
    sim.setup(timestep=0.1)
    stimulus = sim.Population(group_size, sim.SpikeSourceArray(spike_times=[10.0]),
                              label="stimulus")
    groups = [sim.Population(group_size, sim.IF_curr_exp(tau_refrac=5.0, tau_syn_E=1.0), label=f"group{i}")
              for i in range(n_groups)]
    for g in groups:
        g.set_max_atoms_per_core(64)   # several cores per group, as on a board
        g.record("spikes")
    connector = sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(seed=42))
    synapse = sim.StaticSynapse(weight=weight, delay=delay)
    sim.Projection(stimulus, groups[0], connector, synapse, label="stimulus->group0")
    for i, g in enumerate(groups):
        nxt = groups[(i + 1) % n_groups]
        sim.Projection(g, nxt, connector, synapse, label=f"group{i}->group{(i + 1) % n_groups}")
    sim.run(run_ms)
    trains = [g.get_data("spikes").segments[0].spiketrains for g in groups]
    report = sim.get_run_report()
    sim.end()
    return trains, report


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plot", default="synfire.png", help="raster plot file ('' = none)")
    args = parser.parse_args()
    trains, report = build_and_run()
    for i, group in enumerate(trains):
        n = sum(len(st) for st in group)
        first = min((float(st.times.min()) for st in group if len(st)), default=float("nan"))
        print(f"group{i}: {n:5d} spikes, first at {first:6.1f} ms")
    print(f"packets dropped: {report['dropped_packets']}")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(8, 5))
        size = len(trains[0])
        for i, group in enumerate(trains):
            for j, st in enumerate(group):
                ax.plot(st.times, np.full(len(st), i * size + j), "|", ms=2, color=f"C{i % 10}")
        ax.set_xlabel("time (ms)")
        ax.set_ylabel("neuron (group x 100 + index)")
        ax.set_title("synfire chain on the spynnaker_backend virtual machine")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=100)
        print(f"raster plot written to {args.plot}")


if __name__ == "__main__":
    main()

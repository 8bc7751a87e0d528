"""Figure of docs/timing_and_arithmetic.md: one IF_curr_exp neuron, the same PyNN script on
pyNN.spiNNaker (the board's convention) and pyNN.nest (spike_precision="on_grid"), and a
two-cell chain showing the per-hop difference.

Run from the repository root with NEST installed:  python docs/timing_figure.py
(NEST runs in a subprocess of this script, so the two simulators never share a process.)
Writes docs/timing_board_vs_nest.png and prints the spike times.
"""
import os
import pickle
import subprocess
import sys

import numpy as np

DT = 1.0
INPUT = [5.0, 6.0, 7.0, 8.0, 30.0, 31.0, 32.0]
CELL = dict(cm=0.25, tau_m=20.0, tau_syn_E=5.0, tau_refrac=2.0, v_rest=-65.0, v_reset=-70.0,
            v_thresh=-50.0)


def script(sim, chain_delay):
    """Cell 0 driven by INPUT (delay 1 ms, 0.7 nA); cell 1 driven by cell 0 (2 nA, delay
    ``chain_delay``).  Returns the time axis, both v traces and both spike trains."""
    kwargs = {"spike_precision": "on_grid"} if sim.__name__ == "pyNN.nest" else {}
    sim.setup(timestep=DT, min_delay=1.0, max_delay=20.0, **kwargs)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=INPUT))
    cells = sim.Population(2, sim.IF_curr_exp(**CELL))
    sim.Projection(src, cells[0:1], sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=0.7, delay=1.0))
    sim.Projection(cells[0:1], cells[1:2], sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=2.0, delay=chain_delay))
    cells.record(["v", "spikes"])
    sim.run(60.0)
    seg = cells.get_data().segments[0]
    v = seg.filter(name="v")[0]
    out = {"t": np.asarray(v.times, float), "v": np.asarray(v, float),
           "spikes": [np.asarray(st, float) for st in seg.spiketrains]}
    sim.end()
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    if len(sys.argv) == 3 and sys.argv[1] == "--nest":
        import pyNN.nest as nest
        # the board's 5 ms cell-to-cell delay is NEST's 4 ms (relation.py)
        with open(sys.argv[2], "wb") as f:
            pickle.dump(script(nest, chain_delay=4.0), f)
        return
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pyNN.spiNNaker as spinnaker
    path = os.path.join(here, "_nest_run.pkl")
    subprocess.run([sys.executable, __file__, "--nest", path], check=True)
    with open(path, "rb") as f:
        nest = pickle.load(f)
    os.remove(path)
    ours = script(spinnaker, chain_delay=5.0)
    print("board:", [list(s) for s in ours["spikes"]])
    print("NEST :", [list(s) for s in nest["spikes"]])
    print("max |v board - v NEST| (mV):", np.abs(ours["v"] - nest["v"]).max())
    fig, axes = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    for cell, ax in enumerate(axes):
        ax.plot(nest["t"], nest["v"][:, cell], "o", ms=6, mfc="none", color="tab:orange",
                label="NEST on_grid (board-equivalent delays)")
        ax.plot(ours["t"], ours["v"][:, cell], ".-", lw=1, color="tab:blue",
                label="pyNN.spiNNaker (board convention)")
        for t in ours["spikes"][cell]:
            ax.axvline(t, color="tab:blue", ls="--", lw=1)
        for t in nest["spikes"][cell]:
            ax.axvline(t, color="tab:orange", ls=":", lw=1.5)
        ax.set_ylabel(f"cell {cell}: v (mV)")
    for t in INPUT:
        axes[0].annotate("", (t + 1.0, -66), (t + 1.0, -67.5),
                         arrowprops=dict(arrowstyle="->", color="grey"))
    axes[0].set_title("Same v at every grid point; each spike stamped one dt earlier on the "
                      "board\n(dashed: board stamps, dotted: NEST stamps; arrows: inputs "
                      "arriving)", fontsize=9)
    axes[1].set_title("Cell 1 behind cell 0 (board delay 5 ms = NEST delay 4 ms)",
                      fontsize=9)
    axes[1].set_xlabel("time (ms)")
    axes[0].legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(here, "timing_board_vs_nest.png"), dpi=110)


if __name__ == "__main__":
    main()

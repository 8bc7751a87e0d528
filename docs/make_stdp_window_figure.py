"""Draw docs/stdp_window.png: the STDP window on the cores against NEST (the runs of
integration_tests/test_stdp_against_nest.py).  Run from the repository root:

    python docs/make_stdp_window_figure.py
"""
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration_tests"))
from reference import run_on_both  # noqa: E402

KINDS = ("additive", "multiplicative", "additive_potentiation_multiplicative_depression",
         "gutig")


def window(result):
    diffs = [float(p[0] - q[0]) for p, q in zip(result["post"], result["pre"])]
    order = np.argsort(diffs)
    return np.asarray(diffs)[order], np.asarray(result["weights"])[order]


def main():
    fig, axes = plt.subplots(1, len(KINDS), figsize=(4 * len(KINDS), 3.4), sharey=True)
    for ax, kind in zip(axes, KINDS):
        nest, ours = run_on_both("stdp_window", weight_dependence=kind, w_max=0.5)
        for result, style, label in ((nest, "o", "NEST 3.10 (on_grid)"),
                                     (ours, "-", "pyNN.spiNNaker cores")):
            x, w = window(result)
            ax.plot(x, w, style, ms=3, label=label)
        ax.set_title(kind.replace("_", " ").replace("potentiation ", "pot. "), fontsize=9)
        ax.set_xlabel("t_post - t_pre (ms, recorded)")
    axes[0].set_ylabel("weight after 12 pairings (nA)")
    axes[0].legend(fontsize=8)
    fig.suptitle("STDP window, w_max = 0.5 nA, initial 0.25 nA, delay 1 ms", fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "stdp_window.png"), dpi=110)


if __name__ == "__main__":
    main()

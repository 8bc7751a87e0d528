"""Synapse types.  Only static synapses run on the cores so far."""
import numpy as np
from pyNN import errors
from pyNN.standardmodels import build_translations, synapses

from . import simulator


def check_weights(weights, projection):
    """Weight sign rules of sPyNNaker (called by PyNN's connectors on each batch).

    Conductance-based and excitatory synapses need weights >= 0; current-based inhibitory
    weights may be given negative (PyNN convention) or positive (sPyNNaker convention), but
    not both in one projection.  The graph stores magnitudes.
    """
    w = np.asarray(weights, dtype=float)
    if not np.all(np.isfinite(w)):
        raise errors.ConnectionError(f"projection {projection.label!r}: weights must be finite")
    if projection.post.conductance_based or projection.receptor_type in ("excitatory",
                                                                         "excitatory2"):
        if np.any(w < 0):
            raise errors.ConnectionError(
                f"projection {projection.label!r}: weights must be >= 0 for "
                f"{'conductance-based' if projection.post.conductance_based else 'excitatory'}"
                f" synapses (got {w.min():g})")
    elif np.any(w < 0) and np.any(w > 0):
        raise errors.ConnectionError(
            f"projection {projection.label!r}: inhibitory weights must be all <= 0 or all >= 0")


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = build_translations(("weight", "weight"), ("delay", "delay"))
    parameter_checks = {"weight": check_weights}

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d

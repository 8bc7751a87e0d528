"""Weight-changing synapses on the cores (sPyNNaker's WeightChangeable / WeightChanger):
which changeable projection each changer moves, the change queues that open a core's
plastic matrix, and the rule records (C side: neural_modelling/include/
plastic_weight_change.h; docs/plasticity.md, "Weight-changing synapses")."""
from typing import Dict, List

import numpy as np

from .dataspec.regions import header_dtype
from .errors import MappingError

#: Words of a neuron's change queue: a count, then 16 (change | rule, pre atom, tick) entries
#: (c_models/plasticity/weight_change.h: WC_NEURON_WORDS).
WC_NEURON_WORDS = 1 + 16 * 3
TIMING_CHANGEABLE, TIMING_CHANGER = 10, 11


def changer_targets(vertex, plastic: List) -> Dict:
    """{changer edge: the changeable edge onto ``vertex`` whose weights it changes}."""
    by_ident = {}
    for e in plastic:
        if e.plasticity.timing == "weight_changeable":
            by_ident.setdefault(e.plasticity.params["ident"], []).append(e)
    targets = {}
    for e in plastic:
        if e.plasticity.timing != "weight_changer":
            continue
        found = by_ident.get(e.plasticity.params["target"], [])
        if len(found) != 1:
            raise MappingError(
                f"projection {e.label!r}: its WeightChanger must change one WeightChangeable "
                f"projection with connections onto population {vertex.label!r} (found "
                f"{len(found)})")
        targets[e] = found[0]
    return targets


def queue_words(plastic: List, n_atoms: int) -> int:
    """Words of the change queues at the start of a core's plastic matrix (0 without a
    WeightChangeable projection)."""
    if any(e.plasticity.timing == "weight_changeable" for e in plastic):
        return n_atoms * WC_NEURON_WORDS
    return 0


def weight_change_record(edge, scale: float, extra: int) -> np.ndarray:
    """The ``plastic_rule`` record of a changeable (its weight limits in plastic units) or a
    changer (the caller names its target's rule in ``post_trace``)."""
    rec = np.zeros(1, header_dtype("plastic_rule"))
    rec["extra_shift"] = extra
    if edge.plasticity.timing == "weight_changer":
        rec["timing"] = TIMING_CHANGER
        rec["w_max"] = 0xFFFF
        w = np.abs(np.asarray(edge.weights, float))
        if len(w) and np.rint(w.max() * scale) > 0xFFFF:
            raise MappingError(f"projection {edge.label!r}: weight_change {w.max():g} is more "
                               f"than the 16-bit weights of its changeable projection hold")
        small = w[(w > 0) & (np.rint(w * scale) == 0)]
        if len(small):
            raise MappingError(f"projection {edge.label!r}: weight_change {small.min():g} "
                               f"rounds to zero in the units of its changeable projection "
                               f"(step {1 / scale:g}, set by weight_max)")
        return rec
    rule = edge.plasticity
    rec["timing"] = TIMING_CHANGEABLE
    rec["w_min"] = int(np.rint(rule.w_min * scale))
    rec["w_max"] = int(np.rint(rule.w_max * scale))
    return rec

"""Which binary a neuron core runs: its model's, for the synapse dynamics of its projections.

A SpiNNaker core's ITCM (32,512 bytes below SC&MP's loader) holds one neuron model with one
family of synapse dynamics, not every rule the project has: as sPyNNaker builds
``IF_curr_exp.aplx``, ``IF_curr_exp_stdp_mad_pair_additive.aplx`` and so on, ``make arm``
builds per neuron model a static-only binary (the model's name) and one binary per family
below (``<model>_<family>``), each compiled with the C switches of its features
(``neural_modelling/arm/families.mk``, generated from :data:`FAMILIES`).  The virtual
machine's one x86 app per model has every feature: it runs any of these names
(``generated/apps.h``'s ``DYNAMICS_FAMILIES``), so one image format serves both.
"""
from typing import Dict, FrozenSet, Iterable, Optional, Tuple

from ..errors import MappingError

#: A feature (what a projection needs from the core) -> the C switch that builds it in.
FEATURE_FLAGS: Dict[str, str] = {
    "stdp": "PLASTIC_STDP",                 # pair, nearest pair, Vogels 2011, triplet
    "recurrent": "RECURRENT_RULE",          # RecurrentRule
    "axonal": "AXONAL_DELAY",               # STDP with dendritic_delay_fraction = 0
    "short_term": "SHORT_TERM",             # Tsodyks-Markram, SimpleStochasticSynapse
    "quantal": "STOCHASTIC_STP",            # stochastic Tsodyks-Markram, multi-quantal
    "neuromodulation": "NEUROMODULATION",   # neuromodulated STDP and its dopamine rows
    "weight_change": "WEIGHT_CHANGE",       # WeightChangeable / WeightChanger
    "structural": "STRUCTURAL_PLASTICITY",  # rewiring (and its static rewired rows)
}

#: Family suffix -> the features its binaries have, in the order the mapping tries them
#: (the static binary, no suffix, has none).  Every model x family fits ITCM (make arm).
FAMILIES: Dict[str, FrozenSet[str]] = {
    "stdp": frozenset({"stdp", "recurrent", "axonal"}),
    "stp": frozenset({"short_term", "quantal"}),
    "neuromod": frozenset({"neuromodulation", "stdp"}),
    "wc": frozenset({"weight_change"}),
    "structural": frozenset({"structural", "stdp"}),
}

#: Timing rule (models/plasticity.py) -> the feature it needs.
TIMING_FEATURES = {
    "pair": "stdp", "nearest_pair": "stdp", "vogels_2011": "stdp", "pfister_triplet": "stdp",
    "recurrent": "recurrent", "tsodyks_markram": "short_term", "stochastic": "short_term",
    "stochastic_tsodyks_markram": "quantal", "multi_quantal": "quantal",
    "neuromodulated_pair": "neuromodulation", "dopamine": "neuromodulation",
    "weight_changeable": "weight_change", "weight_changer": "weight_change",
    "static": "structural",
}


def edge_features(edge) -> FrozenSet[str]:
    """What one projection needs of its target's binary (none for static synapses, and for
    a plastic projection without connections that does not rewire: it gets no rows)."""
    rule = edge.plasticity
    if rule is None or not (len(edge) or edge.structural is not None):
        return frozenset()
    out = {TIMING_FEATURES[rule.timing]}
    if rule.is_stdp and rule.params.get("no_backprop") == 2.0:
        out.add("axonal")
    if edge.structural is not None:
        out.add("structural")
    return frozenset(out)


def family_for(features: Iterable[str]) -> Optional[str]:
    """The first family with every feature ("" for none); None when no family has them all."""
    features = frozenset(features)
    if not features:
        return ""
    for name, has in FAMILIES.items():
        if features <= has:
            return name
    return None


def binary_name(model_binary: str, family: str) -> str:
    return f"{model_binary}_{family}" if family else model_binary


def population_binary(vertex, edges) -> Tuple[str, FrozenSet[str]]:
    """(binary name, features) of ``vertex``'s cores from its incoming ``edges``.  When no
    one family has every feature, the model's own name: the virtual machine's app has them
    all (:func:`check_board_binary` refuses that for a board)."""
    features = frozenset().union(*(edge_features(e) for e in edges))
    family = family_for(features)
    return binary_name(vertex.model.binary, family or ""), features


def check_board_binary(vertex, edges) -> None:
    """MappingError naming ``vertex`` and its projections when no board binary has every
    synapse-dynamics feature they need together."""
    features = frozenset().union(*(edge_features(e) for e in edges))
    if family_for(features) is not None:
        return
    needs = {}
    for e in edges:
        for f in edge_features(e):
            needs.setdefault(f, []).append(e.label)
    lines = "; ".join(f"{f} ({', '.join(sorted(labels))})" for f, labels in sorted(needs.items()))
    fams = "; ".join(f"{vertex.model.binary}_{n}: {', '.join(sorted(has))}"
                     for n, has in FAMILIES.items())
    raise MappingError(
        f"population {vertex.label!r}: its projections need synapse dynamics that no one "
        f"board binary has together: {lines}.  A SpiNNaker core's ITCM holds the neuron "
        f"model with one family ({fams}).  Split the population, or give its projections "
        f"dynamics of one family (the virtual machine runs any mix)")


def features_of_family(family: str) -> FrozenSet[str]:
    return FAMILIES[family] if family else frozenset()


def family_cflags(family: str) -> str:
    """The -D switches of a family's binaries (every switch, 0 or 1)."""
    has = features_of_family(family)
    return " ".join(f"-D{flag}={int(f in has)}" for f, flag in FEATURE_FLAGS.items())

"""sPyNNaker 7.4.1's weight-changing synapses (``extra_models.WeightChangeable`` and
``WeightChanger``): a spike on a changer projection moves the weights of a changeable one.

A WeightChangeable projection delivers its weights as a static projection does; the
weights lie in [weight_min, weight_max].  A WeightChanger projection, built for one
changeable projection (same post population and receptor type, a pre population of the
same size), delivers nothing: a spike of its pre neuron k queues, at each post neuron j it
connects, a change of ``weight_change`` (its weight) for the changeable synapses k -> j,
applied (clamped to the limits) when pre neuron k of the changeable projection next
spikes in a later tick, before that spike's weight reaches j.  Weights are magnitudes, as
in 7.4.1 (the receptor type gives the sign), so a change only ever raises a weight.
docs/plasticity.md, "Weight-changing synapses", has the details and where they differ
from 7.4.1's C.
"""
import itertools
import warnings

import numpy as np

from pyNN import errors
from pyNN.standardmodels import StandardSynapseType, build_translations

from ..models.plasticity import PlasticityRule
from . import simulator
from .synapses import check_weights

_IDENTS = itertools.count(1)


class _WeightChangeSynapse(StandardSynapseType):
    translations = build_translations(("weight", "weight"), ("delay", "delay"))
    parameter_checks = {"weight": check_weights}

    def _get_minimum_delay(self):
        d = simulator.state.min_delay
        return simulator.state.dt if d == "auto" else d


class WeightChangeable(_WeightChangeSynapse):
    """Synapses whose weights a WeightChanger projection moves, within [weight_min,
    weight_max] (nA or uS, magnitudes)."""
    default_parameters = {"weight": 0.0, "delay": None}

    def __init__(self, weight_min, weight_max, weight=0.0, delay=None):
        weight_min, weight_max = float(weight_min), float(weight_max)
        if not 0 <= weight_min <= weight_max or weight_max <= 0:
            raise errors.InvalidParameterValueError(
                f"WeightChangeable: need 0 <= weight_min <= weight_max and weight_max > 0 "
                f"(got weight_min={weight_min:g}, weight_max={weight_max:g})")
        self.weight_min, self.weight_max = weight_min, weight_max
        super().__init__(weight=weight, delay=delay)

    def plasticity_rule(self, ident):
        return PlasticityRule("weight_changeable", "static", (("ident", float(ident)),),
                              (("w_max", self.weight_max), ("w_min", self.weight_min)))


class WeightChanger(_WeightChangeSynapse):
    """Synapses whose spikes change the weights of ``projection`` (a WeightChangeable
    projection) by ``weight_change`` (the default weight of this projection's
    connections)."""
    default_parameters = {"weight": 0.0, "delay": None}

    def __init__(self, weight_change, projection):
        if not isinstance(getattr(projection, "synapse_type", None), WeightChangeable):
            raise errors.InvalidModelError(
                f"WeightChanger: projection must be a Projection whose synapse_type is "
                f"extra_models.WeightChangeable (got {projection!r})")
        self.projection = projection
        super().__init__(weight=weight_change, delay=None)

    def plasticity_rule(self):
        return PlasticityRule("weight_changer", "static",
                              (("target", float(self.projection._wc_ident)),),
                              (("w_max", 0.0), ("w_min", 0.0)))

    def check_projection(self, projection, pre, post, receptor_type):
        """7.4.1's conditions: the same post population and receptor type as the changed
        projection, a pre population of the same size; whole Populations on both sides."""
        from pyNN import common
        target = self.projection
        for side, cells in (("presynaptic", pre), ("postsynaptic", post)):
            if not isinstance(cells, common.Population):
                raise errors.ConnectionError(
                    f"WeightChanger: the {side} side must be a whole Population here "
                    f"(got {cells!r})")
        if post is not target.post:
            raise errors.ConnectionError(
                f"WeightChanger: the post population ({post.label!r}) must be the one of the "
                f"projection whose weights it changes ({target.post.label!r})")
        if pre.size != target.pre.size:
            raise errors.ConnectionError(
                f"WeightChanger: the pre population ({pre.label!r}, {pre.size} neurons) must "
                f"have as many neurons as the changed projection's ({target.pre.size}): "
                f"pre neuron k changes the synapses of its pre neuron k")
        if (receptor_type or "excitatory") != target.receptor_type:
            raise errors.ConnectionError(
                f"WeightChanger: receptor_type {receptor_type!r} must be the changed "
                f"projection's ({target.receptor_type!r})")

    def warn_unconsumed(self, projection):
        """Warn, at the Projection() call, about changer connections k -> j with no
        changeable synapse k -> j: their changes wait in neuron j's queue of 16 for a
        changeable spike that never comes; once the queue is full, later changes are
        dropped and the run raises them as a loss."""
        target = self.projection
        n_post = target.post.size
        have = (np.asarray(target._pre, np.int64) * n_post
                + np.asarray(target._post, np.int64))
        want = (np.asarray(projection._pre, np.int64) * n_post
                + np.asarray(projection._post, np.int64))
        lonely = np.count_nonzero(~np.isin(want, have))
        if lonely:
            warnings.warn(
                f"projection {projection.label!r}: {lonely} of its {len(want)} WeightChanger "
                f"connections k -> j have no WeightChangeable synapse k -> j in "
                f"{target.label!r}; their changes are queued at neuron j and never applied, "
                f"and after 16 of them a neuron's queue is full: later changes are dropped "
                f"and the run raises them as a loss (connect the changer only where the "
                f"changeable projection has synapses)",
                stacklevel=3)


def changeable_rule(synapse_type, pre, post):
    """A WeightChangeable projection's rule and its identity (which changers name)."""
    from pyNN import common
    for side, cells in (("presynaptic", pre), ("postsynaptic", post)):
        if not isinstance(cells, common.Population):
            raise errors.ConnectionError(
                f"WeightChangeable: the {side} side must be a whole Population here "
                f"(got {cells!r})")
    ident = next(_IDENTS)
    return synapse_type.plasticity_rule(ident), ident

"""Ring-buffer left shifts: one per (post population, synapse type), chosen from the weights.

Reads each incoming projection's weights once or twice (no concatenation, no sort): the
sums give the expected input, and a histogram of binary exponents gives the median's
power of two, which is all the precision rule needs.  The pass over a block of weights is
native (native_weights.WeightStats: the same sums and histogram as np.bincount per block).
"""
from typing import List, Tuple

import numpy as np

from ..graph import ApplicationEdge, ApplicationVertex
from .dataspec.recording import is_random_source
from .native_weights import WeightStats

#: Firing rate (Hz) assumed for every source when sizing ring buffers: a high-ish rate so
#: that saturation is rare; any saturation that still happens is counted and reported.
ASSUMED_RATE_HZ = 100.0
#: Standard deviations of headroom above the expected input per tick.
HEADROOM_SIGMAS = 5.0
#: Bits of resolution the median weight keeps when the worst case is afforded.
PRECISION_BITS = 8
#: Connections per block when reading a projection's weights (bounds the temporaries).
_CHUNK = 1 << 22
#: Binary exponents of float64 (np.frexp) shifted to be bincount indices.
_EXP_OFFSET, _EXP_RANGE = 1100, 2200


def constant(values):
    """The one value of a zero-stride column (a homogeneous weight or delay), else None."""
    if callable(getattr(values, "value_range", None)):
        return None   # a drawn column (never one number: those become zero-stride views)
    values = np.asarray(values)
    if values.ndim == 1 and len(values) and values.strides[0] == 0:
        return float(values[0])
    return None


def one_weight(edge):
    """|weight| of a projection whose connections all have the same one, else None."""
    one = constant(edge.weights)
    if one is not None:
        return abs(one)
    known = getattr(edge.weights, "value_range", None)
    if callable(known):   # a column that knows its range (a drawn column): no pass
        lo, hi = known()
        if lo >= 0:
            return lo if lo == hi else None
    lo, hi = np.inf, 0.0
    for part in range(0, len(edge), _CHUNK):
        w = np.abs(np.asarray(edge.weights[part:part + _CHUNK], dtype=np.float64))
        lo, hi = min(lo, float(w.min())), max(hi, float(w.max()))
        if lo != hi:
            return None
    return lo


def ring_buffer_shifts(vertex: ApplicationVertex, edges: List[ApplicationEdge],
                       dt: float) -> Tuple[int, ...]:
    """Left shift per synapse type, from the largest expected input of one tick.

    The statistical bound per neuron is mean + HEADROOM_SIGMAS * sd + largest weight with
    every source firing at ASSUMED_RATE_HZ (the vertex's ``ring_buffer_sigma`` and
    ``spikes_per_second`` replace them when set).  The worst case (every input in one tick) is
    used instead when the median weight still keeps PRECISION_BITS bits of resolution, so
    saturation is impossible whenever it costs little precision.
    """
    n_types = len(vertex.model.synapse_types)
    rate = vertex.spikes_per_second or ASSUMED_RATE_HZ
    sigmas = vertex.ring_buffer_sigma or HEADROOM_SIGMAS
    p = min(1.0, rate * dt / 1000.0)
    shifts = []
    for stype in range(n_types):
        median = _Log2Median()
        stats = WeightStats(vertex.n_atoms, median.hist, _EXP_OFFSET)
        total, total_sq = stats.total, stats.total_sq
        # a random source may send several spikes in one tick (rate * dt large): then one
        # spike per source per tick does not cap the statistical bound
        several = False
        for e in edges:
            if e.synapse_type != stype or len(e) == 0:
                continue
            several = several or is_random_source(e.pre)
            # a MultiQuantalSynapse releases up to n quanta of its weight in one tick: as n
            # synapses for the sums, n times the weight for the largest single input
            sites = _release_sites(e)
            one = one_weight(e)
            if one is not None:   # one weight: count connections, not sum 10^7 floats
                lo = abs(one)
                per_post = _per_post_counts(e, vertex.n_atoms)
                total += per_post * (sites * lo)
                total_sq += per_post * (sites * lo * lo)
                if lo > 0:
                    median.add(np.array([lo]), len(e))
                    stats.biggest = max(stats.biggest, sites * lo)
                continue
            for part in range(0, len(e), _CHUNK):   # one native pass per block
                w = e.weights[part:part + _CHUNK]   # (n quanta: sd taken as n w, not sqrt(n) w)
                stats.add(w if sites == 1 else np.abs(np.asarray(w, float)) * sites,
                          e.post_indices[part:part + _CHUNK])
        biggest = stats.biggest
        if median.n == 0:
            shifts.append(0)
            continue
        statistical = total * p + sigmas * np.sqrt(total_sq * p) + biggest
        bound = statistical if several else np.minimum(total, statistical)
        s_stat = _shift_for(max(float(np.max(bound)), biggest))
        s_worst = _shift_for(float(total.max()))
        exponent = median.floor_log2([e for e in edges if e.synapse_type == stype])
        s_precise = exponent + 15 - PRECISION_BITS
        shifts.append(max(s_stat, min(s_worst, s_precise)))
    return tuple(shifts)


class _Log2Median:
    """floor(log2(median)) of a multiset of positive numbers seen in parts (np.median's
    median: the mean of the two middle values when the count is even), kept as a histogram
    of binary exponents instead of the numbers."""

    def __init__(self):
        self.hist = np.zeros(_EXP_RANGE, np.int64)

    @property
    def n(self) -> int:
        return int(self.hist.sum())

    def add(self, values, count: int = 1):
        """``values`` (positive float64), each ``count`` times."""
        self.hist += count * np.bincount(_exponents(values), minlength=_EXP_RANGE)

    def floor_log2(self, edges) -> int:
        """The answer; ``edges`` (those fed in, by their positive |weights|) are read again
        only when the two middle values have different exponents."""
        n = self.n
        cum = np.cumsum(self.hist)
        lo, hi = (np.searchsorted(cum, r, side="right") for r in ((n - 1) // 2, n // 2))
        if lo == hi:
            return int(lo) - _EXP_OFFSET - 1
        # the lower middle value is the largest of its exponent, the upper the smallest of its
        below, above = 0.0, np.inf
        for e in edges:
            one = one_weight(e)
            parts = [np.array([one])] if one is not None else (
                np.abs(np.asarray(e.weights[i:i + _CHUNK], dtype=np.float64))
                for i in range(0, len(e), _CHUNK))
            for w in parts:
                exps = _exponents(w)
                in_lo, in_hi = w[exps == lo], w[exps == hi]
                if len(in_lo):
                    below = max(below, float(in_lo.max()))
                if len(in_hi):
                    above = min(above, float(in_hi.min()))
        return int(np.frexp((below + above) / 2)[1]) - 1


def _exponents(values):
    """np.frexp's binary exponent of each positive float64, plus _EXP_OFFSET: read from
    the IEEE 754 exponent field (twice as fast); subnormal numbers go through frexp."""
    values = np.ascontiguousarray(values, dtype=np.float64)
    biased = (values.view(np.int64) >> 52).astype(np.intp)
    if len(biased) and biased.min() == 0:   # subnormal (or zero): no exponent field
        return np.frexp(values)[1] + _EXP_OFFSET
    # a normal float is 1.m * 2**(biased - 1023) = 0.1m * 2**(biased - 1022)
    biased += _EXP_OFFSET - 1022
    return biased


def _release_sites(edge) -> int:
    """Quanta one synapse of ``edge`` may release at once (MultiQuantalSynapse's n)."""
    rule = edge.plasticity
    return int(rule.params["n"]) if rule is not None and rule.timing == "multi_quantal" else 1


def _per_post_counts(edge, n_atoms):
    """Connections per post atom: one search per atom when sorted (as the connectors emit
    them), instead of a count over every connection."""
    post = edge.post_indices
    if edge.sorted_by_post:
        # needles of the array's own dtype: else numpy converts the whole array first
        return np.diff(np.searchsorted(post, np.arange(n_atoms + 1, dtype=post.dtype)))
    return np.bincount(post, minlength=n_atoms)


def _shift_for(bound: float) -> int:
    """Smallest shift (0..15) whose 65535 units of 2**(shift - 15) cover ``bound``."""
    return min(15, max(0, int(np.ceil(np.log2(bound / 65535.0))) + 15))

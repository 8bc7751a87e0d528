"""The ring-buffer shift rule's median, kept as a histogram of binary exponents, against
np.median of the concatenated weights (the values themselves, with multiplicities)."""
import numpy as np
import pytest

from spynnaker_backend.graph import ApplicationEdge
from spynnaker_backend.mapping.ring_buffer_shifts import _Log2Median


def _edge(weights):
    n = len(weights)
    idx = np.zeros(n, np.int32)
    return ApplicationEdge(None, None, idx, idx, weights, np.broadcast_to(1.0, (n,)), 0, "e")


def _reference(edges):
    values = np.concatenate([np.abs(np.asarray(e.weights, np.float64)) for e in edges])
    return int(np.floor(np.log2(np.median(values[values > 0]))))


def _ours(edges):
    median = _Log2Median()
    for e in edges:
        w = np.abs(np.asarray(e.weights, np.float64))
        if w.strides[0] == 0:
            median.add(w[:1], len(w))
        else:
            median.add(w[w > 0])
    return median.floor_log2(edges)


@pytest.mark.parametrize("seed", range(20))
def test_random_weights_and_constant_edges(seed):
    rng = np.random.default_rng(seed)
    edges = []
    for _ in range(rng.integers(1, 5)):
        n = int(rng.integers(1, 2000))
        if rng.random() < 0.4:
            edges.append(_edge(np.broadcast_to(float(rng.lognormal(-2, 2)), (n,))))
        else:
            edges.append(_edge(rng.lognormal(-2, 2, n) * rng.choice([-1, 1], n)))
    assert _ours(edges) == _reference(edges)


def test_middle_values_straddling_a_power_of_two():
    # two values, 0.75 (exponent -1) and 1.5 (exponent 0): the median 1.125 is in [1, 2)
    assert _ours([_edge(np.array([0.75, 1.5]))]) == 0
    # 0.6 and 1.2: the median 0.9 is in [0.5, 1)
    assert _ours([_edge(np.array([1.2])), _edge(np.array([0.6]))]) == -1
    # the same values split across a constant edge and a drawn one
    edges = [_edge(np.broadcast_to(0.75, (3,))), _edge(np.array([1.5, 1.5, 1.5]))]
    assert _ours(edges) == _reference(edges) == 0


def test_exponent_field_equals_frexp():
    from spynnaker_backend.mapping.ring_buffer_shifts import _EXP_OFFSET, _exponents
    values = np.random.default_rng(1).lognormal(0, 30, 10000)
    np.testing.assert_array_equal(_exponents(values), np.frexp(values)[1] + _EXP_OFFSET)
    # subnormal numbers have no exponent field: still frexp's answer
    tiny = np.array([5e-324, 1e-310, 2.0 ** -1022, 1.0, 1e300])
    np.testing.assert_array_equal(_exponents(tiny), np.frexp(tiny)[1] + _EXP_OFFSET)

"""The native weight passes (mapping/native_weights.py) against numpy's formulation of the
same quantities: per-atom np.bincount sums, np.frexp exponents, np.rint units."""
import numpy as np
import pytest

from spynnaker_backend.mapping.native_weights import WeightStats, quantise_block

OFFSET, RANGE = 1100, 2200


def _weights(rng, n):
    """Positive normals with zeros, subnormals, exact powers of two and huge values."""
    w = np.abs(rng.normal(0.09, 0.03, n))
    w[rng.integers(0, n, n // 50)] = 0.0
    w[rng.integers(0, n, 5)] = 5e-320          # subnormal: frexp's exponent, not the field
    w[rng.integers(0, n, 5)] = 0.125
    w[rng.integers(0, n, 3)] = 1e100      # clipped when quantised
    return w * np.where(rng.random(n) < 0.3, -1.0, 1.0)   # the passes take |w|


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint16])
def test_stats_are_numpys_bincount_sums_and_frexp_histogram(dtype):
    rng = np.random.default_rng(7)
    n_atoms = 301
    stats = WeightStats(n_atoms, np.zeros(RANGE, np.int64), OFFSET)
    total, total_sq = np.zeros(n_atoms), np.zeros(n_atoms)
    hist = np.zeros(RANGE, np.int64)
    biggest = 0.0
    for n in (10_000, 1, 0, 77_777):   # blocks: each block's sums are added to the totals
        w = _weights(rng, n) if n > 1 else np.full(n, 0.5)
        post = rng.integers(0, n_atoms, n).astype(dtype)
        stats.add(w, post)
        a = np.abs(w)
        total += np.bincount(post, weights=a, minlength=n_atoms)
        total_sq += np.bincount(post, weights=np.square(a), minlength=n_atoms)
        pos = a[a > 0]
        hist += np.bincount(np.frexp(pos)[1] + OFFSET, minlength=RANGE)
        biggest = max(biggest, float(pos.max()) if len(pos) else 0.0)
    np.testing.assert_array_equal(stats.total, total)      # bit for bit
    np.testing.assert_array_equal(stats.total_sq, total_sq)
    np.testing.assert_array_equal(stats.hist, hist)
    assert stats.biggest == biggest
    assert stats.positive == hist.sum()


def test_stats_refuse_a_post_index_outside_the_atoms():
    stats = WeightStats(10, np.zeros(RANGE, np.int64), OFFSET)
    with pytest.raises(ValueError, match="post index outside 0..9"):
        stats.add(np.ones(3), np.array([0, 10, 2], np.int32))
    with pytest.raises(ValueError, match="post index"):
        stats.add(np.ones(2), np.array([-1, 2], np.int64))


@pytest.mark.parametrize("scale", [2.0 ** 12, 2.0 ** 5, 3.0e5])
def test_quantise_is_rint_with_the_reports_counts(scale):
    rng = np.random.default_rng(3)
    w = _weights(rng, 50_000)
    w[:4] = [0.5 / scale, 1.5 / scale, 2.5 / scale, 0.49 / scale]   # ties to even, lost
    out = np.empty(len(w), np.uint16)
    counts, sums = np.zeros(2, np.int64), np.zeros(3)
    half = len(w) // 2
    quantise_block(w[:half], scale, out[:half], counts, sums)
    quantise_block(w[half:], scale, out[half:], counts, sums)
    a = np.abs(w)
    scaled = a * scale
    units = np.rint(scaled)
    np.testing.assert_array_equal(out, np.minimum(units, 0xFFFF).astype(np.uint16))
    assert list(out[:4]) == [0, 2, 2, 0]
    assert counts[0] == np.count_nonzero((units == 0) & (a > 0))
    assert counts[1] == np.count_nonzero(units > 0xFFFF)
    assert sums[0] == pytest.approx(a.sum(), rel=1e-12)
    assert sums[1] == pytest.approx(a[units == 0].sum(), rel=1e-12)
    err = np.abs(np.minimum(units, 0xFFFF) - scaled)[scaled > 0] / scaled[scaled > 0]
    assert sums[2] == err.max()


def test_quantise_refuses_a_weight_that_is_not_finite():
    out = np.empty(3, np.uint16)
    with pytest.raises(ValueError, match="not finite"):
        quantise_block(np.array([0.1, np.nan, 0.2]), 100.0, out, np.zeros(2, np.int64),
                       np.zeros(3))

"""The native FixedProbabilityConnector draw (spynnaker_backend/pynn/native_draw.py and
native/bernoulli.c) against numpy's own legacy stream and PyNN's own connector code."""
import ctypes

import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.pynn import native_draw
from spynnaker_backend.pynn.native_draw import bernoulli_positions, threshold_of

PROBABILITIES = (0.0, 1e-9, 0.02, 0.1, 0.5, 1 - 1e-12, 1.0)
#: around the 624-word generation and a draw's two words; not multiples of either
SIZES = (0, 1, 311, 312, 313, 623, 624, 625, 1249, 100_003)


def _reference(random_state, p, total):
    """What PyNN computes: one numpy uniform per position, below p (on a copy)."""
    copy = np.random.RandomState()
    copy.set_state(random_state.get_state())
    return np.flatnonzero(copy.random_sample(total) < p)


def _advanced(seed, draws):
    rs = np.random.RandomState(seed)
    rs.random_sample(draws)
    return rs


@pytest.mark.parametrize("p", PROBABILITIES)
@pytest.mark.parametrize("seed", (0, 7, 2 ** 32 - 1))
def test_equals_numpy_for_sizes(seed, p):
    for total in SIZES:
        rs = np.random.RandomState(seed)
        got = bernoulli_positions(rs, p, total)
        assert got.dtype == np.int64
        assert np.array_equal(got, _reference(rs, p, total)), (seed, p, total)


@pytest.mark.parametrize("draws", (1, 2, 155, 311, 312, 313, 1000))
@pytest.mark.parametrize("p", (0.02, 0.1, 0.5))
def test_equals_numpy_from_mid_generation(draws, p):
    """After `draws` uniforms pos is 2 * draws mod 624 (even), or 624 exactly."""
    rs = _advanced(3, draws)
    for total in (1, 312, 5001):
        assert np.array_equal(bernoulli_positions(rs, p, total), _reference(rs, p, total))


@pytest.mark.parametrize("pos", (0, 1, 311, 622, 623, 624))
def test_equals_numpy_for_a_state_from_set_state(pos):
    """An arbitrary key and any pos, odd ones included (a draw then straddles two
    generations of the state), as numpy's set_state accepts them."""
    key = np.random.default_rng(pos).integers(0, 2 ** 32, size=624, dtype=np.uint32)
    rs = np.random.RandomState()
    rs.set_state(("MT19937", key, pos, 0, 0.0))
    for p in (0.1, 0.5):
        for total in (1, 2, 700, 10_001):
            assert np.array_equal(bernoulli_positions(rs, p, total), _reference(rs, p, total))


def test_the_random_state_does_not_advance():
    rs = _advanced(11, 100)
    before = rs.get_state()
    bernoulli_positions(rs, 0.1, 50_000)
    after = rs.get_state()
    assert np.array_equal(before[1], after[1]) and before[2:] == after[2:]
    assert np.array_equal(rs.random_sample(10), _advanced(11, 100).random_sample(10))


@pytest.mark.parametrize("pos", (0, 5, 623, 624))
@pytest.mark.parametrize("total", (1, 312, 313, 624, 10_000))
def test_kernel_leaves_the_state_where_numpy_does(pos, total):
    """The state after the kernel's draws equals numpy's after random_sample(total) (the
    lazy regeneration at pos == 624 included)."""
    key0 = np.random.default_rng(99).integers(0, 2 ** 32, size=624, dtype=np.uint32)
    rs = np.random.RandomState()
    rs.set_state(("MT19937", key0, pos, 0, 0.0))
    key, p = native_draw._mt_state(rs)
    got = native_draw._draw(key, p, threshold_of(0.3), total, capacity=total)
    expected = np.flatnonzero(rs.random_sample(total) < 0.3)
    state = rs.get_state()
    assert np.array_equal(got, expected)
    assert np.array_equal(key, state[1]) and int(p[0]) == state[2]


@pytest.mark.parametrize("capacity", (1, 2, 7, 100))
def test_a_full_buffer_continues_in_the_next(capacity):
    """The kernel stops when its buffer is full and the next call carries on exactly."""
    rs = _advanced(5, 77)
    key, pos = native_draw._mt_state(rs)
    got = native_draw._draw(key, pos, threshold_of(0.2), 20_000, capacity)
    assert np.array_equal(got, _reference(rs, 0.2, 20_000))


def test_threshold_is_exact_at_the_uniform_itself():
    """u < p is strict: p equal to a drawn uniform excludes it, the next double up includes
    it; and p*2**53 integral (p = 0.5, p = k/2**53) needs no rounding."""
    rs = np.random.RandomState(21)
    u = np.random.RandomState(21).random_sample(1000)
    for i in (0, 17, 999):
        p = float(u[i])
        got = bernoulli_positions(rs, p, 1000)
        assert i not in got and np.array_equal(got, np.flatnonzero(u < p))
        up = float(np.nextafter(p, 2.0))
        assert i in bernoulli_positions(rs, up, 1000)
    for p in (0.5, 12345 / 2 ** 53, 2 ** -60, float(np.nextafter(0.0, 1.0))):
        assert np.array_equal(bernoulli_positions(rs, p, 1000), np.flatnonzero(u < p))


def test_threshold_of_hand_computed():
    assert threshold_of(0.5) == 2 ** 52
    assert threshold_of(3 / 2 ** 53) == 3
    assert threshold_of(3.5 / 2 ** 53) == 4
    assert threshold_of(1e-300) == 1
    assert threshold_of(0.0) == 0 and threshold_of(-0.1) == 0
    assert threshold_of(1.0) == 2 ** 53 and threshold_of(7.0) == 2 ** 53
    assert threshold_of(1 - 2 ** -53) == 2 ** 53 - 1
    with pytest.raises(ValueError, match="p_connect"):
        threshold_of(float("nan"))


def test_above_one_connects_everything():
    rs = np.random.RandomState(1)
    assert np.array_equal(bernoulli_positions(rs, 1.5, 1000), np.arange(1000))


def test_bad_input_is_named():
    rs = np.random.RandomState(1)
    with pytest.raises(TypeError, match="random_state"):
        bernoulli_positions(np.random.default_rng(1), 0.1, 10)
    with pytest.raises(ValueError, match="MT19937"):
        bernoulli_positions(np.random.RandomState(np.random.PCG64(1)), 0.1, 10)
    with pytest.raises(ValueError, match="total"):
        bernoulli_positions(rs, 0.1, -1)
    with pytest.raises(ValueError, match="total"):
        bernoulli_positions(rs, 0.1, 2.5)
    bad = np.random.RandomState()
    bad.set_state(("MT19937", rs.get_state()[1], 625, 0, 0.0))   # numpy accepts it
    with pytest.raises(ValueError, match="pos is 625"):
        bernoulli_positions(bad, 0.1, 10)


def test_kernel_rejects_out_of_range_arguments():
    """The C side checks too: pos above 624, a threshold above 2**53, negative counts."""
    key = np.zeros(624, np.uint32)
    out = np.zeros(4, np.int64)
    written = ctypes.c_int64(-7)
    kernel = native_draw._kernel()
    for pos, threshold, n in ((625, 1, 4), (-1, 1, 4), (0, 2 ** 53 + 1, 4), (0, 1, -1)):
        assert kernel(key, np.array([pos], np.int32), threshold, 0, n, out, 4,
                      ctypes.byref(written)) == -1
    assert written.value == -7
    with pytest.raises(ctypes.ArgumentError):
        kernel(np.zeros(623, np.uint32), np.zeros(1, np.int32), 1, 0, 4, out, 4,
               ctypes.byref(written))


@pytest.fixture
def setup():
    sim.setup(timestep=0.1)
    yield
    sim.end()


def test_projection_is_the_one_pynns_connector_builds(setup, monkeypatch):
    """FixedProbabilityConnector(p, rng=NumpyRNG(seed)) on our bulk path and on PyNN's own
    connector code (bulk path switched off) give exactly the same connections, from an rng
    that has already drawn (initial values: its pos is mid-generation), up to 1 - 1e-12."""
    import spynnaker_backend.pynn.projection as projection

    def build():
        rng = sim.NumpyRNG(seed=2024)
        a = sim.Population(233, sim.IF_curr_exp())
        b = sim.Population(171, sim.IF_curr_exp())
        a.initialize(v=sim.RandomDistribution("uniform", low=-70, high=-50, rng=rng))
        out = []
        for p in (0.02, 0.3, 1 - 1e-12):
            proj = sim.Projection(a, b, sim.FixedProbabilityConnector(p, rng=rng),
                                  sim.StaticSynapse(weight=0.1, delay=1.0))
            out.append(sorted(zip(proj._pre.tolist(), proj._post.tolist())))
        return out

    bulk = build()
    monkeypatch.setattr(projection, "bulk_connect", lambda proj, conn: None)
    pynn = build()
    assert [len(x) for x in bulk] == [len(x) for x in pynn]
    assert bulk == pynn
    assert 0 < len(bulk[0]) < len(bulk[1]) < len(bulk[2]) == 233 * 171

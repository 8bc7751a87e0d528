"""The recording decoders against a plain reference decoder written here: bit by bit for
spikes, sample row by sample row (raw -> from_fixed -> scale) for state variables, on random
buffers, and ``read`` end to end on a fake device holding such buffers."""
from types import SimpleNamespace

import numpy as np
import pytest

from spynnaker_backend.graph import Recording
from spynnaker_backend.mapping.dataspec.recording import n_samples
from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.models import IF_CURR_EXP, FIELD_TYPES, from_fixed
from spynnaker_backend.readback.recordings import decode_samples, decode_spikes, read
from spynnaker_backend.readback.samples import RawSamples


def reference_spikes(buffers, starts, sizes, n_ticks):
    """(index, tick) of every set bit that belongs to an atom, sorted by tick then index."""
    found = []
    for data, start, n in zip(buffers, starts, sizes):
        words = (n + 31) // 32
        for tick in range(min(len(data) // words, n_ticks)):
            for atom in range(n):
                if (int(data[tick * words + atom // 32]) >> (atom % 32)) & 1:
                    found.append((tick, start + atom))
    found.sort()
    return (np.array([i for _, i in found], dtype=np.int64),
            np.array([t for t, _ in found], dtype=np.int64))


def reference_samples(buffers, counts, samples, ctype, scale):
    raw = np.zeros((samples, sum(counts)), np.uint32)
    lo = 0
    for data, n in zip(buffers, counts):
        if n:
            got = min(len(data) // n, samples)
            raw[:got, lo:lo + n] = np.asarray(data[:got * n]).reshape(got, n)
        lo += n
    signed = FIELD_TYPES[ctype][0] == np.int32
    return from_fixed(raw.view(np.int32) if signed else raw, ctype) * scale


def random_bits(rng, n_atoms, n_ticks, density, padding_garbage=True):
    words = (n_atoms + 31) // 32
    bits = rng.random((n_ticks, words * 32)) < density
    if not padding_garbage:
        bits[:, n_atoms:] = False
    return np.packbits(bits, axis=1, bitorder="little").view("<u4").reshape(-1).copy()


@pytest.mark.parametrize("sizes, density", [
    ([256, 256, 100], 0.01),     # last core not a multiple of 32
    ([33, 1, 64, 31], 0.2),      # tiny cores, dense
    ([5], 0.5),
    ([70, 70], 0.0),             # no spikes at all
])
def test_spikes_match_reference(sizes, density):
    rng = np.random.default_rng(len(sizes) * 1000 + int(density * 100))
    n_ticks = 57
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # bits beyond a core's atoms are set at random too: they must be ignored
    buffers = [random_bits(rng, n, n_ticks, density) for n in sizes]
    idx, ticks = decode_spikes(buffers, starts, sizes, n_ticks)
    ref_idx, ref_ticks = reference_spikes(buffers, starts, sizes, n_ticks)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_array_equal(ticks, ref_ticks)
    assert idx.dtype == np.int64 and ticks.dtype == np.int64


def test_spikes_hand_computed_edges():
    # core 0: atoms 0..39 (2 words a tick), core 1: atoms 40..42 (1 word), 3 ticks
    core0 = np.zeros(6, "<u4")
    core0[0] = 1 << 31                 # tick 0, atom 31
    core0[5] = (1 << 7) | (1 << 8)     # tick 2 (last), atoms 39 and 40 of the word: 40 is padding
    core1 = np.zeros(3, "<u4")
    core1[0] = 1 << 2                  # tick 0, atom 42
    core1[2] = 1 | (1 << 31)           # tick 2, atom 40 (bit 31 is padding)
    idx, ticks = decode_spikes([core0, core1], [0, 40], [40, 3], 3)
    np.testing.assert_array_equal(idx, [31, 42, 39, 40])
    np.testing.assert_array_equal(ticks, [0, 0, 2, 2])


def test_spikes_of_a_run_that_stopped_early():
    # core 1 wrote 2 of 4 ticks: nothing after, and nothing read past its buffer
    full = np.full(4, 1, "<u4")
    short = np.full(2, 2, "<u4")
    idx, ticks = decode_spikes([full, short], [0, 32], [32, 2], 4)
    np.testing.assert_array_equal(ticks, [0, 0, 1, 1, 2, 3])
    np.testing.assert_array_equal(idx, [0, 33, 0, 33, 0, 0])


@pytest.mark.parametrize("ctype, scale", [("s1615", 1.0), ("s1615", 0.001), ("uint32", 2.5),
                                          ("s823", -3.0)])
def test_samples_match_reference_bitwise(ctype, scale):
    rng = np.random.default_rng(7)
    counts = [17, 0, 64, 3]
    samples = 23
    buffers = [rng.integers(0, 2 ** 32, size=samples * n, dtype=np.uint32) for n in counts]
    buffers[3] = buffers[3][:5 * 3]    # stopped early: 5 samples only
    got = decode_samples(buffers, counts, samples, FIELD_TYPES[ctype][0],
                         FIELD_TYPES[ctype][1], scale)
    ref = reference_samples(buffers, counts, samples, ctype, scale)
    assert got.shape == (samples, sum(counts)) and got.dtype == np.float64
    np.testing.assert_array_equal(got, ref)


def test_samples_with_a_resolution_not_a_power_of_two():
    raw = np.array([3, -7, 1000], np.int32).view(np.uint32)
    got = decode_samples([raw], [3], 1, np.int32, 10.0, 0.3)
    np.testing.assert_array_equal(got, [[(3 / 10.0) * 0.3, (-7 / 10.0) * 0.3,
                                         (1000 / 10.0) * 0.3]])


# ---------------------------------------------------------------- read(), end to end
class FakeDevice:
    """Recording regions as a core leaves them: header (capacity, used) then the words."""

    def __init__(self):
        self.regions = {}

    def put(self, core, channel, words):
        words = np.asarray(words, "<u4")
        head = np.array([words.nbytes + 8, words.nbytes], "<u4")   # spare capacity
        self.regions[core, int(Region.RECORDING_0) + channel] = \
            head.tobytes() + words.tobytes() + bytes(8)

    def read_region(self, core, region):
        return self.regions.get((core, region), b"")


class _Node(SimpleNamespace):
    """A vertex or machine vertex stand-in: hashable by identity, as the real ones."""
    __hash__ = object.__hash__
    __eq__ = object.__eq__


def _fake_network(n_atoms, per_core, recordings):
    vertex = _Node(n_atoms=n_atoms, model=IF_CURR_EXP, recordings=recordings)
    mvs = []
    for start in range(0, n_atoms, per_core):
        stop = min(start + per_core, n_atoms)
        mvs.append(_Node(vertex_slice=SimpleNamespace(
            start=start, stop=stop, n_atoms=stop - start)))
    # placements keyed by machine vertex; machine vertices listed out of order on purpose
    result = SimpleNamespace(dt=0.1, placements={mv: ("core", i) for i, mv in enumerate(mvs)},
                             machine_graph=SimpleNamespace(slices_of={vertex: mvs[::-1]}))
    return vertex, mvs, result


def test_read_spikes_of_a_subset_with_a_time_offset():
    rng = np.random.default_rng(3)
    wanted = np.array([0, 5, 40, 41, 99])
    vertex, mvs, result = _fake_network(100, 45, {"spikes": Recording(indices=wanted)})
    device, first_tick, n_ticks = FakeDevice(), 200, 30
    buffers = [random_bits(rng, mv.vertex_slice.n_atoms, n_ticks, 0.1, padding_garbage=False)
               for mv in mvs]
    for mv, data in zip(mvs, buffers):
        device.put(result.placements[mv], 0, data)
    idx, times = read(result, device, vertex, "spikes", first_tick, n_ticks)
    ref_idx, ref_ticks = reference_spikes(buffers, [0, 45, 90], [45, 45, 10], n_ticks)
    keep = np.isin(ref_idx, wanted)
    assert keep.sum() > 10
    np.testing.assert_array_equal(idx, ref_idx[keep])
    # a spike of tick k is stamped k dt (the board's convention)
    np.testing.assert_array_equal(times, (ref_ticks[keep] + first_tick) * 0.1)


def test_read_v_of_a_subset_with_a_sampling_interval():
    rng = np.random.default_rng(4)
    wanted = np.array([1, 2, 30, 64, 65, 66, 99])      # none on the core [45, 60)
    interval, first_tick, n_ticks = 3, 10, 20
    vertex, mvs, result = _fake_network(
        100, 15, {"v": Recording(indices=wanted, sampling_interval=interval)})
    samples = n_samples(first_tick, n_ticks, interval)
    assert samples == 6                                # ticks 12, 15, ..., 27
    device, buffers, counts = FakeDevice(), [], []
    for mv in mvs:
        sl = mv.vertex_slice
        n = int(np.sum((wanted >= sl.start) & (wanted < sl.stop)))
        counts.append(n)
        buffers.append(rng.integers(-2 ** 22, 2 ** 22, size=samples * n).astype(np.int32)
                       .view(np.uint32))
        if n:
            device.put(result.placements[mv], 1, buffers[-1])
    values = read(result, device, vertex, "v", first_tick, n_ticks)
    np.testing.assert_array_equal(values,
                                  reference_samples(buffers, counts, samples, "s1615", 1.0))
    assert values.shape == (samples, len(wanted))


@pytest.mark.parametrize("columns", [[0, 1, 2], [5, 17, 18, 19, 80], [83, 2, 40, 2],
                                     [20, 21, 22, 23], [], list(range(84))])
def test_raw_samples_write_columns(columns):
    """Columns of several cores, in any order (repeats too), converted into a given array,
    equal the same columns of the reference decoding."""
    rng = np.random.default_rng(11)
    counts, samples = [17, 0, 64, 3], 9
    buffers = [rng.integers(0, 2 ** 32, size=samples * n, dtype=np.uint32) for n in counts]
    buffers[2] = buffers[2][:4 * 64]   # stopped early
    raw = RawSamples(buffers, counts, samples, np.int32, 2.0 ** 15, 1.0)
    out = np.full((samples, len(columns)), np.nan)
    raw.write(out, columns)
    ref = reference_samples(buffers, counts, samples, "s1615", 1.0)
    np.testing.assert_array_equal(out, ref[:, columns])


def test_raw_samples_of_a_selection():
    counts, samples = [4, 4], 2
    buffers = [np.arange(8, dtype=np.uint32) << 15, (np.arange(8, dtype=np.uint32) + 8) << 15]
    raw = RawSamples(buffers, counts, samples, np.int32, 2.0 ** 15, 1.0, select=[1, 6])
    assert raw.shape == (2, 2) and len(raw) == 2
    # row 0: core 0 words 0-3, core 1 words 8-11; column 6 is core 1's word 2
    np.testing.assert_array_equal(np.asarray(raw), [[1.0, 10.0], [5.0, 14.0]])
    out = np.empty((2, 1))
    raw.write(out, [1])
    np.testing.assert_array_equal(out, [[10.0], [14.0]])
    with pytest.raises(ValueError, match="columns"):
        raw.write(np.empty((2, 1)), [2])
    with pytest.raises(ValueError, match="shape"):
        raw.write(np.empty((3, 1)), [1])

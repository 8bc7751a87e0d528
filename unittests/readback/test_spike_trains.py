"""Spike trains split by one sort against neo's own conversion of the same lazy list."""
import pickle

import numpy as np
import quantities as pq
from neo.core.spiketrainlist import SpikeTrainList

from spynnaker_backend.readback.spike_trains import split_by_sorting


def _lazy_list(rng, n_channels=50, n_spikes=700):
    channels = np.arange(100, 100 + n_channels)
    # some spikes of channels not asked for; several channels without spikes
    pool = np.setdiff1d(np.arange(90, 100 + n_channels + 5), [100, 105, 100 + n_channels - 1])
    ids = rng.choice(pool, size=n_spikes)
    times = np.sort(rng.integers(0, 1000, size=n_spikes)) * 0.1   # ties included
    return SpikeTrainList.from_spike_time_array(
        times * pq.ms, ids, channels, t_stop=100.0 * pq.ms, units="ms",
        t_start=0.0 * pq.ms, source_population="pop",
        source_index=channels - 100)


def _trains(spiketrains):
    return [(np.asarray(t.magnitude), t.dtype, str(t.units), float(t.t_start),
             float(t.t_stop), dict(t.annotations)) for t in spiketrains]


def test_split_by_sorting_equals_neos_conversion():
    neo_list, ours = _lazy_list(np.random.default_rng(1)), _lazy_list(np.random.default_rng(1))
    neo_list.segment = ours.segment = "segment"
    split_by_sorting(ours)
    expected, got = _trains(neo_list), _trains(ours)
    assert len(got) == len(expected) == 50
    assert sum(len(t[0]) for t in got) > 400
    assert [len(t[0]) for t in got][0] == [len(t[0]) for t in got][5] == 0
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(g[0], e[0])
        assert g[1:] == e[1:]
    assert all(t.segment == "segment" for t in ours)
    # the multiplexed form is untouched
    for a, b in zip(ours.multiplexed, neo_list.multiplexed):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_split_trains_do_not_share_memory():
    ours = _lazy_list(np.random.default_rng(2))
    split_by_sorting(ours)
    trains = [t for t in ours if len(t)]
    assert len(trains) > 10
    for a, b in zip(trains[:-1], trains[1:]):
        assert not np.shares_memory(a, b)
    assert not any(np.shares_memory(t, ours._spike_time_array) for t in trains)


def test_pickled_list_loads_with_neos_conversion():
    ours = _lazy_list(np.random.default_rng(3))
    split_by_sorting(ours)
    loaded = pickle.loads(pickle.dumps(ours))
    assert loaded._spiketrains_from_array.__func__ is SpikeTrainList._spiketrains_from_array
    expected = _lazy_list(np.random.default_rng(3))
    for e, g in zip(_trains(expected), _trains(loaded)):
        np.testing.assert_array_equal(g[0], e[0])


def test_materialised_list_is_left_alone():
    items = SpikeTrainList(items=[])
    split_by_sorting(items)
    assert "_spiketrains_from_array" not in vars(items)

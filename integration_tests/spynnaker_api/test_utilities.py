"""spynnaker.pyNN.utilities: neo_convertor on recorded data, utility_calls against
closed forms."""
import math

import numpy as np
import pytest
from pyNN.random import RandomDistribution

import pyNN.spiNNaker as sim
from spynnaker.pyNN.utilities import neo_convertor, utility_calls


@pytest.fixture
def recorded():
    sim.setup(timestep=1.0)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0, 4.0], [], [2.0]]))
    pop = sim.Population(2, sim.IF_curr_exp(v_rest=-60.0, v=-70.0))
    src.record("spikes")
    pop.record(["v", "gsyn_exc", "gsyn_inh"])
    sim.run(5.0)
    yield src.get_data(), pop.get_data()
    sim.end()


def test_convert_spikes_is_index_time_rows(recorded):
    spikes, _ = recorded
    table = neo_convertor.convert_spikes(spikes)
    # the same spikes as the Neo spike trains, source by source
    expected = [(i, t) for i, st in enumerate(spikes.segments[0].spiketrains)
                for t in st.magnitude]
    assert [tuple(row) for row in table] == expected and len(expected) == 3
    assert neo_convertor.count_spikes(spikes) == 3
    assert neo_convertor.convert_spiketrains([]).shape == (0, 2)
    with pytest.raises(ValueError, match="run 1"):
        neo_convertor.convert_spikes(spikes, run=1)


def test_convert_v_is_index_time_value_rows(recorded):
    _, cells = recorded
    v = cells.segments[0].filter(name="v")[0]
    table = neo_convertor.convert_data(cells, "v")
    n_t = v.shape[0]
    assert table.shape == (2 * n_t, 3)
    np.testing.assert_array_equal(table[:n_t, 0], 0)
    np.testing.assert_array_equal(table[n_t:, 0], 1)
    np.testing.assert_allclose(table[:n_t, 1], v.times.magnitude)
    np.testing.assert_allclose(table[:n_t, 2], v.magnitude[:, 0])
    assert table[0, 2] == pytest.approx(-70.0)
    gsyn = neo_convertor.convert_gsyn(cells, cells)
    assert gsyn.shape == (2 * n_t, 4)
    assert len(neo_convertor.convert_v_list(cells)) == 1
    with pytest.raises(ValueError, match="all"):
        neo_convertor.convert_data(cells, "all")


def test_utility_calls():
    assert [utility_calls.get_n_bits(n) for n in (0, 1, 2, 3, 5, 256, 257)] == \
        [0, 1, 1, 2, 3, 8, 9]
    uniform = RandomDistribution("uniform", low=1.0, high=3.0)
    assert utility_calls.get_mean(uniform) == pytest.approx(2.0)
    assert utility_calls.get_variance(uniform) == pytest.approx(4.0 / 12.0)
    assert (utility_calls.low(uniform), utility_calls.high(uniform)) == (1.0, 3.0)
    normal = RandomDistribution("normal", mu=1.0, sigma=2.0)
    assert utility_calls.get_standard_deviation(normal) == pytest.approx(2.0)
    assert utility_calls.high(normal) is None
    assert utility_calls.get_probability_within_range(normal, -1.0, 3.0) == \
        pytest.approx(math.erf(1 / math.sqrt(2)))
    np.testing.assert_array_equal(utility_calls.convert_param_to_numpy(2.5, 3), [2.5] * 3)
    with pytest.raises(ValueError, match="2 values"):
        utility_calls.convert_param_to_numpy([1.0, 2.0], 3)


def test_read_spikes_from_file(tmp_path):
    path = tmp_path / "spikes.txt"
    path.write_text("# time\tneuron\n1.0\t0\n2.5\t3\n7.0\t1\n")
    np.testing.assert_array_equal(utility_calls.read_spikes_from_file(str(path), max_atom=3),
                                  [[1.0, 0.0], [7.0, 1.0]])


def test_read_in_data_from_file_filters_and_orders_by_neuron_then_time(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("# time\tneuron\tvalue\n3.0\t1\t-60.5\n1.0\t1\t-61\n2.0\t0\t-62\n"
                    "9.0\t0\t-63\n2.0\t5\t-64\n")
    rows = utility_calls.read_in_data_from_file(str(path), 0, 5, 0.0, 5.0)
    # neuron 5 and time 9.0 fall outside [0, 5) x [0, 5)
    np.testing.assert_array_equal(rows, [[0, 2.0, -62.0], [1, 1.0, -61.0], [1, 3.0, -60.5]])
    with pytest.raises(ValueError, match="4 tab-separated"):
        utility_calls.read_in_data_from_file(str(path), 0, 5, 0.0, 5.0, extra=True)


def test_mars_kiss_seeds_are_valid_for_the_generator():
    class Fixed:
        """A RandomState stand-in drawing the given values (offset by -2^31 as drawn)."""
        def __init__(self, values):
            self.values = iter(values)

        def randint(self, low, high):
            return next(self.values) - 2 ** 31

    # y = 0 becomes 13031301; c = 0 becomes 1 and c = 698769068 wraps to 1
    assert utility_calls.create_mars_kiss_seeds(Fixed([5, 0, 7, 0])) == (5, 13031301, 7, 1)
    assert utility_calls.create_mars_kiss_seeds(Fixed([1, 2, 3, 698769068]))[3] == 1
    seeds = utility_calls.create_mars_kiss_seeds(np.random.RandomState(3))
    assert len(seeds) == 4 and seeds[1] != 0 and 0 < seeds[3] <= 698769068
    assert all(0 <= s < 2 ** 32 for s in seeds)


def test_get_neo_io_for_a_file_not_written_yet(tmp_path):
    import neo
    io = utility_calls.get_neo_io(str(tmp_path / "out.pkl"))
    assert isinstance(io, neo.io.PickleIO)

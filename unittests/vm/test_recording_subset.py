"""Recording some neurons records only those on the cores (buffers sized by recorded
neurons) and reads back the same values as recording every neuron."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.mapping.dataspec.recording import buffer_sizes, recorded_in_slice


def _run(record, neurons_per_core=7, tstop=30.0):
    sim.setup(timestep=0.1)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, neurons_per_core)
    pop = sim.Population(30, sim.IF_curr_exp(i_offset=np.linspace(0.5, 2.0, 30)))
    pop.initialize(v=np.linspace(-70, -55, 30))
    stim = sim.Population(5, sim.SpikeSourceArray(spike_times=[[2.0, 7.0, 11.0]] * 5))
    sim.Projection(stim, pop, sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(2)),
                   sim.StaticSynapse(weight=0.5, delay=1.0))
    target = pop if record is None else pop[record]
    target.record(["v", "gsyn_exc"])
    pop.record("spikes")
    sim.run(tstop)
    seg = pop.get_data().segments[0]
    v = seg.filter(name="v")[0]
    g = seg.filter(name="gsyn_exc")[0]
    out = (np.asarray(v.array_annotations["channel_index"]), np.asarray(v.magnitude),
           np.asarray(g.magnitude), [np.asarray(s.magnitude) for s in seg.spiketrains])
    sim.end()
    return out


@pytest.mark.parametrize("cells", [[3, 8, 9, 29], [0], [28, 4, 15]])
def test_subset_equals_full(cells):
    idx_all, v_all, g_all, spikes_all = _run(None)
    idx, v, g, spikes = _run(cells)
    columns = [list(idx_all).index(i) for i in idx]
    assert sorted(idx) == sorted(cells)
    np.testing.assert_array_equal(v, v_all[:, columns])
    np.testing.assert_array_equal(g, g_all[:, columns])
    for a, b in zip(spikes, spikes_all):
        np.testing.assert_array_equal(a, b)


def test_buffers_sized_by_recorded_neurons():
    sim.setup(timestep=0.1)
    pop = sim.Population(1000, sim.IF_curr_exp())
    pop[[5, 500]].record("v")
    vertex = pop._vertex
    sizes = buffer_sizes(vertex, 255, 0, 100)
    assert max(sizes.values()) == 100 * 2 * 4
    assert recorded_in_slice(vertex, "v", 0, 255) == 1
    assert recorded_in_slice(vertex, "v", 255, 510) == 1
    assert recorded_in_slice(vertex, "v", 600, 1000) == 0
    pop.record("v")
    assert max(buffer_sizes(vertex, 255, 0, 100).values()) == 100 * 255 * 4
    sim.end()

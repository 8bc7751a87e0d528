"""Recording some neurons records only those on the cores (buffers sized by recorded
neurons) and reads back the same values as recording every neuron."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.pynn.simulator import state

from spynnaker_backend.mapping.dataspec.recording import (buffer_sizes, empty_buffer,
                                                          recorded_in_slice)
from spynnaker_backend.mapping.dataspec.regions import Region


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
    v_region = int(Region.RECORDING_0) + 1
    # without the core's first atom: a bound for any core, min(core atoms, recorded atoms)
    sizes = buffer_sizes(vertex, 255, 0, 100)
    assert max(sizes.values()) == 100 * 2 * 4
    # a core's own recorded atoms: [0, 255) holds 5, [255, 510) holds 500, [510, 765) none
    assert buffer_sizes(vertex, 255, 0, 100, first_atom=0) == {v_region: 100 * 1 * 4}
    assert buffer_sizes(vertex, 255, 0, 100, first_atom=255) == {v_region: 100 * 1 * 4}
    assert buffer_sizes(vertex, 255, 0, 100, first_atom=510) == {v_region: 0}
    assert recorded_in_slice(vertex, "v", 0, 255) == 1
    assert recorded_in_slice(vertex, "v", 255, 510) == 1
    assert recorded_in_slice(vertex, "v", 600, 1000) == 0
    pop.record("v")
    assert max(buffer_sizes(vertex, 255, 0, 100).values()) == 100 * 255 * 4
    # spikes of one, v of all, every 3rd tick: ticks 12, 15, ..., 27 of [10, 30) = 6
    other = sim.Population(1000, sim.IF_curr_exp())
    other[[7]].record("spikes")
    other.record("v", sampling_interval=0.3)
    assert buffer_sizes(other._vertex, 235, 10, 20, first_atom=765) == {
        int(Region.RECORDING_0): 20 * 8 * 4,      # ceil(235 / 32) = 8 words a tick
        v_region: 6 * 235 * 4}
    sim.end()


@pytest.mark.parametrize("cells", [[3, 8, 9, 29], [13], list(range(0, 30, 2))])
def test_cores_fill_exactly_sized_buffers(cells):
    """The cores write exactly what buffer_sizes(first_atom=...) gives room for: every
    buffer ends full and nothing overflows."""
    sim.setup(timestep=0.1)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 7)
    pop = sim.Population(30, sim.IF_curr_exp(i_offset=np.linspace(0.5, 2.0, 30)))
    pop[cells].record(["v", "gsyn_exc"], sampling_interval=0.2)
    pop.record("spikes")
    sim.run(1.0)   # maps and loads
    vertex = pop._vertex
    mapping, device = state.mapping, state.device
    first, n_ticks = state.tick, 57
    placements = {}
    for mv in mapping.machine_graph.slices_of[vertex]:
        p = mapping.placements[mv]
        sl = mv.vertex_slice
        placements[p] = buffer_sizes(vertex, sl.n_atoms, first, n_ticks, first_atom=sl.start)
        for region, size in placements[p].items():
            device.write_region(p, region, empty_buffer(size))
    device.reload()
    assert device.run(n_ticks) == n_ticks
    used = 0
    for p, sizes in placements.items():
        for region, size in sizes.items():
            capacity, filled = np.frombuffer(device.read_region(p, region), "<u4", count=2)
            assert capacity == size and filled == size, (p, region)
            used += size
    assert used > 0
    assert sum(c["recording_overflows"] for c in device.counters().values()) == 0
    sim.end()

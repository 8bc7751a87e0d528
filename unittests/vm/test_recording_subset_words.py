"""Recording a subset of a population spanning several 32-bit words of its recording
bitfield: the cores pick their recorded neurons a bitfield word at a time, so slices that
start and end inside words, and neurons on word edges, must come back exactly as when the
whole population is recorded."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

CELLS = [0, 5, 31, 32, 33, 63, 64, 99, 130, 199]


def _v(neurons_per_core, cells):
    sim.setup(timestep=0.1)
    pop = sim.Population(200, sim.IF_curr_exp(i_offset=np.linspace(0.5, 2.0, 200)))
    pop.set_max_atoms_per_core(neurons_per_core)
    (pop if cells is None else pop[cells]).record("v")
    sim.run(20.0)
    v = pop.get_data().segments[0].filter(name="v")[0]
    out = {int(c): np.asarray(v[:, k]).copy()
           for k, c in enumerate(v.array_annotations["channel_index"])}
    sim.end()
    return out


@pytest.mark.parametrize("neurons_per_core", [7, 30, 33, 64, 256])
def test_subset_across_words_equals_full(neurons_per_core):
    full = _v(256, None)
    subset = _v(neurons_per_core, CELLS)
    assert sorted(subset) == CELLS
    for cell in CELLS:
        np.testing.assert_array_equal(subset[cell], full[cell])


def test_the_run_sizes_each_cores_buffers_by_its_own_recorded_neurons():
    """Through sim.run: every state-variable buffer ends exactly full (sized by the neurons
    that core records, not by the population's count)."""
    from spynnaker_backend.mapping.dataspec.regions import Region
    from spynnaker_backend.pynn.simulator import state
    sim.setup(timestep=0.1)
    pop = sim.Population(200, sim.IF_curr_exp(i_offset=np.linspace(0.5, 2.0, 200)))
    pop.set_max_atoms_per_core(30)
    pop[CELLS].record("v")
    sim.run(5.0)
    device, mapping = state.device, state.mapping
    region = int(Region.RECORDING_0) + 1 + [c.name for c in pop._vertex.model.channels].index("v")
    filled_total = 0
    for mv in mapping.machine_graph.slices_of[pop._vertex]:
        capacity, filled = np.frombuffer(device.read_region(mapping.placements[mv], region),
                                         "<u4", count=2)
        mine = sum(mv.vertex_slice.start <= c < mv.vertex_slice.start + mv.vertex_slice.n_atoms
                   for c in CELLS)
        assert capacity == filled == 50 * mine * 4, (mv.vertex_slice, capacity, filled)
        filled_total += filled
    assert filled_total == 50 * len(CELLS) * 4
    sim.end()

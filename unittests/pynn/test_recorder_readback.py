"""The recorder's signals, gathered from several runs with the end-of-run values, against
plain concatenation and column selection."""
import numpy as np
import pytest


@pytest.mark.parametrize("view", [None, [1, 2, 3], [0, 4, 5], [5]])
def test_signals_of_several_runs_with_final_values(sim_state, view):
    """Two runs (two chunks of samples) and the end-of-run values."""
    import pyNN.spiNNaker as sim
    sim.setup(timestep=0.1)
    pop = sim.Population(6, sim.IF_curr_exp(i_offset=np.linspace(0.5, 3.0, 6)))
    pop.initialize(v=np.linspace(-70.0, -52.0, 6))
    target = pop if view is None else pop[view]
    target.record("v", sampling_interval=0.2)
    sim.run(7.0)
    sim.run(3.4)
    rec = pop.recorder
    state = sim_state
    chunks = state.signal_chunks(pop._vertex, "v")
    assert len(chunks) == 2
    recorded = pop._vertex.recordings["v"].indices
    final = state.current_values(pop._vertex, "v")
    wanted = np.asarray(view if view is not None else range(6))
    expected = np.vstack([np.concatenate(chunks)[:, np.searchsorted(recorded, wanted)],
                          final[wanted][np.newaxis]])
    data, indices = rec.signal_array("v", wanted, final=final)
    np.testing.assert_array_equal(data, expected)
    np.testing.assert_array_equal(indices, wanted)
    # what get_data delivers: the same, one sample per 0.2 ms from 0 to 10.4 ms
    signal = target.get_data().segments[0].filter(name="v")[0]
    assert signal.shape == (53, len(wanted))
    np.testing.assert_array_equal(signal.magnitude, expected)
    sim.end()

"""Connections read back from the cores' images equal the requests, quantised."""
import numpy as np

from network_builders import connect, lif, spike_source


def test_readback_matches_requests_after_quantisation(sim_state):
    rng = np.random.default_rng(3)
    src = sim_state.graph.add_vertex(spike_source("src", [[]] * 30, max_atoms_per_core=7))
    pop = sim_state.graph.add_vertex(lif("pop", 40, max_atoms_per_core=9))
    edges = []
    for k, stype in enumerate((0, 0, 1)):   # two excitatory projections share rows
        n = 300
        pre, post = rng.integers(0, 30, n), rng.integers(0, 40, n)
        w = rng.uniform(0.01, 2.0, n)
        d = rng.integers(1, 60, n) * 0.1     # up to 5.9 ms: some through delay extensions
        edges.append((connect(sim_state.graph, src, pop, pre, post, w, d, stype,
                              label=f"e{k}"), w, d))
    sim_state.run(1.0)
    for edge, w, d in edges:
        pre, post, wm, dm = sim_state.connections(edge)
        np.testing.assert_array_equal(pre, edge.pre_indices)
        np.testing.assert_allclose(dm, d, atol=1e-9)
        shift = sim_state.mapping.synapses.shifts[pop][edge.synapse_type]
        step = 2.0 ** (shift - 15)
        assert np.all(np.abs(wm - w) <= step / 2 + 1e-12)
        # exactly the quantised values: integer multiples of the step
        np.testing.assert_allclose(wm / step, np.rint(wm / step), atol=1e-9)

"""The neuron core's one-pass tick (input transfer and update fused, parameters read once)
gives the bits of the two-pass tick.

The host engine fuses the two passes in ticks that record no state on cores whose neurons
share one set of parameters and have no current source (neuron_core_impl.h,
update_fused_plain); otherwise it runs transfer_inputs, then update_neurons.  Each test
runs the same network once on the fused path and once on the two-pass path and compares.
"""
import numpy as np

from spynnaker_backend.graph import Recording
from network_builders import connect, lif, record, spike_source

N = 40
PARAMS = dict(tau_m=12.0, cm=0.5, v_rest=-63.0, v_reset=-68.0, v_thresh=-52.0,
              tau_refrac=1.5, tau_syn_E=2.0, tau_syn_I=4.0, i_offset=0.45)


def run(state, n_extra=0, record_v_every=None, run_ms=200.0, v_cells=None, per_core=None,
        variable="v"):
    """A recurrent LIF population driven by random spike trains; the first N neurons get
    PARAMS; `n_extra` more (tau_m 30 ms, never connected to or from) make the parameters
    non-uniform.  `v_cells`: record `variable` of these cells only (every tick), else v as
    `record_v_every` says; `per_core`: neurons per core.  Returns (spike indices, spike
    times) of the first N neurons, and the recorded variable."""
    state.clear()
    state.dt = 0.1
    rng = np.random.default_rng(7)
    n_src = 30
    times = [np.sort(rng.uniform(1, run_ms - 5, size=12)).round(1) for _ in range(n_src)]
    src = state.graph.add_vertex(spike_source("src", times))
    overrides = {k: np.full(N + n_extra, v) for k, v in PARAMS.items()}
    overrides["tau_m"][N:] = 30.0
    pop = state.graph.add_vertex(lif("pop", N + n_extra, per_core, **overrides))
    record(pop, "spikes")
    if record_v_every is not None:
        record(pop, variable, interval=record_v_every)
    if v_cells is not None:
        pop.recordings[variable] = Recording(np.asarray(v_cells), 1)
    m = 800
    connect(state.graph, src, pop, rng.integers(0, n_src, m), rng.integers(0, N, m),
            rng.uniform(0.2, 1.5, m), rng.integers(1, 30, m) * 0.1)
    connect(state.graph, pop, pop, rng.integers(0, N, m), rng.integers(0, N, m),
            rng.uniform(0.1, 0.8, m), rng.integers(1, 25, m) * 0.1, label="exc")
    connect(state.graph, pop, pop, rng.integers(0, N, m // 2), rng.integers(0, N, m // 2),
            rng.uniform(0.1, 0.8, m // 2), rng.integers(1, 15, m // 2) * 0.1,
            synapse_type=1, label="inh")
    state.run(run_ms)
    idx, t = state.spikes(pop)
    keep = idx < N
    v = state.signal(pop, variable)[:, :N] if variable in pop.recordings else None
    return idx[keep], t[keep], v


def test_fused_tick_matches_two_passes_when_state_is_recorded(sim_state):
    """Spikes only (fused every tick) == v recorded every tick (two passes every tick) ==
    v every 7th tick (the paths alternate), and the two v recordings agree."""
    fused = run(sim_state)
    assert len(fused[0]) > 100, "the test network should be active"
    every = run(sim_state, record_v_every=1)
    sparse = run(sim_state, record_v_every=7)
    for other in (every, sparse):
        np.testing.assert_array_equal(other[0], fused[0])
        np.testing.assert_array_equal(other[1], fused[1])
    np.testing.assert_array_equal(sparse[2], every[2][::7])


def test_fused_tick_matches_per_neuron_parameters(sim_state):
    """One extra, unconnected neuron with another tau_m sends the core through the
    per-neuron-parameter path: the other neurons' spikes do not change."""
    fused = run(sim_state)
    mixed = run(sim_state, n_extra=1)
    np.testing.assert_array_equal(mixed[0], fused[0])
    np.testing.assert_array_equal(mixed[1], fused[1])


def test_cores_that_record_none_of_their_cells_stay_fused(sim_state):
    """The excitatory current of a few cells of a population on three cores (16 + 16 + 8
    neurons): a core whose cells are all unrecorded keeps the one-pass tick, a core with a
    recorded cell (at either end of its slice) takes two passes, since the recorded current
    includes the tick's input (the one-pass tick would record it without); spikes as with
    nothing recorded, each recorded trace as when every cell is recorded."""
    fused = run(sim_state, per_core=16)
    every = run(sim_state, per_core=16, record_v_every=1, variable="gsyn_exc")
    assert np.count_nonzero(every[2]) > every[2].size // 4, "the cells should get input"
    for cells in ([0, 1], [16], [15, 31, 32], [39]):
        some = run(sim_state, per_core=16, v_cells=cells, variable="gsyn_exc")
        np.testing.assert_array_equal(some[0], fused[0])
        np.testing.assert_array_equal(some[1], fused[1])
        np.testing.assert_array_equal(some[2], every[2][:, cells])

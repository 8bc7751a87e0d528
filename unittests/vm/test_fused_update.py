"""The neuron core's one-pass tick (input transfer and update fused, parameters read once)
gives the bits of the two-pass tick.

The host engine fuses the two passes in ticks that record no state on cores whose neurons
share one set of parameters and have no current source (neuron_core_impl.h,
update_fused_plain); otherwise it runs transfer_inputs, then update_neurons.  Each test
runs the same network once on the fused path and once on the two-pass path and compares.
"""
import numpy as np

from network_builders import connect, lif, record, spike_source

N = 40
PARAMS = dict(tau_m=12.0, cm=0.5, v_rest=-63.0, v_reset=-68.0, v_thresh=-52.0,
              tau_refrac=1.5, tau_syn_E=2.0, tau_syn_I=4.0, i_offset=0.45)


def run(state, n_extra=0, record_v_every=None, run_ms=200.0):
    """A recurrent LIF population driven by random spike trains; the first N neurons get
    PARAMS; `n_extra` more (tau_m 30 ms, never connected to or from) make the parameters
    non-uniform.  Returns (spike indices, spike times) of the first N neurons, and v."""
    state.clear()
    state.dt = 0.1
    rng = np.random.default_rng(7)
    n_src = 30
    times = [np.sort(rng.uniform(1, run_ms - 5, size=12)).round(1) for _ in range(n_src)]
    src = state.graph.add_vertex(spike_source("src", times))
    overrides = {k: np.full(N + n_extra, v) for k, v in PARAMS.items()}
    overrides["tau_m"][N:] = 30.0
    pop = state.graph.add_vertex(lif("pop", N + n_extra, **overrides))
    record(pop, "spikes")
    if record_v_every is not None:
        record(pop, "v", interval=record_v_every)
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
    v = state.signal(pop, "v")[:, :N] if record_v_every is not None else None
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

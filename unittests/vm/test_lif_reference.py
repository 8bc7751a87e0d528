"""The LIF core against closed-form solutions of the membrane equation."""
import numpy as np
import pytest
from spynnaker_backend.graph import ApplicationGraph  # noqa: F401  (documentation)

from network_builders import lif, one_to_one, record, spike_source

TAU_M, CM, V_REST, V_THRESH, V_RESET = 20.0, 1.0, -65.0, -50.0, -65.0


def analytic_step_response(t, i_offset):
    """v(t) of a LIF from rest under a constant current (no threshold)."""
    return V_REST + TAU_M / CM * i_offset * (1.0 - np.exp(-t / TAU_M))


def predicted_spike_ticks(i_offset, tau_refrac, dt, n_ticks):
    """Spike times with the core's tick semantics, in float64: a tick advances v by the
    exact solution, then fires if v >= threshold, the spike stamped with the tick (the
    board's convention: tick k, from k dt to (k + 1) dt, stamps k dt); refractory ticks
    clamp v."""
    v, refract, out = V_REST, 0, []
    r_ticks = int(np.ceil(tau_refrac / dt - 1e-9))
    for k in range(n_ticks):
        if refract > 0:
            refract -= 1
        else:
            v = V_REST + (v - V_REST) * np.exp(-dt / TAU_M) + \
                i_offset * TAU_M / CM * (1 - np.exp(-dt / TAU_M))
        if v >= V_THRESH:
            out.append(k * dt)
            v, refract = V_RESET, r_ticks
    return np.array(out)


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_constant_current_trace_and_spikes(sim_state, dt):
    sim_state.dt = dt
    pop = lif("pop", 1, i_offset=0.8, tau_refrac=2.0)
    record(pop, "v", "spikes")
    sim_state.graph.add_vertex(pop)
    sim_state.run(200.0)
    v = sim_state.signal(pop, "v")[:, 0]
    t = np.arange(len(v)) * dt
    first_spike = sim_state.spikes(pop)[1][0]
    before = t < first_spike
    # s16.15 has a resolution of 3e-5 mV; rounding accumulates to far below 1e-3 mV
    np.testing.assert_allclose(v[before], analytic_step_response(t[before], 0.8), atol=1e-3)
    expected = predicted_spike_ticks(0.8, 2.0, dt, int(round(200.0 / dt)))
    np.testing.assert_allclose(sim_state.spikes(pop)[1], expected, atol=1e-9)
    # the analytic first crossing lies in the tick the core fired in, (k dt, (k + 1) dt]
    t_cross = -TAU_M * np.log(1 - (V_THRESH - V_REST) / (0.8 * TAU_M / CM))
    assert first_spike < t_cross <= first_spike + dt + 1e-9


def test_psp_matches_exact_solution(sim_state):
    """One input spike: the current jumps at spike time + delay; v follows NEST's exact
    double-exponential PSP."""
    w, tau_s, delay, t_spike = 0.5, 5.0, 1.5, 10.0
    src = spike_source("src", [[t_spike]])
    pop = lif("pop", 1, tau_syn_E=tau_s)
    record(pop, "v")
    for v in (src, pop):
        sim_state.graph.add_vertex(v)
    one_to_one(sim_state.graph, src, pop, w, delay)
    sim_state.run(60.0)
    v = sim_state.signal(pop, "v")[:, 0]
    t = np.arange(len(v)) * 0.1
    s = np.clip(t - (t_spike + delay), 0, None)
    psp = w * tau_s * TAU_M / (CM * (TAU_M - tau_s)) * (np.exp(-s / TAU_M) - np.exp(-s / tau_s))
    # s16.15 resolves 3e-5 nA: a current below 0.5 / (1 - P11) LSB (7.6e-4 nA here) decays
    # by one LSB per tick rather than exponentially, which costs the PSP at most ~5 uV
    np.testing.assert_allclose(v, V_REST + psp, atol=5e-3)
    assert v[int(round((t_spike + delay) / 0.1))] == V_REST  # not yet affected at arrival


def test_inhibitory_input_hyperpolarises(sim_state):
    src = spike_source("src", [[5.0]])
    pop = lif("pop", 1)
    record(pop, "v")
    for v in (src, pop):
        sim_state.graph.add_vertex(v)
    one_to_one(sim_state.graph, src, pop, 1.0, 1.0, synapse_type=1)
    sim_state.run(30.0)
    v = sim_state.signal(pop, "v")[:, 0]
    assert v.min() < V_REST - 0.5 and v[:60].max() == V_REST

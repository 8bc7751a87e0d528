"""The LIF core against closed-form solutions of the membrane equation."""
import numpy as np
import pytest
from spynnaker_backend.graph import ApplicationGraph  # noqa: F401  (documentation)

from network_builders import lif, one_to_one, record, spike_source

TAU_M, CM, V_REST, V_THRESH, V_RESET = 20.0, 1.0, -65.0, -50.0, -65.0
LSB = 2.0 ** -15


def board_tau_m(dt):
    """IF_curr_exp runs the board's LIF, which holds exp(-dt/tau_m) as an s16.15 accum: its
    leak is the exact one of this tau_m (R = tau_m/cm = 20 MOhm is exact in s16.15)."""
    return -dt / np.log(np.round(np.exp(-dt / TAU_M) / LSB) * LSB)


def truncation_bound(dt, tau_syn=None):
    """The board's truncating products: < 1 LSB of alpha and of v per tick settle below
    2 LSB / (1 - exp_TC); a decaying current loses < 1 LSB per tick, a deficit below
    LSB / (1 - exp(-dt/tau_syn)) nA that moves v by at most R times that."""
    out = 2.0 * LSB / -np.expm1(-dt / board_tau_m(dt))
    if tau_syn is not None:
        out += TAU_M / CM * LSB / -np.expm1(-dt / tau_syn)
    return out


def analytic_step_response(t, i_offset, dt):
    """v(t) of a LIF from rest under a constant current (no threshold), with the board's leak."""
    return V_REST + TAU_M / CM * i_offset * (1.0 - np.exp(-t / board_tau_m(dt)))


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
            p22 = np.exp(-dt / board_tau_m(dt))
            v = V_REST + (v - V_REST) * p22 + i_offset * TAU_M / CM * (1 - p22)
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
    np.testing.assert_allclose(v[before], analytic_step_response(t[before], 0.8, dt),
                               atol=truncation_bound(dt))
    expected = predicted_spike_ticks(0.8, 2.0, dt, int(round(200.0 / dt)))
    np.testing.assert_allclose(sim_state.spikes(pop)[1], expected, atol=1e-9)
    # the analytic first crossing lies in the tick the core fired in, (k dt, (k + 1) dt]
    t_cross = -board_tau_m(dt) * np.log(1 - (V_THRESH - V_REST) / (0.8 * TAU_M / CM))
    assert first_spike < t_cross <= first_spike + dt + 1e-9


def test_psp_matches_exact_solution(sim_state):
    """One input spike: the current jumps at spike time + delay; v follows NEST's exact
    double-exponential PSP of the board's constants (tau_m as its accum exp_TC makes it; the
    board's PSP scale R (1 - exp_TC) init / P21 is 1 + 8e-6 here) within the board's
    truncation bound."""
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
    tau_m = board_tau_m(0.1)
    cm = tau_m / (TAU_M / CM)
    psp = w * tau_s * tau_m / (cm * (tau_m - tau_s)) * (np.exp(-s / tau_m) - np.exp(-s / tau_s))
    np.testing.assert_allclose(v, V_REST + psp, atol=truncation_bound(0.1, tau_s))
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

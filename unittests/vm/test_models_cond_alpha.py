"""IF_cond_alpha on the VM against an RK45 solution (rtol 1e-10) of NEST's iaf_cond_alpha
equations in float64, at dt 0.1 and 1.0 ms.

Weights are multiples of 2**-15 uS (the ring buffer's unit at shift 0), so that what is
compared is the core's integration, not the mapping's weight quantisation.
"""
import numpy as np
import pytest
from scipy.integrate import solve_ivp

from network_builders import drive

TAU_M, CM, V_REST, V_THRESH, V_RESET = 20.0, 1.0, -65.0, -50.0, -65.0
E_E, E_I, TAU_E, TAU_I = 0.0, -70.0, 2.0, 5.0
LSB = 2.0 ** -15
GRAZE = 0.01


def rhs(i_offset):
    def f(_, y):
        v, ge, ye, gi, yi = y
        return [(V_REST - v) / TAU_M + (ge * (E_E - v) + gi * (E_I - v) + i_offset) / CM,
                ye - ge / TAU_E, -ye / TAU_E, yi - gi / TAU_I, -yi / TAU_I]
    return f


def iaf_cond_alpha_reference(dt, n_ticks, input_ticks, weights, types, i_offset, tau_refrac):
    """iaf_cond_alpha on the tick grid, each tick solved by RK45 to 1e-10 (threshold checked
    at the grid points, v clamped while refractory, an input w arriving at the end of its
    tick adds w e / tau to y); returns v at every tick's start, g_e, and the spike times."""
    inputs = np.zeros((n_ticks, 2))
    np.add.at(inputs, (input_ticks, types), weights)
    r_ticks = int(np.ceil(tau_refrac / dt - 1e-9))
    y = np.array([V_REST, 0.0, 0.0, 0.0, 0.0])
    trace, ge, out, refract = np.empty(n_ticks), np.empty(n_ticks), [], 0
    iaf_cond_alpha_reference.margin = 1.0
    f = rhs(i_offset)
    for k in range(n_ticks):
        trace[k], ge[k] = y[0], y[1]
        if np.any(y[1:] != 0) or i_offset != 0 or y[0] != V_REST:
            new = solve_ivp(f, (0, dt), y, method="RK45", rtol=1e-10, atol=1e-12).y[:, -1]
        else:
            new = y.copy()
        if refract > 0:
            refract -= 1
            new[0] = y[0]
        y = new
        y[2] += inputs[k, 0] * np.e / TAU_E
        y[4] += inputs[k, 1] * np.e / TAU_I
        if abs(y[0] - V_THRESH) < GRAZE and y[0] - trace[k] < GRAZE:
            iaf_cond_alpha_reference.margin = 0.0
        if y[0] >= V_THRESH:
            # stamped with the tick whose update crossed: the board's k dt (NEST: (k + 1) dt)
            out.append(k * dt)
            y[0], refract = V_RESET, r_ticks
    return trace, ge, np.array(out)


@pytest.mark.parametrize("dt, rms_tol, max_tol", [(0.1, 5e-4, 2e-3), (1.0, 2e-3, 5e-3)])
def test_cond_alpha_trace_against_ode_solver(sim_state, dt, rms_tol, max_tol):
    """Subthreshold: v and g_exc against RK45."""
    sim_state.dt = dt
    spikes = [10.0, 12.0, 30.0, 31.0, 32.0, 60.0, 61.0, 90.0]
    types = [0, 0, 0, 0, 0, 1, 1, 0]
    weights = [x * LSB for x in (328, 492, 200, 200, 200, 655, 655, 983)]  # 0.006..0.03 uS
    pop, t = drive(sim_state, "IF_cond_alpha", spikes, weights, types, 150.0,
                   e_rev_E=E_E, e_rev_I=E_I, tau_syn_E=TAU_E, tau_syn_I=TAU_I)
    v = sim_state.signal(pop, "v")[:, 0]
    ref, ref_ge, ref_spikes = iaf_cond_alpha_reference(
        dt, len(t), np.rint(np.array(spikes) / dt).astype(int), weights, types, 0.0, 0.1)
    assert len(ref_spikes) == 0 and len(sim_state.spikes(pop)[1]) == 0
    assert ref.max() - V_REST > 2.0   # PSPs worth comparing
    err = v - ref
    rms, worst = np.sqrt(np.mean(err ** 2)), np.max(np.abs(err))
    print(f"IF_cond_alpha dt={dt}: v RMS {rms:.2e} mV, max {worst:.2e} mV")
    assert rms < rms_tol and worst < max_tol
    ge = sim_state.signal(pop, "gsyn_exc")[:, 0]
    np.testing.assert_allclose(ge, ref_ge, atol=2e-6)
    assert ge.max() > 0.01


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_cond_alpha_spike_times_against_ode_solver(sim_state, dt):
    sim_state.dt = dt
    rng = np.random.default_rng(7)
    n_in = 80
    times = np.round(np.sort(rng.uniform(5, 195, n_in)) / dt) * dt
    types = list((rng.uniform(size=n_in) < 0.25).astype(int))
    weights = list(rng.integers(300, 1500, n_in) * LSB)   # 0.009 .. 0.046 uS
    pop, t = drive(sim_state, "IF_cond_alpha", list(times), weights, types, 200.0,
                   e_rev_E=E_E, e_rev_I=E_I, tau_syn_E=TAU_E, tau_syn_I=TAU_I,
                   i_offset=0.6, tau_refrac=2.0)
    _, _, expected = iaf_cond_alpha_reference(dt, len(t), np.rint(times / dt).astype(int),
                                              weights, types, 0.6, 2.0)
    got = sim_state.spikes(pop)[1]
    print(f"IF_cond_alpha dt={dt}: {len(expected)} spikes, max |dt_spike| "
          f"{np.max(np.abs(got - expected)) if len(got) == len(expected) else None}")
    assert len(expected) >= 5 and iaf_cond_alpha_reference.margin > 0
    assert len(got) == len(expected)
    assert np.max(np.abs(got - expected)) <= dt + 1e-9

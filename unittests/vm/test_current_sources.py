"""Current sources on the neuron core against float64 integrations of the same protocol."""
import numpy as np
import pytest

from spynnaker_backend.graph import CurrentSource
from network_builders import lif, record

TAU_M, CM, V_REST = 20.0, 1.0, -65.0
HIGH_THRESHOLD = {"v_thresh": 1000.0}
LSB = 2.0 ** -15


def board_exp_tc(dt):
    """exp(-dt/tau_m) as the board holds it (an s16.15 accum)."""
    return np.round(np.exp(-dt / TAU_M) / LSB) * LSB


def v_tolerance(dt):
    """IF_curr_exp runs the board's LIF: its two truncating products lose < 1 LSB each per tick,
    which settles below 2 LSB / (1 - exp_TC); plus 1 LSB for the current's rounding to s16.15
    (0.012 mV at dt 0.1 ms, 0.0013 mV at dt 1 ms)."""
    return (2.0 / (1.0 - board_exp_tc(dt)) + 1.0) * LSB


V_TOLERANCE = v_tolerance(0.1)


def reference_v(current_per_tick, dt):
    """LIF driven by a current held constant over each tick (exact within the tick), with the
    board's accum-rounded exp_TC (R = tau_m/cm = 20 is exact in s16.15)."""
    p22 = board_exp_tc(dt)
    v = np.empty(len(current_per_tick) + 1)
    v[0] = V_REST
    for k, i in enumerate(current_per_tick):
        v[k + 1] = V_REST + (v[k] - V_REST) * p22 + i * TAU_M / CM * (1 - p22)
    return v


def run_with(state, source, n=3, indices=None, dt=0.1, t=100.0, apc=None):
    state.dt = dt
    pop = state.graph.add_vertex(lif("pop", n, apc, **HIGH_THRESHOLD))
    pop.current_sources.append((source, np.arange(n) if indices is None else indices))
    record(pop, "v")
    state.run(t)
    return pop, state.signal(pop, "v")


@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_dc_source_matches_exact_solution(sim_state, dt):
    src = CurrentSource("dc", {"amplitude": 0.6, "start": 20.0, "stop": 70.0})
    pop, v = run_with(sim_state, src, indices=np.array([0, 2]), dt=dt)
    k = np.arange(int(round(100.0 / dt)))
    current = np.where((k * dt >= 20.0 - 1e-9) & (k * dt < 70.0 - 1e-9), 0.6, 0.0)
    np.testing.assert_allclose(v[:, 0], reference_v(current, dt)[:len(v)], atol=v_tolerance(dt))
    np.testing.assert_allclose(v[:, 2], v[:, 0])
    assert np.all(v[:, 1] == V_REST), "a neuron not injected into stays at rest"


def test_step_source_matches_exact_solution(sim_state):
    src = CurrentSource("step", {"times": [10.0, 30.04, 30.06, 60.0],
                                 "amplitudes": [0.5, 1.0, -0.3, 0.2]})
    pop, v = run_with(sim_state, src, n=1)
    k = np.arange(1000)
    ticks = np.array([100, 300, 301, 600])
    amps = np.array([0.5, 1.0, -0.3, 0.2])
    current = np.array([amps[ticks <= kk][-1] if np.any(ticks <= kk) else 0.0 for kk in k])
    np.testing.assert_allclose(v[:, 0], reference_v(current, 0.1)[:len(v)], atol=V_TOLERANCE)


def test_ac_source_matches_exact_solution(sim_state):
    p = {"amplitude": 0.8, "offset": 0.1, "frequency": 40.0, "phase": 30.0,
         "start": 5.0, "stop": 90.0}
    pop, v = run_with(sim_state, CurrentSource("ac", p), n=1)
    t = np.arange(1000) * 0.1
    on = (t >= 5.0 - 1e-9) & (t < 90.0 - 1e-9)
    current = np.where(on, 0.1 + 0.8 * np.sin(2 * np.pi * 40.0 * (t - 5.0) / 1000.0
                                               + 2 * np.pi * 30.0 / 360.0), 0.0)
    np.testing.assert_allclose(v[:, 0], reference_v(current, 0.1)[:len(v)], atol=V_TOLERANCE)


def test_noisy_source_statistics_and_partition_invariance(sim_state):
    src = CurrentSource("noisy", {"mean": 0.5, "stdev": 1.0, "dt": 1.0, "start": 0.0,
                                  "stop": 1e12}, seed=11)
    pop, v = run_with(sim_state, src, n=20, t=400.0, apc=3)
    sim_state.clear()
    sim_state.dt = 0.1
    pop2, v2 = run_with(sim_state, src, n=20, t=400.0, apc=20)
    np.testing.assert_array_equal(v, v2)
    # recover the injected current from the exact update: i = (v1 - vr - (v0 - vr) p22) / r
    p22 = np.exp(-0.1 / TAU_M)
    i = (v[1:] - V_REST - (v[:-1] - V_REST) * p22) / (TAU_M / CM * (1 - p22))
    samples = i[::10].ravel()          # one value per noise interval (1 ms = 10 ticks)
    assert abs(samples.mean() - 0.5) < 4 * 1.0 / np.sqrt(len(samples))
    assert abs(samples.std() - 1.0) < 0.05
    assert np.allclose(i[1:10], i[0:1], atol=1e-3), "held for the noise interval"
    assert not np.allclose(v[:, 0], v[:, 1]), "each neuron gets its own noise"

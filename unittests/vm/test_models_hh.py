"""HH_cond_exp on the VM against float64 solutions of the published equations (NEST's
hh_cond_exp_traub, PyNN's HH_cond_exp): integration_tests/reference/hh_exact.py.

``exact`` solves the equations (DOP853, rtol 1e-10) and ``scheme`` runs the cores' integrator
in float64 (RK4 sub-steps, v rounded to s16.15 per tick); the distance between them is the
integrator's own error (RK4 truncation and the per-tick rounding of v, amplified by the
dynamics).  The cores may add only their fixed-point arithmetic (2^-28 mV, gates 2^-40 within
a tick, rates within 3e-8 relative), so the bound on |cores - exact| between spikes is twice
the scheme's error plus 2^-12 mV, and every spike must be at the exact solution's tick.
"""
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from network_builders import cell, drive, random_recurrent_run, record
from spynnaker_backend.models import REGISTRY
from spynnaker_backend.models.hh_cond_exp import sub_shift

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration_tests"))
from reference.hh_exact import DEFAULTS as P, LSB, board_spikes, exact, rates, scheme  # noqa: E402


def away_from_spikes(t, spikes, before=2.0, after=3.0):
    keep = np.ones(len(t), bool)
    for s in spikes:
        keep &= ~((t > s - before) & (t < s + after))
    return keep


def test_sub_steps_follow_from_the_parameters():
    """2^k sub-steps with h <= 1/128 ms and h (gNa + gK + gL) / cm <= 1."""
    assert sub_shift(0.1, 20.0, 6.0, 0.01, 0.2) == 4
    assert sub_shift(1.0, 20.0, 6.0, 0.01, 0.2) == 8   # 130/ms: h = 1/256 ms
    assert sub_shift(0.1, 200.0, 60.0, 0.1, 0.2) == 8   # 1301/ms: h <= 7.7e-4 ms
    with pytest.raises(ValueError, match="sub-steps"):
        REGISTRY["HH_cond_exp"].to_core(
            {**{k: np.array([v]) for k, v in P.items()}, "gbar_Na": np.array([1e6])},
            {k: np.array([d]) for k, (d, _) in REGISTRY["HH_cond_exp"].host_state.items()},
            0.1)


def test_rest_potential(sim_state):
    """From PyNN's initial state (v = -65 mV, m = n = 0, h = 1) without input the cell
    settles where the steady-state currents cancel.  The tick's increment is rounded to
    2^-15 mV, so the cores stop where |dv/dt| dt < 2^-16 mV: within 2^-16 tau_eff / dt of
    the rest potential (tau_eff = cm / the slope conductance there) plus one LSB."""
    p = dict(P)

    def current(v):
        am, bm, ah, bh, an, bn = rates(v, p)
        m, h, n = am / (am + bm), ah / (ah + bh), an / (an + bn)
        return (-p["gbar_Na"] * m ** 3 * h * (v - p["e_rev_Na"])
                - p["gbar_K"] * n ** 4 * (v - p["e_rev_K"]) - p["g_leak"] * (v - p["e_rev_leak"]))

    v_rest = brentq(current, -80.0, -60.0)
    slope = -(current(v_rest + 1e-4) - current(v_rest - 1e-4)) / 2e-4   # uS
    bound = 2.0 ** -16 * (p["cm"] / slope) / sim_state.dt + LSB
    pop, _ = drive(sim_state, "HH_cond_exp", [], [], [], 400.0)
    v = sim_state.signal(pop, "v")[:, 0]
    assert len(sim_state.spikes(pop)[1]) == 0
    print(f"rest {v_rest:.6f} mV; cores {v[-1]:.6f} mV (bound {bound:.2e})")
    assert abs(v[-1] - v_rest) <= bound
    assert abs(v[-1] - v[-200]) <= LSB     # settled


@pytest.mark.parametrize("i_offset", [0.2, 0.5])
def test_dc_driven_spikes_and_trace(sim_state, i_offset):
    """Tonic firing under i_offset: every spike at the exact solution's tick, v between
    spikes within the scheme's bound, the gates (recorded m, h, n) within 1e-3."""
    dt = sim_state.dt
    p = dict(P, i_offset=i_offset)
    n_ticks = int(round(150.0 / dt))
    pop, t = drive(sim_state, "HH_cond_exp", [], [], [], n_ticks * dt, i_offset=i_offset)
    ref = exact(p, dt, n_ticks, {})
    model = scheme(p, dt, n_ticks, {})
    expected = board_spikes(ref[:, 0], p, dt)
    got = sim_state.spikes(pop)[1]
    assert len(expected) >= 5
    np.testing.assert_allclose(got, expected, atol=1e-9)
    v = sim_state.signal(pop, "v")[:, 0]
    keep = away_from_spikes(t, expected)
    bound = 2 * np.max(np.abs(model[:n_ticks, 0] - ref[:n_ticks, 0])[keep]) + 2.0 ** -12
    err = np.max(np.abs(v - ref[:n_ticks, 0])[keep])
    print(f"i_offset {i_offset}: {len(got)} spikes as exact; v max error {err:.2e} mV "
          f"between spikes (bound {bound:.2e})")
    assert err <= bound
    for j, name in enumerate("mhn"):
        gate = sim_state.signal(pop, name)[:, 0]
        assert np.all((gate >= 0) & (gate <= 1))
        assert np.max(np.abs(gate - ref[:n_ticks, 1 + j])[keep]) < 1e-3


def poisson_protocol(dt, seed, rate_exc=2000.0, rate_inh=800.0, t_max=300.0):
    """Merged Poisson input on the tick grid: times, types and weights on the s16.15 grid
    (so that the weights the cores hold are the reference's)."""
    rng = np.random.default_rng(seed)
    times, types, weights = [], [], []
    for stype, rate, w in ((0, rate_exc, 160 * LSB), (1, rate_inh, 200 * LSB)):
        n = rng.poisson(rate * t_max / 1000.0)
        ts = np.round(rng.uniform(1.0, t_max - 1.0, n) / dt) * dt
        times += list(ts)
        types += [stype] * n
        weights += [w] * n
    return np.round(times, 10), types, weights


def test_poisson_driven_against_exact_solution(sim_state):
    """Excitatory and inhibitory Poisson input (2 kHz x 4.9 nS, 800 Hz x 6.1 nS) on a cell
    near rheobase: every spike at the exact solution's tick, v between spikes within the
    scheme's bound.  An input sent at s reaches the cell at s + dt (delay one tick)."""
    dt = sim_state.dt
    p = dict(P, i_offset=0.05, tau_syn_E=2.0, tau_syn_I=5.0)
    times, types, weights = poisson_protocol(dt, 7)
    n_ticks = int(round(300.0 / dt))
    pop, t = drive(sim_state, "HH_cond_exp", list(times), weights, types, n_ticks * dt,
                   i_offset=0.05, tau_syn_E=2.0, tau_syn_I=5.0)
    arrivals = {}
    for s, stype, w in zip(times, types, weights):
        k = int(round(s / dt)) + 1
        jump = arrivals.setdefault(k, np.zeros(2))
        jump[stype] += w
    ref = exact(p, dt, n_ticks, arrivals)
    model = scheme(p, dt, n_ticks, arrivals)
    expected = board_spikes(ref[:, 0], p, dt)
    got = sim_state.spikes(pop)[1]
    assert len(expected) >= 5
    np.testing.assert_allclose(got, expected, atol=1e-9)
    v = sim_state.signal(pop, "v")[:, 0]
    keep = away_from_spikes(t, expected)
    bound = 2 * np.max(np.abs(model[:n_ticks, 0] - ref[:n_ticks, 0])[keep]) + 2.0 ** -12
    err = np.max(np.abs(v - ref[:n_ticks, 0])[keep])
    print(f"{len(got)} spikes as exact; v max error {err:.2e} mV (bound {bound:.2e})")
    assert err <= bound
    gsyn = sim_state.signal(pop, "gsyn_exc")[:, 0]
    init = 2.0 / dt * -np.expm1(-dt / 2.0)   # the board's mean over the tick
    np.testing.assert_allclose(gsyn, init * ref[:n_ticks, 4], atol=2 * LSB / 1000 + 1e-6)


def _network(sim_state, atoms_per_core, threads):
    """12 HH cells with graded i_offset, random input from 20 sources, recurrent
    excitation among them; returns (spike ids, times, v)."""
    sim_state.clear()
    sim_state.dt = 0.1
    sim_state.allow_losses = False
    sim_state.n_threads = threads
    rng = np.random.default_rng(5)
    n = 12
    pop = cell("HH_cond_exp", "hh", n, max_atoms_per_core=atoms_per_core,
               i_offset=np.linspace(0.0, 0.4, n), tau_syn_E=2.0)
    record(pop, "spikes", "v", "n")
    ids, times = random_recurrent_run(sim_state, pop, rng, LSB)
    return ids, times, sim_state.signal(pop, "v").copy()


def test_partition_and_threads_bit_identical(sim_state):
    """The same spikes and the same v bits for 12, 5 and 1 neurons per core, 1 or 2 host
    threads."""
    base = _network(sim_state, None, 1)
    assert len(base[1]) > 20
    for atoms, threads in ((5, 2), (1, 1), (None, 2)):
        other = _network(sim_state, atoms, threads)
        np.testing.assert_array_equal(other[0], base[0])
        np.testing.assert_array_equal(other[1], base[1])
        np.testing.assert_array_equal(other[2], base[2])


def test_bad_parameters_raise_naming_them():
    """Negative channel conductances at the call; a capacitance too small for the fixed point
    when the population is built (or at the latest the run), naming cm."""
    import pyNN.spiNNaker as sim
    from pyNN.errors import InvalidParameterValueError
    sim.setup(timestep=0.1)
    try:
        with pytest.raises(InvalidParameterValueError, match="gbar_K"):
            sim.HH_cond_exp(gbar_K=-1.0)
        with pytest.raises(ValueError, match="cm = 1e-06 nF is too small"):
            sim.Population(1, sim.HH_cond_exp(cm=1e-6, gbar_Na=0.0, gbar_K=0.0, g_leak=0.0))
            sim.run(1.0)
    finally:
        sim.end()

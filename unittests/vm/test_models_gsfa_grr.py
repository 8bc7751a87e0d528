"""IF_cond_exp_gsfa_grr on the VM against float64 solutions of PyNN's equations
(integration_tests/reference/gsfa_exact.py).

``scheme`` runs the cores' per-tick step in float64 and ``exact`` solves the equations on the
same tick grid.  The cores differ from ``scheme`` only by their fixed point: each tick's v
may round differently by one LSB (2^-15 mV) and the coefficients are held to < 1e-6
relative, and the membrane contracts any difference by exp(-dt/tau_m) per tick at least, so
|cores - scheme| settles below reference.gsfa_exact.rounding_bound (0.012 mV at dt 0.1 ms).  Spikes: at the scheme's ticks, except where v passes the threshold
within that bound (then within one tick).  The scheme's own distance from the exact solution
(its discretisation) is printed and bounded in integration_tests/test_gsfa_grr_against_nest.py.
"""
import sys
from pathlib import Path

import numpy as np
import pytest

from network_builders import cell, drive, random_recurrent_run, record

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration_tests"))
from reference.gsfa_exact import (DEFAULTS as P, LSB, exact, rounding_bound,  # noqa: E402
                                  scheme)


def spikes_agree(got, expected, v_ref, p, dt, bound):
    """Every spike at the scheme's tick, or within one tick where the scheme's v crossed the
    threshold by less than the bound (the fixed point may cross a tick earlier or later)."""
    assert len(got) == len(expected), (got, expected)
    for g, e in zip(got, expected):
        if abs(g - e) < 1e-9:
            continue
        k = int(round(e / dt)) + 1
        assert abs(g - e) <= dt + 1e-9 and (
            abs(v_ref[k] - p["v_thresh"]) <= bound or abs(v_ref[k - 1] - p["v_thresh"])
            <= bound), (g, e)


@pytest.mark.parametrize("i_offset", [1.2, 2.0])
def test_dc_driven_against_scheme(sim_state, i_offset):
    """Tonic firing with adaptation under i_offset, 400 ms: v within the rounding bound of
    the scheme at every tick, the same spikes, the intervals lengthening, and g_s and g_r as
    recorded: a jump of q_sfa, q_rr at each spike and exp(-dt/tau) per tick, within what the
    per-tick rounding of 2^-17 nS accumulates."""
    dt = sim_state.dt
    p = dict(P, i_offset=i_offset)
    n_ticks = int(round(400.0 / dt))
    pop, t = drive(sim_state, "IF_cond_exp_gsfa_grr", [], [], [], n_ticks * dt,
                   i_offset=i_offset)
    model, expected = scheme(p, dt, n_ticks)
    ref, exact_spikes = exact(p, dt, n_ticks)
    v = sim_state.signal(pop, "v")[:, 0]
    got = sim_state.spikes(pop)[1]
    bound = rounding_bound(p, dt)
    err = np.max(np.abs(v - model[:n_ticks]))
    print(f"i_offset {i_offset}: {len(got)} spikes; v max |cores - scheme| {err:.2e} mV "
          f"(bound {bound:.2e}); scheme - exact {np.max(np.abs(model - ref)):.2e} mV, "
          f"spikes {expected} vs exact {exact_spikes}")
    assert len(expected) >= 6
    assert err <= bound
    spikes_agree(got, expected, model, p, dt, bound)
    # adaptation: the intervals lengthen
    isi = np.diff(got)
    assert isi[-1] > 1.3 * isi[0]
    # the recorded conductances: q at each spike, then exp(-dt/tau) per tick
    for name, q, tau in (("g_s", p["q_sfa"], p["tau_sfa"]), ("g_r", p["q_rr"], p["tau_rr"])):
        g = np.zeros(n_ticks)
        ticks = np.round(np.asarray(got) / dt).astype(int)
        level = 0.0
        for k in range(n_ticks):
            g[k] = level
            level *= np.exp(-dt / tau)
            if k in ticks:
                level += q
        rec = sim_state.signal(pop, name)[:, 0]
        # rounded decays: < 1 unit (2^-17 nS) per tick, settling below 1 / (1 - exp(-dt/tau))
        tol = 2.0 ** -17 / -np.expm1(-dt / tau) + 1e-9
        assert np.max(np.abs(rec - g)) <= tol, name


def test_poisson_driven_against_scheme(sim_state):
    """Excitatory and inhibitory inputs (2 kHz x 4 nS, 800 Hz x 10 nS, merged) on top of
    0.6 nA: v within the rounding bound of the scheme, the same spikes."""
    dt = sim_state.dt
    rng = np.random.default_rng(11)
    times, types, weights = [], [], []
    for stype, rate, w in ((0, 2000.0, 131 * LSB), (1, 800.0, 328 * LSB)):
        n = rng.poisson(rate * 0.3)
        times += list(np.round(rng.uniform(1.0, 299.0, n) / dt) * dt)
        types += [stype] * n
        weights += [w] * n
    times = list(np.round(times, 10))
    n_ticks = int(round(300.0 / dt))
    pop, t = drive(sim_state, "IF_cond_exp_gsfa_grr", times, weights, types, n_ticks * dt,
                   i_offset=0.6)
    arrivals = {}
    for s, stype, w in zip(times, types, weights):
        arrivals.setdefault(int(round(s / dt)) + 1, np.zeros(2))[stype] += w
    p = dict(P, i_offset=0.6)
    model, expected = scheme(p, dt, n_ticks, arrivals)
    v = sim_state.signal(pop, "v")[:, 0]
    got = sim_state.spikes(pop)[1]
    bound = rounding_bound(p, dt)
    err = np.max(np.abs(v - model[:n_ticks]))
    print(f"{len(got)} spikes; v max |cores - scheme| {err:.2e} mV (bound {bound:.2e})")
    assert len(expected) >= 5
    # the board's synapse adds an input as w init truncated and decays truncating: the
    # conductance may lag the scheme's by up to 2^-25 uS / (1 - exp(-dt/tau_syn)) per input,
    # a few 1e-6 of the conductance: far below the rounding bound
    assert err <= bound
    spikes_agree(got, expected, model, p, dt, bound)


def _network(sim_state, atoms_per_core, threads):
    """10 cells with graded i_offset, random input from 20 sources, recurrent excitation;
    returns (spike ids, times, v, g_s)."""
    sim_state.clear()
    sim_state.dt = 0.1
    sim_state.allow_losses = False
    sim_state.n_threads = threads
    rng = np.random.default_rng(3)
    n = 10
    pop = cell("IF_cond_exp_gsfa_grr", "cells", n, max_atoms_per_core=atoms_per_core,
               i_offset=np.linspace(0.5, 1.5, n))
    record(pop, "spikes", "v", "g_s", "g_r")
    ids, times = random_recurrent_run(sim_state, pop, rng, LSB)
    return ids, times, sim_state.signal(pop, "v").copy(), sim_state.signal(pop, "g_s").copy()


def test_partition_and_threads_bit_identical(sim_state):
    """The same spikes and the same v and g_s bits for 10, 3 and 1 neurons per core, 1 or 2
    host threads."""
    base = _network(sim_state, None, 1)
    assert len(base[1]) > 20
    for atoms, threads in ((3, 2), (1, 1), (None, 2)):
        other = _network(sim_state, atoms, threads)
        for a, b in zip(other, base):
            np.testing.assert_array_equal(a, b)


def test_bad_parameters_raise_naming_them():
    """Negative quanta and time constants at the call; a capacitance too small for the fixed
    point when the population is mapped, naming cm."""
    import pyNN.spiNNaker as sim
    from pyNN.errors import InvalidParameterValueError
    sim.setup(timestep=0.1)
    try:
        with pytest.raises(InvalidParameterValueError, match="q_rr"):
            sim.IF_cond_exp_gsfa_grr(q_rr=-1.0)
        with pytest.raises(InvalidParameterValueError, match="tau_sfa"):
            sim.IF_cond_exp_gsfa_grr(tau_sfa=0.0)
        with pytest.raises(ValueError, match="cm = 0.0001 nF is too small"):
            sim.Population(1, sim.IF_cond_exp_gsfa_grr(cm=1e-4))
            sim.run(1.0)
    finally:
        sim.end()

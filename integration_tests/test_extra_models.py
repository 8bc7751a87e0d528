"""sPyNNaker 7.4.1's extra_models that run on the cores, against hand-computed traces and
the analytic firing probabilities of their stochastic thresholds.

The stochastic thresholds fire with a probability per tick that depends on v only; with v
clamped (a tiny tau_m makes v = v_rest after every integration, and v_reset = v_rest) each
neuron-tick is a Bernoulli trial of that probability.  The tests check the total count
with an exact binomial test and the spread of per-neuron counts with a chi-square test,
and that the draws do not depend on the partitioning, the thread count or run splits.
"""
import numpy as np
import pytest
from scipy import stats

import pyNN.spiNNaker as sim
from spynnaker_backend.pynn.pending import is_pending
from spynnaker.pyNN import extra_models


def maass_probability(v, v_thresh, du_th, tau_th, dt):
    """Habenschuss, Jonke and Maass (2013): 0.8 (1 - exp(-dt exp((v - v_th)/du_th)/tau_th)),
    capped at 0.8 from (v - v_th)/du_th >= 5 (sPyNNaker's cut-off)."""
    x = (np.asarray(v, float) - v_thresh) / du_th
    p = 0.8 * -np.expm1(-dt * np.exp(np.minimum(x, 5.0)) / tau_th)
    return np.where(x >= 5.0, 0.8, p)


def clamped_counts(celltype, v_levels, per_level, ticks, dt=1.0, seed=11, max_atoms=None,
                   threads=None, split=None, **params):
    """Spike counts of neurons whose v is held at each of ``v_levels``."""
    extra = {} if threads is None else {"threads": threads}
    sim.setup(timestep=dt, **extra)
    if max_atoms:
        sim.set_number_of_neurons_per_core(celltype, max_atoms)
    v = np.repeat(np.asarray(v_levels, float), per_level)
    cell = celltype(tau_m=0.001, cm=1.0, tau_refrac=0.0, v_rest=v, v_reset=v, **params)
    pop = sim.Population(len(v), cell, label="stoc", seed=seed, initial_values={"v": v})
    if max_atoms:   # the partitioning asked for is the one mapped
        assert pop._vertex.max_atoms_per_core == max_atoms
    pop.record("spikes")
    for part in (split or [ticks * dt]):
        sim.run(part)
    trains = pop.get_data("spikes").segments[0].spiketrains
    times = [np.asarray(st.magnitude) for st in trains]
    sim.end()
    return v, times


def check_bernoulli(counts, p, ticks):
    """Total count: exact binomial test; per-neuron counts: chi-square against Binomial."""
    n = len(counts)
    total = int(np.sum(counts))
    assert stats.binomtest(total, n * ticks, p).pvalue > 1e-4, (total, n * ticks * p)
    if 0.02 < p < 0.98:
        # per-neuron counts binned into quantile bins of Binomial(ticks, p)
        edges = np.unique(stats.binom.ppf(np.linspace(0, 1, 6)[1:-1], ticks, p))
        observed = np.bincount(np.searchsorted(edges, counts, side="left"),
                               minlength=len(edges) + 1)
        cdf = np.concatenate(([0.0], stats.binom.cdf(edges, ticks, p), [1.0]))
        expected = n * np.diff(cdf)
        chi2 = np.sum((observed - expected) ** 2 / expected)
        assert stats.chi2.sf(chi2, len(expected) - 1) > 1e-4, (observed, expected)


MAASS = dict(v_thresh=-50.0, du_th=0.5, tau_th=20.0)


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_if_cond_exp_stoc_fires_with_maass_probability(dt):
    levels = [-52.0, -51.0, -50.0, -49.0, -48.0, -47.0]
    ticks = 400
    v, times = clamped_counts(extra_models.IFCondExpStoc, levels, 120, ticks, dt=dt, **MAASS)
    counts = np.array([len(t) for t in times])
    for level in levels:
        p = float(maass_probability(level, dt=dt, **MAASS))
        check_bernoulli(counts[v == level], p, ticks)
    # the wrong law fails: the 7.4.1 C's +dt/10 (p = 0 below the cut-off) and a hazard
    # without the 0.8 cap are far outside the bounds
    assert counts[v == -49.0].sum() > 0
    hazard_only = -np.expm1(-dt * np.exp(2.0) / 20.0) * 120 * ticks
    assert abs(counts[v == -49.0].sum() - hazard_only) > 6 * np.sqrt(hazard_only)


def test_if_curr_delta_fixed_prob_fires_with_p_thresh_above_threshold_only():
    ticks = 500
    v, times = clamped_counts(extra_models.IFCurrDeltaFixedProb, [0.5, 1.0, 2.0], 150, ticks,
                              v_thresh=1.0, p_thresh=0.3)
    counts = np.array([len(t) for t in times])
    assert counts[v == 0.5].sum() == 0          # below the threshold: never
    for level in (1.0, 2.0):                    # at or above: p_thresh per tick
        check_bernoulli(counts[v == level], 0.3, ticks)


def test_fixed_prob_one_always_fires_and_zero_never():
    for p, expect in ((1.0, 200), (0.0, 0)):
        _, times = clamped_counts(extra_models.IFCurrDeltaFixedProb, [2.0], 4, 200,
                                  v_thresh=1.0, p_thresh=p)
        assert [len(t) for t in times] == [expect] * 4


def test_stochastic_spikes_independent_of_partitioning_threads_and_run_split():
    kw = dict(v_thresh=-50.0, du_th=0.5, tau_th=20.0)
    _, base = clamped_counts(extra_models.IFCondExpStoc, [-49.5, -49.0], 40, 120, **kw)
    for variant in (dict(max_atoms=7), dict(threads=2), dict(split=[50.0, 70.0])):
        _, other = clamped_counts(extra_models.IFCondExpStoc, [-49.5, -49.0], 40, 120,
                                  **variant, **kw)
        for a, b in zip(base, other):
            np.testing.assert_array_equal(a, b)
    _, reseeded = clamped_counts(extra_models.IFCondExpStoc, [-49.5, -49.0], 40, 120,
                                 seed=12, **kw)
    assert any(len(a) != len(b) or np.any(a != b) for a, b in zip(base, reseeded))


def test_cell_type_seed_is_used_and_checked():
    def run(**seed):
        sim.setup(timestep=1.0)
        pop = sim.Population(20, extra_models.IFCurrDeltaFixedProb(
            v_rest=2.0, v_reset=2.0, v_thresh=1.0, p_thresh=0.5, tau_refrac=0.0, **seed),
            label="a")
        pop.record("spikes")
        sim.run(50)
        out = [np.asarray(s.magnitude) for s in pop.get_data("spikes").segments[0].spiketrains]
        sim.end()
        return out
    a, b, c = run(seed=3), run(seed=3), run(seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))
    with pytest.raises(ValueError, match="seed"):
        extra_models.IFCurrDeltaFixedProb(seed=-1)
    with pytest.raises(ValueError, match="p_thresh"):
        extra_models.IFCurrDeltaFixedProb(p_thresh=1.5)


def run_trunc(spikes_exc, spikes_inh, ticks, **params):
    sim.setup(timestep=1.0)
    pop = sim.Population(1, extra_models.IFTruncDelta(**params))
    for times, receptor in ((spikes_exc, "excitatory"), (spikes_inh, "inhibitory")):
        if times:
            src = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
            sim.Projection(src, pop, sim.OneToOneConnector(),
                           sim.StaticSynapse(weight=1.0, delay=1.0), receptor_type=receptor)
    pop.record(["v", "spikes"])
    sim.run(ticks)
    block = pop.get_data()
    v = block.segments[0].filter(name="v")[0].magnitude.ravel()
    spikes = np.asarray(block.segments[0].spiketrains[0].magnitude)
    sim.end()
    return v, spikes


def test_if_trunc_delta_truncates_at_v_reset_and_integrates_without_leak():
    # hand-computed (dt = 1 ms, R = tau_m/cm = 1): a source spike at s enters in tick s + 1
    # and v recorded at t is v entering tick t; v holds between inputs (no leak); the third
    # inhibitory input would take v to -1 but v stays at v_reset = 0, so the excitatory
    # input at tick 13 lifts it to 1 (to 0 without the truncation)
    v, spikes = run_trunc([2.0, 3.0, 12.0], [5.0, 6.0, 7.0], 16, v_thresh=5.0)
    expected = [0, 0, 0, 0, 1, 2, 2, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1]
    np.testing.assert_allclose(v, expected[:len(v)], atol=1e-4)
    assert len(spikes) == 0


def test_if_trunc_delta_offset_drive_and_refractory_period():
    # v gains i_offset tau_m/cm = 0.3 mV per tick; a spike at v >= 1 resets v to v_reset and
    # holds it ceil(tau_refrac/dt) = 2 ticks: period = 4 ticks (0.3 .. 1.2) + 2
    v, spikes = run_trunc([], [], 40, i_offset=0.3, tau_refrac=2.0, v_thresh=1.0)
    np.testing.assert_allclose(spikes, [3.0, 9.0, 15.0, 21.0, 27.0, 33.0, 39.0])
    np.testing.assert_allclose(v[:6], [0.0, 0.3, 0.6, 0.9, 0.0, 0.0], atol=1e-4)
    # R = tau_m/cm scales both the drive and the input: tau_m = 2 doubles the drive
    _, faster = run_trunc([], [], 40, i_offset=0.3, tau_m=2.0, tau_refrac=2.0, v_thresh=1.0)
    np.testing.assert_allclose(faster[:3], [1.0, 5.0, 9.0])


def test_every_741_extra_models_name_of_this_work_is_present():
    # 7.4.1's extra_models.__all__ names of this work: running, or a clear error on use
    running = {"IFCondExpStoc", "IFCurrDeltaFixedProb", "IFTruncDelta"}
    running |= {"StocExp", "StocExpStable", "StocSigma", "SpikeSourcePoissonVariable"}
    running |= {"WeightChangeable", "WeightChanger"}   # test_weight_change.py
    assert running <= set(extra_models.__all__)
    assert not any(is_pending(getattr(extra_models, name)) for name in running)


def run_stoc(cell, n, ticks, seed=21, sources=(), max_atoms=None):
    sim.setup(timestep=1.0)
    if max_atoms:
        sim.set_number_of_neurons_per_core(type(cell), max_atoms)
    pop = sim.Population(n, cell, label="stoc", seed=seed)
    for times, weight, receptor in sources:
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
        sim.Projection(src, pop, sim.AllToAllConnector(),
                       sim.StaticSynapse(weight=weight, delay=1.0), receptor_type=receptor)
    pop.record(["spikes", "v"])
    sim.run(ticks)
    block = pop.get_data()
    trains = [np.asarray(st.magnitude).astype(int) for st in block.segments[0].spiketrains]
    v = block.segments[0].filter(name="v")[0].magnitude
    sim.end()
    return trains, v


def bursts(train, ticks, length):
    """(draws, firings) of a neuron that fires bursts of ``length`` spikes: every firing
    tick starts a run of exactly ``length`` consecutive spikes (the last may be cut by the
    end of the run); the other ticks are draws that did not fire."""
    spikes = set(train.tolist())
    draws = firings = covered = 0
    t = 0
    while t < ticks:
        draws += 1
        if t in spikes:
            firings += 1
            run = [t + k for k in range(length) if t + k < ticks]
            assert all(k in spikes for k in run), (t, train)
            covered += len(run)
            t += length
        else:
            t += 1
    assert covered == len(train), "spikes outside the bursts"
    return draws, firings


@pytest.mark.parametrize("tau,bias", [(10.0, 0.0), (4.0, -1.5), (2.0, 0.5)])
def test_stoc_exp_draws_2_to_the_v_over_tau_and_bursts_ceil_tau_ticks(tau, bias):
    ticks = 600
    trains, v = run_stoc(extra_models.StocExp(tau=tau, bias=bias), 60, ticks)
    length = int(np.ceil(tau))
    draws = firings = 0
    for train in trains:
        d, f = bursts(train, ticks, length)
        draws, firings = draws + d, firings + f
    p = min(1.0, 2.0 ** bias / tau)
    assert stats.binomtest(firings, draws, p).pvalue > 1e-4, (firings, draws * p)
    # v is the bias in integrated ticks, 0 in a burst's ticks (as 7.4.1 records it)
    assert set(np.unique(v)) <= {0.0, bias}


@pytest.mark.parametrize("alpha,bias", [(1.0, 0.0), (0.5, -2.0), (2.0, 0.75)])
def test_stoc_sigma_fires_with_probability_2_to_the_minus_2_to_the_minus_alpha_v(alpha, bias):
    ticks = 400
    trains, _ = run_stoc(extra_models.StocSigma(alpha=alpha, bias=bias, tau_refrac=1.0),
                         150, ticks)
    p = 2.0 ** -(2.0 ** (-alpha * bias))
    check_bernoulli(np.array([len(t) for t in trains]), p, ticks)


def test_stoc_exp_stable_keeps_v_floors_it_at_v_reset_and_resets_on_a_firing():
    # tau 2^v with v around -30 mV: p ~ 1e-9, no firing; v integrates the bias and inputs
    cell = extra_models.StocExpStable(v_init=-30.0, v_reset=-31.0, tau=1.0, bias=0.25)
    _, v = run_stoc(cell, 1, 12, sources=[([3.0], 2.0, "excitatory"),
                                          ([6.0, 7.0, 8.0], 4.0, "inhibitory")])
    # v recorded at t is v entering tick t: -30 + 0.25 t, +2 from tick 4, -4 in ticks
    # 7, 8, 9 but floored at v_reset = -31 before the next tick's bias and input
    trace = [-30.0]
    for t in range(len(v) - 1):
        floor = max(trace[-1], -31.0) if t else trace[-1]
        trace.append(floor + 0.25 + 2.0 * (t == 4) - 4.0 * (t in (7, 8, 9)))
    np.testing.assert_allclose(v[:, 0], trace, atol=1e-4)
    # v = 5: p = min(1, 2^5) = 1, it fires at once; then v = v_reset = -30: p ~ 1e-9
    trains, v = run_stoc(extra_models.StocExpStable(v_init=5.0, v_reset=-30.0, tau=1.0,
                                                    tau_refrac=1.0), 4, 50)
    assert [t.tolist() for t in trains] == [[0]] * 4
    assert np.all(v[1:] == -30.0)
    # held at v_reset = v_init with no bias: a Bernoulli trial of tau 2^v per tick, v reset
    # to v_reset after each firing
    ticks = 500
    trains, _ = run_stoc(extra_models.StocExpStable(v_init=-2.0, v_reset=-2.0, tau=0.8,
                                                    tau_refrac=1.0), 150, ticks)
    check_bernoulli(np.array([len(t) for t in trains]), 0.8 * 2.0 ** -2.0, ticks)


def test_stoc_neurons_deterministic_over_partitioning_and_seeded():
    def spikes(**kw):
        return run_stoc(extra_models.StocExp(tau=3.0, bias=-1.0), 50, 200, **kw)[0]
    base = spikes()
    for a, b in zip(base, spikes(max_atoms=9)):
        np.testing.assert_array_equal(a, b)
    assert any(not np.array_equal(a, b) for a, b in zip(base, spikes(seed=22)))


def run_variable(n, ms, seed=31, max_atoms=None, split=None, **params):
    sim.setup(timestep=1.0)
    if max_atoms:
        sim.set_number_of_neurons_per_core(extra_models.SpikeSourcePoissonVariable, max_atoms)
    pop = sim.Population(n, extra_models.SpikeSourcePoissonVariable(**params), label="var",
                         seed=seed)
    pop.record("spikes")
    for part in (split or [ms]):
        sim.run(part)
    trains = [np.asarray(st.magnitude) for st in pop.get_data("spikes").segments[0].spiketrains]
    sim.end()
    return trains


def check_poisson_counts(counts, lam):
    """Counts of independent Poisson(lam) variables: total (exact Poisson test on the sum)
    and their spread (chi-square over quantile bins of Poisson(lam))."""
    total = int(np.sum(counts))
    expected = lam * len(counts)
    p_total = 2 * min(stats.poisson.cdf(total, expected), stats.poisson.sf(total - 1, expected))
    assert p_total > 1e-4, (total, expected)
    edges = np.unique(stats.poisson.ppf(np.linspace(0, 1, 7)[1:-1], lam))
    observed = np.bincount(np.searchsorted(edges, counts, side="left"),
                           minlength=len(edges) + 1)
    cdf = np.concatenate(([0.0], stats.poisson.cdf(edges, lam), [1.0]))
    chi2 = np.sum((observed - len(counts) * np.diff(cdf)) ** 2 / (len(counts) * np.diff(cdf)))
    assert stats.chi2.sf(chi2, len(edges)) > 1e-4, (observed, len(counts) * np.diff(cdf))


SEGMENTS = dict(rates=[40.0, 0.0, 5.0, 120.0], starts=[0.0, 500.0, 800.0, 1600.0],
                durations=[500.0, 300.0, 700.0, 400.0])
#: (first tick, end tick, rate) of SEGMENTS, with the silent gap 1500 .. 1600
INTERVALS = [(0, 500, 40.0), (500, 800, 0.0), (800, 1500, 5.0), (1500, 1600, 0.0),
             (1600, 2000, 120.0)]


def test_poisson_variable_counts_per_interval_follow_the_poisson_law():
    trains = run_variable(400, 2000, **SEGMENTS)
    for first, end, rate in INTERVALS:
        counts = np.array([np.sum((t >= first) & (t < end)) for t in trains])
        if rate == 0:
            assert counts.sum() == 0, (first, end)
        else:   # 5 Hz runs as a slow (interval) source, 40 and 120 Hz as fast (count) ones
            check_poisson_counts(counts, rate * (end - first) / 1000.0)


def test_poisson_variable_per_neuron_segments_and_silence_before_the_first():
    trains = run_variable(300, 1000, rates=[[80.0, 10.0], [30.0]] * 150,
                          starts=[[100.0, 400.0], [600.0]] * 150)
    first, second = trains[0::2], trains[1::2]
    assert all(np.all(t >= 100) for t in first) and all(np.all(t >= 600) for t in second)
    check_poisson_counts(np.array([np.sum(t < 400) for t in first]), 80 * 0.3)
    check_poisson_counts(np.array([np.sum(t >= 400) for t in first]), 10 * 0.6)
    check_poisson_counts(np.array([len(t) for t in second]), 30 * 0.4)


def test_poisson_variable_same_spikes_for_any_partitioning_and_run_split():
    base = run_variable(60, 2000, **SEGMENTS)
    for variant in (dict(max_atoms=7), dict(split=[650.0, 1350.0])):
        for a, b in zip(base, run_variable(60, 2000, **variant, **SEGMENTS)):
            np.testing.assert_array_equal(a, b)


def test_poisson_variable_rejects_inconsistent_segments():
    with pytest.raises(ValueError, match="starts"):
        extra_models.SpikeSourcePoissonVariable(rates=[1.0, 2.0], starts=[10.0, 5.0])
    sim.setup(timestep=1.0)
    try:
        pop = sim.Population(2, extra_models.SpikeSourcePoissonVariable(
            rates=[1.0, 2.0], starts=[0.0, 5.0], durations=[10.0]), label="bad")
        pop.record("spikes")
        with pytest.raises(Exception, match="bad.*durations"):
            sim.run(10)
    finally:
        sim.end()

"""Random spike sources through pyNN.spiNNaker, against their analytic distributions.

SpikeSourcePoisson runs as sPyNNaker 7's Poisson source runs on a board: a fast source (0.01
or more spikes per tick) draws a Poisson count per tick, a slow one exponential intervals of
floor(ticks per second / rate) ticks.  SpikeSourceGamma and SpikeSourcePoissonRefractory are
renewal processes (gamma intervals; exponential intervals shifted by tau_refrac).  Every test
uses a fixed seed and a threshold that the right distribution passes and the wrong one
(one spike per tick, exponential instead of gamma, no dead time, a wrong scale) fails by far.

Spike times are on the timestep grid: an event at continuous time T is stamped with its tick
floor(T / dt).  The interval between two stamps is then k ticks with probability
int_0^1 F(k + 1 - u) - F(k - u) du (the phase u of the first event is uniform), F the
interval's continuous CDF in ticks: that discrete law is the reference of the chi-square
tests below.
"""
import numpy as np
import pytest
from scipy import stats

import pyNN.spiNNaker as sim


def run_sources(celltype, n, ms, dt=1.0, seed=4242, max_atoms=None, threads=None,
                split=None, **params):
    extra = {} if threads is None else {"threads": threads}
    sim.setup(timestep=dt, **extra)
    if max_atoms:
        sim.set_number_of_neurons_per_core(celltype, max_atoms)
    pop = sim.Population(n, celltype(**params), label="src", seed=seed)
    pop.record("spikes")
    for part in (split or [ms]):
        sim.run(part)
    trains = [np.asarray(st.magnitude) for st in pop.get_data("spikes").segments[0].spiketrains]
    sim.end()
    return trains


def grid_interval_pmf(cdf, k_max):
    """P(stamped interval = k ticks), k = 0 .. k_max, for an interval with CDF ``cdf`` (ticks)."""
    u = (np.arange(400) + 0.5) / 400.0
    k = np.arange(k_max + 1)[:, None]
    return (cdf(k + 1 - u) - cdf(np.maximum(k - u, 0.0))).mean(axis=1)


def chi_square_p(observed_values, pmf, min_expected=5.0):
    """p-value of a chi-square test of integer samples against ``pmf`` (bins pooled so that
    each expects at least ``min_expected``; the tail beyond the pmf is one more bin)."""
    values = np.asarray(observed_values, dtype=np.int64)
    n = len(values)
    probs = np.append(pmf, max(0.0, 1.0 - pmf.sum()))
    counts = np.bincount(np.minimum(values, len(pmf)), minlength=len(probs))[:len(probs)]
    obs, exp, acc_o, acc_e = [], [], 0, 0.0
    for o, p in zip(counts, probs * n):
        acc_o, acc_e = acc_o + o, acc_e + p
        if acc_e >= min_expected:
            obs.append(acc_o)
            exp.append(acc_e)
            acc_o, acc_e = 0, 0.0
    if acc_e > 0 and obs:
        obs[-1] += acc_o
        exp[-1] += acc_e
    obs, exp = np.array(obs, float), np.array(exp, float)
    chi2 = ((obs - exp) ** 2 / exp).sum()
    return stats.chi2.sf(chi2, len(obs) - 1)


def counts_per_tick(trains, n_ticks, dt=1.0):
    """Spikes of each train in each of the run's ticks (the first tick's stamp is the
    earliest stamp of busy sources, whichever the stamp convention)."""
    first = min(t.min() for t in trains)
    return np.concatenate([np.bincount(np.rint((t - first) / dt).astype(int),
                                       minlength=n_ticks)[:n_ticks] for t in trains])


def intervals_in_ticks(trains, dt):
    return np.concatenate([np.rint(np.diff(t) / dt).astype(np.int64) for t in trains])


@pytest.mark.parametrize("rate", [1310.72, 327.68])
def test_fast_poisson_counts_within_3_sigma(rate):
    """The issue's numbers: 1310.72 Hz for 10 s at dt 1 ms gives 13107 +- 3 sigma spikes per
    source (several per tick: one spike per tick at most would give ~7304), 327.68 Hz
    3277 +- 3 sigma (at most one per tick: ~2794)."""
    trains = run_sources(sim.SpikeSourcePoisson, 4, 10000.0, rate=rate)
    expected = rate * 10.0
    for t in trains:
        assert abs(len(t) - expected) < 3 * np.sqrt(expected), (len(t), expected)


def test_fast_poisson_count_per_tick_is_poisson():
    """lambda = 1.31072 per tick: the counts per tick of 20 sources over 5000 ticks follow the
    Poisson law (chi-square), their mean and variance are lambda; a source that fires at most
    once per tick fails all three."""
    lam = 1.31072
    trains = run_sources(sim.SpikeSourcePoisson, 20, 5000.0, rate=lam * 1000.0)
    counts = counts_per_tick(trains, 5000)
    assert counts.max() >= 5
    pmf = stats.poisson.pmf(np.arange(15), lam)
    assert chi_square_p(counts, pmf) > 1e-3
    n = len(counts)
    assert abs(counts.mean() - lam) < 4 * np.sqrt(lam / n)
    assert abs(counts.var() - lam) < 4 * lam * np.sqrt(2.0 / n)


def test_faster_poisson_counts_follow_the_boards_gaussian_law():
    """lambda = 20 per tick (10 or more): the board draws round((Z / 2 + sqrt(lambda))^2),
    Z standard normal.  The counts per tick follow that law (chi-square against its exact
    pmf), its mean lambda + 1/4; the Poisson law (mean lambda) is rejected."""
    lam = 20.0
    trains = run_sources(sim.SpikeSourcePoisson, 20, 5000.0, rate=lam * 1000.0)
    counts = counts_per_tick(trains, 5000)
    mu = np.sqrt(rate_per_tick_s1615(lam * 1000.0))
    n = np.arange(80)
    hi, lo = np.sqrt(n + 0.5), np.sqrt(np.maximum(n - 0.5, 0.0))
    norm = stats.norm(mu, 0.5)
    pmf = norm.cdf(hi) - norm.cdf(lo) + norm.cdf(-lo) - norm.cdf(-hi)
    assert chi_square_p(counts, pmf) > 1e-3
    m = len(counts)
    assert abs(counts.mean() - (mu ** 2 + 0.25)) < 4 * np.sqrt(lam / m)
    assert chi_square_p(counts, stats.poisson.pmf(n, lam)) < 1e-6


def rate_per_tick_s1615(rate, dt=1.0):
    """Spikes per tick as the board computes them (u16.16 rate x u0.32 seconds, s16.15)."""
    return np.floor(round(rate * 2 ** 16) * round(dt / 1000.0 * 2 ** 32) / 2 ** 33) / 2 ** 15


def test_slow_poisson_intervals_are_exponential():
    """5 Hz at dt 1 ms (0.005 spikes per tick: a slow source): intervals exponential with the
    board's mean floor(1000 / 5) = 200 ticks, stamped on the grid (chi-square), and
    counts over the run within 4 sigma."""
    trains = run_sources(sim.SpikeSourcePoisson, 100, 20000.0, rate=5.0)
    isi = intervals_in_ticks(trains, 1.0)
    pmf = grid_interval_pmf(lambda x: stats.expon.cdf(x, scale=200.0), 3000)
    assert chi_square_p(isi, pmf) > 1e-3
    total = sum(len(t) for t in trains)
    assert abs(total - 100 * 20000 / 200.0) < 4 * np.sqrt(10000.0)
    # a gamma(2) law of the same mean is rejected
    wrong = grid_interval_pmf(lambda x: stats.gamma.cdf(x, 2, scale=100.0), 3000)
    assert chi_square_p(isi, wrong) < 1e-6


@pytest.mark.parametrize("alpha,beta", [(6, 100.0), (2, 1000.0)])
def test_gamma_intervals(alpha, beta):
    """SpikeSourceGamma at dt 0.1 ms: intervals gamma(alpha, 1000 / beta ms) on the grid
    (chi-square); an exponential law of the same mean is rejected."""
    dt = 0.1
    trains = run_sources(sim.SpikeSourceGamma, 10, 20000.0, dt=dt, alpha=alpha, beta=beta)
    isi = intervals_in_ticks(trains, dt)
    scale = 1000.0 / beta / dt
    k_max = int(alpha * scale * 6)
    pmf = grid_interval_pmf(lambda x: stats.gamma.cdf(x, alpha, scale=scale), k_max)
    assert chi_square_p(isi, pmf) > 1e-3
    assert abs(isi.mean() * dt - 1000.0 * alpha / beta) < 0.02 * 1000.0 * alpha / beta
    wrong = grid_interval_pmf(lambda x: stats.expon.cdf(x, scale=alpha * scale), k_max)
    assert chi_square_p(isi, wrong) < 1e-6


@pytest.mark.parametrize("rate,tau_refrac", [(100.0, 5.0), (50.0, 2.5)])
def test_refractory_intervals(rate, tau_refrac):
    """SpikeSourcePoissonRefractory at dt 0.1 ms: intervals tau_refrac + an exponential of
    mean 1000 / rate - tau_refrac ms (chi-square); none shorter than the dead time; a plain
    Poisson process of the same rate is rejected."""
    dt = 0.1
    trains = run_sources(sim.SpikeSourcePoissonRefractory, 10, 20000.0, dt=dt, rate=rate,
                         tau_refrac=tau_refrac)
    isi = intervals_in_ticks(trains, dt)
    dead, scale = tau_refrac / dt, (1000.0 / rate - tau_refrac) / dt
    assert isi.min() >= int(round(dead)) - 1
    k_max = int(dead + 10 * scale)
    pmf = grid_interval_pmf(lambda x: stats.expon.cdf(x - dead, scale=scale), k_max)
    assert chi_square_p(isi, pmf) > 1e-3
    wrong = grid_interval_pmf(lambda x: stats.expon.cdf(x, scale=dead + scale), k_max)
    assert chi_square_p(isi, wrong) < 1e-6


@pytest.mark.parametrize("celltype,params", [
    (sim.SpikeSourcePoisson, dict(rate=[3.0, 800.0, 12000.0])),
    (sim.SpikeSourceGamma, dict(alpha=[2, 5, 1], beta=[400.0, 1000.0, 50.0])),
    (sim.SpikeSourcePoissonRefractory, dict(rate=[200.0, 30.0, 90.0], tau_refrac=[1.0, 0, 3.0])),
])
def test_partition_thread_and_run_split_invariance(celltype, params):
    """Bit-identical spikes for 1, 7 and 256 atoms per core, 1 and 2 threads, and a run
    split in three (slow, fast and split-draw Poisson atoms; gamma; dead time)."""
    n = 30
    full = {k: (v * 10)[:n] for k, v in params.items()}
    base = run_sources(celltype, n, 300.0, dt=0.1, **full)
    assert sum(len(t) for t in base) > 100
    for kw in (dict(max_atoms=1), dict(max_atoms=7, threads=2),
               dict(split=[77.7, 100.0, 122.3])):
        other = run_sources(celltype, n, 300.0, dt=0.1, **kw, **full)
        for a, b in zip(base, other):
            np.testing.assert_allclose(a, b, atol=1e-9)


def test_rates_starts_and_durations_change_between_runs():
    """pop.set(...) between runs, per neuron: the second run's counts follow the new rates
    (3 sigma), spikes lie in the new [start, start + duration) windows; the atoms left alone
    give the spikes of one uninterrupted run."""
    sim.setup(timestep=1.0)
    rates = np.array([20.0, 200.0, 2000.0, 50.0])
    pop = sim.Population(4, sim.SpikeSourcePoisson(rate=rates), label="p", seed=7)
    pop.record("spikes")
    # the stamp of a source's spike in tick k is k dt on a board (NEST: (k + 1) dt): read
    # the convention off a SpikeSourceArray spike at 0 ms
    probe = sim.Population(1, sim.SpikeSourceArray(spike_times=[0.0]), label="probe")
    probe.record("spikes")
    sim.run(5000.0)
    new = np.array([2000.0, 5.0, 300.0, 50.0])
    pop.set(rate=new)
    pop[[2]].set(start=6000.0, duration=2000.0)
    sim.run(5000.0)
    offset = float(probe.get_data("spikes").segments[0].spiketrains[0][0])
    trains = [np.asarray(t.magnitude) - offset
              for t in pop.get_data("spikes").segments[0].spiketrains]
    sim.end()
    for t, before, after in zip(trains, rates, new):
        first, second = np.count_nonzero(t < 5000.0), np.count_nonzero(t >= 5000.0)
        assert abs(first - before * 5) < 3 * np.sqrt(before * 5)
    for i in (0, 1, 3):
        c = np.count_nonzero(trains[i] >= 5000.0)
        assert abs(c - new[i] * 5) < 3 * np.sqrt(new[i] * 5)
    late = trains[2][trains[2] >= 5000.0]
    assert late.min() >= 6000.0 and late.max() < 8000.0
    assert abs(len(late) - 300.0 * 2) < 3 * np.sqrt(600.0)
    # atom 3 kept its rate: its spikes are those of one 10 s run
    whole = run_sources(sim.SpikeSourcePoisson, 4, 10000.0, seed=7, rate=rates)
    np.testing.assert_allclose(trains[3] + offset, whole[3])


def test_max_rate_and_bad_parameters():
    sim.setup(timestep=1.0)
    p = sim.Population(2, sim.SpikeSourcePoisson(rate=10.0, max_rate=5000.0), label="m")
    assert p._vertex.max_rate == 5000.0
    with pytest.raises(Exception, match="max_rate"):
        sim.SpikeSourcePoisson(rate=1.0, max_rate=-1.0)
    with pytest.raises(Exception, match="alpha"):
        sim.SpikeSourceGamma(alpha=0, beta=10.0)
    with pytest.raises(Exception, match="beta"):
        sim.SpikeSourceGamma(alpha=2, beta=-1.0)
    q = sim.Population(1, sim.SpikeSourcePoissonRefractory(rate=100.0, tau_refrac=20.0),
                       label="too_refractory")
    q.record("spikes")
    with pytest.raises(Exception, match="too_refractory.*tau_refrac"):
        sim.run(10.0)
    sim.end()


@pytest.mark.parametrize("model,params", [
    ("SpikeSourceGamma", dict(alpha=3, beta=300.0)),
    ("SpikeSourcePoissonRefractory", dict(rate=80.0, tau_refrac=4.0)),
])
def test_same_interval_law_as_nest(model, params):
    """The same script on pyNN.nest (gamma_sup_generator / ppd_sup_generator, on-grid) gives
    intervals of the same law: two-sample KS test between the two simulators' intervals."""
    nest_sim = pytest.importorskip("pyNN.nest")
    dt, n, ms = 0.1, 10, 20000.0

    def intervals(s):
        s.setup(timestep=dt, **({"spike_precision": "on_grid"} if s is nest_sim else {}))
        pop = s.Population(n, getattr(s, model)(**params), label="src")
        pop.record("spikes")
        s.run(ms)
        trains = pop.get_data("spikes").segments[0].spiketrains
        s.end()
        return np.concatenate([np.diff(np.asarray(t.magnitude)) for t in trains])

    ours, theirs = intervals(sim), intervals(nest_sim)
    assert len(ours) > 1000 and len(theirs) > 1000
    assert stats.ks_2samp(ours, theirs).pvalue > 1e-3
    assert abs(ours.mean() - theirs.mean()) < 0.03 * theirs.mean()


def test_several_spikes_of_a_tick_reach_the_target():
    """A fast source's k spikes of one tick reach its target as k inputs: the target's
    synaptic trace equals that of a twin fed by a SpikeSourceArray that replays the recorded
    spikes (repeated times included), and differs from one fed the distinct times only."""
    sim.setup(timestep=1.0)
    src = sim.Population(1, sim.SpikeSourcePoisson(rate=2500.0), label="fast", seed=8)
    src.record("spikes")
    target = sim.Population(1, sim.IF_curr_exp(), label="target")
    target.record("gsyn_exc")
    syn = sim.StaticSynapse(weight=0.01, delay=1.0)
    sim.Projection(src, target, sim.OneToOneConnector(), syn)
    sim.run(200.0)
    times = np.asarray(src.get_data("spikes").segments[0].spiketrains[0].magnitude)
    trace = np.asarray(target.get_data("gsyn_exc").segments[0].analogsignals[0])
    sim.end()
    assert np.any(np.diff(times) == 0)           # some ticks have several spikes

    def replay(spike_times):
        sim.setup(timestep=1.0)
        ssa = sim.Population(1, sim.SpikeSourceArray(spike_times=spike_times), label="ssa")
        ssa.record("spikes")
        twin = sim.Population(1, sim.IF_curr_exp(), label="twin")
        twin.record("gsyn_exc")
        sim.Projection(ssa, twin, sim.OneToOneConnector(), syn)
        sim.run(200.0)
        out = np.asarray(twin.get_data("gsyn_exc").segments[0].analogsignals[0])
        sent = np.asarray(ssa.get_data("spikes").segments[0].spiketrains[0].magnitude)
        sim.end()
        return out, sent

    # a SpikeSourceArray sends a spike at the time it is stamped with (in either convention),
    # and records every spike it sends, repeated times included
    trace_twin, sent = replay(list(times))
    np.testing.assert_array_equal(trace_twin, trace)
    np.testing.assert_array_equal(sent, times)
    assert not np.array_equal(replay(list(np.unique(times)))[0], trace)

"""SpikeSourceInhGamma on the random source core against the gamma law (NEST's
inh_gamma_generator, the reference implementation, is not in the PyPI NEST: the references
here are analytic).

In a bin of constant shape a and scale b an interval is N = ceil(X / dt) ticks with
X ~ Gamma(a, b): P(N <= m) = F(m dt), F the gamma distribution function -- the exact law of
the discrete process, used for the mean, the CV and a Kolmogorov-Smirnov distance (on the
grid of whole ticks, where the continuous KS bound is conservative)."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim
from pyNN.errors import InvalidParameterValueError
from scipy import special

DT = 0.1
#: KS critical value at level 0.001 for n samples: 1.95 / sqrt(n)
KS_C = 1.95


def run_source(n, run_ms, seed=7, runs=1, **params):
    sim.setup(timestep=DT)
    try:
        src = sim.Population(n, sim.SpikeSourceInhGamma(**params), label="src")
        src.record("spikes")
        for _ in range(runs):
            sim.run(run_ms / runs)
        return [np.rint(np.asarray(st) / DT).astype(int)
                for st in src.get_data().segments[0].spiketrains]
    finally:
        sim.end()


def interval_law(a, b_ms, m_max):
    """P(N <= m) for m = 0..m_max, N = ceil(X / dt), X ~ Gamma(a, b)."""
    return special.gammainc(a, np.arange(m_max + 1) * DT / b_ms)


def intervals_within(trains, lo, hi):
    """Intervals (ticks) between spikes that both lie in [lo, hi) ticks."""
    return np.concatenate([np.diff(t[(t >= lo) & (t < hi)]) for t in trains])


def ks_distance(isi, cdf):
    emp = np.searchsorted(np.sort(isi), np.arange(len(cdf)), side="right") / len(isi)
    return np.max(np.abs(emp - cdf))


@pytest.mark.parametrize("a, b_ms", [(4.0, 2.5), (0.5, 20.0), (1.0, 5.0)])
def test_intervals_follow_the_gamma_law(a, b_ms):
    """200 atoms, 3 s of one bin: the intervals' mean and CV on the exact law's (1 / sqrt(a)
    up to the tick's discretisation) within 4 standard errors, and the KS distance below its
    0.001 critical value; the test's power: a gamma of the same mean and a 10 % larger or
    smaller CV (shape a / 1.21, a / 0.81) lies at more than twice that distance, so it would be
    rejected with probability > 0.999."""
    trains = run_source(200, 3000.0, a=[a], b=[b_ms / 1000.0], tbins=[0.0])
    isi = intervals_within(trains, 0, 30000)
    m_max = int(isi.max()) + 1
    cdf = interval_law(a, b_ms, m_max)
    pmf = np.diff(cdf)
    m = np.arange(1, m_max + 1)
    mean = np.sum(m * pmf)
    sd = np.sqrt(np.sum(m ** 2 * pmf) - mean ** 2)
    n = len(isi)
    print(f"a {a}, b {b_ms} ms: {n} intervals, mean {isi.mean():.3f} ticks (law {mean:.3f}), "
          f"CV {isi.std() / isi.mean():.4f} (law {sd / mean:.4f}, 1/sqrt(a) "
          f"{1 / np.sqrt(a):.4f})")
    assert n > 10000
    assert abs(isi.mean() - mean) < 4 * sd / np.sqrt(n)
    # the sample CV's standard error, by the delta method on (mean, second moment)
    cv_se = (sd / mean) * np.sqrt((np.sum(m ** 4 * pmf) / sd ** 4 - 1) / (4 * n) + 1.0 / n)
    assert abs(isi.std() / isi.mean() - sd / mean) < 4 * cv_se
    d = ks_distance(isi, cdf)
    crit = KS_C / np.sqrt(n)
    for factor in (1.21, 0.81):   # CV x 1.1, x 0.9 at the same mean a b
        alt = interval_law(a / factor, b_ms * factor, m_max)
        assert np.max(np.abs(alt - cdf)) > 2 * crit
    print(f"  KS distance {d:.4f} (critical {crit:.4f})")
    assert d < crit


def test_bins_switch_at_their_tick():
    """A fast bin (a = 1, b = 0.5 ms: 18 % a tick) until 100 ms, then a silent one (b = 1e6 s),
    then fast again from 150.3 ms: spikes up to tick 999, none in [1000, 1503), again from
    tick 1503 (200 atoms: each edge tick has spikes with probability 1 - 0.82^200)."""
    trains = run_source(200, 200.0, a=[1.0, 1.0, 1.0], b=[0.0005, 1e6, 0.0005],
                        tbins=[0.0, 100.0, 150.3])
    ticks = np.concatenate(trains)
    assert ticks.min() == 1                 # the process starts at 0 as if it had fired
    assert np.any(ticks == 999) and not np.any((ticks >= 1000) & (ticks < 1503))
    assert np.any(ticks == 1503)


def test_age_carries_across_bins():
    """Bins that repeat the same a and b are one bin: the same spikes, tick for tick (the
    interval's age and hazard budget carry over a bin's start); with a new shape the
    intervals that cross a switch follow the new bin's hazard at their age."""
    one = run_source(50, 500.0, a=[3.0], b=[0.004], tbins=[0.0])
    many = run_source(50, 500.0, a=[3.0] * 5, b=[0.004] * 5,
                      tbins=[0.0, 77.7, 150.0, 300.1, 420.0])
    for x, y in zip(one, many):
        np.testing.assert_array_equal(x, y)
    assert sum(len(x) for x in one) > 1000


def test_runs_split_and_partition_invariant():
    """run(250) + run(250) gives run(500)'s spikes; so do 7 atoms per core (each atom its own
    stream)."""
    whole = run_source(20, 500.0, a=[2.0, 5.0], b=[0.005, 0.001], tbins=[0.0, 200.0])
    split = run_source(20, 500.0, runs=2, a=[2.0, 5.0], b=[0.005, 0.001], tbins=[0.0, 200.0])
    for x, y in zip(whole, split):
        np.testing.assert_array_equal(x, y)
    sim.setup(timestep=DT)
    try:
        src = sim.Population(20, sim.SpikeSourceInhGamma(a=[2.0, 5.0], b=[0.005, 0.001],
                                                         tbins=[0.0, 200.0]), label="src")
        src.set_max_atoms_per_core(7)
        src.record("spikes")
        sim.run(500.0)
        parts = [np.rint(np.asarray(st) / DT).astype(int)
                 for st in src.get_data().segments[0].spiketrains]
    finally:
        sim.end()
    for x, y in zip(whole, parts):
        np.testing.assert_array_equal(x, y)


def test_shape_one_is_a_poisson_process():
    """a = 1 is a Poisson process: 100 atoms at 1 / b = 80 Hz against SpikeSourcePoisson at 80
    Hz, 2 s: mean counts within 4 standard errors of each other and of 160, Fano factors of
    the counts in 100 ms windows within 0.1 of each other (the Bernoulli-per-tick process has
    1 - p = 0.992)."""
    gamma = run_source(100, 2000.0, a=[1.0], b=[1.0 / 80.0], tbins=[0.0])
    sim.setup(timestep=DT)
    try:
        src = sim.Population(100, sim.SpikeSourcePoisson(rate=80.0), label="poisson")
        src.record("spikes")
        sim.run(2000.0)
        poisson = [np.rint(np.asarray(st) / DT).astype(int)
                   for st in src.get_data().segments[0].spiketrains]
    finally:
        sim.end()

    def counts(trains):
        return np.array([len(t) for t in trains], float)

    def fano(trains):
        c = np.array([np.bincount(t // 1000, minlength=20)[:20] for t in trains]).ravel()
        return c.var() / c.mean()

    cg, cp = counts(gamma), counts(poisson)
    se = np.sqrt(cg.var() / len(cg) + cp.var() / len(cp))
    print(f"counts {cg.mean():.2f} / {cp.mean():.2f} (SE {se:.2f}); Fano {fano(gamma):.3f} / "
          f"{fano(poisson):.3f}")
    assert abs(cg.mean() - cp.mean()) < 4 * se
    assert abs(cg.mean() - 160.0) < 4 * np.sqrt(cg.var() / len(cg))
    assert abs(fano(gamma) - fano(poisson)) < 0.1 and abs(fano(gamma) - 1.0) < 0.1


@pytest.mark.parametrize("kwargs, name", [
    (dict(a=[1.0, 2.0], b=[0.1], tbins=[0.0]), "tbins"),
    (dict(a=[0.0], b=[0.1], tbins=[0.0]), "'a'"),
    (dict(a=[1.0], b=[-0.1], tbins=[0.0]), "'b'"),
    (dict(a=[1.0, 1.0], b=[0.1, 0.1], tbins=[5.0, 1.0]), "tbins"),
])
def test_bad_parameters_raise_naming_them(kwargs, name):
    sim.setup(timestep=DT)
    try:
        with pytest.raises(InvalidParameterValueError, match=name):
            sim.SpikeSourceInhGamma(**kwargs)
        pop = sim.Population(2, sim.SpikeSourceInhGamma(), label="gammas")
        with pytest.raises(InvalidParameterValueError, match=f"'gammas'.*{name}"):
            pop.set(**kwargs)
    finally:
        sim.end()

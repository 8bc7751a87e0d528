"""SimpleStochasticSynapse (issue 13): each spike crosses each connection with probability
p, independently (NEST's bernoulli_synapse).  Checked by chi-square tests of the transmitted
counts against the binomial law, on the cores and on NEST (the same protocol, so the test
is known to accept a correct simulator), and for bit-identity over partitions, threads and
delay extensions."""
import numpy as np
import pytest
from scipy import stats

import pyNN.spiNNaker as sim

from reference import run_on_both
from reference.plasticity_protocols import stochastic_train

N_POST, N_SPIKES = 100, 400


def transmissions(result, delay):
    """(spikes x cells) 0/1 matrix: whether cell j fired right after source spike i."""
    pre = np.asarray(result["pre"])
    out = np.zeros((len(pre), len(result["post"])), int)
    for j, train in enumerate(result["post"]):
        for t in train:
            i = np.flatnonzero((t >= pre + delay) & (t <= pre + delay + 5.0))
            assert len(i) == 1, f"cell {j} fired at {t} ms, after no transmitted spike"
            out[i[0], j] += 1
    assert out.max() <= 1, "one transmitted spike makes one post spike"
    return out


def binomial_chi2(counts, n, p, min_expected=5.0):
    """p-value of the chi-square goodness-of-fit of ``counts`` (draws of Binomial(n, p)),
    the tails pooled so that every class expects at least ``min_expected``."""
    k = np.arange(n + 1)
    expected = stats.binom.pmf(k, n, p) * len(counts)
    observed = np.bincount(counts, minlength=n + 1).astype(float)
    lo = np.searchsorted(np.cumsum(expected), min_expected)
    hi = n - np.searchsorted(np.cumsum(expected[::-1]), min_expected)
    e = np.concatenate(([expected[:lo + 1].sum()], expected[lo + 1:hi], [expected[hi:].sum()]))
    o = np.concatenate(([observed[:lo + 1].sum()], observed[lo + 1:hi], [observed[hi:].sum()]))
    return stats.chisquare(o, e).pvalue


@pytest.mark.parametrize("p", [0.3, 0.8])
def test_transmitted_counts_are_binomial_on_the_cores_and_on_nest(p):
    pytest.importorskip("nest")
    nest, ours = run_on_both("stochastic_train", p=p, n_post=N_POST, n_spikes=N_SPIKES)
    for name, result in (("nest", nest), ("ours", ours)):
        m = transmissions(result, 1.0)
        # every spike: how many of the cells it reached ~ Binomial(N_POST, p)
        assert binomial_chi2(m.sum(axis=1), N_POST, p) > 1e-3, name
        # every cell: how many spikes reached it ~ Binomial(N_SPIKES, p)
        assert binomial_chi2(m.sum(axis=0), N_SPIKES, p) > 1e-3, name
        # the total within 4 standard deviations of N_POST N_SPIKES p
        n = m.size
        assert abs(m.sum() - n * p) < 4 * np.sqrt(n * p * (1 - p)), name
        # no memory: a transmission does not make the next spike's more or less likely
        both = (m[1:] & m[:-1]).sum()
        pairs = m[:-1].size
        assert abs(both - pairs * p * p) < 4 * np.sqrt(pairs * p * p * (1 - p * p)), name


def test_p_zero_and_one_are_exact():
    for p, expected in ((0.0, 0), (1.0, N_SPIKES)):
        result = stochastic_train(sim, p=p, n_post=10, n_spikes=N_SPIKES)
        assert all(len(t) == expected for t in result["post"])


@pytest.mark.parametrize("delay", [1.0, 20.0])
def test_draws_are_the_same_for_any_partition_and_thread_count(delay):
    runs = [stochastic_train(sim, p=0.5, n_post=40, n_spikes=100, delay=delay,
                             neurons_per_core=npc, threads=threads)
            for npc, threads in ((256, 1), (7, 2), (16, 1))]
    for other in runs[1:]:
        for a, b in zip(runs[0]["post"], other["post"]):
            np.testing.assert_array_equal(a, b)
    # and they are real draws: cells differ from each other
    assert len({tuple(t) for t in runs[0]["post"]}) > 30


def test_p_reads_back_is_settable_and_may_differ_per_connection():
    from pyNN import errors
    sim.setup(timestep=1.0)
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    b = sim.Population(3, sim.IF_curr_exp())
    proj = sim.Projection(a, b, sim.AllToAllConnector(),
                          sim.SimpleStochasticSynapse(p=0.25, weight=0.5))
    assert [c[2] for c in proj.get("p", format="list")] == [0.25] * 3
    proj.set(p=0.75)
    assert [c[2] for c in proj.get("p", format="list")] == [0.75] * 3
    sim.run(10.0)
    assert [c[2] for c in proj.get("weight", format="list")] == [0.5] * 3
    with pytest.raises(errors.InvalidParameterValueError, match=r"\[0, 1\]"):
        sim.Projection(a, b, sim.AllToAllConnector(), sim.SimpleStochasticSynapse(p=1.5))
    with pytest.raises(errors.InvalidParameterValueError, match=r"'bad'.*\[0, 1\]"):
        sim.Projection(a, b, sim.AllToAllConnector(), sim.SimpleStochasticSynapse(
            p=np.array([[0.5, 1.5, 0.5]]), weight=0.5), label="bad")
    sim.end()


def test_p_per_connection_transmits_with_each_ones_probability():
    """p = 0, 0.5 and 1 onto three cells (each transmitted input makes its cell fire once):
    0, Binomial(200, 0.5) and 200 spikes; p reads back per connection and set() changes it."""
    counts = []
    for how in ("constructor", "set"):
        sim.setup(timestep=1.0, min_delay=1.0)
        pre = sim.Population(1, sim.SpikeSourceArray(spike_times=5.0 + 10.0 * np.arange(200)))
        post = sim.Population(3, sim.IF_curr_exp(tau_refrac=2.0, tau_syn_E=1.0))
        p = np.array([[0.0, 0.5, 1.0]])
        syn = sim.SimpleStochasticSynapse(p=p if how == "constructor" else 0.2, weight=20.0,
                                          delay=1.0)
        proj = sim.Projection(pre, post, sim.AllToAllConnector(), syn, label=how)
        if how == "set":
            proj.set(p=p)
        assert [c[2] for c in proj.get("p", format="list")] == [0.0, 0.5, 1.0]
        post.record("spikes")
        sim.run(2010.0)
        counts.append([len(t) for t in post.get_data("spikes").segments[0].spiketrains])
        sim.end()
    for c in counts:
        assert c[0] == 0 and c[2] == 200
        assert abs(c[1] - 100) <= 4 * np.sqrt(200 * 0.25), c


def test_split_runs_and_reset_give_the_same_draws():
    def net():
        sim.setup(timestep=1.0, min_delay=1.0)
        pre = sim.Population(2, sim.SpikeSourceArray(
            spike_times=[list(5.0 + 10.0 * np.arange(60))] * 2))
        post = sim.Population(20, sim.IF_curr_exp(tau_refrac=2.0, tau_syn_E=1.0))
        sim.Projection(pre, post, sim.AllToAllConnector(),
                       sim.SimpleStochasticSynapse(p=0.4, weight=20.0, delay=2.0),
                       label="split")
        post.record("spikes")
        return post

    def trains(post):
        return [np.asarray(s.magnitude) for s in
                post.get_data("spikes", clear=True).segments[-1].spiketrains]

    post = net()
    sim.run(600.0)
    whole = trains(post)
    sim.end()
    post = net()
    sim.run(250.0)
    sim.run(350.0)
    split = [np.asarray(s.magnitude) for s in post.get_data("spikes").segments[0].spiketrains]
    sim.reset()
    sim.run(600.0)
    again = [np.asarray(s.magnitude) for s in post.get_data("spikes").segments[1].spiketrains]
    sim.end()
    for a, b, c in zip(whole, split, again):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
    assert 0 < sum(len(a) for a in whole) < 20 * 60

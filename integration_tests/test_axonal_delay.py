"""STDPMechanism(dendritic_delay_fraction=0.0), PyNN's meaning: the delay is axonal.  A pre
spike sent at t_pre reaches its synapse at T = t_pre + d, the post spike reaches it at once,
so a pair is timed t_post - T (with 1.0, NEST's stdp_synapse: t_post + d - t_pre).

Reference: PyNN's pair rule evaluated in float64 from the recorded spikes with the pre
spikes moved to their arrival.  In board time a spike sent in tick t over d ticks enters
the synaptic input in tick t + d before that tick's membrane update, so a post spike stamped
with the arrival tick comes after the pre spike (its pairing potentiates at trace
exp(0)); a post spike before it depresses.  NEST has no axonal delay (pyNN.nest refuses
fractions other than 1): the float64 model is the independent reference; the dendritic
timing must miss it, and the window must not move with the delay except by d."""
import numpy as np
import pytest
from pyNN import errors

import pyNN.spiNNaker as sim

from reference.plasticity_protocols import stdp_window
from test_plasticity import STAGE, flush_time, step

P = dict(w_max=0.5, w_init=0.25, A_plus=0.01, A_minus=0.012, tau_plus=16.8, tau_minus=33.7,
         n_pairings=6, differences=tuple(range(-30, 31)))


def axonal_rule_weight(w, pre, post, d, kind, w_min, w_max, a_plus, a_minus, tau_plus,
                       tau_minus, t_end=np.inf, flushed=None):
    """Final weight of one synapse whose pre spikes reach it d ms after they are sent:
    all-to-all pairs at t_post - (t_pre + d); a post spike at the arrival itself pairs as
    just after it (potentiation), a post spike strictly before it depresses.  Spikes
    arriving after ``t_end`` (the end of the run) have not reached the synapse.
    ``flushed``: the post neuron's last history flush (test_plasticity.flush_time), which
    pairs the post spikes before it with the last arrival early."""
    post = np.asarray(post, float)
    k_plus, last = 0.0, None
    arrivals = np.asarray(pre, float) + d

    def potentiate(w, upto):
        for tp in post[(post >= last) & (post < upto)]:
            k = k_plus * np.exp(-(tp - last) / tau_plus)
            w = min(w_max, w + a_plus * step(kind, w, w_min, w_max, True) * k)
        return w
    for t in arrivals[arrivals <= t_end]:
        if last is not None:
            w = potentiate(w, t)
        before = post[post < t]
        if len(before):
            k = np.sum(np.exp(-(t - before) / tau_minus))
            w = max(w_min, w - a_minus * step(kind, w, w_min, w_max, False) * k)
        k_plus = (k_plus * np.exp(-(t - last) / tau_plus) if last is not None else 0.0) + 1
        last = t
    if flushed is not None and last is not None:
        w = potentiate(w, flushed)
    return w


def _model(run, d, kind, axonal=True):
    from test_plasticity import pair_rule_weight
    args = (0.0, P["w_max"], P["A_plus"], P["A_minus"], P["tau_plus"], P["tau_minus"])
    if axonal:
        # stdp_window runs until 20 ms after the last pre spike
        return np.array([axonal_rule_weight(P["w_init"], pre, post, d, kind, *args,
                                            t_end=pre[-1] + 20.0)
                         for pre, post in zip(run["pre"], run["post"])])
    return np.array([pair_rule_weight(P["w_init"], pre, post, d, kind, *args)
                     for pre, post in zip(run["pre"], run["post"])])


CASES = [("additive", 1.0), ("additive", 5.0), ("multiplicative", 12.0),
         ("additive", 40.0)]   # 40 ms: a delay extension before the row is due


@pytest.fixture(scope="module")
def runs():
    # pre spikes sent d ms earlier than for a dendritic delay: the pairs at the synapse
    # cover -30 .. 30 ms whatever the delay
    params = {k: v for k, v in P.items() if k != "differences"}
    return {(kind, delay): stdp_window(
        sim, weight_dependence=kind, delay=delay, dendritic_delay_fraction=0.0,
        differences=tuple(int(delay) + x for x in P["differences"]), **params)
        for kind, delay in CASES}


@pytest.mark.parametrize("kind,delay", CASES)
def test_pairs_timed_at_the_arrival(runs, kind, delay):
    run = runs[(kind, delay)]
    ours = run["weights"]
    err = np.abs(ours - _model(run, delay, kind))
    assert err.max() < 2e-3 * P["w_max"], err.max()
    # the dendritic timing (the default) is another window here: the test can fail
    assert np.abs(ours - _model(run, delay, kind, axonal=False)).max() > 0.02 * P["w_max"]
    assert ours.max() > P["w_init"] + 0.01 and ours.min() < P["w_init"] - 0.01


def test_simultaneous_arrival_potentiates(runs):
    """The pairing whose pre spike arrives in the tick of the post spike potentiates fully
    (the convention above): the largest weight of the additive window sits there."""
    run = runs[("additive", 5.0)]
    diffs = np.array([q[0] - (p[0] + 5.0) for p, q in zip(run["pre"], run["post"])])
    assert 0.0 in diffs
    assert run["weights"][diffs == 0.0][0] == pytest.approx(run["weights"].max(), abs=1e-6)


def test_fractions_between_raise():
    with pytest.raises(errors.InvalidParameterValueError, match="dendritic_delay_fraction"):
        sim.STDPMechanism(timing_dependence=sim.SpikePairRule(),
                          weight_dependence=sim.AdditiveWeightDependence(),
                          dendritic_delay_fraction=0.5)


def test_random_delays_and_run_split_match():
    """Random delays in one projection (one row per delay on the cores), run in two parts
    and in one, with another partitioning and two threads, and again after reset():
    identical weights;
    against the float64 model per connection."""
    def build_and_run(parts, atoms, reset=False, threads=1):
        sim.setup(timestep=1.0, min_delay=1.0, max_delay=60.0, threads=threads)
        rng = np.random.default_rng(3)
        n_pre, n_post = 12, 9
        times = [np.unique(rng.integers(5, 380, 14)).astype(float) for _ in range(n_pre)]
        pre = sim.Population(n_pre, sim.SpikeSourceArray(spike_times=times), label="pre")
        post = sim.Population(n_post, sim.IF_curr_exp(
            i_offset=list(rng.uniform(0.9, 1.4, n_post)), tau_refrac=2.0), label="post")
        post.set_max_atoms_per_core(atoms)
        post.record("spikes")
        conns = [(i, j, 0.2, float(rng.integers(1, 50))) for i in range(n_pre)
                 for j in range(n_post) if rng.random() < 0.6]
        stdp = sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=16.8, tau_minus=33.7,
                                                A_plus=0.02, A_minus=0.025),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.5),
            dendritic_delay_fraction=0.0)
        proj = sim.Projection(pre, post, sim.FromListConnector(conns), stdp)
        for t in parts:
            sim.run(t)
        w = np.array(proj.get("weight", format="list"))
        if reset:   # PyNN's reset: initial weights, nothing in flight; the same again
            sim.reset()
            assert np.all(np.array(proj.get("weight", format="list"))[:, 2] == 0.2)
            sim.run(sum(parts))
            assert np.array_equal(np.array(proj.get("weight", format="list")), w)
        spikes = [np.asarray(s.magnitude, float)
                  for s in post.get_data("spikes").segments[0].spiketrains]
        sim.end()
        return conns, times, w, spikes

    conns, times, whole, spikes = build_and_run([420.0], 9)
    _, _, split, _ = build_and_run([130.0, 290.0], 4, reset=True, threads=2)
    assert np.array_equal(whole, split)
    assert sum(len(s) for s in spikes) > 20
    got = {(int(i), int(j)): w for i, j, w in whole}
    # a neuron's reach (ticks = ms): its synapses' longest delay plus stage delay
    reach = {}
    for _, j, _, d in conns:
        reach[j] = max(reach.get(j, 0), d + (int(d) - 1) // STAGE * STAGE)
    flushes = {j: flush_time(spikes[j], r) for j, r in reach.items()}
    assert sum(f is not None for f in flushes.values()) >= 3, "some histories must fill"
    for i, j, w0, d in conns:
        ref = axonal_rule_weight(w0, times[i], spikes[j], d, "additive", 0.0, 0.5, 0.02,
                                 0.025, 16.8, 33.7, t_end=420.0, flushed=flushes[j])
        assert got[(i, j)] == pytest.approx(ref, abs=2e-3 * 0.5), (i, j, d)

"""Plastic synapses on the cores (issue 13): every weight against PyNN's pair rule computed in
float64 from the recorded spikes, and the determinism the cores promise.

The reference (``pair_rule_weight``) is PyNN's SpikePairRule as NEST's stdp_synapse applies
it (the window test against NEST itself: test_stdp_against_nest.py): all-to-all traces, all
delay dendritic (a pair acts at t_post + d - t_pre; zero does nothing), potentiation applied
when the next pre spike arrives, additive steps A * w_max.  It knows nothing of fixed point
or ticks: it reads the spike times each simulator recorded.
"""
import numpy as np
import pytest

import pyNN.spiNNaker as sim
from pyNN.random import NumpyRNG, RandomDistribution

from spynnaker_backend.mapping.dataspec.regions import MAX_CORE_DELAY as STAGE
from spynnaker_backend.readback import LossError

TAU = {"exc": (20.0, 20.0), "inh": (10.0, 30.0), "cond": (15.0, 25.0)}


def flush_time(post, reach, size=16):
    """When the cores last flushed a post neuron's full history (docs/plasticity.md: a
    spike that finds the 16 kept spikes full pairs them first, then keeps the newest spike
    every synapse has paired and the later ones); None if never."""
    kept, last = [], None
    for t in post:
        if len(kept) == size:
            last = t
            while len(kept) >= 2 and kept[1] <= t - reach:
                kept.pop(0)
        kept.append(t)
    return last


def step(kind, w, w_min, w_max, potentiation, mu=(0.5, 0.5)):
    """The weight-dependent factor of a step: PyNN's additive (w_max), multiplicative
    (w_max - w up, w - w_min down), additive up / multiplicative down, Gutig ((w_max -
    w_min) x^mu with x the distance to the bound it moves towards, over the range)."""
    if kind == "additive" or (kind == "add_mult" and potentiation):
        return w_max
    if kind == "gutig":
        x = ((w_max - w) if potentiation else (w - w_min)) / (w_max - w_min)
        return (w_max - w_min) * x ** mu[0 if potentiation else 1]
    return (w_max - w) if potentiation else (w - w_min)


def pair_rule_weight(w, pre, post, d, kind, w_min, w_max, a_plus, a_minus, tau_plus,
                     tau_minus, flushed=None, dt=1.0, nearest=False, mu=(0.5, 0.5)):
    """Final weight of one synapse (ms, nA or uS magnitudes).  ``flushed``: the last flush
    of the post neuron, which pairs post spikes after the last pre spike early (up to
    flushed - stage delay - d; NEST waits for the next pre spike).  ``nearest``: traces
    reset to 1 at each spike (nearest-neighbour pairs) instead of accumulating."""
    k_plus, t_last = 0.0, None
    post = np.asarray(post)

    def potentiate(w, upto):
        for tp in post[(post > t_last - d) & (post <= upto)]:
            k = k_plus * np.exp(-(tp + d - t_last) / tau_plus)
            w = min(w_max, w + a_plus * step(kind, w, w_min, w_max, True, mu) * k)
        return w
    for t in pre:
        if t_last is not None and k_plus > 0:
            w = potentiate(w, t - d)
        before = post[post < t - d]
        if len(before):
            before = before[-1:] if nearest else before
            k = np.sum(np.exp(-(t - d - before) / tau_minus))
            w = max(w_min, w - a_minus * step(kind, w, w_min, w_max, False, mu) * k)
        decayed = k_plus * np.exp(-(t - t_last) / tau_plus) if t_last is not None else 0
        k_plus = 1.0 if nearest else decayed + 1
        t_last = t
    if flushed is not None and t_last is not None:
        w = potentiate(w, flushed - (int(round(d / dt)) - 1) // STAGE * STAGE * dt - d)
    return w


def build(n_pre=30, n_post=24, tstop=600.0, atoms_per_core=None, seed=7):
    """Spike sources onto LIF (current) and LIF (conductance) cells: an additive excitatory
    and a multiplicative inhibitory STDP projection with different time constants onto one
    population, a static projection beside them, delays up to 2 stages (delay extensions), a
    plastic conductance projection."""
    rng = np.random.default_rng(seed)
    times = [np.unique(np.sort(rng.uniform(1, tstop - 40, rng.integers(8, 16))).round())
             for _ in range(n_pre)]
    pre = sim.Population(n_pre, sim.SpikeSourceArray(spike_times=times), label="pre")
    cur = sim.Population(n_post, sim.IF_curr_exp(i_offset=list(rng.uniform(0.7, 1.3, n_post)),
                                                 tau_refrac=2.0), label="cur")
    cond = sim.Population(n_post, sim.IF_cond_exp(i_offset=list(rng.uniform(0.4, 0.8, n_post)),
                                                  tau_refrac=2.0), label="cond")
    for p in (cur, cond):
        if atoms_per_core:
            p.set_max_atoms_per_core(atoms_per_core)
        p.record("spikes")
    pre.record("spikes")
    prng = NumpyRNG(seed=seed)
    delays = RandomDistribution("uniform_int", (1, 2 * STAGE), rng=prng)

    def stdp(kind, taus, w_max, weight):
        dep = (sim.AdditiveWeightDependence if kind == "additive"
               else sim.MultiplicativeWeightDependence)(w_min=0.0, w_max=w_max)
        return sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(tau_plus=taus[0], tau_minus=taus[1],
                                                A_plus=0.02, A_minus=0.025),
            weight_dependence=dep, weight=weight, delay=delays)

    projs = {
        "exc": sim.Projection(pre, cur, sim.FixedProbabilityConnector(0.5, rng=prng),
                              stdp("additive", TAU["exc"], 0.6,
                                   RandomDistribution("uniform", (0.1, 0.5), rng=prng)),
                              receptor_type="excitatory", label="exc"),
        "inh": sim.Projection(pre, cur, sim.AllToAllConnector(),
                              stdp("multiplicative", TAU["inh"], 0.5, -0.25),
                              receptor_type="inhibitory", label="inh"),
        "cond": sim.Projection(pre, cond, sim.FixedProbabilityConnector(0.5, rng=prng),
                               stdp("multiplicative", TAU["cond"], 0.01, 0.004),
                               receptor_type="excitatory", label="cond"),
    }
    sim.Projection(pre[0:cur.size], cur, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.3, delay=2.0),
                   label="static")
    return pre, cur, cond, projs


def run(chunks=(600.0,), atoms_per_core=None, threads=None, dt=1.0):
    sim.setup(timestep=dt, min_delay=dt, max_delay=2 * STAGE + 10.0, threads=threads)
    pre, cur, cond, projs = build(atoms_per_core=atoms_per_core)
    initial = {k: np.array(p.get(["weight", "delay"], format="list")) for k, p in
               projs.items()}
    for c in chunks:
        sim.run(c)
    out = {k: np.array(p.get(["weight", "delay"], format="list")) for k, p in projs.items()}
    spikes = {p.label: [np.asarray(st.magnitude) for st in
                        p.get_data("spikes").segments[0].spiketrains] for p in (pre, cur, cond)}
    report = sim.get_run_report()
    sim.end()
    return initial, out, spikes, report


@pytest.fixture(scope="module")
def reference_run():
    return run()


def test_weights_follow_pyNN_pair_rule(reference_run):
    initial, final, spikes, report = reference_run
    params = {"exc": ("additive", 0.6, "cur"), "inh": ("multiplicative", 0.5, "cur"),
              "cond": ("multiplicative", 0.01, "cond")}
    # a neuron's reach: its plastic synapses' longest delay plus stage delay (ticks = ms)
    reach = {}
    for name, (_, _, target) in params.items():
        for _, j, _, d in initial[name]:
            key = (target, int(j))
            reach[key] = max(reach.get(key, 0), d + (int(d) - 1) // STAGE * STAGE)
    flushes = {key: flush_time(spikes[key[0]][key[1]], r) for key, r in reach.items()}
    assert sum(f is not None for f in flushes.values()) > 5, "some histories must fill"
    for name, (kind, w_max, target) in params.items():
        rows_i, rows_f = initial[name], final[name]
        assert len(rows_i) == len(rows_f) > 50
        moved = 0
        for (i, j, w0, d), (_, _, w, _) in zip(rows_i, rows_f):
            expected = pair_rule_weight(abs(w0), spikes["pre"][int(i)], spikes[target][int(j)],
                                        d, kind, 0.0, w_max, 0.02, 0.025, *TAU[name],
                                        flushed=flushes[(target, int(j))])
            assert abs(abs(w) - expected) < 2e-3 * w_max, (name, i, j, d, w, expected)
            moved += abs(abs(w) - abs(w0)) > 0.01 * w_max
        assert moved > len(rows_f) // 2, f"{name}: STDP should move most weights"
    assert np.all(final["inh"][:, 2] <= 0), "inhibitory weights keep PyNN's sign"
    assert max(final["exc"][:, 3]) > STAGE, "some delays need a delay extension"
    pops = report["populations"]
    assert pops["cur"]["plastic_updates"] > 0 and pops["cond"]["plastic_updates"] > 0


def test_bit_identical_for_neurons_per_core_and_threads(reference_run):
    _, ref, ref_spikes, _ = reference_run
    for apc, threads in ((5, 1), (1, 2), (None, 2)):
        _, got, spikes, _ = run(atoms_per_core=apc, threads=threads)
        for k in ref:
            np.testing.assert_array_equal(got[k], ref[k])
        for k in ref_spikes:
            for a, b in zip(spikes[k], ref_spikes[k]):
                np.testing.assert_array_equal(a, b)


def test_continued_runs_equal_one_run(reference_run):
    _, ref, ref_spikes, _ = reference_run
    _, got, spikes, _ = run(chunks=(150.0, 0.0 + 201.0, 249.0))
    for k in ref:
        np.testing.assert_array_equal(got[k], ref[k])
    for a, b in zip(spikes["cur"], ref_spikes["cur"]):
        np.testing.assert_array_equal(a, b)


def test_reset_restores_initial_weights(reference_run):
    _, ref, _, _ = reference_run
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=2 * STAGE + 10.0)
    _, _, _, projs = build()
    initial = projs["exc"].get("weight", format="list")
    sim.run(600.0)
    first = np.array(projs["exc"].get("weight", format="list"))
    np.testing.assert_array_equal(first, ref["exc"][:, :3])
    sim.reset()
    assert projs["exc"].get("weight", format="list") == initial
    sim.run(600.0)
    np.testing.assert_array_equal(np.array(projs["exc"].get("weight", format="list")), first)
    # a saved projection holds the weights the cores hold
    sim.end()


def test_history_overflow_is_counted_and_raises():
    """A target that fires more than the history holds within one synaptic delay: the
    spikes cannot be paired early (a pre spike may still be on its way), so they are
    dropped, and the pairings that needed them are counted."""
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=200.0)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 200.0]))
    post = sim.Population(1, sim.IF_curr_exp(i_offset=10.0, tau_refrac=2.0))
    sim.Projection(pre, post, sim.OneToOneConnector(), sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=100.0), weight_dependence=(
            sim.AdditiveWeightDependence(w_max=1.0)), weight=0.5, delay=100.0))
    with pytest.raises(LossError, match="older than the 16"):
        sim.run(400.0)
    assert sim.get_run_report()["populations"][post.label]["history_overflows"] > 0
    sim.end()


def test_sub_lsb_changes_are_counted_and_raise():
    """A rule whose every step is below half the weight's fixed-point step."""
    sim.setup(timestep=1.0, min_delay=1.0, allow_losses=True)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0, 30.0, 50.0]))
    post = sim.Population(1, sim.IF_curr_exp())
    teacher = sim.Population(1, sim.SpikeSourceArray(spike_times=[20.0, 40.0]))
    sim.Projection(teacher, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=40.0))
    proj = sim.Projection(pre, post, sim.OneToOneConnector(), sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(A_plus=1e-7, A_minus=1e-7),
        weight_dependence=sim.AdditiveWeightDependence(w_max=1.0), weight=0.5))
    sim.run(60.0)
    assert sim.get_run_report()["populations"][post.label]["plastic_sub_lsb"] >= 2
    assert proj.get("weight", format="list")[0][2] == 0.5
    sim.end()


def test_nearest_pair_gutig_and_mixed_dependence_follow_their_definitions():
    """Nearest-pair + Gutig (excitatory) and pair + additive-up/multiplicative-down with
    w_min > 0 (inhibitory) onto one population, delays up to 20 ms."""
    from spynnaker.pyNN.extra_models import SpikeNearestPairRule
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=40.0)
    rng = np.random.default_rng(3)
    times = [np.unique(np.sort(rng.uniform(1, 560, rng.integers(8, 16))).round())
             for _ in range(20)]
    pre = sim.Population(20, sim.SpikeSourceArray(spike_times=times), label="pre")
    post = sim.Population(16, sim.IF_curr_exp(i_offset=list(rng.uniform(0.7, 1.3, 16)),
                                              tau_refrac=2.0), label="post")
    pre.record("spikes")
    post.record("spikes")
    prng = NumpyRNG(seed=11)
    delays = RandomDistribution("uniform_int", (1, 20), rng=prng)
    gutig = sim.STDPMechanism(
        timing_dependence=SpikeNearestPairRule(tau_plus=15.0, tau_minus=25.0, A_plus=0.03,
                                               A_minus=0.03),
        weight_dependence=sim.GutigWeightDependence(w_min=0.0, w_max=0.5, mu_plus=0.4,
                                                    mu_minus=0.8),
        weight=0.25, delay=delays)
    mixed = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=25.0, tau_minus=12.0, A_plus=0.02,
                                            A_minus=0.04),
        weight_dependence=sim.AdditivePotentiationMultiplicativeDepression(w_min=0.05,
                                                                          w_max=0.4),
        weight=0.2, delay=delays)
    projs = {"gutig": sim.Projection(pre, post, sim.AllToAllConnector(), gutig,
                                     receptor_type="excitatory"),
             "mixed": sim.Projection(pre, post, sim.AllToAllConnector(), mixed,
                                     receptor_type="inhibitory")}
    initial = {k: np.array(p.get(["weight", "delay"], format="list")) for k, p in
               projs.items()}
    sim.run(600.0)
    final = {k: np.array(p.get("weight", format="list")) for k, p in projs.items()}
    spikes = {p.label: [np.asarray(st.magnitude) for st in
                        p.get_data("spikes").segments[0].spiketrains] for p in (pre, post)}
    sim.end()
    reach = {}
    for rows in initial.values():
        for _, j, _, d in rows:
            reach[int(j)] = max(reach.get(int(j), 0), d + (int(d) - 1) // STAGE * STAGE)
    rules = {"gutig": dict(kind="gutig", w_min=0.0, w_max=0.5, a_plus=0.03, a_minus=0.03,
                           tau_plus=15.0, tau_minus=25.0, nearest=True, mu=(0.4, 0.8)),
             "mixed": dict(kind="add_mult", w_min=0.05, w_max=0.4, a_plus=0.02, a_minus=0.04,
                           tau_plus=25.0, tau_minus=12.0)}
    for name, rule in rules.items():
        moved = 0
        for (i, j, w0, d), (_, _, w) in zip(initial[name], final[name]):
            post_j = spikes["post"][int(j)]
            expected = pair_rule_weight(abs(w0), spikes["pre"][int(i)], post_j, d,
                                        flushed=flush_time(post_j, reach[int(j)]), **rule)
            assert abs(abs(w) - expected) < 2e-3 * rule["w_max"], (name, i, j, d, w, expected)
            moved += abs(abs(w) - abs(w0)) > 0.01 * rule["w_max"]
        assert moved > len(final[name]) // 2

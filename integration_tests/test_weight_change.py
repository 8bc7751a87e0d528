"""extra_models.WeightChangeable / WeightChanger (sPyNNaker 7.4.1's weight-changing
synapses) on the cores.

Checked against (a) a weight sequence worked out by hand, (b) an event model written here
from 7.4.1's definition (per post neuron a queue of (pre, change, tick) entries, oldest
first; a changeable spike of pre k applies the changes queued for k in earlier ticks, each
result clamped to [weight_min, weight_max]), on random spike trains with several
changeable and changer projections, delays 1 and 40 ms (a delay extension); (c) what the
post neuron receives: the membrane trace equals a static projection's with the changed
weight; (d) bit-identity over neurons per core and threads, and run(a); run(b) ==
run(a + b).
"""
import warnings

import numpy as np
import pytest

import pyNN.spiNNaker as sim
from pyNN.spiNNaker import extra_models as em

CELL = dict(cm=1.0, tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0,
            tau_refrac=2.0, tau_syn_E=5.0, tau_syn_I=5.0)


def test_hand_computed_sequence():
    """Changer 0 spikes at 2, 3, 10 ms onto post 0 and 1 (+0.75 each); changeable pre 0
    spikes at 5 (applies 2 changes: 1 -> 2.5), 20 (one more: 3.25, clamped to 3.0), 40;
    changer 1 at 1 onto post 2; changeable pre 1 at 30 (1 -> 1.75).  A change queued in
    the tick of a changeable spike waits for the next one (changer 0 at 5 below)."""
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[5, 20, 40], [30]]))
    chg = sim.Population(2, sim.SpikeSourceArray(spike_times=[[2, 3, 10], [1, 30]]))
    post = sim.Population(3, sim.IF_curr_exp(**CELL))
    p1 = sim.Projection(src, post, sim.AllToAllConnector(),
                        em.WeightChangeable(weight_min=0.5, weight_max=3.0, weight=1.0))
    p2 = sim.Projection(chg, post, sim.FromListConnector([(0, 0), (0, 1), (1, 2)]),
                        em.WeightChanger(weight_change=0.75, projection=p1))
    sim.run(50)
    w = {(int(i), int(j)): x for i, j, x in p1.get("weight", format="list")}
    changes = {(int(i), int(j)): x for i, j, x in p2.get("weight", format="list")}
    sim.end()
    assert w == {(0, 0): 3.0, (0, 1): 3.0, (0, 2): 1.0, (1, 0): 1.0, (1, 1): 1.0,
                 (1, 2): 1.75}   # pre 1's change at 30 came in the tick of its spike
    assert changes == {(0, 0): 0.75, (0, 1): 0.75, (1, 2): 0.75}


def model(changeables, changers, t_end, dt=1.0):
    """Weights after the run from the definition.  changeables: {name: (pre ticks per pre
    neuron, [(i, j, w, delay ticks)], lo, hi)}; changers: [(target name, pre ticks,
    [(k, j, change)])].  Changes arrive in their sending tick; a changeable spike arrives in
    its sending tick + its delay beyond the on-core 31 ticks (delay-extension stages)."""
    queue = {}   # post j -> [(tick, target, k, change)] oldest first
    events = []
    for name, (ticks, conns, lo, hi) in changeables.items():
        for i, ts in enumerate(ticks):
            for t in ts:
                events.append((t, 1, name, i))
    for n, (target, ticks, conns) in enumerate(changers):
        for k, ts in enumerate(ticks):
            for t in ts:
                events.append((t, 0, n, k))
    weights = {name: [list(c) for c in v[1]] for name, v in changeables.items()}
    arrivals = []
    for t, kind, who, k in events:
        if kind == 0:
            arrivals.append((t, 0, who, k, None))
        else:
            for c in weights[who]:
                if c[0] == k:
                    stage = (c[3] - 1) // 32 * 32 if c[3] > 31 else 0
                    arrivals.append((t + stage, 1, who, k, c))
    # changes of one tick reach a changeable spike only in a later tick: kind 0 after 1
    for t, kind, who, k, c in sorted(arrivals, key=lambda a: (a[0], -a[1])):
        if kind == 0:
            target, _, conns = changers[who]
            for kk, j, change in conns:
                if kk == k:
                    queue.setdefault(j, []).append((t, target, k, change))
        else:
            lo, hi = changeables[who][2], changeables[who][3]
            keep = []
            for e in queue.get(c[1], []):
                if e[1] == who and e[2] == k and e[0] < t:
                    c[2] = min(hi, max(lo, c[2] + e[3]))
                else:
                    keep.append(e)
            queue[c[1]] = keep
            assert len(keep) <= 16
    return {name: {(i, j): w for i, j, w, _ in ws} for name, ws in weights.items()}


def _trains(rng, n, rate, t_end):
    return [np.unique(np.floor(rng.uniform(1, t_end, rng.poisson(rate * t_end / 1000))))
            for _ in range(n)]


def random_run(t_end=400.0, atoms_per_core=None, threads=None, split=None, delay=1.0,
               seed=3):
    """Two changeable projections onto 6 post cells (all-to-all and random 50 %), three
    changers (two onto the first, one onto the second).  Changes are multiples of
    2^-10 nA and the limits too: exactly held in plastic units."""
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=60.0, threads=threads)
    if atoms_per_core:
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, atoms_per_core)
        sim.set_number_of_neurons_per_core(sim.SpikeSourceArray, atoms_per_core)
    rng = np.random.default_rng(seed)
    n_pre, n_post = 5, 6
    trains = {k: _trains(rng, n_pre, r, t_end) for k, r in
              (("a", 30.0), ("b", 20.0), ("c1", 25.0), ("c2", 15.0), ("c3", 20.0))}
    pops = {k: sim.Population(n_pre, sim.SpikeSourceArray(spike_times=v), label=k)
            for k, v in trains.items()}
    post = sim.Population(n_post, sim.IF_curr_exp(**CELL), label="post")
    pairs_b = [(i, j) for i in range(n_pre) for j in range(n_post) if rng.random() < 0.5]
    w_b = np.round(rng.uniform(0.1, 0.4, len(pairs_b)) * 1024) / 1024
    pa = sim.Projection(pops["a"], post, sim.AllToAllConnector(),
                        em.WeightChangeable(weight_min=0.25, weight_max=2.0, weight=0.5,
                                            delay=delay), label="pa")
    pb = sim.Projection(pops["b"], post, sim.FromListConnector(
        [(i, j, w, 2.0) for (i, j), w in zip(pairs_b, w_b)]),
        em.WeightChangeable(weight_min=0.1, weight_max=1.0), label="pb")
    chg_lists = []
    for name, target, change in (("c1", pa, 0.125), ("c2", pa, 0.0625), ("c3", pb, 0.09375)):
        # (only pairs the changed projection connects: a change for a pair it does not
        # connect would wait in the queue for ever)
        pairs = [(k, j) for k in range(n_pre) for j in range(n_post)] if target is pa \
            else pairs_b
        conns = [(k, j) for k, j in pairs if rng.random() < 0.6]
        sim.Projection(pops[name], post, sim.FromListConnector(conns),
                       em.WeightChanger(weight_change=change, projection=target),
                       label=name)
        chg_lists.append((name, target.label, conns, change))
    if split:
        sim.run(split)
        sim.run(t_end + 20 - split)
    else:
        sim.run(t_end + 20)
    got = {p.label: {(int(i), int(j)): w for i, j, w in p.get("weight", format="list")}
           for p in (pa, pb)}
    sim.end()
    ticks = {k: [list(np.asarray(t, int)) for t in v] for k, v in trains.items()}
    d = int(round(delay))
    changeables = {
        "pa": (ticks["a"], [(i, j, 0.5, d) for i in range(n_pre) for j in range(n_post)],
               0.25, 2.0),
        "pb": (ticks["b"], [(i, j, w, 2) for (i, j), w in zip(pairs_b, w_b)], 0.1, 1.0)}
    changers = [(target, ticks[name], [(k, j, change) for k, j in conns])
                for name, target, conns, change in chg_lists]
    return got, model(changeables, changers, t_end)


@pytest.mark.parametrize("delay", [1.0, 40.0])
def test_weights_against_event_model(delay):
    got, want = random_run(delay=delay)
    for name in want:
        assert got[name].keys() == want[name].keys()
        for key, w in want[name].items():
            assert got[name][key] == pytest.approx(w, abs=1e-9), (name, key)
    moved = sum(got["pa"][k] != 0.5 for k in got["pa"])
    assert moved > 10   # the changers did move most weights


def test_bit_identical_partitioning_threads_and_split_runs():
    base, _ = random_run()
    for kwargs in (dict(atoms_per_core=2, threads=1), dict(atoms_per_core=4, threads=2),
                   dict(split=137.0)):
        got, _ = random_run(**kwargs)
        assert got == base, kwargs


def test_post_neuron_receives_the_changed_weight():
    """Two changer connections onto the neuron (+0.5 and +0.25 nA) spike at 3 and 6 ms,
    then the changeable pre spike at 10 ms delivers 1 + 2 * 0.75 nA: the membrane trace
    equals a static 2.5 nA synapse's."""
    traces = []
    for changeable in (True, False):
        sim.setup(timestep=1.0)
        src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
        post = sim.Population(1, sim.IF_curr_exp(**CELL))
        post.record("v")
        if changeable:
            chg = sim.Population(1, sim.SpikeSourceArray(spike_times=[3.0, 6.0]))
            p = sim.Projection(src, post, sim.OneToOneConnector(),
                               em.WeightChangeable(weight_min=0.0, weight_max=4.0,
                                                   weight=1.0))
            sim.Projection(chg, post, sim.FromListConnector([(0, 0, 0.5), (0, 0, 0.25)],
                                                  column_names=["weight"]),
                           em.WeightChanger(weight_change=0.5, projection=p))
        else:
            sim.Projection(src, post, sim.OneToOneConnector(),
                           sim.StaticSynapse(weight=2.5))
        sim.run(40)
        traces.append(np.asarray(post.get_data("v").segments[0].analogsignals[0]).ravel())
        sim.end()
    assert traces[0].max() > -64.5   # the input arrived
    np.testing.assert_array_equal(traces[0], traces[1])


def test_bad_configurations_raise():
    sim.setup(timestep=1.0)
    a = sim.Population(3, sim.SpikeSourceArray(spike_times=[]), label="a")
    b = sim.Population(4, sim.SpikeSourceArray(spike_times=[]), label="b")
    post = sim.Population(2, sim.IF_curr_exp(), label="post")
    other = sim.Population(2, sim.IF_curr_exp(), label="other")
    p = sim.Projection(a, post, sim.AllToAllConnector(),
                       em.WeightChangeable(weight_min=0.0, weight_max=1.0, weight=0.5))
    with pytest.raises(Exception, match="as many neurons"):
        sim.Projection(b, post, sim.AllToAllConnector(), em.WeightChanger(0.1, p))
    with pytest.raises(Exception, match="post population"):
        sim.Projection(a, other, sim.AllToAllConnector(), em.WeightChanger(0.1, p))
    with pytest.raises(Exception, match="receptor_type"):
        sim.Projection(a, post, sim.AllToAllConnector(), em.WeightChanger(0.1, p),
                       receptor_type="inhibitory")
    with pytest.raises(Exception, match="WeightChangeable"):
        em.WeightChanger(0.1, None)
    with pytest.raises(Exception, match="weight_min"):
        em.WeightChangeable(weight_min=2.0, weight_max=1.0)
    sim.end()


def test_changer_connections_without_a_changeable_synapse_warn_and_overflow():
    """A changer connection 1 -> 0 where the changeable projection has only 0 -> 0: the
    Projection() call warns with the count, and 17 such changes fill neuron 0's queue of
    16, so the run raises the history overflow the warning announced."""
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[], []]))
    chg = sim.Population(2, sim.SpikeSourceArray(spike_times=[[], list(range(1, 18))]))
    post = sim.Population(1, sim.IF_curr_exp(**CELL))
    p1 = sim.Projection(src, post, sim.FromListConnector([(0, 0)]),
                        em.WeightChangeable(weight_min=0.0, weight_max=3.0, weight=1.0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sim.Projection(chg, post, sim.FromListConnector([(0, 0), (1, 0)]),
                       em.WeightChanger(weight_change=0.5, projection=p1), label="chg")
    said = [str(w.message) for w in caught if "WeightChangeable synapse" in str(w.message)]
    assert len(said) == 1 and "'chg': 1 of its 2 WeightChanger connections" in said[0]
    with pytest.raises(Exception, match="queue of 16 pending changes"):
        sim.run(30)
    sim.end()

"""Structural plasticity on the cores (issue 16): every synapse after a run against a model
of the rules (integration_tests/reference/structural_model.py, written from
docs/structural_plasticity.md), the rules' statistics against their formulas (chi-square),
STDP in rewired rows against plain STDP, determinism over neurons per core and threads, and
the errors."""
import math

import numpy as np
import pytest
from scipy import stats

import pyNN.spiNNaker as sim

from spynnaker_backend.mapping.dataspec.regions import MAX_CORE_DELAY
from spynnaker_backend.mapping.errors import MappingError

from reference.structural_model import Rewiring

N = 36          # target neurons, on a 6 x 6 grid
GRID = (6, 6)
SEED = 7


def mechanism(formation, elimination, **kw):
    args = dict(f_rew=2000, s_max=6, seed=SEED, initial_weight=0.5, initial_delay=(1, 3))
    args.update(kw)
    return sim.StructuralMechanismStatic(sim.RandomSelection(), formation, elimination,
                                         **args)


INITIAL = [(0, 0, 0.5, 1.0), (3, 0, 0.5, 2.0), (5, 7, 0.1, 2.0), (5, 7, 0.5, 3.0),
           (30, 35, 0.5, 1.0), (2, 0, 0.1, 1.0)]


def rewiring_network(atoms_per_core=None, threads=None, chunks=(150.0, 150.0)):
    """Two structural projections onto one population (forward from a Poisson source,
    lateral from itself); the connections of both after each run."""
    sim.setup(timestep=1.0, threads=threads)
    if atoms_per_core:
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, atoms_per_core)
    pre = sim.Population(N, sim.SpikeSourcePoisson(rate=20.0), label="pre")
    post = sim.Population(N, sim.IF_curr_exp(), label="post")
    forward = sim.Projection(pre, post, sim.FromListConnector(INITIAL), mechanism(
        sim.DistanceDependentFormation(grid=GRID, p_form_forward=0.5, sigma_form_forward=2.0),
        sim.RandomByWeightElimination(0.3, prob_elim_depressed=0.05,
                                      prob_elim_potentiated=0.01)), label="forward")
    lateral = sim.Projection(post, post, sim.FixedProbabilityConnector(0.0), mechanism(
        sim.DistanceDependentFormation(grid=GRID, p_form_lateral=0.3, sigma_form_lateral=1.5),
        sim.RandomByWeightElimination(0.3, prob_elim_depressed=0.02), initial_weight=0.2,
        initial_delay=2), receptor_type="inhibitory", label="lateral")
    got = []
    for t in chunks:
        sim.run(t)
        got.append([sorted((int(a), int(b), int(round(d))) for a, b, d in
                           p.get(["delay"], format="list")) for p in (forward, lateral)])
        # rows have room for whatever the slots hold: no formation refused
        assert sim.get_run_report()["populations"]["post"]["rewiring_rows_full"] == 0
    sim.end()
    return got


def model(chunks=(150, 150)):
    pops = [dict(n_atoms=N, grid=GRID, p_form=0.5, sigma=2.0, threshold=0.3, weight=0.5,
                 p_dep=0.05, p_pot=0.01, delay=(1, 3)),
            dict(n_atoms=N, grid=GRID, p_form=0.3, sigma=1.5, threshold=0.3, weight=0.2,
                 p_dep=0.02, p_pot=1.36e-4, delay=(2, 2))]
    # slots take the initial synapses by projection, pre atom, then connection order
    initial = sorted(((0, pre, post, int(d), w) for pre, post, w, d in INITIAL),
                     key=lambda c: (c[0], c[1]))
    m = Rewiring(N, pops, s_max=6, seed=SEED, attempts=2, initial=initial)
    out, tick = [], 0
    for t in chunks:
        m.run(tick, t)
        tick += t
        out.append([m.connections(0), m.connections(1)])
    return out, m


@pytest.fixture(scope="module")
def reference():
    return model()


def test_every_synapse_as_the_model_predicts(reference):
    expected, m = reference
    assert m.formed > 20 and m.removed > 3   # the run exercises both rules
    got = rewiring_network()
    assert got == expected


@pytest.mark.parametrize("atoms_per_core,threads", [(7, 1), (5, 2)])
def test_same_rewiring_for_any_neurons_per_core_and_threads(reference, atoms_per_core,
                                                            threads):
    assert rewiring_network(atoms_per_core, threads) == reference[0]


def _formed_by_distance(sigma, p_form, grid=(10, 10), seed=11):
    """Squared distances of the synapses formed from an empty start (no elimination)."""
    n = grid[0] * grid[1]
    sim.setup(timestep=1.0)
    pre = sim.Population(n, sim.SpikeSourceArray(spike_times=[]), label="silent")
    post = sim.Population(n, sim.IF_curr_exp(), label="post")
    proj = sim.Projection(pre, post, sim.FixedProbabilityConnector(0.0),
                          sim.StructuralMechanismStatic(
                              sim.RandomSelection(),
                              sim.DistanceDependentFormation(grid, p_form_forward=p_form,
                                                             sigma_form_forward=sigma),
                              sim.RandomByWeightElimination(1.0, 0.0, 0.0),
                              f_rew=50000, s_max=100, seed=seed, initial_weight=0.1))
    sim.run(200.0)
    conns = np.array(proj.get(["weight"], format="list"))[:, :2].astype(int)
    sim.end()
    return conns


def _d2(a, b, grid):
    gx, gy = grid
    dx = np.abs((a // gy) % gx - (b // gy) % gx)
    dy = np.abs(a % gy - b % gy)
    dx = np.minimum(dx, gx - dx)
    dy = np.minimum(dy, gy - dy)
    return dx ** 2 + dy ** 2


def test_formation_probability_against_distance_chi_square():
    """The formed synapses by squared grid distance follow n_pairs(d^2) p exp(-d^2/(2
    sigma^2)): each formation attempt draws a uniform pair, then forms with that
    probability."""
    grid, sigma, p = (10, 10), 2.0, 0.8
    conns = _formed_by_distance(sigma, p, grid)
    assert len(conns) > 1500
    n = grid[0] * grid[1]
    a, b = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    pairs = np.bincount(_d2(a, b, grid).ravel())
    d2 = np.arange(len(pairs))
    weight = pairs * p * np.exp(-d2 / (2 * sigma ** 2))
    observed = np.bincount(_d2(conns[:, 0], conns[:, 1], grid), minlength=len(pairs))
    expected = weight / weight.sum() * len(conns)
    # classes with enough expectation for chi-square; the rest pooled
    big = expected >= 5
    obs = np.append(observed[big], observed[~big].sum())
    exp = np.append(expected[big], expected[~big].sum())
    chi2, pval = stats.chisquare(obs, exp)
    assert pval > 1e-3, (chi2, pval, obs, np.round(exp, 1))
    # and the attempt rate: an attempt forms with probability (1 - fill / s_max) E[p(d)],
    # so a neuron's fill after a attempts is s_max (1 - exp(-E[p] a / s_max))
    per_neuron, s_max = 50 * 200 / n, 100
    mean_p = weight.sum() / n ** 2
    expected_total = n * s_max * (1 - math.exp(-mean_p * per_neuron / s_max))
    assert abs(len(conns) - expected_total) < 4 * math.sqrt(expected_total)


def test_elimination_probability_against_weight_chi_square():
    """A synapse below the threshold goes with prob_elim_depressed per attempt on its slot,
    one at or above it with prob_elim_potentiated: survival (1 - p / (N s_max))^attempts."""
    n, s_max, p_dep, p_pot, attempts = 200, 4, 0.2, 0.05, 20 * 100
    initial = [(int(j), int(i), 0.1 if k < 2 else 0.5, 1.0)
               for i in range(n) for k, j in enumerate(((i + 1) % n, (i + 2) % n,
                                                         (i + 3) % n, (i + 4) % n))]
    sim.setup(timestep=1.0)
    pre = sim.Population(n, sim.SpikeSourceArray(spike_times=[]), label="silent")
    post = sim.Population(n, sim.IF_curr_exp(), label="post")
    proj = sim.Projection(pre, post, sim.FromListConnector(initial),
                          sim.StructuralMechanismStatic(
                              sim.RandomSelection(),
                              sim.DistanceDependentFormation((1, n), p_form_forward=0.0),
                              sim.RandomByWeightElimination(0.3, p_dep, p_pot),
                              f_rew=20000, s_max=s_max, seed=5, initial_weight=0.5))
    sim.run(100.0)
    left = np.array(proj.get(["weight"], format="list"))
    sim.end()
    kept_dep = int(np.sum(left[:, 2] < 0.3))
    kept_pot = int(np.sum(left[:, 2] >= 0.3))
    table = []
    for kept, p in ((kept_dep, p_dep), (kept_pot, p_pot)):
        survive = (1 - p / (n * s_max)) ** attempts
        table.append((kept, 2 * n * survive, 2 * n - kept, 2 * n * (1 - survive)))
    obs = np.array([[t[0], t[2]] for t in table]).ravel()
    exp = np.array([[t[1], t[3]] for t in table]).ravel()
    chi2, pval = stats.chisquare(obs, exp, ddof=0)
    assert pval > 1e-3, (obs, exp)
    assert kept_dep < kept_pot


def test_last_neuron_selection_as_the_model_predicts():
    """Partners only among the pre atoms that spiked in the previous tick."""
    n, spikes = 16, {}
    rng = np.random.default_rng(3)
    times = [sorted(set(rng.integers(1, 120, 6).tolist())) for _ in range(n)]
    for atom, ts in enumerate(times):
        for t in ts:
            spikes.setdefault(t, []).append((0, atom))
    sim.setup(timestep=1.0)
    pre = sim.Population(n, sim.SpikeSourceArray(spike_times=[list(map(float, t))
                                                              for t in times]))
    post = sim.Population(n, sim.IF_curr_exp(), label="post")
    proj = sim.Projection(pre, post, sim.FixedProbabilityConnector(0.0),
                          sim.StructuralMechanismStatic(
                              sim.LastNeuronSelection(spike_buffer_size=3),
                              sim.DistanceDependentFormation((4, 4), p_form_forward=1.0,
                                                             sigma_form_forward=3.0),
                              sim.RandomByWeightElimination(0.3, 0.0, 0.0),
                              f_rew=5000, s_max=4, seed=9, initial_weight=0.01))
    sim.run(130.0)
    got = sorted((int(a), int(b), int(round(d))) for a, b, d in
                 proj.get(["delay"], format="list"))
    sim.end()
    pops = [dict(n_atoms=n, grid=(4, 4), p_form=1.0, sigma=3.0, threshold=0.3, weight=0.01,
                 p_dep=0.0, p_pot=0.0, delay=(1, 1))]
    m = Rewiring(n, pops, s_max=4, seed=9, attempts=5, buffer_size=3)
    m.run(0, 130, spiked=lambda t: sorted(spikes.get(t, [])))
    assert m.formed > 10
    assert got == m.connections(0)


def _stdp_network(structural):
    sim.setup(timestep=1.0)
    pre = sim.Population(20, sim.SpikeSourcePoisson(rate=30.0), label="pre",
                         additional_parameters={"seed": 4})
    drive = sim.Population(10, sim.SpikeSourcePoisson(rate=40.0), label="drive",
                           additional_parameters={"seed": 5})
    post = sim.Population(10, sim.IF_curr_exp(), label="post")
    sim.Projection(drive, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0))
    timing = sim.SpikePairRule(tau_plus=16.0, tau_minus=30.0, A_plus=0.05, A_minus=0.06)
    weight = sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0)
    conns = [(i, j, 0.5, 1.0 + (i % 3)) for i in range(20) for j in range(10)
             if (i + j) % 4 == 0]
    if structural:
        synapse = sim.StructuralMechanismSTDP(
            sim.RandomSelection(), sim.DistanceDependentFormation((1, 10), p_form_forward=0.0),
            sim.RandomByWeightElimination(0.3, 0.0, 0.0), timing, weight, s_max=8,
            initial_weight=0.5)
    else:
        synapse = sim.STDPMechanism(timing, weight)
    proj = sim.Projection(pre, post, sim.FromListConnector(conns), synapse)
    sim.run(500.0)
    out = sorted(proj.get(["weight", "delay"], format="list"))
    sim.end()
    return out


def test_stdp_in_rewired_rows_as_plain_stdp():
    """With rules that neither form nor remove, StructuralMechanismSTDP's synapses learn
    exactly as STDPMechanism's (same spikes, same rows' arithmetic)."""
    plain = _stdp_network(False)
    rewired = _stdp_network(True)
    assert len(plain) == 50
    assert rewired == plain
    assert len({round(c[2], 6) for c in plain}) > 10   # the weights did move


def test_stdp_rewiring_removes_depressed_synapses():
    """Depression below the threshold makes synapses removable: with prob_elim_depressed =
    1 and prob_elim_potentiated = 0, what remains after many attempts is the potentiated
    synapses (and those depressed since the last attempt on their slot)."""
    sim.setup(timestep=1.0)
    pre = sim.Population(20, sim.SpikeSourcePoisson(rate=30.0), label="pre",
                         additional_parameters={"seed": 4})
    post = sim.Population(10, sim.SpikeSourcePoisson(rate=30.0), label="post-src")
    target = sim.Population(10, sim.IF_curr_exp(), label="post")
    sim.Projection(post, target, sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0))
    conns = [(i, j, 0.5, 1.0) for i in range(20) for j in range(10) if (i + j) % 4 == 0]
    proj = sim.Projection(pre, target, sim.FromListConnector(conns),
                          sim.StructuralMechanismSTDP(
                              sim.RandomSelection(),
                              sim.DistanceDependentFormation((1, 10), p_form_forward=0.0),
                              sim.RandomByWeightElimination(0.45, 1.0, 0.0),
                              sim.SpikePairRule(20.0, 20.0, A_plus=0.01, A_minus=0.03),
                              sim.AdditiveWeightDependence(0.0, 1.0), f_rew=20000, s_max=8,
                              initial_weight=0.5))
    sim.run(1000.0)
    left = proj.get(["weight"], format="list")
    sim.end()
    assert 0 < len(left) < len(conns)
    assert all(w >= 0.45 - 0.05 for _, _, w in left)


def test_errors():
    sim.setup(timestep=1.0)
    a = sim.Population(4, sim.IF_curr_exp(), label="a")
    b = sim.Population(4, sim.IF_curr_exp(), label="b")
    mech = dict(partner_selection=sim.RandomSelection(),
                formation=sim.DistanceDependentFormation((2, 2)),
                elimination=sim.RandomByWeightElimination(0.1))
    with pytest.raises(TypeError, match="whole Populations"):
        sim.Projection(a[0:2], b, sim.AllToAllConnector(),
                       sim.StructuralMechanismStatic(**mech))
    with pytest.raises(Exception, match="f_rew"):
        sim.StructuralMechanismStatic(f_rew=0, **mech)
    with pytest.raises(Exception, match="formation"):
        sim.StructuralMechanismStatic(sim.RandomSelection(), None,
                                      sim.RandomByWeightElimination(0.1))
    sim.Projection(a, b, sim.AllToAllConnector(),
                   sim.StructuralMechanismStatic(f_rew=1000, s_max=2, **mech))
    with pytest.raises(MappingError, match="s_max"):
        sim.run(1.0)
    sim.end()
    sim.setup(timestep=1.0)
    a = sim.Population(4, sim.IF_curr_exp(), label="a")
    b = sim.Population(4, sim.IF_curr_exp(), label="b")
    sim.Projection(a, b, sim.OneToOneConnector(),
                   sim.StructuralMechanismStatic(f_rew=1000, **mech))
    sim.Projection(b, b, sim.OneToOneConnector(),
                   sim.StructuralMechanismStatic(f_rew=2000, **mech))
    with pytest.raises(MappingError, match="differ in f_rew"):
        sim.run(1.0)
    sim.end()
    sim.setup(timestep=1.0, max_delay=80.0)
    a = sim.Population(4, sim.IF_curr_exp(), label="a")
    sim.Projection(a, a, sim.OneToOneConnector(),
                   sim.StructuralMechanismStatic(initial_delay=MAX_CORE_DELAY + 5, **mech))
    with pytest.raises(MappingError, match=f"at most {MAX_CORE_DELAY} timesteps"):
        sim.run(1.0)
    sim.end()


def test_full_rows_refuse_formations_and_are_counted(monkeypatch):
    """Rows cut to sPyNNaker's s_max (when the full room would take too much memory): a
    formation onto a full row is refused and counted in the run report."""
    from spynnaker_backend.mapping import plastic_synapses
    monkeypatch.setattr(plastic_synapses, "REWIRED_BLOCK_WORDS", 1)
    n, s_max = 16, 3
    sim.setup(timestep=1.0)
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, n)   # one core: one row per pre
    pre = sim.Population(2, sim.SpikeSourceArray(spike_times=[]), label="two")
    post = sim.Population(n, sim.IF_curr_exp(), label="post")
    proj = sim.Projection(pre, post, sim.FixedProbabilityConnector(0.0),
                          sim.StructuralMechanismStatic(
                              sim.RandomSelection(),
                              sim.DistanceDependentFormation((1, 1), p_form_forward=1.0),
                              sim.RandomByWeightElimination(0.3, 0.0, 0.0),
                              f_rew=5000, s_max=s_max, initial_weight=0.1))
    sim.run(20.0)
    pre_of = np.array(proj.get(["weight"], format="list"))[:, 0].astype(int)
    full = sim.get_run_report()["populations"]["post"]["rewiring_rows_full"]
    sim.end()
    assert np.bincount(pre_of, minlength=2).tolist() == [s_max, s_max]
    assert full > 0


def test_reset_restores_the_initial_synapses_and_rewires_the_same_way(reference):
    """sim.reset() reloads the connector's synapses; the rewiring stream starts again at tick
    0, so a second run after it rewires exactly as the first."""
    expected = reference[0][0]
    sim.setup(timestep=1.0)
    pre = sim.Population(N, sim.SpikeSourcePoisson(rate=20.0), label="pre")
    post = sim.Population(N, sim.IF_curr_exp(), label="post")
    forward = sim.Projection(pre, post, sim.FromListConnector(INITIAL), mechanism(
        sim.DistanceDependentFormation(grid=GRID, p_form_forward=0.5, sigma_form_forward=2.0),
        sim.RandomByWeightElimination(0.3, prob_elim_depressed=0.05,
                                      prob_elim_potentiated=0.01)), label="forward")
    sim.Projection(post, post, sim.FixedProbabilityConnector(0.0), mechanism(
        sim.DistanceDependentFormation(grid=GRID, p_form_lateral=0.3, sigma_form_lateral=1.5),
        sim.RandomByWeightElimination(0.3, prob_elim_depressed=0.02), initial_weight=0.2,
        initial_delay=2), receptor_type="inhibitory", label="lateral")
    runs = []
    for _ in range(2):
        sim.run(150.0)
        runs.append(sorted((int(a), int(b), int(round(d))) for a, b, d in
                           forward.get(["delay"], format="list")))
        sim.reset()
        assert sorted((int(a), int(b), int(round(d))) for a, b, d in
                      forward.get(["delay"], format="list")) == sorted(
            (a, b, int(d)) for a, b, _, d in INITIAL)
    sim.end()
    assert runs[0] == runs[1] == expected[0]


def test_slow_rewiring_as_the_model_predicts():
    """f_rew below one attempt per tick (sPyNNaker's slow rewiring): one attempt every
    int(1000 / (f_rew dt)) ticks, here 250 Hz at dt 0.5 ms -> every 8th tick."""
    sim.setup(timestep=0.5)
    pre = sim.Population(N, sim.SpikeSourceArray(spike_times=[]), label="silent")
    post = sim.Population(N, sim.IF_curr_exp(), label="post")
    proj = sim.Projection(pre, post, sim.FromListConnector(INITIAL), mechanism(
        sim.DistanceDependentFormation(grid=GRID, p_form_forward=0.9, sigma_form_forward=3.0),
        sim.RandomByWeightElimination(0.3, prob_elim_depressed=0.3,
                                      prob_elim_potentiated=0.1), f_rew=250,
        initial_delay=(0.5, 1.5)))
    got = []
    for t in (300.0, 500.0):
        sim.run(t)
        got.append(sorted((int(a), int(b), int(round(d / 0.5))) for a, b, d in
                          proj.get(["delay"], format="list")))
    sim.end()
    pops = [dict(n_atoms=N, grid=GRID, p_form=0.9, sigma=3.0, threshold=0.3, weight=0.5,
                 p_dep=0.3, p_pot=0.1, delay=(1, 3))]
    initial = sorted(((0, a, b, int(d / 0.5), w) for a, b, w, d in INITIAL),
                     key=lambda c: (c[0], c[1]))
    m = Rewiring(N, pops, s_max=6, seed=SEED, attempts=0, period=8, initial=initial)
    m.run(0, 600)
    first = m.connections(0)
    m.run(600, 1000)
    assert m.formed > 30 and m.removed > 5, (m.formed, m.removed)
    assert got == [first, m.connections(0)]

"""PointNeuron with named receptors and IF_curr_dual_exp on the cores: receptor names ->
synapse types, per-receptor parameters and recordings, signs, limits, and the guarantees that
must keep holding with more than two synapse types (partition and thread invariance, run
continuation, losses).  NEST comparisons: test_receptors_against_nest.py."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim
from pyNN import errors

from spynnaker_backend.errors import ConfigurationError

TAUS = {"AMPA": 2.0, "GABAA": 5.0, "GABAB": 30.0, "NMDA": 12.0}


def _lif_x4(**lif):
    return sim.PointNeuron(sim.LIF(**lif), **{
        name: sim.CurrExpPostSynapticResponse(tau_syn=tau) for name, tau in TAUS.items()})


def _network(neurons_per_core=None, threads=None, runs=(300.0,), n=40):
    """A random network onto 4 receptors (two of them inhibitory, by negative weights), with
    recurrent connections; returns spikes and every recorded receptor variable."""
    sim.setup(timestep=0.1, threads=threads)
    pop = sim.Population(n, _lif_x4(tau_m=15.0, tau_refrac=2.0, i_offset=0.5), label="cells")
    if neurons_per_core:
        pop.set_max_atoms_per_core(neurons_per_core)
    rng = sim.NumpyRNG(seed=7)
    src = sim.Population(30, sim.SpikeSourcePoisson(rate=40.0), label="noise", seed=11)
    weights = {"AMPA": 3.0, "NMDA": 0.5, "GABAA": -0.5, "GABAB": -0.05}
    for name, w in weights.items():
        sim.Projection(src, pop, sim.FixedProbabilityConnector(0.3, rng=rng),
                       sim.StaticSynapse(weight=w, delay=1.0), receptor_type=name)
    sim.Projection(pop, pop, sim.FixedProbabilityConnector(0.1, rng=rng),
                   sim.StaticSynapse(weight=0.5, delay=2.0), receptor_type="AMPA")
    pop.record(["spikes", "v"] + [f"{r}.isyn" for r in TAUS])
    for t in runs:
        sim.run(t)
    seg = pop.get_data().segments[0]
    out = {"spikes": [np.asarray(st) for st in seg.spiketrains]}
    for sig in seg.analogsignals:
        out[sig.name] = np.asarray(sig)
    sim.end()
    return out


def _same(a, b):
    assert a.keys() == b.keys()
    for k in a:
        if k == "spikes":
            assert all(np.array_equal(x, y) for x, y in zip(a[k], b[k]))
        else:
            assert np.array_equal(a[k], b[k]), k


def test_four_receptors_are_bit_identical_across_partitions_threads_and_run_splits():
    ref = _network()
    assert sum(len(s) for s in ref["spikes"]) > 50
    for name in ("GABAA.isyn", "GABAB.isyn"):      # negative weights: negative currents
        assert ref[name].min() < 0 and ref[name].max() == 0
    for name in ("AMPA.isyn", "NMDA.isyn"):
        assert ref[name].min() == 0 and ref[name].max() > 0
    _same(ref, _network(neurons_per_core=7, threads=2))
    _same(ref, _network(neurons_per_core=16, threads=1))
    _same(ref, _network(runs=(100.0, 150.0, 50.0)))


def test_receptor_traces_follow_the_board_rule_per_receptor():
    # one input of weight w on each receptor at 10 ms, delay 1 ms: the board adds w init_k
    # at the start of tick 110 and the state decays by exp(-dt/tau_k) per tick
    dt = 0.1
    sim.setup(timestep=dt)
    pop = sim.Population(1, _lif_x4())
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    weights = {"AMPA": 0.5, "GABAA": -0.4, "GABAB": -0.05, "NMDA": 0.2}
    for name, w in weights.items():
        sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=w, delay=1.0),
                       receptor_type=name)
    pop.record([f"{r}.isyn" for r in TAUS])
    sim.run(40.0)
    seg = pop.get_data().segments[0]
    now = {name: float(pop.sum(name)[0]) for name in TAUS}   # read from the cores at 40 ms
    sim.end()
    k = np.arange(401)
    for name, w in weights.items():
        trace = np.asarray(seg.filter(name=f"{name}.isyn")[0])[:, 0]
        tau = TAUS[name]
        init = tau / dt * -np.expm1(-dt / tau)
        expected = np.where(k >= 110, w * init * np.exp(-(k - 110) * dt / tau), 0.0)
        # the weight is quantised by the receptor's ring-buffer shift; each s16.15 decay
        # rounds by at most half an LSB, errors that then decay: at most 2^-16 / (1 - P11)
        bound = abs(w) * 2e-3 + 2.0 ** -16 / -np.expm1(-dt / tau)
        np.testing.assert_allclose(trace, expected, atol=bound, err_msg=name)
        assert trace[110] == pytest.approx(w * init, abs=abs(w) * 2e-3)
        # sum(receptor) reads the receptor's state on the cores: the run's final sample
        assert now[name] == trace[-1]


def test_receptor_names_parameters_and_recordables():
    sim.setup(timestep=0.1)
    cell = sim.PointNeuron(sim.AdExp(tau_m=10.0, v_rest=-60.0),
                           NMDA=sim.CondExpPostSynapticResponse(tau_syn=20.0, e_syn=0.0),
                           AMPA=sim.CondExpPostSynapticResponse(tau_syn=1.0, e_syn=0.0),
                           GABAA=sim.CondExpPostSynapticResponse(tau_syn=1.5, e_syn=-70.0))
    pop = sim.Population(3, cell)
    assert list(pop.celltype.receptor_types) == ["AMPA", "GABAA", "NMDA"]
    assert pop.get("GABAA.e_syn") == -70.0 and pop.get("NMDA.tau_syn") == 20.0
    pop.set(**{"AMPA.tau_syn": 2.5})
    assert pop.get("AMPA.tau_syn") == 2.5
    assert {"v", "w", "AMPA.gsyn", "GABAA.gsyn", "NMDA.gsyn"} <= set(pop.celltype.recordable)
    with pytest.raises(errors.ConnectionError):
        sim.Projection(pop, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=-0.1),
                       receptor_type="AMPA")      # conductances: weights >= 0
    with pytest.raises(errors.ConnectionError, match="GABAB"):
        sim.Projection(pop, pop, sim.OneToOneConnector(), receptor_type="GABAB")
    sim.end()


def test_more_than_four_receptors_or_mixed_shapes_are_refused_at_construction():
    five = {f"R{k}": sim.CurrExpPostSynapticResponse() for k in range(5)}
    with pytest.raises(errors.InvalidModelError, match="at most 4 synapse types"):
        sim.PointNeuron(sim.LIF(), **five)
    with pytest.raises(errors.InvalidModelError, match="different shapes"):
        sim.PointNeuron(sim.LIF(), A=sim.CurrExpPostSynapticResponse(),
                        B=sim.CondExpPostSynapticResponse())
    with pytest.raises(errors.InvalidModelError, match="conductance receptors"):
        sim.PointNeuron(sim.AdExp(), A=sim.CurrExpPostSynapticResponse())


def test_one_sign_per_current_receptor_is_enforced_where_the_clash_is_made():
    sim.setup(timestep=0.1)
    pop = sim.Population(2, _lif_x4(), label="cells")
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[5.0]))
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5),
                   receptor_type="AMPA", label="up")
    with pytest.raises(ConfigurationError, match="receptor 'AMPA' of population 'cells'"):
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.5),
                       receptor_type="AMPA", label="down")
    sim.end()


def test_dual_exp_has_spynnakers_names_defaults_and_inhibition():
    cls = sim.extra_models.IF_curr_dual_exp
    assert cls.default_parameters == {
        "tau_m": 20.0, "cm": 1.0, "v_rest": -65.0, "v_reset": -65.0, "v_thresh": -50.0,
        "tau_syn_E": 5.0, "tau_syn_E2": 5.0, "tau_syn_I": 5.0, "tau_refrac": 0.1,
        "i_offset": 0.0}
    import spynnaker.pyNN as spy
    assert spy.extra_models.IF_curr_dual_exp is cls
    sim.setup(timestep=1.0)
    pop = sim.Population(2, cls(tau_syn_E2=10.0))
    assert list(pop.celltype.receptor_types) == ["excitatory", "excitatory2", "inhibitory"]
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    # sPyNNaker's rule: inhibitory weights of either sign inhibit
    sim.Projection(src, pop[0:1], sim.AllToAllConnector(), sim.StaticSynapse(weight=1.0),
                   receptor_type="inhibitory")
    sim.Projection(src, pop[1:2], sim.AllToAllConnector(), sim.StaticSynapse(weight=-1.0),
                   receptor_type="inhibitory")
    with pytest.raises(errors.ConnectionError):
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=-1.0),
                       receptor_type="excitatory2")
    pop.record(["v", "gsyn_inh"])
    sim.run(30.0)
    seg = pop.get_data().segments[0]
    sim.end()
    v = np.asarray(seg.filter(name="v")[0])
    g = np.asarray(seg.filter(name="gsyn_inh")[0])
    assert np.array_equal(v[:, 0], v[:, 1]) and v.min() < -65.5
    # recorded as the board records it: the magnitude, 1 nA x init after the input
    assert g.max() == pytest.approx(5.0 * -np.expm1(-1.0 / 5.0), abs=1e-3)


def test_semd_gates_the_trigger_by_the_facilitation_as_the_board_rule_says():
    # facilitation (exc, tau 10 ms) at 10 and 90 ms, trigger (exc2, tau 5.5 ms) at 15 and 95
    # ms, delay 1 ms, dt 1 ms: in tick 16 the multiplicator takes exc = 2 init_10 exp(-5/10);
    # the membrane current is then exc2 * multiplicator * scaling_factor, exc2 = init_5.5
    # exp(-(k - 16)/5.5), i.e. NEST's exponential current of weight W = 1 * m * 2 from 16 ms
    # (its closed-form PSP below), until exc2 < 0.001 nA (tick 16 + 38: 35.9 and 30.0 units of
    # 2^-15 in ticks 16 + 37 and 16 + 38, clear of the threshold's 33 whatever the rounding); the
    # multiplicator re-arms once exc2 has decayed to 0, for the second pair.
    cls = sim.extra_models.IF_curr_exp_sEMD
    assert cls.default_parameters["scaling_factor"] == 1.0
    tau2 = 5.5
    sim.setup(timestep=1.0)
    pop = sim.Population(1, cls(tau_syn_E=10.0, tau_syn_E2=tau2, scaling_factor=2.0))
    fac = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0, 90.0]))
    trig = sim.Population(1, sim.SpikeSourceArray(spike_times=[15.0, 95.0]))
    sim.Projection(fac, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=2.0, delay=1.0),
                   receptor_type="excitatory")
    sim.Projection(trig, pop, sim.OneToOneConnector(),
                   sim.StaticSynapse(weight=1.0, delay=1.0), receptor_type="excitatory2")
    pop.record(["v", "gsyn_exc"])
    sim.run(170.0)
    seg = pop.get_data().segments[0]
    sim.end()
    v = np.asarray(seg.filter(name="v")[0])[:, 0]
    g = np.asarray(seg.filter(name="gsyn_exc")[0])[:, 0]

    def init(tau):
        return tau * -np.expm1(-1.0 / tau)

    k = np.arange(len(g))
    g_expected = np.zeros(len(g))
    v_expected = np.full(len(g), -65.0)
    tau_m, r = 20.0, 20.0     # R = tau_m / cm

    def psp(s, amplitude):    # closed-form LIF response to amplitude exp(-s/tau2), s >= 0
        s = np.maximum(s, 0)
        return r * amplitude * tau2 / (tau2 - tau_m) * (np.exp(-s / tau2) - np.exp(-s / tau_m))

    for t0 in (16, 96):
        gain = 2.0 * init(10.0) * (np.exp(-0.5) + (np.exp(-8.5) if t0 == 96 else 0.0))
        exc2 = np.where(k >= t0, init(tau2) * np.exp(-(k - t0) / tau2), 0.0)
        cut = t0 + int(np.argmax(exc2[t0:] < 0.001))
        on = (k >= t0) & (k < cut)
        g_expected[on] += exc2[on] * gain * 2.0
        w = gain * 2.0
        v_expected += np.where(k >= t0, psp(k - t0, w), 0.0)
        # the gated current stops at the cut: remove the rest of the exponential
        v_expected -= np.where(k >= cut, psp(k - cut, w * np.exp(-(cut - t0) / tau2)), 0.0)
    assert g[15] == 0 and g[16] > 2.0 and g[53] > 0 and g[54] == 0
    np.testing.assert_allclose(g, g_expected, atol=2e-3)
    np.testing.assert_allclose(v, v_expected, atol=5e-3)


def _volley_on_fourth_receptor(additional_parameters=None, allow_losses=False):
    # test_ring_buffer_headroom.py's volley (300 x 0.5 nA in one tick: 150 nA, above the
    # 128 nA the default scaling covers) onto 'NMDA', synapse type 3 of 4; the other three
    # receptors get small inputs with their own scaling
    sim.setup(timestep=0.1, allow_losses=allow_losses)
    src = sim.Population(300, sim.SpikeSourceArray(spike_times=[[1.0]] * 300))
    pop = sim.Population(1, _lif_x4(v_thresh=1000.0), label="target",
                         additional_parameters=additional_parameters)
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5),
                   receptor_type="NMDA")
    for name in ("AMPA", "GABAA", "GABAB"):
        sim.Projection(src[0:1], pop, sim.AllToAllConnector(),
                       sim.StaticSynapse(weight=-0.01 if name.startswith("GABA") else 0.01),
                       receptor_type=name)
    pop.record("NMDA.isyn")
    sim.run(5.0)
    report = sim.get_run_report()
    isyn = np.asarray(pop.get_data().segments[0].filter(name="NMDA.isyn")[0]).ravel()
    sim.end()
    return report, isyn


def test_saturation_of_the_fourth_receptor_is_reported_and_headroom_fixes_it():
    from spynnaker_backend.readback.run_report import LossError
    with pytest.raises(LossError, match=r"population 'target': \d+ synaptic inputs saturated"):
        _volley_on_fourth_receptor()
    report, isyn = _volley_on_fourth_receptor({"spikes_per_second": 10000})
    assert report["populations"]["target"]["ring_saturations"] == 0
    # the whole volley arrives: 150 nA scaled by the board's init for tau 12 ms
    assert isyn.max() == pytest.approx(150.0 * 12.0 / 0.1 * -np.expm1(-0.1 / 12.0), rel=1e-3)

"""The ARM binaries per synapse-dynamics family (mapping/dataspec/binaries.py) run a rule of
their family under unicorn bit-identically to the x86 VM: every region, the learnt weights
of the plastic matrix included, after the same ticks, each on the binary the mapping chose.
Weight-changing synapses and stochastic Tsodyks-Markram never ran on ARM before these
binaries (no ITCM room in the one binary per model)."""
import pytest

pytest.importorskip("unicorn", reason="pip install unicorn")
import pyNN.spiNNaker as sim  # noqa: E402
from pyNN.spiNNaker import extra_models as em  # noqa: E402

from spynnaker_backend.mapping.dataspec.regions import Region  # noqa: E402
from vm_vs_arm import _check, needs_binaries  # noqa: E402

pytestmark = needs_binaries
TICKS = 120
PRE_TIMES = [[3.0 + 7 * i + 23 * k for k in range(5)] for i in range(10)]
POST_DRIVE = [[5.0 + 11 * j + 19 * k for k in range(6)] for j in range(8)]


def _network(dynamics, post_cell=None, extra=None):
    """Ten pre sources onto eight neurons through ``dynamics()``, the neurons driven to fire
    by a static projection (so that spike-timing rules pair pre with post spikes)."""
    def build():
        pre = sim.Population(10, sim.SpikeSourceArray(spike_times=PRE_TIMES), label="pre")
        drive = sim.Population(8, sim.SpikeSourceArray(spike_times=POST_DRIVE), label="drive")
        post = sim.Population(8, post_cell or sim.IF_curr_exp(tau_refrac=2.0), label="post")
        sim.Projection(drive, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=20.0))
        sim.Projection(pre, post, sim.FixedProbabilityConnector(0.7, rng=sim.NumpyRNG(3)),
                       dynamics(), label="learning")
        if extra:
            extra(pre, post)
        post.record(["spikes", "v"])
    return build


def _stdp(timing, weight_dep=None, weight=1.0, **kw):
    return lambda: sim.STDPMechanism(
        timing_dependence=timing,
        weight_dependence=weight_dep or sim.AdditiveWeightDependence(w_min=0.0, w_max=4.0),
        weight=weight, delay=2.0, **kw)


def _learnt(binaries, before, after, family):
    """The weights of the _family cores' plastic matrix moved during the run."""
    cores = [c for c, b in binaries.items() if b.endswith("_" + family)]
    assert cores, f"no core ran a _{family} binary: {sorted(set(binaries.values()))}"
    matrix = int(Region.PLASTIC_MATRIX)
    assert any(before[c][matrix] != after[c][matrix] for c in cores), "nothing learnt"


def test_pair_stdp_on_the_stdp_binary():
    binaries, before, after = _check(_network(_stdp(sim.SpikePairRule(
        tau_plus=15.0, tau_minus=20.0, A_plus=0.1, A_minus=0.12))), n_ticks=TICKS)
    assert "neuron_lif_exp_current" not in binaries.values()
    _learnt(binaries, before, after, "stdp")


def test_triplet_stdp_on_a_conductance_stdp_binary():
    """The triplet rule on IF_cond_exp, whose one binary had no room for axonal delays."""
    build = _network(_stdp(sim.extra_models.PfisterSpikeTriplet(
        tau_plus=16.8, tau_minus=33.7, tau_x=101.0, tau_y=125.0, A_plus=0.05, A_minus=0.07),
        sim.extra_models.WeightDependenceAdditiveTriplet(w_min=0.0, w_max=4.0, A3_plus=0.01,
                                                         A3_minus=0.0)),
        post_cell=sim.IF_cond_exp(tau_refrac=2.0))
    binaries, before, after = _check(build, n_ticks=TICKS)
    _learnt(binaries, before, after, "stdp")
    assert "neuron_lif_exp_conductance_stdp" in binaries.values()


def test_recurrent_rule_on_an_alpha_conductance_stdp_binary():
    """RecurrentRule (stochastic accumulator state machines) on IF_cond_alpha, whose one
    binary compiled it out."""
    rule = sim.extra_models.RecurrentRule(
        accumulator_depression=-1, accumulator_potentiation=1, mean_pre_window=8.0,
        mean_post_window=10.0, A_plus=0.2, A_minus=0.15, dual_fsm=True)
    build = _network(_stdp(rule, sim.MultiplicativeWeightDependence(w_min=0.0, w_max=0.1),
                           weight=0.05), post_cell=sim.IF_cond_alpha(tau_refrac=2.0))
    binaries, before, after = _check(build, n_ticks=TICKS)
    _learnt(binaries, before, after, "stdp")
    assert "neuron_lif_alpha_conductance_stdp" in binaries.values()


def test_axonal_pair_stdp_on_an_adex_stdp_binary():
    """AdEx had no room for axonal delays or RecurrentRule next to it; its stdp binary has."""
    build = _network(_stdp(sim.SpikePairRule(tau_plus=15.0, tau_minus=20.0, A_plus=0.02,
                                             A_minus=0.024), dendritic_delay_fraction=0.0,
                           weight_dep=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.5),
                           weight=0.2),
                     post_cell=sim.EIF_cond_exp_isfa_ista(tau_refrac=2.0))
    binaries, before, after = _check(build, n_ticks=TICKS)
    _learnt(binaries, before, after, "stdp")
    assert "neuron_adex_exp_conductance_stdp" in binaries.values()


@pytest.mark.parametrize("synapse", [
    lambda: sim.TsodyksMarkramSynapse(U=0.5, tau_rec=80.0, tau_facil=10.0, weight=2.0,
                                      delay=1.0),
    lambda: sim.StochasticTsodyksMarkramSynapse(U=0.5, tau_rec=50.0, tau_facil=100.0,
                                                weight=2.0, delay=1.0),
    lambda: sim.MultiQuantalSynapse(U=0.3, n=4, tau_rec=60.0, tau_facil=0.0, weight=2.0,
                                    delay=1.0),
], ids=["tsodyks_markram", "stochastic_tsodyks_markram", "multi_quantal"])
def test_short_term_rules_on_the_stp_binary(synapse):
    binaries, before, after = _check(_network(synapse), n_ticks=TICKS)
    assert "neuron_lif_exp_current_stp" in binaries.values()


def test_weight_changing_synapses_on_the_wc_binary():
    def changers(pre, post):
        # (changer neuron k changes the synapses of pre neuron k: the same connections)
        chg = sim.Population(10, sim.SpikeSourceArray(spike_times=[
            [2.0 + k, 30.0 + 2 * k, 61.0 + k] for k in range(10)]), label="changer")
        sim.Projection(chg, post, sim.FixedProbabilityConnector(0.7, rng=sim.NumpyRNG(3)),
                       em.WeightChanger(weight_change=0.4, projection=changeable[0]))
    changeable = []

    def dynamics():
        return em.WeightChangeable(weight_min=0.2, weight_max=3.0, weight=1.0, delay=1.0)

    def build():
        pre = sim.Population(10, sim.SpikeSourceArray(spike_times=PRE_TIMES), label="pre")
        post = sim.Population(8, sim.IF_curr_exp(tau_refrac=2.0), label="post")
        changeable.append(sim.Projection(
            pre, post, sim.FixedProbabilityConnector(0.7, rng=sim.NumpyRNG(3)), dynamics()))
        changers(pre, post)
        post.record(["spikes", "v"])
    binaries, before, after = _check(build, n_ticks=TICKS)
    _learnt(binaries, before, after, "wc")
    assert "neuron_lif_exp_current_wc" in binaries.values()


def test_neuromodulated_stdp_on_the_neuromod_binary():
    def dopamine(pre, post):
        reward = sim.Population(1, sim.SpikeSourceArray(spike_times=[[20.0, 21.0, 60.0, 90.0]]),
                                label="reward")
        sim.Projection(reward, post, sim.AllToAllConnector(), em.Neuromodulation(
            weight=0.05, tau_c=100.0, tau_d=20.0, w_max=4.0), receptor_type="reward")
    build = _network(_stdp(sim.SpikePairRule(tau_plus=10.0, tau_minus=12.0, A_plus=1.0,
                                             A_minus=1.2)), extra=dopamine)
    binaries, before, after = _check(build, n_ticks=TICKS)
    _learnt(binaries, before, after, "neuromod")
    assert "neuron_lif_exp_current_neuromod" in binaries.values()


def test_rewiring_on_the_structural_binary():
    def build():
        pre = sim.Population(10, sim.SpikeSourceArray(spike_times=PRE_TIMES), label="pre")
        post = sim.Population(8, sim.IF_curr_exp(), label="post")
        sim.Projection(pre, post, sim.FromListConnector([(0, 0), (3, 1), (5, 7), (9, 2)]),
                       sim.StructuralMechanismStatic(
                           sim.RandomSelection(),
                           sim.DistanceDependentFormation((1, 10), p_form_forward=0.5,
                                                          sigma_form_forward=3.0),
                           sim.RandomByWeightElimination(0.3, 0.2, 0.1),
                           f_rew=2000, s_max=4, seed=7, initial_weight=2.0))
        post.record(["spikes", "v"])
    binaries, before, after = _check(build, n_ticks=TICKS)
    _learnt(binaries, before, after, "structural")
    assert "neuron_lif_exp_current_structural" in binaries.values()
    core = next(c for c, b in binaries.items() if b.endswith("_structural"))
    assert int(Region.STRUCTURAL) in after[core]


def test_a_binary_refuses_rules_of_another_family_at_load():
    """The images of an STDP population on its model's static and _stp binaries: each core
    stops in RUN_TIME_EXCEPTION, saying so, instead of running without its rules."""
    from arm_core import ArmCore
    from vm_vs_arm import BUILD, _capture
    binaries, before, _, _ = _capture(_network(_stdp(sim.SpikePairRule(
        tau_plus=15.0, tau_minus=20.0, A_plus=0.1, A_minus=0.12))), 10)
    core = next(c for c, b in binaries.items() if b == "neuron_lif_exp_current_stdp")
    for wrong in ("neuron_lif_exp_current", "neuron_lif_exp_current_stp"):
        arm = ArmCore((BUILD / f"{wrong}.aplx").read_bytes(), before[core], 10)
        arm.run()
        assert arm.final_state == 2, wrong
        assert "not in this binary" in arm.iobuf(), arm.iobuf()
    arm = ArmCore((BUILD / "neuron_lif_exp_current_stdp.aplx").read_bytes(), before[core], 10)
    arm.run()
    assert arm.final_state == 10

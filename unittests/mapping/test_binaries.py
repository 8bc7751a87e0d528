"""The mapping's binary per neuron population: the model's static binary, or the binary of
the one synapse-dynamics family its projections need (mapping/dataspec/binaries.py); a mix
no family has is refused for a board, naming the population, and runs on the VM."""
import pytest

import pyNN.spiNNaker as sim
from pyNN.spiNNaker import extra_models as em

from spynnaker_backend.mapping import pipeline
from spynnaker_backend.mapping.dataspec import binaries as bins
from spynnaker_backend.mapping.errors import MappingError
from spynnaker_backend.pynn.simulator import state


def _stdp(**kw):
    return sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=15.0, tau_minus=20.0, A_plus=0.1,
                                            A_minus=0.1),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=2.0), weight=0.5,
        delay=1.0, **kw)


def _structural():
    return sim.StructuralMechanismStatic(
        sim.RandomSelection(), sim.DistanceDependentFormation((1, 4), p_form_forward=0.5),
        sim.RandomByWeightElimination(0.3, 0.1, 0.1), f_rew=1000, s_max=6, seed=3,
        initial_weight=0.5)


def _binaries():
    """{population label: {binary names of its cores}} of the loaded mapping."""
    state._ensure_loaded()
    out = {}
    for mv, placement in state.mapping.placements.by_vertex.items():
        if mv.kind == "neuron":
            out.setdefault(mv.app_vertex.label, set()).add(state._images[placement].binary)
    return out


CASES = {   # label: (model, projection dynamics onto it, the binary expected)
    "static": (sim.IF_curr_exp, [lambda: sim.StaticSynapse(weight=1.0)],
               "neuron_lif_exp_current"),
    "stdp": (sim.IF_curr_exp, [lambda: sim.StaticSynapse(weight=1.0), _stdp],
             "neuron_lif_exp_current_stdp"),
    "axonal": (sim.IF_cond_exp, [lambda: _stdp(dendritic_delay_fraction=0.0)],
               "neuron_lif_exp_conductance_stdp"),
    "tm": (sim.IF_curr_alpha, [lambda: sim.TsodyksMarkramSynapse(U=0.5, tau_rec=50.0)],
           "neuron_lif_alpha_current_stp"),
    "quantal": (sim.IF_curr_exp, [lambda: sim.MultiQuantalSynapse(U=0.3, n=3, tau_rec=50.0),
                                  lambda: sim.SimpleStochasticSynapse(p=0.5, weight=1.0)],
                "neuron_lif_exp_current_stp"),
    "wc": (sim.IF_curr_exp, [lambda: em.WeightChangeable(weight_min=0.0, weight_max=2.0,
                                                         weight=1.0)],
           "neuron_lif_exp_current_wc"),
    "structural": (sim.Izhikevich, [_structural], "neuron_izhikevich_delta_current_structural"),
}


def test_each_population_gets_the_binary_of_its_dynamics():
    sim.setup(timestep=1.0)
    src = sim.Population(4, sim.SpikeSourceArray(spike_times=[[1.0, 5.0]] * 4))
    for label, (model, dynamics, _) in CASES.items():
        post = sim.Population(4, model(), label=label)
        for make in dynamics:
            sim.Projection(src, post, sim.AllToAllConnector(), make())
    # a plastic projection without a connection gets no rows: the static binary
    empty = sim.Population(4, sim.IF_curr_exp(), label="empty")
    sim.Projection(src, empty, sim.FixedProbabilityConnector(0.0), _stdp())
    pipeline.check_board_binaries(state.graph)   # every one has a board binary
    got = _binaries()
    sim.run(10.0)   # the VM runs the family names (its app per model has every feature)
    sim.end()
    expected = {label: {case[2]} for label, case in CASES.items()}
    expected["empty"] = {"neuron_lif_exp_current"}
    assert got == {k: v for k, v in got.items() if k in expected} == expected


def test_neuromodulation_picks_its_family_and_with_rewiring_none_on_a_board():
    """Neuromodulated STDP: the _neuromod binary.  Rewired neuromodulated rows would need
    rewiring and neuromodulation in one binary: HH's does not fit ITCM, so no family has
    both (a board refuses it; the VM runs it)."""
    sim.setup(timestep=1.0)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0, 5.0]] * 3))
    reward = sim.Population(1, sim.SpikeSourceArray(spike_times=[[3.0]]))
    nm = sim.Population(4, sim.IF_curr_exp(), label="nm")
    nm_sp = sim.Population(4, sim.IF_curr_exp(), label="nm_rewired")
    for post in (nm, nm_sp):
        sim.Projection(reward, post, sim.AllToAllConnector(), em.Neuromodulation(
            weight=0.05, tau_c=100.0, tau_d=20.0, w_max=2.0), receptor_type="reward")
    sim.Projection(src, nm, sim.AllToAllConnector(), _stdp())
    sim.Projection(src, nm_sp, sim.FromListConnector([(0, 0)]), sim.StructuralMechanismSTDP(
        sim.RandomSelection(), sim.DistanceDependentFormation((1, 4), p_form_forward=0.5),
        sim.RandomByWeightElimination(0.3, 0.1, 0.1),
        sim.SpikePairRule(tau_plus=15.0, tau_minus=20.0, A_plus=0.1, A_minus=0.1),
        sim.AdditiveWeightDependence(w_min=0.0, w_max=2.0), f_rew=1000, s_max=2, seed=3,
        initial_weight=0.5), label="rewired")
    with pytest.raises(MappingError, match="'nm_rewired'.*neuromodulation.*structural"):
        pipeline.check_board_binaries(state.graph)
    got = _binaries()
    sim.end()
    assert got == {"nm": {"neuron_lif_exp_current_neuromod"},
                   "nm_rewired": {"neuron_lif_exp_current"}}


def test_a_mix_no_family_has_is_refused_for_a_board_and_runs_on_the_vm():
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[1.0, 5.0]] * 2), label="src")
    post = sim.Population(3, sim.IF_curr_exp(), label="mixed")
    sim.Projection(src, post, sim.AllToAllConnector(), _stdp(), label="learns")
    sim.Projection(src, post, sim.AllToAllConnector(),
                   em.WeightChangeable(weight_min=0.0, weight_max=2.0, weight=1.0),
                   label="changes")
    with pytest.raises(MappingError) as err:
        pipeline.check_board_binaries(state.graph)
    text = str(err.value)
    for part in ("'mixed'", "stdp (learns)", "weight_change (changes)",
                 "neuron_lif_exp_current_wc: weight_change", "Split the population"):
        assert part in text, text
    assert _binaries() == {"mixed": {"neuron_lif_exp_current"}}   # the VM's app has both
    sim.run(10.0)
    sim.end()


def test_family_choice_and_the_generated_build_switches():
    assert bins.family_for([]) == ""
    assert bins.family_for(["stdp"]) == "stdp"
    assert bins.family_for(["stdp", "axonal", "recurrent"]) == "stdp"
    assert bins.family_for(["quantal", "short_term"]) == "stp"
    assert bins.family_for(["neuromodulation"]) == "neuromod"
    assert bins.family_for(["stdp", "structural"]) == "structural"
    assert bins.family_for(["neuromodulation", "structural"]) is None
    assert bins.family_for(["stdp", "short_term"]) is None
    assert bins.family_cflags("").count("=0") == len(bins.FEATURE_FLAGS)
    assert "-DWEIGHT_CHANGE=1" in bins.family_cflags("wc")
    assert bins.family_cflags("wc").count("=1") == 1
    # every timing rule the cores run needs some family
    from spynnaker_backend.models.plasticity import TIMING_RULES
    assert set(bins.TIMING_FEATURES) == set(TIMING_RULES)
    for feature in bins.TIMING_FEATURES.values():
        assert bins.family_for([feature]) is not None


def test_every_binary_name_fits_the_name_block():
    """The ARM name block (platform.c, aplx_loader.NAME_BYTES) holds "SPNB", the name and
    a NUL: every model x family name fits."""
    from spynnaker_backend.models import COMPOSED_BINARIES, REGISTRY
    from spynnaker_backend.vm.board_emulator.aplx_loader import NAME_BYTES
    specs = list(REGISTRY.values()) + list(COMPOSED_BINARIES.values())
    longest = max(len(bins.binary_name(spec.binary, family))
                  for spec in specs for family in ("",) + tuple(bins.FAMILIES))
    assert longest > 43   # (the 48-byte block of the one binary per model was too small)
    assert 4 + longest + 1 <= NAME_BYTES

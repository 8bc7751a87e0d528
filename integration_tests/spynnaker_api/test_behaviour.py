"""sPyNNaker 7.4.1's constructor and default conventions, run on the virtual machine.

Each expectation is independent of our own output: an analytic solution, a hand-made table,
the machine's documented geometry, or the same network written in PyNN's own spelling.
"""
import warnings

import numpy as np
import pytest
from pyNN import errors

import pyNN.spiNNaker as sim
from spynnaker_backend.errors import ConfigurationError
from spynnaker_backend.pynn import simulator


@pytest.fixture
def setup():
    sim.setup(timestep=1.0)
    yield
    sim.end()


def _spikes(pop):
    return [list(np.asarray(st.magnitude)) for st in pop.get_data("spikes").segments[0].spiketrains]


# ---------------------------------------------------------------------- module functions
def test_get_machine_is_a_spinn5_board_with_spinn_machines_api():
    sim.setup(timestep=1.0, n_boards_required=1)
    machine = sim.get_machine()
    # a SpiNN-5 board: 48 chips in an 8 x 8 box, Ethernet on (0, 0), 18 cores a chip
    assert (machine.width, machine.height, machine.n_chips) == (8, 8, 48)
    assert len(machine.chips) == 48
    assert [(c.x, c.y) for c in machine.ethernet_connected_chips] == [(0, 0)]
    chip = machine.get_chip_at(0, 0)
    assert (chip.x, chip.y, chip.n_processors, chip.n_placable_processors) == (0, 0, 18, 17)
    assert chip.ip_address is not None and chip.nearest_ethernet_x == 0
    assert machine.get_chip_at(7, 0) is None          # outside the board's hexagon
    assert machine.get_chip_at(7, 7) is not None
    assert machine.total_available_user_cores == 48 * 17
    assert machine.is_chip_at(4, 4) and not machine.is_chip_at(0, 7)
    sim.end()


def test_set_number_of_neurons_per_core_takes_sPyNNakers_forms(setup):
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 7)
    a = sim.Population(20, sim.IF_curr_exp())
    assert a._vertex.max_atoms_per_core == 7
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, (2, 3))      # per dimension: 6
    b = sim.Population(20, sim.IF_curr_exp())
    assert b._vertex.max_atoms_per_core == 6
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 10 / 2)      # a whole float
    assert sim.Population(20, sim.IF_curr_exp())._vertex.max_atoms_per_core == 5
    sim.set_number_of_neurons_per_core(sim.IF_curr_exp, None)        # back to the default
    c = sim.Population(20, sim.IF_curr_exp())
    assert c._vertex.max_atoms_per_core is None
    for bad in (0, 2.5, "7"):
        with pytest.raises(ValueError, match="max_permitted"):
            sim.set_number_of_neurons_per_core(sim.IF_curr_exp, bad)


def _delayed_spike(delay, allow=None, synapse_cores=None, n_post=1):
    """One source spike at 1 ms into neurons that fire on it; the first neuron's spikes."""
    sim.setup(timestep=1.0, max_delay=70.0)
    if allow is not None:
        sim.set_allow_delay_extensions(sim.IF_curr_exp, allow)
    if synapse_cores is not None:
        sim.set_number_of_synapse_cores(sim.IF_curr_exp, synapse_cores)
    src = sim.Population(n_post, sim.SpikeSourceArray(spike_times=[1.0]))
    post = sim.Population(n_post, sim.IF_curr_exp(tau_syn_E=1.0))
    sim.Projection(src, post, sim.OneToOneConnector(),
                   sim.StaticSynapse(weight=20.0, delay=delay))
    post.record("spikes")
    try:
        sim.run(80.0)
        return _spikes(post)[0]
    finally:
        sim.end()


def test_set_allow_delay_extensions():
    with_extensions = _delayed_spike(45.0)
    assert len(with_extensions) == 1
    # the same spike 44 ms later than with a 1 ms delay: the delay is honoured
    assert with_extensions[0] - _delayed_spike(1.0)[0] == pytest.approx(44.0)
    # sPyNNaker 7.4.1's neuron core holds 2^(14 - bits(neurons per core) - bits(synapse
    # types)) timesteps of delay itself: 4096 for 1 neuron, 32 for 256 neurons
    # (IF_curr_exp: 2 types, 1 bit); a longer delay without extensions is refused there
    assert _delayed_spike(45.0, allow=False) == with_extensions
    assert _delayed_spike(32.0, allow=False, n_post=256) == _delayed_spike(32.0, n_post=256)
    with pytest.raises(ConfigurationError, match="set_allow_delay_extensions.*at most 32"):
        _delayed_spike(33.0, allow=False, n_post=256)


def test_set_number_of_synapse_cores_is_checked_and_changes_nothing():
    assert _delayed_spike(3.0, synapse_cores=2) == _delayed_spike(3.0)
    sim.setup(timestep=1.0)
    with pytest.raises(ValueError, match="n_synapse_cores"):
        sim.set_number_of_synapse_cores(sim.IF_curr_exp, -1)
    with pytest.raises(TypeError, match="spike source"):
        sim.set_number_of_synapse_cores(sim.SpikeSourcePoisson, 1)
    sim.Population(1, sim.IF_curr_exp())
    with pytest.warns(UserWarning, match="not yet made"):
        sim.set_number_of_synapse_cores(sim.IF_curr_exp, None)
    sim.end()


def test_run_until_takes_tstop(setup):
    assert sim.run_until(tstop=12.0) == pytest.approx(12.0)


# ---------------------------------------------------------------------- cell types
def test_initial_values_given_as_cell_parameters_follow_the_lif_solution(setup):
    # dv/dt = -(v - v_rest)/tau_m + I/cm, I = I0 exp(-t/tau_s): exact solution
    tau_m, tau_s, cm, v_rest, v0, i0 = 20.0, 5.0, 1.0, -65.0, -70.0, 0.5
    pop = sim.Population(1, sim.IF_curr_exp(tau_m=tau_m, tau_syn_E=tau_s, cm=cm,
                                            v_rest=v_rest, v_thresh=-40.0, v=v0,
                                            isyn_exc=i0))
    assert pop.initial_values["v"][0] == v0 and pop.initial_values["isyn_exc"][0] == i0
    pop.record("v")
    sim.run(30.0)
    v = pop.get_data("v").segments[0].analogsignals[0]
    t = v.times.magnitude
    # the board's convention (issue 11): a current state is the current's mean over a tick,
    # tau_s/dt (1 - exp(-dt/tau_s)) times its value at the tick's start
    dt = 1.0
    i_start = i0 / (tau_s / dt * (1.0 - np.exp(-dt / tau_s)))
    a = i_start / cm * tau_m * tau_s / (tau_s - tau_m)
    expected = v_rest + (v0 - v_rest - a) * np.exp(-t / tau_m) + a * np.exp(-t / tau_s)
    np.testing.assert_allclose(v.magnitude[:, 0], expected, atol=0.02)


def test_izhikevich_state_as_parameters_and_sPyNNakers_tau_syn(setup):
    with pytest.warns(UserWarning, match="tau_syn_E"):
        cell = sim.Izhikevich(a=0.02, b=0.2, c=-65.0, d=8.0, v=-75.0, u=0.0, tau_syn_E=2.0,
                              tau_syn_I=2.0)
    pop = sim.Population(1, cell)
    pop.record(["v", "u"])
    sim.run(2.0)
    data = pop.get_data().segments[0]
    v = data.filter(name="v")[0].magnitude[:, 0]
    u = data.filter(name="u")[0].magnitude[:, 0]
    assert v[0] == pytest.approx(-75.0) and u[0] == pytest.approx(0.0, abs=1e-5)
    # one explicit-midpoint step (the board's kernel) of Izhikevich's equations from (v0, u0),
    # h = 1 ms, 0.04 as the board's 0.040008544921875
    a, b, k2 = 0.02, 0.2, 0.040008544921875
    f = lambda v, u: k2 * v * v + 5 * v + 140.0 - u   # noqa: E731
    v_mid, u_mid = -75.0 + f(-75.0, 0.0) / 2, a * (b * -75.0) / 2
    assert v[1] == pytest.approx(-75.0 + f(v_mid, u_mid), abs=0.01)
    assert u[1] == pytest.approx(a * (b * v_mid - u_mid), abs=1e-3)


def test_positional_spike_times_equal_the_keyword_form():
    def run(cell):
        sim.setup(timestep=1.0)
        src = sim.Population(1, cell)
        src.record("spikes")
        sim.run(20.0)
        spikes = _spikes(src)
        sim.end()
        return spikes

    positional = run(sim.SpikeSourceArray([2.0, 5.0, 9.0]))
    assert positional == run(sim.SpikeSourceArray(spike_times=[2.0, 5.0, 9.0]))
    assert len(positional[0]) == 3


def test_unsorted_spike_times_are_pynns_error(setup):
    # PyNN's rule (its issue 511) wins over sPyNNaker's silent sort; the message says how
    with pytest.raises(errors.InvalidParameterValueError, match="sorted"):
        sim.Population(1, sim.SpikeSourceArray([5.0, 2.0]))


# ---------------------------------------------------------------------- populations
def test_float_size_near_an_integer_is_rounded_with_a_warning(setup):
    with pytest.warns(UserWarning, match="rounded"):
        pop = sim.Population(9.9999999, sim.IF_curr_exp(), label="p")
    assert pop.size == 10
    with pytest.raises(ConfigurationError, match="whole number"):
        sim.Population(2.5, sim.IF_curr_exp(), label="q")


def test_population_takes_sPyNNakers_keywords(setup):
    pop = sim.Population(10, sim.IF_curr_exp(), neurons_per_core=3, n_colour_bits=2,
                         incoming_spike_buffer_size=256, drop_late_spikes=True)
    assert pop._vertex.max_atoms_per_core == 3
    pois = sim.Population(5, sim.SpikeSourcePoisson(rate=10.0), max_rate=50.0, seed=4)
    assert pois._vertex.seed == 4
    sim.run(1.0)
    mapping = simulator.state.mapping
    slices = mapping.machine_graph.slices_of[pop._vertex]
    assert [s.vertex_slice.n_atoms for s in slices] == [3, 3, 3, 1]
    with pytest.raises(ValueError, match="max_rate"):
        sim.Population(1, sim.SpikeSourcePoisson(rate=1.0), max_rate=-1.0)
    with pytest.raises(ValueError, match="not understood"):
        sim.Population(1, sim.IF_curr_exp(), neurons_per_chip=3)


def test_record_all_records_every_variable_of_the_model(setup):
    pop = sim.Population(2, sim.IF_curr_exp(i_offset=2.0))
    pop.record("all")
    sim.run(20.0)
    segment = pop.get_data().segments[0]
    assert sorted(a.name for a in segment.analogsignals) == ["gsyn_exc", "gsyn_inh", "v"]
    assert all(len(st) > 0 for st in segment.spiketrains)


# ---------------------------------------------------------------------- projections
def _pair(n_pre=3, n_post=4):
    return (sim.Population(n_pre, sim.SpikeSourceArray(spike_times=[])),
            sim.Population(n_post, sim.IF_curr_exp()))


def test_receptor_type_defaults(setup):
    pre, post = _pair()
    plain = sim.Projection(pre, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5))
    assert plain.receptor_type == "excitatory"
    listed = sim.Projection(pre, post, sim.FromListConnector([(0, 1, 0.5, 1.0)]))
    assert listed.receptor_type == "excitatory"
    # PyNN's rule for negative weights stays
    negative = sim.Projection(pre, post, sim.AllToAllConnector(),
                              sim.StaticSynapse(weight=-0.5))
    assert negative.receptor_type == "inhibitory"


def test_download_synapses_and_get_formats(setup):
    pre, post = _pair()
    conns = [(2, 0, 0.3, 2.0), (0, 3, 0.1, 1.0), (1, 1, 0.2, 3.0), (0, 0, 0.4, 1.0)]
    proj = sim.Projection(pre, post, sim.FromListConnector(conns), download_synapses=True)
    proj.set_download_synapses(False)
    sim.run(1.0)
    # sPyNNaker's list order: by source, then target
    expected = sorted((i, j, w) for i, j, w, _ in conns)
    got = proj.get("weight", format="list")
    assert [(int(i), int(j)) for i, j, _ in got] == [(i, j) for i, j, _ in expected]
    # PyNN's connections (and proj[k]) come in the same order as the list
    assert [(c.presynaptic_index, c.postsynaptic_index) for c in proj.connections] == \
        [(i, j) for i, j, _ in expected]
    assert (proj[1].presynaptic_index, proj[1].postsynaptic_index) == expected[1][:2]
    np.testing.assert_allclose([w for _, _, w in got], [w for _, _, w in expected], atol=1e-3)
    nparray = proj.get("delay", format="nparray")
    array = proj.get("delay", format="array")
    np.testing.assert_array_equal(nparray, array)
    assert nparray[2, 0] == 2.0 and np.isnan(nparray[1, 0])
    with pytest.raises(NotImplementedError, match="partition_id"):
        sim.Projection(pre, post, sim.OneToOneConnector(), partition_id="other")


def test_spinnaker_projection_takes_sPyNNakers_names(setup):
    pre, post = _pair()
    proj = sim.SpiNNakerProjection(pre_synaptic_population=pre, post_synaptic_population=post,
                                   connector=sim.OneToOneConnector())
    assert isinstance(proj, sim.Projection) and len(proj) == 3


def test_array_connector_with_a_0_1_float_matrix(setup):
    pre, post = _pair()
    matrix = np.array([[0., 1., 0., 1.], [1., 0., 0., 0.], [0., 0., 1., 0.]])
    proj = sim.Projection(pre, post, sim.ArrayConnector(matrix), sim.StaticSynapse(weight=0.1))
    got = sorted((int(i), int(j)) for i, j, _ in proj.get("weight", format="list"))
    assert got == [(0, 1), (0, 3), (1, 0), (2, 2)]


def test_connectors_accept_verbose_and_connect_as_pynns(setup):
    from pyNN import connectors as pynn_connectors
    pre, post = _pair(30, 30)
    ours = sim.Projection(pre, post, sim.FixedProbabilityConnector(
        0.3, rng=sim.NumpyRNG(7), verbose=True))
    theirs = sim.Projection(pre, post, pynn_connectors.FixedProbabilityConnector(
        0.3, rng=sim.NumpyRNG(7)))
    assert ours.get("weight", "list") == theirs.get("weight", "list") and len(ours) > 0


def test_small_world_connector(setup):
    n, degree = 20, 2.5
    pre = sim.Population(n, sim.IF_curr_exp(), structure=sim.Line(dx=1.0))
    # no rewiring: exactly the pairs closer than `degree` (|i - j| <= 2 on a line)
    lattice = sim.Projection(pre, pre, sim.SmallWorldConnector(degree, 0.0, verbose=True))
    got = sorted((int(i), int(j)) for i, j, _ in lattice.get("weight", format="list"))
    assert got == [(i, j) for i in range(n) for j in range(n) if abs(i - j) <= 2]
    no_self = sim.Projection(pre, pre, sim.SmallWorldConnector(
        degree, 0.0, allow_self_connections=False))
    assert sorted((int(i), int(j)) for i, j, _ in no_self.get("weight", format="list")) == \
        [(i, j) for i in range(n) for j in range(n) if 0 < abs(i - j) <= 2]
    # full rewiring: every pre cell keeps its out-degree, no duplicate connections
    rewired = sim.Projection(pre, pre, sim.SmallWorldConnector(
        degree, 1.0, rng=sim.NumpyRNG(11)))
    pairs = [(int(i), int(j)) for i, j, _ in rewired.get("weight", format="list")]
    assert len(pairs) == len(set(pairs)) == len(got)
    out_degree = np.bincount([i for i, _ in pairs], minlength=n)
    assert list(out_degree) == list(np.bincount([i for i, _ in got], minlength=n))
    assert set(pairs) != set(got)
    with pytest.raises(NotImplementedError, match="n_connections"):
        sim.SmallWorldConnector(degree, 0.1, n_connections=3)


def test_distance_takes_sPyNNakers_names(setup):
    pop = sim.Population(3, sim.IF_curr_exp(), structure=sim.Line(dx=2.0))
    assert sim.distance(src_cell=pop[0], tgt_cell=pop[2]) == pytest.approx(4.0)


def test_no_warning_for_a_plain_script(setup):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pre, post = _pair()
        sim.Projection(pre, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1))
        sim.run(2.0)


# ---------------------------------------------------------------------- extra_models
def _pairs(proj):
    return sorted((int(i), int(j)) for i, j, _ in proj.get("weight", format="list"))


def test_all_but_me_connector(setup):
    pop = sim.Population(6, sim.IF_curr_exp())
    whole = sim.Projection(pop, pop, sim.extra_models.AllButMeConnector(),
                           sim.StaticSynapse(weight=1.0), receptor_type="inhibitory")
    assert _pairs(whole) == [(i, j) for i in range(6) for j in range(6) if i != j]
    groups = sim.Projection(pop, pop, sim.extra_models.AllButMeConnector(
        n_neurons_per_group=3, weights=[1, 2, 3, 4, 5, 6]), receptor_type="inhibitory")
    expected = {}
    for g in (0, 3):   # each group's 3 x 3 matrix read row by row without its diagonal
        for k, (a, b) in enumerate((a, b) for a in range(3) for b in range(3) if a != b):
            expected[(g + a, g + b)] = float(k + 1)
    got = {(int(i), int(j)): w for i, j, w in groups.get("weight", format="list")}
    assert got.keys() == expected.keys()
    assert all(got[k] == pytest.approx(v, abs=0.01) for k, v in expected.items())
    with pytest.raises(ValueError, match="divisor"):
        sim.Projection(pop, pop, sim.extra_models.AllButMeConnector(n_neurons_per_group=4))


def test_one_to_one_offset_connector(setup):
    pre, post = sim.Population(6, sim.IF_curr_exp()), sim.Population(6, sim.IF_curr_exp())
    wrapped = sim.Projection(pre, post, sim.extra_models.OneToOneOffsetConnector(1, True))
    assert _pairs(wrapped) == sorted(((j - 1) % 6, j) for j in range(6))
    cut = sim.Projection(pre, post, sim.extra_models.OneToOneOffsetConnector(
        -1, False, n_neurons_per_group=3))
    assert _pairs(cut) == [(1, 0), (2, 1), (4, 3), (5, 4)]


def test_ifcurdelta_is_if_curr_delta():
    assert sim.extra_models.IFCurDelta is sim.IF_curr_delta


def test_spike_injector_from_its_sPyNNaker_module_path():
    """Official scripts import its cell type from where sPyNNaker 7.4.1 defines it, to
    limit its neurons per core."""
    from spynnaker.pyNN.models.utility_models.spike_injector import SpikeInjector
    sim.set_number_of_neurons_per_core(SpikeInjector, (4, 2))
    pop = sim.Population(20, sim.external_devices.SpikeInjector(notify=False))
    assert isinstance(pop.celltype, SpikeInjector)
    try:
        assert pop._vertex.atoms_per_core_limit == 8
    finally:
        sim.set_number_of_neurons_per_core(SpikeInjector, None)

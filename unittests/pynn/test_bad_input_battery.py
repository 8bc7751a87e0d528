"""A battery of user mistakes (issue 15): each raises at the call that makes it, before
anything is mapped or run, with a message that names the culprit (population, projection,
connector, argument), what is allowed, and (where there is one) the fix.

Each case is (name, exception, message pattern, the mistake); the fixture makes a small
network first (populations 'a' (10 IF_curr_exp), 'b' (5) and source 's' (3 SSA)).
"""
import math
import re

import numpy as np
import pytest
from pyNN import errors as pynn_errors

import pyNN.spiNNaker as sim
from spynnaker_backend.errors import ConfigurationError
from spynnaker_backend.pynn import simulator

CE = pynn_errors.ConnectionError
IPV = pynn_errors.InvalidParameterValueError
NEP = pynn_errors.NonExistentParameterError


def _proj(a, b, connector=None, **synapse):
    return sim.Projection(a, b, connector or sim.AllToAllConnector(),
                          sim.StaticSynapse(**synapse) if synapse else None)


CASES = [
    # ---------------------------------------------------------------- setup
    ("timestep 0", ValueError, r"timestep 0 ms .*\[0.001, 1\] ms",
     lambda a, b, s: sim.setup(timestep=0)),
    ("timestep negative", ValueError, r"timestep -0.1 ms .*\[0.001, 1\] ms",
     lambda a, b, s: sim.setup(timestep=-0.1)),
    ("timestep above 1 ms", ValueError, r"timestep 2 ms .*range",
     lambda a, b, s: sim.setup(timestep=2.0)),
    ("timestep not a number", ValueError, r"timestep must be a number of ms, not 'fast'",
     lambda a, b, s: sim.setup(timestep="fast")),
    ("timestep nan", ValueError, r"timestep nan ms",
     lambda a, b, s: sim.setup(timestep=math.nan)),
    ("timestep not whole microseconds", ValueError, r"whole number of\s+microseconds",
     lambda a, b, s: sim.setup(timestep=0.1234567)),
    ("min_delay below the timestep", ValueError, r"min_delay 0.05 ms is shorter than the "
     r"timestep 0.1 ms", lambda a, b, s: sim.setup(timestep=0.1, min_delay=0.05)),
    ("max_delay below min_delay", ValueError, r"max_delay 0.5 ms is shorter than min_delay",
     lambda a, b, s: sim.setup(min_delay=1.0, max_delay=0.5)),
    ("threads 0", ValueError, r"setup\(\): threads must be a whole number >= 1, not 0\. "
     r"Give", lambda a, b, s: sim.setup(threads=0)),
    ("threads negative", ValueError, r"threads .* >= 1, not -1",
     lambda a, b, s: sim.setup(threads=-1)),
    ("threads a word", ValueError, r"threads .* not 'many'",
     lambda a, b, s: sim.setup(threads="many")),
    ("no chips", ValueError, r"n_chips_required .* >= 1, not 0",
     lambda a, b, s: sim.setup(n_chips_required=0)),
    ("negative boards", ValueError, r"n_boards_required .* >= 1, not -1",
     lambda a, b, s: sim.setup(n_boards_required=-1)),
    ("time scale factor 0", ValueError, r"time_scale_factor must be a number > 0, not 0",
     lambda a, b, s: sim.setup(time_scale_factor=0)),
    # ---------------------------------------------------------------- populations
    ("population of 0", ValueError, r"Population\(\): size .* >= 1, not 0\. Give e\.g\.",
     lambda a, b, s: sim.Population(0, sim.IF_curr_exp())),
    ("negative population", ValueError, r"size .* not -5",
     lambda a, b, s: sim.Population(-5, sim.IF_curr_exp())),
    ("fractional population", ValueError, r"size .* not 2\.5",
     lambda a, b, s: sim.Population(2.5, sim.IF_curr_exp())),
    ("cell type as a string", TypeError, r"cell type 'IF_curr_exp' is not a cell type; "
     r"give one such as sim\.IF_curr_exp\(\)", lambda a, b, s: sim.Population(
         10, "IF_curr_exp")),
    ("negative tau_m", IPV, r"IF_curr_exp: parameter 'tau_m' must be > 0",
     lambda a, b, s: sim.Population(10, sim.IF_curr_exp(tau_m=-1.0))),
    ("misspelt parameter", NEP, r"taum .*valid parameters for IF_curr_exp are: .*tau_m",
     lambda a, b, s: sim.IF_curr_exp(taum=10.0)),
    ("parameter as a string", IPV, r"tau_m",
     lambda a, b, s: sim.IF_curr_exp(tau_m="abc")),
    ("negative refractory period", IPV, r"'tau_refrac' must be >= 0",
     lambda a, b, s: sim.Population(2, sim.IF_curr_exp(tau_refrac=-1.0))),
    ("zero capacitance", IPV, r"'cm' must be > 0",
     lambda a, b, s: sim.Population(2, sim.IF_curr_exp(cm=0.0))),
    ("zero synaptic time constant", IPV, r"'tau_syn_E' must be > 0",
     lambda a, b, s: sim.Population(2, sim.IF_curr_exp(tau_syn_E=0.0))),
    ("nan threshold", IPV, r"'v_thresh' must be finite",
     lambda a, b, s: sim.Population(2, sim.IF_curr_exp(v_thresh=math.nan))),
    ("v_rest beyond s16.15", ConfigurationError, r"population '.*': lif_board\.v_rest: 2 "
     r"value\(s\) outside the s1615 range",
     lambda a, b, s: sim.Population(2, sim.IF_curr_exp(v_rest=1e9))),
    ("set() beyond s16.15", ConfigurationError, r"population 'a': lif_board\.v_rest",
     lambda a, b, s: a.set(v_rest=-1e9)),
    ("set() negative tau_m", IPV, r"'tau_m' must be > 0",
     lambda a, b, s: a.set(tau_m=-5.0)),
    ("set() unknown parameter", NEP, r"bogus .*valid parameters",
     lambda a, b, s: a.set(bogus=1.0)),
    ("initialize() unknown variable", NEP, r"bogus .*isyn_exc, isyn_inh, v",
     lambda a, b, s: a.initialize(bogus=1.0)),
    ("negative Poisson rate", IPV, r"SpikeSourcePoisson: parameter 'rate' must be >= 0",
     lambda a, b, s: sim.Population(2, sim.SpikeSourcePoisson(rate=-5.0))),
    ("negative spike time", IPV, r"'spike_times' must hold finite times >= 0 ms",
     lambda a, b, s: sim.Population(1, sim.SpikeSourceArray(spike_times=[-1.0]))),
    ("unsorted spike times", IPV, r"'spike_times' must be in increasing order",
     lambda a, b, s: sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 2.0]))),
    ("unknown stop condition variable", ConfigurationError, r"population 'a': stop "
     r"condition 'bogus > 3' is not .* Fix: e\.g\. stop_condition='spike'",
     lambda a, b, s: setattr(a, "stop_condition", "bogus > 3")),
    ("stop condition keyword", ConfigurationError, r"stop condition 'x' is not",
     lambda a, b, s: sim.Population(2, sim.IF_curr_exp(), stop_condition="x")),
    ("0 neurons per core", ValueError, r"max_atoms_per_core must be a positive integer.*not 0",
     lambda a, b, s: a.set_max_atoms_per_core(0)),
    ("0 neurons per core for a model", ValueError, r"max_permitted must be a positive integer.*not 0",
     lambda a, b, s: sim.set_number_of_neurons_per_core(sim.IF_curr_exp, 0)),
    ("negative rate window", ValueError, r"window must be > 0 ms, not -1",
     lambda a, b, s: a.compute_firing_rate(-1.0)),
    ("unknown additional parameter", ValueError, r"parameters \['bogus'\] are "
     r"not understood; known:", lambda a, b, s: sim.Population(
         2, sim.IF_curr_exp(), additional_parameters={"bogus": 1})),
    ("current into a spike source", TypeError, r"can't inject current into a spike source "
     r"\('s'\)", lambda a, b, s: s.inject(sim.DCSource(amplitude=1.0))),
    ("current source before t = 0", ValueError, r"DCSource: start .* is negative",
     lambda a, b, s: a.inject(sim.DCSource(amplitude=1.0, start=-5.0))),
    ("step current times unsorted", ValueError, r"StepCurrentSource: times must be >= 0 "
     r"and increasing", lambda a, b, s: a.inject(sim.StepCurrentSource(
         times=[5.0, 1.0], amplitudes=[1.0, 2.0]))),
    ("step current lengths", ValueError, r"2 times but 1 amplitudes",
     lambda a, b, s: a.inject(sim.StepCurrentSource(times=[5.0, 6.0], amplitudes=[1.0]))),
    ("noise step below dt", ValueError, r"dt = 0.05 ms must be a multiple of the timestep",
     lambda a, b, s: a.inject(sim.NoisyCurrentSource(mean=1.0, stdev=1.0, dt=0.05))),
    # ---------------------------------------------------------------- views
    ("index beyond the population", IndexError, r"index 20 is out of bounds .* size 10",
     lambda a, b, s: a[20]),
    ("index list beyond", IndexError, r"index 50 is out of bounds",
     lambda a, b, s: a[[0, 50]]),
    ("sample more than there are", ValueError, r"a\.sample\(100\): 'a' has only 10 cells; "
     r"sample at most 10", lambda a, b, s: a.sample(100)),
    ("mask of the wrong length", Exception, r"Boolean masks should have the size of Parent",
     lambda a, b, s: a[np.array([True, False])]),
    ("view records an unknown variable", pynn_errors.RecordingError, r"Cannot record .*bogus"
     r".*Available variables are spikes,v", lambda a, b, s: a[0:3].record("bogus")),
    ("id of another population", ValueError, r"id should be in the range \[0,9\]",
     lambda a, b, s: a.id_to_index(99999)),
    ("view set() unknown parameter", NEP, r"bogus",
     lambda a, b, s: a[0:2].set(bogus=1)),
    # ---------------------------------------------------------------- connectors
    ("probability above 1", CE, r"projection 'a→b': FixedProbabilityConnector\(p_connect="
     r"1\.5\): a probability must be in \[0, 1\]",
     lambda a, b, s: _proj(a, b, sim.FixedProbabilityConnector(1.5))),
    ("list names a missing post neuron", CE, r"projection 'a→b': FromListConnector row 0 "
     r"names postsynaptic neuron 99, but 'b' has neurons 0\.\.4",
     lambda a, b, s: _proj(a, b, sim.FromListConnector([(0, 99)]))),
    ("list names a missing pre neuron", CE, r"presynaptic neuron 99, but 'a' has neurons "
     r"0\.\.9", lambda a, b, s: _proj(a, b, sim.FromListConnector([(99, 0)]))),
    ("list with a negative index", CE, r"presynaptic neuron -1",
     lambda a, b, s: _proj(a, b, sim.FromListConnector([(-1, 0)]))),
    ("list with a fractional index", CE, r"row 1 names postsynaptic neuron 1\.5",
     lambda a, b, s: _proj(a, b, sim.FromListConnector([(0, 1), (1, 1.5)]))),
    ("missing connection file", FileNotFoundError, r"/nonexistent/x\.txt",
     lambda a, b, s: _proj(a, b, sim.FromFileConnector("/nonexistent/x.txt"))),
    ("projection onto a name", TypeError, r"the postsynaptic side must be a Population, "
     r"PopulationView or Assembly, not 'b'", lambda a, b, s: _proj(a, "b")),
    ("projection onto a spike source", CE, r"cannot project onto 's': its cells "
     r"\(SpikeSourceArray\) have no synapses", lambda a, b, s: _proj(a, s)),
    # ---------------------------------------------------------------- synapses
    ("weight of 1e9 nA", CE, r"projection 'a→b': weight 1e\+09 is above the largest a "
     r"synapse can carry \(65535 nA", lambda a, b, s: _proj(a, b, weight=1e9)),
    ("set() weight of 1e9 nA", CE, r"weight 1e\+09 is above",
     lambda a, b, s: _proj(a, b).set(weight=1e9)),
    ("negative delay", CE, r"projection 'a→b': delay -1 ms is shorter than the timestep",
     lambda a, b, s: _proj(a, b, delay=-1.0)),
    ("delay below dt", CE, r"delay 0\.05 ms is shorter than the timestep 0\.1 ms",
     lambda a, b, s: _proj(a, b, delay=0.05)),
    ("delay beyond max_delay", CE, r"delay 1000 ms is longer than max_delay 27\.9 ms "
     r"\(raise it with setup\(max_delay=\.\.\.\)\)", lambda a, b, s: _proj(a, b, delay=1e3)),
    ("nan weight", CE, r"weights must be finite", lambda a, b, s: _proj(a, b, weight=math.nan)),
    ("nan delay", CE, r"delays must be finite numbers of ms",
     lambda a, b, s: _proj(a, b, delay=math.nan)),
    ("negative excitatory weight", CE, r"weights must be >= 0 for excitatory synapses "
     r"\(got -1\)", lambda a, b, s: sim.Projection(
         a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=-1.0),
         receptor_type="excitatory")),
    ("negative conductance", CE, r"weights must be >= 0 for conductance-based synapses",
     lambda a, b, s: sim.Projection(a, sim.Population(2, sim.IF_cond_exp()),
                                    sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.1),
                                    receptor_type="inhibitory")),
    ("inhibitory weights of both signs", CE, r"inhibitory weights must be all <= 0 or all "
     r">= 0", lambda a, b, s: sim.Projection(
         a, b, sim.FromListConnector([(0, 0, -1.0, 1.0), (1, 1, 1.0, 1.0)]),
         receptor_type="inhibitory")),
    ("unknown receptor", CE, r"receptor_types=bogus, receptor_types must be one of: "
     r"'excitatory', 'inhibitory'", lambda a, b, s: sim.Projection(
         a, b, sim.AllToAllConnector(), receptor_type="bogus")),
    ("set() negative delay", CE, r"delay -1 ms is shorter",
     lambda a, b, s: _proj(a, b).set(delay=-1.0)),
    ("set() unknown synapse parameter", NEP, r"bogus",
     lambda a, b, s: _proj(a, b).set(bogus=1)),
    # ---------------------------------------------------------------- recording
    ("record an unknown variable", pynn_errors.RecordingError, r"bogus.*Available variables",
     lambda a, b, s: a.record("bogus")),
    ("record v of a spike source", pynn_errors.RecordingError, r"'v'.*SpikeSourceArray.*"
     r"Available variables are spikes", lambda a, b, s: s.record("v")),
    ("sampling below dt", ValueError, r"sampling_interval 0\.05 ms must be a positive "
     r"integer multiple of the timestep 0\.1 ms",
     lambda a, b, s: a.record("v", sampling_interval=0.05)),
    ("sampling not a multiple", ValueError, r"sampling_interval 0\.15 ms",
     lambda a, b, s: a.record("v", sampling_interval=0.15)),
    ("negative sampling", ValueError, r"sampling_interval -1 ms",
     lambda a, b, s: a.record("v", sampling_interval=-1)),
    ("record to an unknown file type", ValueError, r"a\.record\(to_file=\.\.\.\): cannot "
     r"write recorded data to 'out\.xyz': the suffix '\.xyz' is not one of",
     lambda a, b, s: a.record("spikes", to_file="out.xyz")),
    ("get_data of an unrecorded variable", ValueError, r"'a' did not record 'v' \(recorded: "
     r"\['spikes'\]\); call a\.record\('v'\) before sim\.run\(\)",
     lambda a, b, s: (a.record("spikes"), sim.run(1.0), a.get_data("v"))),
    ("get_data of a variable the model lacks", ValueError, r"'a' cannot record 'bogus': "
     r"its cells \(IF_curr_exp\) record", lambda a, b, s: (sim.run(1.0), a.get_data("bogus"))),
    ("spike counts without recording", ValueError, r"'a' did not record 'spikes' "
     r"\(recorded: nothing\)", lambda a, b, s: (sim.run(1.0), a.get_spike_counts())),
    ("view data of an unrecorded variable", ValueError, r"did not record 'v'",
     lambda a, b, s: (a.record("spikes"), sim.run(1.0), a[0:2].get_data(["spikes", "v"]))),
    # ---------------------------------------------------------------- runs
    ("negative run", ValueError, r"run\(simtime\): simtime -10 ms is negative",
     lambda a, b, s: sim.run(-10.0)),
    ("run time as a string", ValueError, r"run\(simtime\): the time must be a finite number "
     r"of ms, not '10'", lambda a, b, s: sim.run("10")),
    ("run time nan", ValueError, r"finite number of ms, not nan",
     lambda a, b, s: sim.run(math.nan)),
    ("run for ever", ValueError, r"finite number of ms, not inf",
     lambda a, b, s: sim.run(math.inf)),
    ("run_until in the past", ValueError, r"Time 5 is in the past \(current time 10",
     lambda a, b, s: (sim.run(10.0), sim.run_until(5.0))),
    ("run_until nan", ValueError, r"run_until\(tstop\): .* not nan",
     lambda a, b, s: sim.run_until(math.nan)),
    # ---------------------------------------------------------------- files
    ("write data to an unknown file type", ValueError, r"a\.write_data\(\): .*'\.xyz'",
     lambda a, b, s: (a.record("spikes"), sim.run(1.0), a.write_data("out.xyz"))),
    ("write an unrecorded variable", ValueError, r"did not record 'v'",
     lambda a, b, s: (a.record("spikes"), sim.run(1.0), a.write_data("out.pkl", "v"))),
    ("load a missing population file", FileNotFoundError, r"/nonexistent/p\.npz",
     lambda a, b, s: a.load("/nonexistent/p.npz")),
]


@pytest.fixture
def network():
    sim.setup(timestep=0.1)
    a = sim.Population(10, sim.IF_curr_exp(), label="a")
    b = sim.Population(5, sim.IF_curr_exp(), label="b")
    s = sim.Population(3, sim.SpikeSourceArray(spike_times=[1.0]), label="s")
    yield a, b, s
    sim.end()


def test_the_battery_is_big_enough():
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name,exception,pattern,mistake", CASES, ids=[c[0] for c in CASES])
def test_mistake_raises_at_its_call(network, tmp_path, monkeypatch, name, exception, pattern,
                                    mistake):
    monkeypatch.chdir(tmp_path)
    state = simulator.state
    with pytest.raises(exception) as raised:
        mistake(*network)
    assert re.search(pattern, str(raised.value)), str(raised.value)
    if state.tick == 0:
        assert state.mapping is None   # raised before anything was mapped or loaded


def test_size_in_bytes_before_the_first_run_maps_instead_of_raising(network):
    a, b, s = network
    _proj(s, a, delay=5.0)
    before = a.size_in_bytes()
    assert simulator.state.mapping is None   # nothing loaded to answer
    sim.run(1.0)
    assert a.size_in_bytes() == before > 0

"""extra_models.RecurrentRule: parameters read back, bad parameters raise at the call that
gave them, and the cores refuse malformed recurrent rules and rows (the rule's behaviour
is checked in integration_tests/test_recurrent_rule.py)."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim
from pyNN import errors

from spynnaker.pyNN import extra_models
from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.mapping.errors import MappingError
from spynnaker_backend.mapping.plastic_synapses import window_table
from spynnaker_backend.vm.virtual_machine import EngineError

from images import corrupt_and_reset, corrupt_first_rule


def _net(**rule):
    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.SpikeSourceArray(spike_times=[1.0, 5.0]))
    b = sim.Population(2, sim.IF_curr_exp())
    syn = sim.STDPMechanism(
        timing_dependence=extra_models.RecurrentRule(**rule),
        weight_dependence=sim.MultiplicativeWeightDependence(w_min=0.0, w_max=1.0),
        weight=0.5)
    return sim.Projection(a, b, sim.AllToAllConnector(), syn)


def test_parameters_read_back():
    proj = _net(accumulator_depression=-3, accumulator_potentiation=4, mean_pre_window=12.0,
                dual_fsm=False)
    sim.run(10.0)
    got = {name: proj.get(name, format="list")[0][2] for name in
           ("accumulator_depression", "accumulator_potentiation", "mean_pre_window",
            "mean_post_window", "dual_fsm", "A_plus")}
    assert got == {"accumulator_depression": -3, "accumulator_potentiation": 4,
                   "mean_pre_window": 12.0, "mean_post_window": 35.0, "dual_fsm": 0.0,
                   "A_plus": 0.01}
    sim.end()


@pytest.mark.parametrize("rule,match", [
    (dict(accumulator_depression=1), "accumulator_depression"),
    (dict(accumulator_depression=-2.5), "accumulator_depression"),
    (dict(accumulator_potentiation=200), "accumulator_potentiation"),
    (dict(mean_post_window=0.0), "mean_post_window")])
def test_bad_parameters_raise(rule, match):
    with pytest.raises(errors.InvalidParameterValueError, match=match):
        _net(**rule)
    sim.end()


def test_needs_a_one_term_weight_dependence():
    sim.setup(timestep=1.0)
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    b = sim.Population(1, sim.IF_curr_exp())
    with pytest.raises(errors.InvalidModelError, match="go together"):
        sim.Projection(a, b, sim.OneToOneConnector(), sim.STDPMechanism(
            timing_dependence=extra_models.RecurrentRule(),
            weight_dependence=extra_models.WeightDependenceAdditiveTriplet()))
    sim.end()


def test_window_longer_than_the_cores_hold_raises():
    with pytest.raises(MappingError, match="65535 ticks"):
        window_table(9000.0, 1.0)
    t = window_table(35.0, 1.0)
    quantiles = np.concatenate([t & 0xFFFF, t >> 16]).reshape(2, -1).T.ravel()
    assert quantiles[0] == 0 and quantiles[-1] == int(np.floor(35.0 * np.log(2048)))


@pytest.mark.parametrize("field,value", [("acc_potentiation", 300), ("dual_fsm", 2),
                                         ("lut_post_window", 0xFFFFFF)])
def test_core_rejects_a_malformed_recurrent_rule(field, value):
    _net()
    sim.run(10.0)
    with pytest.raises(EngineError, match="plastic rule malformed"):
        corrupt_first_rule(field, value)
    sim.end()


def test_core_rejects_a_recurrent_row_filling_its_state_half():
    _net()
    sim.run(10.0)

    def mutate(data):
        # row 0's count (word 0 of the matrix): the stride holds 2 synapses and 2 states
        data[0:4] = (3).to_bytes(4, "little")
    with pytest.raises(EngineError, match="longer than its stride"):
        corrupt_and_reset(int(Region.PLASTIC_MATRIX), mutate)
    sim.end()

"""Plastic synaptic data: decay LUTs, weight scaling, the core's validation of plastic images,
and the PyNN layer's errors for what the cores cannot run."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim
from pyNN import errors

from spynnaker_backend.mapping.dataspec.regions import (LUT_FINE, PLASTIC_ROW_HEADER_WORDS,
                                                        Region)
from spynnaker_backend.mapping.partition import dtcm_bytes_per_atom
from spynnaker_backend.mapping.plastic_synapses import decay_lut
from spynnaker_backend.vm.virtual_machine import EngineError

from images import corrupt_and_reset, corrupt_first_rule


@pytest.mark.parametrize("tau,dt", [(20.0, 1.0), (16.8, 0.1), (1000.0, 1.0), (1000.0, 0.1)])
def test_decay_lut_is_exp_until_it_rounds_to_zero(tau, dt):
    lut = decay_lut(tau, dt).astype(np.float64)
    n_coarse, bits = int(lut[0]), int(lut[1])
    step = 2 ** bits
    assert step >= LUT_FINE
    fine, coarse = lut[2:2 + step] / 2 ** 31, lut[2 + step:] / 2 ** 31
    assert len(coarse) == n_coarse
    k = np.arange(step * n_coarse)
    got = fine[k % step] * coarse[k // step]
    want = np.exp(-k * dt / tau)
    assert np.max(np.abs(got - want)) < 2 ** -30
    # beyond the table the decay is below what u1.31 holds
    assert np.exp(-n_coarse * step * dt / tau) < 2 ** -31
    # compact: tau / dt = 10^4 in ~1000 words, not 2e5
    assert len(lut) < 4 * np.sqrt(tau / dt * 22) + 80


def _plastic_net(weight=0.2, w_max=0.5, **stdp):
    sim.setup(timestep=1.0, min_delay=1.0)
    pre = sim.Population(5, sim.SpikeSourceArray(spike_times=[[5.0, 30.0]] * 5), label="pre")
    post = sim.Population(5, sim.IF_curr_exp(i_offset=2.0), label="post")
    proj = sim.Projection(pre, post, sim.AllToAllConnector(), sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(), weight_dependence=(
            sim.AdditiveWeightDependence(w_max=w_max)), weight=weight, **stdp), label="p")
    return pre, post, proj


def test_core_rejects_a_rule_whose_lut_is_outside_the_region():
    _plastic_net()
    sim.run(10.0)
    with pytest.raises(EngineError, match="plastic rule malformed"):
        corrupt_first_rule("lut_plus", 10 ** 6)
    sim.end()


def test_core_rejects_a_plastic_synapse_beyond_its_neurons():
    _plastic_net()
    sim.run(10.0)

    def mutate(data):
        at = 4 * PLASTIC_ROW_HEADER_WORDS   # the first synapse of row 0
        data[at:at + 4] = ((0x1000 << 16) | (1 << 4) | 0xF).to_bytes(4, "little")
    with pytest.raises(EngineError, match="plastic synapse with neuron"):
        corrupt_and_reset(int(Region.PLASTIC_MATRIX), mutate)
    sim.end()


def test_core_rejects_an_axonal_row_with_two_delays():
    """dendritic_delay_fraction=0: the host gives each row one delay (its spikes come due
    in order); a row with two is refused at load, not run out of order."""
    _plastic_net(dendritic_delay_fraction=0.0)
    sim.run(10.0)

    def mutate(data):
        at = 4 * (PLASTIC_ROW_HEADER_WORDS + 1)   # the second synapse of row 0
        word = int.from_bytes(bytes(data[at:at + 4]), "little")
        data[at:at + 4] = (word + (1 << 4)).to_bytes(4, "little")   # delay 1 -> 2 ticks
    with pytest.raises(EngineError, match="plastic synapse with neuron, type, delay"):
        corrupt_and_reset(int(Region.PLASTIC_MATRIX), mutate)
    sim.end()


def test_core_rejects_an_unknown_delay_mode():
    _plastic_net()
    sim.run(10.0)
    with pytest.raises(EngineError, match="plastic rule malformed"):
        corrupt_first_rule("no_backprop", 3)
    sim.end()


def test_weights_come_back_as_held_and_reset_restores_them():
    _, _, proj = _plastic_net()
    sim.run(40.0)
    learnt = np.array(proj.get("weight", format="list"))[:, 2]
    assert np.all(learnt != 0.2)
    assert proj.get("tau_plus", format="list")[0][2] == 20.0
    sim.reset()
    assert np.all(np.array(proj.get("weight", format="list"))[:, 2] == 0.2)
    sim.end()


def test_errors_name_the_problem():
    with pytest.raises(errors.ConnectionError, match=r"\[w_min, w_max\]"):
        _plastic_net(weight=0.7, w_max=0.5)
    with pytest.raises(errors.InvalidParameterValueError, match="dendritic_delay_fraction"):
        _plastic_net(dendritic_delay_fraction=0.5)
    with pytest.raises(errors.InvalidParameterValueError, match="w_max"):
        _plastic_net(w_max=-0.0)
    sim.end()


def test_history_takes_dtcm_per_neuron():
    _, post, _ = _plastic_net()
    plain = dtcm_bytes_per_atom(post._vertex)
    assert dtcm_bytes_per_atom(post._vertex, 1) - plain == 16 * 8 + 6
    sim.end()


def test_save_writes_the_weights_the_cores_hold(tmp_path):
    _, _, proj = _plastic_net()
    sim.run(40.0)
    held = np.array(proj.get(["weight", "delay"], format="list"))
    path = tmp_path / "weights.txt"
    proj.save(["weight", "delay"], str(path), format="list")
    saved = np.loadtxt(path)
    np.testing.assert_allclose(saved[:, 2:], held[:, 2:], rtol=0, atol=1e-12)
    assert np.all(saved[:, 2] != 0.2)   # learnt, not the initial weights
    sim.end()

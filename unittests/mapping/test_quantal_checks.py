"""StochasticTsodyksMarkramSynapse / MultiQuantalSynapse images: the cores refuse a
malformed rule (n outside 1 .. 32767, a LUT outside the parameters) and a multi-quantal
synapse with more available sites than n (the behaviour is checked in
integration_tests/test_quantal_synapses.py)."""
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.mapping.plastic_synapses import TIMING_CODES
from spynnaker_backend.vm.virtual_machine import EngineError

from images import corrupt_and_reset, corrupt_first_rule


def _net(kind="MultiQuantalSynapse", **params):
    sim.setup(timestep=1.0)
    a = sim.Population(2, sim.SpikeSourceArray(spike_times=[1.0, 5.0]))
    b = sim.Population(2, sim.IF_curr_exp())
    return sim.Projection(a, b, sim.AllToAllConnector(),
                          getattr(sim, kind)(weight=0.5, **params))


def test_timing_codes_are_the_next_free_numbers():
    assert TIMING_CODES["stochastic_tsodyks_markram"] == 12
    assert TIMING_CODES["multi_quantal"] == 13


@pytest.mark.parametrize("kind,field,value", [
    ("MultiQuantalSynapse", "c_rec", 0), ("MultiQuantalSynapse", "c_rec", 40000),
    ("MultiQuantalSynapse", "lut_rec", 0xFFFFFF),
    ("StochasticTsodyksMarkramSynapse", "lut_rec", 0xFFFFFF),
    ("StochasticTsodyksMarkramSynapse", "stp_u", 0x80000001),
    ("StochasticTsodyksMarkramSynapse", "lut_fac", 0xFFFFFF)])
def test_core_rejects_a_malformed_rule(kind, field, value):
    _net(kind, n=3) if kind == "MultiQuantalSynapse" else _net(kind, tau_facil=10.0)
    sim.run(10.0)
    with pytest.raises(EngineError, match="plastic rule malformed"):
        corrupt_first_rule(field, value)
    sim.end()


def test_core_rejects_more_available_sites_than_n():
    _net(n=3)
    sim.run(10.0)

    def mutate(data):
        # row 0: [count 2, t_last, pre, first target, u, 2 synapses, 2 state words]
        assert int.from_bytes(data[0:4], "little") == 2
        data[28:32] = (4).to_bytes(4, "little")
    with pytest.raises(EngineError, match="more available sites than n"):
        corrupt_and_reset(int(Region.PLASTIC_MATRIX), mutate)
    sim.end()

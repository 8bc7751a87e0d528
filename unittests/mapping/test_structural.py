"""Structural plasticity's host side: formation tables, the rewiring schedule, the slotted
column index, and the core's validation of STRUCTURAL images."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.mapping.dataspec.regions import Region, header_dtype
from spynnaker_backend.mapping.structural import (EMPTY, formation_probabilities,
                                                  rewiring_schedule)
from spynnaker_backend.pynn.simulator import state
from spynnaker_backend.vm.virtual_machine import EngineError

from images import corrupt_and_reset


def test_formation_table_is_the_gaussian_of_squared_distance():
    table = formation_probabilities((7, 7), 0.16, 2.5)
    d2 = np.arange(3 ** 2 + 3 ** 2 + 1)
    assert np.allclose(table / 2.0 ** 32, 0.16 * np.exp(-d2 / 12.5), atol=2 ** -32)
    # certain formation stays (just) below 2^32; zeros at the end are dropped
    assert formation_probabilities((4, 4), 1.0, 1.0)[0] == EMPTY
    assert len(formation_probabilities((40, 40), 1.0, 0.5)) < 60


@pytest.mark.parametrize("f_rew,dt,want", [(1e4, 1.0, (10, 1)), (1e4, 0.1, (1, 1)),
                                           (1e3, 0.1, (0, 10)), (300, 1.0, (0, 3))])
def test_rewiring_schedule_is_spynnakers(f_rew, dt, want):
    assert rewiring_schedule(f_rew, dt) == want


def _network():
    sim.setup(timestep=1.0)
    pre = sim.Population(8, sim.SpikeSourceArray(spike_times=[]), label="pre")
    post = sim.Population(8, sim.IF_curr_exp(), label="post")
    proj = sim.Projection(pre, post, sim.FromListConnector([(0, 1, 0.5, 1.0), (2, 1, 0.5, 2.0),
                                                            (3, 4, 0.5, 1.0)]),
                          sim.StructuralMechanismStatic(
                              sim.RandomSelection(),
                              sim.DistanceDependentFormation((2, 4), p_form_forward=0.0),
                              sim.RandomByWeightElimination(0.3, 0.0, 0.0), s_max=4,
                              initial_weight=0.5, seed=1))
    sim.run(5.0)
    return proj


def _field(struct, name, index=0, before=0):
    dtype = header_dtype(struct)
    return before + index * dtype.itemsize + list(dtype.names).index(name) * 4


def _put(at, value):
    def mutate(data):
        data[at:at + 4] = int(value).to_bytes(4, "little")
    return mutate


@pytest.mark.parametrize("struct,name,value,message", [
    ("structural_header", "n_slices", 10 ** 6, "structural region malformed"),
    ("structural_header", "s_max", 0, "structural region malformed"),
    ("structural_pre_pop", "delay_hi", 16, "structural pre population malformed"),
    ("structural_pre_pop", "prob_len", 10 ** 5, "structural pre population malformed"),
    ("structural_slice", "entry", 7, "structural slice names no plastic entry"),
    ("structural_slice", "n_atoms", 10 ** 4, "structural slice"),
])
def test_core_rejects_a_malformed_structural_region(struct, name, value, message):
    _network()
    header = header_dtype("structural_header").itemsize
    before = {"structural_header": 0, "structural_pre_pop": header,
              "structural_slice": header + header_dtype("structural_pre_pop").itemsize}[struct]
    with pytest.raises(EngineError, match=message):
        corrupt_and_reset(int(Region.STRUCTURAL), _put(_field(struct, name, 0, before),
                                                        value))
    sim.end()


def test_core_rejects_more_slots_than_the_column_index_has():
    _network()
    with pytest.raises(EngineError, match="fewer column pairs than s_max"):
        corrupt_and_reset(int(Region.STRUCTURAL), _put(_field("structural_header", "s_max"),
                                                        9))
    sim.end()


def test_slots_hold_the_initial_synapses_in_order():
    proj = _network()
    assert sorted(proj.get(["delay"], format="list")) == [(0, 1, 1.0), (2, 1, 2.0),
                                                          (3, 4, 1.0)]
    mv = next(iter(state.mapping.synapses.structural))
    words = np.frombuffer(state.device.read_region(state.mapping.placements[mv],
                                                   int(Region.PLASTIC_MATRIX)), "<u4")
    layout = state.mapping.synapses.plastic_layouts[proj._edges[0][0]]
    _, offset, stride, n_rows, _ = layout.blocks[0]
    columns = offset + n_rows * stride
    starts = words[columns:columns + 9]
    assert starts.tolist() == [4 * i for i in range(9)]   # s_max slots per neuron, no others
    pairs = words[columns + 9:].reshape(-1, 2)
    slots_of_1 = pairs[4:8, 0]
    # neuron 1's slots: pre 0 then pre 2 (pre atom order), then empty ones
    assert [(w - offset) // stride for w in slots_of_1[:2]] == [0, 2]
    assert slots_of_1[2:].tolist() == [EMPTY, EMPTY]
    sim.end()

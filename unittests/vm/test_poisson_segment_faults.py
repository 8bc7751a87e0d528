"""SpikeSourcePoissonVariable images: the engine refuses rate-segment links that could loop or
leave the parameter region, and a segment count the region does not hold (each an error
naming the core, never an out-of-bounds read: `make sanitize` runs these on ASan+UBSan)."""
import re
import struct

import pytest

import pyNN.spiNNaker as sim
from spynnaker.pyNN import extra_models
from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.models.spike_source_poisson import POISSON_CORE, POISSON_NEURON
from spynnaker_backend.pynn import simulator
from spynnaker_backend.vm.machine_file import capture, decode, encode, replay

CORE = r"core \(\d+, \d+, \d+\)"
N = 3


def _network():
    sim.setup(timestep=1.0)
    pop = sim.Population(N, extra_models.SpikeSourcePoissonVariable(
        rates=[20.0, 5.0, 40.0], starts=[0.0, 10.0, 20.0]), label="var")
    pop.record("spikes")
    sim.run(1.0)
    data = capture(simulator.state, ticks=40, ticks_after=8)
    sim.end()
    return decode(data)


def _poisson(parts):
    core = next(i for i, c in enumerate(parts["cores"]) if c[3].startswith("spike_source_p"))
    return parts["cores"][core][4]


def _word(regions, at, value):
    blob = bytearray(regions[int(Region.POISSON_PARAMS)])
    blob[at:at + 4] = struct.pack("<I", value & 0xFFFFFFFF)
    regions[int(Region.POISSON_PARAMS)] = bytes(blob)


def _record_field(record, name):
    names = [f.name for f in POISSON_CORE.params]
    fields = [f.name for f in POISSON_NEURON.params]
    return (len(names) + record * len(fields) + fields.index(name)) * 4


def test_unmutated_variable_source_runs_clean():
    assert replay(encode(**_network())) == []


# each atom has 3 segments: records 0 .. N-1 its first, N .. 3N-1 the later ones (0: none)
@pytest.mark.parametrize("record,target", [
    (0, 1),             # another atom's first record
    (N, N),             # a later segment linking to itself (a loop)
    (N + 1, N),         # backwards
    (0, 3 * N),         # beyond the records
    (0, 0xFFFFFFFF),
])
def test_segment_links_that_loop_or_leave_the_region_are_refused(record, target):
    parts = _network()
    regions = _poisson(parts)
    _word(regions, _record_field(record, "next_segment"), target)
    errors = replay(encode(**parts))
    assert any(re.search(CORE + ".*segment linked", e) for e in errors), errors


@pytest.mark.parametrize("count", [0, 1, 3, 0x40000000, 0xFFFFFFFF])
def test_segment_counts_the_region_does_not_hold_are_refused(count):
    parts = _network()
    regions = _poisson(parts)
    at = [f.name for f in POISSON_CORE.params].index("n_segments") * 4
    _word(regions, at, count)
    errors = replay(encode(**parts))
    assert any(re.search(CORE + ".*Poisson parameter region", e) for e in errors), errors


# --- SpikeSourceInhGamma: hazard tables after the records -------------------------------------

def _inh_gamma_network():
    sim.setup(timestep=1.0)
    pop = sim.Population(N, sim.SpikeSourceInhGamma(a=[2.0, 4.0], b=[0.01, 0.005],
                                                    tbins=[0.0, 10.0]), label="inh")
    pop.record("spikes")
    sim.run(1.0)
    data = capture(simulator.state, ticks=40, ticks_after=8)
    sim.end()
    return decode(data)


def test_unmutated_inh_gamma_source_runs_clean():
    assert replay(encode(**_inh_gamma_network())) == []


@pytest.mark.parametrize("offset", [1, 0x7FFFFFFF, 0xFFFFFFFF])
def test_table_offsets_outside_the_tables_are_refused(offset):
    """A bin whose table offset points past the tables, or at a point count the tables do not
    hold, is refused at load (the lookup never reads outside the region)."""
    parts = _inh_gamma_network()
    regions = _poisson(parts)
    table_words = struct.unpack_from(
        "<I", regions[int(Region.POISSON_PARAMS)],
        [f.name for f in POISSON_CORE.params].index("table_words") * 4)[0]
    _word(regions, _record_field(N, "table"), table_words - offset if offset == 1 else offset)
    errors = replay(encode(**parts))
    assert any(re.search(CORE + ".*random source parameters", e) for e in errors), errors


@pytest.mark.parametrize("count", [0, 1, 0x40000000, 0xFFFFFFFF])
def test_table_point_counts_the_tables_do_not_hold_are_refused(count):
    parts = _inh_gamma_network()
    regions = _poisson(parts)
    head = len(POISSON_CORE.params) + 2 * N * len(POISSON_NEURON.params)
    _word(regions, head * 4, count)   # the first table's point count
    errors = replay(encode(**parts))
    assert any(re.search(CORE + ".*random source parameters", e) for e in errors), errors


@pytest.mark.parametrize("words", [0, 7, 0xFFFFFFFF])
def test_table_sizes_the_region_does_not_hold_are_refused(words):
    parts = _inh_gamma_network()
    regions = _poisson(parts)
    _word(regions, [f.name for f in POISSON_CORE.params].index("table_words") * 4, words)
    errors = replay(encode(**parts))
    assert any(re.search(CORE + ".*Poisson parameter region", e) for e in errors), errors

"""Regression tests for the memory faults the mutation fuzzer of issue 15 found: each mutates
one field of the image of a small real network and checks that the engine refuses it with an
error naming the core (never an out-of-bounds access: `make sanitize` runs these on the
ASan+UBSan engine, whose DTCM beyond each core's allocations is poisoned), or, where the
engine must accept it, that the network's results do not change."""
import re
import struct

import numpy as np
import pytest

import pyNN.spiNNaker as sim
from spynnaker_backend.mapping.dataspec.regions import Region, header_dtype
from spynnaker_backend.pynn import simulator
from spynnaker_backend.vm.machine_file import capture, decode, encode, replay

CORE = r"core \(\d+, \d+, \d+\)"


def _network(rate=False, adex=False):
    """SSA -> LIF with an 18 ms delay (a delay extension) -> AdEx, as loaded after a run."""
    sim.setup(timestep=0.5)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0, 4.0], [2.0], [3.0]]))
    lif = sim.Population(5, sim.IF_curr_exp(), label="lif")
    sim.Projection(src, lif, sim.AllToAllConnector(), sim.StaticSynapse(weight=6.0, delay=18.0))
    if adex:
        ad = sim.Population(2, sim.EIF_cond_exp_isfa_ista(), label="adex")
        sim.Projection(lif, ad, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1))
    if rate:
        lif.compute_firing_rate(2.0)
    lif.record("spikes")
    sim.run(1.0)
    data = capture(simulator.state, ticks=40, ticks_after=8)
    sim.end()
    return decode(data)


def _core(parts, prefix):
    return next(i for i, c in enumerate(parts["cores"]) if c[3].startswith(prefix))


def _set_field(parts, core, region, header, field, value, offset=0):
    """Write a header field of a core's region (``offset`` bytes into the region)."""
    regions = parts["cores"][core][4]
    dtype = header_dtype(header)
    at = offset + dtype.fields[field][1]
    blob = bytearray(regions[region])
    blob[at:at + 4] = struct.pack("<I", value & 0xFFFFFFFF)
    regions[region] = bytes(blob)


def _refused(parts, match):
    errors = replay(encode(**parts))
    assert errors, "the mutated image was accepted"
    assert any(re.search(CORE + ".*" + match, e) for e in errors), errors


def test_the_unmutated_images_run_clean():
    assert replay(encode(**_network(rate=True, adex=True))) == []


@pytest.mark.parametrize("field", ["index_bits", "type_bits"])
@pytest.mark.parametrize("value", [0xFFFFFFFF, 32, 17])
def test_synapse_header_bits_that_wrap_or_shift_too_far_are_refused(field, value):
    parts = _network()
    _set_field(parts, _core(parts, "neuron_lif"), int(Region.SYNAPSE_PARAMS),
               "synapse_header", field, value)
    _refused(parts, "synapse header malformed")


@pytest.mark.parametrize("value", [1, 2, 0x80000000])
def test_negative_synapse_types_a_binary_cannot_negate_are_refused(value):
    # IF_curr_exp's types have fixed signs (inhibitory is subtracted by the component)
    parts = _network()
    _set_field(parts, _core(parts, "neuron_lif"), int(Region.SYNAPSE_PARAMS),
               "synapse_header", "negative_types", value)
    _refused(parts, "negative synapse type")


@pytest.mark.parametrize("stages,ticks,atoms", [
    (4096, 4096, 65536),          # n_stages x stage_ticks x words wraps 32 bits
    (4096, 1, 65536),             # stage keys above 2^32
    (0xFFFFFFFF, 1, 32),          # beyond the header limits
    (1, 0x80000001, 32),
])
def test_delay_header_products_that_wrap_are_refused(stages, ticks, atoms):
    parts = _network()
    core = _core(parts, "delay")
    for field, value in (("n_stages", stages), ("stage_ticks", ticks), ("atoms_pow2", atoms)):
        _set_field(parts, core, int(Region.DELAY_PARAMS), "delay_header", field, value)
    _refused(parts, "delay")


@pytest.mark.parametrize("field, value", [
    ("core_shift", 32),            # the atom mask would shift by 32 (undefined)
    ("core_shift", 0xFFFFFFFF),
    ("n_neurons", 0),              # every key a miss, and a division by it on the host
    ("n_neurons", 0xFFFFFFFF),     # more atoms per core than the core shift leaves room for
    ("n_rows", 0xFFFFFFFF),        # rows beyond the matrix
    ("mask", 0),                   # cores x n_neurons beyond 32 bits, key not aligned
    ("key", 1),                    # a key with bits inside its own index
])
def test_master_population_table_entries_outside_their_keys_or_matrix_are_refused(field, value):
    parts = _network()
    _set_field(parts, _core(parts, "neuron_lif"), int(Region.POP_TABLE), "pop_entry", field,
               value, offset=4)
    _refused(parts, "master population table entry")


def test_rate_history_with_spikes_of_atoms_the_core_lacks_is_refused():
    parts = _network(rate=True)
    regions = parts["cores"][_core(parts, "neuron_lif")][4]
    regions[int(Region.RATE_HISTORY)] = b"\xff" * len(regions[int(Region.RATE_HISTORY)])
    _refused(parts, "rate history")


@pytest.mark.parametrize("value", [-1, 11, 64, 0x7FFFFFFF])
def test_adex_sub_step_shift_out_of_range_is_refused(value):
    parts = _network(adex=True)
    core = _core(parts, "neuron_adex")
    regions = parts["cores"][core][4]
    params = bytearray(regions[int(Region.NEURON_PARAMS)])
    # neuron-major: the AdEx block of neuron 1 starts its params; sub_shift is one field
    from spynnaker_backend.models.components import ADEX
    names = [f.name for f in ADEX.params]
    at = (1 * len(names) + names.index("sub_shift")) * 4
    params[at:at + 4] = struct.pack("<i", value)
    regions[int(Region.NEURON_PARAMS)] = bytes(params)
    _refused(parts, "out of the model's range")


def test_rewrite_without_reload_is_refused_and_with_reload_runs():
    from spynnaker_backend.vm import EngineError
    sim.setup(timestep=0.5)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0, 4.0], [2.0], [3.0]]))
    lif = sim.Population(5, sim.IF_curr_exp(), label="lif")
    sim.Projection(src, lif, sim.AllToAllConnector(), sim.StaticSynapse(weight=6.0, delay=18.0))
    sim.run(1.0)
    state = simulator.state
    device = state.device
    placement = next(p for p, image in state._images.items()
                     if int(Region.DELAY_PARAMS) in image.regions)
    device.write_region(placement, int(Region.DELAY_PARAMS),
                        device.read_region(placement, int(Region.DELAY_PARAMS)))
    with pytest.raises(EngineError, match=CORE + ": region 9 was rewritten"):
        device.run(4)
    device.reload()
    assert device.run(4) == 4
    sim.end()


def _spikes(rewrite):
    """Spike times of the LIF population over 30 ms, the delay extension's parameters and
    the LIF core's synaptic matrix rewritten (same bytes) after 10 ms if ``rewrite``."""
    sim.setup(timestep=0.5)
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=[[1.0, 14.0], [2.0], [13.0]]))
    lif = sim.Population(5, sim.IF_curr_exp(), label="lif")
    sim.Projection(src, lif, sim.AllToAllConnector(), sim.StaticSynapse(weight=6.0, delay=18.0))
    lif.record("spikes")
    sim.run(10.0)
    if rewrite:
        state = simulator.state
        for placement, image in state._images.items():
            for region in (Region.DELAY_PARAMS, Region.SYNAPTIC_MATRIX, Region.POP_TABLE):
                if int(region) in image.regions:
                    data = state.device.read_region(placement, int(region))
                    state.device.write_region(placement, int(region), data)
    sim.run(20.0)
    trains = [np.asarray(st) for st in lif.get_data().segments[0].spiketrains]
    sim.end()
    return trains


def test_rewriting_delay_parameters_and_matrices_between_runs_changes_nothing():
    # the use-after-free of issue 15: the apps read the freed regions after such a rewrite
    plain, rewritten = _spikes(False), _spikes(True)
    assert sum(len(t) for t in plain) >= 10   # spikes after the rewrite, through the delay
    for a, b in zip(plain, rewritten):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("prefix", ["neuron_lif", "spike_source_array", "delay"])
@pytest.mark.parametrize("n_atoms", [0x40000001, 0xFFFFFFF0])
def test_atom_counts_whose_sizes_wrap_are_refused(prefix, n_atoms):
    # n_atoms x bytes per atom wrapped 32 bits to a small allocation that the (equally
    # wrapped) region-size checks accepted
    parts = _network()
    _set_field(parts, _core(parts, prefix), int(Region.SYSTEM), "system_header", "n_atoms",
               n_atoms)
    _refused(parts, "atoms")

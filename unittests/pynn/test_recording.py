"""Recording: vertex.recordings, Neo blocks from state data, numpy access, deprecations,
and end-to-end runs on the virtual machine."""
import numpy as np
import pytest
from pyNN import errors

from spynnaker_backend.pynn import simulator


def test_record_fills_vertex_recordings(sim):
    p = sim.Population(6, sim.IF_curr_exp())
    simulator.state.graph.parameters_changed = False
    p[[4, 1]].record(["spikes", "v"], sampling_interval=3.0)
    rec = p._vertex.recordings
    assert rec["v"].indices.tolist() == [1, 4] and rec["v"].sampling_interval == 3
    assert rec["spikes"].indices.tolist() == [1, 4]
    assert simulator.state.graph.parameters_changed
    p.record("gsyn_exc")
    assert rec["gsyn_exc"].indices.tolist() == list(range(6))
    assert rec["gsyn_exc"].sampling_interval == 3
    # as on a board (not PyNN's one interval per population): each variable its own
    p.record("gsyn_inh", sampling_interval=2.0)
    assert rec["gsyn_inh"].sampling_interval == 2 and rec["v"].sampling_interval == 3
    q = sim.Population(2, sim.IF_curr_exp())
    with pytest.raises(ValueError, match="multiple"):
        q.record("v", sampling_interval=2.5)
    with pytest.raises(errors.RecordingError):
        p.record("w")
    p.record(None)
    assert rec == {}


def test_sampling_interval_must_be_multiple_of_dt():
    import pyNN.spiNNaker as sim
    sim.setup(timestep=0.5)
    p = sim.Population(2, sim.IF_curr_exp())
    with pytest.raises(ValueError, match="multiple of the timestep"):
        p.record("v", sampling_interval=0.75)
    sim.end()


def test_get_data_builds_neo_from_state(sim, fake_run):
    p = sim.Population(4, sim.IF_curr_exp(), label="p")
    p.record("spikes")
    p[[1, 3]].record("v", sampling_interval=2.0)
    v = np.array([[-65.0, -64.0], [-63.0, -62.0], [-61.0, -60.0]])
    fake_run(6.0, spikes={p._vertex: ([3, 1, 3], [2.0, 4.0, 5.0])},
             signals={(p._vertex, "v"): v})
    block = p.get_data(annotations={"run": 1})
    assert block.annotations["run"] == 1
    seg = block.segments[0]
    trains = {t.annotations["source_index"]: list(t.magnitude) for t in seg.spiketrains}
    assert trains == {0: [], 1: [4.0], 2: [], 3: [2.0, 5.0]}
    (signal,) = seg.analogsignals
    assert signal.name == "v" and str(signal.units.dimensionality) == "mV"
    assert float(signal.sampling_period) == 2.0
    np.testing.assert_array_equal(signal.magnitude, v)
    np.testing.assert_array_equal(signal.array_annotations["channel_index"], [1, 3])
    view_block = p[3:4].get_data("v")
    np.testing.assert_array_equal(view_block.segments[0].analogsignals[0].magnitude, v[:, 1:])
    by_index = p.get_data_by_indexes("spikes", [3])
    assert [len(t) for t in by_index.segments[0].spiketrains] == [2]
    assert p.get_spike_counts() == {0: 0, 1: 1, 2: 0, 3: 2}
    assert p.mean_spike_count() == 0.75
    assert p[2:4].get_spike_counts() == {2: 0, 3: 2}

    spikes = p.spinnaker_get_data("spikes")
    np.testing.assert_array_equal(spikes, [[1, 4.0], [3, 2.0], [3, 5.0]])
    vs = p.spinnaker_get_data(["v"])
    np.testing.assert_array_equal(vs[:3], [[1, 0.0, -65.0], [1, 2.0, -63.0], [1, 4.0, -61.0]])
    np.testing.assert_array_equal(vs[3:, 2], [-64.0, -62.0, -60.0])
    np.testing.assert_array_equal(p[2:4].spinnaker_get_data("spikes"), [[1, 2.0], [1, 5.0]])
    with pytest.raises(ValueError, match="gsyn_exc"):
        p.spinnaker_get_data("gsyn_exc")
    with pytest.raises(ValueError, match="one variable"):
        p.spinnaker_get_data(["v", "spikes"])


def test_assembly_get_data(sim, fake_run):
    a = sim.Population(2, sim.IF_curr_exp(), label="a")
    b = sim.Population(2, sim.IF_curr_exp(), label="b")
    asm = a + b
    asm.record("spikes")
    fake_run(5.0, spikes={a._vertex: ([0], [1.0]), b._vertex: ([1], [2.0])})
    trains = asm.get_data("spikes").segments[0].spiketrains
    assert sorted(len(t) for t in trains) == [0, 0, 1, 1] and len(trains) == 4
    assert asm.get_spike_counts() == {0: 1, 1: 0, 2: 0, 3: 1}


def test_deprecated_recording_methods_warn_and_work(sim, fake_run, tmp_path):
    p = sim.Population(2, sim.IF_curr_exp())
    with pytest.warns(DeprecationWarning, match=r"record\('v'\)"):
        p.record_v(2.0)
    with pytest.warns(DeprecationWarning, match="gsyn_exc"):
        p.record_gsyn(2.0)
    assert p._vertex.recordings["gsyn_inh"].sampling_interval == 2
    p.record("spikes")
    sig = np.zeros((3, 2))
    fake_run(6.0, spikes={p._vertex: ([0], [1.0])},
             signals={(p._vertex, n): sig for n in ("v", "gsyn_exc", "gsyn_inh")})
    with pytest.warns(DeprecationWarning, match=r"get_data\('spikes'\)"):
        assert len(p.getSpikes().segments[0].spiketrains) == 2
    with pytest.warns(DeprecationWarning, match=r"get_data\('v'\)"):
        assert p.get_v().segments[0].analogsignals[0].name == "v"
    with pytest.warns(DeprecationWarning, match="gsyn"):
        assert len(p.get_gsyn().segments[0].analogsignals) == 2
    with pytest.warns(DeprecationWarning, match="mean_spike_count"):
        assert p.meanSpikeCount() == 0.5
    for method, name in (("printSpikes", "s.pkl"), ("print_v", "v.pkl"),
                         ("print_gsyn", "g.pkl")):
        with pytest.warns(DeprecationWarning, match="write_data"):
            getattr(p, method)(str(tmp_path / name))
        assert (tmp_path / name).exists()
    p.write_data(str(tmp_path / "all.pkl"))
    assert (tmp_path / "all.pkl").exists()


def test_reset_starts_a_new_segment(sim, fake_run):
    p = sim.Population(1, sim.IF_curr_exp())
    p.record("spikes")
    fake_run(5.0, spikes={p._vertex: ([0], [1.0])})
    sim.reset()
    fake_run(5.0, spikes={p._vertex: ([0], [3.0])})
    segments = p.get_data().segments
    assert [list(s.spiketrains[0].magnitude) for s in segments] == [[1.0], [3.0]]


# ---------------------------------------------------------------------- on the VM
def test_end_to_end_spikes_and_voltage(sim):
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[5.0], [20.0]]), label="src")
    dst = sim.Population(3, sim.IF_curr_exp(), label="dst")
    sim.Projection(src, dst, sim.AllToAllConnector(), sim.StaticSynapse(weight=5.0, delay=1.0))
    dst.record(["spikes", "v"])
    src.record("spikes")
    sim.run(40.0)
    assert sim.get_current_time() == 40.0
    np.testing.assert_array_equal(src.spinnaker_get_data("spikes"), [[0, 5.0], [1, 20.0]])
    spikes = dst.spinnaker_get_data("spikes")
    assert len(spikes) == 6 and set(spikes[:, 0]) == {0, 1, 2}
    block = dst.get_data("v")
    v = block.segments[0].analogsignals[0]
    # PyNN: samples at 0, dt, ..., tstop (the last one is the cores' state at the end)
    assert v.shape == (41, 3) and float(v.magnitude[0, 0]) == -65.0
    assert v.magnitude.max() > -65.0
    assert sim.get_run_report() is not None


def test_last_sample_is_the_state_the_next_run_starts_from(sim):
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[[3.0]]), label="src")
    dst = sim.Population(300, sim.IF_curr_exp(tau_m=np.linspace(5.0, 30.0, 300)), label="dst")
    dst.set_max_atoms_per_core(128)     # several cores: each slice decodes its own state
    sim.Projection(src, dst, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=1.0))
    dst.record(["v", "isyn_exc"] if "isyn_exc" in dst.celltype.recordable else ["v"],
               sampling_interval=1.0)
    sim.run(5.0)
    first = {s.name: s.magnitude.copy() for s in dst.get_data().segments[0].analogsignals}
    sim.run(5.0)
    both = {s.name: s.magnitude for s in dst.get_data().segments[0].analogsignals}
    for name, values in first.items():
        assert values.shape == (6, 300) and both[name].shape == (11, 300)
        np.testing.assert_array_equal(values, both[name][:6])
    assert np.ptp(first["v"][-1]) > 0     # the per-neuron values, not one copied value


def test_end_to_end_one_to_one_view(sim):
    src = sim.Population(4, sim.SpikeSourceArray(
        spike_times=[[2.0], [4.0], [6.0], [8.0]]), label="src")
    dst = sim.Population(4, sim.IF_curr_exp(), label="dst")
    sim.Projection(src[1:3], dst[[0, 3]], sim.OneToOneConnector(),
                   sim.StaticSynapse(weight=5.0, delay=1.0))
    dst.record("spikes")
    sim.run(20.0)
    spikes = dst.spinnaker_get_data("spikes")
    # src 1 -> dst 0 and src 2 -> dst 3 only; each input makes its target fire once
    assert set(spikes[:, 0].astype(int)) == {0, 3}
    first = {int(i): t for i, t in spikes[::-1]}
    assert first[0] < first[3]


def test_data_survives_end(sim):
    p = sim.Population(2, sim.IF_curr_exp(i_offset=[0.0, 2.0]), label="p")
    p.record(["spikes", "v"])
    sim.run(20.0)
    sim.end()
    segment = p.get_data().segments[0]
    assert segment.analogsignals[0].shape == (21, 2)    # the fixture runs dt = 1 ms
    assert len(segment.spiketrains[1]) > 0
    sim.setup(timestep=1.0)


def test_record_vm_and_gsyn_from_assembly(sim):
    """PyNN's scenario of the same name, with IF_cond_exp in place of EIF_cond_exp_isfa_ista
    (which we do not have)."""
    sim.setup(timestep=0.1, min_delay=0.1)
    cells = sim.Population(5, sim.IF_cond_exp()) + sim.Population(6, sim.IF_cond_exp(tau_m=15.0))
    inputs = sim.Population(5, sim.SpikeSourcePoisson(rate=50.0))
    sim.connect(inputs, cells, weight=0.1, delay=0.5, receptor_type='inhibitory')
    sim.connect(inputs, cells, weight=0.1, delay=0.3, receptor_type='excitatory')
    cells.record('v')
    cells[2:9].record(['gsyn_exc', 'gsyn_inh'])
    sim.run(100.0)
    data0 = cells.populations[0].get_data().segments[0]
    data1 = cells.populations[1].get_data().segments[0]
    data_all = cells.get_data().segments[0]
    vm_p1 = data1.filter(name='v')[0]
    vm_all = data_all.filter(name='v')[0]
    assert data0.filter(name='v')[0].shape == (1001, 5)
    assert vm_p1.shape == (1001, 6) and vm_all.shape == (1001, 11)
    assert data0.filter(name='gsyn_exc')[0].shape == (1001, 3)
    assert data1.filter(name='gsyn_exc')[0].shape == (1001, 4)
    assert data_all.filter(name='gsyn_exc')[0].shape == (1001, 7)
    np.testing.assert_array_equal(vm_p1[:, 3], vm_all[:, 8])
    np.testing.assert_array_equal(
        data0.filter(name='gsyn_exc')[0].array_annotations["channel_index"], [2, 3, 4])
    assert data_all.filter(name='gsyn_exc')[0].magnitude.max() > 0

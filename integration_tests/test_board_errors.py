"""What a user sees when the board path fails: an error naming the board, core or setting and
what to do; and the boot path of a board that was just powered on."""
import subprocess
import sys
import time

import pytest
import pyNN.spiNNaker as sim

from loopback import ROOT, loopback, next_host  # noqa: F401  (the fixture)
from spynnaker_backend.errors import BoardError


def _net(record_v=False, n=20, run_ms=30.0):
    sim.setup(timestep=1.0)
    src = sim.Population(5, sim.SpikeSourceArray(spike_times=[[1.0, 5.0]] * 5), label="src")
    pop = sim.Population(n, sim.IF_curr_exp(), label="target")
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=3.0, delay=1.0))
    pop.record(["spikes", "v"] if record_v else "spikes")
    sim.run(run_ms)
    spikes = pop.get_data("spikes").segments[0].spiketrains
    sim.end()
    return sum(len(s) for s in spikes)


def test_no_answer_names_the_board_and_what_to_check(loopback, tmp_path):
    host = next_host()     # nothing listens there
    (tmp_path / "spynnaker.cfg").write_text(f"[Machine]\nmachine_name = {host}\nversion = 5\n")
    start = time.monotonic()
    with pytest.raises(BoardError) as info:
        _net()
    assert time.monotonic() - start < 10
    text = str(info.value)
    assert host in text and "machine_name" in text and "no answer" in text


def test_wrong_scamp_version(loopback):
    board = loopback.start(scamp_version="3.4.2")
    with pytest.raises(BoardError) as info:
        loopback.on_board(board, _net)
    text = str(info.value)
    assert "3, 4, 2" in text and "SC&MP 4" in text and "power-cycle" in text


def test_allocation_refused_names_the_core_and_population(loopback):
    board = loopback.start(sdram_limit=64 * 1024)   # less than CMD_INFO says
    with pytest.raises(BoardError) as info:
        loopback.on_board(board, _net, record_v=True, n=200, run_ms=200.0)
    text = str(info.value)
    assert "SDRAM allocation" in text and "refused" in text and "population 'target'" in text


def test_a_core_in_run_time_exception_is_reported_with_its_iobuf(loopback, monkeypatch):
    from spynnaker_backend.mapping import pipeline
    from spynnaker_backend.mapping.dataspec.core_image import CoreImage
    from spynnaker_backend.mapping.dataspec.regions import Region
    build = pipeline.build_images

    def broken(result, graph, step=None):   # the neuron core's parameters lose their tail
        images = build(result, graph)
        for placement, image in images.items():
            if image.binary.startswith("neuron"):
                region = int(Region.NEURON_PARAMS)
                regions = dict(image.regions)
                regions[region] = bytes(regions[region])[:8]
                images[placement] = CoreImage(image.binary, regions)
        return images
    monkeypatch.setattr(pipeline, "build_images", broken)
    board = loopback.start()
    with pytest.raises(BoardError) as info:
        loopback.on_board(board, _net)
    text = str(info.value)
    assert "RUN_TIME_EXCEPTION" in text and "iobuf" in text
    assert "population 'target'" in text and "neuron_lif_exp_current" in text
    # the same images on the VM fail with the engine's own words, which the iobuf carries
    with pytest.raises(Exception) as vm_info:
        loopback.on_vm(_net)
    engine_words = str(vm_info.value).split(": ", 2)[-1].split(".")[0]
    assert engine_words in text


def test_missing_binaries_say_make_arm(loopback, monkeypatch, tmp_path):
    monkeypatch.setenv("SPYNNAKER_APLX_DIR", str(tmp_path / "empty"))
    board = loopback.start()
    with pytest.raises(BoardError, match="make arm"):
        loopback.on_board(board, _net)


def test_a_powered_on_board_is_booted_by_spinnman(loopback):
    board = loopback.start(booted=False)
    assert loopback.on_board(board, _net) > 0
    assert board.boot_image is not None and len(board.boot_image) > 20000
    assert board.boot_image[384 + 0x0A] == 5          # the boot values say "version 5"


def test_the_command_line_board(tmp_path, monkeypatch):
    pytest.importorskip("spinnman")
    from loopback import require_board_tools
    require_board_tools()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    bad = subprocess.run([sys.executable, "-m", "spynnaker_backend.vm.board_emulator",
                          "--host", "127.0.0.1"], capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "fake transceiver" in bad.stderr
    host = next_host()
    proc = subprocess.Popen([sys.executable, "-m", "spynnaker_backend.vm.board_emulator",
                             "--host", host, "--booted", "--threads", "1"],
                            stdout=subprocess.PIPE, text=True)
    try:
        banner = proc.stdout.readline()
        assert "48 chips" in banner and host in banner
        (tmp_path / "spynnaker.cfg").write_text(f"[Machine]\nmachine_name = {host}\n"
                                                f"version = 5\n")
        assert _net() > 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _plastic_net(mix=False):
    """STDP onto 'learner' (its _stdp binary); with ``mix``, also weight-changing synapses
    onto it, which no one board binary has next to STDP."""
    from pyNN.spiNNaker import extra_models as em
    sim.setup(timestep=1.0)
    src = sim.Population(4, sim.SpikeSourceArray(spike_times=[[1.0 + 3 * i, 20.0 + i]
                                                              for i in range(4)]), label="src")
    drive = sim.Population(3, sim.SpikeSourceArray(spike_times=[[4.0, 9.0, 24.0]] * 3))
    pop = sim.Population(3, sim.IF_curr_exp(), label="learner")
    sim.Projection(drive, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=20.0))
    stdp = sim.Projection(src, pop, sim.AllToAllConnector(), sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=15.0, tau_minus=20.0, A_plus=0.1,
                                            A_minus=0.1),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=2.0), weight=0.5),
        label="learns")
    if mix:
        sim.Projection(src, pop, sim.AllToAllConnector(),
                       em.WeightChangeable(weight_min=0.0, weight_max=2.0, weight=1.0),
                       label="changes")
    sim.run(40.0)
    weights = stdp.get("weight", format="array")
    sim.end()
    return weights.tolist()


def test_plastic_network_runs_its_family_binary_on_the_board(loopback):
    """The board loads learner's cores with neuron_lif_exp_current_stdp.aplx (its name block
    names the binary the loopback board runs) and learns what the VM learns."""
    board = loopback.start()
    on_vm = loopback.on_vm(_plastic_net)
    on_board = loopback.on_board(board, _plastic_net)
    assert on_board == on_vm and on_vm != [[0.5] * 3] * 4
    names = {n for chip in board.board.chips.values() for n in chip.app_names.values()}
    assert "neuron_lif_exp_current_stdp" in names


def test_dynamics_no_board_binary_has_together_are_refused_before_loading(loopback):
    board = loopback.start()
    assert loopback.on_vm(_plastic_net, mix=True)   # the VM runs the mix
    from spynnaker_backend.mapping.errors import MappingError
    with pytest.raises(MappingError) as info:
        loopback.on_board(board, _plastic_net, mix=True)
    text = str(info.value)
    assert "'learner'" in text and "stdp (learns)" in text and "weight_change (changes)" in text
    names = {n for chip in board.board.chips.values() for n in chip.app_names.values()}
    assert not names   # nothing was loaded

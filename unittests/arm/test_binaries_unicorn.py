"""Every cross-compiled binary (build/arm/*.aplx, as SC&MP would load it) run under an ARM
emulator on the images the VM runs, fed the packets the upstream cores' binaries sent, ends
with every region bit-identical to the VM's: the board's code is the VM's code."""
import shutil
from pathlib import Path

import pytest

pytest.importorskip("unicorn", reason="pip install unicorn")
import pyNN.spiNNaker as sim  # noqa: E402

from spynnaker_backend.pynn.simulator import state  # noqa: E402

BUILD = Path(__file__).resolve().parents[2] / "build" / "arm"
pytestmark = pytest.mark.skipif(not (BUILD / "neuron_lif_exp_current.aplx").is_file(),
                                reason="no build/arm/*.aplx: `make arm` builds them")
from arm_core import ArmCore  # noqa: E402

N_TICKS = 80
_ORDER = {"spike_source_array": 0, "spike_source_poisson": 0, "delay_extension": 1}


def _capture(build):
    """Images before and regions after an N_TICKS run on the VM, per core."""
    sim.setup(timestep=1.0)
    build()
    state._ensure_loaded()
    state._prepare_recording(N_TICKS)
    vm = state.device
    cores = {(p.x, p.y, p.p): image for p, image in state._images.items()}
    before = {k: {r: vm.read_region(k, r) for r in image.regions} for k, image in cores.items()}
    assert vm.run(N_TICKS) == N_TICKS
    after = {k: {r: vm.read_region(k, r) for r in image.regions} for k, image in cores.items()}
    binaries = {k: image.binary for k, image in cores.items()}
    tables = {(t.x, t.y): t.entries for t in state.mapping.routing_tables}
    sim.end()
    return binaries, before, after, tables


def _destinations(entries, key):
    for e in entries:
        if key & e.mask == e.key:
            return {p for p in range(1, 18) if e.route & (1 << (6 + p))}
    return set()


def _run_all(binaries, before, tables, pause_at=None):
    """Each core under unicorn, upstream first, fed what its upstream cores sent; with
    ``pause_at``, each core pauses there and is resumed (as by a second run())."""
    assert {(x, y) for x, y, _ in binaries} == {(0, 0)}, "the test networks fit one chip"
    order = sorted(binaries, key=lambda k: (_ORDER.get(binaries[k], 2), k))
    sent, out = {}, {}
    for core in order:
        inbound = [[key for sender in order if sender in sent for key in sent[sender][t]
                    if core[2] in _destinations(tables[0, 0], key)] for t in range(N_TICKS)]
        arm = ArmCore((BUILD / f"{binaries[core]}.aplx").read_bytes(), before[core],
                      pause_at or N_TICKS, inbound, phys=core[2] + 2, virt=core[2])
        arm.run()
        assert arm.final_state == 10, f"{binaries[core]}: {arm.iobuf()}"
        if pause_at:
            assert arm.read_table().ticks_done == pause_at
            arm.resume(N_TICKS)
            assert arm.final_state == 10
        table = arm.read_table()
        assert table.ticks_done == N_TICKS
        sent[core] = arm.sent
        out[core] = arm.regions()
        if not binaries[core].startswith("spike_source"):
            assert sum(map(len, inbound)) > 0, f"{binaries[core]} was sent nothing"
    assert sum(len(keys) for ticks in sent.values() for keys in ticks) > 0
    return out


def _feed(cell, source=None, delay=2.0, weight=1.5):
    def build():
        src = source() if source else sim.Population(
            12, sim.SpikeSourceArray(spike_times=[[2.0 + i, 20.0 + 2 * i, 50.0] for i in range(12)]))
        pop = sim.Population(25, cell, label="target")
        sim.Projection(src, pop, sim.FixedProbabilityConnector(0.6, rng=sim.NumpyRNG(5)),
                       sim.StaticSynapse(weight=weight, delay=delay))
        pop.record(["spikes", "v"])
    return build


NEURONS = {
    "IF_curr_exp": lambda: sim.IF_curr_exp(),
    "IF_cond_exp": lambda: sim.IF_cond_exp(),
    "IF_curr_alpha": lambda: sim.IF_curr_alpha(),
    "IF_cond_alpha": lambda: sim.IF_cond_alpha(),
    "IF_curr_delta": lambda: sim.IF_curr_delta(),
    "Izhikevich": lambda: sim.Izhikevich(),
    "EIF_cond_exp_isfa_ista": lambda: sim.EIF_cond_exp_isfa_ista(),
    "EIF_cond_alpha_isfa_ista": lambda: sim.EIF_cond_alpha_isfa_ista(),
    # cm 0.25 nF at dt 1 ms: x = g_r dt / cm ~ 9 after a spike, phi by exp and the 64-bit
    # division (gsfa_grr.h)
    "IF_cond_exp_gsfa_grr": lambda: sim.IF_cond_exp_gsfa_grr(i_offset=0.4, cm=0.25),
}
WEIGHTS = {"IF_cond_exp": 0.05, "IF_cond_alpha": 0.05, "EIF_cond_exp_isfa_ista": 0.05,
           "EIF_cond_alpha_isfa_ista": 0.05, "Izhikevich": 8.0, "IF_curr_delta": 6.0,
           "IF_cond_exp_gsfa_grr": 0.05}


def _check(build, pause_at=None):
    binaries, before, after, tables = _capture(build)
    arm = _run_all(binaries, before, tables, pause_at)
    for core, regions in after.items():
        for region, data in regions.items():
            assert arm[core][region] == data, f"{binaries[core]} region {region} differs"
        if binaries[core].startswith("neuron"):
            assert regions != before[core], f"{binaries[core]} wrote nothing"
    return binaries, after


@pytest.mark.parametrize("model", sorted(NEURONS))
def test_neuron_binary_matches_the_vm(model):
    binaries, after = _check(_feed(NEURONS[model](), weight=WEIGHTS.get(model, 1.5)))
    assert "spike_source_array" in binaries.values()


def test_poisson_and_delay_extension_match_the_vm():
    def poisson():
        return sim.Population(15, sim.SpikeSourcePoisson(rate=120.0))
    binaries, _ = _check(_feed(sim.IF_curr_exp(), source=poisson, delay=37.0, weight=2.0))
    assert {"spike_source_poisson", "delay_extension"} <= set(binaries.values())


def test_pause_and_resume_keep_ring_buffers_and_delays():
    """Two runs (pausing at tick 33, with spikes in flight in the ring buffers and the delay
    extension) end exactly where one run of the VM does."""
    binaries, _ = _check(_feed(sim.IF_curr_exp(), delay=41.0, weight=2.0), pause_at=33)
    assert "delay_extension" in binaries.values()


def test_a_bad_image_is_a_run_time_exception_with_its_iobuf():
    binaries, before, _, _ = _capture(_feed(sim.IF_curr_exp()))
    core = next(k for k, b in binaries.items() if b == "neuron_lif_exp_current")
    regions = dict(before[core])
    regions[0] = regions[0][:4]   # the system region, truncated
    arm = ArmCore((BUILD / "neuron_lif_exp_current.aplx").read_bytes(), regions, N_TICKS)
    arm.run()
    assert arm.final_state == 2
    assert arm.read_table().error_code != 0 and arm.iobuf().endswith("\n")


@pytest.mark.skipif(shutil.which("arm-none-eabi-gcc") is None, reason="no cross compiler")
def test_the_binaries_are_current():
    """The APLX files are newer than the ELF they were made from (make arm keeps them)."""
    for aplx in BUILD.glob("*.aplx"):
        assert aplx.stat().st_mtime >= (BUILD / f"{aplx.stem}.elf").stat().st_mtime

"""Every cross-compiled binary (build/arm/*.aplx, as SC&MP would load it) run under an ARM
emulator on the images the VM runs, fed the packets the upstream cores' binaries sent, ends
with every region bit-identical to the VM's: the board's code is the VM's code."""
import shutil

import pytest

pytest.importorskip("unicorn", reason="pip install unicorn")
import pyNN.spiNNaker as sim  # noqa: E402

from arm_core import ArmCore  # noqa: E402
from vm_vs_arm import BUILD, N_TICKS, _capture, _check, needs_binaries  # noqa: E402

pytestmark = needs_binaries


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


@pytest.mark.parametrize("model", sorted(NEURONS))
def test_neuron_binary_matches_the_vm(model):
    binaries, _, after = _check(_feed(NEURONS[model](), weight=WEIGHTS.get(model, 1.5)))
    assert "spike_source_array" in binaries.values()


def test_poisson_and_delay_extension_match_the_vm():
    def poisson():
        return sim.Population(15, sim.SpikeSourcePoisson(rate=120.0))
    binaries, _, _ = _check(_feed(sim.IF_curr_exp(), source=poisson, delay=37.0, weight=2.0))
    assert {"spike_source_poisson", "delay_extension"} <= set(binaries.values())


def test_pause_and_resume_keep_ring_buffers_and_delays():
    """Two runs (pausing at tick 33, with spikes in flight in the ring buffers and the delay
    extension) end exactly where one run of the VM does."""
    binaries, _, _ = _check(_feed(sim.IF_curr_exp(), delay=41.0, weight=2.0), pause_at=33)
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

"""Run a network's cores on the VM and each core's cross-compiled binary (build/arm/*.aplx)
under unicorn on the same images, upstream cores first, each fed the packets its upstream
binaries sent: every region must end bit-identical (test_binaries_unicorn.py,
test_dynamics_binaries_unicorn.py)."""
from pathlib import Path

import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.pynn.simulator import state
from arm_core import ArmCore

BUILD = Path(__file__).resolve().parents[2] / "build" / "arm"
needs_binaries = pytest.mark.skipif(not (BUILD / "neuron_lif_exp_current.aplx").is_file(),
                                    reason="no build/arm/*.aplx: `make arm` builds them")
N_TICKS = 80
_ORDER = {"spike_source_array": 0, "spike_source_poisson": 0, "delay_extension": 1}


def _capture(build, n_ticks=N_TICKS):
    """Images before and regions after an n_ticks run on the VM, per core."""
    sim.setup(timestep=1.0)
    build()
    state._ensure_loaded()
    state._prepare_recording(n_ticks)
    vm = state.device
    cores = {(p.x, p.y, p.p): image for p, image in state._images.items()}
    before = {k: {r: vm.read_region(k, r) for r in image.regions} for k, image in cores.items()}
    assert vm.run(n_ticks) == n_ticks
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


def _run_all(binaries, before, tables, pause_at=None, n_ticks=N_TICKS):
    """Each core under unicorn, upstream first, fed what its upstream cores sent; with
    ``pause_at``, each core pauses there and is resumed (as by a second run())."""
    assert {(x, y) for x, y, _ in binaries} == {(0, 0)}, "the test networks fit one chip"
    order = sorted(binaries, key=lambda k: (_ORDER.get(binaries[k], 2), k))
    sent, out = {}, {}
    for core in order:
        inbound = [[key for sender in order if sender in sent for key in sent[sender][t]
                    if core[2] in _destinations(tables[0, 0], key)] for t in range(n_ticks)]
        arm = ArmCore((BUILD / f"{binaries[core]}.aplx").read_bytes(), before[core],
                      pause_at or n_ticks, inbound, phys=core[2] + 2, virt=core[2])
        arm.run()
        assert arm.final_state == 10, f"{binaries[core]}: {arm.iobuf()}"
        if pause_at:
            assert arm.read_table().ticks_done == pause_at
            arm.resume(n_ticks)
            assert arm.final_state == 10
        table = arm.read_table()
        assert table.ticks_done == n_ticks
        sent[core] = arm.sent
        out[core] = arm.regions()
        if not binaries[core].startswith("spike_source"):
            assert sum(map(len, inbound)) > 0, f"{binaries[core]} was sent nothing"
    assert sum(len(keys) for ticks in sent.values() for keys in ticks) > 0
    return out


def _check(build, pause_at=None, n_ticks=N_TICKS):
    """Every region of every core bit-identical between the VM and the ARM binaries after
    n_ticks; ({core: binary}, {core: regions before}, {core: regions after})."""
    binaries, before, after, tables = _capture(build, n_ticks)
    arm = _run_all(binaries, before, tables, pause_at, n_ticks)
    for core, regions in after.items():
        for region, data in regions.items():
            assert arm[core][region] == data, f"{binaries[core]} region {region} differs"
        if binaries[core].startswith("neuron"):
            assert regions != before[core], f"{binaries[core]} wrote nothing"
    return binaries, before, after

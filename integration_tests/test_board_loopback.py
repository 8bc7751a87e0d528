"""PyNN scripts on the loopback board through the unmodified SpiNNMan 7.4.1 client give
results bit-identical to the virtual machine: the whole board path (discovery, SDRAM
allocation, region tables, routing tables, APLX load, signals, core states, readback, AppStop)
carries the same images and tables a VM run uses.  The board is "loopback-verified": what the
emulator embodies is our reading of SC&MP (see docs/board.md)."""
import sys

import numpy as np
import pytest
import pyNN.spiNNaker as sim

from loopback import ROOT, loopback  # noqa: F401  (the fixture)

sys.path.insert(0, str(ROOT / "examples"))


def _times(trains):
    return [np.asarray(st.times.magnitude).tolist() for st in trains]


def test_synfire_example_is_bit_identical(loopback):
    import synfire
    board = loopback.start()
    vm_trains, vm_report = loopback.on_vm(synfire.build_and_run, n_groups=6, run_ms=200.0)
    b_trains, b_report = loopback.on_board(board, synfire.build_and_run, n_groups=6,
                                           run_ms=200.0)
    assert [_times(g) for g in b_trains] == [_times(g) for g in vm_trains]
    assert sum(len(t) for g in vm_trains for t in _times(g)) > 1000   # the chain ran
    assert b_report["dropped_packets"] == vm_report["dropped_packets"] == 0
    assert b_report["populations"] == vm_report["populations"]   # counters via the tables
    assert set(b_report["routers"]) >= {"0,0"}                     # router diagnostics
    assert all(d["dropped_multicast"] == 0 for d in b_report["routers"].values())


def _delays_poisson_chips():
    """Poisson and array sources, delays up to 25 ms (delay extensions), > 17 cores (so
    several chips), v and spikes recorded, two runs, a parameter change, reset, a run."""
    sim.setup(timestep=1.0)
    noise = sim.Population(40, sim.SpikeSourcePoisson(rate=60.0), label="noise")
    kick = sim.Population(5, sim.SpikeSourceArray(spike_times=[[3.0, 40.0]] * 5), label="kick")
    pops = [sim.Population(30, sim.IF_curr_exp(tau_syn_E=2.0), label=f"p{i}") for i in range(4)]
    rng = sim.NumpyRNG(seed=7)
    for i, pop in enumerate(pops):
        pop.set_max_atoms_per_core(5)
        pop.record(["spikes", "v"])
        sim.Projection(noise, pop, sim.FixedProbabilityConnector(0.3, rng=rng),
                       sim.StaticSynapse(weight=0.6, delay=1.0 + 6 * i))
        sim.Projection(kick, pop, sim.AllToAllConnector(),
                       sim.StaticSynapse(weight=1.5, delay=25.0 - 5 * i))
    sim.Projection(pops[0], pops[1], sim.FixedProbabilityConnector(0.2, rng=rng),
                   sim.StaticSynapse(weight=0.4, delay=17.0))
    out = []
    sim.run(40.0)
    sim.run(35.0)
    out.append([(_times(p.get_data("spikes").segments[-1].spiketrains),
                 np.asarray(p.get_data("v").segments[-1].analogsignals[0]).tolist())
                for p in pops])
    pops[2].set(tau_m=8.0)
    sim.run(20.0)
    out.append([_times(p.get_data("spikes").segments[-1].spiketrains) for p in pops])
    sim.reset()
    sim.run(60.0)
    out.append([(_times(p.get_data("spikes").segments[-1].spiketrains),
                 np.asarray(p.get_data("v").segments[-1].analogsignals[0]).tolist())
                for p in pops])
    from spynnaker_backend.pynn.simulator import state
    chips = {(p.x, p.y) for p in state.mapping.placements.by_vertex.values()}
    sim.end()
    return out, chips


def test_delays_poisson_several_chips_multirun_reset(loopback):
    board = loopback.start()
    vm, vm_chips = loopback.on_vm(_delays_poisson_chips)
    on_board, chips = loopback.on_board(board, _delays_poisson_chips)
    assert len(chips) >= 2
    assert sum(len(t) for pop in vm[0] for t in pop[0]) > 50
    assert on_board == vm


def _small_net(run_ms=50.0):
    sim.setup(timestep=1.0)
    src = sim.Population(10, sim.SpikeSourceArray(spike_times=[[2.0, 9.0, 20.0]] * 10))
    pop = sim.Population(20, sim.IF_curr_exp(), label="pop")
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=3.0))
    pop.record("spikes")
    sim.run(run_ms)
    trains = _times(pop.get_data("spikes").segments[0].spiketrains)
    from spynnaker_backend.pynn.simulator import state
    used = {(p.x, p.y, p.p) for p in state.mapping.placements.by_vertex.values()}
    machine = state.mapping.machine
    sim.end()
    return trains, used, machine


def test_dead_parts_and_down_chips_are_avoided(loopback):
    board = loopback.start(dead_chips=[(1, 1)], dead_cores=[(0, 0, 1), (0, 0, 2)],
                           dead_links=[(0, 0, 0)])
    vm_trains, _, _ = loopback.on_vm(_small_net)
    trains, used, machine = loopback.on_board(board, _small_net, extra_cfg="down_chips = 7,7\n")
    assert trains == vm_trains and sum(map(len, trains)) > 0
    assert (1, 1) not in machine.chips and (7, 7) not in machine.chips
    assert 1 not in machine.chips[0, 0].processors and 2 not in machine.chips[0, 0].processors
    assert 0 not in machine.chips[0, 0].links and 3 not in machine.chips[1, 0].links
    assert not any((x, y, p) in used for x, y, p in [(0, 0, 1), (0, 0, 2)])


def test_a_four_chip_version_3_board(loopback):
    board = loopback.start(version=3)
    vm_trains, _, _ = loopback.on_vm(_small_net)
    trains, _, machine = loopback.on_board(board, _small_net)
    assert len(machine.chips) == 4 and trains == vm_trains


def test_the_board_is_stopped_at_end(loopback):
    board = loopback.start()
    loopback.on_board(board, _small_net)
    # AppStop freed every core and all SDRAM of the application
    chips = board.board.chips.values()
    assert all(chip.state(p) == 15 for chip in chips for p in chip.live_cores if p)
    assert all(not chip.heap.blocks for chip in chips)
    assert all(not chip.router for chip in chips)


def _stop_early():
    sim.setup(timestep=1.0)
    src = sim.Population(4, sim.SpikeSourceArray(spike_times=[[30.0]] * 4))
    pop = sim.Population(10, sim.IF_curr_exp(), label="pop")
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=5.0, delay=2.0))
    pop.record(["spikes", "v"])
    pop.stop_condition = "spike"
    sim.run(100.0)
    t = sim.get_current_time()
    v = np.asarray(pop.get_data("v").segments[0].analogsignals[0]).tolist()
    sim.end()
    return t, v


def test_a_stop_condition_ends_the_run_at_the_same_tick(loopback):
    board = loopback.start()
    vm = loopback.on_vm(_stop_early)
    assert 30.0 < vm[0] < 100.0
    assert loopback.on_board(board, _stop_early) == vm


def test_three_boards_of_a_triad(loopback):
    board = loopback.start(width=12, height=12)
    assert len(board.ips) == 3
    vm_trains, _, _ = loopback.on_vm(_small_net)
    trains, _, machine = loopback.on_board(board, _small_net)
    assert trains == vm_trains
    assert len(machine.chips) == 144 and len(machine.boards) == 3 and machine.wrap_around

"""Packets whose row has no synapse are counted exactly as the board counts them: every
packet received, 100 cycle-equivalents for each row the board would DMA (it has no
connectivity bitfield), no synaptic event; over runs, after Projection.set (the cores start
again) and with 1 or 2 host threads.  The figures are hand-computed from the counters'
definitions (runtime.h, neuron_core_impl.h: a tick costs 500 + 60 per neuron + 20 per spike,
a row 100 + 8 per synapse).  (Any engine that skips such rows -- branch rows9-filter learnt
them per thread and only counted them -- must keep these figures.)"""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.pynn import simulator

N_SOURCES, N_POST, TIMES = 8, 4, [2.0, 7.0, 12.0, 17.0, 26.0, 33.0]
CONNECTED = [(0, 0), (0, 1), (3, 2), (6, 3), (6, 0)]   # sources 1, 2, 4, 5, 7: empty rows


def _post_counters():
    """The summed counters of the post population's cores."""
    mapping = simulator.state.mapping
    counters = simulator.state.device.counters()
    total = {}
    for mv, placement in mapping.placements.by_vertex.items():
        if mv.kind == "neuron" and mv.label.startswith("post"):
            for name, value in counters[(placement.x, placement.y, placement.p)].items():
                total[name] = total.get(name, 0) + value
    return total


@pytest.mark.parametrize("threads", [1, 2])
def test_empty_rows_are_counted_as_the_board_counts_them(threads):
    sim.setup(timestep=1.0, threads=threads)
    src = sim.Population(N_SOURCES, sim.SpikeSourceArray(spike_times=TIMES), label="src")
    post = sim.Population(N_POST, sim.IF_curr_exp(), label="post")
    post.record(["spikes", "v"])
    proj = sim.Projection(src, post, sim.FromListConnector(CONNECTED),
                          sim.StaticSynapse(weight=0.2, delay=1.0))
    sim.run(20.0)
    first = _post_counters()
    sim.run(20.0)   # (what was learnt in the first run is used)
    second = _post_counters()
    data = post.get_data()
    v = data.segments[0].filter(name="v")[0].magnitude
    spikes = sum(len(s) for s in data.segments[0].spiketrains)
    proj.set(weight=0.3)   # rewrites the matrix: the cores start again, what was learnt goes
    sim.run(20.0)
    third = _post_counters()
    sim.end()
    assert spikes == 0   # (so the timer's cycles are 500 + 60 per neuron a tick)
    for counters, n_times, n_ticks in ((first, 4, 20), (second, len(TIMES), 40),
                                       (third, 4, 20)):
        packets = N_SOURCES * n_times
        events = len(CONNECTED) * n_times
        assert counters["packets_received"] == packets
        assert counters["synaptic_events"] == events
        assert counters["pop_table_misses"] == 0
        assert counters["total_cycles"] == (n_ticks * (500 + 60 * N_POST) + 100 * packets
                                            + 8 * events)
    # the inputs did arrive: neuron 2 (source 3 only) rose above rest
    assert v[:, 2].max() > v[0, 2] + 0.03

"""The board's time convention and recorded values, against board-measured figures from
sPyNNaker's public integration tests and against the board's published algorithm.

References:

* sPyNNaker's synfire tests (p7_integration_tests/scripts/synfire_run.py and the tests that use
  it): a ring of IF_curr_exp cells (cm 0.25 nF, tau_m 20 ms, tau_syn 5 ms, tau_refrac 2 ms,
  v_rest -65, v_reset -70, v_thresh -50 mV), weight 2 nA, one SpikeSourceArray spike at 0 ms
  into cell 0 with delay 1 ms, dt 1 ms; boards recorded 263 spikes in 5000 ms with ring delay
  17 ms and 333 spikes in 1000 ms with ring delay 1 ms.
* the board's tick (neuron_impl_standard.h, c_main.c, synapse_types_exponential_impl.h): in
  tick k the input that arrived for slot k is added to the synaptic state, scaled by
  init = tau_syn/dt (1 - exp(-dt/tau_syn)); v and the synaptic state are recorded; the
  membrane is updated, the threshold checked (a spike stamped k dt, sent, landing in slot
  k + d of its targets); the synaptic state decays.  A SpikeSourceArray sends a spike at
  t ms in tick t/dt and records it at t.
"""
import numpy as np
import pytest

import pyNN.spiNNaker as sim

SYNFIRE_CELL = {"cm": 0.25, "i_offset": 0.0, "tau_m": 20.0, "tau_refrac": 2.0,
                "tau_syn_E": 5.0, "tau_syn_I": 5.0, "v_reset": -70.0, "v_rest": -65.0,
                "v_thresh": -50.0}
WEIGHT = 2.0


def synfire(n, delay, runtime, record=("spikes",)):
    sim.setup(timestep=1.0, min_delay=1.0, max_delay=144.0)
    ring = sim.Population(n, sim.IF_curr_exp(**SYNFIRE_CELL), label="ring")
    ring.set_max_atoms_per_core(n // 2)
    stim = sim.Population(1, sim.SpikeSourceArray(spike_times=[0.0]), label="stim")
    sim.Projection(ring, ring, sim.FromListConnector(
        [(i, (i + 1) % n, WEIGHT, delay) for i in range(n)]))
    sim.Projection(stim, ring, sim.FromListConnector([(0, 0, WEIGHT, 1.0)]))
    ring.record(list(record))
    stim.record("spikes")
    sim.run(runtime)
    seg = ring.get_data().segments[0]
    stim_spikes = np.asarray(stim.get_data().segments[0].spiketrains[0], float)
    return seg, stim_spikes


def board_latency_ticks(cell, weight, dt=1.0):
    """Ticks from a single exponential input's arrival tick to the tick whose update crosses
    threshold, by the board's published LIF algorithm in float64 (input scaled by init on
    arrival, v <- alpha - exp(-dt/tau_m) (alpha - v) with alpha = v_rest + R i, then the
    threshold, then the current decays)."""
    tau_m, tau_s = cell["tau_m"], cell["tau_syn_E"]
    r = tau_m / cell["cm"]
    init = tau_s / dt * (1.0 - np.exp(-dt / tau_s))
    v, i = cell["v_rest"], weight * init
    for k in range(100):
        alpha = cell["v_rest"] + r * i
        v = alpha - np.exp(-dt / tau_m) * (alpha - v)
        if v >= cell["v_thresh"]:
            return k
        i *= np.exp(-dt / tau_s)
    raise AssertionError("no spike")


def spikes_by_time(seg):
    return sorted((float(t), i) for i, st in enumerate(seg.spiketrains) for t in st)


def test_synfire_ring_advances_one_cell_every_delay_plus_two_ticks():
    seg, stim = synfire(200, 17.0, 5000.0)
    sim.end()
    spikes = spikes_by_time(seg)
    # the board's figure for this script
    assert len(spikes) == 263
    # the stimulus sent and recorded at 0 ms; it enters cell 0 in tick 1 (delay 1), which
    # crosses `latency` updates later; each hop takes the delay plus the same latency
    np.testing.assert_array_equal(stim, [0.0])
    latency = board_latency_ticks(SYNFIRE_CELL, WEIGHT)
    assert latency == 2
    expected = [(1.0 + latency + (17.0 + latency) * k, k % 200) for k in range(263)]
    assert spikes == expected       # 3 + 19 k ms: cell k


def test_synfire_ring_with_one_tick_delays():
    seg, _ = synfire(200, 1.0, 1000.0)
    sim.end()
    spikes = spikes_by_time(seg)
    assert len(spikes) == 333      # the board's figure (3 + 3 k ms for k < 333)
    assert spikes[:3] == [(3.0, 0), (6.0, 1), (9.0, 2)]


def test_recorded_current_is_the_init_scaled_input_then_decays():
    """A weight-2 nA exponential input reads 2 init = 1.8127 nA in its arrival tick, then
    decays by exp(-dt/tau_syn) per tick."""
    seg, _ = synfire(4, 17.0, 12.0, record=("spikes", "gsyn_exc", "v"))
    sim.end()
    isyn = np.asarray(seg.filter(name="gsyn_exc")[0])[:, 0]
    t = np.arange(len(isyn)) * 1.0
    init = 5.0 * (1.0 - np.exp(-1.0 / 5.0))
    expected = np.where(t >= 1.0, WEIGHT * init * np.exp(-(t - 1.0) / 5.0), 0.0)
    assert isyn[1] == pytest.approx(1.8127, abs=1e-4)
    # s16.15 state: each tick's decay rounds to 2^-15 nA
    np.testing.assert_allclose(isyn, expected, atol=4 * 2.0 ** -15)
    # v is recorded as it entered the tick: untouched in the arrival tick
    v = np.asarray(seg.filter(name="v")[0])[:, 0]
    assert v[0] == v[1] == -65.0 and v[2] > -65.0


# The board's recorded v trace and its integer algorithm: test_board_arithmetic.py.


def test_spike_source_array_spike_at_zero_is_recorded_at_zero():
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[0.0, 5.0], [3.0]]))
    src.record("spikes")
    sim.run(10.0)
    trains = src.get_data().segments[0].spiketrains
    sim.end()
    np.testing.assert_array_equal(np.asarray(trains[0], float), [0.0, 5.0])
    np.testing.assert_array_equal(np.asarray(trains[1], float), [3.0])


@pytest.mark.parametrize("celltype", ["IF_curr_delta", "Izhikevich"])
def test_recorded_delta_input_is_the_input_of_its_arrival_tick(celltype):
    """A delta synapse records, as the board does (its input value is added in the arrival
    tick, recorded, applied, then zeroed by the shaping at the tick's end), each tick's
    input: a spike sent at 3 ms over 2 ms reads w in tick 5 and 0 elsewhere; two spikes
    arriving in one tick add; inhibitory inputs read their magnitude."""
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[3.0, 6.0], [6.0]]))
    cell = sim.Population(1, getattr(sim, celltype)())
    sim.Projection(src, cell, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=0.75, delay=2.0), receptor_type="excitatory")
    sim.Projection(src[0:1], cell, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=0.5, delay=4.0), receptor_type="inhibitory")
    cell.record(["gsyn_exc", "gsyn_inh"])
    sim.run(12.0)
    seg = cell.get_data().segments[0]
    exc = np.asarray(seg.filter(name="gsyn_exc")[0])[:, 0]
    inh = np.asarray(seg.filter(name="gsyn_inh")[0])[:, 0]
    sim.end()
    assert len(exc) == len(inh) == 13   # samples at 0, 1, ..., 12 ms
    expected_exc, expected_inh = np.zeros(13), np.zeros(13)
    expected_exc[3 + 2] = 0.75            # source 0 at 3 ms
    expected_exc[6 + 2] = 2 * 0.75        # both sources at 6 ms
    expected_inh[3 + 4] = expected_inh[6 + 4] = 0.5
    np.testing.assert_array_equal(exc, expected_exc)
    np.testing.assert_array_equal(inh, expected_inh)

"""sPyNNaker's ring-buffer headroom settings per population: 300 inputs of 0.5 nA arriving in
the same timestep sum to 150 nA, above the 128 nA the default weight scaling of this
population covers (it keeps 8 bits for the median weight instead of the worst case); the run
says so and names the fix, and with 'spikes_per_second' raised the whole volley arrives."""
import numpy as np
import pytest
import pyNN.spiNNaker as sim

from spynnaker_backend.readback.run_report import LossError

N_SOURCES, WEIGHT = 300, 0.5


def _volley(additional_parameters=None, allow_losses=False):
    sim.setup(timestep=0.1, allow_losses=allow_losses)
    src = sim.Population(N_SOURCES, sim.SpikeSourceArray(spike_times=[[1.0]] * N_SOURCES))
    target = sim.Population(1, sim.IF_curr_exp(v_thresh=1000.0, tau_syn_E=5.0),
                            label="target", additional_parameters=additional_parameters)
    sim.Projection(src, target, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=WEIGHT, delay=1.0))
    target.record("v")
    sim.run(10.0)
    report = sim.get_run_report()
    v = np.asarray(target.get_data().segments[0].filter(name="v")[0]).ravel()
    sim.end()
    return report, v


def test_default_headroom_saturates_and_the_error_names_the_fix():
    with pytest.raises(LossError, match=r"population 'target': \d+ synaptic inputs saturated"
                                        r".*spikes_per_second"):
        _volley()


def test_more_spikes_per_second_delivers_the_whole_volley():
    clipped_report, clipped = _volley(allow_losses=True)
    report, v = _volley({"spikes_per_second": 10000})
    assert clipped_report["populations"]["target"]["ring_saturations"] > 0
    assert report["populations"]["target"]["ring_saturations"] == 0
    # the membrane's peak excursion grows with the input actually delivered: 150 nA against
    # the at most 128 nA that fitted the default scaling
    rest = v[0]
    ratio = (v.max() - rest) / (clipped.max() - rest)
    assert ratio == pytest.approx(150.0 / 128.0, rel=0.01)


@pytest.mark.parametrize("value", [0, -5, "fast", float("nan"), float("inf")])
def test_bad_headroom_names_the_population(value):
    sim.setup(timestep=0.1)
    with pytest.raises(ValueError, match=r"population 'p': additional_parameters"
                                         r"\['ring_buffer_sigma'\] must be a positive"):
        sim.Population(2, sim.IF_curr_exp(), label="p",
                       additional_parameters={"ring_buffer_sigma": value})
    sim.end()


def test_a_poisson_source_firing_twice_in_a_tick_fits_the_scaling():
    """One Poisson source (30 Hz, dt 1 ms) into one neuron with weight 3 nA: the source can
    fire twice in one tick (the board's multi-spike sources), so one spike per source per
    tick is no bound: the ring buffer must hold 2 x 3 nA = 6 nA, i.e. a shift of at least 2
    (65535 x 2^(2-15) nA = 8 nA), and the run sees no saturation."""
    sim.setup(timestep=1.0)
    src = sim.Population(1, sim.SpikeSourcePoisson(rate=30.0), seed=3)
    target = sim.Population(1, sim.IF_curr_exp(), label="target")
    sim.Projection(src, target, sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0))
    src.record("spikes")
    sim.run(2000.0)
    times = np.asarray(src.get_data("spikes").segments[0].spiketrains[0])
    from spynnaker_backend.pynn.simulator import state
    shift = state.mapping.synapses.shifts[target._vertex][0]
    report = sim.get_run_report()
    sim.end()
    assert len(times) > len(np.unique(times)), "the seed must give a tick with two spikes"
    assert 65535 * 2.0 ** (shift - 15) >= 2 * 3.0
    assert report["populations"]["target"]["ring_saturations"] == 0

"""Population extensions computed on the cores: firing rate 'r', stop_condition, sum(target),
clear().  Each is checked against an independent computation (recorded spikes, the closed-
form membrane equation, the exact synaptic current)."""
import numpy as np
import pytest

import pyNN.spiNNaker as sim

DT = 0.1


def driven(n=3, amplitude=1.0, **params):
    pop = sim.Population(n, sim.IF_curr_exp(tau_refrac=2.0, **params))
    pop.inject(sim.DCSource(amplitude=amplitude))
    return pop


def test_firing_rate_equals_spike_count_in_window():
    sim.setup(timestep=DT)
    pop = driven(n=2, amplitude=2.0)
    pop.compute_firing_rate(25.0)
    pop.record(["spikes", "r"])
    sim.run(200.0)
    seg = pop.get_data().segments[0]
    r = np.asarray(seg.filter(name="r")[0])
    now = pop.firing_rate()
    trains = [np.asarray(st) for st in seg.spiketrains]
    sim.end()
    assert len(trains[0]) > 10
    # r sampled at t (start of tick t/dt) counts spikes stamped in (t - window, t]
    for k in (100, 523, 1370, 2000):
        t = k * DT
        expected = [np.sum((st > t - 25.0 + 1e-9) & (st <= t + 1e-9)) * 1000.0 / 25.0
                    for st in trains]
        np.testing.assert_allclose(r[k], expected)
    end = [np.sum(st > 200.0 - 25.0 + 1e-9) * 1000.0 / 25.0 for st in trains]
    np.testing.assert_allclose(now, end)


def test_stop_condition_on_v_ends_the_run_where_the_membrane_equation_says():
    sim.setup(timestep=DT)
    pop = sim.Population(2, sim.IF_curr_exp(), stop_condition="v > -55.0")
    pop[1:2].inject(sim.DCSource(amplitude=0.8))
    t_end = sim.run(1000.0)
    # v(t) = -65 + 16 (1 - exp(-t/20)) crosses -55 at t = -20 ln(1 - 10/16)
    t_cross = -20.0 * np.log(1 - 10.0 / 16.0)
    assert t_end == pytest.approx(np.ceil(t_cross / DT - 1e-9) * DT)
    assert sim.get_current_time() == pytest.approx(t_end)
    sim.end()


def test_stop_condition_spike_returns_first_spike_time():
    sim.setup(timestep=DT)
    pop = driven(n=1, amplitude=1.0)
    pop.stop_condition = "spike"
    pop.record("spikes")
    t_end = sim.run(500.0)
    first = float(pop.get_data().segments[0].spiketrains[0][0])
    # the run ends with the tick that fired, stamped first: at its end
    assert t_end == pytest.approx(first + DT)
    pop.stop_condition = None
    assert sim.run(50.0) == pytest.approx(first + DT + 50.0)   # runs on when removed
    sim.end()


def test_sum_is_the_synaptic_input_now():
    sim.setup(timestep=DT)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    pop = sim.Population(2, sim.IF_curr_exp(tau_syn_E=5.0, tau_syn_I=5.0))
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=1.0))
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=1.0),
                   receptor_type="inhibitory")
    assert np.all(pop.sum("exc") == 0.0)
    sim.run(20.0)
    # the current jumped at 11 ms by the weight times the board's init factor (the mean of
    # exp(-t/tau) over one tick) and decayed exactly for 9 ms
    init = 5.0 / DT * (1.0 - np.exp(-DT / 5.0))
    # the board's decay truncates: < 1 LSB (2^-15 nA) lost per tick, plus 1 in the init product
    lsb_bound = (9.0 / DT + 1) * 2.0 ** -15
    np.testing.assert_allclose(pop.sum("exc"), 2.0 * init * np.exp(-9.0 / 5.0), atol=lsb_bound)
    np.testing.assert_allclose(pop.sum("inh"), 0.5 * init * np.exp(-9.0 / 5.0), atol=lsb_bound)
    with pytest.raises(ValueError, match="target"):
        pop.sum("gaba")
    sim.end()


@pytest.mark.parametrize("delay", [1.0, 8.0])   # in the ring buffer / in a delay extension
def test_clear_drops_spikes_in_flight(delay):
    sim.setup(timestep=DT)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[4.5]))
    pop = sim.Population(1, sim.IF_curr_exp())
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=20.0,
                                                                       delay=delay))
    pop.record(["spikes", "v"])
    src.record("spikes")
    sim.run(5.0)                      # the spike is sent, not yet arrived
    (pop if delay == 1.0 else src).clear()
    sim.run(20.0)
    seg = pop.get_data().segments[0]
    assert len(seg.spiketrains[0]) == 0
    assert np.all(np.asarray(seg.filter(name="v")[0]) == -65.0)
    sim.end()


def test_without_clear_the_same_spikes_arrive():
    sim.setup(timestep=DT)
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[4.5]))
    pop = sim.Population(1, sim.IF_curr_exp())
    sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=20.0, delay=8.0))
    pop.record("spikes")
    sim.run(5.0)
    sim.run(20.0)
    assert len(pop.get_data().segments[0].spiketrains[0]) >= 1
    sim.end()

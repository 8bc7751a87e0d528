"""The set-up the bit-for-bit board tests share: eight LIF-family neurons with random
constants, twenty excitatory and twenty inhibitory sources of random spikes and weights
(delay one tick), the same network on the virtual machine, and the exact comparisons.

The board's integer algorithms themselves stay in each test file: this module only drives
and reads the cells."""
import numpy as np

import pyNN.spiNNaker as sim


def lif_params(rng, n, dt, defaults, **ranges):
    """Per-neuron constants: ``defaults`` with v_reset -70 mV and a 3-tick refractory period,
    then tau_m and cm drawn, then each of ``ranges`` (name=(low, high)) drawn uniformly in
    the order given, then an i_offset just below or above threshold."""
    params = {k: np.full(n, v) for k, v in dict(defaults, v_reset=-70.0,
                                                tau_refrac=3.0 * dt).items()}
    params["tau_m"] = rng.uniform(8.0, 30.0, n)
    params["cm"] = rng.choice([0.25, 0.5, 1.0], n)
    for name, (low, high) in ranges.items():
        params[name] = rng.uniform(low, high, n)
    params["i_offset"] = rng.uniform(0.3, 0.9, n) / params["tau_m"] * 20.0 * params["cm"]
    return params


def random_inputs(rng, ticks, n_src, n, p_spike, unit=1.0 / 64.0):
    """Spike trains per source (tick indices) and per-connection weights, whole multiples of
    ``unit`` from 1 to 64 of them (1/64 nA is exact in any ring-buffer scaling up to 2^9 nA
    per slot)."""
    trains = [np.flatnonzero(rng.random(ticks - 2) < p_spike) for _ in range(n_src)]
    w = rng.integers(1, 65, size=(n_src, n)) * unit
    return trains, w


def tick_inputs(trains, weights, ticks, n):
    """[ticks, n] input each neuron receives per tick (one tick of delay)."""
    inputs = np.zeros((ticks, n))
    for train, w in zip(trains, weights):
        inputs[train + 1] += w
    return inputs


def run_driven(cell_type, params, dt, ticks, exc, w_e, inh, w_i, record):
    """The cells driven by the trains over one-tick delays; the recorded segment."""
    n = len(next(iter(params.values())))
    sim.setup(timestep=dt)
    pop = sim.Population(n, cell_type(**{k: list(v) for k, v in params.items()}))
    for trains, w, rec in ((exc, w_e, "excitatory"), (inh, w_i, "inhibitory")):
        src = sim.Population(len(trains), sim.SpikeSourceArray(
            spike_times=[list(t * dt) for t in trains]))
        conns = [(a, b, w[a, b], dt) for a in range(len(trains)) for b in range(n)]
        sim.Projection(src, pop, sim.FromListConnector(conns), receptor_type=rec)
    pop.record(list(record) + ["spikes"])
    sim.run(ticks * dt)
    seg = pop.get_data().segments[0]
    sim.end()
    return seg


def assert_equal_to_board(seg, dt, ticks, traces, ref_spikes):
    """Every recorded trace (name -> [ticks, n] reference) and every spike tick equal."""
    for name, ref in traces.items():
        np.testing.assert_array_equal(np.asarray(seg.filter(name=name)[0])[:ticks], ref,
                                      err_msg=name)
    for j, train in enumerate(seg.spiketrains):
        np.testing.assert_array_equal(np.round(np.asarray(train) / dt).astype(int),
                                      ref_spikes[j])

"""PyNN scripts with plastic synapses that run unchanged on pyNN.nest and pyNN.spiNNaker.

Like :mod:`.protocols`: each function takes the simulator module, calls ``sim.setup`` and
``sim.end`` itself and returns plain numpy arrays.
"""
import numpy as np

from .protocols import setup

#: The post cells of the STDP window: a long refractory period, so that one strong teacher
#: input gives exactly one spike per pairing whatever the plastic input adds.
WINDOW_CELL = dict(cm=1.0, tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0,
                   tau_refrac=30.0, tau_syn_E=5.0, tau_syn_I=5.0)


def _weight_dependence(sim, kind, w_min, w_max, mu_plus=0.5, mu_minus=0.5):
    if kind == "additive":
        return sim.AdditiveWeightDependence(w_min=w_min, w_max=w_max)
    if kind == "multiplicative":
        return sim.MultiplicativeWeightDependence(w_min=w_min, w_max=w_max)
    if kind == "additive_potentiation_multiplicative_depression":
        return sim.AdditivePotentiationMultiplicativeDepression(w_min=w_min, w_max=w_max)
    if kind == "gutig":
        return sim.GutigWeightDependence(w_min=w_min, w_max=w_max, mu_plus=mu_plus,
                                         mu_minus=mu_minus)
    raise ValueError(kind)


def stdp_window(sim, weight_dependence="additive", w_max=0.5, w_init=0.25, A_plus=0.01,
                A_minus=0.012, tau_plus=16.8, tau_minus=33.7, delay=1.0, n_pairings=12,
                period=400.0, differences=tuple(range(-50, 51)), receptor="excitatory",
                dt=1.0, mu_plus=0.5, mu_minus=0.5):
    """Final weight against pre/post spike-time difference.

    Connection i pairs pre neuron i with post neuron i ``n_pairings`` times, ``period`` ms
    apart: a teacher (one source, a strong static synapse onto every post cell) makes all
    post cells fire once per pairing; pre neuron i fires ``differences[i]`` ms before that
    teacher-driven spike is due.  A last pre spike 300 ms after the last pairing applies the
    deferred potentiation of the last post spike (both simulators apply it only at the next
    pre spike).  The differences are then measured from the recorded spikes.

    Returns pre and post spike times per connection (ms) and the final weights (nA).
    """
    setup(sim, timestep=dt, min_delay=dt, max_delay=max(10.0, delay))
    n = len(differences)
    post = sim.Population(n, sim.IF_curr_exp(**WINDOW_CELL), label="post")
    onsets = 100.0 + period * np.arange(n_pairings)
    teacher = sim.Population(1, sim.SpikeSourceArray(spike_times=onsets), label="teacher")
    flush = onsets[-1] + 300.0
    pre_times = [np.append(onsets + 2.0 - d, flush) for d in differences]
    pre = sim.Population(n, sim.SpikeSourceArray(spike_times=pre_times), label="pre")
    sim.Projection(teacher, post, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=40.0, delay=1.0), receptor_type="excitatory")
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=tau_plus, tau_minus=tau_minus,
                                            A_plus=A_plus, A_minus=A_minus),
        weight_dependence=_weight_dependence(sim, weight_dependence, 0.0, w_max, mu_plus,
                                             mu_minus),
        weight=w_init, delay=delay, dendritic_delay_fraction=1.0)
    proj = sim.Projection(pre, post, sim.OneToOneConnector(), stdp, receptor_type=receptor)
    pre.record("spikes")
    post.record("spikes")
    sim.run(flush + 20.0)
    weights = np.array(proj.get("weight", format="array")).diagonal().copy()
    out = {"weights": np.abs(weights),
           "pre": [np.asarray(st.magnitude, float) for st in
                   pre.get_data("spikes").segments[0].spiketrains],
           "post": [np.asarray(st.magnitude, float) for st in
                    post.get_data("spikes").segments[0].spiketrains]}
    sim.end()
    return out


def tsodyks_markram_train(sim, U=0.5, tau_rec=800.0, tau_facil=0.0, weight=0.01,
                          rate=20.0, n_spikes=10, dt=0.1):
    """A regular train through a TsodyksMarkramSynapse onto an IF_cond_exp cell that does
    not fire; returns the recorded excitatory conductance (uS) and the spike times."""
    setup(sim, timestep=dt, min_delay=1.0, max_delay=10.0)
    times = 50.0 + np.arange(n_spikes) * 1000.0 / rate
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=times), label="pre")
    post = sim.Population(1, sim.IF_cond_exp(tau_syn_E=5.0, v_thresh=10.0), label="post")
    syn = sim.TsodyksMarkramSynapse(U=U, tau_rec=tau_rec, tau_facil=tau_facil,
                                    weight=weight, delay=1.0)
    proj = sim.Projection(pre, post, sim.AllToAllConnector(), syn,
                          receptor_type="excitatory")
    post.record("gsyn_exc")
    sim.run(times[-1] + 100.0)
    sig = post.get_data("gsyn_exc").segments[0].analogsignals[0]
    out = {"t": np.asarray(sig.times.magnitude, float),
           "g": np.asarray(sig.magnitude, float)[:, 0], "spikes": times,
           "U": np.array(proj.get("U", format="list"), float)}
    sim.end()
    return out


def tsodyks_markram_per_connection(sim, weight=0.01, rate=20.0, n_spikes=10, dt=0.1):
    """Two connections of one projection with their own U, tau_rec and tau_facil (a
    FromListConnector's columns): 0 -> 0 depressing, 1 -> 1 facilitating; returns the
    recorded excitatory conductance of both cells and the parameters read back."""
    setup(sim, timestep=dt, min_delay=1.0, max_delay=10.0)
    times = 50.0 + np.arange(n_spikes) * 1000.0 / rate
    pre = sim.Population(2, sim.SpikeSourceArray(spike_times=times), label="pre")
    post = sim.Population(2, sim.IF_cond_exp(tau_syn_E=5.0, v_thresh=10.0), label="post")
    conns = [(0, 0, weight, 1.0, 0.5, 800.0, 0.0), (1, 1, weight, 1.0, 0.04, 100.0, 1000.0)]
    proj = sim.Projection(pre, post, sim.FromListConnector(
        conns, column_names=["weight", "delay", "U", "tau_rec", "tau_facil"]),
        sim.TsodyksMarkramSynapse(), receptor_type="excitatory")
    post.record("gsyn_exc")
    sim.run(times[-1] + 100.0)
    sig = post.get_data("gsyn_exc").segments[0].analogsignals[0]
    out = {"t": np.asarray(sig.times.magnitude, float),
           "g": np.asarray(sig.magnitude, float), "spikes": times,
           "params": np.array(proj.get(["U", "tau_rec", "tau_facil"], format="list"), float)}
    sim.end()
    return out

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


def _pairing_network(sim, differences, n_pairings, period):
    """The cells of the pairing protocols: ``len(differences)`` post cells (WINDOW_CELL), a
    teacher source whose strong static synapse makes every post cell fire once per pairing
    (``n_pairings``, ``period`` ms apart from 100 ms), and pre source i firing
    ``differences[i]`` ms before each teacher-driven spike is due and once more 300 ms after
    the last pairing (``flush``: both simulators apply a post spike's potentiation at the
    next pre spike).  Returns (pre, post, flush)."""
    n = len(differences)
    post = sim.Population(n, sim.IF_curr_exp(**WINDOW_CELL), label="post")
    onsets = 100.0 + period * np.arange(n_pairings)
    teacher = sim.Population(1, sim.SpikeSourceArray(spike_times=onsets), label="teacher")
    flush = onsets[-1] + 300.0
    pre = sim.Population(n, sim.SpikeSourceArray(
        spike_times=[np.append(onsets + 2.0 - d, flush) for d in differences]), label="pre")
    sim.Projection(teacher, post, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=40.0, delay=1.0), receptor_type="excitatory")
    return pre, post, flush


def _record_and_run(sim, pre, post, flush):
    """Record both sides' spikes and run until just after the flush spike."""
    pre.record("spikes")
    post.record("spikes")
    sim.run(flush + 20.0)


def _spike_times(pre, post):
    """The recorded spike times of every pre and post cell (ms), as the protocols return."""
    return {"pre": [np.asarray(st.magnitude, float) for st in
                    pre.get_data("spikes").segments[0].spiketrains],
            "post": [np.asarray(st.magnitude, float) for st in
                     post.get_data("spikes").segments[0].spiketrains]}


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
                dt=1.0, mu_plus=0.5, mu_minus=0.5, backprop_delay=None,
                dendritic_delay_fraction=1.0):
    """Final weight against pre/post spike-time difference.

    Connection i pairs pre neuron i with post neuron i ``n_pairings`` times, ``period`` ms
    apart: a teacher (one source, a strong static synapse onto every post cell) makes all
    post cells fire once per pairing; pre neuron i fires ``differences[i]`` ms before that
    teacher-driven spike is due (``backprop_delay``: sPyNNaker's STDPMechanism keyword,
    passed when given; ``dendritic_delay_fraction`` PyNN's, 0.0: the delay is axonal).  A last pre spike 300 ms after the last pairing applies the
    deferred potentiation of the last post spike (both simulators apply it only at the next
    pre spike).  The differences are then measured from the recorded spikes.

    Returns pre and post spike times per connection (ms) and the final weights (nA).
    """
    setup(sim, timestep=dt, min_delay=dt, max_delay=max(10.0, delay))
    pre, post, flush = _pairing_network(sim, differences, n_pairings, period)
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=tau_plus, tau_minus=tau_minus,
                                            A_plus=A_plus, A_minus=A_minus),
        weight_dependence=_weight_dependence(sim, weight_dependence, 0.0, w_max, mu_plus,
                                             mu_minus),
        weight=w_init, delay=delay, dendritic_delay_fraction=dendritic_delay_fraction,
        **({} if backprop_delay is None else {"backprop_delay": backprop_delay}))
    proj = sim.Projection(pre, post, sim.OneToOneConnector(), stdp, receptor_type=receptor)
    _record_and_run(sim, pre, post, flush)
    weights = np.array(proj.get("weight", format="array")).diagonal().copy()
    out = {"weights": np.abs(weights),
           **_spike_times(pre, post)}
    sim.end()
    return out


def stdp_window_two_sets(sim, sets=({"A_plus": 0.01, "A_minus": 0.012, "tau_plus": 16.8,
                                     "w_max": 0.5},
                                    {"A_plus": 0.02, "A_minus": 0.006, "tau_plus": 30.0,
                                     "w_max": 0.8}),
                         w_init=0.25, tau_minus=33.7, delay=1.0, n_pairings=12,
                         period=400.0, differences=tuple(range(-50, 51))):
    """The additive STDP window of ``stdp_window`` with two parameter sets: connection i
    runs set (i // 4) % 2.  pyNN.spiNNaker: one projection whose FromListConnector gives A_plus,
    A_minus, tau_plus and w_max per connection; pyNN.nest: one projection per set (NEST's
    stdp_synapse takes them per projection through pyNN.nest).  tau_minus is the post
    cells' on NEST, so it is one number here.  Returns pre and post spike times per
    connection (ms), the final weights (nA) and each connection's set."""
    setup(sim, timestep=1.0, min_delay=1.0, max_delay=max(10.0, delay))
    n = len(differences)
    pre, post, flush = _pairing_network(sim, differences, n_pairings, period)
    # sets in blocks of four neighbouring differences: the simulators' recorded differences
    # may differ by a tick (docs/plasticity.md, "Time"), and each set keeps common ones
    which = (np.arange(n) // 4) % len(sets)

    def mechanism(p=None):
        p = p or {}
        return sim.STDPMechanism(
            timing_dependence=sim.SpikePairRule(
                tau_plus=p.get("tau_plus", 20.0), tau_minus=tau_minus,
                A_plus=p.get("A_plus", 0.01), A_minus=p.get("A_minus", 0.01)),
            weight_dependence=sim.AdditiveWeightDependence(w_min=0.0,
                                                           w_max=p.get("w_max", 1.0)),
            weight=w_init, delay=delay, dendritic_delay_fraction=1.0)
    names = ("A_plus", "A_minus", "tau_plus", "w_max")
    weights = np.zeros(n)
    if sim.__name__ == "pyNN.nest":
        projs = []
        for k, p in enumerate(sets):
            idx = np.flatnonzero(which == k)
            projs.append((idx, sim.Projection(pre, post, sim.FromListConnector(
                [(int(i), int(i)) for i in idx]), mechanism(p))))
    else:
        conns = [(i, i, w_init, delay) + tuple(sets[which[i]][m] for m in names)
                 for i in range(n)]
        projs = [(np.arange(n), sim.Projection(pre, post, sim.FromListConnector(
            conns, column_names=["weight", "delay"] + list(names)), mechanism()))]
    _record_and_run(sim, pre, post, flush)
    for idx, proj in projs:
        got = {(int(i), int(j)): w for i, j, w in proj.get("weight", format="list")}
        weights[idx] = [abs(got[(int(i), int(i))]) for i in idx]
    out = {"weights": weights, "set": which,
           **_spike_times(pre, post)}
    sim.end()
    return out


def _triplet_synapse(sim, p, w_max, weight, delay, nest_scale=1000.0):
    """The triplet rule: sPyNNaker's extra_models classes here; on pyNN.nest (which has no
    triplet rule) NEST's stdp_triplet_synapse with every amplitude times w_max (a step is
    A * w_max here, as for PyNN's additive rules; NEST's amplitudes are in weight units)."""
    if sim.__name__ == "pyNN.nest":
        s = w_max * nest_scale
        return sim.native_synapse_type("stdp_triplet_synapse")(
            weight=weight * nest_scale, delay=delay, tau_plus=p["tau_plus"],
            tau_plus_triplet=p["tau_x"], Aplus=p["A_plus"] * s, Aminus=p["A_minus"] * s,
            Aplus_triplet=p["A3_plus"] * s, Aminus_triplet=p["A3_minus"] * s, Wmax=s)
    from spynnaker.pyNN import extra_models
    return sim.STDPMechanism(
        timing_dependence=extra_models.PfisterSpikeTriplet(
            tau_plus=p["tau_plus"], tau_minus=p["tau_minus"], tau_x=p["tau_x"],
            tau_y=p["tau_y"], A_plus=p["A_plus"], A_minus=p["A_minus"]),
        weight_dependence=extra_models.WeightDependenceAdditiveTriplet(
            w_min=0.0, w_max=w_max, A3_plus=p["A3_plus"], A3_minus=p["A3_minus"]),
        weight=weight, delay=delay, dendritic_delay_fraction=1.0)


def triplet_window(sim, period=50.0, n_pairings=12, differences=tuple(range(-24, 25)),
                   delay=1.0, w_max=0.5, w_init=0.25, tau_plus=16.8, tau_minus=33.7,
                   tau_x=101.0, tau_y=125.0, A_plus=0.005, A_minus=0.007, A3_plus=0.0062,
                   A3_minus=0.00023):
    """The stdp_window protocol at a pairing rate where triplets matter (20 Hz by default),
    through the Pfister-Gerstner triplet rule; the post cells' tau_minus / tau_minus_triplet
    are set on NEST (its post traces are the archiving node's)."""
    setup(sim, timestep=1.0, min_delay=1.0, max_delay=max(10.0, delay))
    pre, post, flush = _pairing_network(sim, differences, n_pairings, period)
    params = dict(tau_plus=tau_plus, tau_minus=tau_minus, tau_x=tau_x, tau_y=tau_y,
                  A_plus=A_plus, A_minus=A_minus, A3_plus=A3_plus, A3_minus=A3_minus)
    proj = sim.Projection(pre, post, sim.OneToOneConnector(),
                          _triplet_synapse(sim, params, w_max, w_init, delay),
                          receptor_type="excitatory")
    if sim.__name__ == "pyNN.nest":   # after the projection: pyNN.nest resets tau_minus
        import nest
        nest.SetStatus(post.node_collection, {"tau_minus": tau_minus,
                                              "tau_minus_triplet": tau_y})
    _record_and_run(sim, pre, post, flush)
    out = {"weights": np.abs(np.array(proj.get("weight", format="array")).diagonal()),
           **_spike_times(pre, post)}
    sim.end()
    return out


def tsodyks_markram_train(sim, U=0.5, tau_rec=800.0, tau_facil=0.0, weight=0.01,
                          rate=20.0, n_spikes=10, dt=0.1, tau_syn_E=(5.0,)):
    """A regular train through a TsodyksMarkramSynapse onto IF_cond_exp cells that do not
    fire, one per ``tau_syn_E`` (the synapse's tau_psc); returns the recorded excitatory
    conductance (uS; [samples] for one cell, else [samples, cells]) and the spike times."""
    setup(sim, timestep=dt, min_delay=1.0, max_delay=10.0)
    times = 50.0 + np.arange(n_spikes) * 1000.0 / rate
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=times), label="pre")
    post = sim.Population(len(tau_syn_E), sim.IF_cond_exp(tau_syn_E=list(tau_syn_E),
                                                          v_thresh=10.0), label="post")
    syn = sim.TsodyksMarkramSynapse(U=U, tau_rec=tau_rec, tau_facil=tau_facil,
                                    weight=weight, delay=1.0)
    proj = sim.Projection(pre, post, sim.AllToAllConnector(), syn,
                          receptor_type="excitatory")
    post.record("gsyn_exc")
    sim.run(times[-1] + 100.0)
    sig = post.get_data("gsyn_exc").segments[0].analogsignals[0]
    g = np.asarray(sig.magnitude, float)
    out = {"t": np.asarray(sig.times.magnitude, float),
           "g": g[:, 0] if len(tau_syn_E) == 1 else g, "spikes": times,
           "U": np.array(proj.get("U", format="list"), float)}
    sim.end()
    return out


def _vogels_synapse(sim, tau, eta, rho, w_max, weight, delay, nest_scale, sign=1.0):
    """Vogels et al. (2011) inhibitory plasticity: PyNN's Vogels2011Rule here; on pyNN.nest
    (which has none) NEST's vogels_sprekeler_synapse with weight, eta and Wmax in NEST's
    units (pyNN.nest passes a native synapse's parameters as given, but negates an
    inhibitory conductance weight and not Wmax, PyNN#636: ``nest_scale`` NEST
    units per PyNN unit, ``sign`` the sign NEST gives the weight; reading back, pyNN.nest
    divides the weight by its own scale)."""
    if sim.__name__ == "pyNN.nest":
        return sim.native_synapse_type("vogels_sprekeler_synapse")(
            weight=weight * nest_scale, delay=delay, tau=tau, eta=eta * nest_scale,
            alpha=2.0 * rho * tau * 1e-3, Wmax=sign * w_max * nest_scale)
    return sim.STDPMechanism(
        timing_dependence=sim.Vogels2011Rule(tau=tau, eta=eta, rho=rho),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
        weight=weight, delay=delay, dendritic_delay_fraction=1.0)


def _post_trace_tau(sim, population, tau):
    """NEST's post trace decays with the target cells' tau_minus (not a PyNN parameter; set
    it after the projections: pyNN.nest resets it when it connects)."""
    if sim.__name__ == "pyNN.nest":
        import nest
        nest.SetStatus(population.node_collection, {"tau_minus": tau})


def vogels_window(sim, tau=20.0, eta=0.01, rho=3.0, w_max=0.5, w_init=0.25, delay=1.0,
                  n_pairings=12, period=400.0, differences=tuple(range(-50, 51)), dt=1.0):
    """The stdp_window protocol with Vogels2011Rule on an excitatory current synapse: final
    weight against pre/post spike-time difference (symmetric window minus alpha)."""
    setup(sim, timestep=dt, min_delay=dt, max_delay=max(10.0, delay))
    pre, post, flush = _pairing_network(sim, differences, n_pairings, period)
    proj = sim.Projection(pre, post, sim.OneToOneConnector(),
                          _vogels_synapse(sim, tau, eta, rho, w_max, w_init, delay, 1000.0),
                          receptor_type="excitatory")
    _post_trace_tau(sim, post, tau)
    _record_and_run(sim, pre, post, flush)
    weights = np.array(proj.get("weight", format="array")).diagonal().copy()
    out = {"weights": np.abs(weights),
           **_spike_times(pre, post)}
    sim.end()
    return out


def vogels_balance(sim, n_post=20, n_exc=200, n_inh=50, rate_exc=10.0, rate_inh=10.0,
                   p_conn=0.5, w_exc=0.15, w_inh=0.01, eta=0.002, rho=5.0, tau=20.0,
                   w_max=1.0, tstop=20000.0, bin_ms=1000.0, seed=20111):
    """Vogels et al. (2011) inhibitory plasticity balancing excitation: current-based cells
    driven by excitatory Poisson trains (static) and inhibitory ones through the plastic
    rule, weak inhibition at first.  The inputs are the same spike trains on every simulator
    (drawn here with numpy, on the 1 ms grid), and so is the connectivity.  (Current-based:
    pyNN.nest cannot give a conductance-based vogels_sprekeler_synapse a negative Wmax and
    a weight it negates itself, PyNN#636.)

    Returns the post rate per bin (Hz) and the mean inhibitory weight magnitude at the end
    (nA)."""
    setup(sim, timestep=1.0, min_delay=1.0, max_delay=10.0)
    rs = np.random.RandomState(seed)

    def trains(n, rate):
        out = []
        for _ in range(n):
            t = np.flatnonzero(rs.random_sample(int(tstop)) < rate * 1e-3).astype(float)
            out.append(t[t >= 2.0])   # pyNN.nest sends a spike at t - min_delay
        return out

    exc = sim.Population(n_exc, sim.SpikeSourceArray(spike_times=trains(n_exc, rate_exc)),
                         label="exc")
    inh = sim.Population(n_inh, sim.SpikeSourceArray(spike_times=trains(n_inh, rate_inh)),
                         label="inh")
    post = sim.Population(n_post, sim.IF_curr_exp(
        cm=1.0, tau_m=20.0, v_rest=-65.0, v_reset=-65.0, v_thresh=-50.0, tau_refrac=5.0,
        tau_syn_E=5.0, tau_syn_I=10.0), label="post")

    def pairs(n_pre):
        mask = rs.random_sample((n_pre, n_post)) < p_conn
        return [(int(i), int(j)) for i, j in zip(*np.nonzero(mask))]

    sim.Projection(exc, post, sim.FromListConnector(pairs(n_exc)),
                   sim.StaticSynapse(weight=w_exc, delay=1.0), receptor_type="excitatory")
    proj = sim.Projection(inh, post, sim.FromListConnector(pairs(n_inh)),
                          _vogels_synapse(sim, tau, eta, rho, w_max, -w_inh, 1.0, 1000.0,
                                          sign=-1.0),
                          receptor_type="inhibitory")
    _post_trace_tau(sim, post, tau)
    post.record("spikes")
    sim.run(tstop)
    spikes = np.concatenate([np.asarray(st.magnitude, float) for st in
                             post.get_data("spikes").segments[0].spiketrains])
    counts = np.histogram(spikes, bins=np.arange(0.0, tstop + bin_ms / 2, bin_ms))[0]
    out = {"rates": counts / (n_post * bin_ms * 1e-3),
           "w_inh": float(np.mean(np.abs(np.asarray(proj.get("weight", format="list"))[:, 2]))),
           "rho": rho}
    sim.end()
    return out


def stochastic_train(sim, p=0.3, n_post=100, n_spikes=400, delay=1.0, neurons_per_core=None,
                     threads=None):
    """One source firing every 10 ms onto ``n_post`` cells through a
    SimpleStochasticSynapse (pyNN.nest: NEST's bernoulli_synapse) strong enough that a
    transmitted spike makes its cell fire once (and nothing else does).

    Returns the post spike trains (ms) and the source's spike times."""
    extra = {} if threads is None or sim.__name__ == "pyNN.nest" else {"threads": threads}
    setup(sim, timestep=1.0, min_delay=1.0, max_delay=max(10.0, delay), **extra)
    if neurons_per_core is not None and sim.__name__ != "pyNN.nest":
        sim.set_number_of_neurons_per_core(sim.IF_curr_exp, neurons_per_core)
    times = 10.0 + 10.0 * np.arange(n_spikes)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=times), label="pre")
    post = sim.Population(n_post, sim.IF_curr_exp(tau_refrac=2.0, tau_syn_E=1.0),
                          label="post")
    sim.Projection(pre, post, sim.AllToAllConnector(),
                   sim.SimpleStochasticSynapse(p=p, weight=20.0, delay=delay),
                   receptor_type="excitatory", label="stochastic")
    post.record("spikes")
    sim.run(times[-1] + delay + 10.0)
    out = {"post": [np.asarray(st.magnitude, float) for st in
                    post.get_data("spikes").segments[0].spiketrains], "pre": times}
    sim.end()
    return out


def song_abbott(sim, n_exc=1000, n_inh=200, rate_exc=10.0, rate_inh=10.0, g_max=0.015,
                g_inh=0.05, A_plus=0.005, ratio=1.05, tau=20.0, tstop=100000.0,
                rate_window=10000.0, seed=2000):
    """Song, Miller & Abbott (2000), Fig. 1: one conductance-based cell (tau_m 20 ms, rest
    -70 mV, threshold -54 mV, reset -60 mV) driven by ``n_exc`` excitatory Poisson inputs
    through additive STDP (all starting at g_max; steps A+ g_max and A- = ratio A+,
    tau_plus = tau_minus = tau) and ``n_inh`` static inhibitory ones; conductances in units
    of the leak conductance.  The same input spike trains on every simulator (numpy, 1 ms
    grid).  Returns the final weights / g_max and the output rate (Hz) per window."""
    setup(sim, timestep=1.0, min_delay=1.0, max_delay=10.0)
    rs = np.random.RandomState(seed)
    cm, tau_m = 0.2, 20.0
    g_leak = cm / tau_m   # uS

    def trains(n, rate):
        out = []
        for _ in range(n):
            isi = rs.exponential(1000.0 / rate, int(tstop * rate / 1000.0 * 1.3) + 20)
            t = np.unique(np.round(np.cumsum(isi)))
            out.append(t[(t >= 2.0) & (t < tstop)])
        return out

    exc = sim.Population(n_exc, sim.SpikeSourceArray(spike_times=trains(n_exc, rate_exc)),
                         label="exc")
    inh = sim.Population(n_inh, sim.SpikeSourceArray(spike_times=trains(n_inh, rate_inh)),
                         label="inh")
    cell = sim.Population(1, sim.IF_cond_exp(
        cm=cm, tau_m=tau_m, v_rest=-70.0, v_reset=-60.0, v_thresh=-54.0, tau_refrac=1.0,
        tau_syn_E=5.0, tau_syn_I=5.0, e_rev_E=0.0, e_rev_I=-70.0), label="cell")
    w_max = g_max * g_leak
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=tau, tau_minus=tau, A_plus=A_plus,
                                            A_minus=ratio * A_plus),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=w_max),
        weight=w_max, delay=1.0, dendritic_delay_fraction=1.0)
    proj = sim.Projection(exc, cell, sim.AllToAllConnector(), stdp,
                          receptor_type="excitatory")
    sim.Projection(inh, cell, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=g_inh * g_leak, delay=1.0),
                   receptor_type="inhibitory")
    cell.record("spikes")
    sim.run(tstop)
    spikes = np.asarray(cell.get_data("spikes").segments[0].spiketrains[0].magnitude, float)
    counts = np.histogram(spikes, bins=np.arange(0.0, tstop + rate_window / 2,
                                                 rate_window))[0]
    out = {"weights": np.abs(np.asarray(proj.get("weight", format="array"), float)[:, 0])
           / w_max, "rates": counts / (rate_window * 1e-3)}
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


def quantal_train(sim, U=0.8, n=5, tau_rec=100.0, tau_facil=0.0, n_cells=1000, weight=0.01,
                  dt=1.0):
    """PyNN's multiquantal_synapses example's train (10 .. 90 ms and 250 .. 340 ms, every
    10 ms) through a MultiQuantalSynapse onto ``n_cells`` IF_cond_exp cells whose excitatory
    conductance moves nothing (e_rev_E = v_rest, tau_syn_E = 1 ms), and through a static
    synapse of the same weight onto one more: returns the released quanta [spike, cell]
    (each conductance jump over the static one's) and the spike times."""
    setup(sim, timestep=dt, min_delay=1.0, max_delay=10.0)
    times = np.hstack((np.arange(10, 100, 10), np.arange(250, 350, 10))).astype(float)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=times), label="pre")
    cell = dict(e_rev_E=-65.0, v_rest=-65.0, tau_syn_E=1.0)
    post = sim.Population(n_cells, sim.IF_cond_exp(**cell), label="post")
    unit = sim.Population(1, sim.IF_cond_exp(**cell), label="unit")
    syn = sim.MultiQuantalSynapse(U=U, n=n, tau_rec=tau_rec, tau_facil=tau_facil,
                                  weight=weight, delay=1.0)
    proj = sim.Projection(pre, post, sim.AllToAllConnector(), syn)
    # as PyNN's example: NEST's quantal_stp_synapse would start from its own defaults (a = 1,
    # u = 0.5) whatever n and U pyNN.nest gives it; here a = n, u = U already
    proj.initialize(a=syn.parameter_space["n"], u=syn.parameter_space["U"])
    sim.Projection(pre, unit, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=weight, delay=1.0))
    post.record("gsyn_exc")
    unit.record("gsyn_exc")
    sim.run(times[-1] + 20.0)
    g = np.asarray(post.get_data("gsyn_exc").segments[0].analogsignals[0].magnitude, float)
    gu = np.asarray(unit.get_data("gsyn_exc").segments[0].analogsignals[0].magnitude,
                    float)[:, 0]
    sim.end()
    ticks = np.rint(times / dt).astype(int)
    w = int(round(4.0 / dt))
    one = gu[ticks[0]:ticks[0] + w].max()
    k = np.array([g[t:t + w].max(axis=0) for t in ticks]) / one
    return {"k": np.rint(k), "raw": k, "spikes": times}

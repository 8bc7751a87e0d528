"""The PyNN scripts that run unchanged on pyNN.nest and pyNN.spiNNaker.

Each function takes the simulator module first, calls ``sim.setup`` and ``sim.end`` itself and
returns plain numpy arrays (picklable, no Neo objects), so that :mod:`.simrun` can run it in a
subprocess.
"""
import numpy as np

#: the models of spynnaker_backend.models.REGISTRY that are neurons (not spike sources)
NEURON_MODELS = ("IF_curr_exp", "IF_cond_exp", "IF_curr_alpha", "IF_curr_delta", "Izhikevich",
                 "IF_cond_alpha", "EIF_cond_exp_isfa_ista", "EIF_cond_alpha_isfa_ista",
                 "HH_cond_exp", "IF_cond_exp_gsfa_grr")

_LIF = {"cm": 1.0, "tau_m": 20.0, "v_rest": -65.0, "v_reset": -70.0, "v_thresh": -50.0,
        "tau_refrac": 2.0}

#: per model: cell parameters, the step-current protocol (times ms, amplitudes nA), the
#: excitatory and inhibitory weights (nA, uS or mV, by model), and the DC bias (nA) under
#: which the inhibitory input acts on a regularly firing neuron
SINGLE_NEURON = {
    "IF_curr_exp": dict(
        cell=dict(_LIF, tau_syn_E=5.0, tau_syn_I=8.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.5, 1.0, 1.6, 0.0]),
        w_exc=1.3, w_inh=1.5, bias=1.2),
    "IF_cond_exp": dict(
        cell=dict(_LIF, tau_syn_E=5.0, tau_syn_I=8.0, e_rev_E=0.0, e_rev_I=-80.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.5, 1.0, 1.6, 0.0]),
        w_exc=0.02, w_inh=0.06, bias=1.2),
    "IF_curr_alpha": dict(
        cell=dict(_LIF, tau_syn_E=2.0, tau_syn_I=4.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.5, 1.0, 1.6, 0.0]),
        w_exc=1.5, w_inh=1.5, bias=1.2),
    "IF_curr_delta": dict(
        cell=dict(_LIF),
        step=([50.0, 300.0, 600.0, 800.0], [0.5, 1.0, 1.6, 0.0]),
        w_exc=2.5, w_inh=3.0, bias=1.2),
    "IF_cond_alpha": dict(
        cell=dict(_LIF, tau_syn_E=2.0, tau_syn_I=4.0, e_rev_E=0.0, e_rev_I=-80.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.5, 1.0, 1.6, 0.0]),
        w_exc=0.02, w_inh=0.06, bias=1.2),
    # AdEx (PyNN defaults but tau_refrac 2 ms): NEST resets within the step, the cores at its
    # end, so v and w differ briefly after each spike
    "EIF_cond_exp_isfa_ista": dict(
        cell=dict(tau_refrac=2.0, tau_syn_E=5.0, tau_syn_I=8.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.3, 0.6, 1.0, 0.0]),
        w_exc=0.02, w_inh=0.06, bias=0.8),
    "EIF_cond_alpha_isfa_ista": dict(
        cell=dict(tau_refrac=2.0, tau_syn_E=2.0, tau_syn_I=4.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.3, 0.6, 1.0, 0.0]),
        w_exc=0.02, w_inh=0.06, bias=0.8),
    # Hodgkin-Huxley (PyNN defaults but slower synapses; NEST's hh_cond_exp_traub): fires
    # from ~0.1 nA.  Weights on the s16.15 grid (655 2^-15 uS): at 0.02 uS the cores' weight
    # step (2^-15 uS, 5e-4 relative) moves spikes of this near-threshold cell by a step
    "HH_cond_exp": dict(
        cell=dict(tau_syn_E=2.0, tau_syn_I=5.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.03, 0.2, 0.5, 0.0]),
        w_exc=655 / 2 ** 15, w_inh=655 / 2 ** 15, bias=0.3),
    # PyNN's IF_cond_exp_gsfa_grr (defaults: q_sfa 15 nS, q_rr 3000 nS) with IF_cond_exp's
    # protocol: adaptation lengthens the intervals within each step of the current
    "IF_cond_exp_gsfa_grr": dict(
        cell=dict(tau_refrac=2.0, v_reset=-70.0, tau_syn_E=5.0, tau_syn_I=8.0, e_rev_I=-80.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.5, 1.0, 1.6, 0.0]),
        w_exc=0.02, w_inh=0.06, bias=1.2),
    "Izhikevich": dict(
        # regular spiking (Izhikevich 2003); 1 nA of current is I = 1000 mV/ms
        cell=dict(a=0.02, b=0.2, c=-65.0, d=8.0),
        step=([50.0, 300.0, 600.0, 800.0], [0.002, 0.005, 0.012, 0.0]),
        w_exc=4.0, w_inh=4.0, bias=0.008),
}


def setup(sim, nest_precision="on_grid", **kwargs):
    """``sim.setup(**kwargs)``; on NEST with ``spike_precision=nest_precision``.

    pyNN.nest defaults to "off_grid" (precise spike times: ``iaf_psc_exp_ps`` and friends);
    "on_grid" selects NEST's grid-based models (``iaf_psc_exp``, ...), whose exact-integration
    propagators this backend's cores apply, so that the comparison isolates fixed point.
    """
    if sim.__name__ == "pyNN.nest":
        kwargs["spike_precision"] = nest_precision
        _patch_pynn_nest(sim)
    return sim.setup(**kwargs)


def _patch_pynn_nest(sim):
    """Work around PyNN 0.13's pyNN.nest.IF_curr_delta, which lacks the ``variable_map``
    of every other NEST cell type (so ``v`` can be neither initialised nor recorded: "NEST
    does not allow setting an initial value for v", "unknown recordable v"), and its
    IF_cond_exp_gsfa_grr (below)."""
    if not hasattr(sim.IF_curr_delta, "variable_map"):
        sim.IF_curr_delta.variable_map = {"v": "V_m"}
        sim.IF_curr_delta.scale_factors = {"v": 1}
    # and its IF_cond_exp_gsfa_grr, whose variable_map names NEST's g_rr and g_sfa but not
    # PyNN's own state variables g_r and g_s (nS in PyNN and NEST): "KeyError: 'g_r'" as the
    # population initialises them
    cls = sim.IF_cond_exp_gsfa_grr
    if "g_r" not in cls.variable_map:
        cls.variable_map = {**cls.variable_map, "g_r": "g_rr", "g_s": "g_sfa"}
        cls.scale_factors = {**cls.scale_factors, "g_r": 1, "g_s": 1}


def input_spike_times(seed=12345, tstop=1000.0, n_random=40):
    """Spike times (ms, on the 1 ms grid, so on the grid of every dt tested) of the
    SpikeSourceArray: random single spikes plus three bursts that sum above threshold."""
    rs = np.random.RandomState(seed)
    single = rs.choice(np.arange(10, int(tstop) - 10), n_random, replace=False)
    bursts = [np.arange(200, 210), np.arange(450, 466, 2), np.arange(700, 706)]
    return np.unique(np.concatenate([single] + bursts)).astype(float)


def _cell_type(sim, model, params):
    return getattr(sim, model)(**params)


def on_s1615_grid(x):
    """``x`` rounded to a multiple of 2**-15 (exactly representable in s16.15)."""
    return np.round(np.asarray(x, dtype=float) * 2.0 ** 15) / 2.0 ** 15


def single_neuron(sim, model, dt, tstop=1000.0, delay=1.0, nest_precision="on_grid",
                  currents_on_s1615_grid=False, input_delay=None, cell=None,
                  synaptic_currents=None):
    """Three single neurons of one model, each on its own population.

    * ``step``: a StepCurrentSource (sub-threshold plateau, two firing levels, off);
    * ``exc``: a SpikeSourceArray through the excitatory receptor;
    * ``inh``: the same spikes through the inhibitory receptor, on a neuron that a DCSource
      makes fire regularly (so inhibition shows in its spike times as well as in v).

    The input projections have ``input_delay`` (default ``delay``; see relation.py); ``cell``
    replaces the model's cell parameters (relation.py: the board-equivalent ones);
    ``synaptic_currents`` ({"exc"/"inh": (times, amplitudes)}) replaces that neuron's input
    projection by a StepCurrentSource (relation.py: the board's alpha synapse as a current).
    Returns ``{"t": sample times (ms), "v": {name: v (mV)}, "spikes": {name: times (ms)}}``.
    """
    spec = SINGLE_NEURON[model]
    input_delay = delay if input_delay is None else input_delay
    setup(sim, nest_precision, timestep=dt, min_delay=min(delay, input_delay), max_delay=10.0)
    cell = spec["cell"] if cell is None else cell
    pops = {name: sim.Population(1, _cell_type(sim, model, cell), label=name)
            for name in ("step", "exc", "inh")}
    times, amplitudes = spec["step"]
    bias = spec["bias"]
    if currents_on_s1615_grid:
        amplitudes, bias = list(on_s1615_grid(amplitudes)), float(on_s1615_grid(bias))
    sim.StepCurrentSource(times=times, amplitudes=amplitudes).inject_into(pops["step"])
    sim.DCSource(amplitude=bias, start=20.0, stop=tstop).inject_into(pops["inh"])
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=input_spike_times(tstop=tstop)),
                         label="input")
    for name, receptor in (("exc", "excitatory"), ("inh", "inhibitory")):
        if synaptic_currents is not None:
            times, amplitudes = synaptic_currents[name]
            sim.StepCurrentSource(times=list(times), amplitudes=list(amplitudes)).inject_into(
                pops[name])
            continue
        w = spec["w_" + receptor[:3]]
        if receptor == "inhibitory" and "_cond_" not in model:
            w = -w          # current-based synapses: PyNN's inhibitory weights are negative
        sim.Projection(src, pops[name], sim.AllToAllConnector(),
                       sim.StaticSynapse(weight=w, delay=input_delay), receptor_type=receptor)
    for pop in pops.values():
        pop.record(["v", "spikes"])
    sim.run(tstop)
    out = {"t": None, "v": {}, "spikes": {}}
    for name, pop in pops.items():
        seg = pop.get_data().segments[0]
        sig = seg.filter(name="v")[0]
        out["t"] = np.asarray(sig.times.rescale("ms")).astype(float)
        out["v"][name] = np.asarray(sig.rescale("mV"))[:, 0].astype(float)
        out["spikes"][name] = np.asarray(seg.spiketrains[0].rescale("ms")).astype(float)
    sim.end()
    return out


def regular_spiking(sim, dt, i_offset=0.01, tstop=1500.0, drive="i_offset",
                    nest_precision="on_grid"):
    """One Izhikevich regular-spiking neuron (a, b, c, d = 0.02, 0.2, -65, 8) under a constant
    current of ``i_offset`` nA (0.01 nA is Izhikevich's I = 10), given as the cell's
    ``i_offset`` parameter (``drive="i_offset"``) or by a DCSource from t = 10 ms
    (``drive="dc"``).  Returns ``{"spikes": times (ms)}``."""
    setup(sim, nest_precision, timestep=dt, min_delay=1.0, max_delay=10.0)
    if drive == "i_offset":
        pop = sim.Population(1, sim.Izhikevich(a=0.02, b=0.2, c=-65.0, d=8.0,
                                               i_offset=i_offset))
    else:
        pop = sim.Population(1, sim.Izhikevich(a=0.02, b=0.2, c=-65.0, d=8.0))
        sim.DCSource(amplitude=i_offset, start=10.0, stop=tstop).inject_into(pop)
    pop.record("spikes")
    sim.run(tstop)
    spikes = np.asarray(pop.get_data().segments[0].spiketrains[0].rescale("ms"), float)
    sim.end()
    return {"spikes": spikes}


# --- Vogels-Abbott (PyNN 0.13.0 examples/VAbenchmarks.py) ------------------------------------

def va_parameters(benchmark):
    """The cell parameters and weights of VAbenchmarks.py for "CUBA" or "COBA"."""
    area, tau_m, cm = 20000e-8, 20.0, 1.0
    coba = benchmark == "COBA"
    E_leak = -60.0 if coba else -49.0
    Gexc, Ginh = (4.0, 51.0) if coba else (0.27, 4.5)
    Erev_exc, Erev_inh, v_mean = 0.0, -80.0, -60.0
    cell = {"tau_m": tau_m, "tau_syn_E": 5.0, "tau_syn_I": 10.0, "v_rest": E_leak,
            "v_reset": -60.0, "v_thresh": -50.0, "cm": cm * area * 1000, "tau_refrac": 5.0}
    if coba:
        cell.update(e_rev_E=Erev_exc, e_rev_I=Erev_inh)
        w_exc, w_inh = Gexc * 1e-3, Ginh * 1e-3
    else:
        w_exc = 1e-3 * Gexc * (Erev_exc - v_mean)
        w_inh = 1e-3 * Ginh * (Erev_inh - v_mean)
    return cell, w_exc, w_inh


def poisson_times(seed, n_sources, rate, duration, dt):
    """Poisson spike trains (Hz, ms) drawn once with numpy and put on the dt grid (one spike
    per step at most), so that both simulators see the same stimulus.  Times start at 1 ms:
    pyNN.nest moves spike-generator times min_delay earlier, and NEST rejects times <= 0."""
    rs = np.random.RandomState(seed)
    first = int(round(1.0 / dt))
    trains = []
    for _ in range(n_sources):
        n = rs.poisson(rate * duration / 1000.0)
        t = np.unique(np.maximum(np.round(rs.uniform(0, duration, n) / dt), first)) * dt
        trains.append(np.round(t, 10))
    return trains


def va_network(sim, benchmark, seed, tstop=1000.0, dt=0.1, n=4000, atoms_per_core=None,
               threads=None, nest_precision="on_grid", recurrent_delay=0.2, cell=None):
    """The Vogels-Abbott benchmark network of PyNN's examples/VAbenchmarks.py, one seed.

    As in the example: 3200 exc / 800 inh cells, FixedProbabilityConnector(0.02) with a
    NumpyRNG(seed) (so each seed gives both simulators the same network), delay 0.2 ms,
    v initialised uniformly in [v_reset, v_thresh] from the same RNG; COBA gets 20 sources at
    100 Hz for the first 50 ms (p = 0.01, 0.1 uS).  One difference: those sources are
    SpikeSourceArrays holding Poisson trains drawn from the seed (and their connector uses a
    NumpyRNG), so the COBA stimulus is also identical across simulators.

    ``atoms_per_core`` and ``threads`` are this backend's mapping options (ignored by NEST,
    which always runs on 1 thread here).  Returns ``{"ids", "times"}`` of every spike (exc cells
    0..n_exc-1, then inh) plus ``n_exc``, ``n``, ``sizes`` (connections per projection) and
    ``checksum`` (of the inh -> inh connection pairs).  ``recurrent_delay``: the delay of
    the four cell-to-cell projections (the example's 0.2 ms; see relation.py for NEST's);
    ``cell``: cell parameters replacing the example's (relation.py: the board-equivalent ones).
    """
    from pyNN.random import NumpyRNG, RandomDistribution
    example, w_exc, w_inh = va_parameters(benchmark)
    cell = example if cell is None else cell
    coba = benchmark == "COBA"
    celltype = sim.IF_cond_exp if coba else sim.IF_curr_exp
    n_exc = int(round(n * 4.0 / 5.0))
    n_inh = n - n_exc
    extra = {}
    if sim.__name__ == "pyNN.spiNNaker" and threads is not None:
        extra["threads"] = threads
    setup(sim, nest_precision, timestep=dt, min_delay=min(0.2, recurrent_delay), max_delay=1.0,
          **extra)
    exc = sim.Population(n_exc, celltype(**cell), label="Excitatory_Cells")
    inh = sim.Population(n_inh, celltype(**cell), label="Inhibitory_Cells")
    if atoms_per_core is not None and sim.__name__ == "pyNN.spiNNaker":
        exc.set_max_atoms_per_core(atoms_per_core)
        inh.set_max_atoms_per_core(atoms_per_core)
    rng = NumpyRNG(seed=seed, parallel_safe=True)
    uniform = RandomDistribution("uniform", low=cell["v_reset"], high=cell["v_thresh"], rng=rng)
    exc.initialize(v=uniform)
    inh.initialize(v=uniform)
    connector = sim.FixedProbabilityConnector(0.02, rng=rng)
    exc_syn = sim.StaticSynapse(weight=w_exc, delay=recurrent_delay)
    inh_syn = sim.StaticSynapse(weight=w_inh, delay=recurrent_delay)
    prj = [sim.Projection(exc, exc, connector, exc_syn, receptor_type="excitatory"),
           sim.Projection(exc, inh, connector, exc_syn, receptor_type="excitatory"),
           sim.Projection(inh, exc, connector, inh_syn, receptor_type="inhibitory"),
           sim.Projection(inh, inh, connector, inh_syn, receptor_type="inhibitory")]
    if coba:
        trains = poisson_times(seed + 1, 20, 100.0, 50.0, dt)
        ext = sim.Population(20, sim.SpikeSourceArray(spike_times=trains), label="expoisson")
        ext_conn = sim.FixedProbabilityConnector(0.01, rng=NumpyRNG(seed=seed + 2))
        ext_syn = sim.StaticSynapse(weight=0.1, delay=0.2)
        prj += [sim.Projection(ext, exc, ext_conn, ext_syn, receptor_type="excitatory"),
                sim.Projection(ext, inh, ext_conn, ext_syn, receptor_type="excitatory")]
    exc.record("spikes")
    inh.record("spikes")
    # the network itself, to check that both simulators built the same one: connections per
    # projection, and a checksum of the (pre, post) pairs of inh -> inh
    sizes = [int(p.size()) for p in prj]
    pairs = np.array([(int(i), int(j)) for i, j, _ in prj[3].get("weight", format="list")])
    checksum = int(np.sum(pairs[:, 0] * 7919 + pairs[:, 1] * 104729)) if len(pairs) else 0
    sim.run(tstop)
    ids, times = [], []
    for offset, pop in ((0, exc), (n_exc, inh)):
        for st in pop.get_data("spikes").segments[0].spiketrains:
            t = np.asarray(st.rescale("ms"), float)
            index = offset + int(st.annotations["source_index"])
            ids.append(np.full(len(t), index, dtype=np.int32))
            times.append(t)
    sim.end()
    ids, times = np.concatenate(ids), np.concatenate(times)
    order = np.lexsort((ids, times))
    return {"ids": ids[order], "times": times[order], "n_exc": n_exc, "n": n,
            "sizes": sizes, "checksum": checksum}


# --- HH_cond_exp: a DC-driven and a Poisson-driven cell --------------------------------------

def hh_driven(sim, dt, i_offset=(0.2, 0.5), seed=None, tstop=500.0, nest_precision="on_grid"):
    """HH_cond_exp cells (PyNN defaults, tau_syn_E 2 ms, tau_syn_I 5 ms), one per
    ``i_offset`` (nA); with ``seed``, each also receives Poisson trains (poisson_times: 20
    excitatory sources at 100 Hz, 10 inhibitory at 80 Hz, 1 ms delay) through weights on the
    s16.15 grid (160 and 200 2^-15 uS, which the cores hold exactly).  Returns
    ``{"t": sample times, "v": [v per cell], "spikes": {index: times}}``."""
    # min_delay dt: pyNN.nest moves spike-generator times min_delay earlier (never to 0)
    setup(sim, nest_precision, timestep=dt, min_delay=dt, max_delay=10.0)
    cells = sim.Population(len(i_offset), sim.HH_cond_exp(tau_syn_E=2.0, tau_syn_I=5.0,
                                                           i_offset=list(i_offset)))
    inputs = ((20, 100.0, 160 * 2.0 ** -15, "excitatory"),
              (10, 80.0, 200 * 2.0 ** -15, "inhibitory"))
    return _poisson_driven_v_and_spikes(sim, cells, seed, inputs, tstop, dt)


def _poisson_driven_v_and_spikes(sim, cells, seed, inputs, tstop, dt):
    """With ``seed``, Poisson trains (poisson_times) into every cell through ``inputs`` =
    (sources, rate Hz, weight, receptor) over 1 ms delays; then records v and spikes, runs
    ``tstop`` and ends.  Returns ``{"t": sample times, "v": [v per cell], "spikes":
    {index: times}}``."""
    if seed is not None:
        for offset, (n, rate, w, receptor) in enumerate(inputs):
            trains = poisson_times(seed + offset, n, rate, tstop - 2.0, dt)
            src = sim.Population(n, sim.SpikeSourceArray(spike_times=trains))
            sim.Projection(src, cells, sim.AllToAllConnector(),
                           sim.StaticSynapse(weight=w, delay=1.0), receptor_type=receptor)
    cells.record(["v", "spikes"])
    sim.run(tstop)
    seg = cells.get_data().segments[0]
    sig = seg.filter(name="v")[0]
    out = {"t": np.asarray(sig.times.rescale("ms")).astype(float),
           "v": [np.asarray(sig.rescale("mV"))[:, i].astype(float) for i in range(len(cells))],
           "spikes": {i: np.asarray(st.rescale("ms")).astype(float)
                      for i, st in enumerate(seg.spiketrains)}}
    sim.end()
    return out


# --- several named receptors per neuron (PointNeuron; IF_curr_dual_exp) ---------------------

#: per composition: neuron class and parameters, receptor shape, receptors {name: parameters}
#: with the weight of the spike input each gets (signed: a negative current-based weight
#: inhibits), and the DC bias (nA) of the second, regularly firing, neuron.  NEST runs them as
#: iaf_psc_exp_multisynapse and aeif_cond_alpha_multisynapse (pyNN.nest's PointNeuron).
MULTI_RECEPTOR = {
    "lif_curr_exp_x4": dict(
        neuron=("LIF", dict(_LIF)), shape="CurrExpPostSynapticResponse",
        receptors={"AMPA": (dict(tau_syn=1.0), 2.0), "GABAA": (dict(tau_syn=3.0), -1.5),
                   "GABAB": (dict(tau_syn=40.0), -0.2), "NMDA": (dict(tau_syn=25.0), 0.3)},
        bias=1.2),
    # the receptors of PyNN's test_composed_neuron_model_homogeneous_receptors' first cell on
    # PyNN's default AdExp, below threshold (firing: see test_receptors_against_nest.py)
    "adex_cond_alpha_x3": dict(
        neuron=("AdExp", dict(tau_refrac=2.0)), shape="CondAlphaPostSynapticResponse",
        receptors={"AMPA": (dict(tau_syn=1.0, e_syn=0.0), 0.004),
                   "NMDA": (dict(tau_syn=20.0, e_syn=0.0), 0.0005),
                   "GABAA": (dict(tau_syn=1.5, e_syn=-70.0), 0.02)},
        bias=0.3, fires=False),
    # sPyNNaker's IF_curr_dual_exp: NEST runs it as a LIF with three exponential receptors
    "IF_curr_dual_exp": dict(
        neuron=("LIF", dict(_LIF)), shape="CurrExpPostSynapticResponse",
        receptors={"excitatory": (dict(tau_syn=2.0), 1.0),
                   "excitatory2": (dict(tau_syn=15.0), 0.4),
                   "inhibitory": (dict(tau_syn=6.0), -1.5)},
        bias=1.2),
}


def _multi_cell(sim, composition):
    spec = MULTI_RECEPTOR[composition]
    neuron, params = spec["neuron"]
    if composition == "IF_curr_dual_exp" and sim.__name__ != "pyNN.nest":
        taus = {name: p["tau_syn"] for name, (p, _) in spec["receptors"].items()}
        return sim.extra_models.IF_curr_dual_exp(
            tau_syn_E=taus["excitatory"], tau_syn_E2=taus["excitatory2"],
            tau_syn_I=taus["inhibitory"], **params)
    psr = getattr(sim, spec["shape"])
    return sim.PointNeuron(getattr(sim, neuron)(**params),
                           **{name: psr(**p) for name, (p, _) in spec["receptors"].items()})


def multi_receptor(sim, composition, dt, tstop=1000.0, delay=1.0, nest_precision="on_grid"):
    """Two neurons of one multi-receptor composition, each receptor driven by its own spike
    source (the spikes of :func:`input_spike_times` with the receptor's seed): neuron 0 at
    rest (PSPs only), neuron 1 made to fire regularly by a DCSource.
    Returns ``{"t", "v": {0: .., 1: ..}, "spikes": {0: .., 1: ..}}``."""
    spec = MULTI_RECEPTOR[composition]
    setup(sim, nest_precision, timestep=dt, min_delay=delay, max_delay=10.0)
    pop = sim.Population(2, _multi_cell(sim, composition), label="cells")
    sim.DCSource(amplitude=spec["bias"], start=20.0, stop=tstop).inject_into(pop[1:2])
    for k, (name, (_, w)) in enumerate(sorted(spec["receptors"].items())):
        src = sim.Population(1, sim.SpikeSourceArray(
            spike_times=input_spike_times(seed=100 + k, tstop=tstop, n_random=25)),
            label=f"input {name}")
        sim.Projection(src, pop, sim.AllToAllConnector(),
                       sim.StaticSynapse(weight=w, delay=delay), receptor_type=name)
    pop.record(["v", "spikes"])
    sim.run(tstop)
    seg = pop.get_data().segments[0]
    sig = seg.filter(name="v")[0]
    out = {"t": np.asarray(sig.times.rescale("ms")).astype(float), "v": {}, "spikes": {}}
    for i in range(2):
        out["v"][i] = np.asarray(sig.rescale("mV"))[:, i].astype(float)
        out["spikes"][i] = np.asarray(seg.spiketrains[i].rescale("ms")).astype(float)
    sim.end()
    return out


# --- IF_cond_exp_gsfa_grr: adaptation and relative refractoriness ---------------------------

def gsfa_driven(sim, dt, i_offset=(0.8, 2.0), seed=None, tstop=1000.0, cell=None,
                step=None, nest_precision="on_grid"):
    """IF_cond_exp_gsfa_grr cells (PyNN's defaults, updated by ``cell``), one per ``i_offset``
    (nA); ``step`` = (times, amplitudes): a StepCurrentSource into every cell as well; with
    ``seed``, each cell also receives Poisson trains (poisson_times: 40 excitatory sources at
    20 Hz, 20 inhibitory at 20 Hz, 1 ms delay; weights 4 nS and 10 nS on the s16.15 grid).
    Returns ``{"t": sample times, "v": [v per cell], "spikes": {index: times}}``."""
    setup(sim, nest_precision, timestep=dt, min_delay=dt, max_delay=10.0)
    params = dict(cell or {}, i_offset=list(i_offset))
    cells = sim.Population(len(i_offset), sim.IF_cond_exp_gsfa_grr(**params))
    if step is not None:
        sim.StepCurrentSource(times=list(step[0]), amplitudes=list(step[1])).inject_into(cells)
    inputs = ((40, 20.0, 131 * 2.0 ** -15, "excitatory"),
              (20, 20.0, 328 * 2.0 ** -15, "inhibitory"))
    return _poisson_driven_v_and_spikes(sim, cells, seed, inputs, tstop, dt)


# --- GIF_cond_exp ----------------------------------------------------------------------------

def gif_driven(sim, dt, cells, step=None, seed=None, tstop=500.0, traces=True,
               nest_precision="on_grid", rng_seed=None):
    """GIF_cond_exp cells, one per parameter dict of ``cells`` (PyNN's defaults updated by it);
    ``step`` = (times, amplitudes): a StepCurrentSource into every cell; with ``seed``,
    Poisson trains into every cell as in :func:`gsfa_driven`.  ``traces``: record v, i_eta and
    v_t too.  ``rng_seed``: NEST's random seed (the escape noise; ours is keyed by the
    population).  Returns ``{"t", "v", "i_eta", "v_t": [trace per cell], "spikes": {index:
    times}}`` (no traces without ``traces``)."""
    kwargs = {"rng_seed": rng_seed} if (rng_seed is not None and sim.__name__ == "pyNN.nest") \
        else {}
    setup(sim, nest_precision, timestep=dt, min_delay=dt, max_delay=10.0, **kwargs)
    params = {name: [c[name] for c in cells] for name in cells[0]}
    pop = sim.Population(len(cells), sim.GIF_cond_exp(**params))
    if step is not None:
        sim.StepCurrentSource(times=list(step[0]), amplitudes=list(step[1])).inject_into(pop)
    if seed is not None:
        for offset, (n, rate, w, receptor) in enumerate(
                ((40, 20.0, 131 * 2.0 ** -15, "excitatory"),
                 (20, 20.0, 328 * 2.0 ** -15, "inhibitory"))):
            trains = poisson_times(seed + offset, n, rate, tstop - 2.0, dt)
            src = sim.Population(n, sim.SpikeSourceArray(spike_times=trains))
            sim.Projection(src, pop, sim.AllToAllConnector(),
                           sim.StaticSynapse(weight=w, delay=1.0), receptor_type=receptor)
    names = ["v", "i_eta", "v_t"] if traces else []
    pop.record(names + ["spikes"])
    sim.run(tstop)
    seg = pop.get_data().segments[0]
    out = {"spikes": {i: np.asarray(st.rescale("ms")).astype(float)
                      for i, st in enumerate(seg.spiketrains)}}
    for name in names:
        sig = seg.filter(name=name)[0]
        out["t"] = np.asarray(sig.times.rescale("ms")).astype(float)
        out[name] = [np.asarray(sig)[:, i].astype(float) for i in range(len(pop))]
    sim.end()
    return out

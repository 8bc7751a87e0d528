"""Small graphs built directly at the graph level (no PyNN layer), for mapping/VM tests."""
import numpy as np

from spynnaker_backend.graph import ApplicationEdge, ApplicationVertex, Recording
from spynnaker_backend.models import REGISTRY


def spike_source(label, spike_times, max_atoms_per_core=None):
    """A SpikeSourceArray vertex; spike_times is a list of per-neuron sequences (ms)."""
    times = np.empty(len(spike_times), object)
    for i, ts in enumerate(spike_times):
        times[i] = np.asarray(ts, dtype=np.float64)
    v = ApplicationVertex(label, len(spike_times), REGISTRY["SpikeSourceArray"],
                          {"spike_times": times}, max_atoms_per_core=max_atoms_per_core)
    return v


def cell(model, label, n=1, max_atoms_per_core=None, **overrides):
    """A vertex of ``model`` with PyNN's defaults, overridden per keyword (scalar/array)."""
    spec = REGISTRY[model]
    params = {k: np.full(n, float(d)) for k, (d, _) in spec.host_parameters.items()}
    state = {k: np.full(n, float(d)) for k, (d, _) in spec.host_state.items()}
    for k, val in overrides.items():
        target = params if k in params else state
        target[k] = np.broadcast_to(np.asarray(val, dtype=np.float64), (n,)).copy()
    return ApplicationVertex(label, n, spec, params, state,
                             max_atoms_per_core=max_atoms_per_core)


def lif(label, n, max_atoms_per_core=None, **overrides):
    """An IF_curr_exp vertex with PyNN's defaults, overridden per keyword (scalar/array)."""
    return cell("IF_curr_exp", label, n, max_atoms_per_core, **overrides)


def drive(sim_state, model, spikes, weights, synapse_types, run_ms, **overrides):
    """One neuron of ``model``, recording everything, fed by one source neuron per input
    spike (delay dt); returns the vertex and the sample times."""
    dt = sim_state.dt
    pop = cell(model, "pop", **overrides)
    record(pop, *REGISTRY[model].recordable_names)
    sim_state.graph.add_vertex(pop)
    for stype in sorted(set(synapse_types) | {0, 1}):
        idx = [i for i, s in enumerate(synapse_types) if s == stype]
        if idx:
            src = spike_source(f"src{stype}", [[spikes[i]] for i in idx])
            sim_state.graph.add_vertex(src)
            connect(sim_state.graph, src, pop, np.arange(len(idx)), np.zeros(len(idx), int),
                    np.asarray(weights)[idx], dt, synapse_type=stype)
    sim_state.run(run_ms)
    return pop, np.arange(int(round(run_ms / dt))) * dt


def record(vertex, *variables, interval=1):
    for var in variables:
        vertex.recordings[var] = Recording(np.arange(vertex.n_atoms), interval)


def connect(graph, pre, post, pre_idx, post_idx, weights, delays, synapse_type=0,
            label=None):
    n = len(pre_idx)
    edge = ApplicationEdge(pre, post, np.asarray(pre_idx, np.int64),
                           np.asarray(post_idx, np.int64),
                           np.broadcast_to(np.asarray(weights, float), (n,)).copy(),
                           np.broadcast_to(np.asarray(delays, float), (n,)).copy(),
                           synapse_type, label or f"{pre.label}->{post.label}")
    return graph.add_edge(edge)


def one_to_one(graph, pre, post, weight, delay, synapse_type=0):
    idx = np.arange(pre.n_atoms)
    return connect(graph, pre, post, idx, idx, weight, delay, synapse_type)


def all_to_all(graph, pre, post, weight, delay, synapse_type=0):
    pre_idx, post_idx = np.meshgrid(np.arange(pre.n_atoms), np.arange(post.n_atoms),
                                    indexing="ij")
    return connect(graph, pre, post, pre_idx.ravel(), post_idx.ravel(), weight, delay,
                   synapse_type)


def random_recurrent_run(sim_state, pop, rng, lsb, run_ms=200.0):
    """``pop`` driven by 20 sources of 15 random spikes each (excitatory weights of 50-300
    ``lsb`` onto 40 % of the pairs, inhibitory 300 ``lsb`` onto 20 %) and recurrent
    excitation (100 ``lsb``, 30 % of the pairs, 2 ms), run for ``run_ms``; returns the
    spike ids and times sorted by time, then id."""
    n = pop.n_atoms
    src = spike_source("src", [np.round(np.sort(rng.uniform(1, 190, 15)), 1)
                               for _ in range(20)])
    sim_state.graph.add_vertex(pop)
    sim_state.graph.add_vertex(src)
    pre, post = np.nonzero(rng.uniform(size=(20, n)) < 0.4)
    connect(sim_state.graph, src, pop, pre, post, rng.integers(50, 300, len(pre)) * lsb, 1.0)
    pre, post = np.nonzero(rng.uniform(size=(n, n)) < 0.3)
    connect(sim_state.graph, pop, pop, pre, post, 100 * lsb, 2.0)
    pre, post = np.nonzero(rng.uniform(size=(20, n)) < 0.2)
    connect(sim_state.graph, src, pop, pre, post, 300 * lsb, 1.5, synapse_type=1)
    sim_state.run(run_ms)
    ids, times = sim_state.spikes(pop)
    order = np.lexsort((ids, times))
    return ids[order], times[order]

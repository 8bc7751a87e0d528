"""How a Projection's connection arrays become application edges, and the column helpers
it shares with them.

Indices in a projection are in its own index space (of ``pre`` and ``post``, which may be views
or Assemblies); edges hold indices in the root populations, split by (pre vertex, post vertex)
and, for per-connection synapse-rule parameters (pynn/short_term.py), by parameter set.  An
edge holds views of the projection's arrays where it can, and a homogeneous column as a
zero-stride view of one number.
"""
import numpy as np

from ..graph import ApplicationEdge
from ..graph.receptor_signs import negative_types
from ..mapping import pipeline
from .assembly import Assembly
from .drawn import DrawnColumn
from .fast_connectors import constant
from . import short_term


def endpoint_map(neurons):
    """Where the cells of a Population, PopulationView or Assembly live.

    Returns
    -------
    vertices : list of ApplicationVertex
        Distinct root vertices.
    vertex_of : numpy.ndarray of int
        For each cell index of ``neurons``, its position in ``vertices``.
    root_index : numpy.ndarray of int
        For each cell index of ``neurons``, its index in its root population.
    """
    if isinstance(neurons, Assembly):
        members = [(root, idx) for root, idx, _ in neurons.members()]
    else:
        members = [(neurons._root, neurons._root_indices())]
    vertices, vertex_of = [], []
    for root, idx in members:
        vertex = root._vertex
        if vertex not in vertices:
            vertices.append(vertex)
        vertex_of.append(np.full(len(idx), vertices.index(vertex), dtype=np.int64))
    return (vertices, np.concatenate(vertex_of),
            np.concatenate([np.asarray(idx, dtype=np.int64) for _, idx in members]))


def root_indices(root, indices, positions):
    """Root-population indices of ``indices[positions]``; a view when they are the same."""
    if isinstance(positions, slice) and np.array_equal(root, np.arange(len(root))):
        return indices[positions]
    return root.astype(indices.dtype, copy=False)[indices[positions]]


def is_constant(values):
    """True for a zero-stride column (one number for every connection)."""
    return values.ndim == 1 and len(values) > 0 and values.strides[0] == 0


def compact(values):
    """A float column, as a zero-stride view when every element is the same number (a
    DrawnColumn stays one otherwise: it holds no numbers)."""
    if isinstance(values, DrawnColumn):
        return (constant(float(values.min()), len(values))
                if len(values) and values.min() == values.max() else values)
    values = np.asarray(values, dtype=np.float64)
    if is_constant(values) or len(values) == 0:
        return values
    first = values[0]
    if (values == first).all():
        return constant(first, len(values))
    return values


def magnitudes(weights):
    """|weights| for an edge: the same array when none is negative, a zero-stride view when
    they are all one number (no 8 bytes per connection for inhibitory projections)."""
    if len(weights) == 0:
        return weights
    if isinstance(weights, DrawnColumn):   # a column of its own, not an array of |w|
        return weights.magnitudes() if weights.min() < 0 else weights
    if is_constant(weights):
        return constant(abs(float(weights[0])), len(weights))
    return np.abs(weights) if weights.min() < 0 else weights


def values_at(value, pre, post, shape):
    """A lazy parameter (number, array, random distribution, function of distance or of
    indices) at the connections (pre[k], post[k]), as float64 per connection."""
    value.shape = shape
    n = len(pre)
    if value.is_homogeneous:
        return np.full(n, float(value.evaluate(simplify=True)))
    out = np.asarray(value[pre, post], dtype=float)
    if out.size != n and out.size != 1:   # (one number: a function returning a constant)
        # some generators (distances) evaluate index arrays as an outer product: take the
        # matrix, a block of pre rows at a time (~1e6 values), and pick the connections
        out = np.empty(n)
        pre, post = np.asarray(pre, np.int64), np.asarray(post, np.int64)
        step = max(1, 1_000_000 // max(1, shape[1]))
        for a in range(0, shape[0], step):
            sel = np.flatnonzero((pre >= a) & (pre < a + step))
            if len(sel):
                rows = np.arange(a, min(a + step, shape[0]))
                block = np.asarray(value[rows, :], dtype=float).reshape(len(rows), shape[1])
                out[sel] = block[pre[sel] - a, post[sel]]
    return np.array(np.broadcast_to(out, (n,)))


def evaluate(projection, value):
    """A parameter given to ``Projection.set`` as a per-connection float64 array."""
    return values_at(value, projection._pre, projection._post, projection.shape)


def build(projection):
    """The projection's application edges: one per (pre vertex, post vertex) and, with
    per-connection synapse-rule parameters, per distinct parameter set; added to the graph
    and to ``projection._edges`` with the connection positions each holds."""
    graph = projection._simulator.state.graph
    pre_vertices, pre_vertex_of, pre_root = endpoint_map(projection.pre)
    post_vertices, post_vertex_of, post_root = endpoint_map(projection.post)
    n_pairs = len(pre_vertices) * len(post_vertices)
    if projection._signed is not None:
        build_signed(projection, graph, pre_vertices, pre_vertex_of, pre_root,
                                 post_vertices, post_vertex_of, post_root)
        return
    if n_pairs == 1:
        # one vertex pair: the edge holds the projection's arrays (or views of them)
        groups = [(0, slice(None))]
    else:
        pair = pre_vertex_of[projection._pre] * len(post_vertices) + post_vertex_of[projection._post]
        order = np.argsort(pair, kind="stable")
        keys, starts = np.unique(pair[order], return_index=True)
        groups = list(zip(keys, np.split(order, starts[1:])))
    for key, pair_positions in groups:
        pre_v = pre_vertices[key // len(post_vertices)]
        post_v = post_vertices[key % len(post_vertices)]
        pair_label = (projection.label if n_pairs == 1 else
                      f"{projection.label} [{pre_v.label}->{post_v.label}]")
        signed = projection.receptor_type in post_v.model.signed_types
        for rule, positions, label in short_term.split(
                projection._rule, projection._stp, pair_positions, pair_label, projection._per_connection):
            weights = projection._weights[positions]
            edge = ApplicationEdge(
                pre=pre_v, post=post_v,
                pre_indices=root_indices(pre_root, projection._pre, positions),
                post_indices=root_indices(post_root, projection._post, positions),
                weights=magnitudes(weights), delays=projection._delays[positions],
                synapse_type=post_v.model.synapse_types.index(projection.receptor_type),
                label=label, plasticity=rule,
                negative=signed and len(weights) > 0 and float(np.min(weights)) < 0,
                structural=projection._structural)
            if signed:   # one sign per receptor: refuse a clash at the call making it
                negative_types(post_v, graph.incoming(post_v) + [edge])
            graph.add_edge(edge)
            pipeline.remember_delay_ticks(edge, projection._simulator.state.dt)
            projection._edges.append((edge, positions))

def build_signed(projection, graph, pre_vertices, pre_vertex_of, pre_root,
                        post_vertices, post_vertex_of, post_root):
    """One edge per (pre vertex, post vertex, sign): positive weights onto the first
    receptor of ``projection._signed``, negative ones (as magnitudes) onto the second."""
    negative = (projection._weights < 0).astype(np.int64)
    key = (pre_vertex_of[projection._pre] * len(post_vertices)
           + post_vertex_of[projection._post]) * 2 + negative
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    for k, positions in zip(keys, np.split(order, starts[1:])):
        pair, sign = divmod(int(k), 2)
        pre_v = pre_vertices[pair // len(post_vertices)]
        post_v = post_vertices[pair % len(post_vertices)]
        receptor = projection._signed[sign]
        edge = ApplicationEdge(
            pre=pre_v, post=post_v,
            pre_indices=pre_root[projection._pre[positions]].astype(projection._pre.dtype),
            post_indices=post_root[projection._post[positions]].astype(projection._post.dtype),
            weights=np.abs(projection._weights[positions]), delays=projection._delays[positions],
            synapse_type=post_v.model.synapse_types.index(receptor),
            label=f"{projection.label} [{pre_v.label}->{post_v.label}, {receptor}]")
        graph.add_edge(edge)
        pipeline.remember_delay_ticks(edge, projection._simulator.state.dt)
        projection._edges.append((edge, positions))

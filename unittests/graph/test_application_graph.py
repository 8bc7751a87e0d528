"""ApplicationGraph: seed keys by label occurrence, adjacency in graph order, removal and
restoration of a projection's edges (what Projection.set() of a per-connection rule does)."""
import numpy as np
import pytest

from network_builders import lif
from spynnaker_backend.graph import ApplicationEdge, ApplicationGraph


def _edge(pre, post, label):
    one = np.zeros(1, np.int32)
    return ApplicationEdge(pre, post, one, one, np.ones(1), np.ones(1), 0, label)


def test_seed_keys_count_current_labels_and_adjacency_keeps_graph_order():
    g = ApplicationGraph()
    a, b, c = (g.add_vertex(lif(name, 4)) for name in ("a", "b", "a"))
    assert (a.seed_key, b.seed_key, c.seed_key) == ("a", "b", "a #1")
    e1, e2, e3 = (g.add_edge(_edge(p, q, "p")) for p, q in ((a, b), (c, b), (a, c)))
    assert [e.seed_key for e in (e1, e2, e3)] == ["p", "p #1", "p #2"]
    assert g.incoming(b) == [e1, e2] and g.outgoing(a) == [e1, e3] and g.incoming(a) == []
    # a brute-force scan of the edge list is the definition
    for v in (a, b, c):
        assert g.incoming(v) == [e for e in g.edges if e.post is v]
        assert g.outgoing(v) == [e for e in g.edges if e.pre is v]

    version = g.structure_version
    g.remove_edges([e1, e3])
    assert g.edges == [e2] and g.incoming(b) == [e2] and g.outgoing(a) == []
    assert g.structure_version > version
    e4 = g.add_edge(_edge(a, b, "p"))   # one 'p' edge is left: the next is #1
    assert e4.seed_key == "p #1"
    g.remove_edges([e4])
    g.restore_edges([e1, e3])           # keys kept, appended in order
    assert g.edges == [e2, e1, e3] and e1.seed_key == "p" and e3.seed_key == "p #2"
    assert g.incoming(b) == [e2, e1] and g.outgoing(a) == [e1, e3]


def test_rng_seed_enters_every_key_and_foreign_vertices_are_refused():
    g = ApplicationGraph(rng_seed=7)
    a = g.add_vertex(lif("a", 2))
    assert a.seed_key == "a #0 rng_seed=7"
    stranger = lif("s", 2)
    with pytest.raises(ValueError, match="not in the graph"):
        g.add_edge(_edge(a, stranger, "x"))
    assert g.has_vertex(a) and not g.has_vertex(stranger)

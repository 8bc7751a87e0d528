"""ApplicationEdge: sortedness by post is computed from the array it holds now."""
import numpy as np

from network_builders import lif
from spynnaker_backend.graph import ApplicationEdge


def test_sorted_by_post_follows_the_held_array():
    a = lif("a", 10)
    edge = ApplicationEdge(a, a, np.array([3, 1, 2], np.int32), np.array([0, 4, 4], np.int32),
                           np.broadcast_to(0.1, (3,)), np.broadcast_to(1.0, (3,)), 0, "e")
    assert edge.sorted_by_post
    edge.post_indices = np.array([5, 4, 4], np.int32)   # a new array: judged again
    assert not edge.sorted_by_post
    empty = ApplicationEdge(a, a, np.zeros(0, np.int32), np.zeros(0, np.int32),
                            np.zeros(0), np.zeros(0), 0, "empty")
    assert empty.sorted_by_post and len(empty) == 0

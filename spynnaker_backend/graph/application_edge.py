"""One application edge per projection."""
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .application_vertex import ApplicationVertex


@dataclass(eq=False)
class ApplicationEdge:
    """A projection as the mapping sees it: explicit connection arrays.

    Attributes
    ----------
    pre, post : ApplicationVertex
    pre_indices, post_indices : numpy.ndarray of int32 (int64 beyond 2**31 cells)
        Population indices of each connection's source and target; often views of the
        projection's arrays (never to be written in place).
    weights : numpy.ndarray of float64
        Absolute weights in nA (current inputs) or uS (conductance inputs); one weight for
        all connections is a read-only zero-stride array (``np.broadcast_to``).
    delays : numpy.ndarray of float64
        Delays in ms (>= one timestep); zero-stride when they are all the same.

    A big projection's columns may be array-likes instead of arrays (the PyNN layer's
    DrawnColumn for random weights and delays, SortedIndexColumn for sorted post indices):
    read-only, ``np.asarray`` gives the array; a drawn column is drawn again at each such
    use unless pinned (``with column.pinned():``), and a delay column keeps its ticks in
    ``column.memo``.
    synapse_type : int
        Index into ``post.model.synapse_types`` (0 excitatory, 1 inhibitory).
    label : str
    plasticity : PlasticityRule or None
        The rule of a plastic projection (``models.plasticity``); None for static synapses.
    negative : bool
        The weights were given negative and go to a receptor whose sign they choose
        (``post.model.signed_types``); ``weights`` holds their magnitudes.
    structural : StructuralRule or None
        The rewiring of a structurally plastic projection (``models.structural``): its
        cores add and remove synapses while they run.
    """
    pre: ApplicationVertex
    post: ApplicationVertex
    pre_indices: np.ndarray
    post_indices: np.ndarray
    weights: np.ndarray
    delays: np.ndarray
    synapse_type: int
    label: str
    plasticity: Optional[object] = None
    negative: bool = False
    structural: Optional[object] = None
    #: what a stochastic projection's draws are seeded from (ApplicationGraph.add_edge)
    seed_key: Optional[str] = None

    def __len__(self):
        return len(self.pre_indices)

    @property
    def sorted_by_post(self) -> bool:
        """True when ``post_indices`` never decrease (the connectors' order), which lets
        the mapping cut the edge by post slice with a search.  One pass over the array,
        remembered for as long as the edge holds that array."""
        cached = self.__dict__.get("_sorted_by_post")
        if cached is None or cached[0] is not self.post_indices:
            post = self.post_indices
            cached = (post, getattr(post, "is_sorted", False) or len(post) < 2
                      or bool(np.all(post[1:] >= post[:-1])))
            self.__dict__["_sorted_by_post"] = cached
        return cached[1]

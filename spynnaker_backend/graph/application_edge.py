"""One application edge per projection."""
from dataclasses import dataclass

import numpy as np

from .application_vertex import ApplicationVertex


@dataclass(eq=False)
class ApplicationEdge:
    """A projection as the mapping sees it: explicit connection arrays.

    Attributes
    ----------
    pre, post : ApplicationVertex
    pre_indices, post_indices : numpy.ndarray of int64
        Population indices of each connection's source and target.
    weights : numpy.ndarray of float64
        Absolute weights in nA (current inputs) or uS (conductance inputs).
    delays : numpy.ndarray of float64
        Delays in ms (>= one timestep).
    synapse_type : int
        Index into ``post.model.synapse_types`` (0 excitatory, 1 inhibitory).
    label : str
    """
    pre: ApplicationVertex
    post: ApplicationVertex
    pre_indices: np.ndarray
    post_indices: np.ndarray
    weights: np.ndarray
    delays: np.ndarray
    synapse_type: int
    label: str

    def __len__(self):
        return len(self.pre_indices)

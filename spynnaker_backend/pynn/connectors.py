"""PyNN's connectors with sPyNNaker 7.4.1's constructor extras.

sPyNNaker's connectors take ``verbose=`` (write the connectivity to a CSV file on the board
path); here it is accepted and kept, and changes nothing.  Each class is PyNN's, so it
connects exactly as PyNN defines it; ``pynn_class`` names the PyNN class it extends (the bulk
path of :mod:`.fast_connectors` handles it as that class).  Two connectors behave as
sPyNNaker needs where PyNN 0.13 does not:

- :class:`ArrayConnector` takes any 0/1 (or boolean) matrix: non-zero means connected;
- :class:`SmallWorldConnector` connects (PyNN raises NotImplementedError): every pair closer
  than ``degree`` in the projection's space, then each connection is rewired with
  probability ``rewiring`` to a post cell drawn uniformly among those its pre cell does not
  yet reach (Watts and Strogatz 1998: no duplicate connections are created).
"""
import numpy as np
from pyNN import connectors as pc
from pyNN.parameters import LazyArray
from pyNN.random import NumpyRNG

__all__ = ["AllToAllConnector", "OneToOneConnector", "FixedProbabilityConnector",
           "FixedNumberPreConnector", "FixedNumberPostConnector", "FixedTotalNumberConnector",
           "FromListConnector", "FromFileConnector", "DistanceDependentProbabilityConnector",
           "IndexBasedProbabilityConnector", "CSAConnector", "ArrayConnector",
           "SmallWorldConnector", "DisplacementDependentProbabilityConnector",
           "CloneConnector", "AllButMeConnector", "OneToOneOffsetConnector"]


def _with_verbose(base):
    """A subclass of PyNN's ``base`` that also accepts ``verbose=``."""

    def __init__(self, *args, verbose=False, **kwargs):
        base.__init__(self, *args, **kwargs)
        self.verbose = bool(verbose)

    return type(base.__name__, (base,), {
        "__init__": __init__, "__module__": __name__, "pynn_class": base,
        "__doc__": (base.__doc__ or "") + "\n    ``verbose``: accepted as sPyNNaker does "
                   "(it writes a CSV file on a board); no effect here.\n"})


AllToAllConnector = _with_verbose(pc.AllToAllConnector)
OneToOneConnector = _with_verbose(pc.OneToOneConnector)
FixedProbabilityConnector = _with_verbose(pc.FixedProbabilityConnector)
FixedNumberPreConnector = _with_verbose(pc.FixedNumberPreConnector)
FixedNumberPostConnector = _with_verbose(pc.FixedNumberPostConnector)
FixedTotalNumberConnector = _with_verbose(pc.FixedTotalNumberConnector)
FromListConnector = _with_verbose(pc.FromListConnector)
FromFileConnector = _with_verbose(pc.FromFileConnector)
DistanceDependentProbabilityConnector = _with_verbose(pc.DistanceDependentProbabilityConnector)
IndexBasedProbabilityConnector = _with_verbose(pc.IndexBasedProbabilityConnector)
DisplacementDependentProbabilityConnector = _with_verbose(
    pc.DisplacementDependentProbabilityConnector)
CloneConnector = _with_verbose(pc.CloneConnector)
CSAConnector = _with_verbose(pc.CSAConnector)


class ArrayConnector(pc.ArrayConnector):
    """An explicit (n_pre, n_post) connection matrix; any non-zero entry connects (sPyNNaker
    scripts pass 0/1 integer or float matrices, PyNN a boolean one)."""
    pynn_class = pc.ArrayConnector

    def __init__(self, array, safe=True, callback=None, verbose=False,
                 location_selector=None):
        matrix = np.asarray(array)
        if matrix.ndim != 2:
            raise ValueError(f"ArrayConnector: array must be a 2-d (n_pre, n_post) matrix, "
                             f"not of shape {matrix.shape}")
        if matrix.dtype.kind not in "biuf":
            raise ValueError(f"ArrayConnector: array must hold booleans or numbers, not "
                             f"{matrix.dtype}")
        super().__init__(matrix != 0, location_selector=location_selector, safe=safe,
                         callback=callback)
        self.verbose = bool(verbose)

    def connect(self, projection):
        if self.array.shape != projection.shape:
            raise ValueError(f"ArrayConnector: array of shape {self.array.shape} does not "
                             f"match projection {projection.label!r} of shape "
                             f"{projection.shape} (n_pre, n_post)")
        super().connect(projection)


class SmallWorldConnector(pc.SmallWorldConnector, pc.MapConnector):
    __doc__ = pc.SmallWorldConnector.__doc__ + """
    Connects every (pre, post) pair closer than ``degree`` in the projection's ``space``,
    then rewires each connection, with probability ``rewiring``, to a post cell chosen
    uniformly among those the pre cell does not reach yet (no duplicates).
    ``n_connections`` is not supported (nor is it by sPyNNaker 7.4.1).
    """
    pynn_class = pc.SmallWorldConnector

    def __init__(self, degree, rewiring, allow_self_connections=True, n_connections=None,
                 rng=None, safe=True, callback=None, verbose=False):
        if not 0 <= rewiring <= 1:
            raise ValueError(f"SmallWorldConnector: rewiring is a probability in [0, 1], "
                             f"not {rewiring!r}")
        if n_connections is not None:
            raise NotImplementedError("SmallWorldConnector: n_connections is not supported "
                                      "(use degree to set the neighbourhood)")
        super().__init__(degree, rewiring, allow_self_connections=allow_self_connections,
                         rng=rng, safe=safe, callback=callback)
        self.degree = float(degree)
        self.verbose = bool(verbose)

    def connection_matrix(self, projection):
        """The (n_pre, n_post) boolean matrix this connector makes for ``projection``."""
        space = projection.space
        # PyNN's Space.distances takes (n, 3) coordinates and returns the flattened
        # (n_pre, n_post) matrix
        distances = space.distances(projection.pre.positions.T, projection.post.positions.T)
        mask = np.asarray(distances).reshape(projection.shape) < self.degree
        forbidden = np.zeros(projection.shape, dtype=bool)
        if self.allow_self_connections is False:
            pre_ids = np.asarray(projection.pre.all_cells, dtype=object)
            post_ids = np.asarray(projection.post.all_cells, dtype=object)
            forbidden = pre_ids[:, None] == post_ids[None, :]
            mask &= ~forbidden
        rng = self.rng if self.rng is not None else NumpyRNG()
        pre, post = np.nonzero(mask)
        if len(pre) == 0 or self.rewiring == 0:
            return mask
        rewire = np.asarray(rng.next(len(pre), "uniform", {"low": 0.0, "high": 1.0}),
                            dtype=float).reshape(len(pre)) < self.rewiring
        for i, j in zip(pre[rewire], post[rewire]):
            free = np.flatnonzero(~mask[i] & ~forbidden[i])
            if len(free) == 0:
                continue   # the pre cell already reaches every allowed post cell
            pick = int(np.asarray(rng.next(1, "uniform", {"low": 0.0, "high": 1.0}))
                       .ravel()[0] * len(free))
            mask[i, j] = False
            mask[i, free[min(pick, len(free) - 1)]] = True
        return mask

    def connect(self, projection):
        self._connect_with_map(projection, LazyArray(self.connection_matrix(projection)))


def _group_size(n_neurons_per_group, default, n_pre, n_post, name):
    size = default if n_neurons_per_group is None else int(n_neurons_per_group)
    if size < 1 or n_pre % size or n_post % size:
        raise ValueError(f"{name}: n_neurons_per_group ({size}) must be a positive divisor "
                         f"of both population sizes ({n_pre}, {n_post})")
    return size


class AllButMeConnector(pc.MapConnector):
    """sPyNNaker's extra_models.AllButMeConnector: cells in groups of
    ``n_neurons_per_group`` (default: one group of min(n_pre, n_post)); pre cell i connects
    to every post cell j of its own group with j != i (winner-takes-all inhibition).

    ``weights``: optional n*(n-1) weights of one group (n = n_neurons_per_group), used for
    every group, ordered as the (pre, post) matrix of a group read row by row with its
    diagonal left out; otherwise the synapse type's weight.
    """
    parameter_names = ("n_neurons_per_group",)

    def __init__(self, n_neurons_per_group=None, weights=None, safe=True, verbose=False,
                 callback=None):
        super().__init__(safe=safe, callback=callback)
        self.n_neurons_per_group = n_neurons_per_group
        self.weights = None if weights is None else np.asarray(weights, dtype=float)
        if self.weights is not None:
            if n_neurons_per_group is None:
                raise ValueError("AllButMeConnector: weights need n_neurons_per_group")
            n = int(n_neurons_per_group)
            if self.weights.shape != (n * (n - 1),):
                raise ValueError(f"AllButMeConnector: {n * (n - 1)} weights needed for "
                                 f"groups of {n}, not {self.weights.size}")
        self.verbose = bool(verbose)

    def connection_matrix(self, projection):
        n_pre, n_post = projection.shape
        size = _group_size(self.n_neurons_per_group, min(n_pre, n_post), n_pre, n_post,
                           "AllButMeConnector")
        i = np.arange(n_pre)[:, None]
        j = np.arange(n_post)[None, :]
        return (i // size == j // size) & (i != j) & (i < min(n_pre, n_post)) & \
            (j < min(n_pre, n_post))

    def connect(self, projection):
        mask = self.connection_matrix(projection)
        if self.weights is None:
            self._connect_with_map(projection, LazyArray(mask))
            return
        n = int(self.n_neurons_per_group)
        pre, post = np.nonzero(mask)            # row by row: the documented weight order
        local = (pre % n) * (n - 1) + (post % n) - (post % n > pre % n)
        FromListConnector(np.column_stack([pre, post, self.weights[local]]),
                          column_names=["weight"]).connect(projection)


class OneToOneOffsetConnector(pc.MapConnector):
    """sPyNNaker's extra_models.OneToOneOffsetConnector: within groups of
    ``n_neurons_per_group`` (default: the pre population's size), post cell j receives
    from pre cell j - ``offset`` of the same group; out of the group it wraps around when
    ``wrap`` is True and is left out otherwise."""
    parameter_names = ("offset", "wrap", "n_neurons_per_group")

    def __init__(self, offset, wrap, n_neurons_per_group=None, safe=True, verbose=False,
                 callback=None):
        super().__init__(safe=safe, callback=callback)
        self.offset, self.wrap = int(offset), bool(wrap)
        self.n_neurons_per_group = n_neurons_per_group
        self.verbose = bool(verbose)

    def connection_matrix(self, projection):
        n_pre, n_post = projection.shape
        size = _group_size(self.n_neurons_per_group, n_pre, n_pre, n_post,
                           "OneToOneOffsetConnector")
        post = np.arange(n_post)
        local = post % size - self.offset
        keep = np.ones(n_post, dtype=bool) if self.wrap else (local >= 0) & (local < size)
        pre = (post // size) * size + local % size
        keep &= pre < n_pre
        mask = np.zeros((n_pre, n_post), dtype=bool)
        mask[pre[keep], post[keep]] = True
        return mask

    def connect(self, projection):
        self._connect_with_map(projection, LazyArray(self.connection_matrix(projection)))

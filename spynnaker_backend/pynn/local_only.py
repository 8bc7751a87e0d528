"""sPyNNaker's local-only connectors: ``ConvolutionConnector`` with the ``Convolution``
synapse type, and ``PoolDenseConnector`` with ``PoolDense``.

Which pre pixel reaches which post pixel with which kernel weight follows sPyNNaker 7.4.1's
local-only convolution exactly (its documented parameters and the arithmetic of its core
code): a pre pixel (row, col) is pooled to (row // pool_stride_r, col // pool_stride_c), then
centred on post pixel ``((pooled - kernel // 2 + padding) // stride)`` (floor division), and
adds ``kernel[kr][kc]`` to the post pixel ``centre + (kr - kernel_rows // 2, kc -
kernel_cols // 2)`` that lies in the post population; positive weights go to
``positive_receptor_type``, negative ones (as magnitudes) to ``negative_receptor_type``;
with pooling the kernel is divided by the pool's area.  A 2-d population of geometry
(width, height) holds pixel (row, col) as neuron ``row * width + col`` (sPyNNaker's order).

Differences: sPyNNaker runs this on "local-only" cores that apply the kernel to each arriving
spike; here the connections are made once on the host and run through the ordinary synaptic
matrices, with the same connections, weights and delay (weights quantised as every
projection's are, not to sPyNNaker's 16-bit kernel format).  Kernels have odd sizes (the core
code centres the kernel on a post pixel).

PoolDenseConnector: the pre population's cells are pooled by coordinate (``coord //
pool_stride`` in each dimension, dimensions in the population's geometry order, the first
fastest: pixel (x, y) of a (width, height) population is neuron ``y * width + x``); pooled
cell ``q = x_p + y_p * pooled_width`` (cells beyond the last whole stride are left out)
sends ``weights[q, post]`` to every post cell, the weights being one number, or
n_pooled * n_post numbers read as that (n_pooled, n_post) matrix, or a RandomDistribution.
Each pre cell of a pool adds the full weight (the core code sums, it does not average).
"""
import numpy as np
from pyNN import connectors as pc
from pyNN.random import RandomDistribution

from .synapses import StaticSynapse


def _pair(value, name):
    """An (rows, columns) pair from an int or a 1- or 2-tuple (None stays None)."""
    if value is None:
        return None
    if np.isscalar(value):
        return np.array([int(value)] * 2)
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return np.array([value[0], 1])
    if len(value) == 2:
        return np.array(value)
    raise ValueError(f"ConvolutionConnector: {name} must be an int or (rows, columns), "
                     f"not {value!r}")


class Convolution(StaticSynapse):
    """sPyNNaker's synapse type for a ConvolutionConnector: the weights come from the
    kernel; ``delay`` (ms, default one timestep) is the one delay of every connection."""

    def __init__(self, delay=None):
        super().__init__(weight=0.0, delay=delay)


class PoolDense(Convolution):
    """sPyNNaker's synapse type for a PoolDenseConnector; ``delay`` as for Convolution."""


class ConvolutionConnector(pc.Connector):
    """A kernel slid over a 2-d pre population onto a 2-d post population (see the module
    docstring for the exact rule).  Parameters as sPyNNaker 7.4.1's."""
    parameter_names = ("kernel_weights",)

    def __init__(self, kernel_weights, kernel_shape=None, strides=None, padding=None,
                 pool_shape=None, pool_stride=None, positive_receptor_type="excitatory",
                 negative_receptor_type="inhibitory", safe=True, verbose=False,
                 callback=None, filter_edges=True):
        super().__init__(safe=safe, callback=callback)
        self.kernel_weights = self._kernel(kernel_weights, kernel_shape)
        if np.any(np.array(self.kernel_weights.shape) % 2 == 0):
            raise ValueError(f"ConvolutionConnector: kernel shape "
                             f"{self.kernel_weights.shape} must be odd in both dimensions "
                             "(the kernel is centred on a post pixel)")
        self.strides = np.array([1, 1]) if strides is None else _pair(strides, "strides")
        if padding is True:
            self.padding = np.array(self.kernel_weights.shape) // 2
        elif padding is None or padding is False:
            self.padding = np.zeros(2, dtype=int)
        else:
            self.padding = _pair(padding, "padding")
        self.pool_shape = _pair(pool_shape, "pool_shape")
        self.pool_stride = _pair(pool_stride, "pool_stride")
        if self.pool_stride is None:
            self.pool_stride = self.pool_shape
        if self.pool_shape is not None:
            self.kernel_weights = self.kernel_weights / np.prod(self.pool_shape)
        if np.any(self.strides < 1) or (self.pool_stride is not None
                                        and np.any(self.pool_stride < 1)):
            raise ValueError("ConvolutionConnector: strides must be >= 1")
        self.positive_receptor_type = positive_receptor_type
        self.negative_receptor_type = negative_receptor_type
        self.verbose, self.filter_edges = bool(verbose), bool(filter_edges)

    @staticmethod
    def _kernel(weights, shape):
        if isinstance(weights, RandomDistribution):
            shape = _pair(shape, "kernel_shape")
            if shape is None:
                raise ValueError("ConvolutionConnector: kernel_shape is needed with a "
                                 "RandomDistribution")
            return np.asarray(weights.next(int(np.prod(shape))), float).reshape(shape)
        array = np.asarray(weights, dtype=float)
        if array.ndim == 2:
            if shape is not None and tuple(_pair(shape, "kernel_shape")) != array.shape:
                raise ValueError(f"ConvolutionConnector: kernel_shape {shape} does not "
                                 f"match kernel_weights of shape {array.shape}")
            return array
        shape = _pair(shape, "kernel_shape")
        if shape is None:
            raise ValueError("ConvolutionConnector: kernel_shape is needed unless "
                             "kernel_weights is 2-d")
        return np.broadcast_to(array, tuple(shape)).copy() if array.ndim == 0 \
            else array.reshape(tuple(shape))

    @property
    def signed_receptor_types(self):
        """(receptor of positive weights, receptor of negative weights)."""
        return self.positive_receptor_type, self.negative_receptor_type

    def get_post_shape(self, shape):
        """The (rows, columns) shape of the post image for a pre image of ``shape``."""
        shape = np.array(shape, dtype=int)
        if self.pool_stride is not None:
            shape = shape // self.pool_stride
        post = (shape - (np.array(self.kernel_weights.shape) - 1) + 2 * self.padding)
        return tuple(int(n) for n in np.clip(post // self.strides, 1, None))

    @staticmethod
    def _shape(population, which):
        geometry = getattr(population, "geometry", None)
        if geometry is None or len(geometry) != 2:
            raise ValueError(f"ConvolutionConnector: the {which} population "
                             f"{population.label!r} must be 2-d (a Grid2D structure or a "
                             f"(width, height) size), not of geometry {geometry}")
        width, height = geometry
        return int(height), int(width)

    def connection_arrays(self, projection):
        """(pre index, post index, signed weight) of every connection."""
        pre_rows, pre_cols = self._shape(projection.pre, "pre")
        post_rows, post_cols = self._shape(projection.post, "post")
        k_rows, k_cols = self.kernel_weights.shape
        half = np.array([k_rows // 2, k_cols // 2])
        row, col = np.divmod(np.arange(pre_rows * pre_cols), pre_cols)
        pooled = np.stack([row, col])
        if self.pool_stride is not None:
            pooled = pooled // self.pool_stride[:, None]
        centre = (pooled - half[:, None] + self.padding[:, None]) // self.strides[:, None]
        pres, posts, weights = [], [], []
        for kr in range(k_rows):
            for kc in range(k_cols):
                weight = self.kernel_weights[kr, kc]
                if weight == 0:
                    continue
                r = centre[0] + kr - half[0]
                c = centre[1] + kc - half[1]
                inside = (r >= 0) & (r < post_rows) & (c >= 0) & (c < post_cols)
                pres.append(np.flatnonzero(inside))
                posts.append(r[inside] * post_cols + c[inside])
                weights.append(np.full(int(inside.sum()), weight))
        if not pres:
            return np.zeros(0, int), np.zeros(0, int), np.zeros(0)
        return np.concatenate(pres), np.concatenate(posts), np.concatenate(weights)

    def connect(self, projection):
        pre, post, weights = self.connection_arrays(projection)
        order = np.lexsort((pre, post))            # by post, as PyNN's connectors emit
        delay = projection.synapse_type.native_parameters["delay"]
        delay.shape = (1,)
        projection._add_connections(pre[order], post[order], weights[order],
                                    np.full(len(pre), float(delay.evaluate()[0])))


class PoolDenseConnector(pc.Connector):
    """Pooling of the pre population followed by a dense (all-to-all) weight matrix onto
    the post population (see the module docstring for the exact rule).  Parameters as
    sPyNNaker 7.4.1's."""
    parameter_names = ("weights",)

    def __init__(self, weights, pool_shape=None, pool_stride=None,
                 positive_receptor_type="excitatory", negative_receptor_type="inhibitory",
                 safe=True, verbose=False, callback=None):
        super().__init__(safe=safe, callback=callback)
        self.weights = weights
        self.pool_shape = pool_shape
        self.pool_stride = pool_shape if pool_stride is None else pool_stride
        self.positive_receptor_type = positive_receptor_type
        self.negative_receptor_type = negative_receptor_type
        self.verbose = bool(verbose)

    signed_receptor_types = ConvolutionConnector.signed_receptor_types

    @staticmethod
    def _per_dimension(value, n_dims, name):
        if value is None:
            return np.ones(n_dims, dtype=int)
        values = np.array([value] * n_dims if np.isscalar(value) else value, dtype=int)
        if values.shape != (n_dims,) or np.any(values < 1):
            raise ValueError(f"PoolDenseConnector: {name} must be a positive int or one "
                             f"per dimension ({n_dims}), not {value!r}")
        return values

    def get_post_pool_shape(self, pre_shape):
        """The shape of the pooled pre population (``pre_shape // pool_stride``)."""
        stride = self._per_dimension(self.pool_stride, len(pre_shape), "pool_stride")
        return tuple(int(n) for n in np.array(pre_shape) // stride)

    def _weight_matrix(self, n_pooled, n_post):
        if isinstance(self.weights, RandomDistribution):
            values = np.asarray(self.weights.next(n_pooled * n_post), dtype=float)
            return values.reshape(n_pooled, n_post)
        values = np.asarray(self.weights, dtype=float)
        if values.ndim == 0:
            return np.full((n_pooled, n_post), float(values))
        if values.size != n_pooled * n_post:
            raise ValueError(f"PoolDenseConnector: {n_pooled} pooled cells x {n_post} post "
                             f"cells need {n_pooled * n_post} weights, not {values.size}")
        return values.reshape(n_pooled, n_post)

    def connection_arrays(self, projection):
        """(pre index, post index, signed weight) of every connection."""
        geometry = tuple(int(n) for n in getattr(projection.pre, "geometry",
                                                 (projection.pre.size,)))
        stride = self._per_dimension(self.pool_stride, len(geometry), "pool_stride")
        pooled_shape = np.array(geometry) // stride
        coords = np.array(np.unravel_index(np.arange(projection.pre.size), geometry[::-1]))
        coords = coords[::-1] // stride[:, None]          # first dimension fastest
        inside = np.all(coords < pooled_shape[:, None], axis=0)
        pooled = np.ravel_multi_index(tuple(coords[::-1][:, inside]),
                                      tuple(pooled_shape[::-1]))
        matrix = self._weight_matrix(int(np.prod(pooled_shape)), projection.post.size)
        pre_cells = np.flatnonzero(inside)
        weights = matrix[pooled]                          # (n pre kept, n_post)
        pre_idx, post_idx = np.nonzero(weights)
        return pre_cells[pre_idx], post_idx, weights[pre_idx, post_idx]

    connect = ConvolutionConnector.connect

"""sPyNNaker's ``KernelConnector``: a 2-d pre population connected to a 2-d post population
through one kernel of weights and delays, with sampling steps and start offsets.

The rule, as sPyNNaker 7.4.1 connects (shapes are (rows, columns); a population holds
(row, col) as neuron ``row * columns + col``; kh, kw the kernel's shape):

- post (r, c) sits at (post_start_r + r * post_step_r, post_start_c + c * post_step_c) of
  the common (pre) grid, written in sampled pre coordinates as
  p = ((that - pre_start - 1) // pre_step) + 1 per dimension (floor division);
- pre (pr, pc) takes part when (pr - pre_start_r) % pre_step_r == 0 and the same for
  columns (Python's modulo); it connects to that post cell when kr = kh // 2 - (p_r - pr)
  and kc = kw // 2 - (p_c - pc) fall inside the kernel, with weight_kernel[kr, kc] and
  delay_kernel[kr, kc].

Without a weight (delay) kernel the projection's synapse weight (delay) fills one: a number
everywhere, a RandomDistribution drawn once for the kernel's cells (every connection through
the same cell shares its value, as in sPyNNaker), or a (kh, kw) array.  The connections are
made on the host and run through the ordinary synaptic matrices.
"""
import numpy as np
from pyNN import connectors as pc
from pyNN.random import RandomDistribution

from .connectors import FromListConnector

ROWS, COLS = 0, 1


def _pair(value, default, name):
    if value is None:
        return np.array(default, dtype=int)
    pair = np.asarray(value)
    if pair.shape != (2,) or not np.all(np.equal(np.mod(pair, 1), 0)):
        raise ValueError(f"KernelConnector: {name} must be two integers (rows, columns), "
                         f"not {value!r}")
    return pair.astype(int)


class KernelConnector(pc.Connector):
    """Every post (row, column) neuron connected to the pre neurons under a kernel centred
    on its place in the pre grid (see the module docstring).  Parameters as sPyNNaker
    7.4.1's; ``space`` must be None and ``verbose``/``callback`` are accepted."""
    parameter_names = ("shape_pre", "shape_post", "shape_kernel")

    def __init__(self, shape_pre, shape_post, shape_kernel, weight_kernel=None,
                 delay_kernel=None, shape_common=None, pre_sample_steps_in_post=None,
                 pre_start_coords_in_post=None, post_sample_steps_in_pre=None,
                 post_start_coords_in_pre=None, safe=True, space=None, verbose=False,
                 callback=None):
        super().__init__(safe=safe, callback=callback)
        if space is not None:
            raise ValueError("KernelConnector: space is not supported (must be None), as in "
                             "sPyNNaker")
        self.shape_pre = _pair(shape_pre, None, "shape_pre")
        self.shape_post = _pair(shape_post, None, "shape_post")
        self.shape_kernel = _pair(shape_kernel, None, "shape_kernel")
        if np.any(self.shape_kernel < 1) or np.any(self.shape_pre < 1) or \
                np.any(self.shape_post < 1):
            raise ValueError("KernelConnector: shapes must be at least (1, 1)")
        self.shape_common = (self.shape_pre if shape_common is None
                             else _pair(shape_common, None, "shape_common"))
        self.pre_step = _pair(pre_sample_steps_in_post, (1, 1), "pre_sample_steps_in_post")
        self.pre_start = _pair(pre_start_coords_in_post, (0, 0), "pre_start_coords_in_post")
        self.post_step = _pair(post_sample_steps_in_pre, (1, 1), "post_sample_steps_in_pre")
        self.post_start = _pair(post_start_coords_in_pre, (0, 0),
                                "post_start_coords_in_pre")
        if np.any(self.pre_step < 1) or np.any(self.post_step < 1):
            raise ValueError("KernelConnector: sampling steps must be at least 1")
        self.weight_kernel = self._kernel(weight_kernel, "weight_kernel")
        self.delay_kernel = self._kernel(delay_kernel, "delay_kernel")
        self.verbose = bool(verbose)

    def _kernel(self, values, name):
        if values is None:
            return None
        shape = tuple(int(v) for v in self.shape_kernel)
        if isinstance(values, RandomDistribution):
            return np.asarray(values.next(shape[0] * shape[1]), float).reshape(shape)
        array = np.asarray(values, dtype=float)
        if array.ndim == 0:
            return np.full(shape, float(array))
        if array.shape != shape:
            raise ValueError(f"KernelConnector: {name} must have the kernel's shape {shape} "
                             f"(rows, columns), not {array.shape}")
        return array

    def connection_arrays(self, n_pre, n_post):
        """(pre index, post index, kernel row, kernel column) of every connection, by post."""
        k_rows, k_cols = (int(v) for v in self.shape_kernel)
        pre_cols, post_cols = int(self.shape_pre[COLS]), int(self.shape_post[COLS])
        post = np.arange(n_post)
        grid = np.stack(np.divmod(post, post_cols))                 # (2, n_post)
        common = self.post_start[:, None] + grid * self.post_step[:, None]
        sampled = (common - self.pre_start[:, None] - 1) // self.pre_step[:, None] + 1
        half = np.array([k_rows // 2, k_cols // 2])
        pres, posts, krs, kcs = [], [], [], []
        for kr in range(k_rows):
            for kc in range(k_cols):
                pr = sampled[ROWS] - half[ROWS] + kr
                pcol = sampled[COLS] - half[COLS] + kc
                ok = (pcol >= 0) & (pcol < pre_cols) & (pr >= 0)
                ok &= ((pr - self.pre_start[ROWS]) % self.pre_step[ROWS] == 0)
                ok &= ((pcol - self.pre_start[COLS]) % self.pre_step[COLS] == 0)
                index = pr * pre_cols + pcol
                ok &= index < n_pre
                pres.append(index[ok])
                posts.append(post[ok])
                krs.append(np.full(int(ok.sum()), kr))
                kcs.append(np.full(int(ok.sum()), kc))
        pre, post, kr, kc = (np.concatenate(a) for a in (pres, posts, krs, kcs))
        order = np.lexsort((pre, post))
        return pre[order], post[order], kr[order], kc[order]

    def _values(self, kernel, projection, name):
        """The kernel of weights or delays: given, else from the synapse's parameter."""
        if kernel is not None:
            return kernel
        value = projection.synapse_type.parameter_space[name].base_value
        if callable(value) and not isinstance(value, RandomDistribution):
            raise ValueError(f"KernelConnector: a {name} given as a function of distance "
                             f"cannot fill a kernel; give {name}_kernel")
        return self._kernel(value, f"the synapse's {name}")

    def connect(self, projection):
        pre, post, kr, kc = self.connection_arrays(projection.pre.size, projection.post.size)
        weights = self._values(self.weight_kernel, projection, "weight")[kr, kc]
        delays = self._values(self.delay_kernel, projection, "delay")[kr, kc]
        FromListConnector(np.column_stack([pre, post, weights, delays]),
                             column_names=["weight", "delay"]).connect(projection)

"""Prototype (benchmarks only): FixedProbabilityConnector in bulk, O(synapses) not O(N^2).

PyNN's MapConnector draws N_pre uniform numbers and evaluates the synapse parameters per
post-synaptic neuron, then calls ``Projection._convergent_connect`` once per post neuron;
at N = 40,000 that is 1.6e9 random numbers and 240,000 Python calls.  This patch measures
what the PyNN layer would gain by doing instead what ``install()`` does below: draw the gaps
between connections of the flattened (post, pre) matrix from a geometric distribution,
so that the connections come out sorted by post then pre (PyNN's order), and hand the
whole projection to the Projection as one batch.  It is NOT used by the backend: the
connections differ from PyNN's stream (same distribution, other random numbers), and the
proper home of this is ``spynnaker_backend/pynn/projection.py`` (see benchmarks/README.md).

Only homogeneous weights and delays are handled; anything else falls back to PyNN.
"""
import numpy as np


def bulk_fixed_probability(p, n_pre, n_post, seed, allow_self=True, same_population=False):
    """(pre, post) of a Bernoulli(p) matrix, sorted by post then pre."""
    rng = np.random.default_rng(seed)
    total = n_pre * n_post
    if p <= 0 or total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if p >= 1:
        flat = np.arange(total, dtype=np.int64)
    else:
        expected = total * p
        n_draw = int(expected + 6 * np.sqrt(expected) + 100)
        flat = np.cumsum(rng.geometric(p, size=n_draw), dtype=np.int64) - 1
        while flat[-1] < total:   # rare: the draw fell short
            more = np.cumsum(rng.geometric(p, size=n_draw // 10 + 100), dtype=np.int64)
            flat = np.concatenate((flat, flat[-1] + more))
        flat = flat[:np.searchsorted(flat, total)]
    post, pre = np.divmod(flat, n_pre)
    if not allow_self and same_population:
        keep = pre != post
        pre, post = pre[keep], post[keep]
    return pre, post


def install():
    """Patch FixedProbabilityConnector.connect for pyNN.spiNNaker projections."""
    from pyNN import connectors
    from spynnaker_backend.pynn.projection import Projection
    original = connectors.FixedProbabilityConnector.connect

    def connect(self, projection):
        params = projection.synapse_type.native_parameters
        if (not isinstance(projection, Projection)
                or self.allow_self_connections not in (True, False)
                or not all(params[name].is_homogeneous for name in ("weight", "delay"))):
            return original(self, projection)
        seed = int(self.rng.rng.randint(0, 2 ** 31)) if hasattr(self.rng, "rng") else 0
        pre, post = bulk_fixed_probability(
            self.p_connect, projection.pre.size, projection.post.size, seed,
            self.allow_self_connections, projection.pre is projection.post)
        n = len(pre)
        params.shape = (1, 1)
        w = float(np.ravel(params["weight"].evaluate(simplify=True))[0])
        d = float(np.ravel(params["delay"].evaluate(simplify=True))[0])
        projection._batches.append((pre, post, np.full(n, w), np.full(n, d)))

    connectors.FixedProbabilityConnector.connect = connect

"""Bulk connection generation for PyNN's common connectors, O(synapses) in numpy.

PyNN's ``MapConnector`` draws a column of N_pre random numbers and evaluates the synapse
parameters once per post-synaptic neuron, then calls ``Projection._convergent_connect``
per post neuron: at 40,000 neurons that is 1.6e9 random numbers and 10^5 Python calls.
:func:`bulk_connect` produces the same *distribution* of connections (not PyNN's random
stream) for AllToAll, OneToOne, FixedProbability, FixedNumberPre/Post and FixedTotalNumber
connectors with scalar or RandomDistribution weights and delays, in one pass:

- FixedProbabilityConnector with a ``NumpyRNG`` consumes PyNN's own stream (one uniform
  number per (pre, post) pair, column by column), so it builds *the same network* as
  pyNN.nest or any other backend for the same seed; RandomDistribution weights and delays
  with their own rngs are drawn in connection order, as PyNN draws them;
- the other random connectors draw from a numpy ``Generator`` seeded with words taken from
  the connector's ``rng``: a seeded ``NumpyRNG`` gives the same connectivity every time and a
  connector reused with the same ``rng`` gives a new draw, with PyNN's distribution but not
  PyNN's random stream;
- self connections (a pre and a post cell with the same ID) are excluded when
  ``allow_self_connections`` is False, whether ``pre`` and ``post`` are the same Population
  or overlapping views / Assemblies;
- connections come out sorted by post-synaptic index (as PyNN's connectors emit them),
  which the synapse-matrix stage splits for free;
- indices come out as int32 (:func:`index_dtype`) and homogeneous weights and delays as
  read-only zero-stride views of one number (``np.broadcast_to``): at 3e8 synapses that is
  8 bytes a connection instead of 32.

Anything else returns None and the caller runs PyNN's ``connector.connect``.
"""
import numbers

import numpy as np
from pyNN import connectors as pc
from pyNN.random import NumpyRNG, RandomDistribution, WrappedRNG

from .native_draw import bernoulli_positions

#: connectors handled here (exact types: a subclass may change ``connect``)
_HANDLED = (pc.AllToAllConnector, pc.OneToOneConnector, pc.FixedProbabilityConnector,
            pc.FixedNumberPreConnector, pc.FixedNumberPostConnector,
            pc.FixedTotalNumberConnector)
#: random draws per block of the geometric gap generator (bounds temporary memory)
_BLOCK = 1 << 22


def connector_kind(connector):
    """PyNN's class of ``connector``: for the ``verbose``-accepting classes of
    :mod:`.connectors` (which connect exactly as PyNN's), the PyNN class they extend."""
    kind = type(connector)
    return kind.__dict__.get("pynn_class", kind)


def index_dtype(n):
    """The integer type that holds indices below ``n``: int32 (half of int64's memory at
    3e8 connections), int64 only for populations beyond 2**31 cells."""
    return np.int32 if n < 2 ** 31 else np.int64


def constant(value, n):
    """``n`` copies of one float as a read-only zero-stride array (no memory per element)."""
    return np.broadcast_to(np.float64(value), (n,))


def _parameter_source(larray):
    """A float (homogeneous), a RandomDistribution (one draw per connection) or None."""
    base = larray.base_value
    if isinstance(base, RandomDistribution):
        return base if not larray.operations else None
    if callable(base) or isinstance(base, np.ndarray) or not larray.is_homogeneous:
        return None
    value = np.ravel(larray.evaluate(simplify=True))
    return float(value[0]) if value.size == 1 else None


def _cell_ids(neurons):
    return np.asarray(neurons.all_cells, dtype=np.int64)


class _Self:
    """Which (pre, post) pairs are self connections: same cell ID."""

    def __init__(self, projection):
        pre, post = projection.pre, projection.post
        self.same = pre is post
        self.pre_ids = self.post_ids = None
        self.any = True
        if not self.same:
            self.pre_ids, self.post_ids = _cell_ids(pre), _cell_ids(post)
            self.any = bool(np.intersect1d(self.pre_ids, self.post_ids).size)

    def mask(self, pre, post):
        """True where (pre[k], post[k]) is a self connection."""
        if self.same:
            return pre == post
        return self.pre_ids[pre] == self.post_ids[post]

    def partner(self, of_post, n_pre, n_post):
        """For each post index (of_post=True) the pre index with the same ID, else -1
        (and conversely); None when there is none at all."""
        if not self.any:
            return None
        if self.same:
            return np.arange(n_post if of_post else n_pre, dtype=np.int64)
        mine, other = ((self.post_ids, self.pre_ids) if of_post
                       else (self.pre_ids, self.post_ids))
        order = np.argsort(other, kind="stable")
        pos = np.minimum(np.searchsorted(other, mine, sorter=order), len(other) - 1)
        found = order[pos]
        return np.where(other[found] == mine, found, -1).astype(np.int64)


def _seed_generator(rng):
    """A numpy Generator seeded from the connector's PyNN rng (advancing it)."""
    words = np.asarray(rng.next(4, "uniform_int", {"low": 0, "high": 2 ** 31 - 1}))
    return np.random.default_rng([int(w) for w in words])


def _bernoulli_flat(gen, p, total):
    """Sorted positions in [0, total) each present with probability p (geometric gaps)."""
    if p <= 0 or total == 0:
        return np.zeros(0, np.int64)
    if p >= 1:
        return np.arange(total, dtype=np.int64)
    chunks, last = [], -1
    block = int(min(max(total * p * 1.02 + 6 * np.sqrt(total * p) + 64, 64), _BLOCK))
    while last < total:
        flat = gen.geometric(p, size=block)
        np.cumsum(flat, out=flat)
        flat += last
        last = int(flat[-1])
        if last >= total:
            flat = flat[:np.searchsorted(flat, total)]
        chunks.append(flat)
    return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)


def _pynn_bernoulli_flat(rng, p, total):
    """PyNN's FixedProbabilityConnector stream: uniform[0, 1) per flattened (post, pre)
    position, in that order, connected where < p; the positions, int64, ascending.

    PyNN draws them through a LazyArray, which works on a deep copy of the connector's
    RandomDistribution and so of the rng: the connector's rng itself does not advance, and
    every projection sharing it starts from the same state.  The same here: the native
    kernel runs MT19937 from a copy of ``rng.rng``'s state and keeps only the hits (PyNN's
    uniform(0, 1) is exactly numpy's ``random_sample``)."""
    return bernoulli_positions(rng.rng, p, total)


def _drop(keep, *arrays):
    return tuple(a[keep] for a in arrays)


def _redraw_self(gen, self_, pre, post, n_pre, redraw_pre):
    """With-replacement draws: redraw the self connections until there are none."""
    bad = np.nonzero(self_.mask(pre, post))[0]
    target = pre if redraw_pre else post
    for _ in range(1000):
        if not bad.size:
            return
        target[bad] = gen.integers(0, n_pre, size=bad.size)
        bad = bad[self_.mask(pre[bad], post[bad])]
    raise RuntimeError("could not avoid self connections (a cell may only connect to itself)")


def _sample_rows(gen, counts, m, exclude):
    """For each row r, counts[r] distinct values of [0, m) without value exclude[r] (>= 0),
    PyNN's full sets first when counts[r] exceeds what is allowed.  Returns (row, value),
    sorted by row then value."""
    rows = counts.size
    allowed = np.full(rows, m, dtype=np.int64) if exclude is None else m - (exclude >= 0)
    if np.any((allowed == 0) & (counts > 0)):
        raise ValueError("cannot make connections: no allowed partner")
    safe_allowed = np.maximum(allowed, 1)
    full, rem = np.divmod(counts, safe_allowed)
    out_rows, out_vals = [], []
    if np.any(full):
        # whole sets of allowed values, repeated `full` times
        r = np.repeat(np.arange(rows), full * allowed)
        start = np.cumsum(allowed * full) - allowed * full
        v = (np.arange(r.size) - np.repeat(start, full * allowed)) % np.repeat(safe_allowed,
                                                                                full * allowed)
        if exclude is not None:
            v += (exclude[r] >= 0) & (v >= exclude[r])     # skip the excluded value
        out_rows.append(r)
        out_vals.append(v)
    # the remainder, rem[r] distinct allowed values: few per row by rejection of
    # duplicates, many per row (> a quarter of those allowed) by sorting random keys
    sparse = rem * 4 <= allowed
    r = np.repeat(np.arange(rows, dtype=np.int64), np.where(sparse, rem, 0))
    v = (gen.random(r.size) * allowed[r]).astype(np.int64)
    a = allowed[r]
    bad = np.arange(r.size)
    while bad.size:
        key = r * m + v
        order = np.argsort(key, kind="stable")
        dup = np.zeros(r.size, bool)
        dup[order[1:]] = key[order[1:]] == key[order[:-1]]
        bad = np.nonzero(dup)[0]
        v[bad] = (gen.random(bad.size) * a[bad]).astype(np.int64)
    if exclude is not None:
        v += (exclude[r] >= 0) & (v >= exclude[r])     # skip the excluded value
    out_rows.append(r)
    out_vals.append(v)
    dense = np.nonzero(~sparse & (rem > 0))[0]
    step = max(1, (1 << 22) // max(m, 1))
    for i in range(0, dense.size, step):
        chunk = dense[i:i + step]
        keys = gen.random((chunk.size, m))
        if exclude is not None:
            ex = exclude[chunk]
            keys[np.nonzero(ex >= 0)[0], ex[ex >= 0]] = np.inf   # never among the first
        first = np.argsort(keys, axis=1)
        take = np.arange(m)[None, :] < rem[chunk][:, None]
        out_rows.append(np.broadcast_to(chunk[:, None], first.shape)[take])
        out_vals.append(first[take].astype(np.int64))
    r, v = np.concatenate(out_rows), np.concatenate(out_vals)
    order = np.lexsort((v, r))
    return r[order], v[order]


def _total_with_replacement(gen, n, n_pre, n_post, self_):
    """``n`` independent uniform (pre, post) pairs, sorted by post, as int32 arrays.

    Drawing the number of connections of each post cell first (multinomial, equal
    probabilities) and then that many uniform pre cells gives the same distribution as n
    uniform pairs, already grouped by post: no sort of n keys (3e8 at full-scale
    Potjans-Diesmann).  Within a post cell the pre cells stay in draw order: sorting them
    would change no synaptic row (a row is one pre cell, its synapses ordered by post).
    Self connections (``self_`` given) redraw their pre cell, as PyNN does.  Blocks of
    post cells bound the temporaries.
    """
    idx = index_dtype(max(n_pre, n_post))
    pre_out, post_out = np.empty(n, idx), np.empty(n, idx)
    if n == 0:
        return pre_out, post_out
    counts = gen.multinomial(n, np.full(n_post, 1.0 / n_post))
    ends = np.cumsum(counts)
    draw_type = np.uint32 if n_pre < 2 ** 31 else np.uint64
    posts_per_block = max(1, (2 ** 32 - 1) // n_pre) if draw_type is np.uint32 else n_post
    first_post, start = 0, 0
    while first_post < n_post:
        stop_post = min(n_post, first_post + posts_per_block,
                        int(np.searchsorted(ends, start + 4 * _BLOCK, side="right")))
        stop_post = max(stop_post, first_post + 1)
        stop = int(ends[stop_post - 1])
        post = post_out[start:stop]
        post[:] = np.repeat(np.arange(first_post, stop_post, dtype=idx),
                            counts[first_post:stop_post])
        pre = pre_out[start:stop]
        pre[:] = gen.integers(0, n_pre, size=stop - start, dtype=draw_type)
        if self_ is not None:
            _redraw_self(gen, self_, pre, post, n_pre, redraw_pre=True)
        first_post, start = stop_post, stop
    return pre_out, post_out


def _counts(n, size):
    """Per-row numbers of connections from an int or a RandomDistribution."""
    if isinstance(n, numbers.Integral):
        return np.full(size, int(n), dtype=np.int64)
    counts = np.asarray(n.next(size), dtype=np.int64).reshape(size)
    if np.any(counts < 0):
        raise ValueError("the random distribution of n produced negative numbers")
    return counts


def _connectivity(connector, projection, gen):
    """(pre, post) index arrays sorted by post; None when not handled."""
    n_pre, n_post = projection.pre.size, projection.post.size
    kind = connector_kind(connector)
    no_self = getattr(connector, "allow_self_connections", True) is False
    self_ = _Self(projection) if no_self else None
    if no_self and not self_.any:
        no_self = False
    if kind is pc.OneToOneConnector:
        n = min(n_pre, n_post)
        return np.arange(n, dtype=np.int64), np.arange(n, dtype=np.int64)
    if kind in (pc.AllToAllConnector, pc.FixedProbabilityConnector):
        if kind is pc.AllToAllConnector:
            flat = np.arange(n_pre * n_post, dtype=np.int64)
        elif type(connector.rng) is NumpyRNG:
            flat = _pynn_bernoulli_flat(connector.rng, connector.p_connect, n_pre * n_post)
        else:
            flat = _bernoulli_flat(gen, connector.p_connect, n_pre * n_post)
        post, pre = np.divmod(flat, n_pre) if n_pre else (flat, flat)
        del flat
        if no_self:
            pre, post = _drop(~self_.mask(pre, post), pre, post)
        return pre, post
    if kind is pc.FixedTotalNumberConnector:
        if not isinstance(connector.n, numbers.Integral):
            return None
        n, total = int(connector.n), n_pre * n_post
        if connector.with_replacement:
            return _total_with_replacement(gen, n, n_pre, n_post, self_ if no_self else None)
        else:
            excluded = (int(np.count_nonzero(self_.partner(True, n_pre, n_post) >= 0))
                        if no_self else 0)
            if n > total - excluded:
                raise ValueError(f"FixedTotalNumberConnector: {n} connections without "
                                 f"replacement exceed the {total - excluded} possible")
            # a uniform (n + excluded)-subset holds >= n allowed pairs; a uniform n-subset
            # of those is a uniform n-subset of the allowed pairs
            flat = gen.choice(total, size=min(total, n + excluded), replace=False)
            post, pre = np.divmod(flat.astype(np.int64), n_pre)
            if no_self:
                pre, post = _drop(~self_.mask(pre, post), pre, post)
            pick = gen.permutation(pre.size)[:n]
            # distinct pairs: sorting the flat index post * n_pre + pre sorts by (post, pre)
            flat = np.sort(post[pick] * n_pre + pre[pick])
            post, pre = np.divmod(flat, n_pre)
            return pre, post
    if kind in (pc.FixedNumberPreConnector, pc.FixedNumberPostConnector):
        by_post = kind is pc.FixedNumberPreConnector
        rows, m = (n_post, n_pre) if by_post else (n_pre, n_post)
        counts = _counts(connector.n, rows)
        if connector.with_replacement:
            row = np.repeat(np.arange(rows, dtype=np.int64), counts)
            val = gen.integers(0, m, size=row.size) if row.size else row.copy()
            pre, post = (val, row) if by_post else (row, val)
            if no_self:
                _redraw_self(gen, self_, pre, post, m, redraw_pre=by_post)
            if by_post:
                order = np.lexsort((pre, post))
                return pre[order], post[order]
        else:
            exclude = self_.partner(by_post, n_pre, n_post) if no_self else None
            row, val = _sample_rows(gen, counts, m, exclude)
            if by_post:
                return val, row
            pre, post = row, val
        order = np.lexsort((pre, post))
        return pre[order], post[order]
    return None


def bulk_connect(projection, connector):
    """The projection's connections as (pre, post, weight, delay) arrays, or None.

    None means "not handled here": run PyNN's ``connector.connect(projection)``.
    """
    if (connector_kind(connector) not in _HANDLED or connector.location_selector is not None
            or getattr(connector, "allow_self_connections", True) not in (True, False)):
        return None
    rng = getattr(connector, "rng", None)
    if rng is not None and not isinstance(rng, WrappedRNG):
        return None
    params = projection.synapse_type.native_parameters
    # a plastic synapse's other parameters are per projection (checked by its rule)
    extra = set(params.keys()) - {"weight", "delay"}
    if not {"weight", "delay"} <= set(params.keys()) or \
            (extra and getattr(projection, "_rule", None) is None) or \
            getattr(projection, "_stp_names", None):   # per-connection synapse parameters
        return None
    params.shape = (projection.pre.size, projection.post.size)
    sources = {name: _parameter_source(params[name]) for name in ("weight", "delay")}
    if any(s is None for s in sources.values()):
        return None
    # PyNN interleaves the draws of one rng shared by connector and parameters: keep its order
    rngs = [rng] + [s.rng for s in sources.values() if isinstance(s, RandomDistribution)]
    if isinstance(getattr(connector, "n", None), RandomDistribution):
        rngs.append(connector.n.rng)
    rngs = [r for r in rngs if r is not None]
    if len(set(map(id, rngs))) != len(rngs):
        return None
    exact = connector_kind(connector) is pc.FixedProbabilityConnector and type(rng) is NumpyRNG
    gen = _seed_generator(rng) if rng is not None and not exact else None
    result = _connectivity(connector, projection, gen)
    if result is None:
        return None
    idx = index_dtype(max(projection.pre.size, projection.post.size))
    pre, post = (a.astype(idx, copy=False) for a in result)
    del result
    n = pre.size
    values = []
    for name in ("weight", "delay"):
        s = sources[name]
        if isinstance(s, RandomDistribution):
            values.append(np.asarray(s.next(n), dtype=np.float64).reshape(n) if n
                          else np.zeros(0))
        else:
            values.append(constant(s, n))
    if connector.callback is not None:
        connector.callback(1.0)
    return pre, post, values[0], values[1]

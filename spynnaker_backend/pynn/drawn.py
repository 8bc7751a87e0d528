"""Columns of random weights or delays kept as the draw that made them, not as numbers.

A RandomDistribution over a ``NumpyRNG`` is a pure function of the generator's state: a
copy of the distribution (and of its generator) taken just before the connector drew ``n``
values gives the same ``n`` values again, bit for bit, whenever asked.  At full-scale
Potjans-Diesmann (3e8 connections with normal weights and delays) holding both columns as
float64 took 4.8 GB for the whole life of the network; a :class:`DrawnColumn` holds ~5 kB.

The column behaves as a read-only float64 array wherever numpy meets it (``np.asarray``,
ufuncs and operators, slicing, ``len``, ``min``/``max``): each such use draws the values
again (~30 ns per value), unless the column is *pinned* (``with column.pinned():``), which
keeps one drawn copy for the duration (the mapping pins a population's incoming weights
while it quantises them).  Only big columns are kept this way (:data:`MIN_SIZE`).
"""
import contextlib
import copy

import numpy as np

from .lazy_column import LazyColumn

#: Columns shorter than this stay plain arrays (the draw is cheap to hold).
MIN_SIZE = 1 << 16


class DrawnColumn(LazyColumn):
    """``n`` float64 values of ``distribution`` drawn from its generator's current state
    (the distribution is copied: drawing from the original advances it as before);
    ``absolute``: the magnitudes of those values."""

    ndim = 1
    dtype = np.dtype(np.float64)
    strides = (8,)   # a real (not zero-stride) column for the code that looks

    def __init__(self, distribution, n, absolute=False, _state=None):
        self._distribution = _state if _state is not None else copy.deepcopy(distribution)
        self._n = int(n)
        self._absolute = bool(absolute)
        self._pinned = None
        self._pins = 0
        self._range = None   # (min, max), once known
        #: what the mapping derives from the values and keeps (delays: ticks per dt)
        self.memo = {}

    # ------------------------------------------------------------------ the values
    def values(self) -> np.ndarray:
        """The column as a float64 array (the pinned copy, or a fresh draw)."""
        if self._pinned is not None:
            return self._pinned
        drawn = copy.deepcopy(self._distribution).next(self._n) if self._n else []
        values = np.asarray(drawn, dtype=np.float64).reshape(self._n)
        if self._absolute:
            np.abs(values, out=values)
        values.flags.writeable = False   # like the arrays edges share: never in place
        if self._range is None and self._n:
            self._range = (float(values.min()), float(values.max()))
        return values

    @contextlib.contextmanager
    def pinned(self, values=None):
        """Keep one drawn copy (``values``, when already drawn by :meth:`values`) while the
        block runs (nested pins share it)."""
        if self._pins == 0:
            self._pinned = self.values() if values is None else values
        self._pins += 1
        try:
            yield self._pinned
        finally:
            self._pins -= 1
            if self._pins == 0:
                self._pinned = None

    def magnitudes(self) -> "DrawnColumn":
        """|values| as a column of its own (no array)."""
        out = DrawnColumn(None, self._n, True, _state=self._distribution)
        if self._range is not None:
            lo, hi = self._range
            out._range = (0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi)),
                          max(abs(lo), abs(hi)))
        return out

    # ------------------------------------------------------------------ array protocol
    def __getitem__(self, index):
        if isinstance(index, slice) and index == slice(None):
            return self   # the whole column: itself (edges of one vertex pair share it)
        return self.values()[index]

    def min(self, axis=None, out=None, **kwargs):
        if self._range is None or axis is not None or out is not None or kwargs:
            return self.values().min(axis=axis, out=out, **kwargs)
        return np.float64(self._range[0])

    def max(self, axis=None, out=None, **kwargs):
        if self._range is None or axis is not None or out is not None or kwargs:
            return self.values().max(axis=axis, out=out, **kwargs)
        return np.float64(self._range[1])

    def value_range(self):
        """(smallest, largest) value: known from the first draw, without drawing again."""
        if self._range is None:
            self.values()
        return self._range if self._n else (np.inf, -np.inf)

    def copy(self):
        return np.array(self.values())

    def astype(self, dtype, copy=True):
        return np.array(self.values(), dtype=dtype, copy=copy)

    def __repr__(self):
        return (f"DrawnColumn({self._n} values of {self._distribution.name}"
                f"{', magnitudes' if self._absolute else ''})")


def drawn(distribution, n):
    """The next ``n`` values of ``distribution`` as a :class:`DrawnColumn`, pinned (it holds
    them until :func:`release`, then draws them again when asked); None when the column is
    small or its generator cannot be replayed (the caller draws an array as before).  The
    caller releases the pin once it has checked and stored the column."""
    from pyNN.random import NumpyRNG
    if n < MIN_SIZE or type(getattr(distribution, "rng", None)) is not NumpyRNG:
        return None
    column = DrawnColumn(distribution, n)
    values = np.asarray(distribution.next(n), dtype=np.float64).reshape(n)
    values.flags.writeable = False
    column._pinned, column._pins = values, 1
    column._range = (float(values.min()), float(values.max())) if n else None
    return column


def release(column):
    """Drop the pin :func:`drawn` left (a no-op for anything but a DrawnColumn)."""
    if isinstance(column, DrawnColumn) and column._pins:
        column._pins -= 1
        if column._pins == 0:
            column._pinned = None


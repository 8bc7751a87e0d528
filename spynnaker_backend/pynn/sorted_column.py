"""A non-decreasing index column kept as counts: the post-synaptic indices of a projection.

The bulk connectors emit connections sorted by post-synaptic cell, so that column is
``np.repeat(arange(n), counts)``: n + 1 run starts hold it, instead of 4 bytes a connection
(1.2 GB at full-scale Potjans-Diesmann).  The column behaves as a read-only integer array
where numpy meets it; a contiguous slice or a search (``np.searchsorted``, which the mapping
uses to cut an edge by post slice) is answered from the run starts without building the
rest, and anything else builds the array (~1 ns a connection) for the caller.
"""
import numpy as np

from . import drawn
from .lazy_column import LazyColumn


class SortedIndexColumn(LazyColumn):
    """``counts[i]`` copies of i, for i in 0 .. len(counts) - 1, as integers of ``dtype``."""

    ndim = 1
    is_sorted = True   # what ApplicationEdge.sorted_by_post asks

    def __init__(self, counts, dtype):
        self._starts = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
        self.dtype = np.dtype(dtype)
        self.strides = (self.dtype.itemsize,)
        self._n = int(self._starts[-1])

    @classmethod
    def of(cls, values, n_values):
        """The column of ``values`` (non-decreasing, below ``n_values``), or the array itself
        when it is short (drawn.MIN_SIZE) or not sorted."""
        values = np.asarray(values)
        if len(values) < drawn.MIN_SIZE or values.dtype.kind not in "iu" or \
                values[0] < 0 or values[-1] >= n_values or \
                not bool(np.all(values[1:] >= values[:-1])):
            return values
        return cls(np.bincount(values, minlength=n_values), values.dtype)

    def values(self, lo=0, hi=None) -> np.ndarray:
        """Elements lo .. hi - 1 as an array."""
        hi = self._n if hi is None else hi
        if hi <= lo:
            return np.zeros(0, self.dtype)
        starts = self._starts
        first = int(np.searchsorted(starts, lo, side="right")) - 1
        last = int(np.searchsorted(starts, hi, side="left"))
        runs = np.arange(first, last)
        reps = np.minimum(starts[runs + 1], hi) - np.maximum(starts[runs], lo)
        return np.repeat(runs.astype(self.dtype), reps)

    # ------------------------------------------------------------------ array protocol
    def __getitem__(self, index):
        if isinstance(index, slice):
            if index == slice(None):
                return self
            lo, hi, step = index.indices(self._n)
            if step == 1:
                return self.values(lo, hi)
        elif isinstance(index, (int, np.integer)):
            i = int(index) + (self._n if index < 0 else 0)
            if not 0 <= i < self._n:
                raise IndexError(f"index {index} is out of bounds for size {self._n}")
            return self.dtype.type(np.searchsorted(self._starts, i, side="right") - 1)
        return self.values()[index]

    def searchsorted(self, v, side="left", sorter=None):
        """np.searchsorted from the run starts: no array built."""
        if sorter is not None:
            return np.searchsorted(self.values(), v, side=side, sorter=sorter)
        n_values = len(self._starts) - 1
        v = np.asarray(v)
        if v.dtype.kind not in "iu":
            return np.searchsorted(self.values(), v, side=side)
        p = v.astype(np.int64) + (1 if side == "right" else 0)
        return self._starts[np.clip(p, 0, n_values)]

    def min(self, *args, **kwargs):
        return self.values().min(*args, **kwargs) if args or kwargs else self[0]

    def max(self, *args, **kwargs):
        return self.values().max(*args, **kwargs) if args or kwargs else self[-1]

    def astype(self, dtype, copy=True):
        if not copy and np.dtype(dtype) == self.dtype:
            return self
        return self.values().astype(dtype)

    def copy(self):
        return self.values()

    def __repr__(self):
        return f"SortedIndexColumn({self._n} indices below {len(self._starts) - 1})"

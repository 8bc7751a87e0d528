"""What the connection columns that are not arrays share (DrawnColumn: weights or delays
kept as their random draw; SortedIndexColumn: sorted post indices kept as run counts): the
NumPy array protocol over ``values()``, which builds the array when something needs it."""
import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin


class LazyColumn(NDArrayOperatorsMixin):
    """A one-dimensional column of ``_n`` values that ``values()`` materialises; NumPy
    functions and operators see that array."""
    _n = 0

    def values(self) -> np.ndarray:
        raise NotImplementedError

    def __len__(self):
        return self._n

    @property
    def shape(self):
        return (self._n,)

    @property
    def size(self):
        return self._n

    def __array__(self, dtype=None, copy=None):
        values = self.values()
        if dtype is not None and np.dtype(dtype) != values.dtype:
            return values.astype(dtype)
        return values.copy() if copy else values

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = tuple(np.asarray(x) if isinstance(x, LazyColumn) else x for x in inputs)
        if "out" in kwargs:
            kwargs["out"] = tuple(np.asarray(x) if isinstance(x, LazyColumn) else x
                                  for x in kwargs["out"])
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __iter__(self):
        return iter(self.values())

    def tolist(self):
        return self.values().tolist()

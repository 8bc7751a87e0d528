"""The mapping's per-connection weight passes in the engine library (vm/native/weights.c).

The ring-buffer statistics (per-atom sums of |w| and w^2, the exponent histogram of the
median rule, the largest weight) and the quantisation into 16-bit units each take one pass
over a block of weights instead of about ten numpy passes and their float64 temporaries;
ctypes releases the GIL, so projections quantise on several threads.  The results are those
of the numpy formulation (unittests/mapping/test_native_weights.py compares them).
"""
import ctypes
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=None)
def _kernel():
    # imported when first used: the engine library's module imports mapping's result types
    from ..vm.engine_library import engine
    lib = engine()
    i64, f64 = ctypes.c_int64, ctypes.c_double

    def array(dtype, writeable=False):
        flags = "C_CONTIGUOUS,WRITEABLE" if writeable else "C_CONTIGUOUS"
        return np.ctypeslib.ndpointer(dtype, ndim=1, flags=flags)

    stats = {}
    for name, dtype in (("weights_stats_i32", np.int32), ("weights_stats_i64", np.int64)):
        fn = getattr(lib, name)
        fn.restype = i64
        fn.argtypes = [array(np.float64), array(dtype), i64, i64,
                       array(np.float64, True), array(np.float64, True),
                       array(np.float64, True), array(np.float64, True),
                       array(np.int64, True), i64, i64, ctypes.POINTER(f64)]
        stats[np.dtype(dtype)] = fn
    quantise = lib.weights_quantise
    quantise.restype = i64
    quantise.argtypes = [array(np.float64), i64, f64, array(np.uint16, True),
                         array(np.int64, True), array(np.float64, True)]
    return stats, quantise


class WeightStats:
    """Running ring-buffer statistics of one (population, synapse type): ``total`` and
    ``total_sq`` per post atom, ``hist`` of binary exponents (np.frexp's plus
    ``exp_offset``) of the positive weights, ``biggest`` weight, ``positive`` count."""

    def __init__(self, n_atoms: int, hist: np.ndarray, exp_offset: int):
        self.n_atoms = n_atoms
        self.total = np.zeros(n_atoms)
        self.total_sq = np.zeros(n_atoms)
        self.hist = hist
        self.exp_offset = exp_offset
        self.biggest = 0.0
        self.positive = 0
        self._scratch = None

    def add(self, weights, post) -> None:
        """A block: |weights| (float64) onto post atoms ``post`` (int32 or int64)."""
        stats, _ = _kernel()
        w = np.ascontiguousarray(weights, np.float64)
        post = np.asarray(post)
        if post.dtype not in stats:
            post = post.astype(np.int64)
        post = np.ascontiguousarray(post)
        if len(post) != len(w):
            raise ValueError("weight statistics: weights and post indices differ in length")
        if self._scratch is None:
            self._scratch = (np.empty(self.n_atoms), np.empty(self.n_atoms))
        biggest = ctypes.c_double(self.biggest)
        n = stats[post.dtype](w, post, len(w), self.n_atoms, self.total, self.total_sq,
                              *self._scratch, self.hist, len(self.hist), self.exp_offset,
                              ctypes.byref(biggest))
        if n < 0:
            raise ValueError(f"weight statistics: a post index outside 0..{self.n_atoms - 1}")
        self.biggest = biggest.value
        self.positive += int(n)


def quantise_block(weights, scale: float, out: np.ndarray, counts: np.ndarray,
                   sums: np.ndarray) -> None:
    """round(|weights| * scale) into ``out`` (uint16, clipped at 65535); adds the non-zero
    weights rounded to zero and the clipped ones to ``counts`` (int64[2]), sum |w| and the
    sum of the weights rounded to zero to ``sums[0:2]`` and keeps the largest relative
    error in ``sums[2]``.  ValueError for a weight that is not finite."""
    _, quantise = _kernel()
    w = np.ascontiguousarray(weights, np.float64)
    if len(out) != len(w):
        raise ValueError("quantise: weights and output differ in length")
    if quantise(w, len(w), float(scale), out, counts, sums) < 0:
        raise ValueError("a weight is not finite")

"""The partition's slice pairs in the engine library (vm/native/pairs.c).

For an edge whose connections are sorted by post cell, each post slice's connections are
one range; pairs.c walks it once, marking which (pre slice, post slice) pairs share a
connection, directly or through the delay extension, instead of numpy's division, compare,
two compressions and count per connection.  Same ``present`` array as the numpy path
(unittests/mapping/test_partition.py compares them).
"""
import ctypes
from functools import lru_cache

import numpy as np

#: the atom and delay widths pairs.c reads
INDEX_BYTES = {np.dtype(np.int32): 4, np.dtype(np.int64): 8}
TICK_BYTES = {np.dtype(np.uint8): 1, np.dtype(np.uint16): 2, np.dtype(np.uint32): 4}


@lru_cache(maxsize=None)
def _kernel():
    # imported when first used: the engine library's module imports mapping's result types
    from ..vm.engine_library import engine
    fn = engine().pairs_mark
    i64, ptr = ctypes.c_int64, ctypes.c_void_p
    fn.restype = i64
    fn.argtypes = [ptr, i64, ptr, i64, i64, i64, i64,
                   np.ctypeslib.ndpointer(np.int32, ndim=1, flags="C_CONTIGUOUS"), i64, i64,
                   np.ctypeslib.ndpointer(np.bool_, ndim=3, flags="C_CONTIGUOUS,WRITEABLE"),
                   i64, i64]
    return fn


def usable(pre, ticks) -> bool:
    """Whether pairs.c reads these pre indices and ticks (else: the numpy path)."""
    return (isinstance(pre, np.ndarray) and pre.ndim == 1 and pre.dtype in INDEX_BYTES
            and (np.ndim(ticks) == 0 or (isinstance(ticks, np.ndarray) and ticks.ndim == 1
                                         and ticks.dtype in TICK_BYTES)))


def owners(starts, n_atoms) -> np.ndarray:
    """The slice of each of ``n_atoms`` atoms (int32) for slices starting at ``starts``
    (ascending, the first 0): the table ``mark`` looks atoms up in."""
    sizes = np.diff(np.append(np.asarray(starts, np.int64), n_atoms))
    return np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)


def mark(present, pre, ticks, has_delayed, max_core_delay, owner, post_col):
    """present[delayed, owner[pre], post_col] = True for the connections ``pre`` (one post
    slice's, ``usable``) with ``ticks`` (their delays in timesteps, an array of the same
    length or one number; only read when ``has_delayed``); ``owner``: ``owners``'s table."""
    if len(pre) == 0:
        return
    pre = np.ascontiguousarray(pre)
    tick_ptr, tick_bytes, late = None, 0, 0
    if has_delayed:
        if np.ndim(ticks) == 0:
            late = int(int(ticks) > max_core_delay)
        else:
            ticks = np.ascontiguousarray(ticks)
            if len(ticks) != len(pre):
                raise ValueError("native_pairs.mark: ticks and pre indices differ in length")
            tick_ptr, tick_bytes = ticks.ctypes.data, TICK_BYTES[ticks.dtype]
    _, n_pre, n_post = present.shape
    status = _kernel()(pre.ctypes.data, INDEX_BYTES[pre.dtype], tick_ptr, tick_bytes,
                       len(pre), late, int(max_core_delay), owner, len(owner), n_pre,
                       present, n_post, int(post_col))
    if status != 0:
        raise ValueError(f"native_pairs.mark: a pre atom outside [0, {len(owner)}) or a "
                         f"slice outside the {n_pre} pre slices")

"""One core's synaptic matrix by the engine library's counting sort (vm/native/rows.c).

The numpy path (synapses._core_matrix_numpy) sorts packed (row, position) keys; this one
counts the connections of each row, lays the senders' blocks out and places every word at
its row's cursor: two passes over the connections, no comparison sort.  Both give the same
bytes (unittests/mapping/test_native_rows.py compares them on networks of every kind).
"""
import ctypes
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=None)
def _kernel():
    # imported when first used: the engine library's module imports mapping's result types
    from ..vm.engine_library import engine
    lib = engine()
    i64 = ctypes.c_int64

    def array(dtype, writeable=False):
        flags = "C_CONTIGUOUS,WRITEABLE" if writeable else "C_CONTIGUOUS"
        return np.ctypeslib.ndpointer(dtype, ndim=1, flags=flags)

    layout, place = lib.rows_layout, lib.rows_place
    layout.restype = i64
    layout.argtypes = [array(np.int64), i64, array(np.int64), i64,
                       array(np.int64, True), array(np.int64, True), array(np.int64, True)]
    place.restype = None
    place.argtypes = [array(np.int64), array(np.uint32), i64, array(np.int64), i64,
                      array(np.int64, True), array(np.int64), array(np.int64),
                      array(np.uint32, True), i64]
    return layout, place


def core_rows(key, words, bases, counts, alloc=None):
    """(stride, offset, matrix) of one core: ``key`` (int64) is each connection's global
    row (``bases``' numbering), ``words`` (uint32) its synaptic word, both in connection
    order; ``counts`` a reusable int64 buffer of ``bases[-1]`` elements; ``alloc(n)``, when
    given, the uint32 array of n words to write the matrix into.  ``stride[s]`` is 0 for a
    sender without connections (its block is absent)."""
    layout, place = _kernel()
    key = np.ascontiguousarray(key, np.int64)
    words = np.ascontiguousarray(words, np.uint32)
    bases = np.ascontiguousarray(bases, np.int64)
    n_senders = len(bases) - 1
    if len(words) != len(key) or len(counts) < bases[-1]:
        raise ValueError("core_rows: key, words and counts do not agree in length")
    stride = np.empty(n_senders, np.int64)
    offset = np.empty(n_senders, np.int64)
    n_words = layout(key, len(key), bases, n_senders, counts, stride, offset)
    if n_words < 0:
        raise ValueError("core_rows: a connection's row is outside the senders' rows")
    matrix = np.empty(n_words, "<u4") if alloc is None else alloc(int(n_words))
    place(key, words, len(key), bases, n_senders, counts, stride, offset, matrix, n_words)
    return stride, offset, matrix


def row_strides(key, bases, counts):
    """1 + the longest row of each block of ``bases`` (0: no rows), with ``counts`` (an
    int64 buffer of ``bases[-1]`` elements) left holding each row's length for
    :func:`place_rows`."""
    layout, _ = _kernel()
    key = np.ascontiguousarray(key, np.int64)
    bases = np.ascontiguousarray(bases, np.int64)
    if len(counts) < bases[-1]:
        raise ValueError("row_strides: counts is shorter than the rows")
    stride = np.empty(len(bases) - 1, np.int64)
    offset = np.empty(len(bases) - 1, np.int64)
    if layout(key, len(key), bases, len(bases) - 1, counts, stride, offset) < 0:
        raise ValueError("row_strides: a connection's row is outside the senders' rows")
    return stride


def place_rows(key, words, bases, counts, stride, offset, matrix):
    """Write the rows into ``matrix`` (uint32, zeroed here) laid out as blocks ``bases``
    with ``stride`` and ``offset`` (words); ``counts`` as :func:`row_strides` left it
    (every row of a block with a stride must lie inside the matrix: core_table's
    layout)."""
    _, place = _kernel()
    key = np.ascontiguousarray(key, np.int64)
    words = np.ascontiguousarray(words, np.uint32)
    stride = np.ascontiguousarray(stride, np.int64)
    offset = np.ascontiguousarray(offset, np.int64)
    bases = np.ascontiguousarray(bases, np.int64)
    ends = offset + np.diff(bases) * stride
    if len(words) != len(key) or (len(ends) and ends.max() > len(matrix)):
        raise ValueError("place_rows: the blocks do not fit the matrix")
    place(key, words, len(key), bases, len(bases) - 1, counts, stride, offset, matrix,
          len(matrix))

"""PyNN's FixedProbabilityConnector draw, in C: the positions where numpy's legacy uniform
stream is below p, without materialising the uniforms.

The kernel (``native/bernoulli.c``, built as the ``_bernoulli`` extension and loaded with
ctypes, like the VM engine) runs MT19937 from a copy of a ``numpy.random.RandomState``'s
state and compares each 53-bit uniform with p in integers, so the result is exactly
``np.flatnonzero(random_state.random_sample(total) < p)`` and the RandomState does not advance.
"""
import ctypes
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..vm.engine_library import find_native_library

_HERE = Path(__file__).resolve().parent
#: MT19937 state words
_MT_N = 624
#: 2**53: numpy's legacy uniform is an integer k in [0, 2**53) divided by this
_SCALE = 1 << 53


def _find_library():
    # SPYNNAKER_BERNOULLI: another build of the kernel (e.g. with sanitizers)
    return find_native_library(_HERE, "_bernoulli", "SPYNNAKER_BERNOULLI",
                               "the connector kernel")


@lru_cache(maxsize=None)
def _kernel():
    fn = ctypes.CDLL(_find_library()).mt_bernoulli_positions
    i64 = ctypes.c_int64
    fn.restype = i64
    fn.argtypes = [
        np.ctypeslib.ndpointer(np.uint32, ndim=1, shape=(_MT_N,), flags="C_CONTIGUOUS,WRITEABLE"),
        np.ctypeslib.ndpointer(np.int32, ndim=1, shape=(1,), flags="C_CONTIGUOUS,WRITEABLE"),
        ctypes.c_uint64, i64, i64,
        np.ctypeslib.ndpointer(np.int64, ndim=1, flags="C_CONTIGUOUS,WRITEABLE"),
        i64, ctypes.POINTER(i64)]
    return fn


# loud at import: the package ships the kernel, there is no numpy fall-back
_kernel()


def threshold_of(p):
    """The integer threshold T with ``u < p  <=>  k < T`` for every legacy uniform
    ``u = k / 2**53``: ``ceil(p * 2**53)`` clamped to [0, 2**53].

    Parameters
    ----------
    p : float
        Connection probability (dimensionless); >= 1 connects every pair.
    """
    p = float(p)
    if math.isnan(p):
        raise ValueError("p_connect is NaN: a connection probability must be a number >= 0")
    if p <= 0.0:
        return 0
    if p >= 1.0:
        return _SCALE
    return math.ceil(p * float(_SCALE))   # exact: scaling by a power of two


def _mt_state(random_state):
    """A private copy (key uint32[624], pos int32[1]) of a RandomState's MT19937 state."""
    if not isinstance(random_state, np.random.RandomState):
        raise TypeError(f"random_state must be a numpy.random.RandomState, "
                        f"not {type(random_state).__name__}")
    state = random_state.get_state(legacy=False)
    if state.get("bit_generator") != "MT19937":
        raise ValueError(f"random_state must use MT19937, not {state.get('bit_generator')}")
    key = np.array(state["state"]["key"], dtype=np.uint32)   # a copy: the caller's stays put
    pos = int(state["state"]["pos"])
    if key.shape != (_MT_N,):
        raise ValueError(f"random_state's MT19937 key has shape {key.shape}, not ({_MT_N},)")
    if not 0 <= pos <= _MT_N:
        raise ValueError(f"random_state's MT19937 pos is {pos}, outside [0, {_MT_N}]")
    return key, np.array([pos], dtype=np.int32)


def _draw(key, pos, threshold, total, capacity):
    """Draw ``total`` uniforms from (key, pos), advancing them in place; the positions of
    those below threshold, int64, sorted.  ``capacity`` is the first buffer's length
    (more buffers follow when it fills)."""
    kernel, chunks, done = _kernel(), [], 0
    written = ctypes.c_int64(0)
    while done < total:
        out = np.empty(max(int(capacity), 1), dtype=np.int64)
        made = kernel(key, pos, threshold, done, total - done, out, out.size,
                      ctypes.byref(written))
        if made < 0:
            raise ValueError("the Bernoulli kernel rejected its arguments")
        chunks.append(out[:written.value])
        done += made
        rest = total - done
        p = threshold / _SCALE
        capacity = rest * p + 6.0 * math.sqrt(rest * p * (1.0 - p)) + 1024
    if len(chunks) == 1:
        return chunks[0]
    return np.concatenate(chunks) if chunks else np.zeros(0, np.int64)


def bernoulli_positions(random_state, p, total):
    """``np.flatnonzero(random_state.random_sample(total) < p)``, exactly, without the
    uniforms and without advancing ``random_state``.

    Parameters
    ----------
    random_state : numpy.random.RandomState
        The MT19937 stream (e.g. ``NumpyRNG.rng``); its state is copied, not advanced.
    p : float
        Probability (dimensionless) that a position is present, >= 0; >= 1 gives all.
    total : int
        Number of positions (and of uniforms drawn), >= 0.

    Returns
    -------
    numpy.ndarray
        int64 positions in [0, total), ascending.
    """
    threshold = threshold_of(p)
    if isinstance(total, bool) or not isinstance(total, (int, np.integer)) or total < 0:
        raise ValueError(f"total (the number of draws) must be an integer >= 0, not {total!r}")
    total = int(total)
    key, pos = _mt_state(random_state)
    if threshold == 0 or total == 0:
        return np.zeros(0, np.int64)
    if threshold == _SCALE:
        return np.arange(total, dtype=np.int64)
    q = threshold / _SCALE
    # the count is binomial(total, q): six standard deviations of slack make a second
    # buffer a one-in-a-billion event (handled all the same)
    capacity = min(total, total * q + 6.0 * math.sqrt(total * q * (1.0 - q)) + 1024)
    return _draw(key, pos, threshold, total, capacity)

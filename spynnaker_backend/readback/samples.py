"""One run's state samples as the cores wrote them, converted to PyNN units on demand.

A run's samples are kept as the raw 32-bit words of each core (4 bytes per sample and
neuron, not float64's 8) and converted once, straight into the array a reader asks for:
reading 10,000 neurons' ``v`` for 1 s at dt 0.1 ms is 1e8 values, and every float64 copy of
them on the way to Neo costs ~0.8 GB of fresh memory.
"""
import numpy as np


class RawSamples:
    """Samples of consecutive cores for one run: (samples, columns) in PyNN units.

    Parameters
    ----------
    buffers : list of numpy.ndarray of uint32 (or None for a core that records none)
        Per core, sample after sample, ``counts[c]`` raw words per sample.  Samples a
        buffer is missing (a run that stopped early) read as 0.  Kept, not copied: they
        must not change afterwards (``read_region`` returns a copy of the region).
    counts : sequence of int
        Recorded atoms of each core (its words per sample), cores in population order.
    samples : int
        Samples in the run.
    raw_type : numpy dtype
        How the raw words are read (int32 for signed fixed point, uint32 for counts).
    resolution, scale : float
        A value is ``raw / resolution * scale`` (fixed-point steps per core unit; PyNN
        units per core unit).
    quantum : float, optional
        Floor each value to a multiple of this (a power of two: exact), the step the board
        records (Recordable.shift).
    select : numpy.ndarray of int, optional
        Columns (of all cores' recorded atoms, in order) that this recording is; default
        all of them.
    """

    def __init__(self, buffers, counts, samples, raw_type, resolution, scale, select=None,
                 quantum=None):
        self._blocks, self._bounds = [], []
        lo = 0
        for data, n in zip(buffers, counts):
            n = int(n)
            if n:
                got = min(len(data) // n, samples)
                self._blocks.append(data[:got * n].reshape(got, n).view(raw_type))
                self._bounds.append((lo, lo + n))
            lo += n
        self._width = lo
        self._samples = int(samples)
        self._resolution, self._scale = resolution, scale
        self._quantum = quantum
        self._select = None if select is None else np.asarray(select, dtype=np.int64)

    @property
    def shape(self):
        return (self._samples, self._width if self._select is None else len(self._select))

    def __len__(self):
        return self._samples

    def __array__(self, dtype=None, copy=None):
        out = np.empty(self.shape)
        self.write(out)
        return out if dtype is None else out.astype(dtype, copy=False)

    def write(self, out, columns=None):
        """Write the samples of ``columns`` (default all), in PyNN units, into ``out``.

        Parameters
        ----------
        out : numpy.ndarray of float64, shape (samples, number of columns)
        columns : array of int, optional
            Columns of this recording, in the order wanted.
        """
        width = self.shape[1]
        columns = np.arange(width) if columns is None else np.asarray(columns, dtype=np.int64)
        if out.shape != (self._samples, len(columns)):
            raise ValueError(f"out has shape {out.shape}, not {(self._samples, len(columns))}")
        if len(columns) and (columns.min() < 0 or columns.max() >= width):
            raise ValueError(f"columns must be in [0, {width}): the recorded atoms")
        if self._select is not None:
            columns = self._select[columns]
        if len(columns) > 1 and np.any(columns[1:] < columns[:-1]):
            order = np.argsort(columns, kind="stable")
            ordered = np.empty_like(out)
            self._write_sorted(ordered, columns[order])
            out[:, order] = ordered
        else:
            self._write_sorted(out, columns)

    def _write_sorted(self, out, columns):
        # with a power-of-two resolution, raw * (scale / resolution) rounds exactly as
        # (raw / resolution) * scale does (dividing by 2^k is exact): one pass
        exact = np.frexp(self._resolution)[0] == 0.5
        factor = self._scale / self._resolution if exact else 1.0
        for block, (lo, hi) in zip(self._blocks, self._bounds):
            # the columns of this core are a contiguous run of the sorted columns
            i0, i1 = np.searchsorted(columns, (lo, hi))
            if i0 == i1:
                continue
            local = columns[i0:i1] - lo
            if np.all(np.diff(local) == 1):   # a view, not a gather
                src = block[:, local[0]:local[-1] + 1]
            else:
                src = block[:, local]
            got = len(block)
            dst = out[:got, i0:i1]
            np.multiply(src, factor, out=dst)
            if not exact:
                dst /= self._resolution
                dst *= self._scale
            if self._quantum:
                # raw >> shift, as the board records it: exact (powers of two)
                dst /= self._quantum
                np.floor(dst, out=dst)
                dst *= self._quantum
            out[got:, i0:i1] = 0.0

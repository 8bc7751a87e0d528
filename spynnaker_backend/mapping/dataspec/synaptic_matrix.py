"""The synaptic-matrix format: how delays split between delay extensions and the core, and
how the cores' matrices decode back into connections (for Projection.get after a run)."""
import numpy as np

from .regions import DELAY_BITS, MAX_CORE_DELAY, Region, header_dtype


def split_delay(ticks):
    """(delay-extension stage, ticks left for the neuron core's ring buffer) of each delay:
    stage 0 means the core handles it alone (1 .. MAX_CORE_DELAY ticks)."""
    ticks = np.asarray(ticks)
    stage = (ticks - 1) // MAX_CORE_DELAY
    return stage, ticks - stage * MAX_CORE_DELAY


def read_core(device, placement):
    """(synapse header, pop table entries (n x 7: key, mask, offset, row_stride, n_rows,
    core_shift, n_neurons), matrix words) of one neuron core."""
    header = np.frombuffer(device.read_region(placement, int(Region.SYNAPSE_PARAMS)),
                           header_dtype("synapse_header"), count=1)[0]
    table = np.frombuffer(device.read_region(placement, int(Region.POP_TABLE)), "<u4")
    entries = table[1:1 + 7 * int(table[0])].reshape(-1, 7)
    matrix = np.frombuffer(device.read_region(placement, int(Region.SYNAPTIC_MATRIX)), "<u4")
    return header, entries, matrix


def decode_block(header, entry, matrix):
    """Every synapse of one pop-table block: (row, column, post index, type, weight units,
    core delay ticks), in matrix order (row, then position in the row); a row is
    ``core * n_neurons + atom`` of the entry (core 0 for a per-core entry)."""
    offset, stride, n_rows = (int(v) for v in entry[2:5])
    block = matrix[offset:offset + n_rows * stride].reshape(n_rows, stride)
    counts = block[:, 0]
    cols = np.arange(1, stride)
    row, col = np.nonzero(cols[None, :] <= counts[:, None])
    words = block[row, col + 1]
    ib, tb = int(header["index_bits"]), int(header["type_bits"])
    return (row, col, words & ((1 << ib) - 1), (words >> ib) & ((1 << tb) - 1),
            words >> 16, (words >> (ib + tb)) & ((1 << DELAY_BITS) - 1))

"""The master population table of a neuron core: an entry per source population, or per
source core where that is smaller.

Every sending population's cores (its slices, or its slices' delay extensions: a *group*)
own one range of row numbers, ``n_neurons`` rows per core (the widest core's keys), so a
row is ``core * n_neurons + atom`` within its group.  On a receiving core, a group whose
cores send to it gets either

- one application-level entry (the population's key and mask from keys.py, core_shift =
  the atom bits of its keys): one block of rows for cores 0 .. the last one that connects,
  all of one stride; or
- per-core entries (each core's own key and mask, core_shift = the width of its index,
  so the core is always 0): a block per connecting core with that core's stride,

as sPyNNaker's master population table holds application-level entries and machine-level
ones in the same format.  The choice is a size comparison: per-core entries only where at
most :data:`PER_CORE_LIMIT` cores connect and their blocks are smaller than the one
application-level block (e.g. topographic projections, or rows of very uneven lengths).
The DTCM budget of the partitioner counts entries the same way
(:func:`entries_per_group`).
"""
from dataclasses import dataclass
from typing import List

import numpy as np

from .machine_graph import MachineGraph, MachineVertex

#: "auto" (the size comparison above), "population" (application-level entries only) or
#: "per_core" (an entry per source core, as before application-level entries existed).
ENTRIES = "auto"
#: Connecting cores of a group beyond which a receiving core always takes the
#: application-level entry (the partitioner budgets this many entries per group).
PER_CORE_LIMIT = 2
#: Bytes of one entry (key, mask, offset, row_stride, n_rows, core_shift, n_neurons).
ENTRY_BYTES = 28
ENTRY_WORDS = ENTRY_BYTES // 4


def entries_per_group(n_cores: int, mode: str = None) -> int:
    """Entries a receiving core may need for one group of ``n_cores`` sending cores."""
    mode = mode or ENTRIES
    if mode == "per_core":
        return n_cores
    return 1 if mode == "population" else min(n_cores, PER_CORE_LIMIT)


@dataclass
class RowLayout:
    """Row numbers of every sender of a machine graph, group by group.

    Attributes
    ----------
    row_base : ndarray
        Per machine vertex (by index): the row number of its atom 0 (-1: not a sender).
    bases : ndarray
        Boundaries of the per-core blocks: core ``k`` (over all groups) owns rows
        ``bases[k] .. bases[k + 1] - 1``; ``bases[-1]`` is the number of rows.
    first, cores, neurons : ndarray
        Per group: its first per-core block, its cores and its rows per core.
    vertices : list
        Per per-core block: its machine vertex (None where a core has no such sender).
    """
    row_base: np.ndarray
    bases: np.ndarray
    first: np.ndarray
    cores: np.ndarray
    neurons: np.ndarray
    vertices: List[MachineVertex]

    @property
    def n_rows(self) -> int:
        return int(self.bases[-1])


def row_layout(mg: MachineGraph) -> RowLayout:
    """Number the rows of every sending population's cores (and of their delay
    extensions), ``n_neurons`` rows per core of a group."""
    row_base = np.full(len(mg.vertices), -1, np.int64)
    bases, first, cores, neurons, vertices = [], [], [], [], []
    at = 0
    for slices in mg.slices_of.values():
        groups = [list(slices)]
        if any(mv in mg.delay_of for mv in slices):
            groups.append([mg.delay_of.get(mv) for mv in slices])
        for members in groups:
            n = max(mg.n_keys(mv) for mv in members if mv is not None)
            first.append(len(vertices))
            cores.append(len(members))
            neurons.append(n)
            for c, mv in enumerate(members):
                bases.append(at + c * n)
                vertices.append(mv)
                if mv is not None:
                    row_base[mv.index] = at + c * n
            at += len(members) * n
    bases.append(at)
    return RowLayout(row_base, np.array(bases, np.int64), np.array(first, np.int64),
                     np.array(cores, np.int64), np.array(neurons, np.int64), vertices)


def core_table(fine_stride: np.ndarray, layout: RowLayout, routing_info, mg: MachineGraph,
               mode: str = None):
    """The blocks and master population table of one receiving core.

    Parameters
    ----------
    fine_stride : ndarray
        Per per-core block of ``layout``: 1 + its longest row on this core (0: no rows).

    Returns
    -------
    (bases, stride, offset, table, n_words)
        Block boundaries (tiling all rows), each block's stride (0: absent) and offset in
        the matrix (words), the POP_TABLE region (uint32 array: count, then the entries
        sorted by key) and the matrix size in words.
    """
    mode = mode or ENTRIES
    block_group = np.repeat(np.arange(len(layout.first)), layout.cores)
    bounds, strides, entries = [], [], []   # entries: (block, key, mask, rows, shift, n)
    cursor = 0
    for g in np.unique(block_group[np.flatnonzero(fine_stride)]):
        f, n, per = int(layout.first[g]), int(layout.cores[g]), int(layout.neurons[g])
        s = fine_stride[f:f + n]
        base = int(layout.bases[f])
        if base > cursor:                  # groups with no rows here: one absent block
            bounds.append(cursor)
            strides.append(0)
        present = np.flatnonzero(s)
        last = int(present[-1])
        whole = (last + 1) * per * int(s.max())
        apart = per * int(s.sum())
        if mode == "per_core" or (mode == "auto" and len(present) <= PER_CORE_LIMIT
                                  and apart < whole):
            for c in range(n):
                bounds.append(base + c * per)
                strides.append(int(s[c]))
                if s[c]:
                    mv = layout.vertices[f + c]
                    km = routing_info[mv]
                    n_keys = mg.n_keys(mv)
                    entries.append((len(bounds) - 1, km.key, km.mask, n_keys,
                                    km.n_index_bits, n_keys))
        else:
            pk = routing_info.population[layout.vertices[f + last]]
            bounds.append(base)
            strides.append(int(s.max()))
            entries.append((len(bounds) - 1, pk.key, pk.mask, (last + 1) * per,
                            pk.core_shift, per))
            if last + 1 < n:
                bounds.append(base + (last + 1) * per)
                strides.append(0)
        cursor = base + n * per
    if cursor < layout.n_rows or not bounds:
        bounds.append(cursor)
        strides.append(0)
    bounds.append(layout.n_rows)
    bounds = np.array(bounds, np.int64)
    stride = np.array(strides, np.int64)
    sizes = np.diff(bounds) * stride
    offset = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    table = np.empty(1 + ENTRY_WORDS * len(entries), "<u4")
    table[0] = len(entries)
    if entries:
        e = np.array(entries, np.int64)
        e = e[np.argsort(e[:, 1], kind="stable")]   # sorted by key (keys are distinct)
        block = e[:, 0]
        table[1:].reshape(-1, ENTRY_WORDS)[:] = np.column_stack(
            [e[:, 1], e[:, 2], offset[block], stride[block], e[:, 3], e[:, 4], e[:, 5]])
    return bounds, stride, offset, table, int(sizes.sum())

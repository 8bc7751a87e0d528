"""The parameter regions of the delay-extension cores."""
from typing import Dict

import numpy as np

from ..machine_graph import atoms_pow2
from ..partition import delay_stage, edge_ticks
from .regions import MAX_CORE_DELAY, header_dtype

#: Connections per block when marking the atoms that need a stage: bounds the temporaries
#: (an edge of the full-scale microcircuit holds 4e7 connections).
_CHUNK = 1 << 22


def delay_regions(mg, graph, routing_info, dt: float, step=None) -> Dict:
    """{delay vertex: region bytes} of every delay extension of the machine graph
    (``step(n)``, when given, is told of each pre population done).

    Each pre vertex's outgoing connections are read once, whatever its number of slices:
    one (stages, atoms) table of the atoms that need each stage, cut into the slices."""
    by_vertex = {}
    for dv in mg.delay_stages:
        by_vertex.setdefault(dv.app_vertex, []).append(dv)
    out = {}
    for vertex, dvs in by_vertex.items():
        n_stages = max(mg.delay_stages[dv] for dv in dvs)
        wanted = np.zeros((n_stages, vertex.n_atoms), np.bool_)
        for edge in graph.outgoing(vertex):
            if len(edge) == 0:
                continue
            ticks, _, longest = edge_ticks(edge, dt)
            if longest <= MAX_CORE_DELAY:
                continue
            if np.ndim(ticks) == 0:
                wanted[delay_stage(ticks) - 1, np.unique(edge.pre_indices)] = True
                continue
            for lo in range(0, len(edge), _CHUNK):
                part = slice(lo, lo + _CHUNK)
                sel = np.flatnonzero(ticks[part] > MAX_CORE_DELAY)
                if len(sel):
                    stage = delay_stage(ticks[part][sel])
                    wanted[stage - 1, edge.pre_indices[part][sel]] = True
        for dv in dvs:
            out[dv] = delay_region(dv, mg, routing_info, wanted)
        if step is not None:
            step(1)
    return out


def delay_region(dv, mg, routing_info, wanted) -> bytes:
    """Header (source key, stages) and, per stage, a bitfield of the atoms that need it;
    ``wanted[stage - 1, atom]`` marks the atoms of the whole pre vertex."""
    n_stages = mg.delay_stages[dv]
    sl = dv.vertex_slice
    pow2 = atoms_pow2(sl.n_atoms)
    words = (pow2 + 31) // 32
    bits = np.zeros((n_stages, words * 32), np.uint8)
    bits[:, :sl.n_atoms] = wanted[:n_stages, sl.start:sl.stop]
    source = routing_info[next(mv for mv in mg.slices_of[dv.app_vertex]
                               if mv.vertex_slice == sl)]
    h = np.zeros(1, header_dtype("delay_header"))
    h["source_key"] = source.key
    h["source_mask"] = source.mask
    h["n_stages"] = n_stages
    h["stage_ticks"] = MAX_CORE_DELAY
    h["atoms_pow2"] = pow2
    return h.tobytes() + np.packbits(bits, axis=1, bitorder="little").tobytes()

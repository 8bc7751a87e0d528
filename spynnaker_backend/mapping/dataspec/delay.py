"""The parameter region of a delay-extension core."""
import numpy as np

from ..machine_graph import atoms_pow2
from ..partition import delay_stage, edge_delay_ticks
from .regions import MAX_CORE_DELAY, header_dtype


def delay_region(dv, mg, graph, routing_info, dt: float) -> bytes:
    """Header (source key, stages) and, per stage, a bitfield of the atoms that need it."""
    n_stages = mg.delay_stages[dv]
    sl = dv.vertex_slice
    pow2 = atoms_pow2(sl.n_atoms)
    words = (pow2 + 31) // 32
    wanted = np.zeros((n_stages, words * 32), np.uint8)
    for edge in graph.outgoing(dv.app_vertex):
        if len(edge) == 0:
            continue
        stage = delay_stage(edge_delay_ticks(edge, dt))
        sel = (stage > 0) & (edge.pre_indices >= sl.start) & (edge.pre_indices < sl.stop)
        wanted[stage[sel] - 1, edge.pre_indices[sel] - sl.start] = 1
    source = routing_info[next(mv for mv in mg.slices_of[dv.app_vertex]
                               if mv.vertex_slice == sl)]
    h = np.zeros(1, header_dtype("delay_header"))
    h["source_key"] = source.key
    h["source_mask"] = source.mask
    h["n_stages"] = n_stages
    h["stage_ticks"] = MAX_CORE_DELAY
    h["atoms_pow2"] = pow2
    bits = np.packbits(wanted, axis=1, bitorder="little")
    return h.tobytes() + bits.tobytes()

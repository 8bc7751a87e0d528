"""A projection's connections as the machine holds them, decoded from the cores' images.

Rows merge every projection between the same two populations, so each decoded synapse is
matched back to the projection that asked for it: synapses with the same (pre, post, synapse
type, delay stage) share a row, in projection order then connection order, and are matched
rank by rank to the requests sorted the same way.
"""
import numpy as np

from ..mapping.dataspec.regions import (DELAY_BITS, MAX_CORE_DELAY, PLASTIC_ROW_HEADER_WORDS,
                                        Region)
from ..mapping.dataspec.synaptic_matrix import decode_block, read_core, split_delay


def _group_key(pre, post, stype, stage, n_post):
    return ((pre.astype(np.int64) * n_post + post) * 8 + stype) * 65536 + stage


def read_connections(result, device, graph, edge):
    """(weights, delays) of ``edge``'s connections in its own order, as on the machine.

    Weights in nA/uS after quantisation; delays in ms as the cores apply them.
    """
    mg, dt = result.machine_graph, result.dt
    pre_v, post_v = edge.pre, edge.post
    n_post = post_v.n_atoms
    if edge.plasticity is not None:
        return read_plastic(result, device, edge)
    siblings = [e for e in graph.incoming(post_v) if e.pre is pre_v and len(e)
                and e.plasticity is None]
    # the requests, in the order the rows hold them
    req_key, req_edge, req_idx = [], [], []
    for k, e in enumerate(siblings):
        ticks = np.rint(np.asarray(e.delays, float) / dt).astype(np.int64)
        stage, _ = split_delay(ticks)
        req_key.append(_group_key(e.pre_indices, e.post_indices,
                                  np.full(len(e), e.synapse_type), stage, n_post))
        req_edge.append(np.full(len(e), k))
        req_idx.append(np.arange(len(e)))
    req_key, req_edge, req_idx = map(np.concatenate, (req_key, req_edge, req_idx))
    req_order = np.lexsort((req_idx, req_edge, req_key))
    # the machine's synapses from pre_v's senders (its slices and their delay extensions:
    # two groups of keys), on every core of post_v; a sender with no key sends to no core
    # (e.g. a delay extension of a slice none of whose connections is that long)
    slices = mg.slices_of[pre_v]
    groups = {}
    for mv in slices:
        for sender, is_delay in ((mv, 0), (mg.delay_of.get(mv), 1)):
            pk = result.routing_info.population.get(sender)
            if pk is not None:
                groups[is_delay] = pk
    starts = np.array([mv.vertex_slice.start for mv in slices], np.int64)
    pow2s = np.array([1 << max(0, (mv.vertex_slice.n_atoms - 1).bit_length())
                      for mv in slices], np.int64)
    got = {name: [] for name in ("key", "seq", "w", "d")}
    seq_base = 0
    for post_mv in mg.slices_of[post_v]:
        header, entries, matrix = read_core(device, result.placements[post_mv])
        shifts = [int(header[f"shift_{t}"]) for t in range(4)]
        for entry in entries:
            key, n_neurons = int(entry[0]), int(entry[6])
            mine = [d for d, pk in groups.items() if key & pk.mask == pk.key]
            if not mine:
                continue
            is_delay, pk = mine[0], groups[mine[0]]
            row, col, post, stype, units, core_delay = decode_block(header, entry, matrix)
            # the entry's first core (0 for an application-level entry), then its rows
            core = ((key - pk.key) >> pk.core_shift) + row // n_neurons
            atom = row % n_neurons
            pow2 = pow2s[core]
            stage = (atom // pow2 + 1) if is_delay else np.zeros_like(row)
            pre = starts[core] + (atom % pow2 if is_delay else atom)
            post = post + post_mv.vertex_slice.start
            got["key"].append(_group_key(pre, post, stype, stage, n_post))
            # order within a group: position in the row (rows of a group are one row)
            got["seq"].append(seq_base + row.astype(np.int64) * 65536 + col)
            seq_base += 1 << 40
            got["w"].append(units * 2.0 ** (np.array(shifts)[stype] - 15))
            got["d"].append((stage * MAX_CORE_DELAY + core_delay) * dt)
    key, seq, w, d = (np.concatenate(got[n]) if got[n] else np.zeros(0) for n in got)
    order = np.lexsort((seq, key))
    if len(order) != len(req_order) or np.any(key[order] != req_key[req_order]):
        raise RuntimeError(f"projection {edge.label!r}: the synapses on the machine do not "
                           f"match the ones requested (a mapping bug)")
    mine = req_edge[req_order] == siblings.index(edge)
    weights = np.empty(len(edge))
    delays = np.empty(len(edge))
    weights[req_idx[req_order][mine]] = w[order][mine]
    delays[req_idx[req_order][mine]] = d[order][mine]
    return weights, delays


def read_plastic(result, device, edge):
    """(weights, delays) of a plastic edge in its own order: the weights as the cores hold
    them now (plastic units / scale), the delays in whole timesteps."""
    layout = result.synapses.plastic_layouts[edge]
    weights = np.zeros(len(edge))
    for mv, positions, connections in layout.cores:
        words = np.frombuffer(device.read_region(result.placements[mv],
                                                 int(Region.PLASTIC_MATRIX)), "<u4")
        weights[connections] = (words[positions] >> 16) / layout.scale
    delays = np.rint(np.broadcast_to(np.asarray(edge.delays, float), (len(edge),)) /
                     result.dt) * result.dt
    return weights, delays


def read_rewired(result, device, edge):
    """(pre, post, weights, delays) of a rewired (structural) edge: every synapse its rows
    hold now, row by row (pre atom order) and core by core."""
    layout = result.synapses.plastic_layouts[edge]
    index_bits, type_bits = layout.index_bits, layout.type_bits
    got = {"pre": [], "post": [], "w": [], "d": []}
    matrices = {}
    for mv, offset, stride, n_rows, lo_atom in layout.blocks:
        if mv not in matrices:
            matrices[mv] = np.frombuffer(device.read_region(
                result.placements[mv], int(Region.PLASTIC_MATRIX)), "<u4")
        rows = matrices[mv][offset:offset + n_rows * stride].reshape(n_rows, stride)
        count = rows[:, 0].astype(np.int64)
        room = stride - PLASTIC_ROW_HEADER_WORDS
        if edge.plasticity.timing == "neuromodulated_pair":
            room //= 2   # the eligibility traces fill the second half
        if np.any(count > room):
            raise RuntimeError(f"projection {edge.label!r}: a rewired row longer than its "
                               f"stride on the machine")
        used = np.arange(room)[None, :] < count[:, None]
        r, col = np.nonzero(used)
        words = rows[r, col + PLASTIC_ROW_HEADER_WORDS]
        got["pre"].append(lo_atom + r)
        got["post"].append(mv.vertex_slice.start + (words & ((1 << index_bits) - 1)))
        got["w"].append((words >> 16) / layout.scale)
        got["d"].append(((words >> (index_bits + type_bits)) & ((1 << DELAY_BITS) - 1))
                        * result.dt)
    pre, post, w, d = (np.concatenate(got[k]) if got[k] else np.zeros(0) for k in got)
    return pre.astype(np.int64), post.astype(np.int64), w.astype(float), d.astype(float)

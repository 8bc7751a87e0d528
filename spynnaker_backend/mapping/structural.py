"""The STRUCTURAL region and the slotted column index of a core that rewires its rows.

A core of a population with structural projections (``ApplicationEdge.structural``) keeps,
for each of its neurons, ``s_max`` synaptic slots at the end of that neuron's part of the
plastic column index (``plastic_synapses``): a slot holds the (matrix word, entry) pair of
one rewired synapse or is empty (0xFFFFFFFF twice).  The cores pick a target neuron and a
slot per rewiring attempt (``neural_modelling/include/structural_core.h``); the STRUCTURAL
region says where the rows of every pre population are and with which rules synapses form
and go.  docs/structural_plasticity.md.
"""
import numpy as np

from ..graph.application_graph import key_crc
from .dataspec.regions import header_dtype
from .errors import MappingError

#: An empty slot of the column index (both words).
EMPTY = 0xFFFFFFFF
#: Low word of the rewiring seed when the mechanism gives none (default_seed).
DEFAULT_SEED = 0x5EED5EED


def default_seed(vertex) -> int:
    """The rewiring seed of a post population whose mechanism gives none: 0x5EED5EED in the
    low word, the CRC-32 of the population's seed key (its label made unique, with setup's
    rng_seed: ApplicationGraph.seed_key) in the high word, so that two populations rewire
    with different draws."""
    return DEFAULT_SEED | (key_crc(vertex) << 32)


def check_common(vertex, structural) -> int:
    """s_max of the structural projections onto ``vertex`` (0: none); they must agree on
    the rewiring process's parameters, as sPyNNaker's one process per population does."""
    if not structural:
        return 0
    first = structural[0]
    for e in structural[1:]:
        for name in ("f_rew", "s_max", "with_replacement", "seed", "selection",
                     "spike_buffer_size"):
            a, b = getattr(first.structural, name), getattr(e.structural, name)
            if a != b:
                raise MappingError(
                    f"population {vertex.label!r}: its structural projections "
                    f"{first.label!r} and {e.label!r} differ in {name} ({a!r} vs {b!r}); "
                    f"one rewiring process serves a population, so they must agree")
    return first.structural.s_max


def slotted_column_index(rows, words, entries, rewired, rank, vertex_slice, index_bits,
                         s_max, vertex):
    """The column index of a rewiring core: n_atoms + 1 starts, then per neuron its other
    plastic pairs and its s_max slots (rewired synapses by ``rank``, then empty slots)."""
    n = vertex_slice.n_atoms
    target = (rows[words] & ((1 << index_bits) - 1)).astype(np.int64)
    fixed = np.bincount(target[~rewired], minlength=n)
    slots = np.bincount(target[rewired], minlength=n)
    if len(slots) and slots.max() > s_max:
        i = int(np.argmax(slots))
        raise MappingError(
            f"population {vertex.label!r}: neuron {vertex_slice.start + i} has "
            f"{int(slots[i])} synapses from structural projections at the start, more than "
            f"s_max = {s_max}; raise s_max or connect fewer")
    counts = fixed + s_max
    starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    pairs = np.full((int(starts[-1]), 2), EMPTY, np.uint32)
    order = np.lexsort((words, target))
    keep = order[~rewired[order]]
    first_fixed = np.concatenate(([0], np.cumsum(fixed)[:-1]))
    at = starts[target[keep]] + np.arange(len(keep)) - first_fixed[target[keep]]
    pairs[at] = np.stack([words[keep], entries[keep]], axis=1)
    order = np.lexsort((words, rank, target))
    slot = order[rewired[order]]
    first_slot = np.concatenate(([0], np.cumsum(slots)[:-1]))
    at = (starts[target[slot]] + fixed[target[slot]] + np.arange(len(slot))
          - first_slot[target[slot]])
    pairs[at] = np.stack([words[slot], entries[slot]], axis=1)
    return np.concatenate([starts.astype(np.uint32), pairs.ravel()])


def formation_probabilities(grid, p, sigma) -> np.ndarray:
    """p exp(-d^2 / (2 sigma^2)) in u0.32 for every squared grid distance d^2 that a
    periodic (grid_x, grid_y) grid has, zeros at the end dropped."""
    largest = (grid[0] // 2) ** 2 + (grid[1] // 2) ** 2
    d2 = np.arange(largest + 1)
    prob = np.minimum(np.rint(p * np.exp(-d2 / (2.0 * sigma ** 2)) * 2.0 ** 32), EMPTY)
    nonzero = np.flatnonzero(prob)
    return prob[:nonzero[-1] + 1 if len(nonzero) else 0].astype(np.uint32)


def rewiring_schedule(f_rew: float, dt: float):
    """(attempts per tick, period in ticks): sPyNNaker's int() of f_rew dt (fast) or of its
    inverse (slow)."""
    per_tick = f_rew * dt / 1000.0
    if per_tick >= 1.0 - 1e-9:
        return int(per_tick + 1e-9), 1
    return 0, max(1, int(1.0 / per_tick + 1e-9))


def structural_region(vertex, mv, plastic, blocks, layouts, mg, dt, s_max) -> bytes:
    """STRUCTURAL region bytes of core ``mv`` (blocks: its plastic entries, in order)."""
    edges = [e for e in plastic if e.structural is not None]
    rule = edges[0].structural
    pops = np.zeros(len(edges), header_dtype("structural_pre_pop"))
    slices, probs, bit = [], [], 0
    for k, e in enumerate(edges):
        mine = [(b["lo_atom"], b["pre_atoms"], j) for j, b in enumerate(blocks)
                if b["edge"] is e]
        mine.sort()
        r, scale = e.structural, layouts[e].scale
        pops[k]["n_atoms"] = e.pre.n_atoms
        pops[k]["first_slice"] = len(slices)
        pops[k]["n_slices"] = len(mine)
        pops[k]["bit_offset"] = bit
        bit += e.pre.n_atoms
        pops[k]["weight"] = int(np.rint(r.initial_weight * scale))
        pops[k]["synapse_type"] = e.synapse_type
        pops[k]["delay_lo"] = int(np.rint(r.initial_delay[0] / dt))
        pops[k]["delay_hi"] = int(np.rint(r.initial_delay[1] / dt))
        pops[k]["threshold"] = int(min(np.rint(r.threshold * scale), EMPTY))
        pops[k]["p_elim_dep"] = int(min(np.rint(r.prob_elim_depressed * 2.0 ** 32), EMPTY))
        pops[k]["p_elim_pot"] = int(min(np.rint(r.prob_elim_potentiated * 2.0 ** 32), EMPTY))
        pops[k]["grid_x"], pops[k]["grid_y"] = r.grid
        lateral = e.pre is e.post
        table = formation_probabilities(
            r.grid, r.p_form_lateral if lateral else r.p_form_forward,
            r.sigma_form_lateral if lateral else r.sigma_form_forward)
        pops[k]["prob_at"] = sum(len(t) for t in probs)
        pops[k]["prob_len"] = len(table)
        probs.append(table)
        slices += mine
    table = np.zeros(len(slices), header_dtype("structural_slice"))
    for j, (lo, n, entry) in enumerate(slices):
        table[j]["lo_atom"], table[j]["n_atoms"], table[j]["entry"] = lo, n, entry
    attempts, period = rewiring_schedule(rule.f_rew, dt)
    seed = default_seed(vertex) if rule.seed is None else rule.seed
    header = np.zeros(1, header_dtype("structural_header"))
    header["n_pre_pops"] = len(edges)
    header["n_slices"] = len(slices)
    header["prob_words"] = sum(len(t) for t in probs)
    header["s_max"] = s_max
    header["attempts"], header["period"] = attempts, period
    header["with_replacement"] = int(rule.with_replacement)
    header["seed_lo"], header["seed_hi"] = seed & EMPTY, (seed >> 32) & EMPTY
    header["post_atoms"] = vertex.n_atoms
    header["first_atom"] = mv.vertex_slice.start
    last = rule.selection == "last_neuron"
    header["last_neuron"] = int(last)
    header["buffer_size"] = rule.spike_buffer_size if last else 0
    header["spike_words"] = (bit + 31) // 32 if last else 0
    words = np.concatenate(probs) if probs else np.zeros(0, np.uint32)
    return b"".join(a.tobytes() for a in (header, pops, table, words.astype("<u4")))

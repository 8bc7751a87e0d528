"""The master population table of a small network, by hand: keys, masks, core shifts,
rows and offsets of application-level and per-core entries (mapping/pop_table.py)."""
import numpy as np
import pytest

from network_builders import connect, lif, spike_source
from spynnaker_backend.mapping import pop_table
from spynnaker_backend.mapping.pipeline import map_graph

DT = 0.1
FULL = 0xFFFFFFFF


def _graph(graph):
    """src: 10 atoms at 4 per core (cores of 4, 4, 2 atoms); b: 12 atoms at 4 per core;
    pop: 6 LIF neurons on one core.  src 0 -> pop 1 (1 tick), src 5 -> pop 2 and pop 3
    (2 ticks: one row of two synapses), src 9 -> pop 0 (40 ticks: src's delay extension,
    stage 1, 9 ticks on the core); b 2 -> pop 0, b 6 -> pop 0, b 10 -> pop 5 (1 tick)."""
    src = graph.add_vertex(spike_source("src", [[]] * 10, max_atoms_per_core=4))
    b = graph.add_vertex(spike_source("b", [[]] * 12, max_atoms_per_core=4))
    pop = graph.add_vertex(lif("pop", 6))
    connect(graph, src, pop, [0, 5, 5, 9], [1, 2, 3, 0], 1.0, np.array([1, 2, 2, 40]) * DT)
    connect(graph, b, pop, [2, 6, 10], [0, 0, 5], 1.0, DT)
    return pop


def _table(result, pop):
    mv = result.machine_graph.slices_of[pop][0]
    _, table, matrix = result.synapses.regions[mv]
    t = np.frombuffer(table, "<u4")
    return [tuple(int(x) for x in e) for e in t[1:].reshape(-1, 7)], \
        np.frombuffer(matrix, "<u4"), result.synapses.shifts[pop]


def _word(units, ticks, post):
    # pop: 6 neurons -> 3 index bits; 2 synapse types -> 1 type bit; excitatory (type 0)
    return (units << 16) | (ticks << 4) | post


def test_keys_of_the_network(sim_state):
    # senders in vertex order: src's 3 slices, b's 3 slices, then src's delay extensions;
    # each population 3 cores of at most 4 keys: 2 core bits, 2 atom bits, 16 keys
    pop = _graph(sim_state.graph)
    result = map_graph(sim_state.graph, DT)
    mg, info = result.machine_graph, result.routing_info
    src, b = (next(v for v in mg.slices_of if v.label == name) for name in ("src", "b"))
    assert [(info[m].key, info[m].mask) for m in mg.slices_of[src]] == [
        (0, 0xFFFFFFFC), (4, 0xFFFFFFFC), (8, 0xFFFFFFFE)]
    assert [(info[m].key, info[m].mask) for m in mg.slices_of[b]] == [
        (16, 0xFFFFFFFC), (20, 0xFFFFFFFC), (24, 0xFFFFFFFC)]
    dv = mg.delay_of[mg.slices_of[src][2]]   # the only extension with a target
    assert (info[dv].key, info[dv].mask) == (40, 0xFFFFFFFE)
    assert (info.population[dv].key, info.population[dv].mask) == (32, 0xFFFFFFF0)
    assert pop not in mg.delay_of


def test_population_entries_by_hand(sim_state, monkeypatch):
    monkeypatch.setattr(pop_table, "ENTRIES", "population")
    pop = _graph(sim_state.graph)
    entries, matrix, shifts = _table(map_graph(sim_state.graph, DT), pop)
    # (key, mask, offset, row_stride, n_rows, core_shift, n_neurons); blocks in row order:
    # src (cores 0-1 connect: 2 x 4 rows, longest row 2 -> stride 3), src's delays (core
    # 2 connects: 3 x 4 rows, stride 2), b (cores 0-2: 12 rows, stride 2)
    assert entries == [(0, 0xFFFFFFF0, 0, 3, 8, 2, 4),
                       (16, 0xFFFFFFF0, 48, 2, 12, 2, 4),
                       (32, 0xFFFFFFF0, 24, 2, 12, 2, 4)]
    units = round(1.0 * 2 ** (15 - shifts[0]))
    assert len(matrix) == 72
    rows = {r: list(matrix[3 * r:3 * r + 3]) for r in range(8)}
    assert rows[0] == [1, _word(units, 1, 1), 0]                              # src 0
    assert rows[5] == [2, _word(units, 2, 2), _word(units, 2, 3)]             # src 5
    assert all(rows[r] == [0, 0, 0] for r in (1, 2, 3, 4, 6, 7))
    # src 9: core 2, atom 1, stage 1 -> row 2 * 4 + 1 of the delay block, 9 ticks left
    delayed = matrix[24:48].reshape(12, 2)
    assert list(delayed[9]) == [1, _word(units, 9, 0)]
    assert delayed[:, 0].sum() == 1
    b_rows = matrix[48:72].reshape(12, 2)   # b 2, 6, 10: rows 0*4+2, 1*4+2, 2*4+2
    assert [list(b_rows[r]) for r in (2, 6, 10)] == [
        [1, _word(units, 1, 0)], [1, _word(units, 1, 0)], [1, _word(units, 1, 5)]]
    assert b_rows[:, 0].sum() == 3


def test_per_core_and_auto_entries_by_hand(sim_state, monkeypatch):
    pop = _graph(sim_state.graph)
    monkeypatch.setattr(pop_table, "ENTRIES", "per_core")
    entries, matrix, _ = _table(map_graph(sim_state.graph, DT), pop)
    # each connecting core: its key and mask, 4 rows (its group's n_neurons) in the
    # matrix, n_rows = n_neurons = its own keys, core_shift = its index bits
    per_core = [(0, 0xFFFFFFFC, 0, 2, 4, 2, 4), (4, 0xFFFFFFFC, 8, 3, 4, 2, 4),
                (40, 0xFFFFFFFE, 20, 2, 2, 1, 2)]
    b_cores = [(16, 0xFFFFFFFC, 28, 2, 4, 2, 4), (20, 0xFFFFFFFC, 36, 2, 4, 2, 4),
               (24, 0xFFFFFFFC, 44, 2, 4, 2, 4)]
    assert entries == sorted(per_core + b_cores)
    assert len(matrix) == 52
    # auto: src's two cores (4 x 2 + 4 x 3 = 20 words against 2 x 4 x 3 = 24) and its one
    # delay core (8 against 24) stay per core; b's three cores exceed PER_CORE_LIMIT
    monkeypatch.setattr(pop_table, "ENTRIES", "auto")
    sim_state.graph.mark_changed()
    entries, matrix, _ = _table(map_graph(sim_state.graph, DT), pop)
    assert entries == sorted(per_core + [(16, 0xFFFFFFF0, 28, 2, 12, 2, 4)])
    assert len(matrix) == 52


@pytest.mark.parametrize("mode, n", [("population", 1), ("auto", 2), ("per_core", 7)])
def test_entries_budgeted_per_group(mode, n):
    assert pop_table.entries_per_group(7, mode) == n

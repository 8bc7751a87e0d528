"""Mapping reports, and mapping only when the graph's structure changed."""
import json

import numpy as np

from spynnaker_backend.mapping import pipeline
from network_builders import lif, one_to_one, record, spike_source


def small_graph(state):
    src = state.graph.add_vertex(spike_source("src", [[5.0]] * 4))
    pop = state.graph.add_vertex(lif("pop", 4, max_atoms_per_core=2))
    one_to_one(state.graph, src, pop, 20.0, 4.0)   # 40 ticks: a delay extension
    record(pop, "spikes", "v")
    return src, pop


def test_reports_written(sim_state, tmp_path):
    small_graph(sim_state)
    result = pipeline.map_graph(sim_state.graph, 0.1, reports=tmp_path)
    placements = json.loads((tmp_path / "placements.json").read_text())
    assert sorted(r["vertex"] for r in placements) == ["pop[0:2]", "pop[2:4]", "src[0:4]",
                                                          "src[0:4] (delays)"]
    for r in placements:
        p = result.placements[next(mv for mv in result.machine_graph.vertices
                                   if mv.label == r["vertex"])]
        assert (r["x"], r["y"], r["p"]) == (p.x, p.y, p.p)
    tables = json.loads((tmp_path / "routing_tables.json").read_text())
    compressed = sum(len(v) for v in tables["compressed"].values())
    assert 0 < compressed <= sum(len(v) for v in tables["uncompressed"].values())
    memory = json.loads((tmp_path / "memory.json").read_text())
    assert {m["binary"] for m in memory} == {"spike_source_array", "neuron_lif_exp_current",
                                              "delay_extension"}
    assert all(m["sdram_bytes"] == sum(m["regions"].values()) for m in memory)
    assert "after compression" in (tmp_path / "routing_tables.txt").read_text()


def test_mapping_runs_once_per_graph(sim_state, monkeypatch):
    src, pop = small_graph(sim_state)
    calls = []
    real = pipeline.map_graph
    monkeypatch.setattr(pipeline, "map_graph", lambda *a, **k: calls.append(1) or real(*a, **k))
    sim_state.run(10.0)
    sim_state.run(10.0)
    pop.parameters["i_offset"][:] = 2.0          # what Population.set does
    sim_state.graph.parameters_changed = True
    sim_state.run(10.0)
    sim_state.reset()
    sim_state.run(10.0)
    assert len(calls) == 1
    # the new parameter took effect without re-mapping: i_offset 2 nA drives spiking
    assert len(sim_state.spikes(pop)[0]) > 4
    sim_state.graph.add_vertex(lif("other", 3))   # a structural change does re-map
    sim_state.run(10.0)
    assert len(calls) == 2


def test_parameter_change_keeps_current_state(sim_state):
    """set() between runs changes parameters, not the membrane potential reached."""
    pop = sim_state.graph.add_vertex(lif("pop", 1, i_offset=0.5))
    record(pop, "v")
    sim_state.run(20.0)
    pop.parameters["tau_refrac"][:] = 3.0
    sim_state.graph.parameters_changed = True
    sim_state.run(20.0)
    v = sim_state.signal(pop, "v")[:, 0]
    assert np.all(np.diff(v[:400]) > 0)        # charging towards 10 mV above rest, no reset
    assert v[200] > v[199]

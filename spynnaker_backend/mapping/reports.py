"""Mapping reports: placements, routing tables before and after compression, memory per core.

Written as text (for reading) and JSON (for tools) under ``reports/<timestamp>/`` when
``[Reports] write = True`` or ``sim.setup(reports=True)``.
"""
import json
import time
from pathlib import Path

from .dataspec.regions import Region
from .route import multicast_entries


def _route_text(route: int) -> str:
    links = [f"L{i}" for i in range(6) if route >> i & 1]
    cores = [f"P{p}" for p in range(18) if route >> (6 + p) & 1]
    return " ".join(links + cores)


def _tables_json(tables):
    return {f"{x},{y}": [{"key": e.key, "mask": e.mask, "route": e.route} for e in entries]
            for (x, y), entries in sorted(tables.items()) if entries}


def _tables_text(title, tables):
    lines = [title, "=" * len(title)]
    for (x, y), entries in sorted(tables.items()):
        if not entries:
            continue
        lines.append(f"chip ({x}, {y}): {len(entries)} entries")
        for e in entries:
            lines.append(f"  key 0x{e.key:08x} mask 0x{e.mask:08x} -> {_route_text(e.route)}")
    return "\n".join(lines) + "\n"


def write_reports(result, images, directory=None) -> Path:
    """Write the reports of one mapping; returns the directory written."""
    root = Path(directory or Path("reports") / time.strftime("%Y-%m-%d-%H-%M-%S"))
    root.mkdir(parents=True, exist_ok=True)
    mg, placements, info = result.machine_graph, result.placements, result.routing_info

    rows = []
    for mv in mg.vertices:
        p = placements[mv]
        km = info.by_vertex.get(mv)
        rows.append({"vertex": mv.label, "kind": mv.kind, "population": mv.app_vertex.label,
                     "atoms": [mv.vertex_slice.start, mv.vertex_slice.stop],
                     "x": p.x, "y": p.y, "p": p.p,
                     "key": None if km is None else km.key,
                     "mask": None if km is None else km.mask})
    (root / "placements.json").write_text(json.dumps(rows, indent=1))
    (root / "placements.txt").write_text(
        f"machine: {result.machine!r}\n" + "\n".join(
            f"({r['x']}, {r['y']}, {r['p']:2d})  {r['vertex']:40s} " +
            ("no key" if r["key"] is None else f"key 0x{r['key']:08x} mask 0x{r['mask']:08x}")
            for r in rows) + "\n")

    before = multicast_entries(result.machine, mg, placements, info).entries
    after = {xy: list(t.entries) for xy, t in result.routing_tables.by_chip.items()}
    (root / "routing_tables.json").write_text(json.dumps(
        {"uncompressed": _tables_json(before), "compressed": _tables_json(after)}, indent=1))
    (root / "routing_tables.txt").write_text(
        _tables_text("Routing tables before compression", before) + "\n" +
        _tables_text("Routing tables after compression", after))

    memory = []
    for p, image in sorted(images.items(), key=lambda kv: (kv[0].x, kv[0].y, kv[0].p)):
        regions = {Region(r).name if r in Region._value2member_map_ else f"REGION_{r}": len(b)
                   for r, b in sorted(image.regions.items())}
        memory.append({"x": p.x, "y": p.y, "p": p.p, "binary": image.binary,
                       "sdram_bytes": image.size_in_bytes, "regions": regions})
    (root / "memory.json").write_text(json.dumps(memory, indent=1))
    chips = {}
    for m in memory:
        chips[m["x"], m["y"]] = chips.get((m["x"], m["y"]), 0) + m["sdram_bytes"]
    (root / "memory.txt").write_text(
        "\n".join(f"({m['x']}, {m['y']}, {m['p']:2d}) {m['binary']:28s} "
                  f"{m['sdram_bytes']:10d} bytes  {m['regions']}" for m in memory) +
        "\n\nper chip (SDRAM of the images):\n" +
        "\n".join(f"({x}, {y}): {b} of {result.machine.chip(x, y).sdram} bytes"
                  for (x, y), b in sorted(chips.items())) + "\n")
    timings = "\n".join(f"{k:10s} {v:8.3f} s" for k, v in result.stage_seconds.items())
    (root / "mapping_times.txt").write_text(timings + "\n")
    return root

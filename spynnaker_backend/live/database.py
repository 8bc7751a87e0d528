"""The input/output database a toolchain writes for live tools (sqlite).

Same tables and views as SpiNNFrontEndCommon 7.4.1's, so its DatabaseReader (and ours) find
labels -> keys, placements, the board's IP address and the live output IP tags.  Only the rows
live I/O needs are written (configuration, chips, application and machine vertices,
placements, gatherer edges, IP tags, event -> atom mapping).
"""
import sqlite3
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

SCHEMA = """
CREATE TABLE configuration_parameters(parameter_id TEXT, value REAL,
    PRIMARY KEY (parameter_id));
CREATE TABLE proxy_configuration(kind TEXT NOT NULL, name TEXT NOT NULL,
    value TEXT NOT NULL);
CREATE TABLE Machine_layout(machine_id INTEGER PRIMARY KEY AUTOINCREMENT,
    x_dimension INTEGER, y_dimension INTEGER);
CREATE TABLE Machine_chip(no_processors INTEGER, chip_x INTEGER, chip_y INTEGER,
    machine_id INTEGER, ip_address INTEGER, nearest_ethernet_x INTEGER,
    nearest_ethernet_y INTEGER, PRIMARY KEY (chip_x, chip_y, machine_id));
CREATE TABLE Application_vertices(vertex_id INTEGER PRIMARY KEY AUTOINCREMENT,
    vertex_label TEXT);
CREATE TABLE Machine_vertices(vertex_id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT);
CREATE TABLE graph_mapper_vertex(application_vertex_id INTEGER, machine_vertex_id INTEGER,
    PRIMARY KEY (application_vertex_id, machine_vertex_id));
CREATE TABLE Placements(vertex_id INTEGER PRIMARY KEY, machine_id INTEGER, chip_x INTEGER,
    chip_y INTEGER, chip_p INTEGER);
CREATE TABLE m_vertex_to_lpg_vertex(pre_vertex_id INTEGER, partition_id TEXT,
    post_vertex_id INTEGER, PRIMARY KEY (pre_vertex_id, partition_id, post_vertex_id));
CREATE TABLE IP_tags(vertex_id INTEGER, tag INTEGER, board_address TEXT, ip_address TEXT,
    port INTEGER, strip_sdp BOOLEAN,
    PRIMARY KEY (vertex_id, tag, board_address, ip_address, port, strip_sdp));
CREATE TABLE event_to_atom_mapping(vertex_id INTEGER, atom_id INTEGER,
    event_id INTEGER PRIMARY KEY);
CREATE VIEW label_event_atom_view AS SELECT
    e.atom_id AS atom, e.event_id AS event, a.vertex_label AS label
    FROM event_to_atom_mapping AS e
    JOIN Machine_vertices AS m ON e.vertex_id == m.vertex_id
    JOIN graph_mapper_vertex AS g ON m.vertex_id == g.machine_vertex_id
    JOIN Application_vertices AS a ON g.application_vertex_id == a.vertex_id;
CREATE VIEW app_output_tag_view AS SELECT
    IP_tags.ip_address AS ip_address, IP_tags.port AS port, IP_tags.strip_sdp AS strip_sdp,
    IP_tags.board_address AS board_address, IP_tags.tag AS tag,
    pre_app.vertex_label AS pre_vertex_label, lpg.label AS post_vertex_label,
    lpg_place.chip_x AS chip_x, lpg_place.chip_y AS chip_y
    FROM m_vertex_to_lpg_vertex AS m2l
    JOIN IP_tags ON m2l.post_vertex_id = IP_tags.vertex_id
    JOIN Machine_vertices AS lpg ON m2l.post_vertex_id = lpg.vertex_id
    JOIN graph_mapper_vertex AS pre_map ON m2l.pre_vertex_id = pre_map.machine_vertex_id
    JOIN Application_vertices AS pre_app ON pre_map.application_vertex_id = pre_app.vertex_id
    JOIN Placements AS lpg_place ON lpg_place.vertex_id = lpg.vertex_id;
CREATE VIEW application_vertex_placements AS SELECT
    Placements.chip_x AS x, Placements.chip_y AS y, Placements.chip_p AS p,
    Application_vertices.vertex_label AS vertex_label
    FROM Placements
    JOIN graph_mapper_vertex ON Placements.vertex_id = graph_mapper_vertex.machine_vertex_id
    JOIN Application_vertices
        ON graph_mapper_vertex.application_vertex_id = Application_vertices.vertex_id;
CREATE VIEW chip_eth_info AS SELECT
    chip.chip_x AS x, chip.chip_y AS y, eth.chip_x AS eth_x, eth.chip_y AS eth_y,
    eth.ip_address AS eth_ip_address
    FROM Machine_chip AS chip
    JOIN Machine_chip AS eth
        ON chip.nearest_ethernet_x = eth.chip_x AND chip.nearest_ethernet_y = eth.chip_y;
"""


@dataclass
class VertexRecord:
    """One machine vertex as the database lists it."""
    app_label: str
    label: str
    placement: Tuple[int, int, int]
    #: (atom id, key) pairs: the events this vertex sends
    events: List[Tuple[int, int]] = field(default_factory=list)


@dataclass
class DatabaseContent:
    """Everything the database says about one mapping."""
    timestep_us: int
    time_scale_factor: float
    runtime_ms: Optional[float]              #: None: run forever
    width: int
    height: int
    chips: List[Tuple[int, int]]
    board_address: str
    vertices: List[VertexRecord]
    #: (pre vertex index, gatherer vertex index) into ``vertices``
    lpg_edges: List[Tuple[int, int]]
    #: gatherer vertex index -> (tag, host, port, strip_sdp)
    ip_tags: Dict[int, Tuple[int, str, int, bool]]


def write_database(path: str, content: DatabaseContent) -> None:
    """Write (replace) the database at ``path``."""
    import os
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        c = content
        db.executemany("INSERT INTO configuration_parameters VALUES (?, ?)", [
            ("machine_time_step", c.timestep_us), ("time_scale_factor", c.time_scale_factor),
            ("infinite_run", str(c.runtime_ms is None)),
            ("runtime", -1 if c.runtime_ms is None else c.runtime_ms), ("app_id", 16)])
        db.execute("INSERT INTO Machine_layout (x_dimension, y_dimension) VALUES (?, ?)",
                   (c.width, c.height))
        db.executemany("INSERT INTO Machine_chip VALUES (18, ?, ?, 1, ?, 0, 0)",
                       [(x, y, c.board_address if (x, y) == (0, 0) else None)
                        for x, y in c.chips])
        app_ids: Dict[str, int] = {}
        for label in dict.fromkeys(v.app_label for v in c.vertices):
            app_ids[label] = db.execute(
                "INSERT INTO Application_vertices (vertex_label) VALUES (?)", (label,)).lastrowid
        ids = []
        for v in c.vertices:
            mid = db.execute("INSERT INTO Machine_vertices (label) VALUES (?)",
                             (v.label,)).lastrowid
            ids.append(mid)
            db.execute("INSERT INTO graph_mapper_vertex VALUES (?, ?)", (app_ids[v.app_label], mid))
            db.execute("INSERT INTO Placements VALUES (?, 1, ?, ?, ?)", (mid, *v.placement))
            db.executemany("INSERT INTO event_to_atom_mapping VALUES (?, ?, ?)",
                           [(mid, atom, key) for atom, key in v.events])
        db.executemany("INSERT INTO m_vertex_to_lpg_vertex VALUES (?, 'SPIKE', ?)",
                       [(ids[a], ids[b]) for a, b in c.lpg_edges])
        db.executemany("INSERT INTO IP_tags VALUES (?, ?, ?, ?, ?, ?)",
                       [(ids[i], tag, c.board_address, host, port, strip)
                        for i, (tag, host, port, strip) in c.ip_tags.items()])
        db.commit()
    finally:
        db.close()


class DatabaseReader:
    """Queries live tools make of the database (SpiNNFrontEndCommon's DatabaseReader)."""

    def __init__(self, path: str):
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._db.row_factory = sqlite3.Row

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._db.close()

    def _rows(self, sql, args=()):
        return self._db.execute(sql, args).fetchall()

    def get_key_to_atom_id_mapping(self, label: str) -> Dict[int, int]:
        return {r["event"]: r["atom"] for r in self._rows(
            "SELECT * FROM label_event_atom_view WHERE label = ?", (label,))}

    def get_atom_id_to_key_mapping(self, label: str) -> Dict[int, int]:
        return {r["atom"]: r["event"] for r in self._rows(
            "SELECT * FROM label_event_atom_view WHERE label = ?", (label,))}

    def get_live_output_details(self, label: str, receiver_label: str):
        """(host, port, strip_sdp, board address, tag, chip x, chip y) of the live output
        of ``label`` through the gatherer whose label starts with ``receiver_label``."""
        rows = self._rows("SELECT * FROM app_output_tag_view WHERE pre_vertex_label = ? AND "
                          "post_vertex_label LIKE ? LIMIT 1", (label, f"{receiver_label}%"))
        if not rows:
            return (None,) * 7
        r = rows[0]
        return (r["ip_address"], r["port"], r["strip_sdp"], r["board_address"], r["tag"],
                r["chip_x"], r["chip_y"])

    def get_configuration_parameter_value(self, name: str) -> Optional[float]:
        rows = self._rows("SELECT value FROM configuration_parameters WHERE parameter_id = ?",
                          (name,))
        return None if not rows else float(rows[0]["value"])

    def get_placements(self, label: str) -> List[Tuple[int, int, int]]:
        return [(int(r["x"]), int(r["y"]), int(r["p"])) for r in self._rows(
            "SELECT x, y, p FROM application_vertex_placements WHERE vertex_label = ?",
            (label,))]

    def get_ip_address(self, x: int, y: int) -> Optional[str]:
        rows = self._rows("SELECT eth_ip_address FROM chip_eth_info WHERE x = ? AND y = ? "
                          "OR x = 0 AND y = 0 ORDER BY x DESC LIMIT 1", (x, y))
        return None if not rows else rows[0]["eth_ip_address"]

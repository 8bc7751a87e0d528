"""Who may import whom inside spynnaker_backend (DESIGN.md §2), checked on the source (ast).

ALLOWED must match the table in DESIGN.md §2: change both in the same commit.  Every module
may import from its own unit (a subpackage, or the module itself); the package's own
``__init__.py`` may import anything.  Imports anywhere in a file count (also inside functions
and ``if TYPE_CHECKING:``), because they are edges of the design all the same.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = "spynnaker_backend"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE

#: unit -> the dotted prefixes (below spynnaker_backend) it may import.  Matches DESIGN.md §2.
ALLOWED = {
    "__init__": None,   # the package surface: anything
    # pynn -> vm: the PyNN layer creates the default device (DESIGN.md's table is being
    # extended to say so); pynn -> config: setup() reads the user's configuration.
    "pynn": ("graph", "models", "mapping.pipeline", "device", "readback", "vm", "config",
             "live"),
    "models": (),
    "graph": ("models",),
    "machine": (),
    "mapping": ("graph", "machine", "models"),
    "vm": ("machine", "mapping", "device"),
    "board": ("machine", "mapping", "device"),
    "readback": ("mapping.dataspec", "models"),
    "config": (),
    # device: the factory that picks the VM or a board from the configuration
    "device": ("vm", "board", "config"),
    "errors": (),
    "progress": (),
    "live": (),   # live I/O: sockets, EIEIO, the database; mapping results come as arguments
}

#: leaf modules that import nothing internal and that every unit may import: the exceptions
#: a user may catch (spynnaker_backend/errors.py) and the progress bars of long phases
#: (spynnaker_backend/progress.py).
LEAVES = ("errors", "progress")


def unit_of(module):
    """'spynnaker_backend.mapping.dataspec.codegen' -> 'mapping'; the root -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path):
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(dotted):
    """Whether a dotted name below the package is a module or package on disk."""
    rel = Path(*dotted.split(".")[1:]) if "." in dotted else Path()
    base = ROOT / rel
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(path):
    """The internal modules a file imports, as absolute dotted names."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names
                         if a.name == PACKAGE or a.name.startswith(PACKAGE + "."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[:len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            elif node.module and (node.module == PACKAGE or node.module.startswith(PACKAGE + ".")):
                base = node.module
            else:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                # `from pkg import submodule` is an edge to the submodule
                found.add(sub if alias.name != "*" and is_module(sub) else base)
    return found


def collect_edges():
    """(importing module, imported module) for every internal import in the package."""
    return sorted((module_name(path), target)
                  for path in ROOT.rglob("*.py") for target in imports_of(path))


def violations(edges, allowed=ALLOWED):
    """The edges the table does not allow, with the reason."""
    bad = []
    for source, target in edges:
        src_unit = unit_of(source)
        rules = allowed.get(src_unit, ())
        if rules is None:
            continue
        if target == PACKAGE:
            bad.append(f"{source} -> {target}: only the package surface imports the root")
            continue
        rel = target[len(PACKAGE) + 1:]
        if unit_of(target) == src_unit:
            continue
        if any(rel == p or rel.startswith(p + ".") for p in rules + LEAVES):
            continue
        bad.append(f"{source} -> {target}: {src_unit} may import "
                   f"{', '.join(rules) if rules else 'nothing internal'} (DESIGN.md §2)")
    return bad


def test_every_unit_is_in_the_table():
    units = {unit_of(module_name(p)) for p in ROOT.rglob("*.py")}
    assert units <= set(ALLOWED), f"units missing from ALLOWED / DESIGN.md: {units - set(ALLOWED)}"


def test_imports_follow_design_table():
    edges = collect_edges()
    assert edges, "no internal import found: the walker is broken"
    bad = violations(edges)
    assert not bad, "imports not allowed by DESIGN.md §2:\n" + "\n".join(bad)


@pytest.mark.parametrize("edge", [
    ("spynnaker_backend.models.spec", "spynnaker_backend.graph.application_vertex"),
    ("spynnaker_backend.machine.chip", "spynnaker_backend.models"),
    ("spynnaker_backend.pynn.population", "spynnaker_backend.mapping.place"),
    ("spynnaker_backend.readback.neo", "spynnaker_backend.vm.virtual_machine"),
    ("spynnaker_backend.config", "spynnaker_backend.models"),
    ("spynnaker_backend.device", "spynnaker_backend.mapping"),
    ("spynnaker_backend.board.session", "spynnaker_backend.pynn"),
    ("spynnaker_backend.vm.board_emulator.bridge", "spynnaker_backend.board"),
    ("spynnaker_backend.graph.application_graph", "spynnaker_backend"),
    ("spynnaker_backend.errors", "spynnaker_backend.models"),
])
def test_a_bad_edge_is_caught(edge):
    assert len(violations([edge])) == 1


@pytest.mark.parametrize("edge", [
    ("spynnaker_backend.pynn.population", "spynnaker_backend.mapping.pipeline"),
    ("spynnaker_backend.pynn.simulator", "spynnaker_backend.vm"),
    ("spynnaker_backend.mapping.place", "spynnaker_backend.mapping.placements"),
    ("spynnaker_backend.readback.neo", "spynnaker_backend.mapping.dataspec.recording"),
    ("spynnaker_backend", "spynnaker_backend.pynn"),
    ("spynnaker_backend.readback.run_report", "spynnaker_backend.errors"),
])
def test_a_good_edge_passes(edge):
    assert violations([edge]) == []


def test_relative_imports_resolve(tmp_path):
    # a relative import two levels up from a sub-subpackage lands on the sibling unit
    probe = ROOT / "mapping" / "dataspec" / "codegen.py"
    if probe.exists():
        targets = imports_of(probe)
        assert all(t.startswith(PACKAGE) for t in targets)
        assert "spynnaker_backend.models" in targets

"""The official-scripts harness itself: a script runs from a fresh folder with its own
folder and its repository's root importable (sudoku_main.py imports ``sudoku.utils``), and
first errors map to the documented reasons."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import run_official  # noqa: E402


def test_script_imports_a_package_of_its_repository(tmp_path):
    package = tmp_path / "PyNNExamples" / "puzzle"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "utils.py").write_text("ANSWER = 42\n")
    (package / "main.py").write_text(
        "from puzzle.utils import ANSWER\nimport helper_here\n"
        "open('out.txt', 'w').write(str(ANSWER + helper_here.ONE))\n")
    (package / "helper_here.py").write_text("ONE = 1\n")
    result = run_official.run_one(tmp_path, "scripts", Path("PyNNExamples/puzzle/main.py"),
                                  sys.executable, 60, [])
    assert result["status"] == 0, result["error"]
    assert result["written"] == ["out.txt"]


def test_reasons_of_the_scripts_that_cannot_run_here():
    def why(script, error):
        return run_official.reason({"status": 1, "script": script, "error": error})
    assert "spikes.csv" in why("pendulum/spike_filter.py", "timeout after 150 s "
                               "(FileNotFoundError: ... 'spikes.csv')")
    assert "visualiser" in why("sudoku/sudoku_main.py", "ValueError: Receiver returned "
                               "unknown output: ... libglut.so.3")
    assert "PyNN refuses" in why("IF_cond_exp_stoc.py", "ConnectionError: projection 'a': "
                                 "weights must be >= 0 for conductance-based synapses")
    assert "Tk window" in why("spike_io_interactive_demo_with_c_vis.py",
                              "timeout after 150 s (_tkinter.TclError: no display name)")
    assert run_official.reason({"status": 0, "script": "x.py", "error": ""}) is None


def test_merge_keeps_the_rows_of_scripts_not_run(tmp_path):
    old = [{"group": "scripts", "script": "A/a.py", "status": 0, "seconds": 1.0,
            "written": ["x.png"], "error": "", "stdout_lines": 3},
           {"group": "scripts", "script": "A/b.py", "status": "timeout", "seconds": 150.0,
            "written": [], "error": "timeout after 150 s (a | b)", "stdout_lines": 0},
           {"group": "notebooks", "script": "N/c.ipynb", "status": 1, "seconds": 2.5,
            "written": [], "error": "ValueError: x", "stdout_lines": 0}]
    doc = tmp_path / "compat.md"
    doc.write_text("# head\n")
    run_official.write_section(doc, run_official.render(old, "python"))
    back = run_official.read_section(doc)
    assert [(r["script"], r["status"], r["seconds"], len(r["written"]), r["error"], r["group"])
            for r in back] == [(r["script"], r["status"], r["seconds"], len(r["written"]),
                                r["error"], r["group"]) for r in old]
    new = [dict(old[1], status=0, seconds=300.0, written=["a", "b"], error="")]
    merged = run_official.merge(back, new)
    assert [r["script"] for r in merged] == ["A/a.py", "A/b.py", "N/c.ipynb"]
    assert merged[1]["status"] == 0 and merged[0] is back[0]
    run_official.write_section(doc, run_official.render(merged, "python"))
    assert "**2 of 2 scripts exit 0**; notebooks: 0 of 1" in doc.read_text()
    assert doc.read_text().startswith("# head\n")

"""Run sPyNNaker's official example scripts, unchanged, and tabulate what happens.

The scripts come from SpiNNakerManchester's public repositories (PyNNExamples, IntroLab,
microcircuit_model and the Jupyter tutorials); they are never copied into this repository.
Put them somewhere first, e.g. from the mirrors::

    for r in PyNNExamples IntroLab microcircuit_model SpiNNakerJupyterExamples; do
        mkdir -p /work/examples_official/$r
        git --git-dir=/work/.mirror/SpiNNakerManchester+$r/repo archive HEAD \\
            | tar -x -C /work/examples_official/$r
    done

then::

    python integration_tests/official_scripts/run_official.py /work/examples_official \\
        [--timeout 120] [--jobs 2] [--json out.json] [--docs docs/compatibility.md]

Each script runs in its own subprocess with ``MPLBACKEND=Agg``, its working directory a fresh
temporary directory, and a timeout (the whole process group is killed when it expires).  The
table gives the exit status, the files the script wrote (plots, data) and the first error line
(the exception line of the last traceback, or the first line of stderr).

Which files count as scripts: every ``*.py`` of PyNNExamples and IntroLab outside their
``integration_tests``/``unittests`` folders, except packages' ``__init__.py`` and the two sudoku
helper modules (``utils.py`` is imported by ``sudoku_main.py``, ``set_numbers.py`` is the GUI
it starts), plus microcircuit_model's ``run_microcircuit.py``: 88 scripts.  The Jupyter notebooks are counted apart: each is run as
one script made of its code cells in order (IPython ``%``/``!`` lines dropped).
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_REPOS = ("PyNNExamples", "IntroLab")
SKIP_DIRS = {"integration_tests", "unittests", ".git", "__pycache__"}
HELPERS = {("sudoku", "utils.py"), ("sudoku", "set_numbers.py")}
NOTEBOOK_REPOS = ("SpiNNakerJupyterExamples",)
#: scripts that need longer than --timeout (seconds), run with their own
SCRIPT_TIMEOUTS = {
    # 77k neurons, 3e8 synapses for 1 s of simulated time (SpinnakerSimulatorInfo's
    # sim_duration): ~30 s to map and load (4.6 GB peak), ~18 s of wall clock per simulated
    # second on 2 quiet host cores, then writing the spikes and the raster; several times
    # that on a host shared with other jobs
    "microcircuit_model/run_microcircuit.py": 900.0,
}
BEGIN = "<!-- begin: official-scripts (integration_tests/official_scripts/run_official.py) -->"
END = "<!-- end: official-scripts -->"


#: (regex on the script path or its first error, why it does not run here); first match wins
REASONS = (
    (r"spinnaker_start", "talks to a spalloc server and boots a real machine (spinnman)"),
    (r"pushbot", "needs a PushBot robot (hardware)"),
    (r"retina_example|motor_example", "needs a SpiNNaker-link device (hardware)"),
    (r"extra_algorithms", "uses splitter classes sPyNNaker 7.4.1 no longer has "
                          "(SplitterAbstractPopulationVertexNeuronsSynapses): fails there too"),
    (r"spikes\.csv", "reads spikes.csv, a recorded retina event stream that the official "
                     "repository does not ship (its commit 'Add pendulum (no spikes.csv file "
                     "though)'); without it the sender thread stops and run_forever runs "
                     "until killed, on sPyNNaker too"),
    (r"libglut|Receiver returned unknown output|spynnaker_sudoku|name 'firstline'",
     "starts an OpenGL visualiser (sPyNNakerVisualisers, or the bundled binary needing GLUT "
     "and a display): not installed on this headless host (IntroLab's sudoku_main then "
     "stops on its own NameError in that error path)"),
    (r"no display name|TclError", "opens a Tk window: on this headless host its GUI thread "
                                  "stops before signalling ready and the script waits "
                                  "for it until killed (on sPyNNaker too)"),
    (r"weights must be >= 0 for conductance", "negative weights onto conductance-based "
                                              "synapses: PyNN refuses them, sPyNNaker 7.4.1 "
                                              "takes their magnitude (PyNN wins, "
                                              "docs above)"),
    (r"external_devices|SpikeInjector|spynnaker.pyNN.models", "live I/O "
                                                              "(issue 12, point 4)"),
    (r"SpikePairRule|STDPMechanism|RecurrentRule|Vogels2011Rule|PfisterSpikeTriplet|"
     r"WeightDependence", "STDP (issue 13)"),
    (r"RandomSelection|LastNeuronSelection|StructuralMechanism|DistanceDependentFormation|"
     r"RandomByWeightElimination", "structural plasticity (issue 16)"),
    (r"extra_models' has no attribute", "an extra_models cell type (issue 12, point 2)"),
    (r"stdp_curve_cond.*LossError",
     "STDP updates below half the 16-bit weight step, counted as lost: w_max = 0.0175 uS "
     "takes 16 bits at a power-of-two scale (2^21 units per uS, step 4.8e-7 uS; plastic "
     "weights are ring-buffer units << a shift, so no finer scale holds w_max), A w_max = "
     "3.2 steps, and its pairings at 39 and 59 ms (potentiation, tau_plus 16.7 ms) and "
     "100 ms (depression, tau_minus 33.7 ms) move a weight by 0.31, 0.09 and 0.16 steps: "
     "rounded away at every pair (a board's 16-bit weights drop them too, silently); "
     "setup(allow_losses=True) runs it"),
    (r"LossError", "the run lost data (saturated ring buffers, dropped packets, or weights "
                   "rounded to zero carrying > 1 % of a projection's weight); "
                   "setup(allow_losses=True) accepts them"),
    (r"(?i)if_curr_delta\.py", "plots gsyn of IF_curr_delta, which records no synaptic "
                               "input here"),
    (r"gsyn_exc.*Izhikevich", "records gsyn of Izhikevich: PyNN's model (ours) has delta "
                              "synapses and no synaptic state, sPyNNaker's exponential ones"),
    (r"master population table needs", "the full-scale microcircuit at the script's 64 "
                                       "neurons per core (1,206 neuron and 1,206 Poisson "
                                       "cores): each core's master population table holds "
                                       "an entry per pre core here (sPyNNaker 7.4.1: per pre "
                                       "population), more than its DTCM; at ~210 neurons per "
                                       "core the same model maps in ~30 s and runs "
                                       "(benchmarks/microcircuit_canonical.py)"),
    (r"run_microcircuit", "the full-scale microcircuit (77k neurons, 3e8 synapses, 1 s): ~30 s "
                          "to map and load (4.6 GB peak) and ~18 s per simulated second on "
                          "a quiet host, beyond the default timeout on a loaded one; "
                          "run_official gives it 900 s (SCRIPT_TIMEOUTS)"),
    (r"timeout", "did not finish within the timeout"),
)


def reason(result):
    """Why a script does not run (None when it ran)."""
    if result["status"] == 0:
        return None
    text = result["script"] + " " + result["error"]
    for pattern, why in REASONS:
        if re.search(pattern, text):
            return why
    return "see the first error"


def find_scripts(root):
    """(group, path relative to ``root``) of every official script under ``root``."""
    root = Path(root)
    found = []
    for repo in SCRIPT_REPOS:
        for path in sorted((root / repo).rglob("*.py")):
            rel = path.relative_to(root / repo)
            if path.name == "__init__.py" or SKIP_DIRS & set(rel.parts[:-1]) \
                    or rel.parts[-2:] in HELPERS:
                continue
            found.append(("scripts", path.relative_to(root)))
    micro = root / "microcircuit_model" / "run_microcircuit.py"
    if micro.exists():
        found.append(("scripts", micro.relative_to(root)))
    for repo in NOTEBOOK_REPOS:
        for path in sorted((root / repo).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                found.append(("notebooks", path.relative_to(root)))
    return found


def notebook_source(path):
    """The code cells of a notebook as one script (IPython magics and shell lines dropped)."""
    cells = json.loads(Path(path).read_text()).get("cells", [])
    lines = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for line in source.splitlines():
            lines.append("pass  # " + line if line.lstrip().startswith(("%", "!")) else line)
        lines.append("")
    return "\n".join(lines)


def first_error(stderr):
    """The line that says what went wrong: the last traceback's exception line."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    if "Traceback (most recent call last):" in stderr:
        tail = stderr[stderr.rindex("Traceback (most recent call last):"):].splitlines()
        for line in tail[1:]:
            if line and not line.startswith((" ", "\t")):
                return line.strip()
    for line in lines:
        if re.search(r"error|exception", line, re.IGNORECASE):
            return line.strip()
    return lines[-1].strip() if lines else ""


def run_one(root, group, rel, python, timeout, extra_path):
    """Run one script; a dict with its outcome."""
    root = Path(root)
    path = root / rel
    with tempfile.TemporaryDirectory(prefix="official_") as tmp:
        tmp = Path(tmp)
        if group == "notebooks":
            target = tmp / (path.stem.replace(" ", "_") + "_notebook.py")
            target.write_text(notebook_source(path))
            cwd_extra = [str(path.parent)]
        else:
            target = path
            cwd_extra = []
        # HOME is the temporary directory: a new user's machine has no ~/.spynnaker.cfg
        # (installing sPyNNaker writes one naming a spalloc server)
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1", HOME=str(tmp))
        # the script's folder (as `python script.py` puts it first) and its repository's
        # root, which the repositories' own test runners put on sys.path: sudoku_main.py
        # imports its helper as `sudoku.utils`
        repo_root = root / Path(rel).parts[0]
        env["PYTHONPATH"] = os.pathsep.join(
            [str(path.parent), str(repo_root), *cwd_extra, *extra_path,
             env.get("PYTHONPATH", "")])
        start = time.monotonic()
        proc = subprocess.Popen([python, str(target)], cwd=tmp, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            status = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            status = "timeout"
        elapsed = time.monotonic() - start
        written = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*")
                         if p.is_file() and p != target and "__pycache__" not in p.parts)
    error = "" if status == 0 else first_error(err)
    if status == "timeout":
        error = f"timeout after {timeout:g} s" + (f" ({error})" if error else "")
    return {"group": group, "script": str(rel), "status": status, "seconds": round(elapsed, 1),
            "written": written, "error": error[:300],
            "stdout_lines": len(out.splitlines())}


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(results, python_label):
    """The Markdown section for docs/compatibility.md."""
    scripts = [r for r in results if r["group"] == "scripts"]
    notebooks = [r for r in results if r["group"] == "notebooks"]
    ok = sum(r["status"] == 0 for r in scripts)
    nb_ok = sum(r["status"] == 0 for r in notebooks)
    tally = {}
    for r in scripts:
        if reason(r):
            tally[reason(r)] = tally.get(reason(r), 0) + 1
    lines = [
        BEGIN, "",
        "## sPyNNaker example scripts", "",
        "SpiNNakerManchester's official example scripts (PyNNExamples, IntroLab, "
        "microcircuit_model; the Jupyter tutorials apart), run unchanged by "
        "`integration_tests/official_scripts/run_official.py` (its docstring says which "
        "files count and how to get them); do not edit this section by hand. "
        f"Interpreter: {python_label}.", "",
        f"**{ok} of {len(scripts)} scripts exit 0**; notebooks: {nb_ok} of "
        f"{len(notebooks)} (the exercise notebooks without solutions hold no simulation and "
        "always pass).", "",
        "Scripts that do not run, by reason:", "",
        *[f"- {why}: {n}" for why, n in sorted(tally.items(), key=lambda kv: -kv[1])], "",
        "| script | exit | s | files written | reason | first error |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {_cell(r['script'])} | {r['status']} | {r['seconds']} | "
                     f"{len(r['written'])} | {_cell(reason(r) or '')} | "
                     f"{_cell(r['error'][:160])} |")
    lines += ["", END]
    return "\n".join(lines)


def read_section(doc):
    """The results in the table of ``doc``'s official-scripts section (as render wrote
    them: file counts, not names; errors cut to 160 characters), in table order."""
    text = Path(doc).read_text() if Path(doc).exists() else ""
    if BEGIN not in text or END not in text:
        return []
    body = text.split(BEGIN, 1)[1].split(END, 1)[0]
    results = []
    for line in body.splitlines():
        if not line.startswith("| ") or line.startswith("| script |"):
            continue
        cells = [c.strip().replace("\\|", "|")
                 for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        script, status, seconds, written, _, error = cells
        group = "notebooks" if script.endswith(".ipynb") else "scripts"
        results.append({"group": group, "script": script,
                        "status": int(status) if status.lstrip("-").isdigit() else status,
                        "seconds": float(seconds), "written": ["?"] * int(written),
                        "error": error, "stdout_lines": None})
    return results


def merge(old, new):
    """``old`` results with those of the scripts in ``new`` replaced (new ones appended)."""
    fresh = {r["script"]: r for r in new}
    out = [fresh.pop(r["script"], r) for r in old]
    return out + list(fresh.values())


def write_section(doc, section):
    """Replace (or append) the official-scripts section of ``doc``."""
    doc = Path(doc)
    text = doc.read_text() if doc.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="folder holding PyNNExamples/, IntroLab/, ...")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per script")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", default=None, help="regex on the script path")
    parser.add_argument("--json", default=None, help="write the results here")
    parser.add_argument("--docs", default=None,
                        help="replace the section in this Markdown file (docs/compatibility.md)")
    parser.add_argument("--no-notebooks", action="store_true")
    parser.add_argument("--merge", action="store_true",
                        help="with --docs: replace only the rows of the scripts run, keep "
                             "the others of the section as they are")
    args = parser.parse_args(argv)
    found = find_scripts(args.root)
    if args.only:
        found = [(g, p) for g, p in found if re.search(args.only, str(p))]
    if args.no_notebooks:
        found = [(g, p) for g, p in found if g != "notebooks"]
    extra_path = [str(ROOT)]

    def job(item):
        timeout = max(args.timeout, SCRIPT_TIMEOUTS.get(str(item[1]), 0.0))
        result = run_one(args.root, *item, args.python, timeout, extra_path)
        print(f"{result['status']!s:>8} {result['seconds']:7.1f}s {result['script']}  "
              f"{result['error'][:120]}", flush=True)
        return result

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(job, found))
    scripts = [r for r in results if r["group"] == "scripts"]
    print(f"{sum(r['status'] == 0 for r in scripts)} of {len(scripts)} scripts exit 0; "
          f"{sum(r['status'] == 0 for r in results if r['group'] == 'notebooks')} of "
          f"{sum(r['group'] == 'notebooks' for r in results)} notebooks")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    if args.docs:
        if args.merge:
            results = merge(read_section(args.docs), results)
        write_section(args.docs, render(results, Path(args.python).name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

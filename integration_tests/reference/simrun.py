"""Run one PyNN script function on one simulator in a subprocess.

A script function is ``protocols.NAME(sim, **kwargs)`` (or ``plasticity_protocols.NAME``): it receives the ``pyNN.<simulator>``
module, builds and runs a network (calling ``sim.setup`` and ``sim.end`` itself) and returns a
dict of numpy arrays (or of lists of them).  The subprocess pickles that dict to a temporary file.
"""
import os
import pickle
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class SimulationFailed(RuntimeError):
    """The subprocess exited with an error (its stderr tail is the message)."""


def _env():
    env = dict(os.environ)
    paths = [ROOT] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def start(simulator, function, **kwargs):
    """Start ``protocols.function(pyNN.<simulator>, **kwargs)`` in a subprocess.

    Returns a handle for :func:`finish`.
    """
    fd, out = tempfile.mkstemp(suffix=".pkl", prefix=f"ref_{simulator}_")
    os.close(fd)
    fd, args = tempfile.mkstemp(suffix=".pkl", prefix="ref_args_")
    with os.fdopen(fd, "wb") as f:
        pickle.dump((simulator, function, kwargs), f)
    # stderr to a file, not a pipe: two concurrent children must never block on a full pipe
    err = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), args, out],
                            stdout=subprocess.DEVNULL, stderr=err, env=_env(),
                            cwd=tempfile.gettempdir())
    return proc, err, args, out, f"{function}({simulator}, {kwargs})"


def finish(handle, timeout=600):
    """Wait for a subprocess from :func:`start`; return its result dict."""
    proc, err, args, out, what = handle
    try:
        proc.wait(timeout=timeout)
        if proc.returncode:
            err.seek(0)
            tail = "\n".join(err.read().strip().splitlines()[-25:])
            raise SimulationFailed(f"{what} exited with {proc.returncode}:\n{tail}")
        with open(out, "rb") as f:
            return pickle.load(f)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise SimulationFailed(f"{what} timed out after {timeout} s")
    finally:
        err.close()
        for path in (args, out):
            if os.path.exists(path):
                os.remove(path)


def run_on(simulator, function, timeout=600, **kwargs):
    """Run ``protocols.function`` on ``pyNN.<simulator>`` ("nest", "spiNNaker") and wait."""
    return finish(start(simulator, function, **kwargs), timeout)


def run_on_both(function, timeout=600, **kwargs):
    """Run the same script on NEST and on this backend concurrently.

    Returns ``(nest_result, spinnaker_result)``.
    """
    handles = [start(s, function, **kwargs) for s in ("nest", "spiNNaker")]
    return tuple(finish(h, timeout) for h in handles)


def _main(args_path, out_path):
    import importlib
    import warnings
    warnings.simplefilter("ignore")
    with open(args_path, "rb") as f:
        simulator, function, kwargs = pickle.load(f)
    sys.path.insert(0, os.path.dirname(HERE))
    protocols = importlib.import_module("reference.protocols")
    if not hasattr(protocols, function):   # scripts with plastic synapses
        protocols = importlib.import_module("reference.plasticity_protocols")
    sim = importlib.import_module(f"pyNN.{simulator}")
    result = getattr(protocols, function)(sim, **kwargs)
    with open(out_path, "wb") as f:
        pickle.dump(result, f)


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])

"""The relation between the board's time convention (this backend's) and NEST's on-grid one.

A board running sPyNNaker's applications, in tick k (time k dt -> (k + 1) dt): adds the
ring-buffer input that arrived for slot k into the synaptic state, updates the membrane over
the tick, checks the threshold, stamps a spike k dt and sends it; a spike sent in tick k over
a delay of d ticks lands in slot k + d.  A SpikeSourceArray sends a spike at s in tick s/dt.
NEST's grid-based models (``spike_precision="on_grid"``) integrate the step from k dt to
(k + 1) dt from the state that holds every input arriving at k dt, and stamp a threshold
crossing in that step (k + 1) dt, the step's end.  Hence (docs/timing_and_arithmetic.md):

* current, exponential and alpha inputs act on the membrane over the same interval in both
  (from arrival on), so a neuron driven by spike sources and current sources has the same
  membrane potential at every grid point, and each of its spikes is stamped one dt earlier on
  the board: ``t_board = t_nest - dt``;
* a spike of a neuron enters its targets one tick earlier on the board (its stamp is): a board
  network with neuron-to-neuron delays d is NEST's with delays d - dt, every neuron's spikes
  one dt earlier (d >= 2 dt, NEST's minimum delay being dt);
* delta inputs (IF_curr_delta, Izhikevich) move v at the end of the update of their arrival
  tick on the board, but at the end of the step before their arrival time in NEST: a delta
  input from a spike source acts as NEST's with one dt more delay, while a neuron's delta
  input to another one arrives at the same time in both (one dt later, from a spike stamped
  one dt earlier).

:func:`nest_arguments` gives the NEST side of a protocol that way and :func:`to_board`
moves NEST's spike times to the board's stamps, so that the comparisons stay exact.
"""
import numpy as np

#: models whose synaptic inputs are delta jumps of v
DELTA_INPUT_MODELS = ("IF_curr_delta", "Izhikevich")


def nest_arguments(function, dt, **kwargs):
    """The keyword arguments that give NEST the board's network for ``protocols.function``."""
    out = dict(kwargs)
    if function == "single_neuron" and kwargs["model"] in DELTA_INPUT_MODELS:
        out["input_delay"] = kwargs.get("delay", 1.0) + dt
    if function == "va_network":
        out["recurrent_delay"] = kwargs.get("recurrent_delay", 0.2) - dt
    return out


def to_board(times, dt):
    """NEST's spike stamps of neurons (ms) -> the board's: one dt earlier."""
    return np.round(np.asarray(times, dtype=float) - dt, 10)


def run_related(function, dt, timeout=600, **kwargs):
    """Run ``protocols.function`` on this backend and, concurrently, its board-equivalent on
    NEST; returns ``(nest, ours)`` with NEST's neuron spike times in the board's convention
    (``result["spikes"]``: a dict of trains or one train; ``result["times"]``: a network's)."""
    from .simrun import finish, start
    handles = [start("nest", function, dt=dt, **nest_arguments(function, dt, **kwargs)),
               start("spiNNaker", function, dt=dt, **kwargs)]
    nest, ours = (finish(h, timeout) for h in handles)
    if isinstance(nest.get("spikes"), dict):
        nest["spikes"] = {k: to_board(v, dt) for k, v in nest["spikes"].items()}
    elif "spikes" in nest:
        nest["spikes"] = to_board(nest["spikes"], dt)
    if "times" in nest:
        nest["times"] = to_board(nest["times"], dt)
    return nest, ours

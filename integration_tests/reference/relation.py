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

* the board's LIF (IF_curr_exp, IF_cond_exp, IF_curr_delta, IF_curr_alpha) holds
  exp(-dt/tau_m) and R = tau_m/cm as s16.15 accums: its leak is exactly NEST's for tau_m' = -dt / ln(exp_TC) and cm' = tau_m' / R (at dt 0.1 ms and
  tau_m 20 ms, exp_TC = 32605 / 2^15 makes tau_m' 20.0545 ms; at dt 1 ms 20.0007 ms), so NEST
  runs those (:func:`board_lif_cell`).  What stays is the arithmetic: the board holds each
  tick's synaptic current over the tick (NEST integrates its decay exactly) and truncates
  its products (docs/timing_and_arithmetic.md bounds both).
* the board's alpha synapse merges several inputs into one alpha-like current
  (:func:`board_alpha_current`): NEST's neuron is driven by that current, injected as a step
  current held over each tick (:func:`board_alpha_nest_currents`), instead of by its own
  alpha synapse, whose sum of alpha functions the merge does not reproduce.
* Izhikevich: the board integrates with sPyNNaker's midpoint kernel (one RK2 step per tick,
  0.04 as 0.040008544921875, a 1.85 dt step after each spike), NEST's izhikevich with forward
  Euler: at the same dt they are different discretisations of one model, so no exact relation
  maps one onto the other.  Both converge to the continuous model as the step shrinks:
  NEST at a fine step (0.001 ms) stands for it, and :func:`izhikevich_limit_distance` bounds
  how far the board's discretisation at dt is from it, spike by spike (the telescoped
  differences of the same float64 kernel at dt, dt/2, dt/4, ...: an a-posteriori estimate,
  not a tolerance; the kernel's fixed-point rounding is bounded separately,
  unittests/vm/test_models_neurons.py).

:func:`nest_arguments` gives the NEST side of a protocol that way and :func:`to_board`
moves NEST's spike times to the board's stamps, so that the comparisons stay exact.
"""
import numpy as np

#: models whose synaptic inputs are delta jumps of v
DELTA_INPUT_MODELS = ("IF_curr_delta", "Izhikevich")


#: models whose membrane constants the board holds as s16.15 accums (neuron_model_lif_impl)
BOARD_LIF_MODELS = ("IF_curr_exp", "IF_cond_exp", "IF_curr_delta", "IF_curr_alpha")


#: models whose synapses are the board's alpha synapse: NEST gets their merged current
#: (:func:`board_alpha_current`) as a step current instead of its alpha synapse
BOARD_ALPHA_MODELS = ("IF_curr_alpha",)


def board_izhikevich_float(h_dt, tstop, a, b, c, d, drive, v0=-70.0, u0=-14.0,
                           board_constants=True):
    """The board's Izhikevich kernel (c_models/neuron/izhikevich.h) in float64 at step h_dt:
    spike times stamped at the end of the crossing step (NEST's convention, so that steps of
    different lengths compare).  ``board_constants``: the accum-rounded parameters and the
    board's 0.040008544921875 (else the model's exact ones and 0.04)."""
    if board_constants:
        q = lambda x: np.round(x * 2.0 ** 15) / 2.0 ** 15   # noqa: E731
        a, b, c, d, drive, k2 = q(a), q(b), q(c), q(d), q(drive), 0.040008544921875
    else:
        k2 = 0.04
    drive, h_after = 140.0 + drive, h_dt * 1.85
    v, u, h, out = v0, u0, h_dt, []
    for k in range(int(round(tstop / h_dt))):
        pre = drive - u
        v_mid = v + h / 2 * (k2 * v * v + 5 * v + pre)
        beta = h / 2 * a * (b * v - u)
        v, u = (v + h * (pre - beta + k2 * v_mid * v_mid + 5 * v_mid),
                u + a * h * (-u - beta + b * v_mid))
        h = h_dt
        if v >= 30.0:
            out.append((k + 1) * h_dt)
            v, u, h = c, u + d, h_after
    return np.array(out)


def izhikevich_limit_distance(dt, tstop, a, b, c, d, drive, finest=0.002):
    """Spike times of the board's Izhikevich discretisation at dt (board_izhikevich_float,
    on the model's exact constants: NEST's continuous model has those) and, per spike, an
    estimate of its distance from the continuous model's: the telescoped
    |t(h) - t(h/2)| for h = dt, dt/2, ... down to ``finest``, plus the last difference once
    more (the tail of a first-order sequence halving its error per halving: the 1.85 dt step
    after a spike makes the kernel first order across spikes), plus the finest run's step
    (its stamps are on its grid).  Returns (times, distance) over the spikes every step size
    has."""
    runs, h = [], dt
    while h >= finest * 0.999:
        runs.append(board_izhikevich_float(h, tstop, a, b, c, d, drive,
                                           board_constants=False))
        h /= 2
    n = min(len(r) for r in runs)
    steps = [np.abs(runs[j][:n] - runs[j + 1][:n]) for j in range(len(runs) - 1)]
    return runs[0][:n], sum(steps) + steps[-1] + h * 2


def board_lif_cell(cell, dt):
    """LIF cell parameters (tau_m ms, cm nF) -> those whose exact leak and resistance equal the
    board's accum-rounded exp_TC = exp(-dt/tau_m) and R = tau_m/cm."""
    out = dict(cell)
    exp_tc = np.round(np.exp(-dt / cell["tau_m"]) * 2.0 ** 15) / 2.0 ** 15
    r = np.round(cell["tau_m"] / cell["cm"] * 2.0 ** 15) / 2.0 ** 15
    out["tau_m"] = float(-dt / np.log(exp_tc))
    out["cm"] = out["tau_m"] / float(r)
    return out


def board_truncation_bound(cell, dt):
    """Largest offset (mV) of the board's LIF v from the exact solution of its own constants,
    from its truncating products: each tick's decay of a synaptic current loses < 1 LSB
    (2^-15 nA), a deficit that settles below 2^-15 / (1 - exp(-dt/tau_syn)) nA and moves v by
    R times that; the membrane's two products lose < 1 LSB of alpha and < 1 LSB of v per tick,
    which settles below 2 / (1 - exp(-dt/tau_m)) LSB.  (At dt 0.1 ms, tau_m 20 ms, R 20 MOhm,
    tau_syn 5 and 8 ms: 0.04 mV; at dt 1 ms: 0.004 mV.)  A cell without synaptic time
    constants (delta synapses: exact jumps) has the membrane's part only."""
    lsb = 2.0 ** -15
    r = cell["tau_m"] / cell["cm"]
    syn = sum(r * lsb / -np.expm1(-dt / cell[k]) for k in ("tau_syn_E", "tau_syn_I")
              if k in cell)
    return float(syn + 2.0 * lsb / -np.expm1(-dt / cell["tau_m"]))


def board_alpha_current(arrival_ticks, weights, tau_syn, dt, n_ticks, fixed_point=True):
    """The current (nA) of the board's alpha synapse in each of ``n_ticks`` ticks
    (sPyNNaker's synapse_types_alpha_impl.h with PyNN's weight scale): inputs (positive
    magnitudes, summed per tick as a ring buffer does) merge at their tick's start,
    ``q = w; exp <- exp d + 1; lin <- (lin + w s) (1 - 1/exp)``, the tick's current is
    lin exp, then ``lin += q s; exp <- exp d`` (s = e dt/tau_syn, d = exp(-dt/tau_syn)).
    ``fixed_point``: in the board's arithmetic (s16.15 accums, truncating products, u0.32
    decay truncated, 1/exp as kdivk: floor(2^30 / bits)), else in real numbers.

    In real numbers a lone input w gives w (t/tau) e^(1 - t/tau) at t = 0, dt, ... after
    arrival: NEST's iaf_psc_alpha current on the grid.  A merge keeps the current (times d)
    but replaces the ramp's slope by the new weight: the earlier inputs' remaining rise is lost
    (a burst of 10 inputs 1 ms apart, tau_syn 2 ms, loses 6 % of its charge at dt 0.1 ms,
    40 % at dt 1 ms).  The board's arithmetic adds a deficit: exp's truncated decay lacks up
    to 1/(1 - d) LSB, which lin (growing) multiplies (about 1 % of the current at dt 0.1 ms,
    tau_syn 2 ms; test_board_alpha.py bounds it)."""
    inputs = np.zeros(n_ticks)
    ticks = np.asarray(arrival_ticks, dtype=int)
    keep = ticks < n_ticks
    np.add.at(inputs, ticks[keep], np.broadcast_to(weights, ticks.shape)[keep])
    d, step = np.exp(-dt / tau_syn), np.e * dt / tau_syn
    out = np.zeros(n_ticks)
    if not fixed_point:
        lin = ex = q = 0.0
        for k in range(n_ticks):
            if inputs[k] > 0:
                q, ex = inputs[k], ex * d + 1.0
                lin = (lin + inputs[k] * step) * (1.0 - 1.0 / ex)
            out[k] = lin * ex
            lin, ex = lin + q * step, ex * d
        return out
    one = 1 << 15
    d_i, step_i = int(round(d * 2.0 ** 32)), int(round(step * one))
    w_i = np.round(inputs * one).astype(np.int64)
    lin = ex = q = 0
    for k in range(n_ticks):
        if w_i[k] > 0:
            q, ex = int(w_i[k]), ((ex * d_i) >> 32) + one
            lin = ((lin + ((q * step_i) >> 15)) * (one - (1 << 30) // ex)) >> 15
        out[k] = ((lin * ex) >> 15) / one
        lin, ex = lin + ((q * step_i) >> 15), (ex * d_i) >> 32
    return out


def board_alpha_nest_currents(cell, dt, spike_times, delay, w_exc, w_inh, tstop):
    """The single-neuron protocol's alpha inputs as NEST step currents: the board's current
    of each tick (:func:`board_alpha_current`, in its arithmetic), excitatory w_exc on "exc"
    and inhibitory w_inh on "inh", held over the tick as the board holds it."""
    n = int(round(tstop / dt))
    arrivals = np.round((np.asarray(spike_times) + delay) / dt).astype(int)
    t = np.round(np.arange(n) * dt, 10)
    exc = board_alpha_current(arrivals, abs(w_exc), cell["tau_syn_E"], dt, n)
    inh = -board_alpha_current(arrivals, abs(w_inh), cell["tau_syn_I"], dt, n)
    # NEST ignores a step at t = 0 (the current is zero there anyway)
    return {"exc": (t[1:], exc[1:]), "inh": (t[1:], inh[1:])}


def spike_tolerance(t, v, spikes, dt, dv):
    """Spike-time tolerance (ms) for traces offset by at most ``dv`` mV: one dt plus the time
    an offset of dv shifts a threshold crossing, dv / slope, with the slope of v (``t``, ``v``:
    NEST's trace; ``spikes``: its spikes in the board's stamps) over the step before the
    slowest crossing."""
    t, v = np.asarray(t), np.asarray(v)
    slopes = []
    for s in spikes:
        k = int(round(s / dt))
        if 1 <= k < len(v):
            slopes.append((v[k] - v[k - 1]) / dt)
    slopes = [x for x in slopes if x > 0]
    return dt + (dv / min(slopes) if slopes else 0.0)


def nest_arguments(function, dt, **kwargs):
    """The keyword arguments that give NEST the board's network for ``protocols.function``."""
    from .protocols import SINGLE_NEURON, va_parameters
    out = dict(kwargs)
    if function == "single_neuron" and kwargs["model"] in BOARD_LIF_MODELS:
        out["cell"] = board_lif_cell(SINGLE_NEURON[kwargs["model"]]["cell"], dt)
    if function == "va_network":   # CUBA: IF_curr_exp, COBA: IF_cond_exp
        out["cell"] = board_lif_cell(va_parameters(kwargs["benchmark"])[0], dt)
    if function == "single_neuron" and kwargs["model"] in BOARD_ALPHA_MODELS:
        from .protocols import input_spike_times
        spec = SINGLE_NEURON[kwargs["model"]]
        out["synaptic_currents"] = board_alpha_nest_currents(
            spec["cell"], dt, input_spike_times(tstop=kwargs.get("tstop", 1000.0)),
            kwargs.get("delay", 1.0), spec["w_exc"], spec["w_inh"], kwargs.get("tstop", 1000.0))
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

"""IF_curr_alpha in the board's arithmetic, bit for bit (issue 11 point 2).

sPyNNaker's alpha synapse (synapse_types_alpha_impl.h, sPyNNaker 7.4.1), re-implemented here
in NumPy integers from its published C, independently of our C:

* per type the accums lin_buff, exp_buff and q_buff; the tick's current is lin x exp
  (truncating accum product), recorded and fed to the board's LIF (as IF_curr_exp:
  ``alpha = I R + v_rest``, ``v <- alpha - exp_TC (alpha - v)``);
* a tick's non-zero ring-buffer total w merges in at the tick's start
  (``add_input_alpha``): q = w; exp = decay_s1615(exp, decay) + 1; lin = (lin + w step)
  (1 - kdivk(1, exp)), kdivk(a, b) = floor((bits(a) << 15) / bits(b)) (maths-util.h);
* at the tick's end (``alpha_shaping``): lin += q step; exp = decay_s1615(exp, decay)
  (u0.32 product, truncated).

``step`` is PyNN's weight scale e dt/tau_syn (the board's dt/tau_syn^2 makes the peak current
w/(e tau_syn) where PyNN's IF_curr_alpha peaks at w; docs/timing_and_arithmetic.md).
"""
import numpy as np
import pytest

import pyNN.spiNNaker as sim
from reference.board_drive import (assert_equal_to_board, lif_params, random_inputs,
                                   run_driven, tick_inputs)
from test_board_arithmetic import DEFAULTS, ONE, accum, u032


def board_alpha_state(w, lin, ex, q, step, decay):
    """One type's merge of this tick's input w (integers, per neuron); returns lin, exp, q."""
    has = w > 0
    ex_m = ((ex * decay) >> 32) + ONE
    lin_m = (((lin + ((w * step) >> 15)) * (ONE - ((1 << 30) // np.maximum(ex_m, 1)))) >> 15)
    return np.where(has, lin_m, lin), np.where(has, ex_m, ex), np.where(has, w, q)


def board_if_curr_alpha(p, dt, in_exc, in_inh):
    """The board's IF_curr_alpha over len(in_exc) ticks, one neuron per column (inputs nA,
    exactly representable).  Returns recorded v, isyn_exc, isyn_inh and the spike ticks."""
    ticks, n = in_exc.shape
    exp_tc, r = accum(np.exp(-dt / p["tau_m"])), accum(p["tau_m"] / p["cm"])
    step = {t: accum(np.e * dt / p[f"tau_syn_{t}"]) for t in "EI"}
    decay = {t: u032(np.exp(-dt / p[f"tau_syn_{t}"])) for t in "EI"}
    v_rest, v_reset, v_thresh = accum(p["v_rest"]), accum(p["v_reset"]), accum(p["v_thresh"])
    i_off = accum(p["i_offset"])
    t_refract = np.ceil(np.asarray(p["tau_refrac"]) / dt - 1e-9).astype(np.int64)
    v = np.full(n, v_rest, dtype=np.int64)
    zero = np.zeros(n, np.int64)
    syn = {t: [zero, zero, zero] for t in "EI"}       # lin, exp, q
    timer = np.zeros(n, np.int64)
    rec_v, rec_e, rec_i, spikes = [], [], [], [[] for _ in range(n)]
    w = {"E": accum(in_exc), "I": accum(in_inh)}
    for k in range(ticks):
        cur = {}
        for t in "EI":
            syn[t] = list(board_alpha_state(w[t][k], *syn[t], step[t], decay[t]))
            cur[t] = (syn[t][0] * syn[t][1]) >> 15
        rec_v.append(v.copy())
        rec_e.append(cur["E"])
        rec_i.append(cur["I"])
        alpha = (((cur["E"] - cur["I"] + i_off) * r) >> 15) + v_rest
        integrated = alpha - ((exp_tc * (alpha - v)) >> 15)
        active = timer <= 0
        v = np.where(active, integrated, v)
        timer = np.where(active, timer, timer - 1)
        fired = v >= v_thresh
        for j in np.flatnonzero(fired):
            spikes[j].append(k)
        v = np.where(fired, v_reset, v)
        timer = np.where(fired, t_refract, timer)
        for t in "EI":
            lin, ex, q = syn[t]
            syn[t] = [lin + ((q * step[t]) >> 15), (ex * decay[t]) >> 32, q]
    return (np.array(rec_v) / ONE, np.array(rec_e) / ONE, np.array(rec_i) / ONE, spikes)


def test_lone_input_is_pyNN_alpha_on_the_grid():
    """The re-implementation, one 1 nA input at tick 0 (tau_syn 2 ms, dt 0.1 ms): the
    recorded current equals (t/tau) e^(1 - t/tau) at t = j dt within the accum arithmetic's
    derived error: after j ticks exp (exact d^j) lacks < min(j, 1/(1 - d)) LSB (one truncated
    decay per tick, older losses decaying), lin (exact j w step) lacks < j (w/2 + 1) LSB (the
    step rounded to s16.15, each q step truncated), and lin x exp truncates once."""
    tau, dt, w, lsb = 2.0, 0.1, 1.0, 2.0 ** -15
    p = dict(DEFAULTS, tau_syn_E=tau, tau_syn_I=tau)
    p = {k: np.array([v]) for k, v in p.items()}
    ins = np.zeros((400, 1))
    ins[0] = w
    _, ie, _, _ = board_if_curr_alpha(p, dt, ins, np.zeros((400, 1)))
    j = np.arange(400)
    d = np.exp(-dt / tau)
    lin, ex = j * w * np.e * dt / tau, d ** j
    exact = lin * ex
    np.testing.assert_allclose(exact, j * dt / tau * np.exp(1 - j * dt / tau), rtol=1e-12)
    bound = (lin * np.minimum(j, 1 / (1 - d)) + ex * j * (w / 2 + 1) + 1) * lsb
    assert np.all(np.abs(ie[:, 0] - exact) <= bound)


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_if_curr_alpha_bit_for_bit_with_the_board_algorithm(dt):
    """8 neurons with different constants, 20 excitatory and 20 inhibitory sources of random
    spikes and weights (several inputs per tick and merges within a PSC), refractory periods:
    v, gsyn_exc, gsyn_inh and spikes equal the board's integer algorithm over 2000 ticks."""
    rng = np.random.default_rng(14)
    ticks, n, n_src = 2000, 8, 20
    params = lif_params(rng, n, dt, DEFAULTS, tau_syn_E=(0.5, 5.0), tau_syn_I=(1.0, 8.0))
    exc, w_e = random_inputs(rng, ticks, n_src, n, 0.02 * dt * 10)
    inh, w_i = random_inputs(rng, ticks, n_src, n, 0.01 * dt * 10)
    ref_v, ref_ie, ref_ii, ref_spikes = board_if_curr_alpha(
        params, dt, tick_inputs(exc, w_e, ticks, n), tick_inputs(inh, w_i, ticks, n))
    assert sum(len(s) for s in ref_spikes) > 20 * n * dt   # the test exercises firing
    assert ref_ii.max() > 0.2 and ref_ie.max() > 0.5
    seg = run_driven(sim.IF_curr_alpha, params, dt, ticks, exc, w_e, inh, -w_i,
                     ["v", "gsyn_exc", "gsyn_inh"])
    assert_equal_to_board(seg, dt, ticks, {"v": ref_v, "gsyn_exc": ref_ie,
                                           "gsyn_inh": ref_ii}, ref_spikes)

"""Bit-for-bit agreement with the board's integer arithmetic where sPyNNaker's algorithm is
public (issue 11 point 2).

Each model's per-tick update is re-implemented here in NumPy integers from sPyNNaker's
published C (neuron_model_lif_impl.h, synapse_types_exponential_impl.h, decay.h,
neuron_impl_standard.h), independently of our C, and checked against the board's recorded
values where sPyNNaker's integration tests publish them; our VM must then equal it bit for bit
over long random-input runs.  The board's rules, as written in those sources:

* s16.15 accums throughout; accum products truncate (the 30-fraction-bit product shifted
  right by 15); u0.32 "decay" products (decay_s1615) truncate (shifted right by 32).
* IF_curr_exp: exp_TC = exp(-dt/tau_m) and R = tau_m/cm as accums; in tick k the ring-buffer
  total w of each synapse type is added as isyn += w init (init = tau_syn/dt (1 -
  exp(-dt/tau_syn)), u0.32); v and isyn are recorded; unless refractory,
  alpha = (isyn_e - isyn_i + i_offset) R + v_rest and v <- alpha - exp_TC (alpha - v), else
  the refractory timer counts down; v >= v_thresh fires (v <- v_reset, timer <- ceil(tau_refrac
  / dt)); isyn <- isyn decay (decay = exp(-dt/tau_syn), u0.32).

* IF_cond_exp: the same membrane with I = g_e (E_e - v) + g_i (E_i - v) + i_offset, v the
  tick's start potential, g = G >> 10 where the synaptic state G holds 1024 x uS (the
  conductance input type's weight scale), G += 1024 w init at the tick's start and decays as
  above (synapse_types_exponential_impl.h, input_type_conductance.h); the board records g.

Constants are rounded to nearest by the host here; sPyNNaker 7 computes them on the core with
expk/kdivk, whose last-bit rounding is not emulated (docs/timing_and_arithmetic.md).
"""
import numpy as np
import pytest

import pyNN.spiNNaker as sim
from reference.board_drive import (assert_equal_to_board, lif_params, random_inputs,
                                   run_driven, tick_inputs)

ONE = 1 << 15


def accum(x):
    return np.int64(np.round(np.asarray(x, dtype=np.float64) * ONE))


def u032(x):
    return np.int64(np.round(np.asarray(x, dtype=np.float64) * 2.0 ** 32))


def board_if_curr_exp(p, dt, in_exc, in_inh):
    """The board's IF_curr_exp over len(in_exc) ticks for one neuron per column.

    in_exc/in_inh: [ticks, neurons] ring-buffer totals (nA, exactly representable), the input
    that lands in each tick.  Returns recorded v and isyn_exc [ticks, neurons] (mV, nA) and
    the spike ticks per neuron."""
    ticks, n = in_exc.shape
    exp_tc, r = accum(np.exp(-dt / p["tau_m"])), accum(p["tau_m"] / p["cm"])
    init_e = u032(p["tau_syn_E"] / dt * -np.expm1(-dt / p["tau_syn_E"]))
    init_i = u032(p["tau_syn_I"] / dt * -np.expm1(-dt / p["tau_syn_I"]))
    dec_e, dec_i = u032(np.exp(-dt / p["tau_syn_E"])), u032(np.exp(-dt / p["tau_syn_I"]))
    v_rest, v_reset, v_thresh = accum(p["v_rest"]), accum(p["v_reset"]), accum(p["v_thresh"])
    i_off = accum(p["i_offset"])
    t_refract = np.ceil(np.asarray(p["tau_refrac"]) / dt - 1e-9).astype(np.int64)
    v = np.full(n, v_rest, dtype=np.int64)
    ie, ii = np.zeros(n, np.int64), np.zeros(n, np.int64)
    timer = np.zeros(n, np.int64)
    rec_v, rec_ie, spikes = [], [], [[] for _ in range(n)]
    we, wi = accum(in_exc), accum(in_inh)
    for k in range(ticks):
        ie = ie + ((we[k] * init_e) >> 32)
        ii = ii + ((wi[k] * init_i) >> 32)
        rec_v.append(v.copy())
        rec_ie.append(ie.copy())
        alpha = (((ie - ii + i_off) * r) >> 15) + v_rest
        integrated = alpha - ((exp_tc * (alpha - v)) >> 15)
        active = timer <= 0
        v = np.where(active, integrated, v)
        timer = np.where(active, timer, timer - 1)
        fired = v >= v_thresh
        for j in np.flatnonzero(fired):
            spikes[j].append(k)
        v = np.where(fired, v_reset, v)
        timer = np.where(fired, t_refract, timer)
        ie = (ie * dec_e) >> 32
        ii = (ii * dec_i) >> 32
    return (np.array(rec_v) / ONE, np.array(rec_ie) / ONE, spikes)


#: The board's v of one IF_curr_exp with default parameters, i_offset 1 nA, tau_syn_E 1 ms, dt
#: 1 ms (sPyNNaker integration test "TestNoChange", check_v / V_PATTERN).
BOARD_V = [-65.0, -64.024658203125, -63.09686279296875, -62.214324951171875,
           -61.37481689453125]

DEFAULTS = {"cm": 1.0, "tau_m": 20.0, "tau_refrac": 0.1, "tau_syn_E": 5.0, "tau_syn_I": 5.0,
            "v_rest": -65.0, "v_reset": -65.0, "v_thresh": -50.0, "i_offset": 0.0}


def test_reimplementation_reproduces_the_board_trace():
    p = dict(DEFAULTS, i_offset=1.0, tau_syn_E=1.0)
    zeros = np.zeros((5, 1))
    v, _, _ = board_if_curr_exp(p, 1.0, zeros, zeros)
    np.testing.assert_array_equal(v[:, 0], BOARD_V)


def test_vm_gives_the_board_trace():
    sim.setup(timestep=1.0)
    pop = sim.Population(1, sim.IF_curr_exp(i_offset=1.0, tau_syn_E=1.0))
    pop.record("v")
    sim.run(5.0)
    v = np.asarray(pop.get_data().segments[0].filter(name="v")[0])[:5, 0]
    sim.end()
    np.testing.assert_array_equal(v, BOARD_V)


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_if_curr_exp_bit_for_bit_with_the_board_algorithm(dt):
    """8 neurons with different parameters, driven by 20 excitatory and 20 inhibitory sources
    of random spikes and weights (delay one tick), refractory periods of several ticks,
    i_offset near threshold: v and isyn_exc recorded every tick and every spike equal the
    board's integer algorithm bit for bit over 2000 ticks."""
    rng = np.random.default_rng(11)
    ticks, n, n_src = 2000, 8, 20
    params = lif_params(rng, n, dt, dict(DEFAULTS, i_offset=0.6), tau_syn_E=(1.0, 8.0),
                        tau_syn_I=(2.0, 10.0))
    exc, w_e = random_inputs(rng, ticks, n_src, n, 0.05 * dt * 10)
    inh, w_i = random_inputs(rng, ticks, n_src, n, 0.03 * dt * 10)
    ref_v, ref_ie, ref_spikes = board_if_curr_exp(
        params, dt, tick_inputs(exc, w_e, ticks, n), tick_inputs(inh, w_i, ticks, n))
    assert sum(len(s) for s in ref_spikes) > 20 * n * dt   # the test exercises firing
    seg = run_driven(sim.IF_curr_exp, params, dt, ticks, exc, w_e, inh, w_i,
                     ["v", "gsyn_exc"])
    assert_equal_to_board(seg, dt, ticks, {"v": ref_v, "gsyn_exc": ref_ie}, ref_spikes)


COND_DEFAULTS = dict(DEFAULTS, e_rev_E=0.0, e_rev_I=-70.0)


def board_if_cond_exp(p, dt, in_exc, in_inh):
    """The board's IF_cond_exp over len(in_exc) ticks for one neuron per column (inputs in
    uS, exactly representable).  Returns recorded v, gsyn_exc, gsyn_inh (mV, uS) and the spike
    ticks per neuron."""
    ticks, n = in_exc.shape
    exp_tc, r = accum(np.exp(-dt / p["tau_m"])), accum(p["tau_m"] / p["cm"])
    init_e = u032(p["tau_syn_E"] / dt * -np.expm1(-dt / p["tau_syn_E"]))
    init_i = u032(p["tau_syn_I"] / dt * -np.expm1(-dt / p["tau_syn_I"]))
    dec_e, dec_i = u032(np.exp(-dt / p["tau_syn_E"])), u032(np.exp(-dt / p["tau_syn_I"]))
    v_rest, v_reset, v_thresh = accum(p["v_rest"]), accum(p["v_reset"]), accum(p["v_thresh"])
    e_e, e_i, i_off = accum(p["e_rev_E"]), accum(p["e_rev_I"]), accum(p["i_offset"])
    t_refract = np.ceil(np.asarray(p["tau_refrac"]) / dt - 1e-9).astype(np.int64)
    v = np.full(n, v_rest, dtype=np.int64)
    ge, gi = np.zeros(n, np.int64), np.zeros(n, np.int64)   # 1024 x uS, s16.15
    timer = np.zeros(n, np.int64)
    rec_v, rec_ge, rec_gi, spikes = [], [], [], [[] for _ in range(n)]
    we, wi = accum(in_exc) * 1024, accum(in_inh) * 1024
    for k in range(ticks):
        ge = ge + ((we[k] * init_e) >> 32)
        gi = gi + ((wi[k] * init_i) >> 32)
        g_e, g_i = ge >> 10, gi >> 10
        rec_v.append(v.copy())
        rec_ge.append(g_e)
        rec_gi.append(g_i)
        exc = (g_e * (e_e - v)) >> 15
        inh = -((g_i * (e_i - v)) >> 15)
        current = exc - inh + i_off
        alpha = ((current * r) >> 15) + v_rest
        integrated = alpha - ((exp_tc * (alpha - v)) >> 15)
        active = timer <= 0
        v = np.where(active, integrated, v)
        timer = np.where(active, timer, timer - 1)
        fired = v >= v_thresh
        for j in np.flatnonzero(fired):
            spikes[j].append(k)
        v = np.where(fired, v_reset, v)
        timer = np.where(fired, t_refract, timer)
        ge = (ge * dec_e) >> 32
        gi = (gi * dec_i) >> 32
    return (np.array(rec_v) / ONE, np.array(rec_ge) / ONE, np.array(rec_gi) / ONE, spikes)


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_if_cond_exp_bit_for_bit_with_the_board_algorithm(dt):
    """As the IF_curr_exp test for IF_cond_exp: 8 neurons with different constants and
    reversal potentials, random excitatory and inhibitory conductance inputs (weights on a
    1/1024 uS grid), refractory periods: v, gsyn_exc, gsyn_inh and spikes equal the board's
    integer algorithm bit for bit over 2000 ticks."""
    rng = np.random.default_rng(12)
    ticks, n, n_src = 2000, 8, 20
    params = lif_params(rng, n, dt, COND_DEFAULTS, tau_syn_E=(1.0, 8.0),
                        tau_syn_I=(2.0, 10.0), e_rev_E=(-10.0, 10.0), e_rev_I=(-85.0, -70.0))
    exc, w_e = random_inputs(rng, ticks, n_src, n, 0.05 * dt * 10, unit=1.0 / 1024.0)
    inh, w_i = random_inputs(rng, ticks, n_src, n, 0.03 * dt * 10, unit=1.0 / 1024.0)
    ref_v, ref_ge, ref_gi, ref_spikes = board_if_cond_exp(
        params, dt, tick_inputs(exc, w_e, ticks, n), tick_inputs(inh, w_i, ticks, n))
    assert sum(len(s) for s in ref_spikes) > 20 * n * dt   # the test exercises firing
    assert ref_gi.max() > 0.05 and ref_ge.max() > 0.05
    seg = run_driven(sim.IF_cond_exp, params, dt, ticks, exc, w_e, inh, w_i,
                     ["v", "gsyn_exc", "gsyn_inh"])
    assert_equal_to_board(seg, dt, ticks, {"v": ref_v, "gsyn_exc": ref_ge,
                                           "gsyn_inh": ref_gi}, ref_spikes)


def board_if_curr_delta(p, dt, in_exc, in_inh):
    """IF_curr_delta on the board's LIF: the closed form with i_offset alone (no synaptic
    current), then the tick's input (mV, exactly representable) jumps v unless refractory,
    then the threshold.  Returns recorded v and the recorded input (gsyn_exc) [ticks, n], and
    the spike ticks per neuron."""
    ticks, n = in_exc.shape
    exp_tc, r = accum(np.exp(-dt / p["tau_m"])), accum(p["tau_m"] / p["cm"])
    v_rest, v_reset, v_thresh = accum(p["v_rest"]), accum(p["v_reset"]), accum(p["v_thresh"])
    i_off = accum(p["i_offset"])
    t_refract = np.ceil(np.asarray(p["tau_refrac"]) / dt - 1e-9).astype(np.int64)
    v = np.full(n, v_rest, dtype=np.int64)
    timer = np.zeros(n, np.int64)
    rec_v, rec_in, spikes = [], [], [[] for _ in range(n)]
    we, wi = accum(in_exc), accum(in_inh)
    for k in range(ticks):
        rec_v.append(v.copy())
        rec_in.append(we[k].copy())
        alpha = ((i_off * r) >> 15) + v_rest
        integrated = alpha - ((exp_tc * (alpha - v)) >> 15) + we[k] - wi[k]
        active = timer <= 0
        v = np.where(active, integrated, v)
        timer = np.where(active, timer, timer - 1)
        fired = v >= v_thresh
        for j in np.flatnonzero(fired):
            spikes[j].append(k)
        v = np.where(fired, v_reset, v)
        timer = np.where(fired, t_refract, timer)
    return np.array(rec_v) / ONE, np.array(rec_in) / ONE, spikes


@pytest.mark.parametrize("dt", [1.0, 0.1])
def test_if_curr_delta_bit_for_bit_with_the_board_algorithm(dt):
    """IF_curr_delta: 8 neurons with different constants, random excitatory and inhibitory
    jumps (1/64 .. 1 mV), i_offset near threshold, refractory periods: v, the recorded input
    and every spike equal the board's LIF with PyNN's jumps bit for bit over 2000 ticks."""
    rng = np.random.default_rng(13)
    ticks, n, n_src = 2000, 8, 20
    cells = {k: v for k, v in DEFAULTS.items() if not k.startswith("tau_syn")}
    params = lif_params(rng, n, dt, cells)
    exc, w_e = random_inputs(rng, ticks, n_src, n, 0.05 * dt * 10)
    inh, w_i = random_inputs(rng, ticks, n_src, n, 0.03 * dt * 10)
    ref_v, ref_in, ref_spikes = board_if_curr_delta(
        params, dt, tick_inputs(exc, w_e, ticks, n), tick_inputs(inh, w_i, ticks, n))
    assert sum(len(s) for s in ref_spikes) > 20 * n * dt   # the test exercises firing
    seg = run_driven(sim.IF_curr_delta, params, dt, ticks, exc, w_e, inh, w_i,
                     ["v", "gsyn_exc"])
    assert_equal_to_board(seg, dt, ticks, {"v": ref_v, "gsyn_exc": ref_in}, ref_spikes)

"""sPyNNaker's RecurrentRule (``extra_models.RecurrentRule``) in float64, event by event.

The rule as docs/plasticity.md states it (from sPyNNaker 7.4.1's
``timing_recurrent_dual_fsm_impl.h`` / ``timing_recurrent_common.h``): windows drawn from
the 2048 quantiles floor(-mean ln(1 - k / 2048)) ticks, an accumulator stepping towards
``accumulator_potentiation`` / ``accumulator_depression``, one weight step (the weight
dependence at trace 1) when it gets there.  Draws follow the documented key (projection
seed, population indices, tick) through splitmix64, so this model meets the same windows
as the cores; the state machines and the weight arithmetic are written here again, in
float64, from the rule's definition.
"""
import math

import numpy as np

_MASK = 2 ** 64 - 1
_GOLDEN = 0x9E3779B97F4A7C15


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def uniform32(stream, counter):
    return mix64((stream + (counter + 1) * _GOLDEN) & _MASK) >> 32


def atom_stream(seed, index):
    return mix64(seed ^ mix64(((index + 1) * _GOLDEN) & _MASK))


def window_table(mean_ms, dt):
    """The 2048 window quantiles in ticks."""
    k = np.arange(2048)
    return np.floor(-np.log(1.0 - k / 2048.0) * mean_ms / dt).astype(np.int64)


def window_probability(table, ticks):
    """P(window > ticks): the chance that an event `ticks` after the window opened is in."""
    return float(np.mean(table > ticks))


class RecurrentSynapse:
    """One synapse (pre neuron `pre`, target `post`, population indices; `rank` among the
    pre neuron's synapses onto that target) of a RecurrentRule projection."""

    def __init__(self, params, weight, seed, pre, post, rank=0, dt=1.0):
        self.p = params
        self.w = float(weight)
        self.acc = 0
        self.state = 0   # 0 idle, 1 pre window open, 2 post window open
        self.window = 0
        self.pre_table = window_table(params["mean_pre_window"], dt)
        self.post_table = window_table(params["mean_post_window"], dt)
        seed, pre, post, rank = int(seed), int(pre), int(post), int(rank)
        self.pre_stream = atom_stream(seed, pre)
        self.target_stream = atom_stream(seed, 2 ** 32 + post)
        self.syn_stream = mix64(self.pre_stream ^ mix64(((post * 64 + rank + 1) * _GOLDEN)
                                                         & _MASK))
        self.dual = bool(params["dual_fsm"])

    def _draw(self, table, stream, counter):
        return int(table[uniform32(stream, counter) >> 21])

    def _weight_step(self, up):
        p, w = self.p, self.w
        lo, hi = p["w_min"], p["w_max"]
        kind = p["weight"]
        if up:
            rng = hi if kind in ("additive", "additive_potentiation_multiplicative_depression") \
                else hi - w
            w += p["A_plus"] * rng
        else:
            rng = hi if kind == "additive" else w - lo
            w -= p["A_minus"] * rng
        self.w = min(max(w, lo), hi)

    def _step(self, up):
        if up:
            if self.acc < self.p["accumulator_potentiation"] - 1:
                self.acc += 1
                return
        elif self.acc > self.p["accumulator_depression"] + 1:
            self.acc -= 1
            return
        self.acc = 0
        self._weight_step(up)

    def run(self, pre_ticks, post_ticks, delay):
        """Process every pre spike (sending ticks) with the post spikes (firing ticks) that
        reach the synapse (delay ticks later) up to it; returns the weight after the last
        pre spike (potentiation by later post spikes is deferred, as on the cores)."""
        posts = sorted(int(t) for t in post_ticks)
        t_last, pre_window, has_pre = 0, 0, False
        done = 0          # posts already taken
        for t_pre in sorted(int(t) for t in pre_ticks):
            while done < len(posts) and posts[done] <= t_pre - delay:
                t = posts[done]
                prev = posts[done - 1] if done > 0 else None
                self._post(t + delay, None if prev is None else prev + delay, t_last,
                           pre_window, has_pre)
                done += 1
            if done > 0:   # the target has fired: the pre spike counts
                t_post = posts[done - 1]
                self._pre(t_pre, t_post, delay, t_last, has_pre)
            pre_window = self._draw(self.pre_table, self.pre_stream, t_pre)
            t_last, has_pre = t_pre, True
        return self.w

    def _post(self, t, t_prev, t_last, pre_window, has_pre):
        if self.dual:
            since = t - t_last
            if has_pre and 0 < since < pre_window:
                self._step(True)
            return
        if self.state == 0:
            self.state = 2
            self.window = self._draw(self.post_table, self.syn_stream, 2 * t + 1)
        elif self.state == 2:
            if t_prev is not None and t - t_prev < self.window:
                self.state = 0
            else:
                self.window = self._draw(self.post_table, self.syn_stream, 2 * t + 1)
        else:
            since = t - t_last
            if since == 0:
                self.state = 0
            elif since < self.window:
                self._step(True)
                self.state = 0
            else:
                self.state = 2
                self.window = self._draw(self.post_table, self.syn_stream, 2 * t + 1)

    def _pre(self, t, t_post, delay, t_last, has_pre):
        arrival = t_post + delay
        if self.dual:
            window = self._draw(self.post_table, self.target_stream, t_post)
            if t - arrival < window:
                self._step(False)
            return
        if self.state == 0:
            self.state = 1
            self.window = self._draw(self.pre_table, self.syn_stream, 2 * t)
        elif self.state == 1:
            if has_pre and t - t_last < self.window:
                self.state = 0
            else:
                self.window = self._draw(self.pre_table, self.syn_stream, 2 * t)
        else:
            if t - arrival < self.window:
                self._step(False)
                self.state = 0
            else:
                self.state = 1
                self.window = self._draw(self.pre_table, self.syn_stream, 2 * t)


def expected_potentiation(mean_ms, dt, ticks):
    """P(window > ticks) for the exponential law itself (continuous): exp(-(ticks + 1) dt /
    mean) -- floor(X) > ticks iff X >= ticks + 1."""
    return math.exp(-(ticks + 1) * dt / mean_ms)

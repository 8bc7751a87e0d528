"""Dopamine-modulated STDP (Izhikevich 2007) in float64, event by event, from spike times.

The rule as docs/plasticity.md (section 8) states it, knowing nothing of ticks, LUTs or fixed
point: on a synapse's time line a pre spike counts at its sending time t_pre, a post spike at
t_post + d (all delay dendritic) and a dopamine spike at its arrival time.  The eligibility
trace c gets ``A_plus K+`` at each post spike (K+ the all-to-all pre trace, tau_plus) and
loses ``A_minus K-`` at each pre spike (K- the post trace of the post spikes strictly before
t_pre - d, tau_minus); c decays with tau_c, the dopamine level D (the sum of the dopamine
spikes' weights, punishment negative) with tau_d; between events the weight moves by the
exact integral of c D and is clamped to [w_min, w_max] at each event (as NEST's
stdp_dopamine_synapse).  The weight is brought up to date at each pre spike.

A synapse that structural plasticity formed at tick ``born`` (docs/structural_plasticity.md)
exists from then on: the initial weight and c = 0 at ``born``; it pairs the post spikes that
reach it after ``born`` (t_post + d > born) and integrates c D from ``born``, with the pre
trace of its pre neuron (which counts the spikes before ``born`` too).
"""
import numpy as np


def dopamine_level(t, dopamine, tau_d):
    """D at time t (ms) from (arrival time, signed weight) pairs, events at t included."""
    times, jumps = dopamine
    sel = times <= t
    return float(np.sum(jumps[sel] * np.exp(-(t - times[sel]) / tau_d)))


def neuromod_weight(w, pre, post, dopamine, d, a_plus, a_minus, tau_plus, tau_minus, tau_c,
                    tau_d, w_min, w_max, born=None, until=None, flushes=()):
    """The weight as the synapse holds it after its last update before ``until`` (ms; None:
    after everything): the updates are its pre spikes (``pre``, ms) and the ``flushes``
    (times its target's synapses were brought up to date, without a pre spike; a pre spike
    at ``until`` comes after a flush at ``until``).  ``dopamine`` is (times, jumps) arrays of
    the target neuron, ``post`` its spike times, d the synapse's delay (ms); ``born``: the
    time the synapse was formed (None: from the start), its state (w, c = 0) starting then."""
    pre, post = np.sort(np.asarray(pre, float)), np.sort(np.asarray(post, float))
    if until is not None:
        pre = pre[pre < until]
    d_times, d_jumps = (np.asarray(a, float) for a in dopamine)
    tau_s = 1.0 / (1.0 / tau_c + 1.0 / tau_d)
    start = 0.0 if born is None else float(born)
    c, k_plus, t_last = 0.0, 0.0, 0.0

    def advance(w, c, t0, t1):
        """Weight and c from t0 to t1 with no event inside."""
        if t1 <= t0:
            return w, c
        dd = dopamine_level(t0, (d_times, d_jumps), tau_d)
        w += c * dd * tau_s * (1.0 - np.exp(-(t1 - t0) / tau_s))
        return min(max(w, w_min), w_max), c * np.exp(-(t1 - t0) / tau_c)

    def bring(w, c, now, t1):
        """The state at t1 from the state at ``now``: every post spike (at t_post + d) and
        dopamine event in (now, t1]."""
        events = sorted(
            [(tp + d, "post") for tp in post[(post + d > now) & (post + d <= t1)]] +
            [(td, "dopa") for td in d_times[(d_times > now) & (d_times <= t1)]])
        for t, kind in events:
            w, c = advance(w, c, now, t)
            now = t
            if kind == "post" and k_plus > 0:
                c += a_plus * k_plus * np.exp(-(t - t_last) / tau_plus)
        w, c = advance(w, c, now, t1)
        return w, c

    now = start
    for t_pre in pre:
        if t_pre >= start:
            w, c = bring(w, c, now, t_pre)
            now = t_pre
            before = post[post < t_pre - d]
            c -= a_minus * float(np.sum(np.exp(-(t_pre - d - before) / tau_minus)))
        k_plus = k_plus * np.exp(-(t_pre - t_last) / tau_plus) + 1.0   # the pre neuron's
        t_last = t_pre
    later = [f for f in flushes if f > now and (until is None or f <= until)]
    if later:
        w, c = bring(w, c, now, max(later))
    return w

"""A NumPy/Python model of structural plasticity's rules (sPyNNaker's synaptogenesis with the
rewiring stream docs/structural_plasticity.md defines), written from that document: the
rewiring of static synapses, which depends on nothing the neurons do (RandomSelection) or only
on the pre spike times (LastNeuronSelection), so the model predicts every synapse the cores
hold after a run.

Random numbers: for tick t, attempt k and purpose q, the high 32 bits of splitmix64 of
seed + ((t << 24 | k << 4 | q) + 1) * 0x9E3779B97F4A7C15; an integer below n is
floor(r * n / 2^32); an event of probability p happens when r < round(p * 2^32).
"""
import math

import numpy as np

MASK64 = (1 << 64) - 1
POST, SLOT, POP, ATOM, FORM, DELAY, ELIM = range(7)


def draw(seed, tick, k, what):
    z = (seed + (((tick << 24) | (k << 4) | what) + 1) * 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    z ^= z >> 31
    return z >> 32


def below(r, n):
    return (r * n) >> 32


def u32(p):
    return min(int(round(p * 2.0 ** 32)), 0xFFFFFFFF)


def grid_d2(a, b, grid):
    gx, gy = grid

    def axis(u, v, g):
        d = abs(u - v)
        return g - d if d > g // 2 else d
    return axis((a // gy) % gx, (b // gy) % gx, gx) ** 2 + axis(a % gy, b % gy, gy) ** 2


def formation_table(grid, p, sigma):
    largest = (grid[0] // 2) ** 2 + (grid[1] // 2) ** 2
    return [u32(p * math.exp(-d2 / (2.0 * sigma ** 2))) for d2 in range(largest + 1)]


class Rewiring:
    """The slots of every target neuron and the attempts that change them.

    pops: list of dicts, one per structural projection in creation order: n_atoms, lateral
    (bool), grid, p_form, sigma, threshold and weight (same units: the model compares them),
    p_dep, p_pot, delay (lo, hi) in ticks; initial: (pop, pre, post, delay, weight) tuples in
    the order the slots take them.

    A slot holds (pop, pre, delay, weight, born): ``born`` is the tick of the attempt that
    formed the synapse (-1: a connector's).  ``weight_now(pop, pre, post, delay, weight,
    born, tick)``, when given, is the weight a plastic synapse holds when tick ``tick``'s
    attempts look at it (else the slot's weight); each elimination whose outcome depends on
    the side of the threshold goes into ``decisions`` as (weight, threshold).  ``rows`` keeps
    each pre atom's row on one core, as the cores order it (a formed synapse at the end, the
    last one moving into a removed one's place); ``moved`` counts those moves.  A formation
    onto a neuron brings its plastic synapses up to date (docs/structural_plasticity.md):
    ``flushes[post]`` lists the ticks of those formations, in order.
    """

    def __init__(self, n_post, pops, s_max, seed, attempts, period=1, with_replacement=True,
                 initial=(), buffer_size=None, weight_now=None):
        self.n_post, self.pops, self.s_max, self.seed = n_post, pops, s_max, seed
        self.attempts, self.period, self.with_replacement = attempts, period, with_replacement
        self.buffer_size, self.weight_now = buffer_size, weight_now
        self.slots = [[None] * s_max for _ in range(n_post)]
        self.rows, self.decisions, self.moved = {}, [], 0
        self.flushes = [[] for _ in range(n_post)]
        fill = [0] * n_post
        for pop, pre, post, delay, weight in initial:
            self.slots[post][fill[post]] = (pop, pre, delay, weight, -1)
            self.rows.setdefault((pop, pre), []).append((post, fill[post]))
            fill[post] += 1
        for pop in pops:
            pop["table"] = formation_table(pop["grid"], pop["p_form"], pop["sigma"])
        self.formed = self.removed = 0

    def run(self, first_tick, n_ticks, spiked=None):
        """spiked(tick) -> sorted (pop, atom) list of the pre atoms that spiked in that tick
        (LastNeuronSelection); None for RandomSelection."""
        for tick in range(first_tick, first_tick + n_ticks):
            n = self.attempts if self.attempts else int((tick + 1) % self.period == 0)
            for k in range(n):
                self.attempt(tick, k, spiked(tick - 1) if spiked else None)

    def attempt(self, tick, k, spikes):
        s = self.seed
        post = below(draw(s, tick, k, POST), self.n_post)
        slot = below(draw(s, tick, k, SLOT), self.s_max)
        held = self.slots[post][slot]
        if held is None:
            if spikes is not None:
                if not spikes:
                    return
                j = below(draw(s, tick, k, POP), min(len(spikes), self.buffer_size))
                pop, pre = spikes[j]
            else:
                pop = below(draw(s, tick, k, POP), len(self.pops))
                pre = below(draw(s, tick, k, ATOM), self.pops[pop]["n_atoms"])
            x = self.pops[pop]
            if not self.with_replacement and any(
                    h is not None and h[0] == pop and h[1] == pre for h in self.slots[post]):
                return
            d2 = grid_d2(pre, post, x["grid"])
            if d2 >= len(x["table"]) or draw(s, tick, k, FORM) >= x["table"][d2]:
                return
            lo, hi = x["delay"]
            delay = lo + below(draw(s, tick, k, DELAY), hi - lo + 1)
            self.slots[post][slot] = (pop, pre, delay, x["weight"], tick)
            self.flushes[post].append(tick)
            self.rows.setdefault((pop, pre), []).append((post, slot))
            self.formed += 1
        else:
            x = self.pops[held[0]]
            w = held[3] if self.weight_now is None else self.weight_now(
                held[0], held[1], post, held[2], held[3], held[4], tick)
            r = draw(s, tick, k, ELIM)
            p = x["p_dep"] if w < x["threshold"] else x["p_pot"]
            if min(u32(x["p_dep"]), u32(x["p_pot"])) <= r < max(u32(x["p_dep"]),
                                                                 u32(x["p_pot"])):
                self.decisions.append((w, x["threshold"]))
            if r < u32(p):
                self.slots[post][slot] = None
                row = self.rows[(held[0], held[1])]
                at = row.index((post, slot))
                self.moved += at != len(row) - 1
                row[at] = row[-1]
                row.pop()
                self.removed += 1

    def connections(self, pop):
        """Sorted (pre, post, delay) of the synapses of structural projection ``pop``."""
        return sorted((h[1], post, h[2]) for post, slots in enumerate(self.slots)
                      for h in slots if h is not None and h[0] == pop)

    def synapses(self, pop):
        """Sorted (pre, post, delay, initial weight, born) of projection ``pop``."""
        return sorted((h[1], post, h[2], h[3], h[4]) for post, slots in enumerate(self.slots)
                      for h in slots if h is not None and h[0] == pop)

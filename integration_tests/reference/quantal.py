"""Event-driven reference models (float64) of StochasticTsodyksMarkramSynapse (the
stochastic_stp_synapse of PyNN's NEST extensions) and MultiQuantalSynapse (NEST's
quantal_stp_synapse), written from their definitions, drawing the numbers the cores draw:
the counter-based generator of neural_modelling/include/random.h keyed by the projection's
seed, the pre and post population indices, the multapse rank, the sending tick and the
draw's number within the spike (c_models/plasticity/quantal.h)."""
import math

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(z):
    """splitmix64's output function."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def synapse_stream(seed, pre, post, rank=0):
    """The stream of the synapse pre -> post (population indices; rank: multapse)."""
    pre_stream = mix64(seed ^ mix64(((pre + 1) * GOLDEN) & M64))
    return mix64(pre_stream ^ mix64(((post * 256 + rank + 1) * GOLDEN) & M64))


def draw(stream, tick, j):
    """Draw j of the spike sent in ``tick``: uniform in [0, 1), 31 bits."""
    c = ((tick << 16) | j) & M64
    return (mix64((stream + (c + 1) * GOLDEN) & M64) >> 33) / 2.0 ** 31


def multi_quantal(stream, ticks, dt, U, n, tau_rec, tau_facil):
    """Released sites at each spike (sent in ``ticks``) of one synapse."""
    a, u, last, out = n, U, None, []
    for tick in ticks:
        if last is not None:   # NEST: no update at the first spike (u = U, a = n)
            h = (tick - last) * dt
            u = U + u * (1 - U) * (math.exp(-h / tau_facil) if tau_facil > 0 else 0.0)
            p_recover = 1 - math.exp(-h / tau_rec)
            depleted = n - a
            a += sum(draw(stream, tick, j) < p_recover for j in range(depleted))
        released = sum(draw(stream, tick, n + j) < u for j in range(a))
        a -= released
        last = tick
        out.append(released)
    return out


def stochastic_tm(stream, ticks, dt, U, tau_rec, tau_facil):
    """1 where the synapse releases, 0 where not, at each spike of one synapse."""
    u, last, recovered, t_surv, out = 0.0, 0, True, 0, []
    for tick in ticks:
        if tau_facil > 0:   # u starts at 0: U at the first spike
            u = u * math.exp(-(tick - last) * dt / tau_facil)
            u += U * (1 - u)
        else:
            u = U
        if not recovered:
            if draw(stream, tick, 0) <= math.exp(-(tick - t_surv) * dt / tau_rec):
                t_surv = tick   # survived: not recovered
                out.append(0)
                last = tick
                continue
            recovered = True
        if draw(stream, tick, 1) < u:
            recovered, t_surv = False, tick
            out.append(1)
        else:
            out.append(0)
        last = tick
    return out

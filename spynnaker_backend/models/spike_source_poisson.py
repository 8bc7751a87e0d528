"""SpikeSourcePoisson: each neuron fires as a Poisson process of rate ``rate`` (Hz) from
``start`` for ``duration`` (ms).

The core draws every tick k in ``[round(start/dt), round((start + duration)/dt))`` the number
of spikes of that tick from a Poisson distribution of mean ``lambda = rate dt / 1000``, by
inversion of its CDF in 0.32 fixed point, and sends that many packets (spikes are stamped
k dt, as on a board, so a source started at ``start`` fires in ``[start, start + duration)``,
PyNN's window; docs/timing_and_arithmetic.md).  The uniform draws come from a counter-based generator (splitmix64's
mixer over a per-neuron stream and the tick), so the spikes depend only on the population's
seed, the neuron's index in the population and the tick: not on the partitioning, the
placement, or how the time was split into runs.  The spike recording keeps one bit per
tick: several spikes of one tick (rates near 1/dt) are recorded as one but all sent.
"""
from .spec import Component, Field, ModelSpec

#: Means above this are split into several Poisson draws of at most this mean, so that
#: exp(-lambda) keeps its precision in 0.32 fixed point.
MAX_LAMBDA_PER_DRAW = 4.0
#: Fraction bits of ``lambda_draw``.
LAMBDA_FRACTION_BITS = 28

POISSON_CORE = Component(
    "poisson_core", "source",
    params=(
        Field("seed_lo", "uint32", "1", "low word of the population's 64-bit seed"),
        Field("seed_hi", "uint32", "1", "high word of the population's 64-bit seed"),
        Field("first_index", "uint32", "1", "population index of the core's first neuron"),
    ),
)

POISSON_NEURON = Component(
    "poisson_neuron", "source",
    params=(
        Field("start_tick", "uint32", "ticks", "first tick in which the neuron may fire"),
        Field("end_tick", "uint32", "ticks", "first tick in which it no longer fires"),
        Field("n_draws", "uint32", "1", "Poisson draws per tick (0: silent)"),
        Field("exp_minus_lambda", "u032", "1", "exp(-lambda_draw): P(no spike in one draw)"),
        Field("lambda_draw", "uint32", "2^-28", "mean spikes per draw, "
              "rate dt / 1000 / n_draws"),
    ),
)

SPIKE_SOURCE_POISSON = ModelSpec(
    name="SpikeSourcePoisson",
    binary="spike_source_poisson",
    host_parameters={"rate": (1.0, "Hz"), "start": (0.0, "ms"), "duration": (1e10, "ms")},
    synapse_types=(),
    components=(POISSON_CORE, POISSON_NEURON),
    is_source=True,
    default_max_atoms_per_core=256,
)

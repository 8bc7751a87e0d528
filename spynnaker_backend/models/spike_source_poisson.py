"""The random spike sources: SpikeSourcePoisson, SpikeSourceGamma and
SpikeSourcePoissonRefractory, all run by one core application (spike_source_poisson).

Every source atom (every rate segment of a SpikeSourcePoissonVariable atom) fires from tick ``round(start/dt)`` for ``round(duration/dt)`` ticks and
is one of these kinds (chosen per atom by the host, mapping/dataspec/poisson.py):

* SLOW -- a Poisson source below 0.01 spikes per tick, as sPyNNaker 7's Poisson source
  runs it on a board: exponential inter-spike intervals of ``mean_isi_ticks`` =
  floor(ticks per second / rate) ticks, kept in thousandths of a tick; every tick, while
  the time to the next spike is under one tick, a spike is counted and a new interval drawn.
* FAST -- a Poisson source of 0.01 to 10 spikes per tick: the tick's spike count is drawn
  as the board does (Knuth: multiply uniforms until the product falls to exp(-lambda)).
* FASTER -- 10 or more spikes per tick: the board's Gaussian approximation of the count,
  round((Z / 2 + sqrt(lambda))^2) in s16.15, Z standard normal (its mean is lambda + 1/4,
  its variance about lambda + 1/8: not exactly Poisson, as on the board).
* GAMMA -- a gamma renewal process: each interval is the sum of ``shape`` (PyNN's
  ``alpha``) exponential phases of mean ``scale`` ticks (1000 / beta ms).
* DEAD_TIME -- a Poisson process with dead time (PyNN's SpikeSourcePoissonRefractory,
  NEST's ppd_sup_generator): each interval is ``dead`` ticks (tau_refrac) plus an
  exponential of mean ``scale`` ticks (1000 / rate - tau_refrac ms).

Spikes of tick k are stamped k dt, as on a board (a source fires in PyNN's window
[start, start + duration); docs/timing_and_arithmetic.md); several spikes of one
atom in one tick are all sent (one packet each) and all recorded (one bitfield per
multiplicity, as the board's Poisson source records them).

Random numbers come from a counter-based generator keyed by the population's seed and the
atom's population index: FAST and FASTER atoms by (tick, draw), the renewal kinds by a per-atom count
of draws kept on the core.  So spikes do not depend on the partitioning, on how the time
is split into runs, or on other atoms' parameter changes; an atom whose parameters change
between runs starts a new interval from the next tick, as the board does on a rate change.
"""
from .spec import Component, Field, ModelSpec

#: The board's border between slow and fast Poisson sources, in spikes per tick.
SLOW_RATE_PER_TICK_CUTOFF = 0.01
#: The board's border between fast sources and its Gaussian approximation.
FAST_RATE_PER_TICK_CUTOFF = 10.0
#: Kinds of source atom (``kind`` field).
SILENT, SLOW, FAST, GAMMA, DEAD_TIME, FASTER = 0, 1, 2, 3, 4, 5

POISSON_CORE = Component(
    "poisson_core", "source",
    params=(
        Field("seed_lo", "uint32", "1", "low word of the population's 64-bit seed"),
        Field("seed_hi", "uint32", "1", "high word of the population's 64-bit seed"),
        Field("first_index", "uint32", "1", "population index of the core's first neuron"),
        Field("n_segments", "uint32", "1", "SpikeSourcePoissonVariable: records after the "
              "atoms' own, for their later rate segments"),
    ),
)

POISSON_NEURON = Component(
    "poisson_neuron", "source",
    params=(
        Field("start_tick", "uint32", "ticks", "first tick in which the neuron may fire"),
        Field("end_tick", "uint32", "ticks", "first tick in which it no longer fires"),
        Field("kind", "uint32", "1", "0 silent, 1 slow Poisson, 2 fast Poisson, 3 gamma, "
              "4 Poisson with dead time, 5 faster Poisson (Gaussian count)"),
        Field("exp_minus_lambda", "u032", "1", "fast: exp(-lambda), lambda spikes per tick"),
        Field("sqrt_lambda", "s1615", "1", "faster: sqrt(lambda)"),
        Field("mean_isi_ticks", "uint32", "ticks", "slow: mean inter-spike interval"),
        Field("shape", "uint32", "1", "gamma: exponential phases per interval"),
        Field("scale_int", "uint32", "ticks", "gamma, dead time: whole ticks of the mean "
              "of one exponential phase"),
        Field("scale_frac", "u032", "ticks", "its fraction of a tick"),
        Field("dead_int", "uint32", "ticks", "dead time: whole ticks"),
        Field("dead_frac", "u032", "ticks", "dead time: fraction of a tick"),
        Field("next_segment", "uint32", "1", "SpikeSourcePoissonVariable: record index of "
              "the atom's next rate segment, which replaces this one from its start_tick "
              "(0: none)"),
    ),
)

_COMMON = dict(binary="spike_source_poisson", synapse_types=(),
               components=(POISSON_CORE, POISSON_NEURON), is_source=True,
               default_max_atoms_per_core=256)

SPIKE_SOURCE_POISSON = ModelSpec(
    name="SpikeSourcePoisson",
    host_parameters={"rate": (1.0, "Hz"), "start": (0.0, "ms"), "duration": (1e10, "ms")},
    **_COMMON)

SPIKE_SOURCE_GAMMA = ModelSpec(
    name="SpikeSourceGamma",
    host_parameters={"alpha": (2.0, "dimensionless"), "beta": (1.0, "Hz"),
                     "start": (0.0, "ms"), "duration": (1e10, "ms")},
    **_COMMON)

#: sPyNNaker's SpikeSourcePoissonVariable: per atom, Poisson rate segments (rates[k] Hz from
#: starts[k] for durations[k] ms; a segment ends at its end or at the next one's start;
#: silent before the first and between segments); each segment is one record on the core
SPIKE_SOURCE_POISSON_VARIABLE = ModelSpec(
    name="SpikeSourcePoissonVariable",
    host_parameters={"rates": ([], "Hz"), "starts": ([], "ms"), "durations": ([], "ms")},
    **_COMMON)

SPIKE_SOURCE_POISSON_REFRACTORY = ModelSpec(
    name="SpikeSourcePoissonRefractory",
    host_parameters={"rate": (1.0, "Hz"), "tau_refrac": (0.0, "ms"),
                     "start": (0.0, "ms"), "duration": (1e10, "ms")},
    **_COMMON)

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
* INH_GAMMA -- PyNN's SpikeSourceInhGamma (NEST's old inh_gamma_generator; Muller et al.
  2007): a renewal process whose hazard is that of a gamma distribution of shape ``a`` and
  scale ``b`` seconds, both piecewise constant over the bins starting at ``tbins`` (ms), at
  the age of the interval (time since the last spike, kept across bins).  Each interval draws
  an exponential "hazard budget"; each tick spends the tick's integrated hazard
  H(age dt / b) - H((age - 1) dt / b) of the bin in force, H = -ln Q(a, x) looked up in a
  host-made table per value of ``a`` (mapping/dataspec/inh_gamma.py); the tick that exhausts
  it fires.  In a constant bin the intervals are ceil(X / dt) ticks, X ~ Gamma(a, b): one
  spike per tick at most.  The process starts at ``start`` (or the first bin) as if it had
  just fired.
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
import numpy as np

from .spec import Component, Field, ModelSpec

#: The board's border between slow and fast Poisson sources, in spikes per tick.
SLOW_RATE_PER_TICK_CUTOFF = 0.01
#: The board's border between fast sources and its Gaussian approximation.
FAST_RATE_PER_TICK_CUTOFF = 10.0
#: SpikeSourceInhGamma: bounds of the shape a (dimensionless) the cores' hazard tables are
#: made for, and the largest dt / b (the age a tick adds in units of b: the Q32 step's whole
#: part).
A_MIN, A_MAX = 0.1, 100.0
X_STEP_MAX = 2.0 ** 16
#: Kinds of source atom (``kind`` field).
SILENT, SLOW, FAST, GAMMA, DEAD_TIME, FASTER, INH_GAMMA = 0, 1, 2, 3, 4, 5, 6

POISSON_CORE = Component(
    "poisson_core", "source",
    params=(
        Field("seed_lo", "uint32", "1", "low word of the population's 64-bit seed"),
        Field("seed_hi", "uint32", "1", "high word of the population's 64-bit seed"),
        Field("first_index", "uint32", "1", "population index of the core's first neuron"),
        Field("n_segments", "uint32", "1", "SpikeSourcePoissonVariable: records after the "
              "atoms' own, for their later rate segments (SpikeSourceInhGamma: later bins)"),
        Field("table_words", "uint32", "words", "SpikeSourceInhGamma: words of hazard tables "
              "after the records"),
    ),
)

POISSON_NEURON = Component(
    "poisson_neuron", "source",
    params=(
        Field("start_tick", "uint32", "ticks", "first tick in which the neuron may fire"),
        Field("end_tick", "uint32", "ticks", "first tick in which it no longer fires"),
        Field("kind", "uint32", "1", "0 silent, 1 slow Poisson, 2 fast Poisson, 3 gamma, "
              "4 Poisson with dead time, 5 faster Poisson (Gaussian count), 6 inhomogeneous "
              "gamma"),
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
              "(0: none); SpikeSourceInhGamma: of its next bin"),
        Field("x_step_int", "uint32", "1", "inh. gamma: dt / b, the age in units of b a tick "
              "adds (whole part)"),
        Field("x_step_frac", "u032", "1", "its fraction"),
        Field("table", "uint32", "words", "inh. gamma: offset of the hazard table of its a "
              "in the tables after the records"),
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

#: PyNN's SpikeSourceInhGamma: per atom, gamma shape ``a`` and scale ``b`` (s) in bins from
#: ``tbins`` (ms); each bin is one record on the core (the first the atom's own)
SPIKE_SOURCE_INH_GAMMA = ModelSpec(
    name="SpikeSourceInhGamma",
    host_parameters={"a": ([1.0], "dimensionless"), "b": ([1.0], "s"), "tbins": ([0.0], "ms"),
                     "start": (0.0, "ms"), "duration": (1e10, "ms")},
    **_COMMON)


def check_bins(a, b, tbins, dt=None):
    """The first problem of one atom's bins as (parameter, why), or None."""
    if not (len(a) == len(b) == len(tbins)) or len(a) == 0:
        return "tbins", (f"must have one start time per bin, as many as a and b have values "
                         f"(got {len(a)} a, {len(b)} b, {len(tbins)} tbins)")
    if np.any(~np.isfinite(a)) or np.any(a < A_MIN) or np.any(a > A_MAX):
        return "a", f"must be in [{A_MIN:g}, {A_MAX:g}] (the gamma shape)"
    if np.any(~np.isfinite(b)) or np.any(b <= 0):
        return "b", "must be finite and > 0 s (the gamma scale)"
    if dt is not None and np.any(dt / (b * 1000.0) >= X_STEP_MAX):
        return "b", (f"must be above dt / {X_STEP_MAX:g} ({dt / 1000.0 / X_STEP_MAX:.3g} s at "
                     f"dt = {dt:g} ms)")
    if np.any(~np.isfinite(tbins)) or np.any(tbins < 0) or np.any(np.diff(tbins) <= 0):
        return "tbins", "must be finite times >= 0 ms in increasing order"
    return None

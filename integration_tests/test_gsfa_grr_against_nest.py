"""IF_cond_exp_gsfa_grr against NEST's iaf_cond_exp_sfa_rr (pyNN.nest, on grid) and the exact
solution of PyNN's equations: reference.protocols.gsfa_driven on both simulators through
reference/relation.py (NEST's stamps one dt earlier).

The cores take one exponential step per tick with the tick's mean conductances
(c_models/neuron/gsfa_grr.h); NEST integrates with GSL's adaptive RKF45 (absolute tolerance
1e-3 per step).  The bound on v's offset between the two is the sum of three derived parts:
the scheme's discretisation (|scheme - exact| of reference/gsfa_exact.py on the same
protocol), the cores' rounding (gsfa_exact.rounding_bound: ROUNDING_TICKS LSB /
(1 - exp(-dt/tau_m)), unittests/vm/test_models_gsfa_grr.py) and NEST's step tolerance (1e-3 mV); every spike must pair with NEST's
within one dt plus the time that offset moves NEST's slowest threshold crossing
(relation.spike_tolerance).  Adaptation and relative refractoriness must show, and the same
assertions must fail on the cores with q_sfa = 0 or q_rr = 0 (so they test the mechanisms).
"""
import numpy as np
import pytest

from reference.gsfa_exact import DEFAULTS, LSB, exact, rounding_bound, scheme
from reference.measures import spike_agreement, v_rms
from reference.protocols import poisson_times
from reference.relation import run_related, spike_tolerance
from reference.simrun import run_on
from test_against_nest import V_RMS_MAX

pytest.importorskip("nest")
DT = 0.1
TSTOP = 500.0
I_OFFSET = (1.2, 2.0)
#: GSL's absolute error tolerance per step in NEST's iaf_cond_exp_sfa_rr (mV)
NEST_TOLERANCE = 1e-3


def offset_bound(p, dt, n_ticks, arrivals=None):
    """The derived bound (mV) on |cores - NEST| (module docstring)."""
    model, _ = scheme(p, dt, n_ticks, arrivals)
    ref, _ = exact(p, dt, n_ticks, arrivals)
    return float(np.max(np.abs(model - ref))) + rounding_bound(p, dt) + NEST_TOLERANCE


def check_against_nest(nest, ours, i, p, dt, n_ticks, arrivals=None):
    dv = offset_bound(p, dt, n_ticks, arrivals)
    theirs, got = nest["spikes"][i], ours["spikes"][i]
    tol = spike_tolerance(nest["t"], nest["v"][i], theirs, dt, dv)
    frac, pairs, worst = spike_agreement(theirs, got, tol)
    same, _, _ = spike_agreement(theirs, got, 0.0)
    rms, rms_all, _ = v_rms(nest["t"], nest["v"][i], ours["t"], ours["v"][i], pairs,
                            reset_lag=dt)
    print(f"cell {i}: {len(got)} spikes (NEST {len(theirs)}), {same:.0%} at NEST's step, "
          f"worst {worst:.3f} ms (tolerance {tol:.3f} ms from dv {dv:.2e} mV); v RMS "
          f"{rms:.4f} mV ({rms_all:.3f} over every sample)")
    assert len(got) == len(theirs) and frac == 1.0
    assert rms < V_RMS_MAX
    return got


def rr_dip(t, v, spikes, p):
    """The lowest v (mV) in the 5 tau_rr after each spike's refractory period, relative to
    v_reset: negative where the relative refractory conductance pulls v toward e_rev_rr."""
    dips = []
    for s in spikes:
        window = (t > s + p["tau_refrac"] + DT / 2) & (t < s + 5 * p["tau_rr"])
        if np.any(window):
            dips.append(np.min(v[window]) - p["v_reset"])
    return np.array(dips)


def test_adaptation_and_relative_refractoriness_as_nest():
    """PyNN's defaults under i_offset 1.2 and 2 nA, 500 ms: the spikes and v of NEST within
    the derived bound; the intervals lengthen (adaptation) and v dips below v_reset after each
    spike (relative refractoriness, e_rev_rr = -75 mV) in both; neither happens on the cores
    with q_sfa = 0, q_rr = 0."""
    n_ticks = int(round(TSTOP / DT))
    nest, ours = run_related("gsfa_driven", DT, i_offset=I_OFFSET, tstop=TSTOP)
    control = run_on("spiNNaker", "gsfa_driven", dt=DT, i_offset=I_OFFSET, tstop=TSTOP,
                     cell={"q_sfa": 0.0, "q_rr": 0.0})
    for i, i_offset in enumerate(I_OFFSET):
        p = dict(DEFAULTS, i_offset=i_offset)
        got = check_against_nest(nest, ours, i, p, DT, n_ticks)
        assert len(got) >= 5
        for run in (ours, nest):
            isi = np.diff(run["spikes"][i])
            assert isi[-1] > 1.3 * isi[0], isi
            assert np.all(rr_dip(run["t"], run["v"][i], run["spikes"][i], p) < -1.0)
        isi = np.diff(control["spikes"][i])
        print(f"  without q_sfa, q_rr: intervals {isi.min():.1f}-{isi.max():.1f} ms, dips "
              f"{rr_dip(control['t'], control['v'][i], control['spikes'][i], p).min():.3f}")
        assert not isi[-1] > 1.3 * isi[0]
        assert not np.any(rr_dip(control["t"], control["v"][i], control["spikes"][i], p) < -1.0)


def test_poisson_driven_cells_as_nest():
    """Excitatory and inhibitory Poisson input (40 x 20 Hz x 4 nS, 20 x 20 Hz x 10 nS) on top
    of 0.6 and 1.0 nA: the spikes and v of NEST within the derived bound."""
    seed, tstop, i_offset = 5, 1000.0, (0.6, 1.0)
    n_ticks = int(round(tstop / DT))
    nest, ours = run_related("gsfa_driven", DT, i_offset=i_offset, seed=seed, tstop=tstop)
    arrivals = {}
    for offset, (n, rate, w) in enumerate(((40, 20.0, 131 * LSB), (20, 20.0, 328 * LSB))):
        for train in poisson_times(seed + offset, n, rate, tstop - 2.0, DT):
            for s in train:   # sent in tick s / dt, 1 ms (10 ticks) of delay
                arrivals.setdefault(int(round(s / DT)) + 10, np.zeros(2))[offset] += w
    for i, drive in enumerate(i_offset):
        p = dict(DEFAULTS, i_offset=drive)
        got = check_against_nest(nest, ours, i, p, DT, n_ticks, arrivals)
        assert len(got) >= 5

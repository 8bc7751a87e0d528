"""Song, Miller & Abbott (2000), Fig. 1 (issue 13): one conductance-based cell, 1000
excitatory Poisson inputs through additive STDP (A- / A+ = 1.05) and 200 static inhibitory
ones.  Competition drives the weights to a bimodal distribution (most near 0 or near
g_max) and the output rate down to a few Hz, whatever it started at.  Compared with NEST
on the same input spike trains; A+ is 0.02 (Song's 0.005 needs ~4x the biological time to
settle) so that 300 s of biological time fit in the suite (~20 s CPU for both simulators).

The two runs are chaotic (one spike one tick apart changes every later pairing), so the
comparison is statistical: bimodality in both, output rates and mean weight close."""
import numpy as np
import pytest

from reference import run_on_both

pytest.importorskip("nest")


def bimodal(weights):
    """Both extreme deciles hold clearly more weights than the middle ones."""
    h = np.histogram(weights, bins=10, range=(0.0, 1.0))[0]
    middle = h[3:7].mean()
    return h[0] > 1.5 * middle and h[9] > 2.0 * middle, h


def test_song_abbott_reaches_nests_bimodal_weights_and_rate():
    nest, ours = run_on_both("song_abbott", tstop=300000.0, A_plus=0.02,
                             rate_window=20000.0)
    for name, r in (("nest", nest), ("ours", ours)):
        ok, h = bimodal(r["weights"])
        assert ok, (name, h)
        rates = np.asarray(r["rates"])
        # the rate falls from its start (all weights at g_max) to a few Hz and settles
        assert rates[0] > 60.0 and rates[-5:].mean() < 0.15 * rates[0], (name, rates)
    r_nest, r_ours = np.asarray(nest["rates"]), np.asarray(ours["rates"])
    # the start (all weights equal, same inputs) agrees closely; the settled rate within the
    # spread one-tick differences make in a chaotic run (measured: 6.7 Hz NEST, 7.8 Hz here)
    assert abs(r_ours[0] - r_nest[0]) < 0.05 * r_nest[0]
    assert abs(r_ours[-5:].mean() - r_nest[-5:].mean()) < 0.3 * r_nest[-5:].mean()
    assert abs(ours["weights"].mean() - nest["weights"].mean()) < 0.05
    # the fractions at the bounds agree within a few % of the inputs
    for edge in (lambda w: w < 0.1, lambda w: w > 0.9):
        assert abs(np.mean(edge(ours["weights"])) - np.mean(edge(nest["weights"]))) < 0.05

"""Comparisons between two simulators' results: traces, spike times, network statistics."""
import numpy as np


def common_grid(t_a, t_b, decimals=6):
    """Indices into ``t_a`` and ``t_b`` (ms) of the sample times both have."""
    ka, kb = np.round(t_a, decimals), np.round(t_b, decimals)
    _, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    return ia, ib


def match_spikes(a, b, tol):
    """Pair spike times of two sorted trains one to one, each pair at most ``tol`` apart.

    Two pointers: the earlier unmatched spike is dropped when the two heads are further apart
    than ``tol``.  Returns the list of pairs ``(a_i, b_j)``.
    """
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if abs(a[i] - b[j]) <= tol:
            pairs.append((a[i], b[j]))
            i += 1
            j += 1
        elif a[i] < b[j]:
            i += 1
        else:
            j += 1
    return pairs


def spike_agreement(a, b, tol):
    """Fraction of spikes paired at most ``tol`` ms apart (0: at the same time step) (of the
    longer train; 1 if both are empty), the pairs, and the largest |time difference| over the
    pairs (ms)."""
    pairs = match_spikes(np.asarray(a), np.asarray(b), tol + 1e-9)
    n = max(len(a), len(b))
    worst = max((abs(x - y) for x, y in pairs), default=0.0)
    return (len(pairs) / n if n else 1.0), pairs, worst


def v_rms(t_a, v_a, t_b, v_b, pairs=(), reset_lag=0.0):
    """RMS difference (mV) of two membrane-potential traces on their common sample grid.

    Samples from the earlier to (excluding) the later reset of a spike pair whose times differ
    are left out: there one trace has been reset and the other not yet, a difference of the
    whole threshold-to-reset jump that the spike-time criterion accounts for.  A spike stamped
    t shows its reset in the sample at t + ``reset_lag`` (NEST: 0, the step's end; the board:
    dt, the end of the tick stamped t).  Returns ``(rms, rms over every common sample, number
    of samples left out)``.
    """
    ia, ib = common_grid(t_a, t_b)
    t = np.asarray(t_a)[ia]
    diff = np.asarray(v_a)[ia] - np.asarray(v_b)[ib]
    keep = np.ones(len(t), bool)
    for x, y in pairs:
        if abs(x - y) > 1e-9:
            lo, hi = min(x, y) + reset_lag, max(x, y) + reset_lag
            keep &= ~((t >= lo - 1e-9) & (t < hi - 1e-9))
    return (float(np.sqrt(np.mean(diff[keep] ** 2))), float(np.sqrt(np.mean(diff ** 2))),
            int((~keep).sum()))


def network_statistics(ids, times, n, t_start, t_stop, n_corr=500, bin_ms=5.0):
    """Mean rate, CV of the ISIs and pairwise spike-count correlation of a network's spikes.

    Parameters
    ----------
    ids, times : array
        Cell index (0..n-1) and time (ms) of every spike.
    n : int
        Number of cells.
    t_start, t_stop : float
        The analysis window (ms); spikes outside are ignored.
    n_corr : int
        The correlation uses cells 0..n_corr-1 (exc cells in the VA network).
    bin_ms : float
        Bin width of the spike counts for the correlation (ms).

    Returns
    -------
    dict
        ``rate`` (Hz, mean over all cells), ``cv`` (mean CV(ISI) over cells with at least
        3 spikes in the window), ``corr`` (mean Pearson correlation of binned spike counts
        over all pairs of cells 0..n_corr-1 that spiked).
    """
    ids, times = np.asarray(ids), np.asarray(times)
    sel = (times >= t_start) & (times < t_stop)
    ids, times = ids[sel], times[sel]
    rate = len(times) / n / ((t_stop - t_start) / 1000.0)
    order = np.lexsort((times, ids))
    ids, times = ids[order], times[order]
    bounds = np.searchsorted(ids, np.arange(n + 1))
    cvs = []
    for i in range(n):
        t = times[bounds[i]:bounds[i + 1]]
        if len(t) >= 3:
            isi = np.diff(t)
            cvs.append(isi.std() / isi.mean())
    edges = np.arange(t_start, t_stop + bin_ms / 2, bin_ms)
    counts = np.zeros((n_corr, len(edges) - 1))
    for i in range(n_corr):
        counts[i], _ = np.histogram(times[bounds[i]:bounds[i + 1]], edges)
    active = counts.std(axis=1) > 0
    c = np.corrcoef(counts[active])
    iu = np.triu_indices(len(c), 1)
    return {"rate": float(rate), "cv": float(np.mean(cvs)) if cvs else float("nan"),
            "corr": float(np.mean(c[iu])) if len(c) > 1 else float("nan")}

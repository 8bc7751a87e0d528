"""MultiQuantalSynapse against NEST's quantal_stp_synapse (through pyNN.nest) and against
the exact law of its released quanta.

The released quanta of one synapse at each spike of a fixed train follow a Markov chain
over the available sites a (0 .. n): between spikes each depleted site recovers with
probability 1 - e^(-h/tau_rec), then each available one releases with probability u_k
(u_k deterministic).  ``exact_moments`` propagates the chain's distribution exactly and
gives each spike's mean, variance and fourth central moment of the quanta.  Both
simulators run the same 1000 independent synapses (reference.plasticity_protocols.
quantal_train); per spike their sample mean must lie within 5 standard errors
(sqrt(var / N)) of the exact mean, and their sample variance within 5 standard errors
(sqrt((mu4 - var^2) / N)) of the exact variance: a correct simulator fails one of the
~80 comparisons with probability < 1e-4.  NEST passing the same bounds shows that they
accept a correct simulator."""
import numpy as np
import pytest
from scipy import stats

from reference import run_on_both

pytest.importorskip("nest")

N_CELLS = 1000


def exact_moments(times, U, n, tau_rec, tau_facil):
    """[(mean, var, mu4)] of the quanta released at each spike of ``times`` (ms)."""
    p_a = np.zeros(n + 1)
    p_a[n] = 1.0
    u, out = U, []
    for i, t in enumerate(times):
        if i:
            h = t - times[i - 1]
            u = U + u * (1 - U) * (np.exp(-h / tau_facil) if tau_facil > 0 else 0.0)
            rec = 1 - np.exp(-h / tau_rec)
            q = np.zeros(n + 1)
            for a in range(n + 1):
                q[a:] += p_a[a] * stats.binom.pmf(np.arange(n - a + 1), n - a, rec)
            p_a = q
        k_dist, after = np.zeros(n + 1), np.zeros(n + 1)
        for a in range(n + 1):
            pk = stats.binom.pmf(np.arange(a + 1), a, u) * p_a[a]
            k_dist[:a + 1] += pk
            after[a - np.arange(a + 1)] += pk
        p_a = after
        k = np.arange(n + 1)
        mean = (k * k_dist).sum()
        var = ((k - mean) ** 2 * k_dist).sum()
        mu4 = ((k - mean) ** 4 * k_dist).sum()
        out.append((mean, var, mu4))
    return np.array(out)


@pytest.mark.parametrize("params", [
    dict(U=0.8, n=5, tau_rec=100.0, tau_facil=0.0),      # PyNN's example, depressing
    dict(U=0.04, n=5, tau_rec=50.0, tau_facil=200.0),    # and facilitating
])
def test_quanta_along_a_train_have_the_exact_mean_and_variance_on_both(params):
    nest, ours = run_on_both("quantal_train", n_cells=N_CELLS, **params)
    moments = exact_moments(ours["spikes"], **params)
    for name, result in (("nest", nest), ("ours", ours)):
        # the jumps are whole quanta (the recorded sample over one quantum's)
        assert np.abs(result["raw"] - result["k"]).max() < 0.02, name
        k = result["k"]
        assert k.shape == (len(moments), N_CELLS)
        mean, var = k.mean(axis=1), k.var(axis=1)
        for i, (m, v, mu4) in enumerate(moments):
            assert abs(mean[i] - m) <= 5 * np.sqrt(v / N_CELLS), (name, i, mean[i], m)
            assert abs(var[i] - v) <= 5 * np.sqrt(max(mu4 - v * v, 1e-12) / N_CELLS), \
                (name, i, var[i], v)

"""benchmarks/nest_native.py: NEST's own connection rules build the same model as PyNN's
Python connectors on pyNN.nest (the benchmarks' NEST side at microcircuit scale 0.1 and the
64k scaling point depend on it).

Each network is built twice on pyNN.nest, by PyNN's connector and by nest_native, and the two
are compared: exact counts (FixedTotalNumber's total, FixedNumberPre's in-degree of every
cell), multapses (with replacement: the distinct pairs match 1 - exp(-n / pairs) of the pairs;
without: none), the weights' and delays' means within 5 standard errors of each other, their
standard deviations within 10 %, and every value inside the clipped distribution's bounds.
"""
import math
import os
import sys

import numpy as np
import pytest

pytest.importorskip("nest")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "benchmarks"))
from nest_native import native  # noqa: E402

N_PRE, N_POST, DT = 300, 200, 0.1
#: (n, mean weight nA, low, high): an excitatory and an inhibitory FixedTotalNumber projection
TOTALS = ((20000, 0.0878, 0.0, math.inf), (15000, -0.3512, -math.inf, 0.0))


def build(sim, use_native):
    """Both projection kinds on pyNN.nest; their connection lists (pre, post, w, d)."""
    from pyNN.random import NumpyRNG, RandomDistribution
    sim.setup(timestep=DT, min_delay=DT, max_delay=10.0, spike_precision="on_grid",
              rng_seed=7)
    rng = NumpyRNG(seed=3, parallel_safe=True)
    a = sim.Population(N_PRE, sim.IF_curr_exp())
    b = sim.Population(N_POST, sim.IF_curr_exp())
    lists = []
    for n, mu, low, high in TOTALS:
        w = RandomDistribution("normal_clipped", mu=mu, sigma=abs(mu) * 0.1, low=low,
                               high=high, rng=rng)
        d = RandomDistribution("normal_clipped", mu=0.75, sigma=0.375, low=DT,
                               high=math.inf, rng=rng)
        conn = sim.FixedTotalNumberConnector(n, allow_self_connections=True,
                                             with_replacement=True, rng=rng)
        prj = sim.Projection(a, b, native(conn) if use_native else conn,
                             sim.StaticSynapse(weight=w, delay=d),
                             receptor_type="excitatory" if mu > 0 else "inhibitory")
        lists.append(np.array(prj.get(["weight", "delay"], format="list")))
    conn = sim.FixedNumberPreConnector(30, rng=rng)
    prj = sim.Projection(a, b, native(conn) if use_native else conn,
                         sim.StaticSynapse(weight=0.01, delay=0.2))
    lists.append(np.array(prj.get(["weight", "delay"], format="list")))
    sim.end()
    return lists


@pytest.fixture(scope="module")
def both():
    import pyNN.nest as sim
    return build(sim, False), build(sim, True)


def close_means(x, y):
    se = math.sqrt(x.var() / len(x) + y.var() / len(y))
    assert abs(x.mean() - y.mean()) <= 5 * se, (x.mean(), y.mean(), se)
    assert abs(x.std() / y.std() - 1.0) <= 0.10, (x.std(), y.std())


def test_fixed_total_number_same_model(both):
    pynn, nat = both
    pairs = N_PRE * N_POST
    for (n, mu, low, high), ref, got in zip(TOTALS, pynn, nat):
        assert len(ref) == len(got) == n
        expected_distinct = pairs * (1.0 - math.exp(-n / pairs))
        for lst in (ref, got):
            distinct = len(np.unique(lst[:, :2], axis=0))
            assert abs(distinct / expected_distinct - 1.0) < 0.02, (distinct, expected_distinct)
            assert lst[:, 2].min() >= low and lst[:, 2].max() <= high
            assert lst[:, 3].min() >= DT - 1e-9
        close_means(got[:, 2], ref[:, 2])
        close_means(got[:, 3], ref[:, 3])


def test_fixed_number_pre_same_model(both):
    pynn, nat = both
    for lst in (pynn[-1], nat[-1]):
        assert len(lst) == N_POST * 30
        assert (np.bincount(lst[:, 1].astype(int), minlength=N_POST) == 30).all()
        assert len(np.unique(lst[:, :2], axis=0)) == len(lst)      # no multapses
        np.testing.assert_allclose(lst[:, 2], 0.01)
        np.testing.assert_allclose(lst[:, 3], 0.2)


def test_refuses_what_it_cannot_translate():
    import pyNN.nest as sim
    from pyNN.random import RandomDistribution
    sim.setup(timestep=DT)
    a = sim.Population(10, sim.IF_curr_exp())
    with pytest.raises(ValueError, match="AllToAllConnector has no NEST rule"):
        native(sim.AllToAllConnector())
    lognormal = RandomDistribution("lognormal", mu=0.0, sigma=1.0)
    with pytest.raises(ValueError, match="not 'lognormal'"):
        sim.Projection(a, a, native(sim.FixedTotalNumberConnector(5)),
                       sim.StaticSynapse(weight=lognormal, delay=1.0))
    cond = sim.Population(10, sim.IF_cond_exp())
    with pytest.raises(ValueError, match="only current-based targets"):
        sim.Projection(a, cond, native(sim.FixedTotalNumberConnector(5)),
                       sim.StaticSynapse(weight=0.01, delay=1.0))
    sim.end()

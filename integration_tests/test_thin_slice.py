"""The foundation slice through PyNN: SpikeSourceArray -> Projection -> IF_curr_exp split over
several cores -> Neo, checked against the closed-form solution of the membrane equation.

IF_curr_exp runs the board's arithmetic (docs/timing_and_arithmetic.md, "Against NEST"): its
leak is the exact one of tau_m' = -dt / ln(exp_TC) with exp_TC = exp(-dt/tau_m) as an s16.15
accum (20.0545 ms here for 20 ms), R = tau_m/cm is exact; it holds each tick's current over
the tick, which scales a PSP by c = R (1 - exp_TC) init / P21 (exactly, in real numbers); its
truncating products stay within relation.board_truncation_bound of that closed form."""
import numpy as np
import pytest
import quantities as pq

import pyNN.spiNNaker as sim
from reference.relation import board_lif_cell

TAU_M, CM, TAU_S, V_REST, V_THRESH = 20.0, 1.0, 5.0, -65.0, -50.0
DT, T_SPIKE, DELAY = 0.1, 10.0, 1.0
LSB = 2.0 ** -15
BOARD = board_lif_cell(dict(tau_m=TAU_M, cm=CM), DT)   # tau_m', cm' of the board's accums
#: the board's truncations (relation.board_truncation_bound, excitatory input only): the
#: membrane's two products < 2 LSB / (1 - exp_TC); the current's decay < LSB / (1 - decay) nA
MEMBRANE_BOUND = 2.0 * LSB / -np.expm1(-DT / BOARD["tau_m"])
BOUND = MEMBRANE_BOUND + TAU_M / CM * LSB / -np.expm1(-DT / TAU_S)


def psp(t, total_weight):
    """The board's membrane response to a current jump of total_weight nA at time 0: the exact
    PSP of tau_m', cm' (NEST's), scaled by the board's hold-over-the-tick factor c."""
    tau_m, cm = BOARD["tau_m"], BOARD["cm"]
    exp_tc = np.exp(-DT / tau_m)
    init = TAU_S / DT * -np.expm1(-DT / TAU_S)
    p21 = TAU_S * tau_m / (cm * (tau_m - TAU_S)) * (exp_tc - np.exp(-DT / TAU_S))
    c = tau_m / cm * (1 - exp_tc) * init / p21
    t = np.clip(t, 0, None)
    return c * total_weight * TAU_S * tau_m / (cm * (tau_m - TAU_S)) * \
        (np.exp(-t / tau_m) - np.exp(-t / TAU_S))


def predicted_crossing(total_weight):
    """First grid time at which the exact membrane potential reaches threshold."""
    grid = np.arange(1, 2000) * DT
    v = V_REST + psp(grid - (T_SPIKE + DELAY), total_weight)
    return grid[np.argmax(v >= V_THRESH)]


@pytest.mark.parametrize("connector, weight, total", [
    (sim.OneToOneConnector(), 20.0, 20.0),
    (sim.AllToAllConnector(), 2.5, 20.0),
])
def test_spikes_match_membrane_equation(connector, weight, total):
    n = 8
    sim.setup(timestep=DT)
    src = sim.Population(n, sim.SpikeSourceArray(spike_times=[T_SPIKE]), label="input")
    pop = sim.Population(n, sim.IF_curr_exp(tau_m=TAU_M, cm=CM, tau_syn_E=TAU_S,
                                            v_rest=V_REST, v_thresh=V_THRESH,
                                            tau_refrac=20.0), label="target")
    pop.set_max_atoms_per_core(3)   # three cores: spikes must cross the routing tables
    sim.Projection(src, pop, connector, sim.StaticSynapse(weight=weight, delay=DELAY))
    pop.record(["spikes", "v"])
    sim.run(100.0)
    block = pop.get_data()
    sim.end()

    seg = block.segments[0]
    # the tick whose update reaches threshold, from crossing - DT to crossing, stamps the spike
    # with its start (the board's convention; NEST stamps the step's end, the crossing)
    crossing = predicted_crossing(total)
    expected = crossing - DT
    assert len(seg.spiketrains) == n
    for st in seg.spiketrains:
        assert st.units == pq.ms
        assert len(st) == 1, "one input volley, one spike"
        assert float(st[0]) == pytest.approx(expected, abs=1e-9)
    v = seg.filter(name="v")[0]
    # samples at t = 0, dt, ..., 100 ms (the end of the run included)
    assert v.units == pq.mV and v.shape == (1001, n)
    t = np.arange(1001) * DT
    before = t < crossing
    np.testing.assert_allclose(np.asarray(v)[before, :],
                               np.repeat((V_REST + psp(t[before] - T_SPIKE - DELAY, total))[:, None],
                                         n, axis=1), atol=BOUND)


def test_spikes_only_travel_through_the_routing_tables(monkeypatch):
    """With empty routing tables nothing arrives and the run says packets were dropped:
    the virtual machine delivers only what the loaded tables route."""
    from spynnaker_backend.mapping import pipeline
    from spynnaker_backend.mapping.routing_tables import RoutingTable, RoutingTables
    from spynnaker_backend.readback import LossError

    real_route = pipeline.route

    def no_routes(machine, mg, placements, info):
        tables = real_route(machine, mg, placements, info)
        return RoutingTables({xy: RoutingTable(t.x, t.y, ()) for xy, t in tables.by_chip.items()})

    monkeypatch.setattr(pipeline, "route", no_routes)
    sim.setup(timestep=DT)
    src = sim.Population(4, sim.SpikeSourceArray(spike_times=[T_SPIKE]))
    pop = sim.Population(4, sim.IF_curr_exp())
    sim.Projection(src, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=20.0, delay=1.0))
    pop.record("spikes")
    with pytest.raises(LossError, match="4 multicast packets were dropped"):
        sim.run(50.0)
    assert sum(len(st) for st in pop.get_data().segments[0].spiketrains) == 0
    sim.end()


def test_dc_source_through_pynn_matches_the_membrane_equation():
    """sim.DCSource on two of three cells: v follows the exact LIF charging curve (of the
    board's tau_m') from start on, within the board's truncation bound; the untouched cell
    stays at rest; the recorded current is the waveform."""
    sim.setup(timestep=DT)
    pop = sim.Population(3, sim.IF_curr_exp(v_thresh=0.0))
    dc = sim.DCSource(amplitude=0.5, start=20.0, stop=80.0)
    pop[0:2].inject(dc)
    dc.record()
    pop.record("v")
    sim.run(100.0)
    v = np.asarray(pop.get_data().segments[0].filter(name="v")[0])
    current = np.asarray(dc.get_data()).ravel()
    sim.end()
    t = np.arange(1001) * DT
    on = t - 20.0
    tau_m = BOARD["tau_m"]
    expected = np.where(t < 20.0 + 1e-9, V_REST,
                        V_REST + 0.5 * TAU_M / CM * (1 - np.exp(-np.clip(on, 0, 60) / tau_m)))
    after = t > 80.0 + 1e-9
    expected[after] = V_REST + (expected[800] - V_REST) * np.exp(-(t[after] - 80.0) / tau_m)
    # no synaptic input: only the membrane's two truncating products
    np.testing.assert_allclose(v[:, 0], expected, atol=MEMBRANE_BOUND)
    np.testing.assert_array_equal(v[:, 0], v[:, 1])
    assert np.all(v[:, 2] == V_REST)
    assert current[199] == 0.0 and current[200] == 0.5 and current[800] == 0.0

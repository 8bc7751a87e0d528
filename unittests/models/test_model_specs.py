"""Model specs: PyNN names and defaults, host precomputations (propagators), packing."""
import numpy as np
import pytest
from pyNN.standardmodels import cells as pynn_cells
from scipy.integrate import quad

from spynnaker_backend.models import REGISTRY, to_fixed
from spynnaker_backend.models.if_curr_alpha import p31
from spynnaker_backend.models.spike_source_poisson import DEAD_TIME, FAST, FASTER, GAMMA, SLOW

NEW_MODELS = ("IF_curr_alpha", "IF_curr_delta", "IF_cond_exp", "Izhikevich",
              "SpikeSourcePoisson", "SpikeSourceGamma", "SpikeSourcePoissonRefractory")


@pytest.mark.parametrize("name", NEW_MODELS)
def test_pynn_names_defaults_and_units(name):
    spec, std = REGISTRY[name], getattr(pynn_cells, name)
    assert dict((k, d) for k, (d, _) in spec.host_parameters.items()) == std.default_parameters
    initial = getattr(std, "default_initial_values", {})
    assert {k: d for k, (d, _) in spec.host_state.items()} == initial
    for k, (_, unit) in list(spec.host_parameters.items()) + list(spec.host_state.items()):
        assert unit == std.units[k], k
    assert set(spec.recordable_names) >= set(std.recordable)
    assert spec.conductance_based == getattr(std, "conductance_based", False) or \
        spec.is_source


@pytest.mark.parametrize("name", [n for n in NEW_MODELS if not REGISTRY[n].is_source])
@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_to_core_fills_every_field_within_range(name, dt):
    spec = REGISTRY[name]
    n = 3
    params = {k: np.full(n, float(d)) for k, (d, _) in spec.host_parameters.items()}
    state = {k: np.full(n, float(d)) for k, (d, _) in spec.host_state.items()}
    core = spec.to_core(params, state, dt)
    assert set(core) == {c.name for c in spec.components}
    for comp in spec.components:
        p, s = core[comp.name]
        assert set(p) == {f.name for f in comp.params}
        assert set(s) == {f.name for f in comp.state}
        for f in comp.params + comp.state:
            values = p.get(f.name, s.get(f.name))
            _, clipped = to_fixed(np.broadcast_to(values, (n,)), f.ctype)
            assert clipped == 0, (comp.name, f.name)


@pytest.mark.parametrize("tau_syn", [0.5, 2.0, 19.9999, 20.0, 20.0001, 50.0])
@pytest.mark.parametrize("dt", [0.1, 1.0])
def test_alpha_p31_is_the_integral_it_claims(tau_syn, dt):
    tau_m, cm = 20.0, 0.8
    exact = quad(lambda t: np.exp(-(dt - t) / tau_m) * t * np.exp(-t / tau_syn) / cm,
                 0, dt, epsabs=1e-14, epsrel=1e-12)[0]
    assert np.isclose(p31(tau_m, cm, tau_syn, dt), exact, rtol=1e-9, atol=0)


def test_alpha_kernel_peaks_at_the_weight():
    """The board's alpha recurrences (merge, then shape per tick) iterated in float64 with the
    host's constants: a lone input w gives PyNN's alpha w (t/tau) e^(1 - t/tau) at the tick
    starts after its arrival (t = 0, dt, ...), peak w at tau."""
    spec = REGISTRY["IF_curr_alpha"]
    dt, tau = 0.1, 2.0
    params = {k: np.array([float(d)]) for k, (d, _) in spec.host_parameters.items()}
    params["tau_syn_E"] = np.array([tau])
    state = {k: np.array([float(d)]) for k, (d, _) in spec.host_state.items()}
    p, s = spec.to_core(params, state, dt)["alpha_board"]
    step, decay = p["lin_step_exc"][0], p["decay_exc"][0]
    w, lin, ex = 1.0, s["lin_exc"][0], s["exp_exc"][0]
    ex = ex * decay + 1.0                       # the input's tick: merge
    lin, q, trace = (lin + w * step) * (1.0 - 1.0 / ex), w, []
    for _ in range(200):
        trace.append(lin * ex)                  # the tick's current
        lin, ex = lin + q * step, ex * decay    # shape at the tick's end
    t = np.arange(200) * dt
    np.testing.assert_allclose(trace, (t / tau) * np.exp(1 - t / tau), rtol=1e-12, atol=1e-15)
    assert max(trace) == pytest.approx(1.0, abs=1e-12)


def test_cond_exp_holds_the_boards_weight_scale_and_records_microsiemens():
    """The board's conductance input type holds 1024 x uS and records the state >> 10."""
    spec = REGISTRY["IF_cond_exp"]
    rec = spec.recordable("gsyn_exc")
    assert rec.unit == "uS" and rec.scale == 1.0 / 1024 and rec.shift == 10
    p = {k: np.array([float(d)]) for k, (d, _) in spec.host_parameters.items()}
    s = {"v": np.array([-60.0]), "gsyn_exc": np.array([0.02]), "gsyn_inh": np.array([0.0])}
    assert spec.to_core(p, s, 0.1)["exp_cond_board"][1]["gsyn_exc"][0] == pytest.approx(20.48)


def test_poisson_region_layout():
    from spynnaker_backend.graph import ApplicationVertex
    from spynnaker_backend.mapping.dataspec.poisson import poisson_region
    from spynnaker_backend.mapping.machine_graph import Slice
    from spynnaker_backend.models import struct_dtype
    from spynnaker_backend.models.spike_source_poisson import POISSON_CORE, POISSON_NEURON
    rates = np.array([0.0, 5.0, 1000.0, 30000.0])
    v = ApplicationVertex("p", 4, REGISTRY["SpikeSourcePoisson"],
                          {"rate": rates, "start": np.array([0.0, 5.0, 0.0, 0.0]),
                           "duration": np.array([1e10, 10.0, 1e10, 1e10])}, seed=2 ** 40 + 3)
    data = poisson_region(v, Slice(1, 4), 1.0)
    head = np.frombuffer(data, struct_dtype(POISSON_CORE.params), count=1)[0]
    assert (head["seed_lo"], head["seed_hi"], head["first_index"]) == (3, 2 ** 8, 1)
    atoms = np.frombuffer(data, struct_dtype(POISSON_NEURON.params),
                          offset=head.dtype.itemsize)
    assert len(atoms) == 3
    # 5 Hz at 1 ms is 0.005 spikes per tick: a slow source (below the board's 0.01) with
    # mean interval 1000 / 5 = 200 ticks; 1000 Hz: a fast Knuth draw of lambda 1;
    # 30000 Hz: 30 per tick, past the board's 10: its Gaussian count, sqrt(30) in s16.15
    assert list(atoms["kind"]) == [SLOW, FAST, FASTER]
    assert atoms[0]["mean_isi_ticks"] == 200
    assert (atoms[0]["start_tick"], atoms[0]["end_tick"]) == (5, 15)
    assert atoms[1]["end_tick"] == 0xFFFFFFFF
    # exp(-1) at the board's s16.15 precision (lambda = 1000 Hz x 1 ms is 1 - 2^-15 there:
    # a u16.16 rate times a u0.32 second per tick, truncated)
    lam = 1.0 - 2.0 ** -15
    assert atoms[1]["exp_minus_lambda"] == round(round(np.exp(-lam) * 2 ** 15) * 2 ** 17)
    lam30 = np.floor(30000 * 2 ** 16 * round(2 ** 32 / 1000) / 2 ** 33) / 2 ** 15
    assert atoms[2]["sqrt_lambda"] == round(np.sqrt(lam30) * 2 ** 15)


def test_gamma_and_dead_time_regions():
    from spynnaker_backend.graph import ApplicationVertex
    from spynnaker_backend.mapping.dataspec.poisson import poisson_region
    from spynnaker_backend.mapping.machine_graph import Slice
    from spynnaker_backend.models import struct_dtype
    from spynnaker_backend.models.spike_source_poisson import POISSON_CORE, POISSON_NEURON
    off = struct_dtype(POISSON_CORE.params).itemsize
    g = ApplicationVertex("g", 2, REGISTRY["SpikeSourceGamma"],
                          {"alpha": np.array([3.0, 2.0]), "beta": np.array([300.0, 0.0]),
                           "start": np.zeros(2), "duration": np.full(2, 1e10)})
    atoms = np.frombuffer(poisson_region(g, Slice(0, 2), 0.1), struct_dtype(POISSON_NEURON.params),
                          offset=off)
    # a phase of mean 1000 / 300 ms = 33.333... ticks of 0.1 ms
    assert list(atoms["kind"]) == [GAMMA, 0] and atoms[0]["shape"] == 3
    assert atoms[0]["scale_int"] == 33
    assert abs(atoms[0]["scale_frac"] / 2.0 ** 32 - 1.0 / 3.0) < 2.0 ** -31
    r = ApplicationVertex("r", 1, REGISTRY["SpikeSourcePoissonRefractory"],
                          {"rate": np.array([50.0]), "tau_refrac": np.array([2.5]),
                           "start": np.zeros(1), "duration": np.full(1, 1e10)})
    atoms = np.frombuffer(poisson_region(r, Slice(0, 1), 1.0), struct_dtype(POISSON_NEURON.params),
                          offset=off)
    # mean interval 20 ms = 2.5 ms dead time + an exponential of mean 17.5 ms
    assert (atoms[0]["kind"], atoms[0]["shape"]) == (DEAD_TIME, 1)
    assert (atoms[0]["dead_int"], atoms[0]["dead_frac"]) == (2, 2 ** 31)
    assert (atoms[0]["scale_int"], atoms[0]["scale_frac"]) == (17, 2 ** 31)


def test_codegen_has_a_binary_per_neuron_model_and_none_for_sources():
    from spynnaker_backend.mapping.dataspec.codegen import ROOT, generated_files
    files = {p.relative_to(ROOT).as_posix() for p in generated_files()}
    for name in NEW_MODELS:
        spec = REGISTRY[name]
        path = f"neural_modelling/src/bin_{spec.binary}.c"
        assert (path in files) == (not spec.is_source)
    assert (ROOT / "neural_modelling/src/app_spike_source_poisson.c").exists()

"""Model specs: PyNN names and defaults, host precomputations (propagators), packing."""
import numpy as np
import pytest
from pyNN.standardmodels import cells as pynn_cells
from scipy.integrate import quad

from spynnaker_backend.models import REGISTRY, to_fixed
from spynnaker_backend.models.if_curr_alpha import p31
from spynnaker_backend.models.spike_source_poisson import LAMBDA_FRACTION_BITS

NEW_MODELS = ("IF_curr_alpha", "IF_curr_delta", "IF_cond_exp", "Izhikevich",
              "SpikeSourcePoisson")


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


@pytest.mark.parametrize("name", [n for n in NEW_MODELS if n != "SpikeSourcePoisson"])
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
    """Iterating the core's recurrences in float64 gives the alpha function, peak w."""
    spec = REGISTRY["IF_curr_alpha"]
    dt, tau = 0.1, 2.0
    params = {k: np.array([float(d)]) for k, (d, _) in spec.host_parameters.items()}
    params["tau_syn_E"] = np.array([tau])
    state = {k: np.array([float(d)]) for k, (d, _) in spec.host_state.items()}
    p, _ = spec.to_core(params, state, dt)["alpha_current"]
    z, i, trace = p["jump_exc"][0] / 16.0 * 1.0, 0.0, []   # w = 1 nA at t = 0
    for _ in range(200):
        i = p["decay_exc"][0] * (z + i)
        z = p["decay_exc"][0] * z
        trace.append(i)
    t = np.arange(1, 201) * dt
    np.testing.assert_allclose(trace, (t / tau) * np.exp(1 - t / tau), rtol=1e-12)


def test_cond_exp_records_microsiemens_from_nanosiemens():
    spec = REGISTRY["IF_cond_exp"]
    rec = spec.recordable("gsyn_exc")
    assert rec.unit == "uS" and rec.scale == pytest.approx(1e-3)
    p = {k: np.array([float(d)]) for k, (d, _) in spec.host_parameters.items()}
    s = {"v": np.array([-60.0]), "gsyn_exc": np.array([0.02]), "gsyn_inh": np.array([0.0])}
    assert spec.to_core(p, s, 0.1)["exp_conductance"][1]["gsyn_exc"][0] == pytest.approx(20.0)


def test_poisson_region_layout():
    from spynnaker_backend.graph import ApplicationVertex
    from spynnaker_backend.mapping.dataspec.poisson import poisson_region
    from spynnaker_backend.mapping.machine_graph import Slice
    from spynnaker_backend.models import struct_dtype
    from spynnaker_backend.models.spike_source_poisson import POISSON_CORE, POISSON_NEURON
    rates = np.array([0.0, 10.0, 1000.0, 9000.0])
    v = ApplicationVertex("p", 4, REGISTRY["SpikeSourcePoisson"],
                          {"rate": rates, "start": np.array([0.0, 5.0, 0.0, 0.0]),
                           "duration": np.array([1e10, 10.0, 1e10, 1e10])}, seed=2 ** 40 + 3)
    data = poisson_region(v, Slice(1, 4), 1.0)
    head = np.frombuffer(data, struct_dtype(POISSON_CORE.params), count=1)[0]
    assert (head["seed_lo"], head["seed_hi"], head["first_index"]) == (3, 2 ** 8, 1)
    atoms = np.frombuffer(data, struct_dtype(POISSON_NEURON.params),
                          offset=head.dtype.itemsize)
    assert len(atoms) == 3
    assert list(atoms["n_draws"]) == [1, 1, 3]
    assert (atoms[0]["start_tick"], atoms[0]["end_tick"]) == (5, 15)
    assert atoms[1]["end_tick"] == 0xFFFFFFFF
    lam = np.array([0.01, 1.0, 3.0])
    np.testing.assert_allclose(atoms["lambda_draw"] / 2.0 ** LAMBDA_FRACTION_BITS, lam,
                               rtol=0, atol=2.0 ** -(LAMBDA_FRACTION_BITS + 1))
    np.testing.assert_allclose(atoms["exp_minus_lambda"] / 2.0 ** 32,
                               np.exp(-lam), rtol=0, atol=2.0 ** -32)


def test_codegen_has_a_binary_per_neuron_model_and_none_for_sources():
    from spynnaker_backend.mapping.dataspec.codegen import ROOT, generated_files
    files = {p.relative_to(ROOT).as_posix() for p in generated_files()}
    for name in NEW_MODELS:
        spec = REGISTRY[name]
        path = f"neural_modelling/src/bin_{spec.binary}.c"
        assert (path in files) == (not spec.is_source)
    assert (ROOT / "neural_modelling/src/app_spike_source_poisson.c").exists()

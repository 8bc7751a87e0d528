"""Neurons with several named receptor types (PyNN's ``PointNeuron``; sPyNNaker's
IF_curr_dual_exp): up to MAX_SYNAPSE_TYPES synapse types per binary.

A multi-receptor synapse component has, per receptor k, the fields of one type of the
two-type component it generalises (``decay_k``, ``init_k``, ...: the same host formulas, the
same C arithmetic), generated for each receptor count.  Its C lives in
``c_models/synapse/<c_template>.h``, written once for any count (``EACH_RECEPTOR``).

Binaries: one per (neuron, receptor shape, count) in :data:`COMPOSED_BINARIES`; a PointNeuron
instance gets a :class:`ModelSpec` of its own (its receptor names, parameters, recordables)
that runs on one of them (:func:`point_neuron_spec`).
"""
from typing import Dict, Tuple

import numpy as np

from .components import ADEX, LIF, STATIC_THRESHOLD
from .eif_cond_isfa_ista import W_SCALE, adex_core, exp_conductance_core as adex_exp_core
from .if_cond_alpha import alpha_conductance_core
from .if_cond_exp import NS_PER_US, exp_conductance_core as lif_exp_core
from .if_curr_exp import exp_current_exact_core, lif_core
from .spec import Component, Field, ModelSpec, Recordable

#: Synapse types a neuron core can have (regions.MAX_SYNAPSE_TYPES; models import nothing
#: from the mapping).
MAX_RECEPTORS = 4

#: Receptor shapes: PyNN's post-synaptic response class name -> (component kind, variable,
#: unit, conductance-based).
SHAPES = {
    "CurrExpPostSynapticResponse": ("exp_current", "isyn", "nA", False),
    "CondExpPostSynapticResponse": ("exp_conductance", "gsyn", "uS", True),
    "CondAlphaPostSynapticResponse": ("alpha_conductance", "gsyn", "uS", True),
}
#: Neuron components a PointNeuron may have: PyNN class name -> (component, host parameters).
NEURONS = {
    "LIF": (LIF, {"cm": (1.0, "nF"), "tau_refrac": (0.1, "ms"), "v_reset": (-65.0, "mV"),
                  "v_rest": (-65.0, "mV"), "tau_m": (20.0, "ms"), "i_offset": (0.0, "nA"),
                  "v_thresh": (-50.0, "mV")}),
    "AdExp": (ADEX, {"cm": (0.281, "nF"), "tau_refrac": (0.1, "ms"),
                     "v_spike": (-40.0, "mV"), "v_reset": (-70.6, "mV"),
                     "v_rest": (-70.6, "mV"), "tau_m": (9.3667, "ms"),
                     "i_offset": (0.0, "nA"), "a": (4.0, "nS"), "b": (0.0805, "nA"),
                     "delta_T": (2.0, "mV"), "tau_w": (144.0, "ms"),
                     "v_thresh": (-50.4, "mV")}),
}
NEURON_STATE = {"LIF": {"v": (-65.0, "mV")}, "AdExp": {"v": (-70.6, "mV"), "w": (0.0, "nA")}}

# (field stem, C type, unit, doc) per receptor, in struct order
_FIELDS = {
    "exp_current": (
        ("decay", "u032", "1", "current decay per tick, exp(-dt/tau_syn)"),
        ("p21", "s1615", "mV/nA", "potential change over one tick per nA of the state, the "
         "current decaying exactly (NEST's P21 / init)"),
        ("init", "u032", "1", "scale of an input as it is added: tau_syn/dt (1 - "
         "exp(-dt/tau_syn))"),
    ),
    "exp_conductance": (
        ("decay", "u032", "1", "conductance decay per tick, exp(-dt/tau_syn)"),
        ("k", "u032", "mV/pA", "potential change over one tick per pA of current g (e_syn - v) "
         "decaying with g, per unit of the init-scaled state"),
        ("init", "u032", "1", "scale of an input as it is added: tau_syn/dt (1 - "
         "exp(-dt/tau_syn))"),
        ("e_rev", "s1615", "mV", "reversal potential e_syn"),
    ),
    "alpha_conductance": (
        ("decay", "u032", "1", "decay per tick, exp(-dt/tau_syn)"),
        ("k31", "u032", "1/nS", "fraction of the driving force v moves over one tick per nS "
         "of dt y1"),
        ("k32", "u032", "1/nS", "fraction of the driving force v moves over one tick per nS "
         "of gsyn"),
        ("jump", "s1615", "1/16", "zsyn added per nS of weight: 16 dt e / tau_syn"),
        ("e_rev", "s1615", "mV", "reversal potential e_syn"),
    ),
}
_STATE = {
    "exp_current": (("isyn", "s1615", "nA", "synaptic current (signed)"),),
    "exp_conductance": (("gsyn", "s1615", "nS", "conductance"),),
    "alpha_conductance": (("gsyn", "s1615", "nS", "conductance"),
                          ("zsyn", "s1615", "nS/16", "16 dt y1, the alpha kernel's second "
                           "state")),
}


def multi_component(kind: str, n: int) -> Component:
    """The ``n``-receptor version of a synapse component (``exp_current_r3``, ...)."""
    if not 1 <= n <= MAX_RECEPTORS:
        raise ValueError(f"{kind}: {n} receptors; a neuron core has 1 to {MAX_RECEPTORS}")

    def fields(table):
        return tuple(Field(f"{stem}_{k}", ctype, unit, f"receptor {k}: {doc}")
                     for stem, ctype, unit, doc in table for k in range(n))
    return Component(f"{kind}_r{n}", "synapse", params=fields(_FIELDS[kind]),
                     state=fields(_STATE[kind]), c_template=f"{kind}_multi", receptors=n)


def _one_type(core_fn, params, dt, tau, e_rev, value, variable):
    """Fields of one receptor, from a two-type component's host function (its excitatory
    type), so that one formula serves both."""
    p = dict(params, tau_syn_E=tau, tau_syn_I=tau, e_rev_E=e_rev, e_rev_I=e_rev)
    s = {f"{variable}_exc": value, f"{variable}_inh": value}
    out_p, out_s = core_fn(p, s, dt)
    return ({k[:-4]: v for k, v in out_p.items() if k.endswith("_exc")},
            {k[:-4]: v for k, v in out_s.items() if k.endswith("_exc")})


def _synapse_core(neuron: str, kind: str, names, params, state, dt, signs=None):
    """{field: values} of a multi-receptor component: receptor k is ``names[k]``, its
    parameters ``<name>.tau_syn`` (and ``<name>.e_syn``), its state ``<name>.<variable>``;
    ``signs[k] = -1`` stores the state of an always-negative type as a negative current."""
    variable = _STATE[kind][0][0]
    core_fn = {("LIF", "exp_current"): exp_current_exact_core,
               ("LIF", "exp_conductance"): lif_exp_core,
               ("AdExp", "exp_conductance"): adex_exp_core,
               ("LIF", "alpha_conductance"): alpha_conductance_core,
               ("AdExp", "alpha_conductance"): lambda p, s, dt: alpha_conductance_core(
                   p, s, dt, leak=False)}[(neuron, kind)]
    out_p, out_s = {}, {}
    for k, name in enumerate(names):
        value = np.asarray(state[f"{name}.{variable}"], dtype=np.float64)
        if signs is not None:
            value = value * signs[k]
        e_rev = params.get(f"{name}.e_syn", np.zeros_like(value))
        # (conductances go in uS: the two-type functions hold them in nS)
        p, s = _one_type(core_fn, params, dt, params[f"{name}.tau_syn"], e_rev, value,
                         variable)
        out_p.update({f"{field}_{k}": v for field, v in p.items()})
        out_s.update({f"{field}_{k}": v for field, v in s.items()})
    return out_p, out_s


def _neuron_core(neuron, params, state, dt):
    if neuron == "LIF":
        return lif_core(params, state, dt)
    return adex_core(params, state, dt)


def _threshold(neuron, params):
    return {"v_thresh": params["v_spike"] if neuron == "AdExp" else params["v_thresh"]}


def binary_name(neuron: str, kind: str, n: int) -> str:
    return f"neuron_{'lif' if neuron == 'LIF' else 'adex'}_{kind}_r{n}"


def composed_spec(neuron: str, shape: str, names: Tuple[str, ...],
                  name: str = None) -> ModelSpec:
    """The model spec of a neuron with the receptors ``names`` (in synapse-type order), all
    of one shape (a PyNN post-synaptic response class name)."""
    kind, variable, unit, conductance = SHAPES[shape]
    n = len(names)
    component = multi_component(kind, n)
    neuron_comp, neuron_params = NEURONS[neuron]
    host_parameters = dict(neuron_params)
    host_state = dict(NEURON_STATE[neuron])
    recordables = [Recordable("v", "mV", neuron_comp.name, "v")]
    if neuron == "AdExp":
        recordables.append(Recordable("w", "nA", "adex", "w", scale=1.0 / W_SCALE))
    for k, r in enumerate(names):
        host_parameters[f"{r}.tau_syn"] = (5.0, "ms")
        if conductance:
            host_parameters[f"{r}.e_syn"] = (0.0, "mV")
        host_state[f"{r}.{variable}"] = (0.0, unit)
        recordables.append(Recordable(f"{r}.{variable}", unit, component.name,
                                      f"{variable}_{k}",
                                      scale=1.0 / NS_PER_US if conductance else 1.0))

    def to_core(params, state, dt):
        return {
            neuron_comp.name: _neuron_core(neuron, params, state, dt),
            component.name: _synapse_core(neuron, kind, names, params, state, dt),
            "static_threshold": (_threshold(neuron, params), {}),
        }

    return ModelSpec(
        name=name or f"PointNeuron({neuron}, {shape} x{n})",
        binary=binary_name(neuron, kind, n), host_parameters=host_parameters,
        host_state=host_state, components=(neuron_comp, component, STATIC_THRESHOLD),
        synapse_types=tuple(names), recordables=tuple(recordables),
        conductance_based=conductance, to_core=to_core,
        signed_types=() if conductance else tuple(names))


#: The combinations that have binaries (NEST has iaf_psc_exp_multisynapse and
#: aeif_cond_alpha_multisynapse; the others are PyNN compositions NEST lacks).
COMBINATIONS = (("LIF", "CurrExpPostSynapticResponse"),
                ("LIF", "CondExpPostSynapticResponse"),
                ("LIF", "CondAlphaPostSynapticResponse"),
                ("AdExp", "CondExpPostSynapticResponse"),
                ("AdExp", "CondAlphaPostSynapticResponse"))

#: A spec per composed binary (receptors named r0, r1, ...), for the code generator.
COMPOSED_BINARIES: Dict[str, ModelSpec] = {}
for _neuron, _shape in COMBINATIONS:
    for _n in range(1, MAX_RECEPTORS + 1):
        _spec = composed_spec(_neuron, _shape, tuple(f"r{k}" for k in range(_n)))
        COMPOSED_BINARIES[_spec.binary] = _spec


# ------------------------------------------------------------------ IF_curr_dual_exp
def _dual_to_core(params, state, dt):
    names = ("excitatory", "excitatory2", "inhibitory")
    p = dict(params)
    s = {}
    for name, tau, isyn in zip(names, ("tau_syn_E", "tau_syn_E2", "tau_syn_I"),
                               ("isyn_exc", "isyn_exc2", "isyn_inh")):
        p[f"{name}.tau_syn"] = params[tau]
        s[f"{name}.isyn"] = state[isyn]
    return {
        "lif": lif_core(params, state, dt),
        "exp_current_r3": _synapse_core("LIF", "exp_current", names, p, s, dt,
                                        signs=(1.0, 1.0, -1.0)),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


#: sPyNNaker's IF_curr_dual_exp: LIF with two excitatory exponential current synapses and
#: one inhibitory (receptor types 'excitatory', 'excitatory2', 'inhibitory'), 7.4.1's
#: parameter names and defaults.  The inhibitory input is subtracted whatever the weights'
#: sign (sPyNNaker's rule); its state and recording are the current's magnitude.
IF_CURR_DUAL_EXP = ModelSpec(
    name="IF_curr_dual_exp",
    binary=binary_name("LIF", "exp_current", 3),
    host_parameters={
        "tau_m": (20.0, "ms"), "cm": (1.0, "nF"), "v_rest": (-65.0, "mV"),
        "v_reset": (-65.0, "mV"), "v_thresh": (-50.0, "mV"), "tau_syn_E": (5.0, "ms"),
        "tau_syn_E2": (5.0, "ms"), "tau_syn_I": (5.0, "ms"), "tau_refrac": (0.1, "ms"),
        "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV"), "isyn_exc": (0.0, "nA"), "isyn_exc2": (0.0, "nA"),
                "isyn_inh": (0.0, "nA")},
    components=(LIF, multi_component("exp_current", 3), STATIC_THRESHOLD),
    synapse_types=("excitatory", "excitatory2", "inhibitory"),
    recordables=(
        Recordable("v", "mV", "lif", "v"),
        Recordable("gsyn_exc", "nA", "exp_current_r3", "isyn_0"),
        Recordable("gsyn_exc2", "nA", "exp_current_r3", "isyn_1"),
        Recordable("gsyn_inh", "nA", "exp_current_r3", "isyn_2", scale=-1.0),
    ),
    negative_types=("inhibitory",),
    to_core=_dual_to_core,
)

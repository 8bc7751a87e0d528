"""Core-side components shared by the neuron models (layouts only; maths is in c_models/)."""
from .spec import Component, Field

LIF = Component(
    "lif", "neuron",
    params=(
        Field("v_rest", "s1615", "mV", "resting potential"),
        Field("v_reset", "s1615", "mV", "potential after a spike"),
        Field("exp_tc", "u032", "1", "membrane decay per tick, exp(-dt/tau_m)"),
        Field("r_dt", "s1615", "mV/nA", "potential reached per tick by a constant 1 nA: "
              "tau_m/cm*(1-exp(-dt/tau_m))"),
        Field("i_offset", "s1615", "nA", "constant injected current"),
        Field("refract_ticks", "int32", "ticks", "refractory period"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        Field("refract_timer", "int32", "ticks", "ticks of refractoriness left"),
    ),
)

EXP_CURRENT = Component(
    "exp_current", "synapse",
    params=(
        Field("decay_exc", "u032", "1", "excitatory current decay per tick, exp(-dt/tau_syn_E)"),
        Field("decay_inh", "u032", "1", "inhibitory current decay per tick, exp(-dt/tau_syn_I)"),
        Field("p21_exc", "s1615", "mV/nA", "potential change over one tick caused by 1 nA of "
              "excitatory current decaying exactly (NEST's P21)"),
        Field("p21_inh", "s1615", "mV/nA", "same for the inhibitory current"),
    ),
    state=(
        Field("isyn_exc", "s1615", "nA", "excitatory synaptic current"),
        Field("isyn_inh", "s1615", "nA", "inhibitory synaptic current (magnitude)"),
    ),
)

STATIC_THRESHOLD = Component(
    "static_threshold", "threshold",
    params=(Field("v_thresh", "s1615", "mV", "spike threshold"),),
)

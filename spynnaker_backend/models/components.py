"""Core-side components shared by the neuron models (layouts only; maths is in c_models/)."""
from .spec import Component, Field

LIF = Component(
    "lif", "neuron",
    params=(
        Field("v_rest", "s1615", "mV", "resting potential"),
        Field("v_reset", "s1615", "mV", "potential after a spike"),
        Field("exp_tc", "u032", "1", "membrane decay per tick, exp(-dt/tau_m)"),
        Field("r_dt", "s823", "mV/nA", "potential reached per tick by a constant 1 nA: "
              "tau_m/cm*(1-exp(-dt/tau_m))"),
        Field("i_offset", "s1615", "nA", "constant injected current"),
        Field("refract_ticks", "int32", "ticks", "refractory period"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        Field("refract_timer", "int32", "ticks", "ticks of refractoriness left"),
    ),
)

LIF_BOARD = Component(
    "lif_board", "neuron",
    params=(
        Field("v_rest", "s1615", "mV", "resting potential"),
        Field("v_reset", "s1615", "mV", "potential after a spike"),
        Field("exp_tc", "s1615", "1", "membrane decay per tick, exp(-dt/tau_m), as the board "
              "holds it (an accum)"),
        Field("r_membrane", "s1615", "MOhm", "membrane resistance tau_m/cm"),
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
        Field("init_exc", "u032", "1", "scale of an input as it is added (the board's init): "
              "tau_syn_E/dt (1 - exp(-dt/tau_syn_E))"),
        Field("init_inh", "u032", "1", "same for the inhibitory type"),
    ),
    state=(
        Field("isyn_exc", "s1615", "nA", "excitatory synaptic current"),
        Field("isyn_inh", "s1615", "nA", "inhibitory synaptic current (magnitude)"),
    ),
)

#: Exponential current synapses with NEST's exact propagator to the membrane (the LIF of
#: lif.h, not the board's): the Ca2-adaptive LIF and the multi-receptor LIF use it.
EXP_CURRENT_EXACT = Component(
    "exp_current_exact", "synapse",
    params=(
        Field("decay_exc", "u032", "1", "excitatory current decay per tick, exp(-dt/tau_syn_E)"),
        Field("decay_inh", "u032", "1", "inhibitory current decay per tick, exp(-dt/tau_syn_I)"),
        Field("p21_exc", "s1615", "mV/nA", "potential change over one tick per nA of the "
              "state isyn_exc, the current decaying exactly (NEST's P21 / init_exc)"),
        Field("p21_inh", "s1615", "mV/nA", "same for the inhibitory current"),
        Field("init_exc", "u032", "1", "scale of an input as it is added (the board's init): "
              "tau_syn_E/dt (1 - exp(-dt/tau_syn_E))"),
        Field("init_inh", "u032", "1", "same for the inhibitory type"),
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

#: sPyNNaker's alpha synapse (synapse_types_alpha_impl.h): per type a linear buffer, an
#: exponential buffer and the last input q; the current is lin x exp (c_models/synapse/
#: alpha_board.h).  ``lin_step`` is PyNN's weight scale e dt/tau_syn (the board's is
#: dt/tau_syn^2: a charge-normalised kernel).
ALPHA_BOARD = Component(
    "alpha_board", "synapse",
    params=(
        Field("decay_exc", "u032", "1", "exponential buffer decay per tick, exp(-dt/tau_syn_E)"),
        Field("decay_inh", "u032", "1", "same for the inhibitory type"),
        Field("lin_step_exc", "s1615", "1", "linear buffer growth per tick per nA of q: "
              "e dt/tau_syn_E"),
        Field("lin_step_inh", "s1615", "1", "same for the inhibitory type"),
    ),
    state=(
        Field("isyn_exc", "s1615", "nA", "excitatory current of this tick, lin_exc x exp_exc"),
        Field("isyn_inh", "s1615", "nA", "inhibitory current of this tick (magnitude)"),
        Field("lin_exc", "s1615", "nA", "linear buffer (the board's lin_buff)"),
        Field("lin_inh", "s1615", "nA", "linear buffer, inhibitory"),
        Field("exp_exc", "s1615", "1", "exponential buffer (the board's exp_buff)"),
        Field("exp_inh", "s1615", "1", "exponential buffer, inhibitory"),
        Field("q_exc", "s1615", "nA", "last excitatory input (the board's q_buff)"),
        Field("q_inh", "s1615", "nA", "last inhibitory input"),
    ),
)

DELTA_CURRENT = Component(
    "delta_current", "synapse",
    state=(
        Field("isyn_exc", "s1615", "mV", "excitatory input of this tick (the jump it causes), "
              "what a board records of a delta synapse; 0 again at the end of the tick"),
        Field("isyn_inh", "s1615", "mV", "inhibitory input of this tick (magnitude)"),
    ),
)

EXP_CONDUCTANCE = Component(
    "exp_conductance", "synapse",
    params=(
        Field("decay_exc", "u032", "1", "excitatory conductance decay per tick, "
              "exp(-dt/tau_syn_E)"),
        Field("decay_inh", "u032", "1", "inhibitory conductance decay per tick, "
              "exp(-dt/tau_syn_I)"),
        Field("k_exc", "u032", "mV/pA", "potential change over one tick per pA of excitatory "
              "current g_exc (E_rev_E - v) decaying with g_exc (NEST's P21 / 1000 / init_exc)"),
        Field("k_inh", "u032", "mV/pA", "same for the inhibitory current"),
        Field("init_exc", "u032", "1", "scale of an input as it is added (the board's init): "
              "tau_syn_E/dt (1 - exp(-dt/tau_syn_E))"),
        Field("init_inh", "u032", "1", "same for the inhibitory type"),
        Field("e_rev_exc", "s1615", "mV", "excitatory reversal potential"),
        Field("e_rev_inh", "s1615", "mV", "inhibitory reversal potential"),
    ),
    state=(
        Field("gsyn_exc", "s1615", "nS", "excitatory conductance"),
        Field("gsyn_inh", "s1615", "nS", "inhibitory conductance"),
    ),
)

EXP_COND_BOARD = Component(
    "exp_cond_board", "synapse",
    params=(
        Field("decay_exc", "u032", "1", "excitatory conductance decay per tick, "
              "exp(-dt/tau_syn_E)"),
        Field("decay_inh", "u032", "1", "inhibitory conductance decay per tick, "
              "exp(-dt/tau_syn_I)"),
        Field("init_exc", "u032", "1", "scale of an input as it is added (the board's init): "
              "tau_syn_E/dt (1 - exp(-dt/tau_syn_E))"),
        Field("init_inh", "u032", "1", "same for the inhibitory type"),
        Field("e_rev_exc", "s1615", "mV", "excitatory reversal potential"),
        Field("e_rev_inh", "s1615", "mV", "inhibitory reversal potential"),
    ),
    state=(
        Field("gsyn_exc", "s1615", "uS/1024", "excitatory conductance in the board's weight "
              "scale (1024 x uS)"),
        Field("gsyn_inh", "s1615", "uS/1024", "inhibitory conductance, same scale"),
    ),
)

IZHIKEVICH = Component(
    "izhikevich", "neuron",
    params=(
        Field("a", "s1615", "/ms", "recovery rate"),
        Field("b", "s1615", "/ms", "sensitivity of u to v"),
        Field("c", "s1615", "mV", "potential after a spike"),
        Field("d", "s1615", "mV/ms", "increment of u after a spike"),
        Field("drive", "s1615", "mV/ms", "constant drive I: 1000*i_offset (PyNN/NEST: 1 nA "
              "drives 1000 mV/ms), i_offset in sPyNNaker's conductance models"),
        Field("reset_h", "s1615", "ms", "step of the midpoint kernel, dt (the board's reset_h)"),
        Field("i_dt", "s1615", "mV/ms/nA", "drive of 1 nA of injected current"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        Field("u", "s1615", "mV/ms", "recovery variable"),
        Field("this_h", "s1615", "ms", "this tick's step: dt, or 1.85 dt on the tick after a "
              "spike (the board's SIMPLE_TQ_OFFSET)"),
    ),
)

ALPHA_CONDUCTANCE = Component(
    "alpha_conductance", "synapse",
    params=(
        Field("decay_exc", "u032", "1", "excitatory decay per tick, exp(-dt/tau_syn_E)"),
        Field("decay_inh", "u032", "1", "inhibitory decay per tick, exp(-dt/tau_syn_I)"),
        Field("k31_exc", "u032", "1/nS", "fraction of the driving force (E_rev_E - v) "
              "that v moves over one tick per nS of dt y1_exc: P31 / (1000 dt)"),
        Field("k31_inh", "u032", "1/nS/16", "same for the inhibitory type"),
        Field("k32_exc", "u032", "1/nS", "fraction of the driving force that v moves over "
              "one tick per nS of gsyn_exc: P32 / 1000"),
        Field("k32_inh", "u032", "1/nS", "same for gsyn_inh"),
        Field("jump_exc", "s1615", "1/16", "zsyn_exc added per nS of weight: "
              "16 dt e / tau_syn_E"),
        Field("jump_inh", "s1615", "1/16", "zsyn_inh added per nS of weight: "
              "16 dt e / tau_syn_I"),
        Field("e_rev_exc", "s1615", "mV", "excitatory reversal potential"),
        Field("e_rev_inh", "s1615", "mV", "inhibitory reversal potential"),
    ),
    state=(
        Field("gsyn_exc", "s1615", "nS", "excitatory conductance"),
        Field("gsyn_inh", "s1615", "nS", "inhibitory conductance"),
        Field("zsyn_exc", "s1615", "nS/16", "16 dt y1_exc, y1 the alpha kernel's second "
              "state (NEST's dg_ex)"),
        Field("zsyn_inh", "s1615", "nS/16", "16 dt y1_inh"),
    ),
)

ADEX = Component(
    "adex", "neuron",
    params=(
        Field("v_rest", "s1615", "mV", "leak reversal potential E_L"),
        Field("v_reset", "s1615", "mV", "potential after a spike"),
        Field("v_thresh", "s1615", "mV", "exponential threshold V_T"),
        Field("v_spike", "s1615", "mV", "spike detection (NEST's V_peak); the exponential "
              "term is evaluated at min(v, v_spike)"),
        Field("inv_delta_t", "int32", "2^-26/mV", "1 / delta_T"),
        Field("delta_t", "s1615", "mV", "slope factor delta_T"),
        Field("h_tau_m", "u032", "1", "sub-step over tau_m, h / tau_m"),
        Field("h_cm", "int32", "2^-24 mV/nA", "sub-step over cm, h / cm"),
        Field("h_tau_w", "u032", "1", "sub-step over tau_w, h / tau_w"),
        Field("a", "int32", "2^-30 nA/mV", "subthreshold adaptation a (nS / 1000)"),
        Field("b", "int32", "2^-20 nA", "spike-triggered adaptation increment"),
        Field("i_offset", "s1615", "nA", "constant injected current"),
        Field("sub_shift", "int32", "1", "log2 of the RK2 sub-steps per tick "
              "(h = dt / 2^sub_shift)"),
        Field("refract_ticks", "int32", "ticks", "refractory period"),
    ),
    state=(
        Field("v", "s1615", "mV", "membrane potential"),
        # w changes by ~1e-5 nA per tick at dt = 0.1 ms: s16.15 would round that by ~30 %
        Field("w", "int32", "2^-20 nA", "adaptation current (s11.20)"),
        Field("refract_timer", "int32", "ticks", "ticks of refractoriness left"),
    ),
)

#: sPyNNaker's ThresholdTypeMulticastDeviceControl (ExternalDeviceLifControl): no spikes;
#: every ``ts_inter_send`` ticks from tick ``ts_first_send`` the neuron sends a multicast
#: packet with key ``key`` and, when ``scale`` > 0, its membrane potential after the tick's
#: update, clipped to [min_value, max_value], times ``scale``, as a ``send_type`` payload.
DEVICE_CONTROL = Component(
    "device_control", "threshold",
    params=(
        Field("key", "uint32", "1", "the device's multicast key (device_control_key)"),
        Field("scale", "uint32", "1", "payload scale, a whole number (0: the key alone is "
              "sent)"),
        Field("min_value", "s1615", "mV", "values below are sent as this"),
        Field("max_value", "s1615", "mV", "values above are sent as this"),
        Field("ts_inter_send", "uint32", "ticks", "ticks between two packets (0: one packet)"),
        Field("ts_first_send", "uint32", "ticks", "tick of the first packet"),
        Field("send_type", "uint32", "1", "payload format: 0 int, 1 uint, 2 accum, "
              "3 unsigned accum, 4 long fract, 5 unsigned long fract (SendType)"),
    ),
)

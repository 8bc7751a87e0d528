"""IF_cond_exp: LIF with exponentially decaying conductances, in the board's arithmetic.

Per tick, as sPyNNaker's synapse_types_exponential_impl, input_type_conductance and
neuron_model_lif_impl compute it in s16.15 (c_models/synapse/exp_cond_board.h)::

    G    <- G + 1024 w init       (the tick's input w [uS] in the board's conductance weight
                                   scale 1024, times init = tau_syn/dt (1 - exp(-dt/tau_syn)),
                                   truncated)
    g    =  G >> 10               (uS; what the board records as gsyn)
    I    =  g_e (E_e - v0) + g_i (E_i - v0) + i_offset + i_inj   (products truncated)
    v    <- alpha - exp_TC (alpha - v0),  alpha = I R + v_rest   (the board's LIF, as in
                                   IF_curr_exp: exp_TC, R = tau_m/cm as accums, truncating)
    G    <- G exp(-dt/tau_syn)    (truncated)

i.e. over a tick the synaptic current is g (E - v0) held constant: the board's explicit step.
Against NEST's iaf_cond_exp (adaptive RKF45) the difference is of order dt g / cm relative to
the synaptic part of a PSP (docs/timing_and_arithmetic.md bounds it).
"""
import numpy as np

from .components import EXP_COND_BOARD, LIF_BOARD, STATIC_THRESHOLD
from .if_curr_exp import exp_init, lif_board_core, p21
from .spec import ModelSpec, Recordable

#: The board's conductance weight scale (sPyNNaker's InputTypeConductance): the synaptic
#: state holds 1024 x uS, and the input type shifts it right by 10 bits.
WEIGHT_SCALE = 1024.0
WEIGHT_BITS = 10


def exp_cond_board_core(params, state, dt):
    return (
        {"decay_exc": np.exp(-dt / params["tau_syn_E"]),
         "decay_inh": np.exp(-dt / params["tau_syn_I"]),
         "init_exc": exp_init(params["tau_syn_E"], dt),
         "init_inh": exp_init(params["tau_syn_I"], dt),
         "e_rev_exc": params["e_rev_E"], "e_rev_inh": params["e_rev_I"]},
        {"gsyn_exc": state["gsyn_exc"] * WEIGHT_SCALE,
         "gsyn_inh": state["gsyn_inh"] * WEIGHT_SCALE},
    )


#: nS per uS: the exp_conductance component (NEST's propagators, IFCondExpStoc) holds nS.
NS_PER_US = 1000.0


def exp_conductance_core(params, state, dt):
    """Host constants of the exp_conductance component (c_models/synapse/exp_conductance.h:
    NEST's propagators, driving force at the tick's midpoint), which IFCondExpStoc
    (stochastic_lif.py) still runs; IF_cond_exp runs the board's exp_cond_board."""
    tau_m, cm = params["tau_m"], params["cm"]
    init_e, init_i = exp_init(params["tau_syn_E"], dt), exp_init(params["tau_syn_I"], dt)
    return (
        {"decay_exc": np.exp(-dt / params["tau_syn_E"]),
         "decay_inh": np.exp(-dt / params["tau_syn_I"]),
         # mV/nA -> mV/pA, per unit of the init-scaled state
         "k_exc": p21(tau_m, cm, params["tau_syn_E"], dt) / 1000.0 / init_e,
         "k_inh": p21(tau_m, cm, params["tau_syn_I"], dt) / 1000.0 / init_i,
         "init_exc": init_e, "init_inh": init_i,
         "e_rev_exc": params["e_rev_E"], "e_rev_inh": params["e_rev_I"]},
        {"gsyn_exc": state["gsyn_exc"] * NS_PER_US, "gsyn_inh": state["gsyn_inh"] * NS_PER_US},
    )


def to_core(params, state, dt):
    return {
        "lif_board": lif_board_core(params, state, dt),
        "exp_cond_board": exp_cond_board_core(params, state, dt),
        "static_threshold": ({"v_thresh": params["v_thresh"]}, {}),
    }


IF_COND_EXP = ModelSpec(
    name="IF_cond_exp",
    binary="neuron_lif_exp_conductance",
    host_parameters={
        "cm": (1.0, "nF"), "tau_m": (20.0, "ms"), "tau_refrac": (0.1, "ms"),
        "tau_syn_E": (5.0, "ms"), "tau_syn_I": (5.0, "ms"), "e_rev_E": (0.0, "mV"),
        "e_rev_I": (-70.0, "mV"), "v_rest": (-65.0, "mV"), "v_reset": (-65.0, "mV"),
        "v_thresh": (-50.0, "mV"), "i_offset": (0.0, "nA"),
    },
    host_state={"v": (-65.0, "mV"), "gsyn_exc": (0.0, "uS"), "gsyn_inh": (0.0, "uS")},
    components=(LIF_BOARD, EXP_COND_BOARD, STATIC_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif_board", "v"),
        Recordable("gsyn_exc", "uS", "exp_cond_board", "gsyn_exc", scale=1.0 / WEIGHT_SCALE,
                   shift=WEIGHT_BITS),
        Recordable("gsyn_inh", "uS", "exp_cond_board", "gsyn_inh", scale=1.0 / WEIGHT_SCALE,
                   shift=WEIGHT_BITS),
    ),
    conductance_based=True,
    to_core=to_core,
)

"""LIF neurons with a stochastic threshold (sPyNNaker 7.4.1's ``IFCondExpStoc`` and
``IFCurrDeltaFixedProb``).

The membranes and synapses are those of IF_cond_exp and IF_curr_delta; only the threshold
differs (c_models/threshold/): it fires with a probability drawn from the neuron's own
counter-based random stream -- keyed by the population's seed (the cell type's or the
Population's ``seed``, else the label's CRC-32) and the neuron's population index, indexed
by the tick -- so spikes are the same for any partitioning, thread count or split of the
run, and a reset replays them.

* IFCondExpStoc (Habenschuss, Jonke and Maass 2013): in each tick
  ``p = 0.8 (1 - exp(-dt exp((v - v_thresh)/du_th) / tau_th))``, and 0.8 once
  ``(v - v_thresh)/du_th >= 5``.  (7.4.1's C multiplies the hazard by +dt/10 where the
  model and its field name say -dt, which leaves its probability at 0 below the cut-off:
  docs/compatibility.md.)
* IFCurrDeltaFixedProb: in a tick with ``v >= v_thresh`` it fires with probability
  ``p_thresh``.
"""
import numpy as np

from .components import DELTA_CURRENT, EXP_CONDUCTANCE, LIF
from .if_cond_exp import NS_PER_US, exp_conductance_core
from .if_curr_exp import lif_core
from .spec import Component, Field, ModelSpec, Recordable

_STREAM = (
    Field("stream_lo", "uint32", "1", "low word of the neuron's random stream key (host: "
          "from the population's seed and the neuron's index)"),
    Field("stream_hi", "uint32", "1", "high word of the stream key"),
)

FIXED_PROB_THRESHOLD = Component(
    "fixed_prob_threshold", "threshold",
    params=(Field("v_thresh", "s1615", "mV", "threshold"),
            Field("p_thresh", "uint32", "2^-32", "firing probability per tick at or above "
                  "the threshold (0xFFFFFFFF: 1)"),) + _STREAM,
)

MAASS_THRESHOLD = Component(
    "maass_threshold", "threshold",
    params=(
        Field("v_thresh", "s1615", "mV", "soft threshold"),
        Field("log2e_per_du_th", "s823", "1/mV", "log2(e) / du_th"),
        Field("log2_dt_per_tau", "s1615", "1", "log2(dt / tau_th)"),
        Field("saturation_mv", "s1615", "mV", "5 du_th: above v_thresh + 5 du_th the "
              "probability is the cap 0.8"),
    ) + _STREAM,
)

#: Fields the host fills with the neurons' random stream keys (mapping/dataspec/neuron.py).
STREAM_FIELDS = ("stream_lo", "stream_hi")


def _zeros(params):
    return np.zeros_like(next(iter(params.values())))


def _probability_bits(p):
    p = np.asarray(p, dtype=np.float64)
    return np.where(p >= 1.0, 2.0 ** 32 - 1, np.floor(p * 2.0 ** 32))


def cond_stoc_core(params, state, dt):
    du = params["du_th"]
    zero = _zeros(params)
    return {
        "lif": lif_core(params, state, dt),
        "exp_conductance": exp_conductance_core(params, state, dt),
        "maass_threshold": ({"v_thresh": params["v_thresh"],
                             "log2e_per_du_th": np.log2(np.e) / du,
                             "log2_dt_per_tau": np.log2(dt / params["tau_th"]),
                             "saturation_mv": 5.0 * du,
                             "stream_lo": zero, "stream_hi": zero}, {}),
    }


def delta_fixed_prob_core(params, state, dt):
    zero = _zeros(params)
    return {
        "lif": lif_core(params, state, dt),
        "delta_current": ({}, {}),
        "fixed_prob_threshold": ({"v_thresh": params["v_thresh"],
                                  "p_thresh": _probability_bits(params["p_thresh"]),
                                  "stream_lo": zero, "stream_hi": zero}, {}),
    }


IF_COND_EXP_STOC = ModelSpec(
    name="IFCondExpStoc",
    binary="neuron_lif_exp_conductance_maass",
    host_parameters={
        "tau_m": (20.0, "ms"), "cm": (1.0, "nF"), "v_rest": (-65.0, "mV"),
        "v_reset": (-65.0, "mV"), "v_thresh": (-50.0, "mV"), "tau_syn_E": (5.0, "ms"),
        "tau_syn_I": (5.0, "ms"), "tau_refrac": (0.1, "ms"), "i_offset": (0.0, "nA"),
        "e_rev_E": (0.0, "mV"), "e_rev_I": (-70.0, "mV"), "du_th": (0.5, "mV"),
        "tau_th": (20.0, "ms"),
    },
    host_state={"v": (-65.0, "mV"), "gsyn_exc": (0.0, "uS"), "gsyn_inh": (0.0, "uS")},
    components=(LIF, EXP_CONDUCTANCE, MAASS_THRESHOLD),
    recordables=(
        Recordable("v", "mV", "lif", "v"),
        Recordable("gsyn_exc", "uS", "exp_conductance", "gsyn_exc", scale=1.0 / NS_PER_US),
        Recordable("gsyn_inh", "uS", "exp_conductance", "gsyn_inh", scale=1.0 / NS_PER_US),
    ),
    conductance_based=True,
    to_core=cond_stoc_core,
)

IF_CURR_DELTA_FIXED_PROB = ModelSpec(
    name="IFCurrDeltaFixedProb",
    binary="neuron_lif_delta_current_fixed_prob",
    host_parameters={
        "tau_m": (0.0001, "ms"), "cm": (0.0001, "nF"), "v_rest": (0.0, "mV"),
        "v_reset": (0.0, "mV"), "v_thresh": (1.0, "mV"), "p_thresh": (1.0, ""),
        "tau_refrac": (0.0, "ms"), "i_offset": (0.0, "nA"),
    },
    host_state={"v": (0.0, "mV")},
    components=(LIF, DELTA_CURRENT, FIXED_PROB_THRESHOLD),
    recordables=(Recordable("v", "mV", "lif", "v"),),
    to_core=delta_fixed_prob_core,
)

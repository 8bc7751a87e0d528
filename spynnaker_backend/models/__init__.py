"""Model specifications (single source of truth for host packing and C layouts)."""
from .spec import (Component, Field, ModelSpec, Recordable, FIELD_TYPES, from_fixed,
                   struct_dtype, to_fixed)
from .if_curr_exp import IF_CURR_EXP
from .spike_source_array import SPIKE_SOURCE_ARRAY
from .if_curr_alpha import IF_CURR_ALPHA
from .if_curr_delta import IF_CURR_DELTA
from .if_cond_exp import IF_COND_EXP
from .izhikevich import IZHIKEVICH
from .if_cond_alpha import IF_COND_ALPHA
from .eif_cond_isfa_ista import EIF_COND_ALPHA_ISFA_ISTA, EIF_COND_EXP_ISFA_ISTA
from .spike_source_poisson import (SPIKE_SOURCE_GAMMA, SPIKE_SOURCE_POISSON,
                                   SPIKE_SOURCE_POISSON_REFRACTORY, SPIKE_SOURCE_INH_GAMMA,
                                   SPIKE_SOURCE_POISSON_VARIABLE)
from .spike_injector import LIVE_PACKET_GATHER, SPIKE_INJECTOR
from .if_trunc_delta import IF_TRUNC_DELTA
from .stochastic_lif import IF_COND_EXP_STOC, IF_CURR_DELTA_FIXED_PROB
from .stochastic_neurons import STOC_EXP, STOC_EXP_STABLE, STOC_SIGMA
from .hh_cond_exp import HH_COND_EXP
from .ca2_adaptive import IF_CURR_DELTA_CA2_ADAPTIVE, IF_CURR_EXP_CA2_ADAPTIVE
from .izhikevich_cond import IZHIKEVICH_COND, IZHIKEVICH_COND_DUAL
from .receptors import COMPOSED_BINARIES, IF_CURR_DUAL_EXP, composed_spec
from .if_curr_exp_semd import IF_CURR_EXP_SEMD
from .if_cond_exp_gsfa_grr import IF_COND_EXP_GSFA_GRR
from .gif_cond_exp import GIF_COND_EXP
from .external_device_lif_control import EXTERNAL_DEVICE_LIF_CONTROL

#: Every model the backend can run, by name.
REGISTRY = {spec.name: spec for spec in (IF_CURR_EXP, SPIKE_SOURCE_ARRAY, IF_CURR_ALPHA,
                                         IF_CURR_DELTA, IF_COND_EXP, IZHIKEVICH,
                                         SPIKE_SOURCE_POISSON, IF_COND_ALPHA,
                                         EIF_COND_EXP_ISFA_ISTA, EIF_COND_ALPHA_ISFA_ISTA,
                                         SPIKE_INJECTOR, SPIKE_SOURCE_GAMMA,
                                         SPIKE_SOURCE_POISSON_REFRACTORY,
                                         IF_TRUNC_DELTA, IF_COND_EXP_STOC,
                                         IF_CURR_DELTA_FIXED_PROB, STOC_EXP,
                                         STOC_EXP_STABLE, STOC_SIGMA,
                                         SPIKE_SOURCE_POISSON_VARIABLE, HH_COND_EXP,
                                         IF_CURR_EXP_CA2_ADAPTIVE, IF_CURR_DELTA_CA2_ADAPTIVE,
                                         IZHIKEVICH_COND, IZHIKEVICH_COND_DUAL,
                                         IF_CURR_DUAL_EXP, IF_CURR_EXP_SEMD,
                                         IF_COND_EXP_GSFA_GRR, EXTERNAL_DEVICE_LIF_CONTROL,
                                         GIF_COND_EXP, SPIKE_SOURCE_INH_GAMMA)}


__all__ = ["Component", "Field", "ModelSpec", "Recordable", "FIELD_TYPES", "from_fixed",
           "struct_dtype", "to_fixed", "REGISTRY", "IF_CURR_EXP", "SPIKE_SOURCE_ARRAY",
           "IF_CURR_ALPHA", "IF_CURR_DELTA", "IF_COND_EXP", "IZHIKEVICH", "SPIKE_SOURCE_POISSON",
           "IF_COND_ALPHA", "EIF_COND_EXP_ISFA_ISTA", "EIF_COND_ALPHA_ISFA_ISTA",
           "SPIKE_INJECTOR", "LIVE_PACKET_GATHER", "SPIKE_SOURCE_GAMMA",
           "SPIKE_SOURCE_POISSON_REFRACTORY", "IF_TRUNC_DELTA", "IF_COND_EXP_STOC",
           "IF_CURR_DELTA_FIXED_PROB", "STOC_EXP", "STOC_EXP_STABLE", "STOC_SIGMA",
           "SPIKE_SOURCE_POISSON_VARIABLE", "HH_COND_EXP",
           "IF_CURR_EXP_CA2_ADAPTIVE", "IF_CURR_DELTA_CA2_ADAPTIVE", "IZHIKEVICH_COND",
           "IZHIKEVICH_COND_DUAL", "COMPOSED_BINARIES", "IF_CURR_DUAL_EXP", "composed_spec",
           "IF_CURR_EXP_SEMD", "IF_COND_EXP_GSFA_GRR", "EXTERNAL_DEVICE_LIF_CONTROL",
           "GIF_COND_EXP", "SPIKE_SOURCE_INH_GAMMA"]

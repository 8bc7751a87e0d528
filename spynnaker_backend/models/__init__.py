"""Model specifications (single source of truth for host packing and C layouts)."""
from .spec import (Component, Field, ModelSpec, Recordable, FIELD_TYPES, from_fixed,
                   struct_dtype, to_fixed)
from .if_curr_exp import IF_CURR_EXP
from .spike_source_array import SPIKE_SOURCE_ARRAY

#: Every model the backend can run, by name.
REGISTRY = {spec.name: spec for spec in (IF_CURR_EXP, SPIKE_SOURCE_ARRAY)}

__all__ = ["Component", "Field", "ModelSpec", "Recordable", "FIELD_TYPES", "from_fixed",
           "struct_dtype", "to_fixed", "REGISTRY", "IF_CURR_EXP", "SPIKE_SOURCE_ARRAY"]

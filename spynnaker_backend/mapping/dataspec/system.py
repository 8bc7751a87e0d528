"""The system region every core has."""
import numpy as np

from .regions import MAGIC, header_dtype


def system_region(n_atoms: int, key_mask, dt_ms: float, enabled: bool,
                  clear_count: int = 0, sends: bool = True) -> bytes:
    """System header: magic, timestep, atoms, key (if the core sends), enabled flag, and
    the population's clear() generation.  ``sends=False`` keeps the key (a spike injector
    checks live keys against it) but tells the core to send nothing (no targets)."""
    h = np.zeros(1, header_dtype("system_header"))
    h["magic"] = MAGIC
    h["timestep_us"] = int(round(dt_ms * 1000))
    h["n_atoms"] = n_atoms
    h["has_key"] = key_mask is not None and sends
    h["key"] = key_mask.key if key_mask is not None else 0
    h["enabled"] = bool(enabled)
    h["clear_count"] = clear_count
    return h.tobytes()

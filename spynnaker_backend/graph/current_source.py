"""A current source as the mapping sees it (PyNN's DC/step/AC/noisy sources)."""
from dataclasses import dataclass, field
from typing import Dict

#: kinds in the core's numbering (current_source.h)
KINDS = {"dc": 0, "step": 1, "ac": 2, "noisy": 3}


@dataclass(eq=False)
class CurrentSource:
    """Kind and parameters (PyNN names and units: nA, ms, Hz, degrees).

    dc: amplitude, start, stop; step: times, amplitudes (arrays); ac: amplitude, offset,
    frequency, phase, start, stop; noisy: mean, stdev, dt, start, stop.  ``seed`` keys the
    noise of a noisy source.  Vertices list the sources injecting into them with the
    population indices they inject into (``ApplicationVertex.current_sources``).
    """
    kind: str
    parameters: Dict[str, object] = field(default_factory=dict)
    seed: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown current source kind {self.kind!r}")

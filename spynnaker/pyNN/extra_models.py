"""Models beyond PyNN's standard set (sPyNNaker's ``extra_models``), one per model spec
that has no PyNN standard class (e.g. IF_curr_delta once its spec is registered)."""
from spynnaker_backend.pynn.cells import EXTRA_CELL_TYPES
from spynnaker_backend.pynn.plasticity import SpikeNearestPairRule

globals().update(EXTRA_CELL_TYPES)
__all__ = sorted(EXTRA_CELL_TYPES) + ["SpikeNearestPairRule"]

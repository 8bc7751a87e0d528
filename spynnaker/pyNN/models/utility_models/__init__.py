"""sPyNNaker's ``spynnaker.pyNN.models.utility_models`` (the spike injector)."""
from .spike_injector import SpikeInjector

__all__ = ["SpikeInjector"]

"""``spynnaker.pyNN.models.utility_models.spike_injector.SpikeInjector``: the spike
injector's cell type class, as sPyNNaker 7.4.1 defines it there (what
``set_number_of_neurons_per_core`` takes; ``external_devices.SpikeInjector(...)`` makes one
and registers the database listener)."""
from spynnaker_backend.pynn.cells import DEVICE_CELL_TYPES

SpikeInjector = DEVICE_CELL_TYPES["SpikeInjector"]

__all__ = ["SpikeInjector"]

"""SpikeSourceArray: each neuron emits the spikes at the times it is given."""
from .spec import ModelSpec

SPIKE_SOURCE_ARRAY = ModelSpec(
    name="SpikeSourceArray",
    binary="spike_source_array",
    host_parameters={"spike_times": ([], "ms")},
    synapse_types=(),
    is_source=True,
    default_max_atoms_per_core=256,
)

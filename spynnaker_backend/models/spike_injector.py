"""SpikeInjector (sPyNNaker's external_devices): atoms spike when live EIEIO packets say so."""
from .spec import ModelSpec

SPIKE_INJECTOR = ModelSpec(
    name="SpikeInjector",
    binary="spike_injector",
    host_parameters={},
    synapse_types=(),
    is_source=True,
    # one core, as the live connections send every event to the vertex's first core;
    # 16-bit atom ids address at most 65536 atoms
    default_max_atoms_per_core=65536,
    device=True,
    keyed_always=True,
)

#: The live packet gatherer (activate_live_output_for): not a cell type, never in REGISTRY.
LIVE_PACKET_GATHER = ModelSpec(
    name="LivePacketGather",
    binary="live_packet_gather",
    host_parameters={},
    synapse_types=(),
    is_source=True,
    default_max_atoms_per_core=1,
    device=True,
)

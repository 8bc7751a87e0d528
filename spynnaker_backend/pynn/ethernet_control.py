"""sPyNNaker 7.4.1's ExternalDeviceLifControl and EthernetControlPopulation: a LIF population
whose neurons drive devices through a translator on the host.

Neuron i stands for device i: every ``device_control_timesteps_between_sending`` ticks its
core sends a multicast packet with the device's key and, as payload, the neuron's membrane
potential (clipped to the device's range, scaled, in its SendType) -- see
spynnaker_backend/models/external_device_lif_control.py.  The packets reach a live packet
gatherer through the routing tables, leave as EIEIO key + payload packets, and an
EthernetControlConnection hands each to the translator's ``translate_control_packet``.
"""
import math

import numpy as np

from ..errors import ConfigurationError
from ..live.eieio import EIEIOType
from ..live.ethernet_control import ETHERNET_CONTROL_RECEIVER, EthernetControlConnection
from ..live.params import LiveOutputParams
from . import simulator
from .cells import DEVICE_CELL_TYPES
from .live import add_database_socket_address, gatherer_for, session

_Base = DEVICE_CELL_TYPES["ExternalDeviceLifControl"]
#: SendType values (abstract_multicast_controllable_device.SendType)
_SEND_TYPES = range(6)


def _device_values(devices):
    """Per-neuron parameter lists from the devices' properties, checked."""
    values = {"key": [], "scale": [], "min": [], "max": [], "ts_inter_send": [],
              "type": [], "ts_next_send": []}
    for i, d in enumerate(devices):
        def get(name, default=None):
            try:
                return getattr(d, name)
            except AttributeError:
                if default is not None:
                    return default
                raise ConfigurationError(
                    f"ExternalDeviceLifControl: device {i} ({type(d).__name__}) has no "
                    f"{name}; devices implement AbstractMulticastControllableDevice") from None
        key, scale = get("device_control_key"), get("device_control_scaling_factor")
        send_type = get("device_control_send_type")
        send_type = getattr(send_type, "value", send_type)
        between = get("device_control_timesteps_between_sending")
        first = get("device_control_first_send_timestep", 0)
        checks = (
            ("device_control_key", key, isinstance(key, (int, np.integer)) and
             0 <= key < 1 << 32, "a 32-bit multicast key"),
            ("device_control_scaling_factor", scale, np.isfinite(scale) and scale >= 0,
             "a number >= 0 (the board keeps its whole part; 0 sends the key alone)"),
            ("device_control_send_type", send_type, send_type in _SEND_TYPES,
             "a SendType"),
            ("device_control_timesteps_between_sending", between,
             float(between).is_integer() and 0 <= between < 1 << 32, "a whole number >= 0"),
            ("device_control_first_send_timestep", first,
             float(first).is_integer() and 0 <= first < 1 << 32, "a whole number >= 0"),
        )
        for name, value, ok, want in checks:
            if not ok:
                raise ConfigurationError(f"ExternalDeviceLifControl: device {i} "
                                         f"({type(d).__name__}): {name} = {value!r} must be "
                                         f"{want}")
        lo, hi = float(get("device_control_min_value")), float(get("device_control_max_value"))
        for name, value in (("device_control_min_value", lo), ("device_control_max_value", hi)):
            if not -65536.0 <= value < 65536.0:
                raise ConfigurationError(
                    f"ExternalDeviceLifControl: device {i}: {name} = {value} is outside "
                    f"the s16.15 range [-65536, 65536) the core compares in")
        for name, value in zip(values, (key, math.trunc(scale), lo, hi, between, send_type,
                                        first)):
            values[name].append(float(value))
    return values


class ExternalDeviceLifControl(_Base):
    """ExternalDeviceLifControl(devices, create_edges, translator=None, tau_m=20.0, cm=1.0,
    v_rest=0.0, v_reset=0.0, tau_syn_E=5.0, tau_syn_I=5.0, tau_refrac=0.1, i_offset=0.0,
    v=0.0, isyn_exc=0.0, isyn_inh=0.0): LIF neurons without spikes, neuron i sending its
    membrane potential to ``devices[i]`` (an AbstractMulticastControllableDevice).  Use it
    in an EthernetControlPopulation with a ``translator`` (an AbstractEthernetTranslator);
    ``create_edges`` (edges to devices on the board's links) changes nothing here: such
    devices need a board."""

    def __init__(self, devices, create_edges, translator=None, tau_m=20.0, cm=1.0,
                 v_rest=0.0, v_reset=0.0, tau_syn_E=5.0, tau_syn_I=5.0, tau_refrac=0.1,
                 i_offset=0.0, v=0.0, isyn_exc=0.0, isyn_inh=0.0):
        devices = list(devices or [])
        if not devices:
            raise ConfigurationError("ExternalDeviceLifControl: no devices specified")
        per_device = _device_values(devices)
        super().__init__(tau_m=tau_m, cm=cm, v_rest=v_rest, v_reset=v_reset,
                         tau_syn_E=tau_syn_E, tau_syn_I=tau_syn_I, tau_refrac=tau_refrac,
                         i_offset=i_offset, v=v, isyn_exc=isyn_exc, isyn_inh=isyn_inh,
                         **per_device)
        self.devices = devices
        self.create_edges = bool(create_edges)
        self.translator = translator

    def get_message_translator(self):
        """The translator (7.4.1's AbstractEthernetController method)."""
        if self.translator is None:
            raise ConfigurationError(
                "This population was not given a translator, and so cannot be used for "
                "Ethernet communication. Please provide a translator for the population.")
        return self.translator

    def get_external_devices(self):
        return list(self.devices)

    def get_outgoing_partition_ids(self):
        return [d.device_control_partition_id for d in self.devices]


def EthernetControlPopulation(n_neurons, model, label=None, local_host=None, local_port=None,
                              database_notify_port_num=None, database_ack_port_num=None):
    """A population of ``model`` (an ExternalDeviceLifControl with a translator) whose
    devices' packets reach the translator on the host while the simulation runs (live I/O:
    the run is paced to the wall clock).  ``local_host``/``local_port``: where the
    connection listens (default: any port of this host); ``database_ack_port_num``: the
    port it answers the database notification from (``database_notify_port_num`` is for
    devices that need commands sent, which need a board: unused)."""
    if not isinstance(model, ExternalDeviceLifControl):
        raise TypeError("EthernetControlPopulation: the model must be an "
                        "ExternalDeviceLifControl (an AbstractEthernetController), not "
                        f"{type(model).__name__}")
    if n_neurons != len(model.devices):
        raise ConfigurationError(f"Number of neurons does not match number of devices in "
                                 f"{label}: {n_neurons} neurons, {len(model.devices)} devices")
    from .population import Population
    population = Population(n_neurons, model, label=label)
    translator = model.get_message_translator()
    live = session()
    connection = getattr(live, "ethernet_control", None)
    if connection is None:
        connection = EthernetControlConnection(translator, population.label,
                                               ETHERNET_CONTROL_RECEIVER, local_host,
                                               local_port)
        live.ethernet_control = connection
        add_database_socket_address(connection.local_ip_address, connection.local_port,
                                    database_ack_port_num)
    else:
        connection.add_translator(population.label, translator)
    params = LiveOutputParams(
        port=connection.local_port, hostname=connection.local_ip_address,
        message_type=EIEIOType.KEY_PAYLOAD_32_BIT, payload_as_time_stamps=False,
        use_payload_prefix=False, label=ETHERNET_CONTROL_RECEIVER)
    gatherer = gatherer_for(params, "EthernetControlPopulation")
    simulator.state.graph.add_device_output(population._vertex_, gatherer)
    return population

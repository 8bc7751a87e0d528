"""sPyNNaker 7.4.1's ``external_devices``: live I/O over UDP (what works on the virtual
machine, see docs/live_io.md) and the robot / SpiNNaker-link devices, which need a board."""
from spynnaker_backend.live.eieio import EIEIOPrefix, EIEIOType                # noqa: F401
from spynnaker_backend.live.connection import (                               # noqa: F401
    SpynnakerLiveSpikesConnection, SpynnakerPoissonControlConnection)
from spynnaker_backend.pynn.live import (                                     # noqa: F401
    SpikeInjector, activate_live_output_for, add_database_socket_address,
    add_poisson_live_rate_control, register_database_notification_request, request_stop,
    run_forever)
from spynnaker_backend.pynn.board_devices import (                            # noqa: F401
    DEVICE_CLASSES, PushBotLaser, PushBotLED, PushBotMotor, PushBotRetinaResolution,
    PushBotSpeaker, activate_live_output_to, continue_simulation, EthernetSensorPopulation,
    run_sync)
from spynnaker_backend.pynn.ethernet_control import (                         # noqa: F401
    EthernetControlPopulation, ExternalDeviceLifControl)

globals().update(DEVICE_CLASSES)
#: device names 7.4.1 does not export from external_devices (they are base or
#: external_devices_models classes)
_NOT_EXPORTED = {"SpiNNakerLinkDevice", "MachineMunichMotorDevice",
                 "ThresholdTypeMulticastDeviceControl"}
from spynnaker_backend.pynn import board_devices as protocols                 # noqa: E402,F401

__all__ = sorted(["EIEIOType", "SpynnakerLiveSpikesConnection",
                  "SpynnakerPoissonControlConnection", "activate_live_output_for",
                  "activate_live_output_to", "SpikeInjector",
                  "register_database_notification_request", "run_forever",
                  "add_poisson_live_rate_control", "protocols", "PushBotLaser", "PushBotLED",
                  "PushBotMotor", "PushBotSpeaker", "PushBotRetinaResolution",
                  "ExternalDeviceLifControl"]   # (7.4.1 leaves its *Population functions out)
                 + [n for n in DEVICE_CLASSES if n not in _NOT_EXPORTED])

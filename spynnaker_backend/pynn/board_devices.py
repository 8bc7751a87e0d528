"""sPyNNaker's robot and SpiNNaker-link devices, accepted by name: each needs a physical
board (a device wired to a chip's SpiNNaker link, SPIF, or a PushBot over WiFi), so using one
raises NeedsBoardError at the call, naming the device and what it needs.  Their parameter
enumerations (PushBotLED.LED_FREQUENCY, ...) exist so that a script fails at the device, not
at an argument."""
from enum import Enum

from ..errors import ConfigurationError


class NeedsBoardError(ConfigurationError):
    """The feature needs a physical SpiNNaker board (and the device attached to it)."""


def _needs_board(name, what):
    return NeedsBoardError(
        f"{name} needs a board: {what}. The virtual machine has no SpiNNaker links or "
        f"external hardware; live I/O over UDP works (SpikeInjector, "
        f"activate_live_output_for, SpynnakerLiveSpikesConnection: see docs/live_io.md).")


class BoardDeviceType(type):
    """The type of every board-only device class (using one raises NeedsBoardError)."""

    def __getattr__(cls, attr):
        if attr.startswith("_"):
            raise AttributeError(attr)
        if attr.isupper():
            return f"{cls.__name__}.{attr}"   # a constant, used as an argument

        def method(*args, **kwargs):
            raise _needs_board(f"{cls.__name__}.{attr}", cls._what)
        return method


def _device(name, what):
    def __init__(self, *args, **kwargs):
        raise _needs_board(name, what)
    return BoardDeviceType(name, (), {"__init__": __init__, "_what": what,
                                       "__doc__": f"{name}: needs a board ({what})."})


_SPINNAKER_LINK = "a device on a SpiNNaker link of the board"
_PUSHBOT_ETH = "a PushBot reachable over WiFi, driven through the board's Ethernet"
_SPIF = "a SPIF interface board attached to the SpiNNaker board"
_LIF_CONTROL = ("devices that take its neurons' voltages as multicast payloads on a "
                "SpiNNaker link (ExternalDeviceLifControl in an EthernetControlPopulation "
                "drives them through a translator on the host instead)")

DEVICES = {
    "ExternalFPGARetinaDevice": _SPINNAKER_LINK, "MunichRetinaDevice": _SPINNAKER_LINK,
    "MunichMotorDevice": _SPINNAKER_LINK, "ArbitraryFPGADevice": _SPINNAKER_LINK,
    "SpiNNakerLinkDevice": _SPINNAKER_LINK,
    "PushBotRetinaViewer": _PUSHBOT_ETH, "SPIFRetinaDevice": _SPIF, "ICUBRetinaDevice": _SPIF,
    "SPIFOutputDevice": _SPIF, "SPIFInputDevice": _SPIF, "SPIFLiveSpikesConnection": _SPIF,
    "MunichIoSpiNNakerLinkProtocol": _SPINNAKER_LINK,
    "PushBotLifEthernet": _PUSHBOT_ETH, "PushBotEthernetLaserDevice": _PUSHBOT_ETH,
    "PushBotEthernetLEDDevice": _PUSHBOT_ETH, "PushBotEthernetMotorDevice": _PUSHBOT_ETH,
    "PushBotEthernetSpeakerDevice": _PUSHBOT_ETH, "PushBotEthernetRetinaDevice": _PUSHBOT_ETH,
    "PushBotLifSpinnakerLink": _SPINNAKER_LINK,
    "PushBotSpiNNakerLinkLaserDevice": _SPINNAKER_LINK,
    "PushBotSpiNNakerLinkLEDDevice": _SPINNAKER_LINK,
    "PushBotSpiNNakerLinkMotorDevice": _SPINNAKER_LINK,
    "PushBotSpiNNakerLinkSpeakerDevice": _SPINNAKER_LINK,
    "PushBotSpiNNakerLinkRetinaDevice": _SPINNAKER_LINK,
    # (external_devices_models names, not external_devices ones)
    "MachineMunichMotorDevice": _SPINNAKER_LINK,
    "ThresholdTypeMulticastDeviceControl": _LIF_CONTROL,
}
DEVICE_CLASSES = {name: _device(name, what) for name, what in DEVICES.items()}

# the PushBot parameter enumerations (member names as in sPyNNaker 7.4.1)
PushBotLaser = Enum("PushBotLaser", "LASER_TOTAL_PERIOD LASER_ACTIVE_TIME LASER_FREQUENCY")
PushBotLED = Enum("PushBotLED",
                  "LED_TOTAL_PERIOD LED_FRONT_ACTIVE_TIME LED_BACK_ACTIVE_TIME LED_FREQUENCY")
PushBotMotor = Enum("PushBotMotor",
                    "MOTOR_0_PERMANENT MOTOR_0_LEAKY MOTOR_1_PERMANENT MOTOR_1_LEAKY")
PushBotSpeaker = Enum("PushBotSpeaker",
                      "SPEAKER_TOTAL_PERIOD SPEAKER_ACTIVE_TIME SPEAKER_TONE SPEAKER_MELODY")


class RetinaKey(Enum):
    """A retina's resolutions (sPyNNaker's protocol values: id, pixels per side, bits per
    coordinate), so that scripts that size populations from them reach the device."""
    FIXED_KEY = (0, 128, 7)
    NATIVE_128_X_128 = (1, 128, 7)
    DOWNSAMPLE_64_X_64 = (2, 64, 6)
    DOWNSAMPLE_32_X_32 = (3, 32, 5)
    DOWNSAMPLE_16_X_16 = (4, 16, 4)

    @property
    def pixels(self):
        return self.value[1]

    @property
    def bits_per_coordinate(self):
        return self.value[2]

    @property
    def n_neurons(self):
        return 2 * self.pixels ** 2


PushBotRetinaResolution = Enum("PushBotRetinaResolution", {
    name: RetinaKey[name] for name in ("NATIVE_128_X_128", "DOWNSAMPLE_64_X_64",
                                       "DOWNSAMPLE_32_X_32", "DOWNSAMPLE_16_X_16")})
#: the robot modes of sPyNNaker's Munich protocol (same values)
MUNICH_MODES = Enum("MUNICH_MODES", [("RESET_TO_DEFAULT", 0), ("PUSH_BOT", 1),
                                     ("SPOMNIBOT", 2), ("BALL_BALANCER", 3),
                                     ("MY_ORO_BOTICS", 4), ("FREE", 5)])


def activate_live_output_to(population, device, partition_id="SPIKE"):
    """Spikes of a population to an external device: needs a board."""
    raise _needs_board("activate_live_output_to", "an external device the spikes go to")


def EthernetSensorPopulation(device, local_host=None, database_notify_port_num=None,
                             database_ack_port_num=None):
    raise _needs_board("EthernetSensorPopulation", _PUSHBOT_ETH)


def run_sync(run_time, sync_time):
    raise _needs_board("run_sync", "the board's synchronisation signals between cores")


def continue_simulation():
    raise _needs_board("continue_simulation", "the board's synchronisation signals")
globals().update(DEVICE_CLASSES)

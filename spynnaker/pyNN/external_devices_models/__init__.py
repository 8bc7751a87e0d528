"""sPyNNaker 7.4.1's ``spynnaker.pyNN.external_devices_models``: the interfaces a script
implements to control devices from neurons (AbstractMulticastControllableDevice,
AbstractEthernetTranslator, AbstractEthernetController, AbstractEthernetSensor) and the
device models: ExternalDeviceLifControl (runs: EthernetControlPopulation), the others need
a board (using one raises NeedsBoardError naming what it needs; docs/compatibility.md)."""
from abc import ABC, abstractmethod

from spynnaker_backend.pynn.board_devices import DEVICE_CLASSES
from spynnaker_backend.pynn.ethernet_control import ExternalDeviceLifControl   # noqa: F401
from .abstract_multicast_controllable_device import (
    AbstractMulticastControllableDevice, SendType)


class AbstractEthernetTranslator(ABC):
    """Turns the control packets a population sends to the host into device commands."""
    __slots__ = ()

    @abstractmethod
    def translate_control_packet(self, multicast_packet):
        """Handle one control packet (its ``key`` and ``payload``)."""


class AbstractEthernetController(ABC):
    """A controller of devices over Ethernet (sPyNNaker 7.4.1's interface)."""
    __slots__ = ()

    @abstractmethod
    def get_message_translator(self) -> AbstractEthernetTranslator:
        """The translator of the controller's messages."""

    @abstractmethod
    def get_external_devices(self):
        """The AbstractMulticastControllableDevice instances it controls."""

    @abstractmethod
    def get_outgoing_partition_ids(self):
        """The partitions that go out of the controller."""


class AbstractEthernetSensor(ABC):
    """A sensor whose data reaches the simulation over Ethernet (7.4.1's interface)."""
    __slots__ = ()

    @abstractmethod
    def get_n_neurons(self):
        """Neurons that stand for the sensor."""

    @abstractmethod
    def get_injector_parameters(self):
        """Parameters of the SpikeInjector that stands for the sensor."""

    @abstractmethod
    def get_injector_label(self):
        """The label of that SpikeInjector."""

    @abstractmethod
    def get_translator(self):
        """The translator of the sensor's messages, or None."""

    @abstractmethod
    def get_database_connection(self):
        """The database connection of the sensor, or None."""


#: 7.4.1's device models of this module (board-only here)
_DEVICES = ("ArbitraryFPGADevice", "ExternalFPGARetinaDevice",
            "MunichMotorDevice", "MunichRetinaDevice", "SPIFRetinaDevice", "ICUBRetinaDevice",
            "SPIFOutputDevice", "SPIFInputDevice", "MachineMunichMotorDevice",
            "ThresholdTypeMulticastDeviceControl")
globals().update({name: DEVICE_CLASSES[name] for name in _DEVICES})

__all__ = sorted(["AbstractEthernetController", "AbstractEthernetSensor",
                  "AbstractEthernetTranslator", "AbstractMulticastControllableDevice",
                  "SendType", "ExternalDeviceLifControl", *_DEVICES])

"""sPyNNaker 7.4.1's ``external_devices_models.abstract_multicast_controllable_device``: the
interface of a device that neurons control with multicast packets (ExternalDeviceLifControl),
and the payload types it may ask for."""
from abc import ABC, abstractmethod
from enum import Enum


class SendType(Enum):
    """The type of a control packet's payload (7.4.1's values)."""
    SEND_TYPE_INT = 0      #: signed integer
    SEND_TYPE_UINT = 1     #: unsigned integer
    SEND_TYPE_ACCUM = 2    #: signed accum (s16.15)
    SEND_TYPE_UACCUM = 3   #: unsigned accum (u16.16)
    SEND_TYPE_FRACT = 4    #: signed fract (s0.31)
    SEND_TYPE_UFRACT = 5   #: unsigned fract (u0.32)


class AbstractMulticastControllableDevice(ABC):
    """A device controlled by multicast packets, directly or through an
    AbstractEthernetTranslator on the host (properties as in sPyNNaker 7.4.1)."""
    __slots__ = ()

    @property
    @abstractmethod
    def device_control_partition_id(self) -> str:
        """The partition that sends to the device."""

    @property
    @abstractmethod
    def device_control_key(self) -> int:
        """The key the device listens to."""

    @property
    @abstractmethod
    def device_control_uses_payload(self) -> bool:
        """Whether the packets carry the value (else only the key is sent)."""

    @property
    @abstractmethod
    def device_control_min_value(self) -> float:
        """Values below are sent as this value."""

    @property
    @abstractmethod
    def device_control_max_value(self) -> float:
        """Values above are sent as this value."""

    @property
    @abstractmethod
    def device_control_timesteps_between_sending(self) -> int:
        """Timesteps between two packets."""

    @property
    @abstractmethod
    def device_control_send_type(self) -> SendType:
        """The payload's type."""

    @property
    @abstractmethod
    def device_control_scaling_factor(self) -> float:
        """The value is multiplied by this before it is sent."""

    @property
    def device_control_first_send_timestep(self) -> int:
        """The first timestep a packet is sent in (7.4.1's default 0)."""
        return 0

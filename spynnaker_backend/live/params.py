"""What activate_live_output_for asks of a live packet gatherer, validated as sPyNNaker does."""
from dataclasses import dataclass
from typing import Optional

from ..errors import ConfigurationError
from .eieio import EIEIOPrefix, EIEIOType

#: sPyNNaker's defaults ([Recording] live_spike_port / live_spike_host).
DEFAULT_LIVE_SPIKE_PORT = 17895
DEFAULT_LIVE_SPIKE_HOST = "0.0.0.0"
#: Label of the gatherer activate_live_output_for creates (the live connections' default).
LIVE_SPIKE_RECEIVER = "LiveSpikeReceiver"


@dataclass(frozen=True)
class LiveOutputParams:
    """One live packet gatherer's configuration (LivePacketGatherParameters in sPyNNaker).

    Gatherers with equal parameters are shared: all populations sent to the same host and
    port in the same format go through one gatherer core.
    """
    port: int = DEFAULT_LIVE_SPIKE_PORT
    hostname: str = DEFAULT_LIVE_SPIKE_HOST
    tag: Optional[int] = None
    strip_sdp: bool = True
    use_prefix: bool = False
    key_prefix: Optional[int] = None
    prefix_type: Optional[EIEIOPrefix] = None
    message_type: EIEIOType = EIEIOType.KEY_32_BIT
    right_shift: int = 0
    payload_as_time_stamps: bool = True
    use_payload_prefix: bool = True
    payload_prefix: Optional[int] = None
    payload_right_shift: int = 0
    number_of_packets_sent_per_time_step: int = 0
    label: str = LIVE_SPIKE_RECEIVER

    def __post_init__(self):
        mt = self.message_type
        if not isinstance(mt, EIEIOType):
            try:
                object.__setattr__(self, "message_type", EIEIOType[getattr(mt, "name", mt)])
            except KeyError:
                raise ConfigurationError(
                    f"activate_live_output_for: message_type {mt!r} is not an EIEIOType "
                    f"({[t.name for t in EIEIOType]})") from None
        pt = self.prefix_type
        if pt is not None and not isinstance(pt, EIEIOPrefix):
            try:
                object.__setattr__(self, "prefix_type", EIEIOPrefix[getattr(pt, "name", pt)])
            except KeyError:
                raise ConfigurationError(
                    "activate_live_output_for: prefix_type must be an EIEIOPrefix "
                    "(LOWER_HALF_WORD or UPPER_HALF_WORD)") from None
        has_payload = bool(self.message_type.payload_bytes)
        if has_payload and self.use_payload_prefix and self.payload_as_time_stamps:
            raise ConfigurationError(
                "activate_live_output_for: the timestamp can be the payload prefix or each "
                "key's payload, not both (set use_payload_prefix=False for a payload type)")
        if not has_payload and not self.use_payload_prefix and self.payload_as_time_stamps:
            raise ConfigurationError(
                "activate_live_output_for: payload_as_time_stamps needs use_payload_prefix "
                "with a key-only message_type (or a KEY_PAYLOAD type)")
        if self.use_prefix and self.key_prefix is None:
            raise ConfigurationError("activate_live_output_for: use_prefix=True needs key_prefix")
        if self.tag is not None and not 0 <= int(self.tag) <= 7:
            raise ConfigurationError(f"activate_live_output_for: tag {self.tag} is not 0..7")
        if not 0 < int(self.port) < 65536:
            raise ConfigurationError(f"activate_live_output_for: port {self.port} is not a "
                                     f"UDP port")

    # ------------------------------------------------------------ as the core reads them
    @property
    def eieio_type(self) -> int:
        return self.message_type.value

    @property
    def prefix_upper(self) -> bool:
        return self.prefix_type == EIEIOPrefix.UPPER_HALF_WORD

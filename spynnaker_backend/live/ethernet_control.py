"""Device control over Ethernet, tool side (sPyNNaker 7.4.1's EthernetControlConnection).

An EthernetControlPopulation's neurons send their devices' values as multicast packets with
payload; a live packet gatherer forwards them to the host as EIEIO 32-bit key + payload
packets (no timestamps), and this connection hands each to the population's translator as a
MultiCastCommand(key, payload).  It is a LiveEventConnection receiving the population's
label through the gatherer labelled "EthernetControlReceiver": the database maps each device
key to its neuron, and the IP tag is pointed at the connection as for live spikes.
"""
import logging
from dataclasses import dataclass
from typing import Dict, Optional

from .connection import LiveEventConnection

logger = logging.getLogger(__name__)

#: The gatherer of every EthernetControlPopulation (sPyNNaker's label).
ETHERNET_CONTROL_RECEIVER = "EthernetControlReceiver"


@dataclass
class MultiCastCommand:
    """A multicast packet for a device (SpiNNFrontEndCommon's MultiCastCommand): ``key``,
    ``payload`` (None: the key alone), and the repeat fields of a command sent by a
    toolchain (unused on the receiving side)."""
    key: int
    payload: Optional[int] = None
    repeat: int = 0
    delay_between_repeats: int = 0
    time: Optional[int] = None

    @property
    def is_payload(self) -> bool:
        return self.payload is not None


class EthernetControlConnection(LiveEventConnection):
    """Receives the control packets of EthernetControlPopulations and translates them."""

    def __init__(self, translator, label: str, live_packet_gather_label: str,
                 local_host: Optional[str] = None, local_port: Optional[int] = None):
        super().__init__(live_packet_gather_label, receive_labels=[label],
                         local_host=local_host, local_port=local_port)
        self._translators: Dict[str, object] = {label: translator}
        #: packets handed to a translator, and those whose translator raised
        self.translated = 0
        self.failed = 0
        self.add_receive_no_time_callback(label, self._translate, translate_key=False)

    def add_translator(self, label: str, translator) -> None:
        """Another population (``label``) whose packets ``translator`` handles."""
        self.add_receive_label(label)
        self._translators[label] = translator
        self.add_receive_no_time_callback(label, self._translate, translate_key=False)

    def _translate(self, label: str, key: int, payload: Optional[int] = None) -> None:
        try:
            self._translators[label].translate_control_packet(MultiCastCommand(key, payload))
            self.translated += 1
        except Exception:   # the user's translator failed: say so, keep receiving
            self.failed += 1
            logger.exception("translator of %r failed on key 0x%x", label, key)

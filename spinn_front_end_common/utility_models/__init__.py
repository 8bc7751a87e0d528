"""SpiNNFrontEndCommon 7.4.1's ``utility_models``: MultiCastCommand only, the packet an
AbstractEthernetTranslator's ``translate_control_packet`` receives."""
from spynnaker_backend.live.ethernet_control import MultiCastCommand

__all__ = ("MultiCastCommand",)

"""EIEIO packets: SpiNNaker's event format for live spikes, and its command form.

Data packet: byte 0 = number of events; byte 1 = P (bit 7: a 16-bit key prefix follows),
F (bit 6: the prefix is the upper half-word), D (bit 5: a payload prefix follows), T (bit 4:
payloads are timestamps), type (bits 3-2), tag (bits 1-0); then the key prefix (16 bits),
the payload prefix (as wide as a key), and the events (key, or key and payload).  A command
packet is one little-endian 16-bit word with bits 15-14 = 01 and the command id in bits
13-0, optionally followed by data.  All little-endian.
"""
import struct
from dataclasses import dataclass
from enum import Enum
from typing import List, Optional, Tuple


class EIEIOType(Enum):
    """Event formats: value = type code; key and payload widths in bytes."""
    KEY_16_BIT = 0
    KEY_PAYLOAD_16_BIT = 1
    KEY_32_BIT = 2
    KEY_PAYLOAD_32_BIT = 3

    @property
    def key_bytes(self) -> int:
        return 4 if self.value & 2 else 2

    @property
    def payload_bytes(self) -> int:
        return self.key_bytes if self.value & 1 else 0

    @property
    def encoded_value(self) -> int:
        return self.value

    @property
    def max_value(self) -> int:
        return (1 << (8 * self.key_bytes)) - 1


class EIEIOPrefix(Enum):
    """Where a key prefix goes: the lower or the upper half-word of each key."""
    LOWER_HALF_WORD = 0
    UPPER_HALF_WORD = 1


class Command(Enum):
    """EIEIO command ids used by the notification protocol."""
    DATABASE = 1
    STOP_PAUSE_NOTIFICATION = 10
    START_RESUME_NOTIFICATION = 11


#: Events one packet holds (256 bytes at most, and the count is one byte).
MAX_BYTES = 256
MAX_EVENTS = 255


@dataclass(frozen=True)
class DataPacket:
    """A decoded EIEIO data packet.

    Attributes
    ----------
    eieio_type : EIEIOType
    keys : list of int
        Keys with the prefix applied.
    payloads : list of int or None
        One per key (the payload prefix or'ed in), or None when the packet has no payloads.
    is_time : bool
        Payloads are timestamps (ticks).
    """
    eieio_type: EIEIOType
    keys: List[int]
    payloads: Optional[List[int]]
    is_time: bool = False
    tag: int = 0


def is_command(data: bytes) -> bool:
    return len(data) >= 2 and (data[1] & 0xC0) == 0x40


def command_bytes(command: Command, data: bytes = b"") -> bytes:
    return struct.pack("<H", (1 << 14) | command.value) + data


def read_command(data: bytes) -> Tuple[int, bytes]:
    """(command id, the data after it) of a command packet; ValueError if not one."""
    if not is_command(data):
        raise ValueError("not an EIEIO command packet")
    return struct.unpack_from("<H", data)[0] & 0x3FFF, bytes(data[2:])


def encode(eieio_type: EIEIOType, keys, payloads=None, *, prefix: Optional[int] = None,
           prefix_type: EIEIOPrefix = EIEIOPrefix.LOWER_HALF_WORD,
           payload_base: Optional[int] = None, is_time: bool = False, tag: int = 0) -> bytes:
    """One data packet holding ``keys`` (and ``payloads`` for a payload type)."""
    keys = [int(k) for k in keys]
    if len(keys) > MAX_EVENTS:
        raise ValueError(f"an EIEIO packet holds at most {MAX_EVENTS} events, not {len(keys)}")
    if (payloads is not None) != bool(eieio_type.payload_bytes):
        raise ValueError(f"{eieio_type.name}: payloads must be given exactly for payload types")
    flags = ((prefix is not None) << 7) | ((prefix is not None and prefix_type.value) << 6) \
        | ((payload_base is not None) << 5) | (bool(is_time) << 4) \
        | (eieio_type.value << 2) | (tag & 3)
    out = bytearray(struct.pack("<BB", len(keys), flags))
    width = "<H" if eieio_type.key_bytes == 2 else "<I"
    if prefix is not None:
        out += struct.pack("<H", prefix)
    if payload_base is not None:
        out += struct.pack(width, payload_base)
    limit = eieio_type.max_value
    for i, key in enumerate(keys):
        if not 0 <= key <= limit:
            raise ValueError(f"key {key} does not fit {eieio_type.name}")
        out += struct.pack(width, key)
        if payloads is not None:
            out += struct.pack(width, int(payloads[i]) & limit)
    if len(out) > MAX_BYTES:
        raise ValueError(f"EIEIO packet of {len(out)} bytes; at most {MAX_BYTES}")
    return bytes(out)


def max_events(eieio_type: EIEIOType, prefix: bool = False, payload_base: bool = False) -> int:
    """Events that fit one packet of this format."""
    header = 2 + 2 * prefix + eieio_type.key_bytes * payload_base
    per_event = eieio_type.key_bytes + eieio_type.payload_bytes
    return min(MAX_EVENTS, (MAX_BYTES - header) // per_event)


def decode(data: bytes) -> DataPacket:
    """Decode a data packet; ValueError if it is a command or malformed."""
    if len(data) < 2 or is_command(data):
        raise ValueError("not an EIEIO data packet")
    count, flags = data[0], data[1]
    eieio_type = EIEIOType((flags >> 2) & 3)
    width = "<H" if eieio_type.key_bytes == 2 else "<I"
    at = 2
    prefix = payload_base = None
    try:
        if flags & 0x80:
            prefix = struct.unpack_from("<H", data, at)[0]
            at += 2
        if flags & 0x20:
            payload_base = struct.unpack_from(width, data, at)[0]
            at += eieio_type.key_bytes
        keys, payloads = [], []
        for _ in range(count):
            key = struct.unpack_from(width, data, at)[0]
            at += eieio_type.key_bytes
            payload = None
            if eieio_type.payload_bytes:
                payload = struct.unpack_from(width, data, at)[0]
                at += eieio_type.key_bytes
            if prefix is not None:
                key |= (prefix << 16) if flags & 0x40 else prefix
            if payload_base is not None:
                payload = payload_base if payload is None else payload | payload_base
            keys.append(key)
            payloads.append(payload)
    except struct.error:
        raise ValueError(f"EIEIO packet shorter than its {count} events") from None
    has_payload = eieio_type.payload_bytes or payload_base is not None
    return DataPacket(eieio_type, keys, payloads if has_payload else None,
                      bool(flags & 0x10), flags & 3)

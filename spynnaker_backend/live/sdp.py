"""SDP over UDP, as a board's Ethernet chip exchanges it with a host (port 17893).

A UDP datagram holds 2 bytes of padding, the 8-byte SDP header (flags, tag, destination
port << 5 | cpu, source port << 5 | cpu, destination y, x, source y, x), then the data.
Port 0 carries SCP (command/return code and sequence as 16-bit words, then up to three 32-bit
arguments); port 1 of a core carries EIEIO packets for a reverse-IP-tag source.
"""
import ipaddress
import struct
from dataclasses import dataclass
from typing import Optional, Tuple

#: UDP port of a board's SCAMP (SCP and SDP).
SCAMP_PORT = 17893
SCP_IPTAG = 26            #: CMD_IPTAG
IPTAG_SET = 1             #: its sub-command: set a tag
RC_OK = 0x80
FLAGS_NO_REPLY = 0x07
FLAGS_REPLY = 0x87
_HEADER = struct.Struct("<8B")


@dataclass(frozen=True)
class SDPHeader:
    flags: int
    tag: int
    dest_port: int
    dest_cpu: int
    src_port: int
    src_cpu: int
    dest_x: int
    dest_y: int
    src_x: int
    src_y: int

    def pack(self) -> bytes:
        return _HEADER.pack(self.flags, self.tag, (self.dest_port & 7) << 5 | self.dest_cpu & 31,
                            (self.src_port & 7) << 5 | self.src_cpu & 31,
                            self.dest_y, self.dest_x, self.src_y, self.src_x)


def unpack(datagram: bytes) -> Tuple[SDPHeader, bytes]:
    """(header, data) of a UDP datagram; ValueError if too short."""
    if len(datagram) < 10:
        raise ValueError("datagram too short for SDP")
    f, tag, dpc, spc, dy, dx, sy, sx = _HEADER.unpack_from(datagram, 2)
    return SDPHeader(f, tag, dpc >> 5, dpc & 31, spc >> 5, spc & 31, dx, dy, sx, sy), \
        bytes(datagram[10:])


def pack(header: SDPHeader, data: bytes) -> bytes:
    return b"\0\0" + header.pack() + data


def eieio_to_core(x: int, y: int, p: int, eieio: bytes) -> bytes:
    """The datagram a live connection sends: an EIEIO packet for port 1 of core (x, y, p)."""
    return pack(SDPHeader(FLAGS_NO_REPLY, 0, 1, p, 0, 0, x, y, 0, 0), eieio)


@dataclass(frozen=True)
class IPTagSet:
    """An SCP request to point IP tag ``tag`` at (ip, port), or at the sender."""
    tag: int
    strip: bool
    use_sender: bool
    ip: str
    port: int
    sequence: int


def read_iptag_set(data: bytes) -> Optional[IPTagSet]:
    """The IP-tag set request in SCP ``data``, or None if it is another command."""
    if len(data) < 16:
        return None
    command, sequence, arg1, arg2, arg3 = struct.unpack_from("<2H3I", data)
    if command != SCP_IPTAG or (arg1 >> 16) & 0xF != IPTAG_SET:
        return None
    ip = str(ipaddress.IPv4Address(struct.pack("<I", arg3)))
    return IPTagSet(arg1 & 0xFF, bool(arg1 >> 28 & 1), bool(arg1 >> 30 & 1), ip, arg2,
                    sequence)


def iptag_set_request(x: int, y: int, tag: int, ip: str = "0.0.0.0", port: int = 0, *,
                      strip: bool = True, use_sender: bool = True, sequence: int = 0) -> bytes:
    """The datagram that asks a board to point a tag at the sender (or at ip:port)."""
    header = SDPHeader(FLAGS_REPLY, 0xFF, 0, 0, 7, 31, x, y, 0, 0)
    arg1 = (int(strip) << 28) | (int(use_sender) << 30) | (IPTAG_SET << 16) | tag
    addr = struct.unpack("<I", ipaddress.IPv4Address(ip).packed)[0]
    return pack(header, struct.pack("<2H3I", SCP_IPTAG, sequence, arg1, port, addr))


def scp_ok_reply(x: int, y: int, sequence: int, arg1: int) -> bytes:
    """SCAMP's reply to a successful IP-tag set (18 bytes: the form live connections check)."""
    header = SDPHeader(FLAGS_NO_REPLY, 0xFF, 7, 31, 0, 0, 0, 0, x, y)
    return pack(header, struct.pack("<2HI", RC_OK, sequence, arg1))

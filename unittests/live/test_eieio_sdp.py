"""EIEIO and SDP wire formats against hand-built bytes (the layouts documented in
SpiNNMan 7.4.1: EIEIODataHeader, EIEIOCommandHeader, SDPHeader, IPTagSet)."""
import struct

import pytest

from spynnaker_backend.live import eieio, sdp
from spynnaker_backend.live.eieio import EIEIOPrefix, EIEIOType


def test_key_32_with_time_prefix_bytes():
    data = eieio.encode(EIEIOType.KEY_32_BIT, [0x10, 0x20], payload_base=7, is_time=True)
    # count 2; flags D (0x20) | T (0x10) | type 2 << 2; payload prefix 7; two keys
    assert data == bytes([2, 0x38]) + struct.pack("<3I", 7, 0x10, 0x20)
    p = eieio.decode(data)
    assert p.keys == [0x10, 0x20] and p.payloads == [7, 7] and p.is_time


def test_key_16_with_upper_prefix():
    data = eieio.encode(EIEIOType.KEY_16_BIT, [1, 2], prefix=0xAB, prefix_type=
                        EIEIOPrefix.UPPER_HALF_WORD)
    assert data == bytes([2, 0xC0]) + struct.pack("<3H", 0xAB, 1, 2)
    assert eieio.decode(data).keys == [0xAB0001, 0xAB0002]
    assert eieio.decode(data).payloads is None


def test_key_payload_32():
    data = eieio.encode(EIEIOType.KEY_PAYLOAD_32_BIT, [5], [65536 * 3])
    assert data == bytes([1, 0x0C]) + struct.pack("<2I", 5, 196608)
    assert eieio.decode(data).payloads == [196608]


def test_commands():
    db = eieio.command_bytes(eieio.Command.DATABASE, b"/tmp/x.sqlite3")
    assert db[:2] == struct.pack("<H", 0x4001)
    assert eieio.read_command(db) == (1, b"/tmp/x.sqlite3")
    assert eieio.command_bytes(eieio.Command.START_RESUME_NOTIFICATION) == struct.pack(
        "<H", 0x4000 | 11)
    with pytest.raises(ValueError):
        eieio.decode(db)


def test_bad_packets_are_refused():
    with pytest.raises(ValueError):
        eieio.decode(bytes([3, 0x08]) + b"\0\0\0\0")      # says 3 keys, holds 1
    with pytest.raises(ValueError):
        eieio.encode(EIEIOType.KEY_16_BIT, [1 << 16])
    assert eieio.max_events(EIEIOType.KEY_16_BIT) == 127
    assert eieio.max_events(EIEIOType.KEY_32_BIT, payload_base=True) == 62


def test_sdp_to_core_and_iptag_set():
    d = sdp.eieio_to_core(1, 2, 3, b"xy")
    # 2 pad bytes, flags 0x07, tag 0, port 1 << 5 | cpu 3, source 0, dest y, x, source y, x
    assert d == bytes([0, 0, 0x07, 0, 0x23, 0, 2, 1, 0, 0]) + b"xy"
    header, data = sdp.unpack(d)
    assert (header.dest_x, header.dest_y, header.dest_cpu, header.dest_port) == (1, 2, 3, 1)
    req = sdp.iptag_set_request(0, 0, 5, strip=True, use_sender=True, sequence=9)
    _, scp = sdp.unpack(req)
    got = sdp.read_iptag_set(scp)
    assert (got.tag, got.strip, got.use_sender, got.sequence) == (5, True, True, 9)
    assert struct.unpack_from("<I", scp, 4)[0] == (1 << 28) | (1 << 30) | (1 << 16) | 5
    reply = sdp.scp_ok_reply(0, 0, 9, 5)
    assert len(reply) == 18 and reply[2] == 0x07 and reply[4] == 0xFF
    assert struct.unpack_from("<H", reply, 10)[0] == 0x80

"""ELF -> APLX (board/aplx.py), read back by the loopback board's loader (an independent
reading of the same format): the ITCM image is reproduced byte for byte."""
import struct
from pathlib import Path

import pytest

from spynnaker_backend.board import aplx
from spynnaker_backend.vm.board_emulator import aplx_loader

BUILD = Path(__file__).resolve().parents[2] / "build" / "arm"


def _elf(segments, entry=0):
    """A minimal 32-bit ARM ELF with PT_LOAD segments [(paddr, bytes, memsz)]."""
    header = struct.Struct("<16sHHIIIIIHHHHHH")
    ph = struct.Struct("<IIIIIIII")
    phoff = header.size
    offset = phoff + ph.size * len(segments)
    phdrs, data = b"", b""
    for paddr, payload, memsz in segments:
        phdrs += ph.pack(1, offset + len(data), paddr, paddr, len(payload), memsz, 5, 4)
        data += payload
    ident = b"\x7fELF\x01\x01\x01" + bytes(9)
    return header.pack(ident, 2, 40, 1, entry, phoff, 0, 0, header.size, ph.size,
                       len(segments), 0, 0, 0) + phdrs + data


def test_synthetic_elf_round_trip():
    code = bytes(range(256)) * 3
    data_image = b"DATA" * 5
    elf = _elf([(0, code, len(code)), (len(code), data_image, len(data_image)),
                (0x400000, b"", 64)], entry=0x40)
    packed = aplx.pack(elf)
    loaded = aplx_loader.load(packed)
    assert loaded["entry"] == 0x40
    assert bytes(loaded["itcm"][:len(code)]) == code
    assert bytes(loaded["itcm"][len(code):len(code) + 20]) == data_image
    assert (len(packed) - aplx.HEADER_BYTES) % aplx.COPY_STEP == 0


def test_refusals():
    with pytest.raises(aplx.AplxError, match="ELF"):
        aplx.pack(b"not an elf at all, certainly not" * 2)
    with pytest.raises(aplx.AplxError, match="0x7f00"):
        aplx.pack(_elf([(0x7E00, bytes(0x200), 0x200)]))
    with pytest.raises(aplx_loader.AplxError, match="name block"):
        aplx_loader.app_name(aplx.pack(_elf([(0, bytes(128), 128)])))
    with pytest.raises(aplx_loader.AplxError, match="EXEC"):
        aplx_loader.load(struct.pack("<IIII", 2, 0, 16, 0))


@pytest.mark.skipif(not (BUILD / "delay_extension.aplx").is_file(), reason="make arm first")
def test_built_binaries_carry_their_name_and_fit_itcm():
    for path in sorted(BUILD.glob("*.aplx")):
        data = path.read_bytes()
        assert aplx_loader.app_name(data) == path.stem
        elf_image, entry = aplx.itcm_image((BUILD / f"{path.stem}.elf").read_bytes())
        loaded = aplx_loader.load(data)
        assert bytes(loaded["itcm"][:len(elf_image)]) == elf_image
        assert len(elf_image) <= aplx.ITCM_LIMIT and entry == 0

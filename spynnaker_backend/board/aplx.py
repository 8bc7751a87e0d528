"""ELF -> APLX: the file SC&MP's loader runs on a core (``make arm`` writes build/arm/*.aplx).

An APLX is a table of 16-byte entries ``(op, a, b, c)`` that the loader in SysRAM works
through (spinnaker_tools' documented format): RCOPY (2) copies c bytes from (the entry's
address + b) to a, EXEC (4) jumps to a.  Ours is two entries and an end marker in a 64-byte
header, then the ITCM image (code, read-only data and the .data load image, as linked),
padded to the loader's 32-byte copy steps.  Nothing may be loaded at or above
``ITCM_LIMIT``: the loader copies itself to the top 64 bytes of ITCM.

``python -m spynnaker_backend.board.aplx IN.elf OUT.aplx`` (stdlib only: no SpiNNMan).
"""
import struct
import sys
from typing import List, Tuple

APLX_RCOPY, APLX_EXEC, APLX_END = 2, 4, 0xFF
HEADER_BYTES = 64
COPY_STEP = 32
ITCM_LIMIT = 0x7F00
_ELF_HEADER = struct.Struct("<16sHHIIIIIHHHHHH")
_PROGRAM_HEADER = struct.Struct("<IIIIIIII")
PT_LOAD = 1


class AplxError(ValueError):
    """The ELF cannot become an APLX (not a 32-bit ARM executable, or too large)."""


def itcm_image(elf: bytes) -> Tuple[bytes, int]:
    """The bytes to place at ITCM address 0 and the entry point, from the ELF's loadable
    segments at their load addresses (the .data image is loaded into ITCM and copied to
    DTCM by the start-up code; .bss has no file bytes)."""
    if len(elf) < _ELF_HEADER.size or elf[:4] != b"\x7fELF" or elf[4] != 1 or elf[5] != 1:
        raise AplxError("not a 32-bit little-endian ELF file")
    (_, _, machine, _, entry, phoff, _, _, _, phentsize, phnum, _, _, _) = \
        _ELF_HEADER.unpack_from(elf)
    if machine != 40:
        raise AplxError(f"ELF machine {machine} is not ARM (40)")
    pieces: List[Tuple[int, bytes]] = []
    for i in range(phnum):
        (kind, offset, _, paddr, filesz, _, _, _) = _PROGRAM_HEADER.unpack_from(
            elf, phoff + i * phentsize)
        if kind != PT_LOAD or filesz == 0:
            continue
        if paddr + filesz > ITCM_LIMIT:
            raise AplxError(f"a segment ends at 0x{paddr + filesz:x}, above ITCM's usable "
                            f"0x{ITCM_LIMIT:x} (the loader's own space)")
        pieces.append((paddr, elf[offset:offset + filesz]))
    if not pieces:
        raise AplxError("the ELF has nothing to load")
    end = max(a + len(d) for a, d in pieces)
    image = bytearray(end)
    for address, data in pieces:
        image[address:address + len(data)] = data
    return bytes(image), entry


def pack(elf: bytes) -> bytes:
    """The APLX of an ELF linked for ITCM at 0 (neural_modelling/arm/spinnaker.ld)."""
    image, entry = itcm_image(elf)
    image += bytes(-len(image) % COPY_STEP)
    if len(image) > ITCM_LIMIT:
        raise AplxError(f"the image is {len(image)} bytes; ITCM gives {ITCM_LIMIT}")
    table = (struct.pack("<IIII", APLX_RCOPY, 0, HEADER_BYTES, len(image)) +
             struct.pack("<IIII", APLX_EXEC, entry, 0, 0) +
             struct.pack("<IIII", APLX_END, 0, 0, 0))
    return table + bytes(HEADER_BYTES - len(table)) + image


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m spynnaker_backend.board.aplx IN.elf OUT.aplx", file=sys.stderr)
        return 2
    with open(argv[0], "rb") as f:
        aplx = pack(f.read())
    with open(argv[1], "wb") as f:
        f.write(aplx)
    return 0


if __name__ == "__main__":
    sys.exit(main())

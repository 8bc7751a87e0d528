"""What SC&MP's loader (scamp/boot_aplx.s) does with an APLX, and which binary it holds.

An APLX is a table of 16-byte entries ``(op, a, b, c)``, little-endian words: ACOPY (1)
copies c bytes from absolute address b to a; RCOPY (2) copies c bytes from (the entry's own
address + b) to a; FILL (3) fills c bytes at a with the word b; EXEC (4) jumps to a.  The
table is at the start of the file as loaded at 0x67800000.  Our binaries carry a name block
at ITCM offset 0x20 (right after the 8 exception vectors): b"SPNB" then the binary's name,
NUL-terminated, in 44 bytes; that is how the loopback board knows which VM app to run.
"""
import struct
from typing import Dict

APLX_ACOPY, APLX_RCOPY, APLX_FILL, APLX_EXEC, APLX_END = 1, 2, 3, 4, 0xFF
ITCM_BYTES = 32 * 1024
ITCM_LIMIT = 0x7F00          #: the loader copies itself to the top of ITCM: keep clear
DTCM_BASE, DTCM_BYTES = 0x00400000, 64 * 1024
LOAD_ADDRESS = 0x67800000
NAME_OFFSET, NAME_MAGIC, NAME_BYTES = 0x20, b"SPNB", 64
MAX_ENTRIES = 16


class AplxError(ValueError):
    """The bytes are not an APLX the loader can run (or not one of ours)."""


def load(aplx: bytes) -> Dict[str, object]:
    """Interpret the APLX table: ``{"itcm": bytearray, "dtcm": bytearray, "entry": int}``."""
    itcm, dtcm = bytearray(ITCM_BYTES), bytearray(DTCM_BYTES)

    def target(address, length):
        if 0 <= address and address + length <= ITCM_LIMIT:
            return itcm, address
        if DTCM_BASE <= address and address + length <= DTCM_BASE + DTCM_BYTES:
            return dtcm, address - DTCM_BASE
        raise AplxError(f"copy of {length} bytes to 0x{address:08x} is outside ITCM "
                        f"(below 0x{ITCM_LIMIT:x}) and DTCM")

    for i in range(MAX_ENTRIES):
        if 16 * i + 16 > len(aplx):
            break
        op, a, b, c = struct.unpack_from("<IIII", aplx, 16 * i)
        if op in (APLX_ACOPY, APLX_RCOPY):
            source = b - LOAD_ADDRESS if op == APLX_ACOPY else 16 * i + b
            if source < 0 or source + c > len(aplx):
                raise AplxError(f"entry {i} copies from outside the file")
            memory, offset = target(a, c)
            memory[offset:offset + c] = aplx[source:source + c]
        elif op == APLX_FILL:
            memory, offset = target(a, c)
            memory[offset:offset + c] = struct.pack("<I", b) * (c // 4)
        elif op == APLX_EXEC:
            return {"itcm": itcm, "dtcm": dtcm, "entry": a}
        else:
            raise AplxError(f"entry {i}: operation {op} is not an APLX operation")
    raise AplxError("no EXEC entry in the APLX table")


def app_name(aplx: bytes) -> str:
    """The binary's name from its name block (AplxError if it has none)."""
    itcm = load(aplx)["itcm"]
    block = bytes(itcm[NAME_OFFSET:NAME_OFFSET + NAME_BYTES])
    if not block.startswith(NAME_MAGIC):
        raise AplxError("the image has no spynnaker_backend name block at ITCM 0x20 "
                        "(not built by neural_modelling/arm)")
    return block[len(NAME_MAGIC):].split(b"\0", 1)[0].decode("ascii", "replace")

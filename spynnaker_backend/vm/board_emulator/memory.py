"""The address space of one emulated chip: sparse pages that read as zero until written."""
from typing import Dict, Set

PAGE_BITS = 16
PAGE_SIZE = 1 << PAGE_BITS
ADDRESS_LIMIT = 1 << 32


class ChipMemory:
    """Byte-addressed memory of one chip (SDRAM, SysRAM, the vcpu blocks, router registers):
    64 KiB pages created on first write, so that a 128 MiB SDRAM costs only what is used."""

    def __init__(self):
        self._pages: Dict[int, bytearray] = {}
        self._dirty: Set[int] = set()   # pages the host wrote since clear_dirty()

    @staticmethod
    def _check(address: int, length: int) -> None:
        if address < 0 or length < 0 or address + length > ADDRESS_LIMIT:
            raise ValueError(f"address range 0x{address:x} + {length} is outside 32 bits")

    def read(self, address: int, length: int) -> bytes:
        """``length`` bytes from ``address``."""
        self._check(address, length)
        out = bytearray(length)
        done = 0
        while done < length:
            page, offset = divmod(address + done, PAGE_SIZE)
            n = min(length - done, PAGE_SIZE - offset)
            data = self._pages.get(page)
            if data is not None:
                out[done:done + n] = data[offset:offset + n]
            done += n
        return bytes(out)

    def write(self, address: int, data, mark: bool = True) -> None:
        """Store ``data`` (bytes-like) at ``address``; ``mark``: remember the pages as
        changed (see :meth:`dirty_in`)."""
        data = memoryview(data).cast("B")
        self._check(address, len(data))
        done = 0
        while done < len(data):
            page, offset = divmod(address + done, PAGE_SIZE)
            n = min(len(data) - done, PAGE_SIZE - offset)
            store = self._pages.get(page)
            if store is None:
                store = self._pages[page] = bytearray(PAGE_SIZE)
            store[offset:offset + n] = data[done:done + n]
            if mark:
                self._dirty.add(page)
            done += n

    def dirty_in(self, address: int, length: int) -> bool:
        """Whether any page of [address, address + length) was written with ``mark``."""
        if not self._dirty or length == 0:
            return False
        first, last = address // PAGE_SIZE, (address + length - 1) // PAGE_SIZE
        if last - first + 1 > len(self._dirty):
            return any(first <= page <= last for page in self._dirty)
        return any(page in self._dirty for page in range(first, last + 1))

    def clear_dirty(self) -> None:
        self._dirty.clear()

    def read_word(self, address: int) -> int:
        return int.from_bytes(self.read(address, 4), "little")

    def write_word(self, address: int, value: int) -> None:
        self.write(address, (value & 0xFFFFFFFF).to_bytes(4, "little"))

    def release(self, address: int, length: int) -> None:
        """Forget whole pages inside [address, address + length) (freed SDRAM)."""
        first = -(-address // PAGE_SIZE)
        last = (address + length) // PAGE_SIZE
        for page in range(first, last):
            self._pages.pop(page, None)

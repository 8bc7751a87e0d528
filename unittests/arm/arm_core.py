"""One SpiNNaker core running a real cross-compiled binary (build/arm/*.aplx) under unicorn.

The APLX is loaded the way SC&MP's loader does (vm/board_emulator/aplx_loader.py); the core
finds its region table through its vcpu block as on a board.  The peripherals are modelled
as far as our platform uses them (neural_modelling/arm/spinnaker_hw.h): the communications
controller (transmit always ready; received keys queued), timer 1 (expires as soon as the
previous tick's packets are handled: one tick per expiry), DMA_STAT's core number.  The
mailbox holds START, so the core runs to the table's n_ticks and pauses; emulation stops
when it polls its mailbox again after writing PAUSED (or when it writes RUN_TIME_EXCEPTION).
"""
import struct
from typing import Dict, List, Optional

from unicorn import (UC_ARCH_ARM, UC_HOOK_MEM_READ, UC_HOOK_MEM_WRITE, UC_MODE_ARM, Uc,
                     UcError)
from unicorn.arm_const import UC_ARM_REG_PC, UC_ARM_REG_R0, UC_CPU_ARM_926

from spynnaker_backend.mapping.dataspec import arm_region_table as art
from spynnaker_backend.vm.board_emulator import aplx_loader

ITCM, DTCM, DTCM_BYTES = 0x0, 0x00400000, 0x10000
SDRAM = 0x60000000
VCPU_PAGE, SV_PAGE = 0xE5007000, 0xF5007000
CC, TIMER, DMA = 0x10000000, 0x11000000, 0x30000000
CC_TCR, CC_TXKEY, CC_RSR, CC_RXKEY = CC + 0x00, CC + 0x08, CC + 0x0C, CC + 0x14
T1_RAW_INT, DMA_STAT = TIMER + 0x10, DMA + 0x14
STATE_RTE, STATE_PAUSED, SHM_SIGNAL, SIGNAL_START = 2, 10, 3, 3
PAGE = 0x1000


def _round_up(n, to=PAGE):
    return (n + to - 1) // to * to


class ArmCore:
    """A core with ``regions`` ({id: bytes}) loaded, ready to run ``n_ticks``.

    ``inbound[t]`` are the keys delivered after the timer callback of tick t.
    """

    def __init__(self, aplx: bytes, regions: Dict[int, bytes], n_ticks: int,
                 inbound: Optional[List[List[int]]] = None, phys: int = 3, virt: int = 1,
                 app_id: int = 17):
        self.uc = uc = Uc(UC_ARCH_ARM, UC_MODE_ARM)
        uc.ctl_set_cpu_model(UC_CPU_ARM_926)
        image = aplx_loader.load(aplx)
        uc.mem_map(ITCM, 0x8000)
        uc.mem_write(ITCM, bytes(image["itcm"]))
        uc.mem_map(DTCM, DTCM_BYTES)
        uc.mem_write(DTCM, bytes(image["dtcm"]))
        self.entry, self.app_id = image["entry"], app_id
        # SDRAM: the region table, the iobuf block, then the regions (8-byte aligned)
        self.table = art.RegionTable(n_ticks=n_ticks, iobuf=SDRAM + 416)
        address = SDRAM + 416 + _round_up(art.IOBUF_BLOCK, 8)
        blob = {}
        for region, data in sorted(regions.items()):
            self.table.regions[region] = (address, len(data))
            blob[address] = bytes(data)
            address += _round_up(len(data), 8)
        uc.mem_map(SDRAM, _round_up(address - SDRAM))
        uc.mem_write(SDRAM, self.table.pack())
        for where, data in blob.items():
            uc.mem_write(where, data)
        # SC&MP: p2v map in the system variables; the core's vcpu with user0 and START
        uc.mem_map(SV_PAGE, PAGE)
        uc.mem_write(0xF5007F94 + phys, bytes([virt]))
        uc.mem_map(VCPU_PAGE, 0x1000)
        self.vcpu = VCPU_PAGE + 128 * virt
        uc.mem_write(self.vcpu + 112, struct.pack("<I", SDRAM))
        uc.mem_write(self.vcpu + 48, struct.pack("<I", SIGNAL_START))
        uc.mem_write(self.vcpu + 56, bytes([SHM_SIGNAL]))
        for base in (CC, TIMER, DMA):
            uc.mem_map(base, PAGE)
        self.phys = phys
        self.inbound = inbound or []
        self.pending: List[int] = []
        self.tick = -1
        self.sent: List[List[int]] = [[] for _ in range(n_ticks)]
        self.final_state: Optional[int] = None
        uc.hook_add(UC_HOOK_MEM_READ, self._read, begin=CC, end=DMA + PAGE - 1)
        uc.hook_add(UC_HOOK_MEM_WRITE, self._write_cc, begin=CC, end=CC + PAGE - 1)
        uc.hook_add(UC_HOOK_MEM_WRITE, self._write_vcpu, begin=self.vcpu + 46,
                    end=self.vcpu + 46)
        uc.hook_add(UC_HOOK_MEM_READ, self._read_mailbox, begin=self.vcpu + 56,
                    end=self.vcpu + 56)

    # ---------------------------------------------------------------- peripherals
    def _set(self, address, value):
        self.uc.mem_write(address, struct.pack("<I", value & 0xFFFFFFFF))

    def _read(self, uc, access, address, size, value, data):
        if address == CC_TCR:
            self._set(address, 0x10000000)          # the transmit buffer takes a packet
        elif address == CC_RSR:
            self._set(address, 0x80000000 if self.pending else 0)
        elif address == CC_RXKEY:
            self._set(address, self.pending.pop(0) if self.pending else 0)
        elif address == T1_RAW_INT:
            expired = not self.pending
            if expired:
                self.tick += 1
                if self.tick < len(self.inbound):
                    self.pending = list(self.inbound[self.tick])
            self._set(address, 1 if expired else 0)
        elif address == DMA_STAT:
            self._set(address, self.phys << 24)

    def _write_cc(self, uc, access, address, size, value, data):
        if address == CC_TXKEY and 0 <= self.tick < len(self.sent):
            self.sent[self.tick].append(value & 0xFFFFFFFF)

    def _write_vcpu(self, uc, access, address, size, value, data):
        if value in (STATE_PAUSED, STATE_RTE):
            self.final_state = value
            if value == STATE_RTE:
                uc.emu_stop()   # the core parks: nothing more to see

    def _read_mailbox(self, uc, access, address, size, value, data):
        # a paused core polls its mailbox: stop here, so that a resume re-reads it
        if self.final_state == STATE_PAUSED:
            uc.emu_stop()

    # ---------------------------------------------------------------- running
    def run(self, timeout_s: float = 60.0) -> None:
        """From reset (SC&MP's EXEC with r0 = app id) until the core pauses or fails."""
        self.uc.reg_write(UC_ARM_REG_R0, self.app_id)
        self._go(self.entry, timeout_s)

    def resume(self, n_ticks: int, timeout_s: float = 60.0) -> None:
        """What the host does for the next run(): the tick count to reach into the table,
        START into the mailbox; the core goes on from where it paused."""
        self.uc.mem_write(SDRAM + art.OFFSET["n_ticks"], struct.pack("<I", n_ticks))
        self.uc.mem_write(self.vcpu + 48, struct.pack("<I", SIGNAL_START))
        self.uc.mem_write(self.vcpu + 56, bytes([SHM_SIGNAL]))
        self.sent.extend([] for _ in range(n_ticks - len(self.sent)))
        self._go(self.uc.reg_read(UC_ARM_REG_PC), timeout_s)

    def _go(self, pc: int, timeout_s: float) -> None:
        self.final_state = None
        try:
            self.uc.emu_start(pc, 0xFFFFFFFF, timeout=int(timeout_s * 1e6))
        except UcError as e:
            pc = self.uc.reg_read(UC_ARM_REG_PC)
            raise AssertionError(f"the core faulted at pc 0x{pc:08x}: {e}") from None
        if self.final_state is None:
            raise AssertionError("the core neither paused nor failed within the time limit")

    def regions(self) -> Dict[int, bytes]:
        return {r: bytes(self.uc.mem_read(a, s)) for r, (a, s) in self.table.regions.items()}

    def read_table(self) -> art.RegionTable:
        return art.RegionTable.unpack(bytes(self.uc.mem_read(SDRAM, art.SIZE)))

    def iobuf(self) -> str:
        length = struct.unpack("<I", self.uc.mem_read(self.table.iobuf + 12, 4))[0]
        return bytes(self.uc.mem_read(self.table.iobuf + 16, length)).decode()

"""Each SC&MP command of the loopback board, built by SpiNNMan's own request classes and its
reply parsed by SpiNNMan's own response classes (an independent implementation of the wire
format)."""
import struct

import pytest

pytest.importorskip("spinnman")
from spinnman.exceptions import (  # noqa: E402
    SpinnmanInvalidParameterException, SpinnmanUnexpectedResponseCodeException)
from spinnman.messages.scp.impl import (  # noqa: E402
    AppCopyRun, ApplicationRun, CountState, GetChipInfo, GetVersion, ReadMemory, RouterAlloc,
    RouterInit, SDRAMAlloc, SendSignal, WriteMemory)
from spinnman.messages.scp.enums import Signal  # noqa: E402
from spinnman.model import P2PTable  # noqa: E402
from spinnman.model.enums import CPUState  # noqa: E402

from spynnaker_backend.machine import virtual_machine  # noqa: E402
from spynnaker_backend.vm.board_emulator.chip_state import EXECUTABLE_BUFFER  # noqa: E402
from spynnaker_backend.vm.board_emulator.scamp import ScampBoard  # noqa: E402


def _board(**kw):
    machine = virtual_machine(5, dead_chips=kw.pop("dead_chips", ()),
                              dead_cores=kw.pop("dead_cores", ()))
    board = ScampBoard(machine, {(0, 0): "127.0.0.9"}, **kw)
    board.booted = True
    return board


def _call(board, request, seq=7):
    request.sdp_header.update_for_send(0, 0)
    request.scp_request_header.sequence = seq
    reply = board.handle(b"\0\0" + request.bytestring)
    assert reply is not None
    response = request.get_scp_response()
    response.read_bytestring(reply, 2)
    assert response.scp_response_header.sequence == seq
    return response


def test_version_and_the_unbooted_silence():
    board = _board()
    info = _call(board, GetVersion(0, 0, 0)).version_info
    assert (info.name, info.version_number, info.x, info.y) == ("SC&MP", (4, 0, 0), 0, 0)
    info = _call(board, GetVersion(3, 2, 0)).version_info
    assert (info.x, info.y) == (3, 2)
    board.booted = False
    request = GetVersion(0, 0, 0)
    request.sdp_header.update_for_send(0, 0)
    request.scp_request_header.sequence = 1
    assert board.handle(b"\0\0" + request.bytestring) is None


def test_chip_info_reports_cores_links_ethernet_and_parent():
    board = _board(dead_cores=[(1, 0, 4)])
    info = _call(board, GetChipInfo(1, 0)).chip_info
    assert (info.x, info.y, info.n_cores) == (1, 0, 18)
    assert info.core_states[4] == CPUState.DEAD and info.core_states[5] == CPUState.IDLE
    assert sorted(info.working_links) == [0, 1, 2, 3]   # bottom edge: no SW or S
    assert (info.nearest_ethernet_x, info.nearest_ethernet_y) == (0, 0)
    assert info.parent_link == 3                         # west, towards (0, 0)
    assert info.n_free_multicast_routing_entries == 1023
    root = _call(board, GetChipInfo(0, 0)).chip_info
    assert root.is_ethernet_available and root.ethernet_ip_address == "127.0.0.9"
    assert root.parent_link is None


def test_p2p_table_lists_every_live_chip():
    board = _board(dead_chips=[(2, 2)])
    columns = []
    for x in range(8):
        r = _call(board, ReadMemory((0, 0, 0), 0xE1010000 + P2PTable.get_column_offset(x),
                                    P2PTable.get_n_column_bytes(8)))
        columns.append((r.data, r.offset))
    table = P2PTable(8, 8, columns)
    assert table.n_routes == 47 and not table.is_route(2, 2)


def test_write_read_alloc_and_refusal():
    board = _board(sdram_limit=4096)
    address = _call(board, SDRAMAlloc(1, 1, 17, 1000, tag=3)).base_address
    assert address >= 0x60000000
    # a retried allocation with the same tag gets the same block (SpiNNMan's retry flag)
    assert _call(board, SDRAMAlloc(1, 1, 17, 1000, tag=3)).base_address == address
    _call(board, WriteMemory((1, 1, 0), address, bytes(range(200))))
    r = _call(board, ReadMemory((1, 1, 0), address + 10, 5))
    assert bytes(r.data[r.offset:r.offset + 5]) == bytes(range(10, 15))
    with pytest.raises(SpinnmanInvalidParameterException, match="Could not allocate"):
        _call(board, SDRAMAlloc(1, 1, 17, 8192))


def test_router_load_in_index_order():
    board = _board()
    base = _call(board, RouterAlloc(2, 1, 17, 3)).base_address
    assert base >= 1
    table = b"".join(struct.pack("<H2xIII", i, 1 << (6 + i), 0x1000 * i, 0xFFFFF000)
                     for i in range(3)) + struct.pack("<IIII", 0xFFFFFFFF, 0, 0, 0)
    _call(board, WriteMemory((2, 1, 0), EXECUTABLE_BUFFER, table))
    _call(board, RouterInit(2, 1, 3, EXECUTABLE_BUFFER, base, 17))
    assert board.chips[2, 1].routing_entries(17) == [
        (0x1000 * i, 0xFFFFF000, 1 << (6 + i)) for i in range(3)]
    assert _call(board, GetChipInfo(2, 1)).chip_info.n_free_multicast_routing_entries == 1020


def _aplx(name):
    """A two-entry APLX whose ITCM image carries our name block."""
    image = bytearray(128)
    image[0x20:0x20 + 4 + len(name)] = b"SPNB" + name.encode()
    return struct.pack("<IIII", 2, 0, 64, len(image)) + struct.pack("<IIII", 4, 0, 0, 0) + \
        bytes(32) + bytes(image)


def test_load_copy_run_states_and_count():
    board = _board()
    aplx = _aplx("spike_source_array")
    _call(board, WriteMemory((0, 0, 0), EXECUTABLE_BUFFER, aplx))
    _call(board, ApplicationRun(17, 0, 0, [1, 2], wait=True))
    checksum = sum(struct.unpack(f"<{len(aplx) // 4}I", aplx)) & 0xFFFFFFFF
    _call(board, AppCopyRun(1, 0, 3, len(aplx), 17, [5], checksum, wait=True))
    assert board.chips[1, 0].app_names[5] == "spike_source_array"
    assert _call(board, CountState(0, 0, 17, CPUState.READY)).count == 3
    assert _call(board, CountState(0, 0, 17, CPUState.RUNNING)).count == 0
    with pytest.raises(SpinnmanUnexpectedResponseCodeException, match="RC_SUM"):
        _call(board, AppCopyRun(0, 1, 5, len(aplx), 17, [5], checksum + 1, wait=True))
    _call(board, SendSignal(17, Signal.USER_3))     # accepted; nothing to do with it


def test_an_image_without_a_name_block_is_a_run_time_exception():
    board = _board()
    _call(board, WriteMemory((0, 0, 0), EXECUTABLE_BUFFER, _aplx("")[:64] + bytes(128)))
    _call(board, ApplicationRun(17, 0, 0, [3], wait=True))
    assert board.chips[0, 0].state(3) == CPUState.RUN_TIME_EXCEPTION.value
    assert _call(board, CountState(0, 0, 17, CPUState.RUN_TIME_EXCEPTION)).count == 1

"""device.py picks the virtual machine or a board from the configuration."""
import pytest

from spynnaker_backend import device
from spynnaker_backend.config import Config
from spynnaker_backend.errors import BoardError
from spynnaker_backend.machine import virtual_machine
from spynnaker_backend.vm import VirtualMachine


def test_no_board_named_means_the_virtual_machine():
    assert device.open_board(Config()) is None
    assert device.open_board(None) is None
    assert device.open_board(Config(machine_name="10.0.0.1", virtual_board=True)) is None
    vm = device.create_device(virtual_machine(5), n_threads=1)
    assert isinstance(vm, VirtualMachine)
    vm.close()


def test_a_board_without_its_version_is_refused_before_any_traffic():
    pytest.importorskip("spinnman")
    with pytest.raises(BoardError, match="version"):
        device.open_board(Config(machine_name="127.0.0.9"))


def test_old_spalloc_host_names_are_refused_with_the_fix(monkeypatch, tmp_path):
    pytest.importorskip("spinnman")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BoardError, match="new spalloc protocol"):
        device.open_board(Config(spalloc_server="spalloc.example.org", version=5))

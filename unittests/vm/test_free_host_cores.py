"""Threads of the tick loop when the user leaves them unset: the host cores that are free."""
import os

import pytest

from spynnaker_backend.vm import virtual_machine as vm_module
from spynnaker_backend.vm.virtual_machine import free_host_cores


@pytest.mark.parametrize("allowed, load, expected", [
    (2, 0.0, 2), (2, 0.4, 2), (2, 0.6, 1), (2, 1.3, 1), (2, 5.0, 1),
    (8, 2.2, 6), (8, 0.0, 8), (1, 0.0, 1), (4, 3.6, 1)])
def test_allowed_cores_less_the_busy_ones(monkeypatch, allowed, load, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(allowed)))
    monkeypatch.setattr(os, "getloadavg", lambda: (load, 0.0, 0.0))
    monkeypatch.setattr(vm_module, "_runnable_elsewhere", lambda: None)
    assert free_host_cores() == expected
    # work runnable now that the average has not caught up with yet does not count: the
    # fewer of the two does
    monkeypatch.setattr(vm_module, "_runnable_elsewhere", lambda: 64)
    assert free_host_cores() == expected


@pytest.mark.parametrize("load, runnable, expected", [(1.3, 0, 2), (1.3, 1, 1), (0.2, 3, 2)])
def test_a_lagging_average_gives_way_to_what_runs_now(monkeypatch, load, runnable, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (load, 0.0, 0.0))
    monkeypatch.setattr(vm_module, "_runnable_elsewhere", lambda: runnable)
    assert free_host_cores() == expected


def test_no_load_average_means_every_allowed_core(monkeypatch):
    def unavailable():
        raise OSError("no load average here")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    monkeypatch.setattr(os, "getloadavg", unavailable)
    monkeypatch.setattr(vm_module, "_runnable_elsewhere", lambda: None)
    assert free_host_cores() == 3


@pytest.mark.parametrize("threads, chosen_per_run", [(None, True), (3, False)])
def test_unset_threads_are_chosen_at_each_run(monkeypatch, threads, chosen_per_run):
    import pyNN.spiNNaker as sim
    calls = []
    monkeypatch.setattr(vm_module, "free_host_cores", lambda: calls.append(1) or 1)
    sim.setup(timestep=1.0, threads=threads)
    sim.Population(3, sim.IF_curr_exp())
    sim.run(5.0)
    sim.run(5.0)
    sim.end()
    assert len(calls) == (2 if chosen_per_run else 0)


def test_runnable_elsewhere_reads_the_kernels_count():
    n = vm_module._runnable_elsewhere()
    if not os.path.exists("/proc/loadavg"):
        assert n is None
    else:
        with open("/proc/loadavg") as f:
            total = int(f.read().split()[3].split("/")[1])
        assert n is not None and 0 <= n < total   # this thread is running, not counted

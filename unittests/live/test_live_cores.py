"""The spike injector and live packet gatherer cores through the public simulation API,
talking to plain UDP sockets (no live connection classes): packets in, packets out."""
import socket
import time

import numpy as np
import pytest

from spynnaker_backend.live import eieio, sdp
from spynnaker_backend.live.eieio import EIEIOType


@pytest.fixture
def sim():
    import pyNN.spiNNaker as sim
    sim.setup(timestep=1.0)
    yield sim
    sim.end()


def _receiver():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(0.5)
    return s


def _drain(s):
    out = []
    while True:
        try:
            out.append(s.recv(1024))
        except socket.timeout:
            return out


@pytest.mark.parametrize("kwargs, decode", [
    ({}, lambda p: [(p.payloads[i], k) for i, k in enumerate(p.keys)]),
    ({"message_type": EIEIOType.KEY_PAYLOAD_32_BIT, "use_payload_prefix": False},
     lambda p: list(zip(p.payloads, p.keys))),
    ({"message_type": EIEIOType.KEY_16_BIT, "use_prefix": True, "key_prefix": 0,
      "prefix_type": eieio.EIEIOPrefix.UPPER_HALF_WORD},
     lambda p: [(p.payloads[0], k) for k in p.keys]),
])
def test_live_output_formats(sim, kwargs, decode):
    rx = _receiver()
    times = [[3.0, 9.0], [], [9.0]]
    src = sim.Population(3, sim.SpikeSourceArray(spike_times=times), label="src")
    src.record("spikes")
    sim.external_devices.activate_live_output_for(
        src, host="127.0.0.1", port=rx.getsockname()[1], notify=False, **kwargs)
    sim.run(20)
    packets = [eieio.decode(d) for d in _drain(rx)]
    recorded = src.get_data().segments[0].spiketrains
    base = min(k for p in packets for k in p.keys)   # the population's key: atom 0
    got = sorted((t, k - base) for p in packets for t, k in decode(p))
    expected = sorted((int(round(float(t))), i) for i, st in enumerate(recorded) for t in st)
    # stamped with the tick each spike was sent in, the tick the recording says (the board's
    # time convention: a spike at t ms is sent and recorded in tick t / dt)
    assert got == expected and len(expected) == 3
    assert all(p.is_time for p in packets)
    rx.close()


def test_injector_takes_atom_ids_and_keys(sim):
    inj = sim.Population(5, sim.external_devices.SpikeInjector(notify=False), label="inj")
    inj.record("spikes")
    sim.run(1)                       # mapped and the board's Ethernet is up
    live = sim.get_run_report()["live"]
    board = live["board_address"]
    from spynnaker_backend.pynn.simulator import state
    mv = state.mapping.machine_graph.slices_of[inj._vertex][0]
    p = state.mapping.placements[mv]
    key = state.mapping.routing_info[mv].key
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.sendto(sdp.eieio_to_core(p.x, p.y, p.p, eieio.encode(EIEIOType.KEY_16_BIT, [1, 4])),
              (board, sdp.SCAMP_PORT))
    tx.sendto(sdp.eieio_to_core(p.x, p.y, p.p,
                                eieio.encode(EIEIOType.KEY_32_BIT, [key | 2, key + 9])),
              (board, sdp.SCAMP_PORT))
    tx.sendto(sdp.eieio_to_core(p.x, p.y, p.p, b"\x05\x08"), (board, sdp.SCAMP_PORT))
    time.sleep(0.2)                  # the datagrams are queued until the next tick
    sim.run(5)
    counts = [len(st) for st in inj.get_data().segments[0].spiketrains]
    assert counts == [0, 1, 1, 0, 1]
    # all in tick 1, the first of the second run
    stamps = {float(st[0]) for st in inj.get_data().segments[0].spiketrains if len(st)}
    assert stamps == {1.0}
    # a key that is not one of the injector's, and a malformed packet: counted as dropped
    from spynnaker_backend.pynn.simulator import state as s2
    counters = s2.device.counters()[(p.x, p.y, p.p)]
    assert counters["live_dropped"] == 2 and counters["sdp_received"] == 3
    tx.close()


def test_paced_run_takes_wall_time(sim):
    sim.setup(timestep=1.0, time_scale_factor=2)
    inj = sim.Population(2, sim.external_devices.SpikeInjector(notify=False), label="inj")
    start = time.perf_counter()
    sim.run(100)
    elapsed = time.perf_counter() - start
    live = sim.get_run_report()["live"]
    assert live["tick_wall_ms"] == 2.0 and live["ticks"] == 100
    assert elapsed >= 0.199              # 100 ticks of 2 ms each, not faster
    assert live["late_ticks"] >= 0 and "max_lateness_ms" in live
    del inj


def test_run_forever_until_request_stop(sim):
    import threading
    ext = sim.external_devices
    sim.Population(1, ext.SpikeInjector(notify=False), label="inj")
    threading.Timer(0.4, ext.request_stop).start()
    start = time.perf_counter()
    t = ext.run_forever()
    elapsed_ms = (time.perf_counter() - start) * 1000
    # paced at 1 ms per tick: it stopped after the request, never ahead of the wall clock
    assert 1 <= t <= elapsed_ms and elapsed_ms < 5000 and t == sim.get_current_time()
    sim.run(10)                         # a later run is an ordinary one
    assert sim.get_current_time() == t + 10


def test_run_forever_without_live_io(sim):
    import threading
    ext = sim.external_devices
    sim.Population(2, sim.IF_curr_exp(), label="p")
    threading.Timer(0.2, ext.request_stop).start()
    t = ext.run_forever()
    assert t > 0 and t % 1000 == 0      # unpaced: it stops at a chunk boundary


def test_bad_live_output_arguments(sim):
    from spynnaker_backend.errors import ConfigurationError
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]), label="s")
    ext = sim.external_devices
    with pytest.raises(ConfigurationError, match="translate_keys"):
        ext.activate_live_output_for(src, translate_keys=True)
    with pytest.raises(ConfigurationError, match="payload"):
        ext.activate_live_output_for(src, message_type=EIEIOType.KEY_PAYLOAD_32_BIT)
    with pytest.raises(ConfigurationError, match="needs a board"):
        ext.PushBotEthernetRetinaDevice(None, None)
    # sPyNNaker's way of making a device population (size None, the class and its
    # parameters), and its protocol constants, reach the device's error too
    with pytest.raises(ConfigurationError, match="ExternalFPGARetinaDevice needs a board"):
        sim.Population(None, ext.ExternalFPGARetinaDevice, {"retina_key": 5})
    assert ext.protocols.MUNICH_MODES.PUSH_BOT.value == 1
    assert ext.PushBotRetinaResolution.DOWNSAMPLE_64_X_64.value.pixels == 64
    with pytest.raises(TypeError, match="SpikeSourcePoisson"):
        ext.add_poisson_live_rate_control(src)


def test_injector_virtual_key_and_reverse_ip_tag(sim):
    ext = sim.external_devices
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    port = rx.getsockname()[1]
    rx.close()   # a free port for the board's reverse IP tag
    inj = sim.Population(8, ext.SpikeInjector(notify=False), label="inj",
                         additional_parameters={"virtual_key": 0x70000, "port": port,
                                                "reserve_reverse_ip_tag": True})
    other = sim.Population(4, sim.SpikeSourceArray(spike_times=[1.0]), label="other")
    pop = sim.Population(8, sim.IF_curr_exp(), label="pop")
    sim.Projection(inj, pop, sim.OneToOneConnector(), sim.StaticSynapse(weight=5.0))
    sim.Projection(other, pop[0:4], sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1))
    inj.record("spikes")
    sim.run(1)
    from spynnaker_backend.pynn.simulator import state
    mv = state.mapping.machine_graph.slices_of[inj._vertex][0]
    assert state.mapping.routing_info[mv].key == 0x70000
    board = sim.get_run_report()["live"]["board_address"]
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # raw EIEIO to the reverse IP tag's port: a full key, and a 16-bit key with the prefix
    tx.sendto(eieio.encode(EIEIOType.KEY_32_BIT, [0x70005]), (board, port))
    tx.sendto(eieio.encode(EIEIOType.KEY_16_BIT, [2], prefix=7,
                           prefix_type=eieio.EIEIOPrefix.UPPER_HALF_WORD), (board, port))
    time.sleep(0.2)
    sim.run(3)
    counts = [len(st) for st in inj.get_data().segments[0].spiketrains]
    assert counts == [0, 0, 1, 0, 0, 1, 0, 0]
    tx.close()
    with pytest.raises(ValueError, match="SpikeInjector"):
        sim.Population(2, sim.IF_curr_exp(), additional_parameters={"virtual_key": 0})

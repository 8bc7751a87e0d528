"""Live I/O with our own connection classes (spynnaker.pyNN.external_devices), in the style
of sPyNNaker's live examples: spikes injected while the simulation runs go through the
injector's keys and routing to a network whose spikes come back live; run_forever ends on a
request_stop() from a live callback."""
import threading
import time

import numpy as np

import pyNN.spiNNaker as sim


def _port():
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_inject_and_receive_with_our_connection():
    ext = sim.external_devices
    conn = ext.SpynnakerLiveSpikesConnection(receive_labels=["chain"], send_labels=["inj"],
                                             local_port=None)
    sent, received, stopped = [], [], threading.Event()

    def send(label, c):
        time.sleep(0.1)
        for atom in (0, 3):
            sent.append((time.time(), atom))
            c.send_spike(label, atom)
            time.sleep(0.05)

    conn.add_start_resume_callback("inj", send)
    conn.add_pause_stop_callback("inj", lambda label, c: stopped.set())
    conn.add_receive_callback("chain", lambda label, t, ids: received.extend(
        (t, i) for i in ids))
    tsf = 4   # 4 ms of wall clock per 1 ms tick: the host keeps pace even when loaded
    sim.setup(timestep=1.0, time_scale_factor=tsf)
    inj = sim.Population(5, ext.SpikeInjector(database_notify_port_num=conn.local_port),
                         label="inj")
    chain = sim.Population(5, sim.IF_curr_exp(tau_syn_E=1.0), label="chain")
    sim.Projection(inj, chain, sim.OneToOneConnector(), sim.StaticSynapse(weight=20.0))
    inj.record("spikes")
    chain.record("spikes")
    ext.activate_live_output_for(chain, database_notify_port_num=conn.local_port)
    sim.run(200)
    live = sim.get_run_report()["live"]
    inj_st = inj.get_data().segments[0].spiketrains
    chain_st = chain.get_data().segments[0].spiketrains
    sim.end()
    assert stopped.wait(2.0)
    conn.close()
    assert [len(st) for st in inj_st] == [1, 0, 0, 1, 0]
    assert [len(st) for st in chain_st] == [1, 0, 0, 1, 0]
    # what came back live is what the chain recorded, tick for tick
    recorded = sorted((int(round(float(st[0]))), i) for i, st in enumerate(chain_st) if len(st))
    assert sorted(received) == recorded
    # given to the injector in the first tick after it reached the board: within 2 ms of the
    # simulated time of its arrival
    assert len(live["injections"]) == len(sent) == 2
    for (arrived, tick), (wall, atom) in zip(live["injections"], sent):
        sim_ms = (arrived - live["start_wall_time"]) * 1000.0 / tsf
        assert float(inj_st[atom][0]) == tick * 1.0
        # within 2 ms, less only what the report says the ticks ran late (a slow host, or
        # the sanitizer engine, cannot keep the pace; the shortfall must be reported)
        lag = live.get("max_lateness_ms", 0.0)
        assert -2.0 - lag <= tick - sim_ms <= 2.0, (sim_ms, tick, live["late_ticks"], lag)
        assert 0 <= arrived - wall < 0.25


def test_run_forever_stopped_from_a_live_callback():
    ext = sim.external_devices
    conn = ext.SpynnakerLiveSpikesConnection(receive_labels=["src"], local_port=None)
    seen = []

    def on_spikes(label, t, ids):
        seen.append(t)
        ext.request_stop()

    conn.add_receive_callback("src", on_spikes)
    sim.setup(timestep=1.0)
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[50.0], [5000.0]]), label="src")
    ext.activate_live_output_for(src, database_notify_port_num=conn.local_port)
    start = time.perf_counter()
    t = ext.run_forever()
    elapsed = time.perf_counter() - start
    sim.end()
    conn.close()
    assert seen == [50]
    # stopped soon after the 50 ms spike, long before the 5 s one
    assert 50 < t < 1000 and elapsed < 4.0, (t, elapsed)
    assert np.isfinite(t)


def test_setup_database_socket_addresses_registers_listeners():
    """setup(database_socket_addresses=[...]) (objects with sPyNNaker SocketAddress's
    attributes, or tuples): each listener is told of the database before the run and of its
    start and end."""
    from types import SimpleNamespace
    from spynnaker_backend.live.connection import DatabaseConnection
    events = {"a": [], "b": []}
    listeners = {k: DatabaseConnection(lambda k=k: events[k].append("start"),
                                       lambda k=k: events[k].append("stop"),
                                       local_host="127.0.0.1", local_port=0)
                 for k in events}
    for k, listener in listeners.items():
        listener.add_database_callback(lambda reader, k=k: events[k].append("database"))
    sim.setup(timestep=1.0, database_socket_addresses=[
        SimpleNamespace(notify_host_name="127.0.0.1",
                        notify_port_no=listeners["a"].local_port, listen_port=None),
        ("127.0.0.1", listeners["b"].local_port, None)])
    pop = sim.Population(2, sim.IF_curr_exp(), label="quiet")
    pop.record("spikes")
    sim.run(20)
    sim.end()
    deadline = time.time() + 2.0
    while time.time() < deadline and any(len(e) < 3 for e in events.values()):
        time.sleep(0.02)
    for listener in listeners.values():
        listener.close()
    assert events["a"] == events["b"] == ["database", "start", "stop"]
    import pytest
    with pytest.raises(TypeError, match="SocketAddress"):
        sim.setup(timestep=1.0, database_socket_addresses=["localhost:19999"])
    sim.end()

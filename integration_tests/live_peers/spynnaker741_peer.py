"""Runs in sPyNNaker 7.4.1's own environment (not ours): its live connection classes talk to
a simulation of ours over UDP.  Prints 'READY' once listening, then one JSON line of what
happened after the simulation's pause/stop notification (or after --timeout seconds).

    python spynnaker741_peer.py receive PORT LABEL
    python spynnaker741_peer.py send PORT LABEL DELAY_S ATOM[,ATOM..] [full]
    python spynnaker741_peer.py poisson PORT LABEL DELAY_S ATOM:RATE[,ATOM:RATE..]
"""
import json
import sys
import threading
import time


def main(argv):
    mode, port, label = argv[0], int(argv[1]), argv[2]
    stopped = threading.Event()
    log = {"mode": mode, "received": [], "sent": [], "started": None, "init": None}
    if mode == "poisson":
        from spynnaker.pyNN.connections import SpynnakerPoissonControlConnection
        conn = SpynnakerPoissonControlConnection(poisson_labels=[label], local_port=port)
    else:
        from spynnaker.pyNN.connections import SpynnakerLiveSpikesConnection
        conn = SpynnakerLiveSpikesConnection(
            receive_labels=[label] if mode == "receive" else None,
            send_labels=[label] if mode == "send" else None, local_port=port)

    def on_init(lb, n_atoms, run_time_ms, timestep_ms):
        log["init"] = [lb, n_atoms, run_time_ms, timestep_ms]

    def on_start(lb, c):
        log["started"] = time.time()
        if mode == "send":
            time.sleep(float(argv[3]))
            atoms = [int(a) for a in argv[4].split(",")]
            full = len(argv) > 5 and argv[5] == "full"
            for atom in atoms:
                log["sent"].append([time.time(), atom])
                c.send_spike(lb, atom, send_full_keys=full)
                time.sleep(0.03)
        elif mode == "poisson":
            time.sleep(float(argv[3]))
            pairs = [(int(a), float(r)) for a, r in
                     (item.split(":") for item in argv[4].split(","))]
            log["sent"].append([time.time(), pairs])
            c.set_rates(lb, pairs)

    def on_stop(lb, c):
        stopped.set()

    conn.add_init_callback(label, on_init)
    conn.add_start_resume_callback(label, on_start)
    conn.add_pause_stop_callback(label, on_stop)
    if mode == "receive":
        conn.add_receive_callback(
            label, lambda lb, t, ids: log["received"].append([t, list(ids)]))
    print("READY", flush=True)
    stopped.wait(float(dict(a.split("=") for a in argv if "=" in a).get("--timeout", 60)))
    time.sleep(0.2)   # packets of the last ticks
    conn.close()
    print(json.dumps(log), flush=True)


if __name__ == "__main__":
    main([a for a in sys.argv[1:]])

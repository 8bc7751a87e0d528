"""The run phase of the canonical microcircuit, measured in chunks: rows, words, time per row.

Builds ``microcircuit_canonical.py``'s network (same arguments), runs the first timestep
(mapping + load) and a warm-up, then ``--chunks`` timed chunks of ``--chunk`` ms, and prints

- rows delivered to neuron cores (packets that found a row), words per row, rows per spike,
  rows per core and tick (from the cores' counters over the timed chunks);
- CPU and wall seconds of the chunks and CPU ns per delivered row and per synaptic word;
- resident memory and how much of it is in transparent huge pages (AnonHugePages of
  /proc/self/smaps) after loading and at the end.

While the chunks run, the file named by ``--ready`` holds the process id (for ``perf record
-p``; removed after the last chunk).  Engines can be compared on the same load by running
two of these at once with ``SPYNNAKER_ENGINE`` pointing at each build.

    python benchmarks/run_phase_stats.py spiNNaker --scale 1.0 --threads 2 \\
        [--warm 50] [--chunks 4] [--chunk 50] [--ready FILE]
"""
import os
import re
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import microcircuit_canonical as canonical  # noqa: E402

OPTIONS = {"--warm": 50.0, "--chunks": 4, "--chunk": 50.0, "--ready": ""}


def own_options(argv):
    """This script's options out of argv; the rest goes to microcircuit_canonical."""
    rest, it = [], iter(argv)
    for a in it:
        if a in OPTIONS:
            OPTIONS[a] = type(OPTIONS[a])(next(it))
        else:
            rest.append(a)
    return rest


def resident_kb():
    """(resident kB, of which in transparent huge pages) of this process."""
    rss = huge = 0
    with open("/proc/self/smaps") as f:
        for line in f:
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("AnonHugePages:"):
                huge += int(line.split()[1])
    return rss, huge


def delivered(counters):
    """Per core (rows received, synaptic words) as an array."""
    return np.array([(c["packets_received"], c["synaptic_events"])
                     for _, c in sorted(counters.items())], dtype=np.int64)


def spike_total(pops):
    return sum(p.mean_spike_count() * p.size for p in pops)


def chunks(sim, dt, tstop, pops):
    from spynnaker_backend.pynn.simulator import state
    t0 = time.perf_counter()
    sim.run(dt)
    rss, huge = resident_kb()
    print(f"mapping + load {time.perf_counter() - t0:.1f} s; resident {rss / 1e6:.2f} GB, "
          f"in huge pages {huge / 1e6:.2f} GB", flush=True)
    sim.run(OPTIONS["--warm"])
    before, spikes = delivered(state.device.counters()), spike_total(pops)
    if OPTIONS["--ready"]:
        with open(OPTIONS["--ready"], "w") as f:
            f.write(str(os.getpid()))
    wall = cpu = 0.0
    for k in range(OPTIONS["--chunks"]):
        w0, c0 = time.perf_counter(), time.process_time()
        sim.run(OPTIONS["--chunk"])
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        print(f"chunk {k}: wall {time.perf_counter() - w0:.2f} s, cpu "
              f"{time.process_time() - c0:.2f} s, load {os.getloadavg()[0]:.1f}", flush=True)
    if OPTIONS["--ready"]:
        os.unlink(OPTIONS["--ready"])
    d = delivered(state.device.counters()) - before
    spikes = spike_total(pops) - spikes
    neuron = d[d[:, 1] > 0]          # cores that add synaptic words (not delay extensions)
    rows, words = int(neuron[:, 0].sum()), int(neuron[:, 1].sum())
    ticks = OPTIONS["--chunks"] * OPTIONS["--chunk"] / dt
    rss, huge = resident_kb()
    print(f"{len(neuron)} neuron cores: {rows} rows, {words / rows:.2f} words a row, "
          f"{rows / spikes:.1f} rows a spike ({spikes:.0f} spikes), "
          f"{np.median(neuron[:, 0]) / ticks:.1f} rows a core and tick (median); "
          f"{int(d[d[:, 1] == 0][:, 0].sum())} packets to other cores")
    print(f"chunks: wall {wall:.2f} s, cpu {cpu:.2f} s: {cpu / rows * 1e9:.0f} ns cpu a row, "
          f"{cpu / words * 1e9:.1f} ns a word; resident {rss / 1e6:.2f} GB, in huge pages "
          f"{huge / 1e6:.2f} GB", flush=True)
    raise SystemExit(0)


def main():
    sys.argv = [sys.argv[0]] + own_options(sys.argv[1:])
    import pyNN.spiNNaker as sim
    pops = []
    population = sim.Population

    class Recorded(population):
        """The script's layer populations (labels L23E ... L6I), to count their spikes."""
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.label in canonical.LAYERS:
                pops.append(self)

    sim.Population = Recorded
    canonical.timed_run_cpu = lambda s, dt, tstop: chunks(s, dt, tstop, pops)
    canonical.main()


if __name__ == "__main__":
    main()

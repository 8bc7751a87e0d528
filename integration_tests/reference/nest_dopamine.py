"""NEST 3.10's stdp_dopamine_synapse on a protocol of known spike times (run in a subprocess:
``python nest_dopamine.py args.json out.json``).

Pre and post cells are parrot neurons firing at the given times (the plastic synapses end on
the post parrots' port 1, which never makes them fire); one dopamine parrot feeds the volume
transmitter so that dopamine reaches the synapses at the given times (NEST counts a dopamine
spike at its arrival at the volume transmitter).  NEST's dopamine level n jumps by 1/tau_n per
spike, where sPyNNaker's D jumps by the Neuromodulation weight: the caller scales A_plus and
A_minus by weight * tau_d to compare.
"""
import json
import sys

import nest

nest.set_verbosity("M_ERROR")

def run_nest(pre, stim, dopamine, delay, a_plus, a_minus, tau_plus, tau_minus, tau_c, tau_d,
             w0, w_min, w_max, end):
    """pre: spike times of each pre parrot; stim: of each post parrot; dopamine: the times
    dopamine reaches the synapses (ms).  Returns the post spikes and the (pre, post, weight)
    of every plastic connection at ``end``."""
    nest.ResetKernel()
    nest.resolution = 1.0
    pg = nest.Create("spike_generator", len(pre), params=[{"spike_times": [float(t) - 1 for t in p]} for p in pre])
    pp = nest.Create("parrot_neuron", len(pre))
    nest.Connect(pg, pp, "one_to_one", {"delay": 1.0})
    sg = nest.Create("spike_generator", len(stim), params=[{"spike_times": [float(t) - 1 for t in s]} for s in stim])
    post = nest.Create("parrot_neuron", len(stim), params={"tau_minus": tau_minus})
    nest.Connect(sg, post, "one_to_one", {"delay": 1.0})
    dg = nest.Create("spike_generator", 1, params={"spike_times": [float(t) - 2 for t in dopamine]})
    dp = nest.Create("parrot_neuron", 1)
    nest.Connect(dg, dp, syn_spec={"delay": 1.0})
    vt = nest.Create("volume_transmitter")
    nest.Connect(dp, vt, syn_spec={"delay": 1.0})
    nest.CopyModel("stdp_dopamine_synapse", "dopa", {
        "volume_transmitter": vt, "A_plus": a_plus, "A_minus": a_minus, "tau_plus": tau_plus,
        "tau_c": tau_c, "tau_n": tau_d, "b": 0.0, "Wmin": w_min, "Wmax": w_max})
    nest.Connect(pp, post, "all_to_all", {"synapse_model": "dopa", "weight": w0,
                                          "delay": float(delay), "receptor_type": 1})
    rec = nest.Create("spike_recorder")
    nest.Connect(post, rec)
    nest.Simulate(end)
    ev = rec.get("events")
    spikes = [sorted(ev["times"][ev["senders"] == g].tolist()) for g in post.tolist()]
    conns = nest.GetConnections(pp, post, synapse_model="dopa").get(["source", "target", "weight"])
    i0, j0 = pp.tolist()[0], post.tolist()[0]
    w = [(s - i0, t - j0, x) for s, t, x in zip(conns["source"], conns["target"], conns["weight"])]
    return {"spikes": spikes, "weights": w}

if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        kwargs = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump(run_nest(**kwargs), f)

"""A synfire ring written the way sPyNNaker's example scripts are: bare cell classes, a
positional SpikeSourceArray, neurons per core from a float, a FromListConnector ring, data
through neo_convertor, a plot annotated with sim.name().  Writes synfire_spikes.npy and
synfire.png."""
import matplotlib.pyplot as plt
import numpy
import pyNN.spiNNaker as p
from pyNN.utility.plotting import Figure, Panel
from spynnaker.pyNN.utilities import neo_convertor

p.setup(timestep=1.0, min_delay=1.0)
n_neurons = 50
n_groups = 5
group_size = n_neurons / n_groups
p.set_number_of_neurons_per_core(p.IF_curr_exp, n_neurons / 5)

ring = p.Population(n_neurons, p.IF_curr_exp, {"tau_syn_E": 5.0, "tau_refrac": 10.0},
                    label="ring")
kick = p.Population(1, p.SpikeSourceArray([1.0]), label="kick")

links = []
for i in range(n_neurons):
    group = int(i // group_size)
    target_group = (group + 1) % n_groups
    for j in range(int(target_group * group_size), int((target_group + 1) * group_size)):
        links.append((i, j, 1.0, 5.0))
p.Projection(ring, ring, p.FromListConnector(links), receptor_type="excitatory",
             label="ring links")
p.Projection(kick, ring, p.FromListConnector([(0, j, 8.0, 1.0) for j in range(10)]),
             p.StaticSynapse())

ring.record(["spikes", "v"])
p.run(120)

neo = ring.get_data(["spikes", "v"])
spikes = neo_convertor.convert_spikes(neo)
numpy.save("synfire_spikes.npy", spikes)
v = neo.segments[0].filter(name="v")[0]
p.end()

Figure(Panel(v, ylabel="Membrane potential (mV)", data_labels=["ring"], yticks=True),
       Panel(neo.segments[0].spiketrains, yticks=True, markersize=2),
       title="Synfire ring", annotations=f"Simulated with {p.name()}")
plt.savefig("synfire.png")
plt.show()

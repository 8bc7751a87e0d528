"""sPyNNaker-style connectors: a 0/1 float ArrayConnector, a SmallWorldConnector with
verbose=True, extra_models.AllButMeConnector for winner-takes-all, weights read with
get(format='list') and 'nparray'.  Writes connectors.npz."""
import numpy
import pyNN.spiNNaker as sim

sim.setup(timestep=1.0)
stim = sim.Population(4, sim.SpikeSourcePoisson(rate=[30.0, 10.0, 10.0, 10.0]), label="stim",
                      seed=3)
wta = sim.Population(4, sim.IF_curr_exp(), label="wta")
line = sim.Population(12, sim.IF_curr_exp(), label="line", structure=sim.Line(dx=1.0))
matrix = numpy.eye(4)
sim.Projection(stim, wta, sim.ArrayConnector(matrix), sim.StaticSynapse(weight=3.0))
sim.Projection(wta, wta, sim.extra_models.AllButMeConnector(),
               sim.StaticSynapse(weight=4.0), receptor_type="inhibitory")
small = sim.Projection(line, line, sim.SmallWorldConnector(
    degree=1.5, rewiring=0.0, verbose=True), sim.StaticSynapse(weight=0.1, delay=2.0))
wta.record("spikes")
sim.run(500.0)
as_list = numpy.array(small.get(["weight", "delay"], format="list"))
as_array = small.get("delay", format="nparray")
counts = [len(st) for st in wta.get_data("spikes").segments[0].spiketrains]
sim.end()
numpy.savez("connectors.npz", as_list=as_list, as_array=as_array, counts=counts)
print("wta spike counts", counts)

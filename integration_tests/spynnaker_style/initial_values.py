"""Initial values given with the cell parameters, sPyNNaker style: IF_curr_exp(v=...,
isyn_exc=...) and Izhikevich(v=..., u=..., tau_syn_E=...), recorded with record('all') and
read back through neo_convertor.  Writes initial_values.npz."""
import numpy
import pyNN.spiNNaker as sim
from spynnaker.pyNN.utilities import neo_convertor

sim.setup(timestep=1.0)
lif = sim.Population(1, sim.IF_curr_exp(v=-72.0, isyn_exc=0.4, v_thresh=-40.0), label="lif")
izk = sim.Population(1, sim.Izhikevich(a=0.02, b=0.2, c=-65, d=8, v=-70, u=-14,
                                       tau_syn_E=2, tau_syn_I=2, i_offset=0),
                     label="izk")
lif.record("all")
izk.record(["v", "u"])
sim.run(25.0)
lif_v = neo_convertor.convert_data(lif.get_data("v"), "v")
lif_i = neo_convertor.convert_data(lif.get_data("gsyn_exc"), "gsyn_exc")
izk_v = neo_convertor.convert_data(izk.get_data("v"), "v")
sim.end()
numpy.savez("initial_values.npz", lif_v=lif_v, lif_i=lif_i, izk_v=izk_v)
print("v0", lif_v[0, 2], "i0", lif_i[0, 2], "izk v0", izk_v[0, 2])

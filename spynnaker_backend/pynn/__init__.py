"""The PyNN API layer: subclasses of ``pyNN.common`` whose hook methods build the graph.

The public module surface is :mod:`spynnaker.pyNN` (what ``pyNN.spiNNaker`` imports).
"""

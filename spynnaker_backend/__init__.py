"""spynnaker_backend: a PyNN backend for SpiNNaker-style hardware that executes networks.

The public face is :mod:`spynnaker.pyNN` (and so ``import pyNN.spiNNaker as sim``).
"""
__version__ = "0.1.0"

"""Run the same PyNN script on pyNN.nest and pyNN.spiNNaker and compare the results.

* :mod:`.simrun` runs one script function on one simulator in its own subprocess (NEST and this
  backend never share a process, so their module-level state cannot clash) and returns its
  results as numpy arrays;
* :mod:`.protocols` holds the PyNN scripts (functions of the simulator module);
* :mod:`.measures` holds the comparisons (RMS on the common grid, pairwise spike matching,
  network statistics).
"""
from .simrun import SimulationFailed, run_on, run_on_both

__all__ = ["SimulationFailed", "run_on", "run_on_both"]

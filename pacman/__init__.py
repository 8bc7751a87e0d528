"""The few names of PACMAN 7.4.1 that sPyNNaker's official example scripts import: the
splitter classes of ``model.partitioner_splitters``, which choose how a population is cut into
cores (spynnaker_backend/pynn/splitters.py says what each does here).  Nothing else of PACMAN
exists here: this package replaces sPyNNaker's toolchain, and a script that reaches for more
gets an ImportError naming the missing module."""

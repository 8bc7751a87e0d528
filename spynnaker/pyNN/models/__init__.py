"""sPyNNaker's ``spynnaker.pyNN.models`` package path, for scripts that import a model class
from where sPyNNaker 7.4.1 defines it (only the paths official scripts use)."""

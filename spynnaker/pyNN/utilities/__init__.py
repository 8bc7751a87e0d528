"""sPyNNaker's ``spynnaker.pyNN.utilities`` modules used by scripts: ``neo_convertor`` and
``utility_calls``."""

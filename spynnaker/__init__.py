"""sPyNNaker-compatible package name; the public module is :mod:`spynnaker.pyNN`."""

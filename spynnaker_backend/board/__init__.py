"""The board device: a physical SpiNNaker machine (or the loopback board) through SpiNNMan.

The only package that imports ``spinnman``, and only in the modules that need it
(session.py, discovered_machine.py, board_device.py), so that ``aplx.py`` runs with the
standard library alone.  SpiNNMan is the optional extra ``pip install spynnaker_backend[board]``.
"""

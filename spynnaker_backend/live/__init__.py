"""Live I/O: EIEIO spike packets and the database notification protocol over UDP, as
sPyNNaker's external devices speak them (see docs/live_io.md)."""

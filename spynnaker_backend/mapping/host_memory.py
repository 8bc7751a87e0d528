"""Host memory: large freed blocks go back to the operating system at once.

glibc's malloc serves a block of more than ``M_MMAP_THRESHOLD`` bytes with its own mmap and
returns it to the system on free, but it raises that threshold (up to 32 MB) each time such
a block is freed; from then on the mapping's per-core matrices (a few MB each, built in
worker threads, hence in the workers' malloc arenas) come from arenas that keep their pages
after the device has copied the bytes and the host has dropped them.  At scale 0.3 of the
microcircuit that left ~380 MB of freed matrices resident next to the device's copy (the
whole matrix set twice at the peak).  Fixing the threshold (which also turns off its
dynamic growth) makes every block of 1 MB or more an mmap of its own, unmapped when freed.
"""
import ctypes

#: mallopt's parameter number for the mmap threshold (glibc malloc.h).
M_MMAP_THRESHOLD = -3
#: Blocks at least this large get their own mapping (returned to the system when freed).
THRESHOLD_BYTES = 1 << 20

_done = []


def return_large_blocks() -> bool:
    """Make freed blocks of THRESHOLD_BYTES or more leave the process (glibc; once per
    process).  True when the allocator took the setting; False elsewhere (other C
    libraries keep their own policy, which is no error)."""
    if _done:
        return _done[0]
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):   # not glibc (musl, macOS): nothing to set
        _done.append(False)
        return False
    mallopt.restype = ctypes.c_int
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    _done.append(bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD_BYTES)))
    return _done[0]

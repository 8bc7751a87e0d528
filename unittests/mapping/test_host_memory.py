"""Freed large blocks leave the process once return_large_blocks() has run (glibc)."""
import os
import subprocess
import sys
import textwrap

import pytest

_SCRIPT = textwrap.dedent("""
    import sys, threading
    import numpy as np
    from spynnaker_backend.mapping.host_memory import return_large_blocks

    def rss_mb():
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024

    if sys.argv[1] == "set" and not return_large_blocks():
        print("UNSUPPORTED"); sys.exit(0)
    # what the mapping does: 4 MB temporaries freed (the threshold grows past them), then
    # 120 blocks of 3 MB made in a worker thread, kept, and dropped after "loading"
    for _ in range(4):
        t = np.ones(1 << 19); del t
    kept = []
    worker = threading.Thread(target=lambda: kept.extend(
        np.ones(3 << 17).tobytes() for _ in range(120)))
    worker.start(); worker.join()
    held = rss_mb()
    kept.clear()
    print(held - rss_mb())
""")


def _released_mb(mode):
    out = subprocess.run([sys.executable, "-c", _SCRIPT, mode], capture_output=True,
                         text=True, check=True).stdout.strip()
    if out == "UNSUPPORTED":
        pytest.skip("not glibc: the C library keeps its own policy")
    return float(out)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.skipif("libasan" in os.environ.get("LD_PRELOAD", ""),
                    reason="make sanitize: ASan's allocator (and its quarantine) replaces glibc's")
def test_dropped_blocks_leave_the_process():
    # 120 x 3 MB = 360 MB made and dropped: (almost) all of it must leave
    assert _released_mb("set") > 330


def test_setting_is_taken_once():
    from spynnaker_backend.mapping import host_memory
    first = host_memory.return_large_blocks()
    assert host_memory.return_large_blocks() is first

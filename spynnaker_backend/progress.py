"""Progress bars of the long phases (mapping stages, loading, runs).

A phase draws a tqdm bar on stderr with its name, a count and an ETA, but only once it has
lasted ``DELAY_S`` seconds, so short phases stay silent.  Bars are on when the setting says
so (``[Reports] progress_bars`` in spynnaker.cfg, :func:`configure`), and by default only
when stderr is a terminal outside CI (no ``CI`` environment variable): logs of batch jobs
and test runs stay free of carriage-return noise.

This module imports nothing from the rest of the package (every unit may use it).
"""
import os
import sys
from typing import Optional

#: Seconds a phase runs before its bar appears.
DELAY_S = 2.0

_setting: Optional[bool] = None


def configure(setting: Optional[bool]):
    """True or False: bars always or never; None: automatic (terminal and not CI)."""
    global _setting
    if setting is not None and not isinstance(setting, bool):
        raise ValueError(f"progress bars: expected True, False or None (automatic), "
                         f"got {setting!r}")
    _setting = setting


def enabled() -> bool:
    """Whether a phase starting now draws a bar."""
    if _setting is not None:
        return _setting
    if os.environ.get("CI"):
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


class _Silent:
    """The bar of a phase when bars are off: accepts the calls, draws nothing."""

    def update(self, n=1):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def bar(name: str, total: int, unit: str = "it"):
    """A bar for a phase of ``total`` steps named ``name`` (a context manager with
    ``update(n)``), drawn after DELAY_S seconds when bars are enabled."""
    if not enabled():
        return _Silent()
    from tqdm import tqdm   # imported when a bar is drawn: import time stays low
    return tqdm(total=total, desc=name, unit=unit, delay=DELAY_S, leave=False,
                file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

"""The simulator's native RNG, as PyNN asks every backend to provide one."""
from pyNN import random


class NativeRNG(random.NumpyRNG, random.NativeRNG):
    """Random numbers drawn on the host with numpy's generator (the cores get the drawn
    values in their images, so "native" means the host here); seeded like NumpyRNG."""

    def __str__(self):
        return f"NativeRNG(seed={self.seed})"

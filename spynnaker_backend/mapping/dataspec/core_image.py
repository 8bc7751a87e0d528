"""What one core is given: a binary name and its regions."""
from dataclasses import dataclass
from typing import Dict


class LoadedRegion:
    """Region data the device already holds and that only a new mapping changes (the
    synaptic matrices): the host keeps its size, not a second copy of the bytes."""
    __slots__ = ("size",)

    def __init__(self, size: int):
        self.size = int(size)

    def __len__(self):
        return self.size

    def __repr__(self):
        return f"LoadedRegion({self.size})"


@dataclass(frozen=True)
class CoreImage:
    """The binary a core runs and its data-spec regions ({region id: bytes})."""
    binary: str
    regions: Dict[int, bytes]

    @property
    def size_in_bytes(self) -> int:
        return sum(len(b) for b in self.regions.values())


def write_changed(device, images, keep=()) -> None:
    """Write every region of ``images`` ({placement: CoreImage}) that differs from what
    ``device`` holds (through its ``read_region``/``write_region``), except those in
    ``keep`` whose size is unchanged (state the cores wrote: the current state) and
    LoadedRegions (held already: only a new mapping changes them).  Both devices (the VM
    and a board) update their parameters this way."""
    for placement, image in images.items():
        for region, data in image.regions.items():
            if isinstance(data, LoadedRegion):
                continue
            current = device.read_region(placement, region)
            if region in keep and len(current) == len(data):
                continue
            if current != bytes(data):
                device.write_region(placement, region, data)

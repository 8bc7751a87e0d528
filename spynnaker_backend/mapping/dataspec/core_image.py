"""What one core is given: a binary name and its regions."""
from dataclasses import dataclass
from typing import Dict


@dataclass(frozen=True)
class CoreImage:
    """The binary a core runs and its data-spec regions ({region id: bytes})."""
    binary: str
    regions: Dict[int, bytes]

    @property
    def size_in_bytes(self) -> int:
        return sum(len(b) for b in self.regions.values())

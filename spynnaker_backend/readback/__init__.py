"""Recording regions (bytes) -> numpy arrays -> (via the PyNN layer) Neo; run reports."""
from .recordings import read
from .run_report import raise_on_losses, run_report, LossError

__all__ = ["read", "run_report", "raise_on_losses", "LossError"]

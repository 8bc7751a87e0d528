"""Recording regions (bytes) -> numpy arrays -> (via the PyNN layer) Neo; run reports."""
from .connections import read_connections, read_rewired
from .recordings import read
from .state_values import current_values
from .run_report import raise_on_losses, run_report, LossError

__all__ = ["read", "read_connections", "read_rewired", "current_values", "run_report", "raise_on_losses", "LossError"]

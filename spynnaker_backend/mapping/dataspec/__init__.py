"""Per-core images: ``{region id: bytes}`` and the binary that runs there."""

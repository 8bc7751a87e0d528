"""PACMAN's model package: only ``partitioner_splitters`` exists here."""

"""Mapping: application graph -> machine graph -> placements, keys, routes, images."""

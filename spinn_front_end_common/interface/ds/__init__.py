"""SpiNNFrontEndCommon 7.4.1's ``interface.ds``: the DataType enumeration only."""
from .data_type import DataType

__all__ = ("DataType",)

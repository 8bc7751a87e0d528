"""SpiNNFrontEndCommon 7.4.1's DataType: the binary formats of the words a SpiNNaker core
reads (integers, fixed point, floats).  Members, ids, sizes, ranges and scales are 7.4.1's
(``DataType.S1615.max`` is Decimal('65535.999969482421875'), as scripts divide by it)."""
import struct
from decimal import Decimal
from enum import Enum

import numpy as np


class DataType(Enum):
    """(id, bytes, min, max, scale, struct code, scaled, doc) of each type."""
    UINT8 = (0, 1, "0", "255", "1", "B", False, "8-bit unsigned integer")
    UINT16 = (1, 2, "0", "65535", "1", "H", False, "16-bit unsigned integer")
    UINT32 = (2, 4, "0", "4294967295", "1", "I", False, "32-bit unsigned integer")
    UINT64 = (3, 8, "0", "18446744073709551615", "1", "Q", False, "64-bit unsigned integer")
    INT8 = (4, 1, "-128", "127", "1", "b", False, "8-bit signed integer")
    INT16 = (5, 2, "-32768", "32767", "1", "h", False, "16-bit signed integer")
    INT32 = (6, 4, "-2147483648", "2147483647", "1", "i", False, "32-bit signed integer")
    INT64 = (7, 8, "-9223372036854775808", "9223372036854775807", "1", "q", False,
             "64-bit signed integer")
    U88 = (8, 2, "0", "255.99609375", "256", "H", True, "8.8 unsigned fixed point number")
    U1616 = (9, 4, "0", "65535.9999847", "65536", "I", True,
             "16.16 unsigned fixed point number")
    U3232 = (10, 8, "0", "4294967295.99999999976716935634613037109375", "4294967296", "Q",
             True, "32.32 unsigned fixed point number")
    S87 = (11, 2, "-256", "255.9921875", "128", "h", True, "8.7 signed fixed point number")
    S1615 = (12, 4, "-65536", "65535.999969482421875", "32768", "i", True,
             "16.15 signed fixed point number")
    S3231 = (13, 8, "-4294967296", "4294967295.9999999995343387126922607421875",
             "2147483648", "q", True, "32.31 signed fixed point number")
    FLOAT_32 = (14, 4, "-3.4028234E+38", "3.4028234E+38", "1", "f", False,
                "32-bit floating point number")
    FLOAT_64 = (15, 8, "-1.7976931348623157E+308", "1.7976931348623157E+308", "1", "d",
                False, "64-bit floating point number")
    U08 = (16, 1, "0", "0.99609375", "256", "B", True, "0.8 unsigned fixed point number")
    U016 = (17, 2, "0", "0.999984741211", "65536", "H", True,
            "0.16 unsigned fixed point number")
    U032 = (18, 4, "0", "0.99999999976716935634613037109375", "4294967296", "I", True,
            "0.32 unsigned fixed point number")
    U064 = (19, 8, "0", "0.9999999999999999999457898913757247782996273599565029",
            "18446744073709551616", "Q", True, "0.64 unsigned fixed point number")
    S07 = (20, 1, "-1", "0.9921875", "128", "b", True, "0.7 signed fixed point number")
    S015 = (21, 2, "-1", "0.999969482421875", "32768", "h", True,
            "0.15 signed fixed point number")
    S031 = (22, 4, "-1", "0.99999999976716935634613037109375", "2147483648", "i", True,
            "0.31 signed fixed point number")
    S063 = (23, 8, "-1", "0.9999999999999999998915797827514495565992547199130058",
            "9223372036854775808", "q", True, "0.63 signed fixed point number")

    def __new__(cls, value, size, lo, hi, scale, code, scaled, doc):
        member = object.__new__(cls)
        member._value_ = value
        member._size = size
        member._min, member._max, member._scale = Decimal(lo), Decimal(hi), Decimal(scale)
        member._code = code
        member._scaled = scaled
        member.__doc__ = doc
        return member

    @property
    def size(self) -> int:
        """Bytes of one value."""
        return self._size

    @property
    def min(self) -> Decimal:
        return self._min

    @property
    def max(self) -> Decimal:
        return self._max

    @property
    def scale(self) -> Decimal:
        """Integer units of one unit of the value (2^fraction bits for fixed point)."""
        return self._scale

    @property
    def struct_encoding(self) -> str:
        return self._code

    def check_value(self, value) -> None:
        """Raise ValueError if ``value`` is outside the type's range."""
        if not self._min <= Decimal(str(value)) <= self._max:
            raise ValueError(f"value {value} cannot be converted to {self.__doc__}: "
                             f"out of range")

    def encode_as_int(self, value) -> int:
        """The word's integer: value x scale rounded to nearest (fixed point), int(value)
        (integers), as 7.4.1 encodes."""
        if self._scaled:
            self.check_value(value)
            return int(round(Decimal(str(value)) * self._scale))
        if self._code in "fd":
            return value
        return int(value)

    def as_bytes(self, value) -> bytes:
        """The value's bytes, little-endian, no padding."""
        return struct.pack("<" + self._code, self.encode_as_int(value))

    def decode_array(self, values) -> np.ndarray:
        """Words (bytes or an integer array) back to values (float64 for fixed point)."""
        raw = np.frombuffer(values, dtype="<" + self._code) if isinstance(
            values, (bytes, bytearray)) else np.asarray(values)
        return raw / float(self._scale) if self._scaled else raw

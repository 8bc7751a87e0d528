"""Loading the native engine (the compiled ``_engine`` extension, or SPYNNAKER_ENGINE)."""
import ctypes
import os
from functools import lru_cache
from importlib import machinery
from pathlib import Path

_HERE = Path(__file__).resolve().parent

c_u32 = ctypes.c_uint32
c_int = ctypes.c_int
c_vp = ctypes.c_void_p

#: name -> (restype, argtypes) of every function in engine.h
SIGNATURES = {
    "vm_create": (c_vp, [c_u32, c_u32]),
    "vm_destroy": (None, [c_vp]),
    "vm_error": (ctypes.c_char_p, [c_vp]),
    "vm_add_chip": (c_int, [c_vp, c_u32, c_u32, ctypes.c_uint64]),
    "vm_add_link": (c_int, [c_vp, c_u32, c_u32, c_u32, c_u32, c_u32]),
    "vm_set_table": (c_int, [c_vp, c_u32, c_u32, c_u32, ctypes.POINTER(c_u32)]),
    "vm_add_core": (c_int, [c_vp, c_u32, c_u32, c_u32, ctypes.c_char_p]),
    "vm_set_region": (c_int, [c_vp, c_int, c_u32, ctypes.c_char_p, c_u32]),
    "vm_set_region_padded": (c_int, [c_vp, c_int, c_u32, ctypes.c_char_p, c_u32, c_u32]),
    "vm_region_size": (c_u32, [c_vp, c_int, c_u32]),
    "vm_region_data": (ctypes.POINTER(ctypes.c_uint8), [c_vp, c_int, c_u32]),
    "vm_init": (c_int, [c_vp]),
    "vm_reload": (c_int, [c_vp, c_int]),
    "vm_pause": (None, [c_vp]),
    "vm_run": (c_int, [c_vp, c_u32, c_u32]),
    "vm_reset": (c_int, [c_vp]),
    "vm_interrupt": (None, [c_vp, c_int]),
    "vm_tick": (c_u32, [c_vp]),
    "vm_counters": (c_int, [c_vp, c_int, ctypes.POINTER(ctypes.c_uint64), c_u32]),
    "vm_dropped": (ctypes.c_uint64, [c_vp, c_u32, c_u32]),
    "vm_dtcm_used": (c_u32, [c_vp, c_int]),
    "vm_sdp_to_core": (c_int, [c_vp, c_int, ctypes.c_char_p, c_u32]),
    "vm_sdp_from_core": (c_int, [c_vp, c_int, ctypes.c_char_p, ctypes.POINTER(c_u32)]),
}


def find_native_library(directory, stem: str, override_variable: str, what: str) -> str:
    """Path of the extension ``stem`` built into ``directory`` (any of this Python's
    extension suffixes), unless the environment variable ``override_variable`` names
    another build (e.g. one with sanitizers); ImportError saying how to build it."""
    override = os.environ.get(override_variable)
    if override:
        return override
    for suffix in machinery.EXTENSION_SUFFIXES:
        candidate = directory / f"{stem}{suffix}"
        if candidate.exists():
            return str(candidate)
    raise ImportError(
        f"{what} ({directory.name}/{stem}) is not built: run `pip install -e .` (or `make "
        f"install`, or `python setup.py build_ext --inplace`) in the spynnaker_backend checkout")


def _find_library() -> str:
    return find_native_library(_HERE, "_engine", "SPYNNAKER_ENGINE", "the native engine")


@lru_cache(maxsize=None)
def engine() -> ctypes.CDLL:
    """The engine library with every function's signature declared."""
    lib = ctypes.CDLL(_find_library())
    for name, (restype, argtypes) in SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib

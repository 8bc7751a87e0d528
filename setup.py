"""Build of the native virtual-machine engine (everything else is in setup.cfg)."""
from glob import glob
from setuptools import Extension, setup

engine = Extension(
    "spynnaker_backend.vm._engine",
    sources=sorted(glob("spynnaker_backend/vm/native/*.c")
                   + glob("neural_modelling/src/*.c")),
    include_dirs=["neural_modelling/include", "c_models", "spynnaker_backend/vm/native"],
    extra_compile_args=["-O3", "-std=c11", "-Wall", "-Wextra", "-pthread"],
    extra_link_args=["-pthread", "-lm"],
)

setup(ext_modules=[engine])

"""Build of the native extensions: the virtual-machine engine and the PyNN layer's Bernoulli
draw kernel (everything else is in setup.cfg)."""
from glob import glob
from setuptools import Extension, setup

engine = Extension(
    "spynnaker_backend.vm._engine",
    sources=sorted(glob("spynnaker_backend/vm/native/*.c")
                   + glob("neural_modelling/src/*.c")),
    include_dirs=["neural_modelling/include", "c_models", "spynnaker_backend/vm/native"],
    # headers too: a changed model component or core header must rebuild the engine
    depends=sorted(glob("neural_modelling/include/**/*.h", recursive=True)
                   + glob("c_models/**/*.h", recursive=True)
                   + glob("spynnaker_backend/vm/native/*.h")),
    extra_compile_args=["-O3", "-std=c11", "-Wall", "-Wextra", "-pthread"],
    extra_link_args=["-pthread", "-lm"],
)

# PyNN's FixedProbabilityConnector stream (MT19937 + threshold), loaded with ctypes
bernoulli = Extension(
    "spynnaker_backend.pynn._bernoulli",
    sources=["spynnaker_backend/pynn/native/bernoulli.c"],
    extra_compile_args=["-O3", "-std=c11", "-Wall", "-Wextra"],
)

setup(ext_modules=[engine, bernoulli])

"""sPyNNaker 7.4.1 names whose features do not run here yet.

Scripts may import every name of ``spynnaker.pyNN`` (``from pyNN.spiNNaker import *``); a
name whose feature is still missing is a class that raises NotImplementedError, naming the
feature and its issue, when the script *uses* it.  :func:`resolve` prefers the real class
from the backend module that implements it, so a name stops being pending as soon as that
module defines it.
"""
import importlib

#: name -> (backend modules that will define it, what is missing)
PENDING = {
    **{name: (("spynnaker_backend.pynn.plasticity", "spynnaker_backend.pynn.synapses"),
              "spike-timing-dependent plasticity does not run on the cores yet (issue 13)")
       for name in ("STDPMechanism", "SpikePairRule", "AdditiveWeightDependence",
                    "MultiplicativeWeightDependence")},
    **{name: (("spynnaker_backend.pynn.structural", "spynnaker_backend.pynn.plasticity"),
              "structural plasticity does not run on the cores yet (issue 16)")
       for name in ("StructuralMechanismStatic", "StructuralMechanismSTDP",
                    "RandomSelection", "LastNeuronSelection", "DistanceDependentFormation",
                    "RandomByWeightElimination")},
    **{name: (("spynnaker_backend.pynn.local_only",),
              "local-only convolution (sPyNNaker's ConvolutionConnector / PoolDenseConnector "
              "with Convolution / PoolDense synapses) does not run on the cores yet")
       for name in ("ConvolutionConnector", "PoolDenseConnector", "Convolution",
                    "PoolDense")},
    # sPyNNaker 7.4.1 extra_models (issue 12 point 2) not on the cores yet
    **{name: (("spynnaker_backend.pynn.weight_change", "spynnaker_backend.pynn.plasticity"),
              "weight-changing synapses (a spike on a WeightChanger projection moves the "
              "weights of a WeightChangeable one) are plastic synapses; they need the "
              "plastic synapse path of issue 13 and are not supported yet")
       for name in ("WeightChangeable", "WeightChanger")},
    "Neuromodulation": (("spynnaker_backend.pynn.neuromodulation",),
                        "dopamine-modulated STDP (Izhikevich 2007: reward/punishment "
                        "receptors, eligibility traces) does not run on the cores yet "
                        "(issue 16, point 2)"),
    "KernelConnector": (("spynnaker_backend.pynn.kernel_connector",),
                        "KernelConnector (sPyNNaker's 2-d kernel connector) is not "
                        "implemented yet"),
}


def _missing(name, reason):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(f"{name}: {reason}")

    return type(name, (), {"__init__": __init__, "__module__": __name__,
                           "__doc__": f"Not available yet: {reason}."})


def _module(path):
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as error:
        if error.name != path:
            raise
        return None


def resolve(name):
    """The class for sPyNNaker name ``name``: the backend's, or a placeholder that raises."""
    modules, reason = PENDING[name]
    for path in modules:
        module = _module(path)
        if module is not None and hasattr(module, name):
            return getattr(module, name)
    return _missing(name, reason)


def is_pending(obj):
    """True for a placeholder made by :func:`resolve`."""
    return getattr(obj, "__module__", None) == __name__

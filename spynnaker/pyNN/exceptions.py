"""sPyNNaker 7.4.1's ``spynnaker.pyNN.exceptions``; ConfigurationException is the backend's
ConfigurationError (raised for every configuration the backend refuses)."""
from spynnaker_backend.errors import (  # noqa: F401
    ConfigurationError as ConfigurationException, SpynnakerException,
    SynapticConfigurationException, SynapticBlockGenerationException,
    SynapticBlockReadException, SynapticMaxIncomingAtomsSupportException,
    DelayExtensionException, SpynnakerSplitterConfigurationException, MemReadException,
    FilterableException, InvalidParameterType, SynapseRowTooBigException)

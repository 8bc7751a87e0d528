"""Exceptions a user of the backend may catch (imports nothing internal)."""


class ConfigurationError(Exception):
    """A script or configuration asks for something the backend cannot do; the message
    names the population/projection/parameter, what was needed and the fix.

    (sPyNNaker calls this ``ConfigurationException``; PyNN 0.13 has no such class.)
    """


ConfigurationException = ConfigurationError


class InvalidValueError(ConfigurationError, ValueError):
    """An argument outside its allowed range (a ValueError too, as PyNN's own argument
    errors are); the message names the argument, the range and the fix."""


class NotRecordedError(ConfigurationError, ValueError):
    """Data asked for of a variable the population never recorded (a ValueError too, as
    PyNN's own argument errors are)."""
# sPyNNaker 7.4.1's exception classes (spynnaker.pyNN.exceptions), so that scripts can catch
# them; the configuration-like ones are our ConfigurationError, as in sPyNNaker.
class SpynnakerException(Exception):
    """Base of sPyNNaker's own exceptions."""


class SynapticConfigurationException(ConfigurationError):
    """A projection's synapses cannot be configured as asked."""


class SynapticBlockGenerationException(ConfigurationError):
    """A synaptic block could not be generated."""


class SynapticBlockReadException(ConfigurationError):
    """A synaptic block could not be read back."""


class SynapticMaxIncomingAtomsSupportException(ConfigurationError):
    """Too many source atoms for the synapse format."""


class DelayExtensionException(ConfigurationError):
    """A delay extension cannot be configured as asked."""


class SpynnakerSplitterConfigurationException(ConfigurationError, ValueError):
    """A splitter cannot be configured as asked (a ValueError too, as argument errors are)."""


class MemReadException(SpynnakerException):
    """Memory could not be read from the machine."""


class FilterableException(SpynnakerException):
    """An exception that a log filter may suppress."""


class InvalidParameterType(SpynnakerException):
    """A parameter has a type that cannot be used."""


class SynapseRowTooBigException(SpynnakerException):
    """A synaptic row is larger than the format allows."""


class BoardError(RuntimeError):
    """A physical (or loopback) board could not be reached, booted, loaded or run; the
    message names the board, the core or setting involved and what to do."""

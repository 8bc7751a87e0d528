"""Exceptions a user of the backend may catch (imports nothing internal)."""


class ConfigurationError(Exception):
    """A script or configuration asks for something the backend cannot do; the message
    names the population/projection/parameter, what was needed and the fix.

    (sPyNNaker calls this ``ConfigurationException``; PyNN 0.13 has no such class.)
    """


ConfigurationException = ConfigurationError

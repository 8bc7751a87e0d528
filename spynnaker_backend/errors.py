"""Exceptions a user of the backend may catch (imports nothing internal)."""


class ConfigurationError(Exception):
    """A script or configuration asks for something the backend cannot do; the message
    names the population/projection/parameter, what was needed and the fix.

    (sPyNNaker calls this ``ConfigurationException``; PyNN 0.13 has no such class.)
    """


ConfigurationException = ConfigurationError


class BoardError(RuntimeError):
    """A physical (or loopback) board could not be reached, booted, loaded or run; the
    message names the board, the core or setting involved and what to do."""

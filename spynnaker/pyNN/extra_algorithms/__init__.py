"""sPyNNaker 7.4.1's ``extra_algorithms``: only its splitter components are public API that
scripts import; the mapping algorithms themselves are this backend's own."""

"""User configuration, read the way sPyNNaker reads it.

Files, in increasing precedence: the defaults below, ``~/.spynnaker.cfg``, then
``spynnaker.cfg`` in the working directory (a later file overrides a key an earlier one set).
Recognised sections and keys::

    [Machine]
    version = 5          # board version: 2 or 3 = 4-chip board, 4 or 5 = 48-chip board
    width = 8            # machine size in chips (instead of version)
    height = 8
    virtual_board = True # True: run on the virtual machine (the default)
    n_boards = 1         # boards of `version` that make the machine

    [Simulation]
    threads = 2          # host threads of the virtual machine (None: the free host cores)
    allow_losses = False # True: dropped packets warn instead of failing the run

    [Reports]
    write = False        # write mapping reports
    progress_bars = auto # progress bars of long mapping stages and runs: True, False or
                         # auto (on when stderr is a terminal and CI is not set)

A value of ``None`` (or empty) leaves the key unset.  Unknown sections and keys are warned
about; a file that is not INI or a value of the wrong type raises
:class:`ConfigurationError` naming the file, section, key and the problem.
This module imports nothing from the rest of the package but its exceptions (errors.py).
"""
import configparser
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Optional, Sequence, Tuple, Union

from .errors import ConfigurationError   # a leaf: the exceptions users catch


CONFIG_FILE = "spynnaker.cfg"
USER_CONFIG_FILE = ".spynnaker.cfg"
BOARD_VERSIONS = (2, 3, 4, 5)


@dataclass(frozen=True)
class Config:
    """The settings in force (None: not set, the consumer decides)."""

    version: Optional[int] = None        #: board version (2, 3, 4 or 5)
    width: Optional[int] = None          #: machine width [chips]
    height: Optional[int] = None         #: machine height [chips]
    virtual_board: bool = True           #: run on the virtual machine
    n_boards: Optional[int] = None       #: boards in the machine
    threads: Optional[int] = None        #: host threads of the virtual machine
    allow_losses: bool = False           #: dropped packets warn rather than fail
    write_reports: bool = False          #: write mapping reports
    progress_bars: Optional[bool] = None  #: progress bars (None: automatic)
    sources: Tuple[str, ...] = ()        #: the files read, lowest precedence first


_DEFAULTS = {name: getattr(Config(), name) for name in Config.__dataclass_fields__}
_BOOLEANS = ("virtual_board", "allow_losses", "write_reports")


def _parse_bool(text: str) -> bool:
    states = configparser.ConfigParser.BOOLEAN_STATES
    if text.lower() not in states:
        raise ValueError(f"expected a boolean (true/false, yes/no, on/off, 1/0), got {text!r}")
    return states[text.lower()]


def _parse_positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise ValueError(f"expected a number >= 1, got {value}")
    return value


def _parse_version(text: str) -> int:
    value = _parse_positive_int(text)
    if value not in BOARD_VERSIONS:
        raise ValueError(f"expected a board version in {BOARD_VERSIONS}, got {value}")
    return value


#: section -> key -> (Config field, parser)
_SCHEMA: Dict[str, Dict[str, Tuple[str, Callable[[str], object]]]] = {
    "Machine": {
        "version": ("version", _parse_version),
        "width": ("width", _parse_positive_int),
        "height": ("height", _parse_positive_int),
        "virtual_board": ("virtual_board", _parse_bool),
        "n_boards": ("n_boards", _parse_positive_int),
    },
    "Simulation": {
        "threads": ("threads", _parse_positive_int),
        "allow_losses": ("allow_losses", _parse_bool),
    },
    "Reports": {
        "write": ("write_reports", _parse_bool),
        "progress_bars": ("progress_bars", lambda text: None if text.lower() == "auto"
                          else _parse_bool(text)),
    },
}


def default_paths() -> Tuple[Path, Path]:
    """The user's file and the working directory's file, lowest precedence first."""
    return Path.home() / USER_CONFIG_FILE, Path.cwd() / CONFIG_FILE


def _read_file(path: Path) -> Dict[str, object]:
    """The recognised settings of one file as {Config field: value}."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str    # keys as written, so that warnings quote them
    try:
        with open(path, encoding="utf-8") as f:
            parser.read_file(f, source=str(path))
    except configparser.Error as e:
        raise ConfigurationError(f"{path}: not a valid configuration file: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigurationError(f"{path}: cannot be read: {e}") from None
    values: Dict[str, object] = {}
    for section in parser.sections():
        known = _SCHEMA.get(section)
        if known is None:
            warnings.warn(f"{path}: unknown section [{section}] ignored "
                          f"(known: {', '.join(_SCHEMA)})", stacklevel=3)
            continue
        for key, text in parser.items(section):
            entry = known.get(key.lower())
            if entry is None:
                warnings.warn(f"{path}: unknown key '{key}' in [{section}] ignored "
                              f"(known: {', '.join(known)})", stacklevel=3)
                continue
            field, parse = entry
            text = text.strip()
            if text == "" or text.lower() == "none":
                values[field] = _DEFAULTS[field] if field in _BOOLEANS else None
                continue
            try:
                values[field] = parse(text)
            except ValueError as e:
                raise ConfigurationError(f"{path}: [{section}] {key}: {e}") from None
    return values



def load_config(paths: Optional[Sequence[Union[str, Path]]] = None) -> Config:
    """Read the configuration files.

    Parameters
    ----------
    paths : sequence of path-like, optional
        Files to read, lowest precedence first; those that do not exist are skipped.
        Default: ``~/.spynnaker.cfg`` then ``./spynnaker.cfg``.

    Returns
    -------
    Config
        The defaults overridden by each file in turn.
    """
    files = [Path(p) for p in (default_paths() if paths is None else paths)]
    settings: Dict[str, object] = {}
    read = []
    for path in files:
        if path.is_file():
            settings.update(_read_file(path))
            read.append(str(path))
    config = Config(**settings, sources=tuple(read))
    if (config.width is None) != (config.height is None):
        raise ConfigurationError(
            f"{', '.join(read)}: [Machine] width and height must be given together "
            f"(width={config.width}, height={config.height})")
    return config


def machine_options(config: Config) -> Dict[str, Optional[int]]:
    """The machine description for the machine model: version, width, height, n_boards."""
    return {"version": config.version, "width": config.width, "height": config.height,
            "n_boards": config.n_boards}

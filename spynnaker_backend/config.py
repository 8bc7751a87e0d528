"""User configuration, read the way sPyNNaker reads it.

Files, in increasing precedence: the defaults below, ``~/.spynnaker.cfg``, then
``spynnaker.cfg`` in the working directory (a later file overrides a key an earlier one set).
Recognised sections and keys::

    [Machine]
    version = 5          # board version: 2 or 3 = 4-chip board, 4 or 5 = 48-chip board
    width = 8            # machine size in chips (instead of version)
    height = 8
    virtual_board = True # True: the virtual machine even if a board is named below
    n_boards = 1         # boards of `version` that make the machine
    machine_name = 192.168.240.253   # a physical board (its Ethernet address) ...
    spalloc_server = https://server/spalloc/   # ... or boards from a spalloc server
    spalloc_user, spalloc_port, spalloc_machine, spalloc_group = ...
    remote_spinnaker_url = https://...         # ... or the HBP/EBRAINS portal
    bmp_names = ...      # the board's BMP (power control), auto_detect_bmp = False
    reset_machine_on_startup = False
    down_chips = 2,3:4,5         # parts to leave alone (SpiNNMan's syntax, also x,y,ip)
    down_cores = 1,1,5:2,2,7     # x,y,p
    down_links = 0,0,1           # x,y,link
    time_scale_factor = 1        # the cores run this many times slower than real time

Without a board named (or with ``virtual_board = True``) networks run on the virtual machine.

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
    virtual_board: Optional[bool] = None  #: True: the VM; None: the VM unless a board is named
    n_boards: Optional[int] = None       #: boards in the machine
    machine_name: Optional[str] = None   #: host name / address of a physical board
    spalloc_server: Optional[str] = None  #: URL of a spalloc server
    spalloc_port: Optional[int] = None
    spalloc_user: Optional[str] = None
    spalloc_machine: Optional[str] = None
    spalloc_group: Optional[str] = None
    remote_spinnaker_url: Optional[str] = None  #: the HBP/EBRAINS portal
    bmp_names: Optional[str] = None      #: the board's BMP (power control)
    auto_detect_bmp: bool = False
    reset_machine_on_startup: bool = False
    down_chips: Optional[str] = None     #: SpiNNMan's syntax: x,y[,ip]:...
    down_cores: Optional[str] = None     #: x,y,p[,ip]:...
    down_links: Optional[str] = None     #: x,y,link[,ip]:...
    time_scale_factor: Optional[float] = None  #: slow-down of the cores on a board
    threads: Optional[int] = None        #: host threads of the virtual machine
    allow_losses: bool = False           #: dropped packets warn rather than fail
    write_reports: bool = False          #: write mapping reports
    progress_bars: Optional[bool] = None  #: progress bars (None: automatic)
    sources: Tuple[str, ...] = ()        #: the files read, lowest precedence first


_DEFAULTS = {name: getattr(Config(), name) for name in Config.__dataclass_fields__}
_BOOLEANS = ("virtual_board", "allow_losses", "write_reports", "auto_detect_bmp",
             "reset_machine_on_startup")


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


def _parse_text(text: str) -> str:
    return text


def _parse_positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise ValueError(f"expected a number > 0, got {value}")
    return value


def _ignore_list(n_numbers: int, what: str):
    """A parser of SpiNNMan's down_chips / down_cores / down_links syntax: items separated
    by ':', each ``n_numbers`` integers and optionally an IP address, separated by ','."""
    def parse(text: str) -> str:
        for item in text.split(":"):
            parts = [p.strip() for p in item.split(",")]
            numbers = parts[:n_numbers]
            if len(parts) not in (n_numbers, n_numbers + 1) or \
                    not all(p.lstrip("-").isdigit() for p in numbers):
                example = "1,2:3,4" if n_numbers == 2 else "1,2,3:4,5,6"
                raise ValueError(f"{item!r} is not {what} (items separated by ':', e.g. "
                                 f"{example})")
        return text
    return parse


#: section -> key -> (Config field, parser)
_SCHEMA: Dict[str, Dict[str, Tuple[str, Callable[[str], object]]]] = {
    "Machine": {
        "version": ("version", _parse_version),
        "width": ("width", _parse_positive_int),
        "height": ("height", _parse_positive_int),
        "virtual_board": ("virtual_board", _parse_bool),
        "n_boards": ("n_boards", _parse_positive_int),
        "machine_name": ("machine_name", _parse_text),
        "spalloc_server": ("spalloc_server", _parse_text),
        "spalloc_port": ("spalloc_port", _parse_positive_int),
        "spalloc_user": ("spalloc_user", _parse_text),
        "spalloc_machine": ("spalloc_machine", _parse_text),
        "spalloc_group": ("spalloc_group", _parse_text),
        "remote_spinnaker_url": ("remote_spinnaker_url", _parse_text),
        "bmp_names": ("bmp_names", _parse_text),
        "auto_detect_bmp": ("auto_detect_bmp", _parse_bool),
        "reset_machine_on_startup": ("reset_machine_on_startup", _parse_bool),
        "down_chips": ("down_chips", _ignore_list(2, "x,y")),
        "down_cores": ("down_cores", _ignore_list(3, "x,y,p")),
        "down_links": ("down_links", _ignore_list(3, "x,y,link")),
        "time_scale_factor": ("time_scale_factor", _parse_positive_float),
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


def board_settings(config: Config) -> Dict[str, object]:
    """The ``[Machine]`` keys of a board as sPyNNaker (and SpiNNMan) name them."""
    keys = ("machine_name", "version", "spalloc_server", "spalloc_port", "spalloc_user",
            "spalloc_machine", "spalloc_group", "remote_spinnaker_url", "bmp_names",
            "auto_detect_bmp", "reset_machine_on_startup", "down_chips", "down_cores",
            "down_links")
    return {key: getattr(config, key) for key in keys}


def board_named(config: Config) -> bool:
    """Whether the configuration asks for a board (a board is named and ``virtual_board``
    is not set True); ConfigurationError if ``virtual_board = False`` names none."""
    named = config.machine_name or config.spalloc_server or config.remote_spinnaker_url
    if not named and config.virtual_board is False:
        raise ConfigurationError(
            f"{', '.join(config.sources) or 'configuration'}: [Machine] virtual_board = False "
            f"but no board is named: set machine_name (a board's address, with version), "
            f"spalloc_server or remote_spinnaker_url")
    return bool(named) and config.virtual_board is not True


def machine_options(config: Config) -> Dict[str, Optional[int]]:
    """The machine description for the machine model: version, width, height, n_boards."""
    return {"version": config.version, "width": config.width, "height": config.height,
            "n_boards": config.n_boards}

"""One connection to a board through SpiNNMan 7.4.1: get the board, boot, discover, close.

SpiNNMan keeps global state (a cfg holder and a data view); this module sets both up from
our settings, with its report directory in a temporary folder, and tears them down at
:meth:`BoardSession.close`.  One session per process at a time, as in SpiNNMan.

Where the board comes from, as sPyNNaker users configure it:

* ``machine_name`` (+ ``version``, optional ``bmp_names`` / ``auto_detect_bmp``): that
  board, booted over UDP 54321 if SC&MP is not running yet;
* ``spalloc_server = http(s)://...``: a job from a (new) spalloc server for the boards the
  network needs (SpiNNMan's ``spalloc_allocate_job``), released at close;
* ``remote_spinnaker_url``: the HBP/EBRAINS portal's lease of ``machineName`` and
  ``version``, released at close.
"""
import atexit
import logging
import shutil
import tempfile
from typing import Dict, Optional

from ..errors import BoardError
from .discovered_machine import machine_from_spinnman

logger = logging.getLogger(__name__)
_REPORTS: Optional[str] = None


def _report_dir() -> str:
    """One temporary folder per process for SpiNNMan's report files, removed at exit
    (registered before SpiNNMan's own exit hook, so it runs after it)."""
    global _REPORTS
    if _REPORTS is None:
        _REPORTS = tempfile.mkdtemp(prefix="spynnaker_board_")
        atexit.register(shutil.rmtree, _REPORTS, True)
    return _REPORTS
_SPINNMAN_KEYS = ("machine_name", "version", "spalloc_server", "spalloc_port", "spalloc_user",
                  "spalloc_machine", "spalloc_group", "down_chips", "down_cores",
                  "down_links", "bmp_names", "auto_detect_bmp", "reset_machine_on_startup")


def _import_spinnman():
    try:
        import spinnman  # noqa: F401
    except ImportError as e:
        raise BoardError(
            "running on a board needs SpiNNMan: pip install 'spynnaker_backend[board]' "
            f"(SpiNNMan == 1!7.4.1); import failed: {e}") from None


def _explain(where: str, error: Exception) -> BoardError:
    """A SpiNNMan failure to reach or start the board, as something a user can act on."""
    from spinnman.exceptions import SpinnmanBootException, SpinnmanIOException
    text = str(error)
    if "incompatible with this transceiver" in text:
        return BoardError(
            f"{where}: {text}.  SpiNNMan 7.4.1 needs SC&MP 4.x: power-cycle the board (or "
            f"reset it through its BMP: bmp_names / auto_detect_bmp) so that it boots with "
            f"the SC&MP image SpiNNMan sends.")
    if isinstance(error, SpinnmanBootException):
        return BoardError(
            f"{where}: no answer on UDP 17893 (SCP) and booting over UDP 54321 did not make "
            f"SC&MP answer.  Check that the board is powered, that machine_name is its "
            f"Ethernet address, and that nothing blocks UDP 17893/54321.")
    if isinstance(error, SpinnmanIOException):
        cause = error.__cause__ or error.__context__
        return BoardError(
            f"{where}: no answer ({text}{': ' + str(cause) if cause else ''}).  Check "
            f"machine_name / the spalloc or portal settings, the network route to the "
            f"board and that it is powered.")
    if "spalloc_server" in where:
        return BoardError(
            f"{where}: {type(error).__name__}: {text}.  Check the URL, the network route to "
            f"it and the credentials (spalloc_user, or SPALLOC_USER / SPALLOC_PASSWORD).")
    return BoardError(f"{where}: {type(error).__name__}: {text}")


class BoardSession:
    """A board reached through SpiNNMan, discovered into our machine model.

    Parameters
    ----------
    settings : dict
        ``[Machine]`` keys as sPyNNaker reads them (``machine_name``, ``version``,
        ``spalloc_server``, ``remote_spinnaker_url``, ``down_chips``, ...); None = unset.
    n_boards : int, optional
        Boards to ask spalloc or the portal for.
    """

    def __init__(self, settings: Dict[str, object], n_boards: Optional[int] = None):
        _import_spinnman()
        from spinn_utilities.config_holder import (
            clear_cfg_files, load_config, set_config)
        from spinnman.config_setup import add_spinnman_cfg
        from spinnman.data.spinnman_data_writer import SpiNNManDataWriter
        self.settings = dict(settings)
        self._reports = _report_dir()
        self._controller = None
        self._lease = None
        self.transceiver = None
        if self.settings.get("remote_spinnaker_url") and not self.settings.get("machine_name"):
            from .hbp_portal import lease_board
            self._lease = lease_board(str(self.settings["remote_spinnaker_url"]), n_boards)
            self.settings["machine_name"] = self._lease.machine_name
            self.settings["version"] = self.settings.get("version") or self._lease.version
        self.where = self._describe()
        if self.settings.get("machine_name") and self.settings.get("version") is None:
            raise BoardError(
                f"machine_name = {self.settings['machine_name']} needs [Machine] version "
                f"(5 for a 48-chip SpiNN-5 board, 3 for a 4-chip SpiNN-3 board)")
        clear_cfg_files(False)
        add_spinnman_cfg()
        load_config()
        set_config("Reports", "default_report_file_path", self._reports)
        for key in _SPINNMAN_KEYS:
            value = self.settings.get(key)
            if value is not None:
                set_config("Machine", key, str(value))
        if self.settings.get("version") is None:
            set_config("Machine", "version", "5")   # spalloc and the portal give SpiNN-5
        self._writer = SpiNNManDataWriter.setup()
        if n_boards:
            self._writer.set_n_required(n_boards, None)
        try:
            self._connect()
            found = self.transceiver.get_machine_details()
            self._writer.set_machine(found)
            self.transceiver.discover_scamp_connections()
        except BoardError:
            self.close()
            raise
        except Exception as e:   # SpiNNMan's exceptions, socket errors, spalloc's
            self.close()
            raise _explain(self.where, e) from e
        self.machine = machine_from_spinnman(found)
        self.app_id = self._writer.get_app_id()
        logger.info("%s: %s", self.where, found.summary_string())

    def _describe(self) -> str:
        s = self.settings
        if s.get("machine_name"):
            return f"the board at {s['machine_name']} (machine_name)"
        if s.get("spalloc_server"):
            return f"the spalloc server {s['spalloc_server']} (spalloc_server)"
        return "the board"

    def _connect(self) -> None:
        from spinn_utilities.config_holder import get_config_bool, get_config_str_or_none
        from spinnman.transceiver import transceiver_generator
        s = self.settings
        if s.get("machine_name"):
            self._writer.set_ipaddress(str(s["machine_name"]))
            self.transceiver = transceiver_generator(
                get_config_str_or_none("Machine", "bmp_names"),
                get_config_bool("Machine", "auto_detect_bmp"), None,
                get_config_bool("Machine", "reset_machine_on_startup"),
                ensure_board_is_ready=True)
        elif s.get("spalloc_server"):
            from spinnman.spalloc import is_server_address
            from spinnman.spalloc.spalloc_allocator import spalloc_allocate_job
            if not is_server_address(str(s["spalloc_server"])):
                raise BoardError(
                    f"spalloc_server = {s['spalloc_server']}: SpiNNMan 7.4.1 speaks only the "
                    f"new spalloc protocol: give its URL (http(s)://host/spalloc/), not a "
                    f"host name of the old (port 22244) server")
            root, connections, self._controller = spalloc_allocate_job()
            self._writer.set_ipaddress(root)
            self._writer.set_allocation_controller(self._controller)
            if self._controller.can_create_transceiver():
                self.transceiver = self._controller.create_transceiver(True)
            else:
                self.transceiver = transceiver_generator(
                    None, False, connections, False, ensure_board_is_ready=True)
        else:
            raise BoardError("no board configured: set [Machine] machine_name, "
                             "spalloc_server or remote_spinnaker_url")
        self._writer.set_transceiver(self.transceiver)

    def close(self, stop_app: bool = True) -> None:
        """Stop our application (AppStop), close the connections, release the board."""
        if self.transceiver is not None:
            try:
                if stop_app and getattr(self, "app_id", None) is not None:
                    self.transceiver.stop_application(self.app_id)
            except Exception as e:   # the board may be gone: still release it
                logger.warning("%s: AppStop failed: %s", self.where, e)
            self.transceiver.close()
            self.transceiver = None
        if self._controller is not None:
            self._controller.close()
            self._controller = None
        if self._lease is not None:
            self._lease.release()
            self._lease = None
        writer = getattr(self, "_writer", None)
        if writer is not None:
            writer.write_finished_file()
            writer.shut_down()
            self._writer = None

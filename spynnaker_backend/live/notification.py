"""The database notification protocol, toolchain side (SpiNNFrontEndCommon's
NotificationProtocol): tell each registered listener where the database is, wait for its
"read" reply, then say when the simulation starts/resumes and pauses/stops.

Each listener is (notify host, notify port, ack port): we send from a UDP socket bound to
the ack port (any port when None) to notify host:port; messages are EIEIO commands
(DATABASE = 1 followed by the database path in UTF-8; the reply is DATABASE alone;
START_RESUME_NOTIFICATION = 11; STOP_PAUSE_NOTIFICATION = 10).
"""
import logging
import socket
import time
from typing import List, Optional, Tuple

from .eieio import Command, command_bytes, read_command
from .ethernet import resolve

logger = logging.getLogger(__name__)

#: sPyNNaker's defaults: listeners on port 19999; wait 10 s for each to read the database.
NOTIFY_PORT = 19999
WAIT_SECONDS = 10.0

SocketAddress = Tuple[Optional[str], Optional[int], Optional[int]]


class NotificationProtocol:
    """One UDP socket per registered listener."""

    def __init__(self, addresses: List[SocketAddress], wait_seconds: float = WAIT_SECONDS):
        self.wait_seconds = wait_seconds
        self.sockets = []
        for host, notify_port, ack_port in dict.fromkeys(addresses):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("0.0.0.0", int(ack_port or 0)))
            s.connect((resolve(host or "localhost"), int(notify_port or NOTIFY_PORT)))
            self.sockets.append(s)
        self.confirmed = 0

    def send_database(self, path: str) -> int:
        """Send the database path to every listener and wait for their replies; returns how
        many replied (the others are warned about: not listening, or too slow)."""
        message = command_bytes(Command.DATABASE, path.encode("utf-8"))
        for s in self.sockets:
            self._send(s, message)
        replied = 0
        for s in self.sockets:
            deadline = time.monotonic() + self.wait_seconds
            while True:
                s.settimeout(max(0.001, deadline - time.monotonic()))
                try:
                    command, _ = read_command(s.recv(512))
                except socket.timeout:
                    logger.warning("no reply to the database notification from %s within "
                                   "%g s; starting without it", s.getpeername(),
                                   self.wait_seconds)
                    break
                except ConnectionRefusedError:
                    logger.warning("nothing listens for the database notification at %s",
                                   s.getpeername())
                    break
                except ValueError:
                    continue   # not a command: ignore
                if command == Command.DATABASE.value:
                    replied += 1
                    break
        self.confirmed = replied
        return replied

    def send_start_resume(self) -> None:
        for s in self.sockets:
            self._send(s, command_bytes(Command.START_RESUME_NOTIFICATION))

    def send_stop_pause(self) -> None:
        for s in self.sockets:
            self._send(s, command_bytes(Command.STOP_PAUSE_NOTIFICATION))

    @staticmethod
    def _send(s, message):
        try:
            s.send(message)
        except OSError as err:   # e.g. an earlier message was refused
            logger.warning("notification to %s failed: %s", s.getpeername(), err)

    def close(self):
        for s in self.sockets:
            s.close()
        self.sockets = []

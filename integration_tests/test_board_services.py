"""Boards from services: the HBP/EBRAINS portal (a stand-in portal on loopback that leases
the loopback board) and an unreachable spalloc server (an error naming the setting)."""
import http.server
import json
import threading
from urllib.parse import parse_qs, urlparse

import pytest

from loopback import loopback, next_host  # noqa: F401  (the fixture)
from spynnaker_backend.errors import BoardError
from test_board_loopback import _small_net


class _Portal(http.server.BaseHTTPRequestHandler):
    """The portal's protocol: GET ?nBoards= leases a board, DELETE gives it back."""
    machine_name = None
    calls = []

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        self.calls.append(("GET", query))
        body = json.dumps({"machineName": self.machine_name, "version": 5,
                           "bmpDetails": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_DELETE(self):
        self.calls.append(("DELETE", parse_qs(urlparse(self.path).query)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_board_leased_from_the_portal(loopback, tmp_path):
    board = loopback.start()
    _Portal.machine_name, _Portal.calls = board.host, []
    server = http.server.HTTPServer((next_host(), 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://{server.server_address[0]}:{server.server_address[1]}/portal"
        vm_trains, _, _ = loopback.on_vm(_small_net)
        (tmp_path / "spynnaker.cfg").write_text(f"[Machine]\nremote_spinnaker_url = {url}\n")
        trains, _, machine = _small_net()
    finally:
        server.shutdown()
        server.server_close()
    assert trains == vm_trains and len(machine.chips) == 48
    assert [c[0] for c in _Portal.calls] == ["GET", "DELETE"]     # leased, then released
    assert _Portal.calls[0][1]["nBoards"] == ["1"]
    assert _Portal.calls[1][1]["machineName"] == [board.host]


def test_an_unreachable_portal_names_the_setting(loopback, tmp_path):
    url = f"http://{next_host()}:9/portal"
    (tmp_path / "spynnaker.cfg").write_text(f"[Machine]\nremote_spinnaker_url = {url}\n")
    with pytest.raises(BoardError, match="remote_spinnaker_url"):
        _small_net()


def test_an_unreachable_spalloc_server_names_the_setting(loopback, tmp_path):
    url = f"http://{next_host()}:9/spalloc/"
    (tmp_path / "spynnaker.cfg").write_text(f"[Machine]\nspalloc_server = {url}\n")
    with pytest.raises(BoardError) as info:
        _small_net()
    assert "spalloc_server" in str(info.value) and url in str(info.value)

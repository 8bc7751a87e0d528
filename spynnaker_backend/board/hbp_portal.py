"""A board leased from the HBP/EBRAINS portal (``[Machine] remote_spinnaker_url``).

The portal's protocol as sPyNNaker's front end uses it: ``GET url?nBoards=N`` (or
``nChips``) answers JSON with ``machineName``, ``version`` and ``bmpDetails``; the lease is
kept with ``GET url/extendLease`` and given back with ``DELETE url``.
"""
from dataclasses import dataclass
from typing import Optional

from ..errors import BoardError

TIMEOUT_S = 30.0


@dataclass
class Lease:
    url: str
    machine_name: str
    version: Optional[int]

    def release(self) -> None:
        import requests
        try:
            requests.delete(self.url, params={"machineName": self.machine_name},
                            timeout=TIMEOUT_S)
        except requests.RequestException:
            pass   # the portal ends a lease that is not extended


def lease_board(url: str, n_boards: Optional[int] = None) -> Lease:
    """Ask the portal at ``url`` for ``n_boards`` boards (default 1)."""
    import requests
    try:
        reply = requests.get(url, params={"nBoards": n_boards or 1, "runTime": 0},
                             timeout=TIMEOUT_S)
        reply.raise_for_status()
        answer = reply.json()
    except (requests.RequestException, ValueError) as e:
        raise BoardError(f"remote_spinnaker_url = {url}: no board from the portal ({e}). "
                         f"Check the URL and that you are logged in to the service.") from None
    name = answer.get("machineName") if isinstance(answer, dict) else None
    if not name:
        raise BoardError(f"remote_spinnaker_url = {url}: the portal's answer has no "
                         f"machineName: {answer!r}")
    version = answer.get("version")
    return Lease(url, str(name), int(version) if version is not None else None)

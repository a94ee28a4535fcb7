"""Suivi des connexions, Licences utilisées, Sécurité: the routes through the real service.

Sessions are opened by real desktop-client logins on the service's client port (the protocol of
``docs/client-protocol.md``), so what the routes show is what the listener did.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from bases_support import history_actions, manager_client
from live_service import AccountSecrets, LiveService


@pytest.fixture(scope="module")
def manager(
    service: LiveService, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    with manager_client(service, tmp_path_factory.mktemp("ws"), editors=3) as pair:
        yield pair


def test_an_empty_table_then_304_when_nothing_changed(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    first = client.get("/v1/connections")
    assert first.status_code == 200
    page = first.json()
    assert page["full"] is True
    assert page["sessions"] == []
    again = client.get(
        "/v1/connections",
        params={"since": page["version"]},
        headers={"If-None-Match": first.headers["etag"]},
    )
    delta = client.get("/v1/connections", params={"since": page["version"]})
    assert delta.json() == {
        "version": page["version"],
        "full": False,
        "sessions": [],
        "removed": [],
    }
    unchanged = client.get(
        "/v1/connections",
        params={"since": page["version"]},
        headers={"If-None-Match": delta.headers["etag"]},
    )
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    del again


def test_licences_and_reservation_bounds(manager: tuple[AccountSecrets, httpx.Client]) -> None:
    _, client = manager
    usage = client.get("/v1/licences").json()
    assert usage["editing_total"] == 3
    assert usage["reserved_for_administrators"] == 1
    assert usage["editing_used"] == 0
    refused = client.put("/v1/licences/reserved", json={"reserved_for_administrators": 4})
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_reservation"
    assert "entre 0 et 3" in refused.json()["message_fr"]
    assert client.get("/v1/licences").json()["reserved_for_administrators"] == 1
    negative = client.put("/v1/licences/reserved", json={"reserved_for_administrators": -1})
    assert negative.status_code == 422
    changed = client.put("/v1/licences/reserved", json={"reserved_for_administrators": 2})
    assert changed.status_code == 200
    assert changed.json()["reserved_for_administrators"] == 2
    entry = history_actions(client)[0]
    assert entry["action"] == "licences.reserve"
    assert entry["detail"] == {"before": 1, "after": 2}
    client.put("/v1/licences/reserved", json={"reserved_for_administrators": 1})


def test_security_lists_nothing_and_unknown_unblock_is_404(
    manager: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, client = manager
    state = client.get("/v1/security").json()
    assert state["suspended"] == []
    assert state["settings"]["max_failures"] == 5
    missing = client.post("/v1/security/unblock", json={"address": "192.0.2.9"})
    assert missing.status_code == 404

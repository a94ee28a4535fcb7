"""Session expiry (idle and absolute) with the service's clock moved forward, and sessions that
outlive a restart of the service. A private service, since these tests move its clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live_service import AccountSecrets, LiveService, start_service
from server_support import Workstation, enrol, login

from pronote_server.store.clock import OFFSET_FILE_ENV


@pytest.fixture(scope="module")
def clock_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clock") / "offset"


@pytest.fixture(scope="module")
def timed_service(
    tmp_path_factory: pytest.TempPathFactory, clock_file: Path
) -> Iterator[LiveService]:
    live = start_service(tmp_path_factory.mktemp("timed"), env={OFFSET_FILE_ENV: str(clock_file)})
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def at(clock_file: Path) -> Iterator[Callable[[float], None]]:
    """``at(minutes)`` moves the service's clock to start + minutes."""

    def move(minutes: float) -> None:
        clock_file.write_text(str(minutes * 60))

    move(0)
    yield move
    move(0)


@pytest.fixture
def logged_in(
    timed_service: LiveService, tmp_path: Path
) -> tuple[AccountSecrets, Workstation, str]:
    account = timed_service.create_account()
    ws = enrol(timed_service, account, tmp_path)
    return account, ws, login(timed_service, ws, account)


def _status(service: LiveService, ws: Workstation, token: str) -> tuple[int, str | None]:
    with ws.client(service, token) as client:
        response = client.get("/v1/account")
    return response.status_code, (None if response.is_success else response.json()["code"])


def test_an_idle_session_expires_after_30_minutes(
    timed_service: LiveService,
    logged_in: tuple[AccountSecrets, Workstation, str],
    at: Callable[[float], None],
) -> None:
    _, ws, token = logged_in
    at(29)
    assert _status(timed_service, ws, token) == (200, None)
    at(29 + 31)
    assert _status(timed_service, ws, token) == (401, "session_expired")


def test_activity_keeps_a_session_alive_until_the_absolute_limit(
    timed_service: LiveService,
    logged_in: tuple[AccountSecrets, Workstation, str],
    at: Callable[[float], None],
) -> None:
    _, ws, token = logged_in
    for minutes in range(20, 12 * 60, 20):
        at(minutes)
        assert _status(timed_service, ws, token) == (200, None), minutes
    at(12 * 60 + 1)
    assert _status(timed_service, ws, token) == (401, "session_expired")


def test_an_expired_session_is_not_counted_as_a_failed_login(
    timed_service: LiveService,
    logged_in: tuple[AccountSecrets, Workstation, str],
    at: Callable[[float], None],
) -> None:
    from store_access import count_failures

    _, ws, token = logged_in
    before = count_failures(timed_service)
    at(45)
    assert _status(timed_service, ws, token) == (401, "session_expired")
    assert count_failures(timed_service) == before


def test_a_session_survives_a_restart_of_the_service(
    timed_service: LiveService, logged_in: tuple[AccountSecrets, Workstation, str]
) -> None:
    _, ws, token = logged_in
    assert timed_service.stop() == 0  # a clean stop on SIGTERM
    timed_service.start()
    assert _status(timed_service, ws, token) == (200, None)

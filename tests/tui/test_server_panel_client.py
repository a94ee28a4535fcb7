"""The console's client for the school base, against the real service: every route of
``pronote_api.school``, the chunked upload that survives a dropped link, the job polling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from console_support import enrol_and_login, make_client, make_settings, plain
from link_support import CuttingRelay
from pydantic import SecretStr

from pronote_api.errors import ErrorCode
from pronote_api.models import ServerState
from pronote_api.school import (
    BaseOrigin,
    CreateBaseRequest,
    JobState,
    SuperadminDefinition,
    TimeGrid,
    UploadKind,
)
from pronote_server.school.export import export_hosting_files
from pronote_server.school.populate import generate_base
from pronote_tui.client import ApiFailure, ConsoleClient, UploadProgress

STRONG = "Vx7#qLm2!pR9zT"
SUPERADMIN = SuperadminDefinition(identifier="spr.admin", password=SecretStr(STRONG))


@pytest.fixture
async def manager(service: Any, tmp_path: Path) -> AsyncIterator[tuple[ConsoleClient, Any]]:
    """A new account's console client, logged in."""
    monkey = pytest.MonkeyPatch()
    monkey.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    account = service.create_account()
    settings = make_settings(tmp_path / "console")
    client = make_client(service, settings, pinned=True)
    await enrol_and_login(client, account)
    try:
        yield client, account
    finally:
        await client.aclose()
        monkey.undo()


def hosting_files(tmp_path: Path, number: str, name: str = "Base année 2025-2026") -> Any:
    """A small populated base exported for ``number``, as the old server would."""
    base = tmp_path / "old-server" / "base.sqlite"
    base.parent.mkdir(parents=True, exist_ok=True)
    generate_base(base, scale=0.01, name=name, school_year="2025-2026", hosting_number=number)
    return export_hosting_files(base, tmp_path / "drop", hosting_number=number)


async def test_create_start_stop_and_the_refusals_on_the_way(
    manager: tuple[ConsoleClient, Any],
) -> None:
    client, _ = manager
    listing = await client.bases()
    assert listing.current is None
    with pytest.raises(ApiFailure) as no_base:
        await client.start_server()
    assert no_base.value.code == ErrorCode.NO_BASE

    grid = TimeGrid(sequences=8, sequence_minutes=55, subdivision=1)
    created = await client.create_base(CreateBaseRequest(time_grid=grid))
    assert created.current and created.origin == BaseOrigin.CREATED
    assert created.time_grid == grid
    assert (await client.bases()).current == created

    with pytest.raises(ApiFailure) as first:
        await client.start_server()
    assert first.value.code == ErrorCode.SUPERADMIN_REQUIRED
    weak = SuperadminDefinition(identifier="spr.admin", password=SecretStr("spr.admin1"))
    with pytest.raises(ApiFailure) as refused:
        await client.start_server(weak)
    assert refused.value.code == ErrorCode.WEAK_PASSWORD
    assert refused.value.message("fr")

    status = await client.start_server(SUPERADMIN)
    assert status.state == ServerState.RUNNING and status.superadmin_defined
    assert (await client.server_status()).state == ServerState.RUNNING
    with pytest.raises(ApiFailure) as running:
        await client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    assert running.value.code == ErrorCode.SERVER_RUNNING
    stopped = await client.stop_server()
    assert stopped.state == ServerState.STOPPED
    # Once defined, the superadministrator is not asked again.
    assert (await client.start_server()).state == ServerState.RUNNING
    await client.stop_server()


async def test_upload_resumes_after_a_dropped_link_and_the_base_is_loaded(
    service: Any, manager: tuple[ConsoleClient, Any], tmp_path: Path
) -> None:
    client, account = manager
    files = hosting_files(tmp_path, plain(account.hosting_number))
    size = files.hnot.stat().st_size
    chunk = 16 * 1024
    assert size > 4 * chunk, "the test needs several chunks"

    api = client.profile.api_url or ""
    host, port = api.removeprefix("https://").rsplit(":", 1)
    relay = CuttingRelay(host, int(port))
    await relay.start()
    client.profile.api_url = f"https://127.0.0.1:{relay.port}"
    client._drop_clients("api")
    seen: list[UploadProgress] = []

    def progress(p: UploadProgress) -> None:
        seen.append(UploadProgress(p.phase, p.done, p.total, p.rate, p.resumes))

    try:
        # The link drops in the middle of the third chunk.
        relay.cut_after(2 * chunk + chunk // 2 + 4096)
        before = relay.upstream_bytes
        upload = await client.upload_file(files.hnot, UploadKind.HNOT, progress, chunk_size=chunk)
        sent = relay.upstream_bytes - before
    finally:
        await relay.stop()
        client.profile.api_url = api
        client._drop_clients("api")

    assert upload.complete and upload.received == size
    assert relay.cuts == 1
    assert seen[-1].phase == "done" and seen[-1].resumes >= 1
    # Resumed where the service stood: far less than the file sent twice.
    assert sent < size + 4 * chunk + 64 * 1024
    sending = [p.done for p in seen if p.phase == "sending"]
    first = next(i for i, done in enumerate(sending) if done > 0)
    assert all(done > 0 for done in sending[first:]), "never back to zero"

    job = await client.load_base(upload.id)
    states: list[JobState] = []
    done = await client.wait_job(job, lambda j: states.append(j.state), interval=0.05)
    assert done.state == JobState.SUCCEEDED, done.error
    assert states[-1] == JobState.SUCCEEDED
    listing = await client.bases()
    assert listing.current is not None
    assert listing.current.name == "Base année 2025-2026"
    assert listing.current.origin == BaseOrigin.UPLOADED
    assert listing.current.counts.resources["students"] > 0


async def test_a_foreign_file_is_refused_by_the_load_job(
    manager: tuple[ConsoleClient, Any], tmp_path: Path
) -> None:
    client, _ = manager
    files = hosting_files(tmp_path, "999999999999")
    upload = await client.upload_file(files.hnot, UploadKind.HNOT)
    done = await client.wait_job(await client.load_base(upload.id), interval=0.05)
    assert done.state == JobState.FAILED
    assert done.error is not None and done.error.code == ErrorCode.FOREIGN_FILE
    assert (await client.bases()).current is None

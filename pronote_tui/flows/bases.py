"""The base in service from this workstation: Créer une base (its time grid, then the
replacement of the current base confirmed, naming it and where it goes; the server stopped only
then), Charger une base (a ``.HNOT`` of the old server, then "Mettre en service" offered),
Compléter la base hébergée (its annexes) and Récupérer les utilisateurs (a ``.profils``): a
file, its upload, the job."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pronote_api.school import BaseSummary, CreateBaseRequest, Job, UploadKind, base_section
from pronote_tui.client import ConsoleError
from pronote_tui.flows.base import (
    ServerHost,
    ask,
    cancelled,
    pick_file,
    progress,
    request,
    with_upload,
)
from pronote_tui.flows.start import start_after
from pronote_tui.flows.stop import confirm_then_stop
from pronote_tui.widgets.base_counts import format_count
from pronote_tui.widgets.file_picker import format_size
from pronote_tui.widgets.other_bases import section_title
from pronote_tui.widgets.progress_dialog import Operation
from pronote_tui.widgets.time_grid import TimeGridDialog

HNOT_SUFFIXES = (".hnot",)
ANNEX_SUFFIXES = (".hdocjoints", ".hphotos", ".hcourriers")
PROFILS_SUFFIXES = (".profils",)


def needs_base(host: ServerHost) -> bool:
    """No base on the server: said, and True (the action does nothing)."""
    if host.status is not None and host.status.base_id is None:
        host.result(host.t("error.no_base"), error=True)
        return True
    return False


def replacement_body(host: ServerHost, key: str, current: BaseSummary, **params: object) -> str:
    """What becomes of the current base when another takes its place (``key``, given
    ``params``): named, its year, size and students, and the section of Autres bases it goes
    to."""
    return host.t(
        key,
        name=current.name,
        year=current.school_year,
        size=format_size(current.size_bytes, host.lang),
        students=format_count(current.counts.resources.get("students", 0), host.lang),
        section=section_title(base_section(current), host.lang),
        **params,
    )


async def confirm_replacement(host: ServerHost, key: str, **params: object) -> str | None:
    """When a base is current: the replacement confirmed (``key``: what replaces it), then the
    server stopped if it was in service; what to say if the action fails afterwards. Nothing
    is asked, nor stopped, without a current base (the server cannot run then)."""
    current = host.listing.current if host.listing is not None else None
    if current is None:
        return None
    return await confirm_then_stop(
        host,
        host.t("serveur.replace_title"),
        replacement_body(host, key, current, **params),
        yes="serveur.replace_yes",
        stop_yes="serveur.stop_replace_yes",
    )


async def create_base(host: ServerHost) -> None:
    """The grid first, then the replacement confirmed: until then nothing is changed (the
    server stays in service); the server is stopped only after the last answer."""
    grid = await ask(host, TimeGridDialog())
    if grid is None:
        cancelled(host)
    left_stopped = await confirm_replacement(host, "serveur.replace_body")
    created = host.client.create_base(CreateBaseRequest(time_grid=grid))
    base = await request(host, created, also=left_stopped)
    host.result(host.t("serveur.created_base", name=base.name))
    await host.refresh_quietly()


async def load_base(host: ServerHost) -> None:
    """The file first, then, if a base is current, its replacement confirmed (the server is
    stopped only then); a load that fails after the stop says the server was left stopped."""
    title = host.t("serveur.load_title")
    path = await pick_file(host, title, HNOT_SUFFIXES)
    current = host.listing.current if host.listing is not None else None
    left_stopped = await confirm_replacement(host, "serveur.load_replace_body", file=path.name)

    def describe(job: Job) -> str:
        return host.t(
            "progress.result.load",
            name=job.result.get("name", ""),
            year=job.result.get("school_year", ""),
        )

    operation = Operation(
        title=title,
        upload=(path, UploadKind.HNOT),
        start_job=with_upload(host.client.load_base),
        describe=describe,
        offer_start=True,
    )
    choice = await progress(host, operation)
    if left_stopped is not None and await still_current(host, current):
        host.result(left_stopped)
    await start_after(host, choice)


async def still_current(host: ServerHost, before: BaseSummary | None) -> bool:
    """After an operation that was to replace ``before``: is it still the current base?"""
    try:
        listing = await host.client.bases()
    except ConsoleError:
        return False  # unknown: the next poll says what holds
    now = listing.current
    return (now.id if now else None) == (before.id if before else None)


async def attach_annexes(host: ServerHost) -> None:
    if needs_base(host):
        return
    title = host.t("serveur.annexes_title")
    path = await pick_file(host, title, ANNEX_SUFFIXES)

    def describe(job: Job) -> str:
        r = job.result
        return host.t(
            "progress.result.annexes",
            file=r.get("file", path.name),
            attached=r.get("attached", 0),
            already=r.get("already_there", 0),
            unmatched=r.get("unmatched_count", 0),
            mismatched=r.get("mismatched_count", 0),
        )

    upload = (path, UploadKind.ANNEX)
    start = with_upload(host.client.attach_annexes)
    await progress(host, Operation(title, start, describe, upload=upload))


def users_report(host: ServerHost, path: Path, job: Job) -> str:
    """Created, already there, refused (the first three refused lines named)."""
    r = job.result
    refused = r.get("refused", [])
    text = host.t(
        "progress.result.users",
        file=r.get("file", path.name),
        created=len(r.get("created", [])),
        already=len(r.get("already_there", [])),
        refused=len(refused),
    )
    lines = [
        host.t(
            "progress.result.refused_user",
            line=item.get("line", "?"),
            identifier=item.get("identifier", ""),
        )
        for item in refused[:3]
    ]
    return "\n".join([text, *lines])


async def import_users(host: ServerHost) -> None:
    if needs_base(host):
        return
    title = host.t("serveur.users_title")
    path = await pick_file(host, title, PROFILS_SUFFIXES)
    upload = (path, UploadKind.PROFILS)
    start = with_upload(host.client.import_users)
    await progress(host, Operation(title, start, partial(users_report, host, path), upload=upload))

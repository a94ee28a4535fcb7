"""``pronote-server backups list|verify [--data DIR] [--school N]``: the snapshot store seen by the
operator. ``verify`` reads every snapshot fully (checksums, ``integrity_check`` of the base, the
school it belongs to), keeps the result (shown in the console) and exits 1 if one fails."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pronote_api.catalogue import Lang, tr
from pronote_server.errors import human_size
from pronote_server.runtime import open_runtime
from pronote_server.snapshots import backups as snapshots
from pronote_server.store.clock import Clock
from pronote_server.store.config import DataDir


def _schools(data: DataDir, school: str | None) -> list[str]:
    root = data.root / "schools"
    if school is not None:
        return [school]
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def _data(args: argparse.Namespace) -> DataDir:
    # Opening the runtime checks the directory (initialised, schema current) like other commands.
    runtime = open_runtime(Path(args.data))
    runtime.close()
    return runtime.data


def cmd_list(args: argparse.Namespace, lang: Lang) -> int:
    data = _data(args)
    for number in _schools(data, args.school):
        state = snapshots.read_state(data, number)
        for item in snapshots.scan(data, number):
            verified = (state.get("verified") or {}).get(item.id) or {}
            ok = verified.get("ok")
            status = (
                "cli.backups.unverified"
                if ok is None
                else "cli.backups.ok"
                if ok
                else "cli.backups.failed"
            )
            print(
                tr(
                    "cli.backups.line",
                    lang,
                    school=number,
                    kind=tr(f"snapshot.kind.{item.kind.value}", lang),
                    name=item.path.name,
                    taken_at=f"{item.taken_at:%Y-%m-%d %H:%M}",
                    size=human_size(item.path.stat().st_size),
                    status=tr(status, lang),
                )
            )
    return 0


def cmd_verify(args: argparse.Namespace, lang: Lang) -> int:
    data = _data(args)
    now = Clock.from_environ().now()
    failed = 0
    for number in _schools(data, args.school):
        for item in snapshots.scan(data, number):
            error = snapshots.verify(data, number, item, now)
            if error is None:
                print(tr("cli.backups.verified", lang, school=number, name=item.path.name))
            else:
                failed += 1
                message = error.message_fr if lang == "fr" else error.message_en
                print(
                    tr(
                        "cli.backups.refused",
                        lang,
                        school=number,
                        name=item.path.name,
                        message=message,
                    ),
                    file=sys.stderr,
                )
    return 1 if failed else 0


COMMANDS = {"list": cmd_list, "verify": cmd_verify}


def add_commands(
    sub: argparse._SubParsersAction[Any],
    data_arg: Callable[[argparse.ArgumentParser], None],
    lang: Lang,
) -> None:
    """``backups list|verify`` under the group ``sub`` made by ``pronote-server``."""

    def h(key: str) -> str:
        return tr("cli.server.backups" + key, lang)

    for name in ("list", "verify"):
        command = sub.add_parser(name, help=h("." + name), description=h("." + name))
        data_arg(command)
        command.add_argument("--school", help=h(".school"))

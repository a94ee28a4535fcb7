"""``pronote-server security list|unblock``: the suspended addresses seen by the provider, across
schools. A school's console sees and lifts only the suspensions of its own doors; a suspension
that protects every school (its failures named none: an unknown hosting number or UAI) is lifted
only here.

* ``list [--school N]``: every suspension in force with the school it protects (with
  ``--school``: those that refuse at that school's doors, its own and the provider-level ones).
* ``unblock ADDRESS --school N``: lift the address's suspension for that school only;
  ``unblock ADDRESS --everywhere``: lift every suspension of the address, provider-level ones
  included. Each lift is written to the history of the school it protected (actor ``provider``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pronote_api.catalogue import Lang, detect_lang, tr
from pronote_server.runtime import open_runtime
from pronote_server.security import accounts, suspensions
from pronote_server.store.tables import Account

EXIT_REFUSED = 2


def _lang(args: argparse.Namespace) -> Lang:
    lang = getattr(args, "lang", None)
    return "en" if lang == "en" else "fr" if lang == "fr" else detect_lang()


def _school(account: Account | None, lang: Lang) -> str:
    if account is None:
        return tr("cli.security.every_school", lang)
    return tr(
        "cli.security.school",
        lang,
        hosting_number=account.hosting_number,
        school_name=account.school_name,
    )


def _refuse(message: str, lang: Lang) -> int:
    print(tr("cli.error", lang, message=message), file=sys.stderr)
    return EXIT_REFUSED


def cmd_list(args: argparse.Namespace) -> int:
    lang = _lang(args)
    runtime = open_runtime(Path(args.data))
    try:
        with runtime.sessions() as db:
            account_id = None
            if args.school is not None:
                account = accounts.find(db, args.school.strip())
                if account is None:
                    message = tr("cli.error.unknown_account", lang, hosting_number=args.school)
                    return _refuse(message, lang)
                account_id = account.id
            rows = suspensions.provider_list(db, runtime.clock.now(), account_id)
            if not rows:
                print(tr("cli.security.none", lang))
                return 0
            for held in rows:
                row = held.suspension
                print(
                    tr(
                        "cli.security.line",
                        lang,
                        address=row.source_ip,
                        school=_school(held.school, lang),
                        since=f"{row.since:%Y-%m-%d %H:%M}",
                        until=suspensions.until_text(row),
                        failures=row.failures,
                        door=tr(f"door.{row.door}", lang),
                    )
                )
    finally:
        runtime.close()
    return 0


def cmd_unblock(args: argparse.Namespace) -> int:
    lang = _lang(args)
    runtime = open_runtime(Path(args.data))
    try:
        with runtime.sessions() as db:
            account: Account | None = None
            if args.school is not None:
                account = accounts.find(db, args.school.strip())
                if account is None:
                    message = tr("cli.error.unknown_account", lang, hosting_number=args.school)
                    return _refuse(message, lang)
            lifted = suspensions.provider_unblock(
                db,
                runtime.clock.now(),
                args.address,
                account_id=account.id if account is not None else None,
                everywhere=args.everywhere,
            )
            if not lifted:
                if args.everywhere:
                    message = tr("cli.security.nothing_anywhere", lang, address=args.address)
                else:
                    message = tr(
                        "cli.security.nothing",
                        lang,
                        address=args.address,
                        school=_school(account, lang),
                    )
                return _refuse(message, lang)
            db.commit()
            for held in lifted:
                school = _school(held.school, lang)
                print(tr("cli.security.unblocked", lang, address=args.address, school=school))
    finally:
        runtime.close()
    return 0


COMMANDS = {"list": cmd_list, "unblock": cmd_unblock}


def add_commands(
    sub: argparse._SubParsersAction[Any],
    data_arg: Callable[[argparse.ArgumentParser], None],
    lang: Lang,
) -> None:
    """``security list|unblock`` under the group ``sub`` made by ``pronote-server``."""

    def h(key: str) -> str:
        return tr("cli.server.security" + key, lang)

    lst = sub.add_parser("list", help=h(".list"), description=h(".list"))
    data_arg(lst)
    lst.add_argument("--school", help=h(".school"))
    unblock = sub.add_parser("unblock", help=h(".unblock"), description=h(".unblock"))
    data_arg(unblock)
    unblock.add_argument("address", help=h(".address"))
    where = unblock.add_mutually_exclusive_group(required=True)
    where.add_argument("--school", help=h(".unblock_school"))
    where.add_argument("--everywhere", action="store_true", help=h(".everywhere"))

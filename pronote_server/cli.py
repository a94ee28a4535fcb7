"""``pronote-server``: init, serve, info, accounts, outbox, demo, export-hosting-files.

Errors reach the operator as one line in their language (French unless the locale or ``--lang``
says English) with exit code 2; never a traceback, never a secret. Heavy imports (FastAPI,
uvicorn) happen only in the commands that serve.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import OperationalError

from pronote_api import lifeline
from pronote_api.catalogue import Lang, detect_lang, sentence, tr
from pronote_api.command_line import argparse_in, command_lang
from pronote_api.connections import SuspensionSettings
from pronote_api.models import AccountOptions, TeacherFormula
from pronote_api.publication import ESPACE_PAGES, EspaceKind
from pronote_server.errors import SchoolError
from pronote_server.espaces import ents
from pronote_server.initialise import AlreadyInitialised, initialise
from pronote_server.runtime import NotInitialised, Runtime, SchemaOutdated, open_runtime
from pronote_server.security import accounts, console_sessions
from pronote_server.security import cli as security_cli
from pronote_server.security.accounts import DuplicateAccount, FieldInvalid, NewAccount
from pronote_server.security.pki import group_fingerprint
from pronote_server.snapshots import cli as snapshots_cli
from pronote_server.store import history
from pronote_server.store.config import DataDir
from pronote_server.store.database import display_url
from pronote_server.store.outbox import StoredMessage

EXIT_USAGE = 2
EXIT_UNEXPECTED = 1
DATA_ENV = "PRONOTE_SERVER_DATA"


class CliError(Exception):
    """A refusal worded by the catalogue key ``key``."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line instead of the usage block; argparse's own message says what is wrong.
        self.exit(EXIT_USAGE, tr("cli.error", _lang(), message=message) + "\n")


_LANG: list[Lang] = []


def _lang() -> Lang:
    return _LANG[0] if _LANG else detect_lang()


def _school_year_end(today: date) -> date:
    return date(today.year + (1 if today.month >= 9 else 0), 8, 31)


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(tr("validation.date", _lang())) from exc


def build_parser(lang: Lang | None = None) -> argparse.ArgumentParser:
    """The command's parser, its help in ``lang`` (build it inside :func:`argparse_in` for
    argparse's own words)."""
    lang = lang or _lang()

    def h(key: str, **params: object) -> str:
        return tr("cli.server." + key, lang, **params)

    parser = _Parser(prog="pronote-server", description=h("description"))
    parser.add_argument("--lang", choices=["fr", "en"], help=h("lang"))
    command = h("command")
    commands = parser.add_subparsers(
        dest="command", metavar=command, required=True, parser_class=_Parser
    )

    def data_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data",
            type=Path,
            default=os.environ.get(DATA_ENV),
            required=DATA_ENV not in os.environ,
            help=h("data", env=DATA_ENV),
        )

    p = commands.add_parser("init", help=h("init"), description=h("init"))
    data_arg(p)
    p.add_argument("--db", help=h("init.db"))
    p.add_argument("--domain", default="localhost", help=h("init.domain"))
    p.add_argument("--san", action="append", default=[], help=h("init.san"))

    p = commands.add_parser("serve", help=h("serve"), description=h("serve"))
    data_arg(p)
    p.add_argument("--host", default=None, help=h("serve.host"))
    p.add_argument("--port", type=int, default=None, help=h("serve.port"))
    p.add_argument("--enrol-port", type=int, default=None, help=h("serve.enrol_port"))
    p.add_argument("--client-port", type=int, default=None, help=h("serve.client_port"))
    p.add_argument("--web-port", type=int, default=None, help=h("serve.web_port"))
    p.add_argument("--web-http", action="store_true", help=h("serve.web_http"))
    p.add_argument("--ready-file", type=Path, help=h("serve.ready_file"))

    p = commands.add_parser("info", help=h("info"), description=h("info"))
    data_arg(p)

    p = commands.add_parser("demo", help=h("demo"), description=h("demo"))
    data_arg(p)
    p.add_argument("--ready-file", type=Path, required=True, help=h("serve.ready_file"))

    def group(name: str) -> argparse._SubParsersAction[Any]:
        """A command made of commands (``accounts create``); its help: ``cli.server.NAME``."""
        p = commands.add_parser(name, help=h(name), description=h(name))
        return p.add_subparsers(
            dest=f"{name}_command", metavar=command, required=True, parser_class=_Parser
        )

    acc = group("accounts")
    c = acc.add_parser("create", help=h("accounts.create"), description=h("accounts.create"))
    data_arg(c)
    for option in ("uai", "name", "manager_name", "manager_email", "manager_phone"):
        c.add_argument("--" + option.replace("_", "-"), required=True, help=h("accounts." + option))
    c.add_argument("--hosting-number", help=h("accounts.hosting_number"))
    c.add_argument("--client-reference", help=h("accounts.client_reference"))
    c.add_argument("--licence-expires", type=_parse_date, help=h("accounts.licence_expires"))
    c.add_argument("--editors", type=int, default=6, help=h("accounts.editors"))
    c.add_argument(
        "--formula",
        choices=[f.value for f in TeacherFormula],
        default=TeacherFormula.UNLIMITED,
        help=h("accounts.formula"),
    )
    for name, info in AccountOptions.model_fields.items():
        c.add_argument(
            "--" + name.replace("_", "-"),
            action=argparse.BooleanOptionalAction,
            default=info.default,
            help=h("accounts.option"),
        )
    lst = acc.add_parser("list", help=h("accounts.list"), description=h("accounts.list"))
    data_arg(lst)
    r = acc.add_parser("reset-password", help=h("accounts.reset"), description=h("accounts.reset"))
    data_arg(r)
    r.add_argument("hosting_number", help=h("accounts.number"))

    box = group("outbox")
    o = box.add_parser("list", help=h("outbox.list"), description=h("outbox.list"))
    data_arg(o)
    o.add_argument("--all", action="store_true", help=h("outbox.all"))
    o.add_argument("--account", metavar="HOSTING_NUMBER", help=h("outbox.account"))
    o = box.add_parser("show", help=h("outbox.show"), description=h("outbox.show"))
    data_arg(o)
    o.add_argument("ids", nargs="*", metavar="ID", help=h("outbox.ids"))
    o.add_argument("--account", metavar="HOSTING_NUMBER", help=h("outbox.show_account"))
    o.add_argument("--mark-delivered", action="store_true", help=h("outbox.mark_delivered"))

    p = commands.add_parser("export-hosting-files", help=h("export"), description=h("export"))
    p.add_argument("--base", type=Path, required=True, help=h("export.base"))
    p.add_argument("--hosting-number", required=True, help=h("export.hosting_number"))
    p.add_argument("--out", type=Path, required=True, help=h("export.out"))
    bases_group = group("bases")
    b = bases_group.add_parser(
        "set-password", help=h("bases.set_password"), description=h("bases.set_password")
    )
    data_arg(b)
    b.add_argument("--uai", required=True, help=h("bases.uai"))
    b.add_argument("--login", required=True, help=h("bases.login"))
    b.add_argument(
        "--espace",
        choices=[page.kind.value for page in ESPACE_PAGES if page.has_login],
        help=h("bases.espace"),
    )
    snapshots_cli.add_commands(group("backups"), data_arg, lang)
    security_cli.add_commands(group("security"), data_arg, lang)
    return parser


def _fingerprint(hex_digest: str) -> str:
    """The CA's fingerprint for people: two lines of 16 groups (one line of 95 characters is
    cut by an 80-column terminal, wherever it falls)."""
    groups = group_fingerprint(hex_digest).split(":")
    return ":".join(groups[:16]) + "\n" + ":".join(groups[16:])


def _open(root: Path) -> Runtime:
    return open_runtime(root)


def cmd_init(args: argparse.Namespace) -> int:
    authority = initialise(args.data, db_url=args.db, domain=args.domain, sans=args.san)
    print(
        tr(
            "cli.init.done",
            _lang(),
            path=args.data.resolve(),
            fingerprint=_fingerprint(authority.fingerprint_sha256),
        )
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    runtime = _open(args.data)
    try:
        config = runtime.config
        print(
            tr(
                "cli.info",
                _lang(),
                path=runtime.data.root,
                db=display_url(config.db_url),
                domain=config.domain,
                host=config.host,
                api_port=config.api_port,
                enrol_port=config.enrol_port,
                client_port=config.client_port,
                fingerprint=_fingerprint(runtime.authority.fingerprint_sha256),
            )
        )
        if config.web_port is None:
            print(tr("cli.info.web_absent", _lang()))
        else:
            print(tr("cli.info.web_port", _lang(), web_port=config.web_port))
    finally:
        runtime.close()
    return 0


def cmd_accounts_create(args: argparse.Namespace) -> int:
    options = AccountOptions(**{name: getattr(args, name) for name in AccountOptions.model_fields})
    spec = NewAccount(
        uai=args.uai,
        school_name=args.name,
        manager_name=args.manager_name,
        manager_email=args.manager_email,
        manager_phone=args.manager_phone,
        licence_expires_on=args.licence_expires or _school_year_end(date.today()),
        editing_licences=args.editors,
        formula=TeacherFormula(args.formula),
        options=options,
        hosting_number=args.hosting_number,
        client_reference=args.client_reference,
    ).validated()
    runtime = _open(args.data)
    try:
        with runtime.sessions() as db:
            now = runtime.clock.now()
            account, _secrets = accounts.create(
                db, spec, vault=runtime.vault, outbox=runtime.outbox, now=now
            )
            history.record_by_provider(db, account, now, history.ACCOUNT_CREATE)
            db.commit()
        lang = _lang()
        print(
            tr(
                "cli.accounts.created",
                lang,
                school_name=account.school_name,
                uai=account.uai,
                hosting_number=account.hosting_number,
            )
        )
        waiting = any(m.account == account.hosting_number for m in runtime.outbox.messages())
        print(
            tr(
                "cli.accounts.secrets_waiting" if waiting else "cli.accounts.secrets_sent",
                lang,
                email=account.manager_email,
                phone=account.manager_phone,
                hosting_number=account.hosting_number,
                data=runtime.data.root,
            )
        )
    finally:
        runtime.close()
    return 0


def _outbox_line(message: StoredMessage, lang: Lang) -> str:
    subject = message.subject or tr("cli.outbox.sms_subject", lang, kind=message.kind)
    return tr(
        "cli.outbox.line",
        lang,
        id=message.id,
        created=f"{message.created_at:%Y-%m-%d %H:%M}",
        channel=f"{tr('cli.outbox.channel.' + message.channel, lang):<6}",
        state=f"{tr('cli.outbox.state.' + message.state, lang):<10}",
        account=message.account,
        to=message.to,
        subject=subject,
    )


def cmd_outbox_list(args: argparse.Namespace) -> int:
    """Who each message is for and what it is; never its text (it may hold a secret)."""
    lang = _lang()
    runtime = _open(args.data)
    try:
        outbox = runtime.outbox
        found = [
            m
            for m in outbox.messages(include_done=args.all)
            if args.account is None or m.account == args.account.strip()
        ]
        if not found:
            print(tr("cli.outbox.empty", lang, path=outbox.directory))
            return 0
        print(tr("cli.outbox.header", lang, count=len(found), path=outbox.directory))
        for message in found:
            print(_outbox_line(message, lang))
        print(tr("cli.outbox.how_to_show", lang, data=runtime.data.root))
    finally:
        runtime.close()
    return 0


def cmd_outbox_show(args: argparse.Namespace) -> int:
    """Print messages decoded, secrets included: the provider asked for them by name, to pass
    them on. Nothing of it goes to a log."""
    lang = _lang()
    if not args.ids and args.account is None:
        raise CliError("cli.error.outbox_nothing")
    runtime = _open(args.data)
    try:
        outbox = runtime.outbox
        everything = outbox.messages(include_done=True)
        chosen: list[StoredMessage] = []
        for wanted in args.ids:
            key = wanted.strip().lower()
            match = [m for m in everything if key in (m.id, m.path.name)]
            if not match:
                raise CliError("cli.error.outbox_unknown", id=wanted)
            chosen += match
        if args.account is not None:
            chosen += [
                m
                for m in everything
                if m.account == args.account.strip() and m.state == "pending" and m not in chosen
            ]
        for message in chosen:
            state = tr("cli.outbox.state." + message.state, lang)
            print(
                tr(
                    "cli.outbox.message",
                    lang,
                    id=message.id,
                    channel=tr("cli.outbox.channel." + message.channel, lang),
                    state=state,
                    to=message.to,
                    account=message.account,
                    created=f"{message.created_at:%Y-%m-%d %H:%M} UTC",
                )
            )
            if message.subject:
                print(tr("cli.outbox.subject", lang, subject=message.subject))
            print(f"\n{message.text}\n")
            if not args.mark_delivered:
                if message.state == "pending":
                    print(tr("cli.outbox.mark_hint", lang, id=message.id, data=runtime.data.root))
            elif message.state == "pending":
                outbox.mark_delivered(message)
                print(tr("cli.outbox.marked", lang, id=message.id, path=outbox.delivered))
            else:
                print(tr("cli.outbox.already_done", lang, id=message.id, state=state))
            print()
    finally:
        runtime.close()
    return 0


def cmd_accounts_list(args: argparse.Namespace) -> int:
    lang = _lang()
    runtime = _open(args.data)
    try:
        with runtime.sessions() as db:
            rows = accounts.all_accounts(db)
            if not rows:
                print(tr("cli.accounts.none", lang))
                return 0
            print(tr("cli.accounts.header", lang))
            for a in rows:
                state = tr("cli.accounts.disabled" if a.disabled else "cli.accounts.active", lang)
                print(
                    f"{a.hosting_number:<15} {a.uai:<9} {a.licence_expires_on.isoformat():<11} "
                    f"{state:<10} {a.school_name}"
                )
    finally:
        runtime.close()
    return 0


def cmd_accounts_reset(args: argparse.Namespace) -> int:
    runtime = _open(args.data)
    try:
        with runtime.sessions() as db:
            account = accounts.find(db, args.hosting_number.strip())
            if account is None:
                raise CliError("cli.error.unknown_account", hosting_number=args.hosting_number)
            now = runtime.clock.now()
            accounts.new_password(account, outbox=runtime.outbox, now=now)
            # A reset by the provider is a security measure: open sessions end with it.
            console_sessions.close_all(db, account.id)
            history.record_by_provider(db, account, now, history.ACCOUNT_RESET_PASSWORD)
            db.commit()
            print(tr("cli.accounts.password_sent", _lang(), hosting_number=account.hosting_number))
    finally:
        runtime.close()
    return 0


def _serve(
    runtime: Runtime,
    host: str,
    api_port: int,
    enrol_port: int,
    ready_file: Path | None,
    extra_ready: Mapping[str, object] | None = None,
    *,
    client_port: int = 0,
    web_port: int | None = None,
    web_plain: bool = False,
    also_on_ready: Callable[[dict[str, object]], object] | None = None,
) -> int:
    # FastAPI and uvicorn only for the commands that serve: the others start faster.
    from pronote_server import service_log
    from pronote_server.web import listeners

    service_log.configure(runtime.data.logs)
    try:
        ents.known_ents(runtime.data, runtime.config)  # a broken file is told now, not later
    except ents.KnownEntsError as exc:
        raise CliError("cli.error.known_ents", reason=str(exc)) from None
    try:
        bound = listeners.bind(
            host, api_port, enrol_port, client_port, web_port, web_plain=web_plain
        )
    except listeners.PlainHttpRefused:
        raise CliError("cli.error.web_http", host=host) from None
    except OSError as exc:
        port = api_port if enrol_port == 0 else f"{api_port}/{enrol_port}"
        if client_port:
            port = f"{port}/{client_port}"
        if web_port:
            port = f"{port}/{web_port}"
        raise CliError(
            "cli.error.port_in_use", host=host, port=port, reason=exc.strerror or type(exc).__name__
        ) from exc
    runtime.outbox.relay_pending()

    def on_ready(record: dict[str, object]) -> None:
        if ready_file is not None:
            listeners.write_ready_file(ready_file, {**record, **(extra_ready or {})})
        print(
            tr(
                "cli.serve.listening",
                _lang(),
                api_url=record["api_url"],
                enrol_url=record["enrol_url"],
                client_port=record["client_port"],
            ),
            flush=True,
        )
        if record.get("web_url"):
            print(tr("cli.serve.web", _lang(), web_url=record["web_url"]), flush=True)
        if also_on_ready is not None:
            also_on_ready(record)

    try:
        asyncio.run(listeners.serve(runtime, bound, host, on_ready=on_ready))
    finally:
        # The file says "ready at these addresses" (and, for the demo, holds its secrets): it
        # must not outlive the service.
        if ready_file is not None:
            ready_file.unlink(missing_ok=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    runtime = _open(args.data)
    try:
        config = runtime.config
        return _serve(
            runtime,
            args.host or config.host,
            config.api_port if args.port is None else args.port,
            config.enrol_port if args.enrol_port is None else args.enrol_port,
            args.ready_file,
            client_port=config.client_port if args.client_port is None else args.client_port,
            web_port=config.web_port if args.web_port is None else args.web_port,
            web_plain=args.web_http,
        )
    finally:
        runtime.close()


def cmd_demo(args: argparse.Namespace) -> int:
    # Started by the console's demo: stop when it goes, even if it is killed outright.
    lifeline.watch_parent()
    if not DataDir(args.data.resolve()).is_initialised():
        # Everything of the demo comes from the loopback (the console, the swarm): a visitor
        # trying wrong passwords must not lock themselves out of their own demo.
        initialise(args.data, suspension=SuspensionSettings(allow_list=["127.0.0.0/8", "::1/128"]))
    # The demo school's base and files need the service's modules: imported here, not at the
    # start of every command.
    from pronote_server.demo import (
        DemoSwarm,
        ensure_demo_account,
        ensure_demo_school,
        fill_drop_folder_later,
        publish_demo_school,
    )

    runtime = _open(args.data)
    try:
        secrets = ensure_demo_account(runtime)
        school = ensure_demo_school(runtime)
        demo: dict[str, object] = {
            "demo_account": {
                "hosting_number": secrets.hosting_number,
                "password": secrets.password.get_secret_value(),
                "invoice_number": secrets.invoice_number.get_secret_value(),
            },
            "demo_drop": str(school.drop),
        }
        if school.superadmin_password is not None:
            demo["demo_superadmin"] = {
                "identifier": school.superadmin,
                "password": school.superadmin_password.get_secret_value(),
            }
        fill_drop_folder_later(runtime, school.drop)
        # Sauvegardes and Mes archives show real snapshots at once (the last hours and days).
        from pronote_server.snapshots.demo import fill_demo_snapshots_later

        fill_demo_snapshots_later(runtime, secrets.hosting_number)
        # The Espaces published, served over plain HTTP on 127.0.0.1 (a browser on this
        # machine opens them), one parent, student and teacher able to log in.
        espaces = publish_demo_school(runtime)
        if espaces is not None:
            demo["demo_espaces"] = espaces
        # A few desktop clients keep the connections table alive.
        swarm = DemoSwarm(runtime)
        try:
            return _serve(
                runtime,
                "127.0.0.1",
                0,
                0,
                args.ready_file,
                demo,
                web_port=0,
                web_plain=True,
                also_on_ready=swarm.start_later,
            )
        finally:
            swarm.stop()
    finally:
        runtime.close()


def _read_new_password(lang: Lang) -> str:
    """The new password from standard input (one line; never from the command line, which
    other users of the machine can read), or typed twice at a prompt on a terminal."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    import getpass

    first = getpass.getpass(tr("cli.bases.password_prompt", lang))
    again = getpass.getpass(tr("cli.bases.password_again", lang))
    if first != again:
        raise CliError("cli.bases.password_mismatch")
    return first


def cmd_bases_set_password(args: argparse.Namespace) -> int:
    """A base user's password (for their Espace; Direction: the base's own user, the same as
    the desktop clients'), so that a real person can log in to PRONOTE.net."""
    from pronote_api.validation import InvalidValue, normalise_uai
    from pronote_server.bases.registry import base_path, current_base
    from pronote_server.espaces import people
    from pronote_server.espaces.sites import find_school

    lang = _lang()
    try:
        uai = normalise_uai(args.uai)
    except InvalidValue as exc:
        raise CliError(
            "cli.error.invalid_value", option="--uai", reason=tr(exc.reason, lang, **exc.params)
        ) from None
    espace = EspaceKind(args.espace) if args.espace else None
    runtime = _open(args.data)
    try:
        with runtime.sessions() as db:
            account = find_school(db, uai)
            if account is None:
                raise CliError("cli.bases.unknown_school", uai=uai)
            base = current_base(db, account.id)
            if base is None:
                raise CliError("cli.bases.no_base", uai=uai)
            path = base_path(runtime.data, base)
            password = _read_new_password(lang)
            user = people.set_password(path, args.login, password, espace)
            history.record_by_provider(
                db,
                account,
                runtime.clock.now(),
                people.USER_PASSWORD,
                {"espace": user.espace.value, "login": user.login, "base_id": base.id},
            )
            db.commit()
        print(
            tr(
                "cli.bases.password_set",
                lang,
                login=user.login,
                name=user.display_name,
                espace=tr(f"espace.{user.espace.value}", lang),
            )
        )
    finally:
        runtime.close()
    return 0


def cmd_export_hosting_files(args: argparse.Namespace) -> int:
    from pronote_server.school.export import export_hosting_files

    result = export_hosting_files(args.base, args.out, hosting_number=args.hosting_number)
    print(tr("cli.export.done", _lang(), dir=args.out))
    for path in result.files:
        print(tr("cli.export.file", _lang(), file=path.name, size=path.stat().st_size))
    return 0


def _field_message(exc: FieldInvalid, lang: Lang) -> str:
    error = exc.error
    reason = tr(error.reason, lang, **error.params)
    return tr(
        "cli.error.invalid_value",
        lang,
        option="--" + exc.field.replace("_", "-"),
        reason=tr(f"error.{error.code.value}", lang, reason=reason),
    )


def _message(exc: Exception, args: argparse.Namespace, lang: Lang) -> str | None:
    """The operator's one-line message for an expected failure, or None if unexpected."""
    data = getattr(args, "data", None)
    path = data.resolve() if isinstance(data, Path) else data
    if isinstance(exc, CliError):
        return tr(exc.key, lang, **exc.params)
    if isinstance(exc, SchoolError):
        return sentence(exc.reason(lang))  # a reason is a fragment: here it stands alone
    if isinstance(exc, FieldInvalid):
        return _field_message(exc, lang)
    if isinstance(exc, AlreadyInitialised):
        return tr("cli.error.already_initialised", lang, path=path)
    if isinstance(exc, NotInitialised):
        return tr("cli.error.not_initialised", lang, path=path)
    if isinstance(exc, SchemaOutdated):
        return tr("cli.error.schema_outdated", lang)
    if isinstance(exc, DuplicateAccount):
        return tr("cli.error.duplicate_account", lang, hosting_number=str(exc))
    if isinstance(exc, OperationalError):
        url = getattr(args, "db", None)
        if url is None and isinstance(data, Path) and DataDir(data).is_initialised():
            url = DataDir(data).load_config().db_url
        return tr("cli.error.database", lang, url=display_url(url) if url else "?")
    return None


COMMANDS = {
    "init": cmd_init,
    "serve": cmd_serve,
    "info": cmd_info,
    "demo": cmd_demo,
    "export-hosting-files": cmd_export_hosting_files,
}
OUTBOX_COMMANDS = {"list": cmd_outbox_list, "show": cmd_outbox_show}
BASES_COMMANDS = {"set-password": cmd_bases_set_password}
ACCOUNT_COMMANDS = {
    "create": cmd_accounts_create,
    "list": cmd_accounts_list,
    "reset-password": cmd_accounts_reset,
}


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = command_lang(arguments)
    _LANG[:] = [lang]
    with argparse_in(lang):
        args = build_parser(lang).parse_args(arguments)
    if args.command == "accounts":
        handler = ACCOUNT_COMMANDS[args.accounts_command]
    elif args.command == "outbox":
        handler = OUTBOX_COMMANDS[args.outbox_command]
    elif args.command == "bases":
        handler = BASES_COMMANDS[args.bases_command]
    elif args.command == "backups":
        command = snapshots_cli.COMMANDS[args.backups_command]

        def handler(args: argparse.Namespace) -> int:
            return command(args, lang)
    elif args.command == "security":
        handler = security_cli.COMMANDS[args.security_command]
    else:
        handler = COMMANDS[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = _message(exc, args, lang)
        if message is None:
            from pronote_server.errors import describe_exception

            message = tr("cli.error.unexpected", lang, kind=type(exc).__name__)
            # The operator's terminal gets the class and the code locations, never the
            # exception's text (it may quote a value).
            print(describe_exception(exc), file=sys.stderr)
            print(tr("cli.error", lang, message=message), file=sys.stderr)
            return EXIT_UNEXPECTED
        print(tr("cli.error", lang, message=message), file=sys.stderr)
        return EXIT_USAGE

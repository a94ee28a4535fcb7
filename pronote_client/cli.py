"""``pronote-client login`` and ``pronote-client swarm``.

The password is never an argument: it comes from ``PRONOTE_CLIENT_PASSWORD`` or a prompt (login),
or from a private users file (swarm). Exit codes of ``login``: 0 logged out (Ctrl-C, SIGTERM),
2 login refused, 3 disconnected by the administrator, 4 session expired, 5 server stopped,
6 service unreachable or connection lost.
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import ssl
import sys
import threading
from pathlib import Path
from types import FrameType

from pronote_api.catalogue import LANGS, Lang, tr
from pronote_api.command_line import argparse_in, command_lang
from pronote_api.connections import DESKTOP_CLIENT_PORT, ClientMode
from pronote_client.messages import choose_lang, say, terminal_lang
from pronote_client.protocol import Connection, ConnectionLost, Credentials, ServerRefusal

PASSWORD_ENV = "PRONOTE_CLIENT_PASSWORD"  # noqa: S105 (a variable's name)
CA_ENV = "PRONOTE_CLIENT_CA"

EXIT_REFUSED = 2
EXIT_DISCONNECTED = 3
EXIT_EXPIRED = 4
EXIT_SERVER_STOPPED = 5
EXIT_LOST = 6

_ENDINGS = {
    "disconnected_by_administrator": EXIT_DISCONNECTED,
    "session_gone": EXIT_EXPIRED,
    "server_stopped": EXIT_SERVER_STOPPED,
}


def _connection_args(p: argparse.ArgumentParser, lang: Lang) -> None:
    p.add_argument("--host", default="127.0.0.1", help=tr("cli.client.host", lang))
    p.add_argument(
        "--port", type=int, default=DESKTOP_CLIENT_PORT, help=tr("cli.client.port", lang)
    )
    p.add_argument(
        "--ca",
        type=Path,
        default=Path(os.environ[CA_ENV]) if os.environ.get(CA_ENV) else None,
        help=tr("cli.client.ca", lang, env=CA_ENV),
    )
    p.add_argument("--uai", help=tr("cli.client.uai", lang))


def build_parser(lang: Lang | None = None) -> argparse.ArgumentParser:
    """The command's parser, its help in ``lang`` (build it inside :func:`argparse_in` for
    argparse's own words)."""
    lang = lang or terminal_lang()

    def h(key: str) -> str:
        return tr("cli.client." + key, lang)

    parser = argparse.ArgumentParser(prog="pronote-client", description=h("description"))
    parser.add_argument("--lang", choices=list(LANGS), help=h("lang"))
    commands = parser.add_subparsers(
        dest="command", metavar=tr("cli.server.command", lang), required=True
    )
    p = commands.add_parser("login", help=h("login"), description=h("login"))
    _connection_args(p, lang)
    p.add_argument("--mode", required=True, choices=[m.value for m in ClientMode], help=h("mode"))
    p.add_argument("--user", required=True, help=h("user"))
    p.add_argument("--workstation", required=True, help=h("workstation"))
    p.add_argument("--consultation", action="store_true", help=h("consultation"))
    s = commands.add_parser("swarm", help=h("swarm"), description=h("swarm"))
    _connection_args(s, lang)
    s.add_argument("--clients", type=int, required=True, help=h("clients"))
    s.add_argument("--users", type=Path, required=True, help=h("users"))
    s.add_argument("--churn", type=float, default=0.0, help=h("churn"))
    s.add_argument("--ramp", type=float, default=2.0, help=h("ramp"))
    s.add_argument("--duration", type=float, default=0.0, help=h("duration"))
    s.add_argument("--status-every", type=float, default=0.0, help=h("status_every"))
    s.add_argument("--seed", type=int, default=None, help=h("seed"))
    s.add_argument("--exit-with-parent", action="store_true", help=h("exit_with_parent"))
    return parser


def _password() -> str | None:
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(tr("client.password_prompt", terminal_lang()))
    except EOFError:
        return None


class _Stop:
    """Set by SIGINT or SIGTERM; the heartbeat wait returns at once."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self, _signum: int, _frame: FrameType | None) -> None:
        self.event.set()

    def install(self) -> None:
        signal.signal(signal.SIGINT, self)
        signal.signal(signal.SIGTERM, self)


def cmd_login(args: argparse.Namespace) -> int:
    if args.ca is None or args.uai is None:
        say("client.missing_option", option="--ca" if args.ca is None else "--uai")
        return EXIT_REFUSED
    password = _password()
    if not password:
        say("client.no_password", env=PASSWORD_ENV)
        return EXIT_REFUSED
    credentials = Credentials(
        uai=args.uai,
        user=args.user,
        password=password,
        mode=ClientMode(args.mode),
        workstation=args.workstation,
        consultation=args.consultation,
    )
    stop = _Stop()
    stop.install()
    try:
        connection = Connection(args.host, args.port, args.ca)
    except (OSError, ssl.SSLError) as exc:
        say("client.unreachable", host=args.host, port=args.port, reason=_reason(exc))
        return EXIT_LOST
    try:
        return _session(connection, credentials, stop)
    finally:
        connection.close()


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _session(connection: Connection, credentials: Credentials, stop: _Stop) -> int:
    lang = terminal_lang()
    try:
        welcome = connection.login(credentials)
    except ServerRefusal as refusal:
        say("client.refused", message=refusal.text(lang))
        return EXIT_REFUSED
    except ConnectionLost:
        say("client.lost")
        return EXIT_LOST
    mode = tr(f"mode.{credentials.mode.value}", lang)
    say(
        "client.connected",
        base=welcome.get("base", "?"),
        mode=mode,
        workstation=credentials.workstation,
        session=welcome.get("session", "?"),
    )
    interval = float(welcome.get("heartbeat_seconds", 10))
    try:
        while not stop.event.wait(interval):
            connection.heartbeat()
        connection.logout()
    except ServerRefusal as refusal:
        say("client.ended", message=refusal.text(lang))
        return _ENDINGS.get(refusal.code, EXIT_LOST)
    except ConnectionLost:
        say("client.lost")
        return EXIT_LOST
    say("client.logged_out")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = command_lang(arguments)
    choose_lang(lang)
    with argparse_in(lang):
        args = build_parser(lang).parse_args(arguments)
    if args.command == "login":
        return cmd_login(args)
    from pronote_client.swarm import run_swarm

    return run_swarm(args)


if __name__ == "__main__":
    raise SystemExit(main())

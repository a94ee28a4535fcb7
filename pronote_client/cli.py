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

from pronote_api.catalogue import tr
from pronote_api.connections import DESKTOP_CLIENT_PORT, ClientMode
from pronote_client.messages import say, terminal_lang
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


def _connection_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DESKTOP_CLIENT_PORT)
    p.add_argument(
        "--ca",
        type=Path,
        default=Path(os.environ[CA_ENV]) if os.environ.get(CA_ENV) else None,
        help=f"the service's CA certificate (PEM); default ${CA_ENV}",
    )
    p.add_argument("--uai", help="the school's UAI")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pronote-client", description="PRONOTE desktop client")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("login", help="log in and keep the session alive until Ctrl-C")
    _connection_args(p)
    p.add_argument("--mode", required=True, choices=[m.value for m in ClientMode])
    p.add_argument("--user", required=True, help="identifier in the base")
    p.add_argument("--workstation", required=True, help="Poste")
    p.add_argument("--consultation", action="store_true")
    s = commands.add_parser("swarm", help="open many realistic sessions (demos, load tests)")
    _connection_args(s)
    s.add_argument("--clients", type=int, required=True, help="sessions to keep open")
    s.add_argument(
        "--users",
        type=Path,
        required=True,
        help="private JSON file of users (see docs), - for the standard input",
    )
    s.add_argument("--churn", type=float, default=0.0, help="mean life of a session (s), 0 = stay")
    s.add_argument("--ramp", type=float, default=2.0, help="seconds over which to log in")
    s.add_argument("--duration", type=float, default=0.0, help="stop after (s), 0 = on signal")
    s.add_argument("--status-every", type=float, default=0.0, help="print counts every (s)")
    s.add_argument("--seed", type=int, default=None)
    s.add_argument("--exit-with-parent", action="store_true", help="stop when the parent dies")
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
    args = build_parser().parse_args(argv)
    if args.command == "login":
        return cmd_login(args)
    from pronote_client.swarm import run_swarm

    return run_swarm(args)


if __name__ == "__main__":
    raise SystemExit(main())

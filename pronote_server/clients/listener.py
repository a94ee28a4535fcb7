"""The desktop clients' listener: TLS, newline-delimited JSON (``docs/client-protocol.md``).

One TLS connection per session: ``login``, then ``heartbeat`` every ``heartbeat_seconds``, then
``logout``. Every refusal is one ``error`` message (code, French and English texts) and the
connection is closed. The store is the truth (:mod:`pronote_server.clients.sessions`); this process
keeps in memory only what it must answer at once: the heartbeats it absorbed since its last flush,
and the sessions it holds that the store says are no longer live (disabled, expired, server
stopped), learnt at every tick: it reads the counters of the accounts it holds sessions of (each
school has its own) and, for those that moved, the state of its own sessions of them. So a heartbeat
costs no database write, a tick costs what this listener carries whatever the number of schools, and
several workers (each with its own listener) stay correct: each flushes its own heartbeats and
watches its own sessions.

The tick runs on a thread of its own, never behind the logins (each checks a password hash on the
default executor: a crowd of them queued there once held a tick back for two minutes, while the
heartbeats it was to write waited in memory and their sessions looked silent, then expired, in
the store). And the tick judges lateness at the moment its heartbeats were taken
(:meth:`ClientListener.tick`'s ``cut``), not when its thread gets to run: every heartbeat received
before that moment is in the store by then, so a session whose heartbeats arrive on time is never
judged late, however late the tick runs.

A login checks the credentials before anything it could reveal: an unknown school, an unknown
user and a wrong password get the same answer after the same work (one password hash), and only
a caller whose credentials are right learns that the school's server is stopped.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import re
import secrets
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pronote_api.catalogue import tr
from pronote_api.connections import ClientMode
from pronote_api.errors import ErrorCode
from pronote_server.bases import registry as bases
from pronote_server.clients import licences
from pronote_server.clients import sessions as clients
from pronote_server.errors import HostingFileError, describe_exception
from pronote_server.jobs import acting
from pronote_server.runtime import Runtime
from pronote_server.security import passwords, suspensions
from pronote_server.security.auth_failures import Door, Reason
from pronote_server.security.suspensions import record_failure
from pronote_server.store.tables import Account, ClientSessionRow, SchoolBase

log = logging.getLogger("pronote_server.clients")

PROTOCOL_VERSION = 1
MAX_LINE = 4096  # bytes, newline included: a longer line is a protocol error
LOGIN_TIMEOUT = 15.0  # seconds to send the login once connected
UAI = re.compile(r"\d{7}[A-Z]")
NAME = re.compile(r"[^\x00-\x1f\x7f]{1,64}")

_REASON_CODES = {
    clients.EndReason.DISABLED.value: ErrorCode.DISCONNECTED_BY_ADMINISTRATOR,
    clients.EndReason.SERVER_STOPPED.value: ErrorCode.SERVER_STOPPED,
}


class ProtocolError(Exception):
    pass


def error_message(code: ErrorCode, **params: Any) -> dict[str, Any]:
    """The ``error`` message: the code, its params and both texts (labels of modes and licences
    in each language)."""

    def fill(lang: str) -> dict[str, Any]:
        filled = dict(params)
        for key, prefix in (("mode", "mode."), ("licence", "licence.")):
            if key in filled:
                filled[key] = tr(prefix + str(filled[key]), lang)  # type: ignore[arg-type]
        return filled

    return {
        "type": "error",
        "code": code.value,
        "params": params,
        "message_fr": tr(f"error.{code.value}", "fr", **fill("fr")),
        "message_en": tr(f"error.{code.value}", "en", **fill("en")),
    }


@dataclass(frozen=True)
class Login:
    uai: str
    mode: ClientMode
    user: str
    password: str
    workstation: str
    consultation: bool

    @classmethod
    def parse(cls, message: dict[str, Any]) -> Login:
        try:
            login = cls(
                uai=str(message["uai"]).upper(),
                mode=ClientMode(message["mode"]),
                user=str(message["user"]),
                password=str(message["password"]),
                workstation=str(message["workstation"]),
                consultation=bool(message.get("consultation", False)),
            )
        except (KeyError, ValueError, TypeError):
            raise ProtocolError from None
        if not UAI.fullmatch(login.uai) or not NAME.fullmatch(login.workstation):
            raise ProtocolError
        if not NAME.fullmatch(login.user) or len(login.password) > 256:
            raise ProtocolError
        return login


@dataclass
class Held:
    """A session this listener carries."""

    session_id: str
    account_id: int
    writer: asyncio.StreamWriter


@dataclass
class Memory:
    seen: dict[str, datetime] = field(default_factory=dict)  # heartbeats not yet flushed
    dead: dict[str, str] = field(default_factory=dict)  # held session -> end reason
    # Per account with held sessions: its counter's value up to which the held sessions' states
    # are known (a session held from its login version L is known through L).
    versions: dict[int, int] = field(default_factory=dict)
    # Sessions held (by account) while a tick runs: the tick did not look at them, so the
    # account's version does not move past their login version (lowest per account).
    fresh: dict[int, int] = field(default_factory=dict)
    accounts: dict[int, set[str]] = field(default_factory=dict)  # account -> held sessions


@dataclass(frozen=True)
class Watch:
    """What a tick looks at for one account: the version known, the sessions held then."""

    version: int
    sessions: list[str]


@dataclass(frozen=True)
class Opened:
    """A login's outcome: the answer, and the session held when it is a welcome."""

    answer: dict[str, Any]
    session_id: str | None = None
    account_id: int = 0
    version: int = 0


class ClientListener:
    def __init__(self, runtime: Runtime, sock: Any) -> None:
        self.runtime = runtime
        self.sock = sock
        self.heartbeat = timedelta(seconds=runtime.config.client_heartbeat_seconds)
        self.expiry = timedelta(seconds=runtime.config.client_expiry_seconds)
        self.tick_seconds = min(1.0, runtime.config.client_heartbeat_seconds / 2)
        self.memory = Memory()
        self.held: dict[str, Held] = {}
        self.heartbeats = 0  # absorbed since start (for the benchmark)
        self._server: asyncio.Server | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._tick_lock = asyncio.Lock()
        # The tick's own thread: logins queued on the default executor never hold it back.
        self._tick_thread = concurrent.futures.ThreadPoolExecutor(1, "client-tick")

    # --- life ------------------------------------------------------------------------------

    def _tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.runtime.data.server_cert, self.runtime.data.server_key)
        return context

    async def start(self) -> None:
        # The dummy hash of an unknown user is made now, not at the first login that needs it
        # (which would then cost two hashes and stand out).
        await asyncio.to_thread(passwords.dummy_hash)
        self._server = await asyncio.start_server(
            self._connection,
            sock=self.sock,
            ssl=self._tls(),
            limit=MAX_LINE,
            ssl_handshake_timeout=10,
        )
        self._ticker = asyncio.create_task(self._tick_forever())

    async def close(self) -> None:
        """The service stops: every held session ends (server stopped) and its client is told."""
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        self._tick_thread.shutdown(wait=False)  # a tick under way finishes on its own
        if self._server is not None:
            self._server.close()
        held = list(self.held.values())
        seen = self._take_seen()
        await asyncio.to_thread(self._end_held, seen, [h.session_id for h in held])
        message = _line(error_message(ErrorCode.SERVER_STOPPED))
        for h in held:
            with contextlib.suppress(Exception):
                h.writer.write(message)
                await asyncio.wait_for(h.writer.drain(), 1)
                h.writer.close()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    def _end_held(self, seen: dict[str, datetime], ids: list[str]) -> None:
        now = self.runtime.clock.now()
        with self.runtime.sessions() as db:
            # Two transactions, each taking its accounts' counters in ascending order.
            clients.touch(db, seen)
            db.commit()
            clients.end_many(db, ids, now, clients.EndReason.SERVER_STOPPED)
            db.commit()

    # --- the tick: flush, sweep, learn -------------------------------------------------------

    def _take_seen(self) -> dict[str, datetime]:
        """The heartbeats absorbed since the last flush; called on the event loop (where they are
        recorded), never from a worker thread, so no heartbeat lands in a dict being written."""
        seen, self.memory.seen = self.memory.seen, {}
        return seen

    def _watch(self) -> dict[int, Watch]:
        """What the next tick looks at (on the event loop, where the held sessions change)."""
        self.memory.fresh.clear()
        return {
            account_id: Watch(self.memory.versions[account_id], sorted(sessions))
            for account_id, sessions in self.memory.accounts.items()
        }

    def tick(
        self, seen: dict[str, datetime], cut: datetime, watch: dict[int, Watch]
    ) -> tuple[dict[int, int], dict[str, str]]:
        """Flush heartbeats, sweep late sessions, then learn which held sessions stopped being
        live (blocking: a thread). Returns the counters read and the sessions found gone.

        ``seen`` holds every heartbeat received before ``cut``, the moment it was taken: the
        sweep judges lateness at ``cut`` (a tick whose thread ran late judges no session by
        heartbeats it has not written yet)."""
        with self.runtime.sessions() as db:
            clients.touch(db, seen)
            db.commit()
            clients.sweep(db, cut, heartbeat=self.heartbeat, expiry=self.expiry)
            db.commit()
            # The counters first: every change up to the value read is committed, so the states
            # read next include it.
            read = clients.counters(db, watch)
            moved = [
                session_id
                for account_id, value in read.items()
                if value > watch[account_id].version
                for session_id in watch[account_id].sessions
            ]
            gone = clients.not_live(db, moved) if moved else {}
            db.rollback()
        return read, gone

    def _learnt(self, read: dict[int, int], gone: dict[str, str]) -> None:
        """Apply a tick's findings (on the event loop)."""
        for session_id, reason in gone.items():
            if session_id in self.held:
                self.memory.dead[session_id] = reason
        for account_id, value in read.items():
            if account_id in self.memory.versions:
                self.memory.versions[account_id] = min(
                    value, self.memory.fresh.get(account_id, value)
                )

    def _hold(self, opened: Opened, writer: asyncio.StreamWriter) -> None:
        assert opened.session_id is not None
        account_id, version = opened.account_id, opened.version
        self.held[opened.session_id] = Held(opened.session_id, account_id, writer)
        self.memory.accounts.setdefault(account_id, set()).add(opened.session_id)
        known = self.memory.versions.get(account_id, version)
        self.memory.versions[account_id] = min(known, version)
        self.memory.fresh[account_id] = min(self.memory.fresh.get(account_id, version), version)

    def _release(self, session_id: str) -> None:
        held = self.held.pop(session_id, None)
        self.memory.dead.pop(session_id, None)
        if held is None:
            return
        sessions = self.memory.accounts.get(held.account_id)
        if sessions is not None:
            sessions.discard(session_id)
            if not sessions:
                del self.memory.accounts[held.account_id]
                self.memory.versions.pop(held.account_id, None)
                self.memory.fresh.pop(held.account_id, None)

    async def _tick_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.tick_seconds)
            async with self._tick_lock:
                watch = self._watch()
                seen, cut = self._take_seen(), self.runtime.clock.now()
                try:
                    read, gone = await loop.run_in_executor(
                        self._tick_thread, self.tick, seen, cut, watch
                    )
                except Exception as exc:  # the next tick tries again; the log says why
                    log.error("client listener tick failed: %s", describe_exception(exc))
                    # Its heartbeats are not lost: the next tick writes them (newer ones win).
                    self.memory.seen = {**seen, **self.memory.seen}
                    continue
                self._learnt(read, gone)

    # --- one connection ----------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        source_ip = str(peer[0]) if peer else "unknown"
        session_id: str | None = None
        try:
            first = await _read(reader, LOGIN_TIMEOUT)
            if first is None:
                return
            if first.get("type") != "login":
                raise ProtocolError
            login = Login.parse(first)
            opened = await asyncio.to_thread(self._login, login, source_ip)
            if opened.session_id is not None:
                session_id = opened.session_id
                self._hold(opened, writer)
            writer.write(_line(opened.answer))
            await writer.drain()
            if session_id is None:
                return
            await self._session(reader, writer, session_id)
        except ProtocolError:
            with contextlib.suppress(Exception):
                writer.write(_line(error_message(ErrorCode.PROTOCOL_ERROR)))
                await writer.drain()
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass  # the client went away: its session (if any) expires on missed heartbeats
        except Exception as exc:  # one connection's fault never stops the listener
            ref = secrets.token_hex(4)
            log.error("desktop client error ref=%s %s", ref, describe_exception(exc))
            with contextlib.suppress(Exception):
                writer.write(_line(error_message(ErrorCode.INTERNAL, ref=ref)))
                await writer.drain()
        finally:
            if session_id is not None:
                self._release(session_id)
            with contextlib.suppress(Exception):
                writer.close()

    async def _session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, session_id: str
    ) -> None:
        idle = self.expiry.total_seconds()
        while True:
            message = await _read(reader, idle)
            if message is None:
                return
            kind = message.get("type")
            reason = self.memory.dead.get(session_id)
            if reason is not None and kind in ("heartbeat", "logout"):
                code = _REASON_CODES.get(reason, ErrorCode.SESSION_GONE)
                writer.write(_line(error_message(code)))
                await writer.drain()
                return
            if kind == "heartbeat":
                self.memory.seen[session_id] = self.runtime.clock.now()
                self.heartbeats += 1
                writer.write(b'{"type":"alive"}\n')
                await writer.drain()
            elif kind == "logout":
                self.memory.seen.pop(session_id, None)
                await asyncio.to_thread(self._logout, session_id)
                writer.write(b'{"type":"bye"}\n')
                await writer.drain()
                return
            else:
                raise ProtocolError

    def _logout(self, session_id: str) -> None:
        with self.runtime.sessions() as db:
            clients.end(db, session_id, self.runtime.clock.now(), clients.EndReason.LOGOUT)
            db.commit()

    # --- login -------------------------------------------------------------------------------

    def _login(self, login: Login, source_ip: str) -> Opened:
        runtime = self.runtime
        rules = runtime.config.suspension
        now = runtime.clock.now()
        with runtime.sessions() as db:
            suspension = suspensions.refusal(db, source_ip, now, rules, None)
            if suspension is not None:
                until = suspensions.until_text(suspension)
                return Opened(error_message(ErrorCode.ADDRESS_SUSPENDED, until=until))
            try:
                row = self._open(db, login, source_ip, now)
            except clients.ClientRefusal as refusal:
                db.commit()  # the failure counted (and the suspension it may cause) persists
                return Opened(error_message(refusal.code, **refusal.params))
            db.commit()
            return Opened(
                {
                    "type": "welcome",
                    "protocol": PROTOCOL_VERSION,
                    "session": row.id,
                    "heartbeat_seconds": runtime.config.client_heartbeat_seconds,
                    "expiry_seconds": runtime.config.client_expiry_seconds,
                    "base": row.base_name,
                    "mode": row.mode,
                    "consultation": row.consultation,
                },
                row.id,
                row.account_id,
                row.version,
            )

    def _open(self, db: Session, login: Login, source_ip: str, now: datetime) -> ClientSessionRow:
        rules = self.runtime.config.suspension
        account = db.scalar(
            select(Account)
            .where(Account.uai == login.uai, Account.disabled.is_(False))
            .order_by(Account.id)
            .limit(1)
        )

        def failed(reason: Reason, account_id: int | None) -> clients.ClientRefusal:
            record_failure(
                db,
                at=now,
                source_ip=source_ip,
                door=Door.CLIENT,
                reason=reason,
                account_id=account_id,
                rules=rules,
            )
            return clients.ClientRefusal(ErrorCode.UNKNOWN_USER_OR_PASSWORD)

        # Everything the answer depends on is read first; nothing is told before the password
        # check, which costs one hash in every case (see licences.base_user).
        account_id = account.id if account is not None else None
        base = bases.current_base(db, account_id) if account_id is not None else None
        path = self._base_file(base)
        running = account_id is not None and acting.is_running(db, account_id)
        here = (
            None
            if account_id is None
            else suspensions.refusal(db, source_ip, now, rules, account_id)
        )
        # End the read transaction before the slow password check: on SQLite a snapshot held
        # across another writer's commit could not be upgraded to the licence lock afterwards.
        db.commit()
        user, known = licences.base_user(path, login.user, login.password)
        if account is None or account_id is None:
            raise failed(Reason.UNKNOWN_SCHOOL, None)
        if here is not None:  # suspended for this school: all it is told, right password or not
            raise clients.ClientRefusal(
                ErrorCode.ADDRESS_SUSPENDED, until=suspensions.until_text(here)
            )
        if user is None:
            raise failed(Reason.WRONG_PASSWORD if known else Reason.UNKNOWN_USER, account_id)
        if base is None or not running:
            raise clients.ClientRefusal(ErrorCode.SERVER_STOPPED)
        return licences.open_session(
            db,
            licences.LoginRequest(
                account=account,
                base_id=base.id,
                base_name=base.name,
                user=user,
                mode=login.mode,
                consultation=login.consultation,
                workstation=login.workstation,
                source_ip=source_ip,
                now=now,
            ),
        )

    def _base_file(self, base: SchoolBase | None) -> Path | None:
        """The current base's file, whose users the password is checked against (``None``: no
        base, or a path the store holds that is not the service's own: nobody can log in)."""
        if base is None:
            return None
        try:
            return bases.base_path(self.runtime.data, base)
        except HostingFileError:
            return None


def _line(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


async def _read(reader: asyncio.StreamReader, timeout: float) -> dict[str, Any] | None:
    """One message; ``None`` at the end of the stream or when the client stays silent."""
    try:
        line = await asyncio.wait_for(reader.readline(), timeout)
    except TimeoutError:
        return None
    except (ValueError, asyncio.LimitOverrunError):
        raise ProtocolError from None
    if not line:
        return None
    if not line.endswith(b"\n"):
        return None  # cut short by the end of the stream
    try:
        message = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProtocolError from None
    if not isinstance(message, dict):
        raise ProtocolError
    return message

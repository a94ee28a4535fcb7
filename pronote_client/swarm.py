"""``pronote-client swarm``: many realistic sessions in one process (demos, load tests).

Each of ``--clients`` slots is a workstation ("Poste N") that logs in as a user of the users file
in one of the modes that user may use (sometimes in consultation), keeps its session alive and,
with ``--churn``, logs out after a while and comes back later as someone else. A slot refused for
want of a licence tries again later; a slot disconnected by the administrator stays away (it does
not come back by itself, like a real workstation whose user was sent away).

The users file (JSON, keep it private: it holds passwords)::

    {"uai": "0750655E",
     "users": [{"user": "a.dupont", "password": "...", "modes": ["administrative"],
                "consultation": false}]}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import ssl
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pronote_api import lifeline
from pronote_api.connections import ClientMode
from pronote_client.messages import say
from pronote_client.protocol import (
    AsyncConnection,
    ConnectionLost,
    Credentials,
    ServerRefusal,
    tls_context,
)

# The modes the workstations take in turn: mostly administrative, some teachers, some vie
# scolaire, so that any dozen sessions shows them all.
MODE_CYCLE = (
    ClientMode.ADMINISTRATIVE,
    ClientMode.TEACHER,
    ClientMode.ADMINISTRATIVE,
    ClientMode.SCHOOL_LIFE,
    ClientMode.ADMINISTRATIVE,
    ClientMode.TEACHER,
)


@dataclass(frozen=True)
class SwarmUser:
    user: str
    password: str
    modes: tuple[ClientMode, ...]
    consultation: bool = False


@dataclass
class Counts:
    connected: int = 0
    logins: int = 0
    refused: int = 0
    disconnected: int = 0
    expired: int = 0
    heartbeats: int = 0
    refusals: dict[str, int] = field(default_factory=dict)


def load_users(path: Path) -> tuple[str | None, list[SwarmUser]]:
    """The users file; ``-`` reads it from the standard input (the demo hands it so)."""
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    data: Any = json.loads(text)
    users = [
        SwarmUser(
            user=str(item["user"]),
            password=str(item["password"]),
            modes=tuple(ClientMode(m) for m in item["modes"]),
            consultation=bool(item.get("consultation", False)),
        )
        for item in data["users"]
    ]
    if not users or any(not u.modes for u in users):
        raise ValueError("no users")
    uai = data.get("uai")
    return (str(uai) if uai else None), users


class Swarm:
    def __init__(
        self,
        args: argparse.Namespace,
        uai: str,
        users: list[SwarmUser],
        context: ssl.SSLContext,
    ) -> None:
        self.args = args
        self.uai = uai
        self.users = users
        self.context = context
        self.random = random.Random(args.seed)  # noqa: S311 (a simulation, nothing secret)
        self.counts = Counts()
        self.stop = asyncio.Event()

    def credentials(self, slot: int, turn: int) -> Credentials:
        wanted = MODE_CYCLE[(slot + turn) % len(MODE_CYCLE)]
        fit = [u for u in self.users if wanted in u.modes]
        user = self.random.choice(fit or self.users)
        mode = wanted if fit else self.random.choice(user.modes)
        consultation = mode is ClientMode.ADMINISTRATIVE and user.consultation
        return Credentials(
            uai=self.uai,
            user=user.user,
            password=user.password,
            mode=mode,
            workstation=f"Poste {slot + 1}",
            consultation=consultation,
        )

    async def pause(self, seconds: float) -> bool:
        """Wait, or stop early; True when the swarm is stopping."""
        try:
            await asyncio.wait_for(self.stop.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def slot(self, number: int) -> None:
        if await self.pause(self.random.uniform(0, max(self.args.ramp, 0.0))):
            return
        turn = 0
        while not self.stop.is_set():
            outcome = await self.session(number, turn)
            turn += 1
            if outcome == "disconnected_by_administrator":
                return
            wait = 5.0 if outcome == "server_stopped" else self.random.uniform(1, 4)
            if await self.pause(wait):
                return

    async def session(self, number: int, turn: int) -> str:
        counts = self.counts
        try:
            connection = await AsyncConnection.open(self.args.host, self.args.port, self.context)
        except (OSError, ssl.SSLError):
            return "unreachable"
        try:
            try:
                welcome = await connection.login(self.credentials(number, turn))
            except ServerRefusal as refusal:
                counts.refused += 1
                counts.refusals[refusal.code] = counts.refusals.get(refusal.code, 0) + 1
                return refusal.code
            counts.logins += 1
            counts.connected += 1
            try:
                return await self.alive(connection, float(welcome.get("heartbeat_seconds", 10)))
            finally:
                counts.connected -= 1
        except ConnectionLost:
            return "lost"
        finally:
            await connection.close()

    async def alive(self, connection: AsyncConnection, interval: float) -> str:
        churn = self.args.churn
        life = self.random.expovariate(1 / churn) if churn > 0 else float("inf")
        loop = asyncio.get_running_loop()
        until = loop.time() + life
        # The first heartbeat at a random point of the interval: slots do not beat in step.
        first = self.random.uniform(0, interval)
        try:
            if await self.pause(min(first, max(0.0, until - loop.time()))):
                await connection.request({"type": "logout"})
                return "logout"
            while loop.time() < until:
                await connection.request({"type": "heartbeat"})
                self.counts.heartbeats += 1
                if await self.pause(min(interval, max(0.0, until - loop.time()))):
                    break
            await connection.request({"type": "logout"})
        except ServerRefusal as refusal:
            if refusal.code == "disconnected_by_administrator":
                self.counts.disconnected += 1
            elif refusal.code == "session_gone":
                self.counts.expired += 1
            return refusal.code
        return "logout"

    def status(self) -> None:
        c = self.counts
        say(
            "client.swarm.status",
            connected=c.connected,
            logins=c.logins,
            refused=c.refused,
            disconnected=c.disconnected,
            expired=c.expired,
        )

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stop.set)
        if self.args.duration > 0:
            loop.call_later(self.args.duration, self.stop.set)
        helpers = [asyncio.create_task(self.report())]
        if self.args.exit_with_parent:
            helpers.append(asyncio.create_task(self.watch_parent()))
        await asyncio.gather(*(self.slot(n) for n in range(self.args.clients)))
        for helper in helpers:
            helper.cancel()
        self.status()

    async def report(self) -> None:
        every = self.args.status_every
        if every > 0:
            while not await self.pause(every):
                self.status()

    async def watch_parent(self) -> None:
        """With ``--exit-with-parent``: stop when the process that started the swarm is gone."""
        parent = os.getppid()
        while not await self.pause(1.0):
            if os.getppid() != parent:
                self.stop.set()


def run_swarm(args: argparse.Namespace) -> int:
    try:
        file_uai, users = load_users(args.users)
    except (OSError, ValueError, KeyError, TypeError):
        say("client.swarm.bad_users", path=str(args.users))
        return 2
    uai = args.uai or file_uai
    if args.ca is None or uai is None or args.clients < 1:
        say("client.missing_option", option="--ca" if args.ca is None else "--uai")
        return 2
    swarm = Swarm(args, uai, users, tls_context(args.ca))
    lifeline.watch_parent()  # started by the demo: gone with it, even killed outright
    asyncio.run(swarm.run())
    return 0

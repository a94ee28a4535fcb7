"""Suivi des connexions with 2,000 live desktop-client sessions (issue 4).

A real service is started for the occasion (the tests' machinery: ``init``, ``serve``, an account
made with the CLI, a workstation enrolled, a base created and put in service, users added), then
a real ``pronote-client swarm`` opens 2,000 sessions (Mode enseignant and Mode vie scolaire, which
the account's unlimited formula lets in) and keeps them beating every 10 s, as configured by
default. Printed:

* the bytes on the wire of a poll that finds nothing changed: the request and its ``304`` answer
  (status line and headers; the target is a few hundred bytes);
* the service's answer time (round trip over an open TLS connection, median) for a full poll of
  the 2,000 rows and for a delta carrying one changed row;
* heartbeats absorbed per second: ``HAMMER_SESSIONS`` extra sessions send heartbeats back to back
  (each waits for its answer) for ``HAMMER_SECONDS``, on top of the swarm's steady 200/s; the
  hammer runs on the same two cores as the service, so the figure is a lower bound;
* what changed by itself, never asserted (correctness is the tests' business, at a fixed load,
  ``tests/server/test_connections_heartbeats.py``): a delta is followed through the run and the
  delta after the one change made (a session disabled) is printed beside it, each row with its
  cause (logins arriving, sessions turned silent or come back, ended). Four probe sessions beat
  on a fixed schedule from a thread of the bench: a probe that turns silent is the service's
  fault; swarm sessions that do (and the probes do not) are the swarm falling behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.figures import record
from bench.termbench import REPO

SESSIONS = 2000
HAMMER_SESSIONS = 50
HAMMER_SECONDS = 5.0
POLL_RUNS = 20
PROBES = 4
PASSWORD = "Tn4!vrQz8#pLw2"  # noqa: S105 (a throwaway base of the benchmark)
TARGET_304_BYTES = 400


def _wire_bytes(response: Any) -> tuple[int, int]:
    """(request, answer) bytes as HTTP/1.1 puts them on the wire, before TLS."""
    request = response.request
    req = len(f"{request.method} {request.url.raw_path.decode()} HTTP/1.1\r\n")
    req += sum(len(k) + len(v) + 4 for k, v in request.headers.raw) + 2
    ans = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n")
    ans += sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 2
    return req, ans + len(response.content)


def _median_ms(call: Any, runs: int = POLL_RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _own_times(data_dir: Path, hosting_number: str, since: int) -> tuple[float, float]:
    """Medians (ms) of building the full page and a delta from the store, JSON included."""
    from pronote_server.clients import sessions as clients
    from pronote_server.runtime import open_runtime
    from pronote_server.security import accounts

    runtime = open_runtime(data_dir)
    try:
        with runtime.sessions() as db:
            account = accounts.find(db, hosting_number)
            assert account is not None
            full = _median_ms(lambda: clients.page(db, account, None).model_dump_json())
            delta = _median_ms(lambda: clients.page(db, account, since).model_dump_json())
    finally:
        runtime.close()
    return full, delta


async def _hammer(host: str, port: int, ca: Path, uai: str) -> float:
    from pronote_api.connections import ClientMode
    from pronote_client.protocol import AsyncConnection, Credentials, tls_context

    context = tls_context(ca)
    connections = []
    for n in range(HAMMER_SESSIONS):
        connection = await AsyncConnection.open(host, port, context)
        await connection.login(
            Credentials(uai, "bench0", PASSWORD, ClientMode.SCHOOL_LIFE, f"Marteau {n + 1}")
        )
        connections.append(connection)
    count = 0
    stop_at = time.monotonic() + HAMMER_SECONDS

    async def beat(connection: AsyncConnection) -> None:
        nonlocal count
        while time.monotonic() < stop_at:
            await connection.request({"type": "heartbeat"})
            count += 1

    started = time.monotonic()
    await asyncio.gather(*(beat(c) for c in connections))
    elapsed = time.monotonic() - started
    for connection in connections:
        await connection.request({"type": "logout"})
        await connection.close()
    return count / elapsed


class Probes:
    """``PROBES`` sessions of the bench's own, in a thread of their own, that beat on a fixed
    schedule every ``heartbeat_seconds`` (never later: the next beat is due from the schedule,
    not from the previous answer). Their heartbeats are on time by construction and measured
    (the largest gap between two sends); a probe that turns silent is the service's fault."""

    def __init__(self, host: str, port: int, ca: Path, uai: str, interval: float) -> None:
        from pronote_api.connections import ClientMode
        from pronote_client.protocol import Connection, Credentials

        self.interval = interval
        self.connections = []
        for n in range(PROBES):
            connection = Connection(host, port, ca)
            connection.login(
                Credentials(uai, "bench0", PASSWORD, ClientMode.TEACHER, f"Sonde {n + 1}")
            )
            self.connections.append(connection)
        self.ids = {str(c.welcome["session"]) for c in self.connections}
        self.largest_gap = 0.0
        self.slowest_answer = 0.0
        self.phase = "the logins"  # what the bench is doing (set by it), for the slowest answer
        self.slowest_during = ""
        self.refused: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        from pronote_client.protocol import ServerRefusal

        due = time.monotonic() + self.interval
        last = time.monotonic()
        while not self._stop.wait(max(0.0, due - time.monotonic())):
            sent = time.monotonic()
            self.largest_gap = max(self.largest_gap, sent - last)
            last = sent
            for connection in list(self.connections):
                try:
                    connection.heartbeat()
                except ServerRefusal as refusal:
                    self.refused.append(refusal.code)
                    self.connections.remove(connection)
            answered = time.monotonic() - sent
            if answered > self.slowest_answer:
                self.slowest_answer, self.slowest_during = answered, self.phase
            due += self.interval

    def close(self) -> None:
        self._stop.set()
        self._thread.join(30)
        for connection in self.connections:
            with contextlib.suppress(Exception):
                connection.logout()
            connection.close()


class Watcher:
    """Follows the table through deltas, polled between the steps of the bench (never during a
    measurement), and counts the changes nobody asked for: sessions that turned silent (the
    probes apart, whose heartbeats are on time), sessions that came back, sessions that ended."""

    def __init__(self, console: Any, probes: set[str]) -> None:
        self.console = console
        self.probes = probes
        self.version = int(console.get("/v1/connections").json()["version"])
        self.silent: set[str] = set()
        self.silent_probes: set[str] = set()
        self.back = 0
        self.removed = 0

    def poll(self) -> None:
        page = self.console.get("/v1/connections", params={"since": self.version}).json()
        self.version = int(page["version"])
        for row in page["sessions"]:
            if row["state"] == "silent":
                (self.silent_probes if row["id"] in self.probes else self.silent).add(row["id"])
            elif row["state"] == "connected" and (
                row["id"] in self.silent or row["id"] in self.silent_probes
            ):
                self.back += 1
        self.removed += len(page.get("removed", []))

    def summary(self) -> str:
        return (
            f"{len(self.silent)} swarm session(s) turned silent at least once, "
            f"{len(self.silent_probes)} of the {PROBES} probes; {self.back} came back; "
            f"{self.removed} ended"
        )


def _explain(delta: dict[str, Any], before: dict[str, Any], victim: str, probes: set[str]) -> str:
    """Where the rows of a delta came from: the change made, and the others by cause."""
    known = {row["id"]: row["state"] for row in before["sessions"]}
    causes: dict[str, int] = {}
    for row in delta["sessions"]:
        if row["id"] == victim:
            cause = "the session disabled"
        elif row["id"] not in known:
            cause = "logins arriving"
        elif row["state"] == "silent":
            cause = "probes turned silent" if row["id"] in probes else "turned silent"
        elif row["state"] == "connected":
            cause = "came back (silent meanwhile)"
        else:
            cause = f"other ({row['state']})"
        causes[cause] = causes.get(cause, 0) + 1
    if delta.get("removed"):
        causes["ended"] = len(delta["removed"])
    return ", ".join(f"{count} {cause}" for cause, count in sorted(causes.items())) or "none"


def main(runs: int = 5) -> None:
    del runs  # one measured run: the setup (2,000 logins) dominates
    sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "server")]
    from bases_support import (  # type: ignore[import-not-found]
        create_base,
        manager_client,
        start,
    )
    from live_service import start_service  # type: ignore[import-not-found]

    from pronote_server.clients.users import add_user

    with tempfile.TemporaryDirectory(prefix="bench-connections-") as tmp:
        work = Path(tmp)
        service = start_service(work / "service")
        swarm: subprocess.Popen[bytes] | None = None
        try:
            with manager_client(service, work / "ws", editors=99, formula="unlimited") as (
                secrets,
                console,
            ):
                created = create_base(console)
                start(console)
                base = (
                    service.data_dir / "schools" / secrets.hosting_number / "bases"
                    / f"{created['id']}.sqlite"
                )  # fmt: skip
                users = []
                for n in range(20):
                    add_user(base, f"bench{n}", PASSWORD, ["edit_grades", "edit_school_life"])
                    users.append(
                        {"user": f"bench{n}", "password": PASSWORD,
                         "modes": ["teacher", "school_life"]}
                    )  # fmt: skip
                users_file = work / "users.json"
                users_file.write_text(json.dumps({"uai": secrets.uai, "users": users}))
                users_file.chmod(0o600)
                port = int(service.ready["client_port"])
                config = json.loads((service.data_dir / "config.json").read_text())
                beat = float(config.get("client_heartbeat_seconds", 10))
                probes = Probes("127.0.0.1", port, service.ca_pem, secrets.uai, beat)
                watcher = Watcher(console, probes.ids)
                started = time.monotonic()
                swarm = subprocess.Popen(
                    [
                        str(Path(sys.executable).with_name("pronote-client")),
                        "swarm",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--ca",
                        str(service.ca_pem),
                        "--users",
                        str(users_file),
                        "--clients",
                        str(SESSIONS),
                        "--ramp",
                        "5",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                live = 0
                while live < SESSIONS + PROBES:
                    usage = console.get("/v1/licences").json()
                    live = usage["teachers_used"] + usage["school_life_used"]
                    watcher.poll()
                    if time.monotonic() - started > 600:
                        print(f"connections: only {live} sessions after 10 minutes; measuring")
                        break
                    time.sleep(0.5)
                login_seconds = time.monotonic() - started
                print(
                    f"connections: {live - PROBES} sessions logged in in {login_seconds:.1f} s "
                    f"({(live - PROBES) / login_seconds:.0f} logins/s: each checks a scrypt "
                    f"hash), beside {PROBES} probes beating on a fixed {beat:.0f} s schedule"
                )
                print(f"connections: during the logins, {watcher.summary()}")

                probes.phase = "the polls"
                full = console.get("/v1/connections")
                page = full.json()
                full_ms = _median_ms(lambda: console.get("/v1/connections"))
                print(
                    f"connections: full poll of {len(page['sessions'])} rows: {full_ms:.1f} ms "
                    f"(median of {POLL_RUNS}), {len(full.content) / 1024:.0f} KiB of JSON, "
                    f"{full.num_bytes_downloaded / 1024:.0f} KiB on the wire "
                    f"({full.headers.get('content-encoding', 'identity')})"
                )
                # A delta with one change: disable one session (it becomes 'disabled'). What
                # else the delta carries changed by itself meanwhile: printed with its cause,
                # never asserted (correctness is the tests' business, at a fixed load).
                version = page["version"]
                victim = next(r["id"] for r in page["sessions"] if r["id"] not in probes.ids)
                console.post(f"/v1/connections/{victim}/disable")
                delta = console.get("/v1/connections", params={"since": version}).json()
                print(
                    f"connections: one change made (a session disabled); the delta held "
                    f"{len(delta['sessions'])} row(s) and {len(delta.get('removed', []))} "
                    f"removed: {_explain(delta, page, victim, probes.ids)}"
                )
                delta_ms = _median_ms(
                    lambda: console.get("/v1/connections", params={"since": version})
                )
                later = console.get("/v1/connections", params={"since": version}).json()
                print(
                    f"connections: delta with one change: {delta_ms:.1f} ms (median of "
                    f"{POLL_RUNS}); by the end of the runs it held {len(later['sessions'])} "
                    f"row(s): {_explain(later, page, victim, probes.ids)}"
                )
                full_own, delta_own = _own_times(service.data_dir, secrets.hosting_number, version)
                print(
                    f"connections: the service's own time (store read and JSON, in process): "
                    f"full {full_own:.1f} ms, delta {delta_own:.2f} ms; the rest of the round "
                    "trips above is the HTTP stack, TLS and the session's checks"
                )
                current = console.get("/v1/connections").json()["version"]
                quiet = console.get("/v1/connections", params={"since": current})
                etag = quiet.headers["etag"]
                unchanged = console.get(
                    "/v1/connections",
                    params={"since": current},
                    headers={"If-None-Match": etag},
                )
                if unchanged.status_code != 304:
                    print(f"connections: an unchanged poll answered {unchanged.status_code}")
                req, ans = _wire_bytes(unchanged)
                quiet_ms = _median_ms(
                    lambda: console.get(
                        "/v1/connections",
                        params={"since": current},
                        headers={"If-None-Match": etag},
                    )
                )
                record("connections", "poll finding nothing", f"{req + ans} B",
                       f"~{TARGET_304_BYTES} B", unchanged.status_code == 304
                       and req + ans <= 2 * TARGET_304_BYTES)  # fmt: skip
                record("connections", "delta with one change", f"{delta_ms:.1f} ms", "", None)
                record("connections", "full poll", f"{full_ms:.1f} ms", "", None)
                print(
                    f"connections: poll finding nothing changed: request {req} B + answer "
                    f"{ans} B = {req + ans} B (target: a few hundred, ~{TARGET_304_BYTES}); "
                    f"{quiet_ms:.1f} ms"
                )
                probes.phase = "the hammer"
                rate = asyncio.run(_hammer("127.0.0.1", port, service.ca_pem, secrets.uai))
                print(
                    f"connections: heartbeats absorbed: {rate:.0f}/s from {HAMMER_SESSIONS} "
                    f"sessions back to back, on top of the swarm's {SESSIONS / 10:.0f}/s "
                    "(same 2 cores: a lower bound)"
                )
                watcher.poll()
                probes.close()
                print(
                    f"connections: over the whole run, {watcher.summary()}; the probes' "
                    f"heartbeats: largest gap {probes.largest_gap:.2f} s for a "
                    f"{beat:.0f} s period, slowest answer {probes.slowest_answer:.2f} s "
                    f"(during {probes.slowest_during}), "
                    f"refused {probes.refused or 'never'}"
                )
                record("connections", "probes turned silent (on time)",
                       str(len(watcher.silent_probes)), "0", not watcher.silent_probes)  # fmt: skip
        finally:
            if swarm is not None and swarm.poll() is None:
                swarm.send_signal(signal.SIGTERM)
                try:
                    swarm.wait(60)
                except subprocess.TimeoutExpired:
                    swarm.kill()
            service.stop()


if __name__ == "__main__":
    main()

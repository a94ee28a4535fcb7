"""The web Espaces under load (issue 13): pages, direct logins and the service's memory.

A real service is started for the occasion (``serve --web-port 0 --web-http`` on 127.0.0.1, the
tests' machinery: a school, its base in service with ``STUDENTS`` students given a password by
``pronote-server bases set-password``, the publication on), and in the same run a bare uvicorn
"hello" (plain ASGI, the same h11 protocol and access log, plain HTTP on 127.0.0.1). The load
comes from another process: ``wrk`` when it is installed (``apt-get install -y wrk``; the page
figures only) and always this module's own asyncio client (``python -m bench.web``, raw sockets,
keep-alive connections, no library between it and the wire). Printed:

* (a) pages: requests per second and p50/p99 latency with ``CONCURRENCY`` connections, for the
  bare app, the Espace Élèves' login page (anonymous) and the Espace of a logged-in student (as
  many sessions as connections); target: the Espace within 3x of the bare app;
* (b) direct logins at a fixed offered rate of ``LOGIN_RATE``/s for ``LOGIN_SECONDS`` (open loop:
  each login starts on schedule whether the previous ones answered or not), with the Espace's
  page read ``MEANWHILE_PAGES`` times a second meanwhile (open loop too): p99 of the login (its
  form posted, scrypt included) under 150 ms; then the rate stepped up until p99 passes 150 ms
  or errors appear (stepped down from 20/s when 20/s did not hold): the highest rate sustained;
* (c) the service's resident memory over ``MEMORY_LOGINS`` logins, ``MEMORY_CONCURRENCY`` at a
  time (start, every 1,000, end); the sessions are left to expire, as people who close the tab.

Logins use right passwords, and the loopback is allow-listed in the suspension rules, so that no
address suspension can refuse them. ``BENCH_WEB_SCALE=0.1`` shortens every phase to a tenth (a
quick look); the default is the issue's run. Never asserts: every figure is printed beside its
target and the machine's load average.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from bench.figures import record
from bench.termbench import REPO

SCALE = float(os.environ.get("BENCH_WEB_SCALE", "1"))
CONCURRENCY = 200
PAGE_SECONDS = max(3.0, 10 * SCALE)
LOGIN_RATE = 20.0
LOGIN_SECONDS = max(5.0, 60 * SCALE)
STEP_RATES = (30.0, 40.0, 50.0, 60.0, 80.0, 100.0, 130.0)
STEP_DOWN_RATES = (15.0, 10.0, 5.0, 2.0)
STEP_SECONDS = max(4.0, 15 * SCALE)
MEMORY_LOGINS = max(200, int(10_000 * SCALE))
MEMORY_CONCURRENCY = 4
MEANWHILE_PAGES = 20.0  # pages read per second during the logins (open loop)
STUDENTS = 20
LOGIN_P99_MS = 150.0
PAGE_RATIO = 3.0
PASSWORD = "Vq8!rTz3#mKp4w"  # noqa: S105 (a throwaway base of the benchmark)
PAGE = "eleve.html"
CSRF_RE = re.compile(rb'name="csrf" value="([^"]+)"')


# --- the load generator (another process: ``python -m bench.web``) ---------------------------


class HttpConnection:
    """One keep-alive HTTP/1.1 connection on raw asyncio streams."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *raw = head[:-4].split(b"\r\n")
        pairs = [tuple(part.strip() for part in line.split(b":", 1)) for line in raw]
        answer: list[tuple[bytes, bytes]] = [(k.lower(), v) for k, v in pairs]
        length = next((int(v) for k, v in answer if k == b"content-length"), 0)
        content = await self.reader.readexactly(length) if length else b""
        if any(k == b"connection" and v.lower() == b"close" for k, v in answer):
            await self.close()
        return int(status_line.split()[1]), answer, content

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    def summary(self, seconds: float) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def at(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0

        return {
            "count": len(ordered),
            "per_second": len(ordered) / seconds if seconds else 0.0,
            "p50_ms": at(0.50),
            "p99_ms": at(0.99),
            "max_ms": ordered[-1] * 1000 if ordered else 0.0,
            "errors": self.errors,
        }


def _cookies(answer: list[tuple[bytes, bytes]]) -> dict[str, str]:
    found = {}
    for key, value in answer:
        if key == b"set-cookie":
            name, _, rest = value.decode("latin-1").partition("=")
            found[name] = rest.split(";", 1)[0]
    return found


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


async def _pages(
    url: str, concurrency: int, stop_at: float, cookies: list[str], tally: Tally
) -> None:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    path = parts.path or "/"

    async def worker(n: int) -> None:
        connection = HttpConnection(parts.hostname or "", parts.port or 0)
        headers = {"Accept-Language": "fr"}
        if cookies:
            headers["Cookie"] = cookies[n % len(cookies)]
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _, _ = await connection.request("GET", path, headers)
            except (OSError, asyncio.IncompleteReadError) as exc:
                tally.error(type(exc).__name__)
                await connection.close()
                await asyncio.sleep(0.05)
                continue
            if status == 200:
                tally.latencies.append(time.perf_counter() - started)
            else:
                tally.error(str(status))
        await connection.close()

    await asyncio.gather(*(worker(n) for n in range(concurrency)))


async def _one_login(root: str, login: str, tally: Tally, sessions: list[str]) -> None:
    """A person's login: the Espace's page (its form and the pre-session cookie), then the
    form posted; the time of the post is the login's (scrypt included)."""
    parts = urlsplit(root)
    connection = HttpConnection(parts.hostname or "", parts.port or 0)
    page = parts.path + PAGE
    try:
        status, answer, content = await connection.request("GET", page, {})
        found = CSRF_RE.search(content)
        if status != 200 or found is None:
            tally.error(f"form {status}")
            return
        jar = _cookies(answer)
        body = (
            f"csrf={quote(found.group(1).decode())}&login={quote(login)}&password={quote(PASSWORD)}"
        ).encode()
        headers = {
            "Cookie": _cookie_header(jar),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        started = time.perf_counter()
        status, answer, _ = await connection.request("POST", page, headers, body)
        took = time.perf_counter() - started
        if status != 303:
            tally.error(f"login {status}")
            return
        tally.latencies.append(took)
        jar.update(_cookies(answer))
        sessions.append(_cookie_header(jar))
    except (OSError, asyncio.IncompleteReadError) as exc:
        tally.error(type(exc).__name__)
    finally:
        await connection.close()


async def _pages_at_rate(url: str, rate: float, stop_at: float, tally: Tally) -> None:
    """Open loop: a page read (on a connection of its own) every ``1 / rate`` seconds."""
    parts = urlsplit(url)

    async def one() -> None:
        connection = HttpConnection(parts.hostname or "", parts.port or 0)
        started = time.perf_counter()
        try:
            status, _, _ = await connection.request("GET", parts.path, {})
        except (OSError, asyncio.IncompleteReadError) as exc:
            tally.error(type(exc).__name__)
            return
        finally:
            await connection.close()
        if status == 200:
            tally.latencies.append(time.perf_counter() - started)
        else:
            tally.error(str(status))

    started = time.monotonic()
    tasks = []
    n = 0
    while (due := started + n / rate) < stop_at:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        tasks.append(asyncio.ensure_future(one()))
        n += 1
    await asyncio.gather(*tasks)


async def _logins_at_rate(
    root: str, logins: list[str], rate: float, seconds: float, meanwhile: int
) -> dict[str, Any]:
    """Open loop: login ``n`` starts at ``n / rate`` seconds, answered or not; the Espace's
    page is read ``meanwhile`` times a second all along (open loop too)."""
    tally, pages, sessions = Tally(), Tally(), list[str]()
    started = time.monotonic()
    stop_at = started + seconds
    readers = asyncio.ensure_future(_pages_at_rate(root + PAGE, meanwhile, stop_at, pages))
    tasks = []
    late = 0.0
    n = 0
    while (due := started + n / rate) < stop_at:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        late = max(late, time.monotonic() - due)
        tasks.append(
            asyncio.ensure_future(_one_login(root, logins[n % len(logins)], tally, sessions))
        )
        n += 1
    await asyncio.gather(*tasks, readers)
    elapsed = time.monotonic() - started
    return {
        "offered": n,
        "elapsed": elapsed,
        "schedule_late_ms": late * 1000,
        "logins": tally.summary(elapsed),
        "pages": pages.summary(elapsed),
        "sessions": sessions,
    }


async def _logins_closed(root: str, logins: list[str], total: int, workers: int) -> dict[str, Any]:
    tally, sessions = Tally(), list[str]()
    counter = iter(range(total))
    started = time.monotonic()

    async def worker() -> None:
        for n in counter:
            await _one_login(root, logins[n % len(logins)], tally, sessions)
            if n % 1000 == 999:
                print(json.dumps({"progress": n + 1}), flush=True)

    await asyncio.gather(*(worker() for _ in range(workers)))
    return {"logins": tally.summary(time.monotonic() - started), "sessions": len(sessions)}


def load_main(argv: list[str] | None = None) -> None:
    """The load generator's command line (one JSON object printed at the end)."""
    parser = argparse.ArgumentParser(prog="python -m bench.web")
    sub = parser.add_subparsers(dest="what", required=True)
    pages = sub.add_parser("pages")
    pages.add_argument("url")
    pages.add_argument("--concurrency", type=int, default=CONCURRENCY)
    pages.add_argument("--seconds", type=float, default=PAGE_SECONDS)
    pages.add_argument("--cookies", type=Path, help="a JSON list of Cookie headers")
    rate = sub.add_parser("logins")
    rate.add_argument("root")
    rate.add_argument("--users", type=Path, required=True)
    rate.add_argument("--rate", type=float, default=LOGIN_RATE)
    rate.add_argument("--seconds", type=float, default=LOGIN_SECONDS)
    rate.add_argument("--meanwhile", type=float, default=MEANWHILE_PAGES)
    rate.add_argument("--sessions-out", type=Path)
    closed = sub.add_parser("logins-closed")
    closed.add_argument("root")
    closed.add_argument("--users", type=Path, required=True)
    closed.add_argument("--total", type=int, default=MEMORY_LOGINS)
    closed.add_argument("--workers", type=int, default=MEMORY_CONCURRENCY)
    args = parser.parse_args(argv)
    result: dict[str, Any]
    if args.what == "pages":
        cookies = json.loads(args.cookies.read_text()) if args.cookies else []
        tally = Tally()
        started = time.monotonic()
        asyncio.run(_pages(args.url, args.concurrency, started + args.seconds, cookies, tally))
        result = tally.summary(time.monotonic() - started)
    elif args.what == "logins":
        users = json.loads(args.users.read_text())
        result = asyncio.run(
            _logins_at_rate(args.root, users, args.rate, args.seconds, args.meanwhile)
        )
        if args.sessions_out:
            args.sessions_out.write_text(json.dumps(result["sessions"]))
        result["sessions"] = len(result["sessions"])
    else:
        users = json.loads(args.users.read_text())
        result = asyncio.run(_logins_closed(args.root, users, args.total, args.workers))
    print(json.dumps(result), flush=True)


# --- the bench -------------------------------------------------------------------------------

HELLO_APP = """
import sys, uvicorn

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"5")]})
    await send({"type": "http.response.body", "body": b"hello"})

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), http="h11", log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _load(*args: str, on_line: Any = None, timeout: float = 3600) -> dict[str, Any]:
    """Run the load generator in its own process; its last line is the result."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.web", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    last: dict[str, Any] = {}
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        last = json.loads(line)
        if on_line is not None and "progress" in last:
            on_line(last)
        if time.monotonic() > deadline:
            process.kill()
            break
    process.wait()
    return last


def _wrk(url: str) -> dict[str, Any] | None:
    """``wrk`` on one URL: requests/s, p50, p99, errors; None where it is not installed."""
    if shutil.which("wrk") is None:
        return None
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{int(PAGE_SECONDS)}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=PAGE_SECONDS + 60,
        check=False,
    ).stdout

    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not found:
            return float("nan")
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    return {
        "per_second": float(rps.group(1)) if rps else 0.0,
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "errors": (f"{bad.group(1)} non-2xx " if bad else "") + (sock.group(1) if sock else ""),
    }


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _load_average() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _add_students(base: Path, count: int) -> list[str]:
    """``count`` students in one class; their Espace Élèves identifiers as the base gives them."""
    conn = sqlite3.connect(base, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        conn.execute("INSERT INTO classes (name, level) VALUES ('2nde B', '2nde')")
        class_id = conn.execute("SELECT max(id) FROM classes").fetchone()[0]
        names = ["Lou", "Jade", "Noé", "Inès", "Hugo", "Zoé", "Léo", "Mila", "Jules", "Ana"]
        for n in range(count):
            conn.execute(
                "INSERT INTO students (last_name, first_name, class_id) VALUES (?, ?, ?)",
                (f"Banc{chr(65 + n // len(names))}", names[n % len(names)], class_id),
            )
        conn.execute("COMMIT")
        rows = conn.execute(
            "SELECT login FROM espace_logins WHERE espace = 'eleve' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    return [str(row[0]) for row in rows]


def _set_passwords(data_dir: Path, env: dict[str, str], uai: str, logins: list[str]) -> None:
    """``pronote-server bases set-password`` for each, in this process (the password on its
    standard input)."""
    from live_service import run_cli_here  # type: ignore[import-not-found]

    saved = sys.stdin
    try:
        for login in logins:
            sys.stdin = io.StringIO(PASSWORD + "\n")
            done = run_cli_here(
                "bases", "set-password", "--data", str(data_dir), "--uai", uai,
                "--login", login, "--espace", "eleve", env=env,
            )  # fmt: skip
            if done.returncode != 0:
                raise RuntimeError(f"set-password {login}: {done.stderr.strip()}")
    finally:
        sys.stdin = saved


def _page_line(label: str, client: str, got: dict[str, Any]) -> str:
    errors = got.get("errors") or "none"
    return (
        f"web: {label:<34} {client:<6} {got['per_second']:7.0f} req/s  "
        f"p50 {got['p50_ms']:6.1f} ms  p99 {got['p99_ms']:7.1f} ms  errors: {errors}"
    )


def _measure_pages(work: Path, hello: str, anonymous: str, sessions: list[str]) -> None:
    cookies = work / "cookies.json"
    cookies.write_text(json.dumps(sessions[:CONCURRENCY]))
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for label, url in (("bare uvicorn hello", hello), ("Espace Élèves, login page", anonymous)):
        measured = _wrk(url)
        if measured is not None:
            rows[(label, "wrk")] = measured
            print(_page_line(label, "wrk", measured), flush=True)
    targets: list[tuple[str, str, list[str]]] = [
        ("bare uvicorn hello", hello, []),
        ("Espace Élèves, login page", anonymous, []),
    ]
    targets.append((f"Espace Élèves, {len(sessions[:CONCURRENCY])} sessions", anonymous, ["x"]))
    for label, url, with_cookies in targets:
        extra = ["--cookies", str(cookies)] if with_cookies else []
        measured = _load("pages", url, "--concurrency", str(CONCURRENCY),
                         "--seconds", str(PAGE_SECONDS), *extra)  # fmt: skip
        rows[(label, "python")] = measured
        print(_page_line(label, "python", measured), flush=True)
    for client in ("wrk", "python"):
        bare = rows.get(("bare uvicorn hello", client))
        if bare is None:
            continue
        for (label, used), got in rows.items():
            if used != client or label.startswith("bare") or not got["per_second"]:
                continue
            ratio = bare["per_second"] / got["per_second"]
            record("web", f"{label} ({client}, {CONCURRENCY} conn.)",
                   f"{got['per_second']:.0f}/s = {ratio:.1f}x slower, p50 {got['p50_ms']:.0f} "
                   f"ms, p99 {got['p99_ms']:.0f} ms", f"{PAGE_RATIO:.0f}x the bare app",
                   ratio <= PAGE_RATIO and not got["errors"])  # fmt: skip


def _logins(root: str, users: Path, rate: float, seconds: float, out: Path | None = None) -> Any:
    extra = ["--sessions-out", str(out)] if out else []
    return _load("logins", root, "--users", str(users), "--rate", str(rate),
                 "--seconds", str(seconds), *extra)  # fmt: skip


def _login_line(rate: float, got: dict[str, Any]) -> str:
    logins, pages = got["logins"], got["pages"]
    return (
        f"web: logins offered {rate:.0f}/s for {got['elapsed']:.0f} s: {logins['count']} of "
        f"{got['offered']} in, p50 {logins['p50_ms']:.0f} ms, p99 {logins['p99_ms']:.0f} ms, "
        f"max {logins['max_ms']:.0f} ms, errors {logins['errors'] or 'none'}; pages read meanwhile "
        f"{pages['per_second']:.0f}/s p99 {pages['p99_ms']:.0f} ms errors "
        f"{pages['errors'] or 'none'}; schedule late {got['schedule_late_ms']:.0f} ms at most"
    )


def _sustained(got: dict[str, Any]) -> bool:
    logins = got["logins"]
    return (
        logins["p99_ms"] <= LOGIN_P99_MS
        and not logins["errors"]
        and logins["count"] == got["offered"]
    )


def main(runs: int = 5) -> None:
    del runs  # one run: each phase is long enough to stand on its own (BENCH_WEB_SCALE shortens)
    sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "server")]
    from espaces_support import web_school, web_service  # type: ignore[import-not-found]

    print(
        f"web: {os.cpu_count()} CPUs, {_load_average()}, scale {SCALE:g} "
        f"(BENCH_WEB_SCALE), wrk {'present' if shutil.which('wrk') else 'absent'}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        work = Path(tmp)
        service = web_service(work / "service", allow_list=["127.0.0.0/8", "::1/128"])
        port = _free_port()
        hello_process = subprocess.Popen(
            [sys.executable, "-c", HELLO_APP, str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with web_school(service, work / "ws", formula="unlimited") as school:
                logins = _add_students(school.base_path, STUDENTS)
                _set_passwords(service.data_dir, service.env, school.secrets.uai, logins)
                school.publish()
                assert service.process is not None
                pid = service.process.pid
                users = work / "users.json"
                users.write_text(json.dumps(logins))
                hello = f"http://127.0.0.1:{port}/"
                root = school.root
                print(f"web: {len(logins)} students with a password; service RSS "
                      f"{_rss_mb(pid):.0f} MB at the start", flush=True)  # fmt: skip

                from pronote_server.security.passwords import hash_password, verify_password

                stored = hash_password(PASSWORD)
                started = time.perf_counter()
                for _ in range(5):
                    verify_password(PASSWORD, stored)
                scrypt_ms = (time.perf_counter() - started) / 5 * 1000
                alone = _load("logins-closed", root, "--users", str(users), "--total", "10",
                              "--workers", "1")["logins"]  # fmt: skip
                print(
                    f"web: one scrypt verification {scrypt_ms:.0f} ms (in the bench's "
                    f"process); one login alone (form posted, nothing else running) p50 "
                    f"{alone['p50_ms']:.0f} ms, max {alone['max_ms']:.0f} ms",
                    flush=True,
                )
                record("web", "one login alone (p50 of 10)", f"{alone['p50_ms']:.0f} ms "
                       f"(scrypt {scrypt_ms:.0f} ms)", "", None)  # fmt: skip

                # (b) first: it also opens the sessions that (a) reads pages with.
                got = _logins(root, users, LOGIN_RATE, LOGIN_SECONDS, work / "sessions.json")
                print(_login_line(LOGIN_RATE, got), flush=True)
                record("web", f"login p99 at {LOGIN_RATE:.0f}/s for {LOGIN_SECONDS:.0f} s",
                       f"{got['logins']['p99_ms']:.0f} ms ({got['logins']['count']}/"
                       f"{got['offered']}, pages meanwhile p99 {got['pages']['p99_ms']:.0f} ms)",
                       f"< {LOGIN_P99_MS:.0f} ms", _sustained(got))  # fmt: skip
                sessions = json.loads((work / "sessions.json").read_text())
                print(f"web: service RSS {_rss_mb(pid):.0f} MB after the logins", flush=True)

                # (a) pages, beside the bare app.
                _measure_pages(work, hello, root + PAGE, sessions)

                print(f"web: service RSS {_rss_mb(pid):.0f} MB after the pages", flush=True)
                # Up from the offered rate while it holds; down from it when it did not.
                best = 0.0
                if _sustained(got):
                    best = LOGIN_RATE
                    for rate in STEP_RATES:
                        step = _logins(root, users, rate, STEP_SECONDS)
                        print(_login_line(rate, step), flush=True)
                        if not _sustained(step):
                            break
                        best = rate
                else:
                    for rate in STEP_DOWN_RATES:
                        step = _logins(root, users, rate, STEP_SECONDS)
                        print(_login_line(rate, step), flush=True)
                        if _sustained(step):
                            best = rate
                            break
                record("web", f"highest login rate sustained ({os.cpu_count()} CPUs)",
                       f"{best:.0f}/s" if best else f"below {STEP_DOWN_RATES[-1]:.0f}/s",
                       f"p99 < {LOGIN_P99_MS:.0f} ms, no error", None)  # fmt: skip

                # (c) memory over the logins.
                start_rss = _rss_mb(pid)
                samples = [start_rss]

                def sample(_: dict[str, Any]) -> None:
                    samples.append(_rss_mb(pid))

                got = _load("logins-closed", root, "--users", str(users),
                            "--total", str(MEMORY_LOGINS), on_line=sample)  # fmt: skip
                end_rss = _rss_mb(pid)
                growth = end_rss - start_rss
                print(
                    f"web: {got['logins']['count']} logins ({MEMORY_CONCURRENCY} at a time, "
                    f"{got['logins']['per_second']:.0f}/s, p99 {got['logins']['p99_ms']:.0f} ms, "
                    f"errors {got['logins']['errors'] or 'none'}): service RSS "
                    + " -> ".join(f"{mb:.0f}" for mb in [*samples, end_rss])
                    + f" MB (every 1,000); {_load_average()}",
                    flush=True,
                )
                live = len(school.sessions())
                print(f"web: {live} PRONOTE.net sessions live at the end", flush=True)
                record("web", f"service RSS over {got['logins']['count']} logins",
                       f"{start_rss:.0f} -> {end_rss:.0f} MB ({growth:+.0f} MB)",
                       "flat (< 10 % growth)", growth < 0.1 * start_rss)  # fmt: skip
                record("web", "load average at the end", _load_average().split(" ", 2)[2],
                       "", None)  # fmt: skip
        finally:
            hello_process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                hello_process.wait(10)
            if hello_process.poll() is None:
                hello_process.kill()
            service.stop()


if __name__ == "__main__":
    load_main()

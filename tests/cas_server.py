"""A real CAS 3.0 server on 127.0.0.1 for the tests: django-cas-server (PyPI), run by Django's
own server in a child process, with a person logging in through its real login form.

:func:`start_cas_server` writes a minimal Django project into a folder (settings, URLs, an
authentication class that adds directory attributes to Django's users, as an ENT's directory
would), runs ``django-admin migrate``, creates the accounts, the services allowed and the
attributes released, then serves it with ``django-admin runserver 127.0.0.1:PORT --noreload``.
The child holds a lifeline (``pronote_api.lifeline``): it stops when the test process goes,
however it goes (SIGKILL included). :meth:`CasServer.login` GETs ``/cas/login?service=...``,
posts the form with its hidden fields (``csrfmiddlewaretoken``, ``lt`` ...) and reads the ticket
from the redirect back to the service, as a browser would.

The module is named as the task asks, but it shadows the ``cas_server`` Django app in the test
process: the test process never imports that app (only the child does, with its own path).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from pronote_api.lifeline import Lifeline

TICKET_VALIDITY_SECONDS = 4
"""The CAS server's service ticket validity (django-cas-server's default is 60 s), short so that
a test sees a ticket expire."""
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class CasAccount:
    """A person in the ENT's directory: a Django user and the attributes released for them."""

    username: str
    password: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    groups: tuple[str, ...] = ()
    # Directory attributes beyond Django's fields (a PRONOTE login, a profile ...).
    extra: Mapping[str, Sequence[str]] = field(default_factory=dict)


# Django's user fields released to the services, under the names an ENT would use; every key of
# an account's ``extra`` is released under its own name.
RELEASED = {
    "username": "uid",
    "last_name": "sn",
    "first_name": "givenName",
    "email": "mail",
    "groups": "profils",
}


def cas_server_missing() -> str | None:
    """Why the real CAS server cannot run here, or None when it can."""
    try:
        importlib.metadata.distribution("django-cas-server")
    except importlib.metadata.PackageNotFoundError:
        return "django-cas-server is not installed (pip install -e '.[dev]')"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


_SETTINGS = """\
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = {secret!r}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cas_server",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {{
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        }},
    }}
]
ROOT_URLCONF = "cas_urls"
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": HERE / "cas.sqlite3"}}}}
USE_TZ = True
# A test server: a fast hash keeps each login through the form quick on a busy machine.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
CAS_AUTH_CLASS = "cas_directory.DirectoryUser"
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_SHOW_POWERED = False
CAS_TICKET_VALIDITY = {validity}
LOGGING = {{"version": 1, "disable_existing_loggers": False}}
"""

_URLS = """\
from django.urls import include, path

urlpatterns = [path("cas/", include("cas_server.urls", namespace="cas_server"))]
"""

_DIRECTORY = """\
import json
from pathlib import Path

from cas_server.auth import DjangoAuthUser

EXTRA = json.loads((Path(__file__).resolve().parent / "accounts.json").read_text())["extra"]


class DirectoryUser(DjangoAuthUser):
    \"\"\"Django's users, with the directory attributes of accounts.json.\"\"\"

    def attributs(self):
        attributes = super().attributs()
        if self.user is not None:
            attributes.update(EXTRA.get(self.username, {}))
        return attributes
"""

_SETUP = """\
import json
from pathlib import Path

import django

django.setup()

from django.contrib.auth.models import Group, User
from cas_server.models import ReplaceAttributName, ServicePattern

data = json.loads((Path(__file__).resolve().parent / "accounts.json").read_text())
for account in data["accounts"]:
    user = User.objects.create_user(
        account["username"],
        email=account["email"],
        password=account["password"],
        first_name=account["first_name"],
        last_name=account["last_name"],
    )
    for name in account["groups"]:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
for pos, (name, pattern) in enumerate(data["services"]):
    service = ServicePattern.objects.create(pos=pos, name=name, pattern=pattern)
    for field, released in data["released"].items():
        ReplaceAttributName.objects.create(name=field, replace=released, service_pattern=service)
"""

_RUN = """\
import sys

from pronote_api.lifeline import watch_parent

watch_parent()
from django.core.management import execute_from_command_line

execute_from_command_line(["django-admin", "runserver", sys.argv[1], "--noreload"])
"""


class _Form(HTMLParser):
    """The login form's action and its inputs' values (hidden ones included)."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if tag == "form" and named.get("id") == "login_form":
            self._inside = True
            self.action = named.get("action") or None
        elif tag == "input" and self._inside and named.get("name"):
            if named.get("type") in ("checkbox", "submit"):
                return
            self.fields[named["name"]] = named.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False


@dataclass
class CasServer:
    """A running django-cas-server. ``base_url`` is the CAS server URL an ENT would give
    (``/login``, ``/p3/serviceValidate`` and ``/logout`` are appended to it)."""

    folder: Path
    port: int
    accounts: dict[str, CasAccount]
    process: subprocess.Popen[bytes] | None = None
    lifeline: Lifeline | None = None
    ticket_validity: int = TICKET_VALIDITY_SECONDS

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cas/"

    @property
    def log_path(self) -> Path:
        return self.folder / "cas.log"

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    async def login(self, service: str, username: str, password: str | None = None) -> str:
        """Log ``username`` in through the real login form for ``service``; the ticket the
        CAS server sends the browser back with."""
        secret = password if password is not None else self.accounts[username].password
        async with httpx.AsyncClient(base_url=self.base_url, timeout=10.0) as browser:
            page = await browser.get("login", params={"service": service})
            assert page.status_code == 200, page.text[:500]
            form = _Form()
            form.feed(page.text)
            assert "lt" in form.fields and "csrfmiddlewaretoken" in form.fields, page.text[:500]
            fields = {**form.fields, "username": username, "password": secret}
            posted = await browser.post(
                form.action or str(page.url),
                data=fields,
                headers={"Referer": str(page.url)},
            )
            assert posted.status_code == 302, (posted.status_code, posted.text[:800])
            location = posted.headers["location"]
            assert location.startswith(service), location
            tickets = parse_qs(urlsplit(location).query).get("ticket", [])
            assert len(tickets) == 1, location
            return tickets[0]

    def stop(self) -> None:
        if self.lifeline is not None:
            self.lifeline.cut()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _django(folder: Path, *args: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{args}: {result.stdout[-2000:]}{result.stderr[-2000:]}")


def start_cas_server(
    folder: Path,
    accounts: Sequence[CasAccount],
    services: Sequence[tuple[str, str]],
    *,
    ticket_validity: int = TICKET_VALIDITY_SECONDS,
) -> CasServer:
    """A CAS server in ``folder`` with these accounts, allowing the services whose address
    matches one of ``services`` (name, regular expression), serving on a free port."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cas_settings.py").write_text(
        _SETTINGS.format(secret=secrets.token_urlsafe(32), validity=int(ticket_validity))
    )
    (folder / "cas_urls.py").write_text(_URLS)
    (folder / "cas_directory.py").write_text(_DIRECTORY)
    (folder / "cas_setup.py").write_text(_SETUP)
    (folder / "cas_run.py").write_text(_RUN)
    released = dict(RELEASED)
    for account in accounts:
        released.update({name: "" for name in account.extra})
    (folder / "accounts.json").write_text(
        json.dumps(
            {
                "accounts": [
                    {
                        "username": a.username,
                        "password": a.password,
                        "first_name": a.first_name,
                        "last_name": a.last_name,
                        "email": a.email,
                        "groups": list(a.groups),
                    }
                    for a in accounts
                ],
                "extra": {a.username: {k: list(v) for k, v in a.extra.items()} for a in accounts},
                "services": [list(s) for s in services],
                "released": released,
            }
        )
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")
    }
    env.update(DJANGO_SETTINGS_MODULE="cas_settings", PYTHONPATH=str(folder))
    django_admin = ["-m", "django"]
    _django(folder, *django_admin, "migrate", "--noinput", "-v", "0", env=env)
    _django(folder, "cas_setup.py", env=env)

    server = CasServer(
        folder=folder,
        port=free_port(),
        accounts={a.username: a for a in accounts},
        ticket_validity=ticket_validity,
    )
    server.lifeline = Lifeline()
    with server.log_path.open("ab") as log:
        server.process = subprocess.Popen(
            [sys.executable, "cas_run.py", f"127.0.0.1:{server.port}"],
            cwd=folder,
            env=server.lifeline.env(env),
            pass_fds=server.lifeline.pass_fds,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("the CAS server did not start: " + server.log_tail())
        try:
            if httpx.get(server.base_url + "login", timeout=2.0).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)

"""The web listener's application: every school's Espaces (PRONOTE.net), server-rendered.

One endpoint takes every request: :mod:`pronote_server.espaces.sites` finds the school and the
page from the host name or the path, :mod:`pronote_server.espaces.publication` says whether it
is served (else 503), and the page is the common page, the Page Établissement, or an Espace: its
login form, its delegation (:mod:`pronote_server.espaces.delegation`), or, with a live session,
who is logged in and a logout button. The state is read again at each request, so publishing and
stopping take effect on the next page.

Forms are ``application/x-www-form-urlencoded`` (4 KiB at most) and carry a token bound to the
pre-session cookie (:mod:`pronote_server.espaces.forms`). Cookies: ``HttpOnly``,
``SameSite=Lax``, ``Secure`` over HTTPS, scoped to the school's ``/pronote/`` folder. No secret
ever travels in a URL; answers are never cached and never framed.
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit

import anyio.from_thread
import httpx
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from pronote_api.catalogue import Lang, tr
from pronote_api.errors import ErrorCode
from pronote_api.publication import (
    CasDelegation,
    DelegationProtocol,
    EspaceKind,
    common_page,
)
from pronote_server.bases.registry import base_path
from pronote_server.clients.sessions import EndReason
from pronote_server.errors import Refusal, describe_exception
from pronote_server.espaces import (
    cas,
    delegation,
    forms,
    login,
    pages,
    publication,
    sessions,
    sites,
)
from pronote_server.espaces.people import LOGIN_MAX, PASSWORD_MAX, EspaceUser
from pronote_server.jobs import periodic
from pronote_server.runtime import Runtime
from pronote_server.security import proxies
from pronote_server.store.tables import Account, EspaceSessionRow

log = logging.getLogger("pronote_server.espaces")

FORM_MAX = 4096
QUERY_VALUE_MAX = 4096
PRESESSION_COOKIE: Final = "pn_pre"
SWEEP_SECONDS = 30.0

SECURITY_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def session_cookie(kind: EspaceKind) -> str:
    return f"pn_{kind.value}"


def pending_cookie(kind: EspaceKind) -> str:
    """The sealed CAS user waiting for the double authentication form of this Espace."""
    return f"pn_cas_{kind.value}"


def single_host(web: publication.WebAddress, domain: str) -> str:
    """Scheme, host and port of the single-host path form's addresses, from the configuration
    (never the request's Host): the listener's bound address, or the hosting domain when it is
    bound to every address."""
    if web.bound_url:
        host = urlsplit(web.bound_url).hostname
        if host and host not in ("0.0.0.0", "::"):  # noqa: S104 (compared, not bound)
            return web.bound_url.rstrip("/")
    default = 443 if web.scheme == "https" else 80
    port = f":{web.port}" if web.port not in (None, default) else ""
    return f"{web.scheme}://{domain}{port}"


@dataclass(frozen=True)
class WebRequest:
    """What the pages need of a request, read once (the endpoint runs in a worker thread)."""

    method: str
    host: str | None
    path: str
    query: dict[str, str]
    cookies: dict[str, str]
    form: dict[str, str]
    source_ip: str
    lang: Lang
    https: bool


@dataclass
class Answer:
    status: int
    html: str = ""
    location: str | None = None
    cookies: list[str] = field(default_factory=list)

    def response(self, head: bool) -> Response:
        headers = dict(SECURITY_HEADERS)
        if self.location is not None:
            headers["Location"] = self.location
        response = Response(
            b"" if head else self.html.encode("utf-8"),
            status_code=self.status,
            media_type="text/html; charset=utf-8" if self.html else None,
            headers=headers,
        )
        for cookie in self.cookies:
            response.raw_headers.append((b"set-cookie", cookie.encode("latin-1")))
        return response


def _cookie(name: str, value: str, path: str, *, secure: bool, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", f"Path={path}", "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


class _Page:
    """One request to one school's page, once the school is known."""

    def __init__(
        self,
        runtime: Runtime,
        db: Session,
        request: WebRequest,
        target: sites.Target,
        account: Account,
        web: publication.WebAddress,
        validate: delegation.Validator,
    ) -> None:
        assert target.page is not None
        self.validate = validate
        self.runtime = runtime
        self.db = db
        self.request = request
        self.target = target
        self.page = target.page
        self.kind = target.page.espace.kind
        self.account = account
        self.web = web
        self.lang = request.lang
        self.school = account.school_name
        self.cookies: list[str] = []
        presession = request.cookies.get(PRESESSION_COOKIE)
        if not forms.is_presession(presession):
            presession = forms.new_presession()
            self.cookies.append(self._cookie(PRESESSION_COOKIE, presession))
        self.presession: str = presession or ""

    # --- helpers ---------------------------------------------------------------------------

    def _cookie(self, name: str, value: str, max_age: int | None = None) -> str:
        return _cookie(name, value, self.target.root, secure=self.request.https, max_age=max_age)

    def answer(self, status: int, html: str = "", location: str | None = None) -> Answer:
        return Answer(status, html, location, self.cookies)

    def csrf(self, purpose: str) -> str:
        return forms.token(
            self.runtime.data.invoice_key, self.presession, self.account.uai, purpose
        )

    def csrf_ok(self, purpose: str) -> bool:
        return forms.token_ok(
            self.runtime.data.invoice_key,
            self.request.cookies.get(PRESESSION_COOKIE),
            self.account.uai,
            purpose,
            self.request.form.get("csrf"),
        )

    def direct_query(self) -> bool:
        return self.request.query.get("login") == "true"

    def own_action(self, direct: bool) -> str:
        """This page's address relative to itself (the forms post back to it)."""
        base = self.page.file or "./"
        return base + ("?login=true" if direct else "")

    def link(self, kind: EspaceKind, direct: bool = False) -> pages.Link:
        espace = sites.PAGES_BY_KIND[kind]
        mobile = self.page.mobile and espace.mobile is not None
        href = (espace.mobile if mobile and espace.mobile else espace.page) or "./"
        return pages.Link(kind, href + ("?login=true" if direct else ""))

    def service_url(self) -> str:
        """The exact address of this page (CAS's ``service``), built from the configuration
        alone: the school's own host name under the hosting domain on this listener's port, or
        for the path form :func:`single_host` then ``/<uai>/pronote/``; then the page's file."""
        if self.target.path_form:
            host = single_host(self.web, self.runtime.config.domain)
            return f"{host}{self.target.root}{self.page.file}"
        root = common_page(
            self.account.uai, self.runtime.config.domain, self.web.port, scheme=self.web.scheme
        )
        return root + self.page.file

    # --- the pages -------------------------------------------------------------------------

    def serve(self, state: publication.Published) -> Answer:
        if self.kind is EspaceKind.COMMON:
            return self.common(state)
        if self.kind is EspaceKind.SCHOOL:
            return self.school_page(state)
        return self.espace(state)

    def published_links(self, state: publication.Published, direct: bool) -> list[pages.Link]:
        shown = [
            kind
            for kind in state.settings.published_espaces
            if kind not in (EspaceKind.COMMON,) and (not direct or kind in LOGIN_KINDS)
        ]
        return [self.link(kind, direct) for kind in shown]

    def common(self, state: publication.Published) -> Answer:
        if self.direct_query() and not state.settings.direct_login_allowed:
            return self.direct_refused()
        direct = self.direct_query()
        choices = [k for k in state.settings.published_espaces if k in LOGIN_KINDS]
        if self.request.method == "POST":
            if not direct:
                return self.answer(405, pages.not_found(self.lang, self.school))
            chosen = self.request.form.get("espace", "")
            kind = next((k for k in choices if k.value == chosen), None)
            form = pages.LoginForm(
                self.own_action(True), self.csrf("login:commune"), choices=choices
            )
            if kind is None or not self.csrf_ok("login:commune"):
                return self.expired()
            return self.login_attempt(state, kind, form, self.link(kind).href)
        form_html = ""
        if direct and choices:
            form_html = pages.login_form(
                self.lang,
                pages.LoginForm(self.own_action(True), self.csrf("login:commune"), choices=choices),
            )
        links = self.published_links(state, direct)
        return self.answer(200, pages.common_page(self.lang, self.school, links, form_html))

    def school_page(self, state: publication.Published) -> Answer:
        if self.request.method == "POST":
            return self.answer(405, pages.not_found(self.lang, self.school))
        path = base_path(self.runtime.data, state.base) if state.base is not None else None
        card = sites.school_card(path, self.account)
        return self.answer(
            200, pages.school_page(self.lang, card, self.published_links(state, direct=False))
        )

    def espace(self, state: publication.Published) -> Answer:
        inactivity = timedelta(minutes=state.settings.inactivity_minutes)
        token = self.request.cookies.get(session_cookie(self.kind))
        live = sessions.resume(
            self.db, self.account, self.kind, token, self.request_now, inactivity
        )
        delegated = state.settings.delegation_of(self.kind) is DelegationProtocol.CAS
        direct = not delegated or (self.direct_query() and state.settings.direct_login_allowed)
        purpose = f"login:{self.kind.value}"
        if self.request.method == "POST" and self.request.form.get("logout") == "1":
            return self.logout(live, state)
        if live is not None:
            return self.welcome(live, state)
        if delegated and self.direct_query() and not state.settings.direct_login_allowed:
            return self.direct_refused()
        if not direct:
            return self.delegated(state)
        form = pages.LoginForm(self.own_action(self.direct_query()), self.csrf(purpose))
        if self.request.method == "POST":
            if not self.csrf_ok(purpose):
                return self.expired()
            return self.login_attempt(state, self.kind, form, self.own_action(self.direct_query()))
        return self.answer(200, pages.login_page(self.lang, self.school, self.kind, form))

    @property
    def request_now(self) -> datetime:
        return self.runtime.clock.now()

    def through_cas(self, state: publication.Published) -> bool:
        """A session of this page logs out through the CAS logout: the Espace is delegated and
        this is not the direct login's page (whose addresses keep ``?login=true``)."""
        delegated = state.settings.delegation_of(self.kind) is DelegationProtocol.CAS
        return delegated and not self.direct_query()

    def welcome(self, live: EspaceSessionRow, state: publication.Published) -> Answer:
        logout = pages.LoginForm(
            self.own_action(self.direct_query()),
            self.csrf("logout"),
            texts="cas.logout" if self.through_cas(state) else "web.welcome.logout",
        )
        html = pages.welcome_page(
            self.lang, self.school, self.kind, live.display_name, live.login, logout
        )
        return self.answer(200, html)

    def message(self, status: int, title: str, text: str) -> Answer:
        return self.answer(status, pages.message_page(self.lang, title, text, school=self.school))

    def direct_refused(self) -> Answer:
        """``?login=true`` while "Autoriser l'authentification directe" is off."""
        return self.message(
            403, tr("web.direct.refused_title", self.lang), tr("web.direct.refused", self.lang)
        )

    def logout(self, live: EspaceSessionRow | None, state: publication.Published) -> Answer:
        if not self.csrf_ok("logout"):
            return self.expired()
        self.cookies.append(self._cookie(session_cookie(self.kind), "", max_age=0))
        if live is not None:
            sessions.end(self.db, live, self.request_now, EndReason.LOGOUT)
        location = self.own_action(self.direct_query())
        if self.through_cas(state):
            location = delegation.logout_url(state.settings, self.service_url()) or location
        return self.answer(303, location=location)

    def delegated(self, state: publication.Published) -> Answer:
        """A CAS-delegated Espace without a session: to the CAS login, back with a ticket, or
        the double authentication form posted."""
        if state.settings.cas is None:
            html = pages.unavailable(self.lang, self.school, self.kind, "web.unavailable.cas")
            return self.answer(503, html)
        if self.request.method == "POST":
            return self.link_attempt(state)
        path = base_path(self.runtime.data, state.base) if state.base is not None else None
        outcome = delegation.cas_login(
            self.db,
            delegation.Request(
                account=self.account,
                espace=self.kind,
                settings=state.settings,
                service_url=self.service_url(),
                query=self.request.query,
                now=self.request_now,
                base_path=path,
            ),
            self.validate,
        )
        if isinstance(outcome, delegation.Redirect):
            return self.answer(302, location=outcome.location)
        if isinstance(outcome, delegation.Refused):
            return self.message(
                outcome.status, tr("cas.refused.title", self.lang), outcome.message(self.lang)
            )
        if isinstance(outcome, delegation.AskLogin):
            purpose = delegation.link_purpose(state.settings, self.kind)
            expires = int(self.request_now.timestamp()) + delegation.PENDING_SECONDS
            sealed = forms.sign(
                self.runtime.data.invoice_key,
                self.presession,
                self.account.uai,
                purpose,
                outcome.cas_user,
                expires,
            )
            self.cookies.append(
                self._cookie(pending_cookie(self.kind), sealed, max_age=delegation.PENDING_SECONDS)
            )
            return self.answer(200, self.double_auth_page(self.double_auth_form(state)))
        return self.open_cas_session(outcome.user)

    def double_auth_form(
        self, state: publication.Published, login_typed: str = "", error: str | None = None
    ) -> pages.LoginForm:
        return pages.LoginForm(
            self.own_action(False),
            self.csrf(delegation.link_purpose(state.settings, self.kind)),
            login=login_typed,
            error=error,
            texts="cas.double_auth",
            explain="cas.double_auth.explain",
        )

    def double_auth_page(self, form: pages.LoginForm) -> str:
        return pages.login_page(self.lang, self.school, self.kind, form)

    def open_cas_session(self, user: EspaceUser) -> Answer:
        """The session of a person the CAS server vouched for, as a direct login opens it."""
        now = publication.read(self.db, self.account.id)
        if not now.serves(self.kind) or now.base is None:
            return self.answer(
                503, pages.unavailable(self.lang, self.school, self.kind, "web.unavailable.stopped")
            )
        opened = sessions.open_session(
            self.db,
            self.account,
            base_id=now.base.id,
            base_name=now.base.name,
            user=user,
            source_ip=self.request.source_ip,
            now=self.request_now,
            inactivity=timedelta(minutes=now.settings.inactivity_minutes),
        )
        self.cookies.append(self._cookie(session_cookie(self.kind), opened.token))
        return self.answer(303, location=self.own_action(False))

    def link_attempt(self, state: publication.Published) -> Answer:
        """The double authentication form posted: the PRONOTE login checked exactly as a direct
        login is (the same hash, the same failures counted, the same suspension), then the link
        kept and the session opened."""
        purpose = delegation.link_purpose(state.settings, self.kind)
        cas_user = forms.unsign(
            self.runtime.data.invoice_key,
            self.request.cookies.get(PRESESSION_COOKIE),
            self.account.uai,
            purpose,
            self.request.cookies.get(pending_cookie(self.kind)),
            self.request_now.timestamp(),
        )
        if not self.csrf_ok(purpose):
            return self.expired()
        if cas_user is None:
            return self.message(
                401,
                tr("cas.double_auth.title", self.lang),
                tr("cas.double_auth.expired", self.lang),
            )
        typed = self.request.form.get("login", "")[:LOGIN_MAX]
        credentials = login.Credentials(
            espace=self.kind,
            login=typed,
            password=self.request.form.get("password", ""),
            source_ip=self.request.source_ip,
            now=self.request_now,
        )
        try:
            opened = login.direct_login(self.runtime, self.db, self.account, credentials)
        except Refusal as exc:
            self.db.commit()  # the failure counted stays counted
            form = self.double_auth_form(state, typed, "web.login.refused")
            return self.refusal(exc, self.kind, self.double_auth_page(form))
        delegation.keep_link(
            self.db, self.account, state.settings, cas_user, opened.row.login, self.request_now
        )
        self.cookies.append(self._cookie(pending_cookie(self.kind), "", max_age=0))
        self.cookies.append(self._cookie(session_cookie(self.kind), opened.token))
        return self.answer(303, location=self.own_action(False))

    def refusal(self, exc: Refusal, kind: EspaceKind, wrong: str) -> Answer:
        """A refused password check: suspended (403), stopped meanwhile (503), or ``wrong``,
        the form again with its error (401)."""
        if exc.code is ErrorCode.ADDRESS_SUSPENDED:
            text = tr("web.login.suspended", self.lang, until=exc.params.get("until", ""))
            return self.message(403, tr("web.login.suspended_title", self.lang), text)
        if exc.code is ErrorCode.SERVER_STOPPED:
            return self.answer(
                503, pages.unavailable(self.lang, self.school, kind, "web.unavailable.stopped")
            )
        return self.answer(401, wrong)

    def login_attempt(
        self,
        state: publication.Published,
        kind: EspaceKind,
        form: pages.LoginForm,
        success: str,
    ) -> Answer:
        typed = self.request.form.get("login", "")[:LOGIN_MAX]
        credentials = login.Credentials(
            espace=kind,
            login=typed,
            password=self.request.form.get("password", ""),
            source_ip=self.request.source_ip,
            now=self.request_now,
        )
        refused_form = pages.LoginForm(
            form.action, form.csrf, login=typed, error="web.login.refused", choices=form.choices
        )
        try:
            opened = login.direct_login(self.runtime, self.db, self.account, credentials)
        except Refusal as exc:
            self.db.commit()  # the failure counted stays counted
            html = (
                pages.login_page(self.lang, self.school, kind, refused_form)
                if kind is self.kind
                else pages.common_page(
                    self.lang,
                    self.school,
                    self.published_links(state, True),
                    pages.login_form(self.lang, refused_form),
                )
            )
            return self.refusal(exc, kind, html)
        self.cookies.append(
            _cookie(session_cookie(kind), opened.token, self.target.root, secure=self.request.https)
        )
        return self.answer(303, location=success)

    def expired(self) -> Answer:
        title = tr("web.form.expired_title", self.lang)
        text = tr("web.form.expired", self.lang)
        return self.answer(403, pages.message_page(self.lang, title, text, school=self.school))


LOGIN_KINDS: frozenset[EspaceKind] = frozenset(
    page.espace.kind for page in sites.PAGES.values() if page.espace.has_login
)


def _unavailable_reason(state: publication.Published, kind: EspaceKind) -> str:
    if not state.published:
        return "web.unavailable.stopped"
    if not state.server_running or state.base is None:
        return "web.unavailable.server"
    return "web.unavailable.espace"


def handle(
    runtime: Runtime,
    web: publication.WebAddress,
    request: WebRequest,
    validate: delegation.Validator,
) -> Answer:
    """The answer to one request (runs in a worker thread: the store and the base are read
    synchronously)."""
    lang = request.lang
    target = sites.target(request.host, request.path, runtime.config.domain)
    if target is None:
        return Answer(404, pages.unknown_school(lang))
    with runtime.sessions() as db:
        account = sites.find_school(db, target.uai)
        if account is None:
            if request.method == "POST" and "password" in request.form:
                login.unknown_school(
                    runtime,
                    db,
                    login.Credentials(
                        EspaceKind.COMMON,
                        "",
                        request.form["password"],
                        request.source_ip,
                        runtime.clock.now(),
                    ),
                )
                db.commit()
            return Answer(404, pages.unknown_school(lang))
        if target.slash:
            query = urlencode(request.query)
            return Answer(301, location=target.root + (f"?{query}" if query else ""))
        if target.page is None:
            return Answer(404, pages.not_found(lang, account.school_name))
        kind = target.page.espace.kind
        state = publication.read(db, account.id)
        if not state.serves(kind):
            reason = _unavailable_reason(state, kind)
            return Answer(503, pages.unavailable(lang, account.school_name, kind, reason))
        answer = _Page(runtime, db, request, target, account, web, validate).serve(state)
        db.commit()
        return answer


def _parse_form(body: bytes) -> dict[str, str] | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=16)
    except ValueError:
        return None
    found: dict[str, str] = {}
    for key, value in pairs:
        if key not in found and len(value) <= max(PASSWORD_MAX, LOGIN_MAX, 256):
            found[key] = value
    return found


def _query(raw: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(raw[:8192], keep_blank_values=True, max_num_fields=32)
    except ValueError:
        return {}
    return {k: v for k, v in pairs[:32] if len(v) <= QUERY_VALUE_MAX}


class EspacesApp:
    """The ASGI application of the web listener."""

    def __init__(self, runtime: Runtime, web: publication.WebAddress) -> None:
        self.runtime = runtime
        self.web = web
        self.stop_sweeper: threading.Event | None = None
        # The CAS validations' client (its connection pool): the application's own, used from
        # the event loop only (the pages' worker threads hand their validation to it).
        self.cas_client = httpx.AsyncClient(
            follow_redirects=False, trust_env=False, limits=httpx.Limits(max_connections=50)
        )
        self.cas_timeouts = cas.CasTimeouts()

    def validate(self, delegation: CasDelegation, service: str, ticket: str) -> cas.CasIdentity:
        """A CAS ticket validated from a page's worker thread, on the event loop."""
        return anyio.from_thread.run(
            functools.partial(
                cas.validate,
                delegation,
                service,
                ticket,
                client=self.cas_client,
                timeout=self.cas_timeouts,
            )
        )

    def start_sweeper(self) -> None:
        def sweep() -> None:
            with self.runtime.sessions() as db:
                sessions.sweep(db, self.runtime.clock.now())
                db.commit()

        self.stop_sweeper = periodic.every(
            "espace-sessions",
            lambda: SWEEP_SECONDS,
            sweep,
            log=log,
            failed="Espaces' session sweep failed",
        )

    def _source_ip(self, request: Request) -> str:
        peer = request.client.host if request.client else "unknown"
        trusted = self.runtime.config.trusted_proxies
        if not trusted:
            return peer
        chain = proxies.forwarded_chain(
            request.headers.get("forwarded"), request.headers.get("x-forwarded-for")
        )
        return proxies.client_address(peer, chain, tuple(trusted))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        lang = pages.accepted_lang(request.headers.get("accept-language"))
        method = request.method
        head = method == "HEAD"
        if method not in ("GET", "HEAD", "POST"):
            await Answer(405, pages.message_page(lang, "405", tr("web.method", lang))).response(
                False
            )(scope, receive, send)
            return
        form: dict[str, str] = {}
        if method == "POST":
            parsed = await self._form(request)
            if parsed is None:
                answer = Answer(400, pages.message_page(lang, "400", tr("web.bad_form", lang)))
                await answer.response(False)(scope, receive, send)
                return
            form = parsed
        web_request = WebRequest(
            method="GET" if head else method,
            host=request.headers.get("host"),
            path=scope.get("path", "/"),
            query=_query(scope.get("query_string", b"").decode("latin-1")),
            cookies=dict(request.cookies),
            form=form,
            source_ip=self._source_ip(request),
            lang=lang,
            https=scope.get("scheme") == "https",
        )
        try:
            answer = await run_in_threadpool(
                handle, self.runtime, self.web, web_request, self.validate
            )
        except Exception as exc:
            # Not the exception's message: it could quote a value of the request.
            log.error("Espace page failed: %s", describe_exception(exc))
            answer = Answer(500, pages.message_page(lang, "500", tr("web.internal", lang)))
        await answer.response(head)(scope, receive, send)

    async def _form(self, request: Request) -> dict[str, str] | None:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            return None
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > FORM_MAX):
            return None
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > FORM_MAX:
                return None
        return _parse_form(body)


def create_espaces_app(runtime: Runtime, web: publication.WebAddress) -> EspacesApp:
    app = EspacesApp(runtime, web)
    app.start_sweeper()
    return app

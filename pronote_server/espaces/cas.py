"""A CAS 3.0 client for the web Espaces' delegation of their login to the ENT (Fiche 9).

The round trip, per the CAS Protocol 3.0 specification:

1. An Espace delegated to CAS sends the browser to :func:`login_url`: the CAS server's
   ``/login`` with the Espace's own address as ``service`` (the exact string, which must be the
   same at step 3).
2. The CAS server logs the person in and sends the browser back to ``service?ticket=ST-...``.
3. The service checks the ticket server-side with :func:`validate`: ``GET /p3/serviceValidate``
   with the same ``service`` and the ticket. A ticket is good once, for a short time, and only
   for the service it was issued for; the CAS server says so in XML (namespace
   ``http://www.yale.edu/tp/cas``): ``authenticationSuccess`` with the user and their
   attributes, or ``authenticationFailure`` with a code.
4. :func:`match` finds which user of the base this CAS user is (``cas_links`` keeps the links
   of "double authentification").
5. Logging out of the Espace goes through :func:`logout_url`.

Everything that can go wrong in step 3 ends in :class:`CasRefused`, whose ``reason`` is a
catalogue key (``cas.refused.*``): a ticket of the wrong shape (refused before any request), a
CAS refusal (each code its own reason), a CAS server that cannot be reached, that does not answer
in time (connect, read, and a deadline for the whole answer, so a server trickling bytes cannot
hold a request), that answers an HTTP error, something that is not HTTP, too much, something
that is not XML, XML with a DTD
or entities (parsed by defusedxml: no entity expansion, no external resource), or XML that is not
a CAS answer. The ticket and the CAS server's words are never put in a refusal or a log: a ticket
is a one-time credential, and the server's message is not ours to show.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from pydantic import BaseModel, ConfigDict, Field

from pronote_api.catalogue import Lang, tr
from pronote_api.publication import CasDelegation, CasMatching

CAS_NAMESPACE = "http://www.yale.edu/tp/cas"
_NS = f"{{{CAS_NAMESPACE}}}"

TICKET_MAX = 256
"""The longest ticket accepted: the specification asks services to take up to 256 characters."""
_TICKET = re.compile(r"ST-[A-Za-z0-9-]+")
"""A service ticket: ``ST-`` then the specification's character set (letters, digits, hyphen)."""

ANSWER_MAX_BYTES = 64 * 1024
"""The largest validation answer read; a CAS answer is a few hundred bytes to a few KiB."""
USER_MAX = 256
"""The longest CAS user name accepted (the ``cas_links`` column's width)."""
ATTRIBUTE_VALUES_MAX = 500
"""The most attribute values read from one answer (a bounded answer holds few anyway)."""

# Parameters of our own that an address given by an ENT must not carry twice.
_OWN_PARAMETERS = frozenset({"service", "ticket"})


class CasTimeouts(BaseModel):
    """How long the service waits for a CAS server (seconds): to connect, between two reads,
    and for the whole validation (a server that trickles its answer is cut at ``total``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    connect: float = Field(default=3.0, gt=0, le=30)
    read: float = Field(default=5.0, gt=0, le=60)
    total: float = Field(default=10.0, gt=0, le=120)


class CasRefused(Exception):
    """A login through CAS refused. ``reason`` is a catalogue key (``cas.refused.*``) and
    ``params`` its placeholders; ``cas_code`` is the CAS server's failure code when it gave one
    (for the log: it is one of the specification's upper-case words, never free text)."""

    def __init__(self, reason: str, *, cas_code: str | None = None, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.cas_code = cas_code
        self.params = params

    def message(self, lang: Lang = "fr") -> str:
        """The reason in a sentence, for the page the person sees."""
        return tr(self.reason, lang, **self.params)


@dataclass(frozen=True)
class CasIdentity:
    """Who the CAS server says the person is: the user, and every attribute released to the
    service, each as the tuple of its values in the order given (a multi-valued attribute has
    several; the others one)."""

    user: str
    attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def values(self, name: str) -> tuple[str, ...]:
        return self.attributes.get(name, ())


# Codes of ``authenticationFailure`` (CAS 3.0, section 2.5.3) and the reason each becomes.
FAILURE_REASONS: dict[str, str] = {
    "INVALID_REQUEST": "cas.refused.invalid_request",
    "INVALID_TICKET_SPEC": "cas.refused.ticket_spec",
    "INVALID_TICKET": "cas.refused.invalid_ticket",
    "INVALID_SERVICE": "cas.refused.invalid_service",
    "INTERNAL_ERROR": "cas.refused.cas_internal_error",
    # Proxy codes cannot come back for a plain service ticket; a server that sends them (or a
    # code of its own) refuses the ticket all the same.
    "UNAUTHORIZED_SERVICE_PROXY": "cas.refused.other_failure",
    "INVALID_PROXY_CALLBACK": "cas.refused.other_failure",
}
_CODE = re.compile(r"[A-Z_]{1,40}")
_HTML_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*<!doctype\s+html[\s>]", re.IGNORECASE)


# --- logs ---------------------------------------------------------------------------------------

_TICKET_PARAMETER = re.compile(r"([?&]ticket=)[^&#\s\"']*")


def redact_tickets(text: str) -> str:
    """``text`` with the value of every ``ticket=`` query parameter hidden: for any log line
    that holds an address the browser came back with, or a validation request."""
    return _TICKET_PARAMETER.sub(r"\1[hidden]", text)


class NoTicketInLogs(logging.Filter):
    """A log record with every ticket of its addresses hidden. httpx logs every request's
    address at INFO (the service logs INFO): the validation request's address holds the ticket;
    uvicorn's access log of the web listener holds the address the browser came back with."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "ticket=" in record.msg:
            record.msg = redact_tickets(record.msg)
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_tickets(str(a)) if "ticket=" in str(a) else a for a in record.args
            )
        return True


logging.getLogger("httpx").addFilter(NoTicketInLogs())


# --- addresses ----------------------------------------------------------------------------------


def _with_query(url: str, path_suffix: str | None, params: Iterable[tuple[str, str]]) -> str:
    """``url`` with ``path_suffix`` appended to its path (None: the path as is), its own query
    kept except our parameters, and ``params`` added (each value percent-encoded whole, so that
    ``service`` reaches the CAS server exactly as given)."""
    parts = urlsplit(url)
    path = parts.path
    if path_suffix is not None:
        path = path.rstrip("/") + path_suffix
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in kept if k not in _OWN_PARAMETERS]
    query = urlencode([*kept, *params], quote_via=quote, safe="")
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def login_url(cas: CasDelegation, service: str) -> str:
    """Where to send the browser to log in: the Lien d'authentification, or ``<server>/login``,
    with ``service``; a query the ENT's address carries (``selection=...``) is kept."""
    if cas.separate_links:
        assert cas.login_url is not None  # the model requires it
        return _with_query(cas.login_url, None, [("service", service)])
    assert cas.server_url is not None
    return _with_query(cas.server_url, "/login", [("service", service)])


def validate_url(cas: CasDelegation, service: str, ticket: str) -> str:
    """The validation request: the Lien de validation, or ``<server>/p3/serviceValidate``, with
    ``service`` and ``ticket``. The query of a CAS server's address (a profile ``selection``)
    is for its login page and is not sent here; a Lien de validation keeps its own."""
    params = [("service", service), ("ticket", ticket)]
    if cas.separate_links:
        assert cas.validate_url is not None
        return _with_query(cas.validate_url, None, params)
    assert cas.server_url is not None
    bare = urlunsplit(urlsplit(cas.server_url)._replace(query="", fragment=""))
    return _with_query(bare, "/p3/serviceValidate", params)


def logout_url(cas: CasDelegation, service: str) -> str | None:
    """Where to send the browser to log out of the ENT too: ``<server>/logout?service=...``.
    With separate links, the Lien d'authentification's ``/login`` becomes ``/logout``; a link
    not ending in ``/login`` gives no CAS logout (None: only the Espace's session ends)."""
    if cas.separate_links:
        assert cas.login_url is not None
        parts = urlsplit(cas.login_url)
        if not parts.path.rstrip("/").endswith("/login"):
            return None
        bare = urlunsplit(parts._replace(path=parts.path.rstrip("/")[: -len("/login")]))
        return _with_query(bare, "/logout", [("service", service)])
    assert cas.server_url is not None
    return _with_query(cas.server_url, "/logout", [("service", service)])


def server_address(cas: CasDelegation) -> str:
    """The CAS server a user name belongs to, as ``cas_links`` records it: the validation
    address without its query, lower-case scheme and host (two ENTs may both have a "jdupont")."""
    if cas.separate_links:
        assert cas.validate_url is not None
        parts = urlsplit(cas.validate_url)
        path = parts.path
    else:
        assert cas.server_url is not None
        parts = urlsplit(cas.server_url)
        path = parts.path.rstrip("/") + "/p3/serviceValidate"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


# --- validation ---------------------------------------------------------------------------------


def check_ticket(ticket: str) -> str:
    """The ticket as received, if it has a service ticket's shape; else :class:`CasRefused`
    (``cas.refused.ticket_malformed``), before anything is sent anywhere."""
    if not isinstance(ticket, str) or len(ticket) > TICKET_MAX or not _TICKET.fullmatch(ticket):
        raise CasRefused("cas.refused.ticket_malformed")
    return ticket


async def validate(
    cas: CasDelegation,
    service: str,
    ticket: str,
    *,
    client: httpx.AsyncClient,
    timeout: CasTimeouts | None = None,
    max_answer_bytes: int = ANSWER_MAX_BYTES,
) -> CasIdentity:
    """Validate ``ticket`` for ``service`` with the CAS server (``/p3/serviceValidate``) and
    return who it names; :class:`CasRefused` for every way it can fail (see the module's text).
    ``client`` is the caller's (its connection pool and certificate store); redirects are not
    followed, whatever it is set to."""
    check_ticket(ticket)
    limits = timeout or CasTimeouts()
    url = validate_url(cas, service, ticket)
    try:
        async with asyncio.timeout(limits.total):
            body = await _fetch(client, url, limits, max_answer_bytes)
    except TimeoutError:
        raise CasRefused("cas.refused.timeout") from None
    return parse_answer(body)


async def _fetch(client: httpx.AsyncClient, url: str, limits: CasTimeouts, max_bytes: int) -> bytes:
    request_timeout = httpx.Timeout(
        connect=limits.connect, read=limits.read, write=limits.read, pool=limits.connect
    )
    headers = {"Accept": "application/xml, text/xml", "Accept-Encoding": "identity"}
    try:
        async with client.stream(
            "GET", url, headers=headers, timeout=request_timeout, follow_redirects=False
        ) as response:
            if response.status_code != 200:
                raise CasRefused("cas.refused.http_status", status=response.status_code)
            encoding = response.headers.get("content-encoding", "identity").strip().lower()
            if encoding not in ("", "identity"):
                # Asked for none: a compressed answer could expand past any bound.
                raise CasRefused("cas.refused.unexpected_answer")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise CasRefused("cas.refused.oversized", kib=_kib(max_bytes))
            chunks: list[bytes] = []
            received = 0
            async for chunk in response.aiter_raw():
                received += len(chunk)
                if received > max_bytes:
                    raise CasRefused("cas.refused.oversized", kib=_kib(max_bytes))
                chunks.append(chunk)
            return b"".join(chunks)
    except (httpx.ConnectTimeout, httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
        raise CasRefused("cas.refused.timeout") from None
    except httpx.RemoteProtocolError:
        # Something answered, but not in HTTP (or broke off its answer half-way).
        raise CasRefused("cas.refused.garbled") from None
    except (httpx.ConnectError, httpx.ReadError, httpx.WriteError):
        raise CasRefused("cas.refused.unreachable") from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError):
        # Anything else of the transport (a TLS failure, an unsupported address ...).
        raise CasRefused("cas.refused.unreachable") from None


def _kib(n: int) -> int:
    return max(1, -(-n // 1024))


def parse_answer(body: bytes) -> CasIdentity:
    """A ``/p3/serviceValidate`` answer read safely: the identity it grants, or
    :class:`CasRefused`."""
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        if _HTML_START.match(body):
            # A web page (a portal, a login page) where the CAS answer was expected.
            raise CasRefused("cas.refused.unexpected_answer") from None
        raise CasRefused("cas.refused.forbidden_xml") from None
    except (ParseError, ValueError, UnicodeError):
        raise CasRefused("cas.refused.not_xml") from None
    if not isinstance(root, Element) or root.tag != _NS + "serviceResponse":
        raise CasRefused("cas.refused.unexpected_answer")
    answers = [child for child in root if isinstance(child.tag, str)]
    if len(answers) != 1:
        raise CasRefused("cas.refused.unexpected_answer")
    answer = answers[0]
    if answer.tag == _NS + "authenticationFailure":
        code = (answer.get("code") or "").strip()
        if not _CODE.fullmatch(code):
            raise CasRefused("cas.refused.other_failure")
        raise CasRefused(FAILURE_REASONS.get(code, "cas.refused.other_failure"), cas_code=code)
    if answer.tag != _NS + "authenticationSuccess":
        raise CasRefused("cas.refused.unexpected_answer")
    users = answer.findall(_NS + "user")
    if len(users) != 1:
        raise CasRefused("cas.refused.unexpected_answer")
    user = _text(users[0])
    if not user or len(user) > USER_MAX:
        raise CasRefused("cas.refused.unexpected_answer")
    return CasIdentity(user=user, attributes=_attributes(answer))


def _text(element: Element, *, line_breaks: bool = False) -> str:
    """An element's text, stripped; markup inside it or a control character (line breaks
    aside where ``line_breaks``) makes the answer unexpected."""
    if len(element):  # a value is text, not markup
        raise CasRefused("cas.refused.unexpected_answer")
    value = (element.text or "").strip()
    allowed = "\t\n\r" if line_breaks else ""
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
        raise CasRefused("cas.refused.unexpected_answer")
    return value


def _attributes(success: Element) -> dict[str, tuple[str, ...]]:
    blocks = success.findall(_NS + "attributes")
    if len(blocks) > 1:
        raise CasRefused("cas.refused.unexpected_answer")
    found: dict[str, list[str]] = {}
    count = 0
    for block in blocks:
        for item in block:
            if not isinstance(item.tag, str) or not item.tag.startswith(_NS):
                continue  # another namespace's extension: not ours to read
            count += 1
            if count > ATTRIBUTE_VALUES_MAX:
                raise CasRefused("cas.refused.unexpected_answer")
            found.setdefault(item.tag[len(_NS) :], []).append(_text(item, line_breaks=True))
    return {name: tuple(values) for name, values in found.items()}


# --- matching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EspaceUser:
    """A user of the base who may log into the Espace, as matching sees them: their PRONOTE
    login and the identity fields the base holds. The web side builds these from the base."""

    login: str
    last_name: str
    first_name: str
    kind: str


def identity_key(text: str) -> str:
    """A name as identity matching compares it: accents, case, hyphens, apostrophes and runs of
    spaces do not count ("Lefèvre-Dubois" is "LEFEVRE DUBOIS")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    spaced = re.sub(r"[\s\-'\u2019\u2010\u2011]+", " ", plain)
    return spaced.strip()


def attribute_names(cas: CasDelegation) -> tuple[str, ...]:
    """The attributes the delegation reads: for IDENTITY, ``"sn,givenName"`` names the last name's
    and the first name's (one name alone: an attribute holding the full name); for PRONOTE_ID, the
    one attribute holding the PRONOTE login."""
    names = tuple(n.strip() for n in (cas.attribute or "").split(",") if n.strip())
    return names


def match(
    identity: CasIdentity,
    cas: CasDelegation,
    users: Sequence[EspaceUser],
    *,
    linked_login: str | None = None,
) -> EspaceUser | None:
    """The user of the base this CAS identity is, among ``users`` (those who may log into the
    Espace). IDENTITY: the named attributes equal the user's last and first names; PRONOTE_ID:
    the attribute equals their login (logins compare without case, as the base does);
    DOUBLE_AUTH: the login of the kept link (``linked_login``, from ``cas_links.find_link``),
    or None when there is none or it names nobody any more: ask the person their PRONOTE login
    once, then ``cas_links.keep_link``. :class:`CasRefused` when the attributes are missing or
    name nobody, or several people."""
    if cas.matching is CasMatching.DOUBLE_AUTH:
        if linked_login is None:
            return None
        wanted = linked_login.casefold()
        return next((u for u in users if u.login.casefold() == wanted), None)
    names = attribute_names(cas)
    if not names:
        raise CasRefused("cas.refused.attribute_missing", attribute=cas.attribute or "")
    for name in names:
        if not any(v.strip() for v in identity.values(name)):
            raise CasRefused("cas.refused.attribute_missing", attribute=name)
    if cas.matching is CasMatching.PRONOTE_ID:
        logins = {v.strip().casefold() for v in identity.values(names[0]) if v.strip()}
        found = [u for u in users if u.login.casefold() in logins]
    else:
        found = [u for u in users if _same_person(identity, names, u)]
    if not found:
        raise CasRefused("cas.refused.unknown_user")
    if len(found) > 1:
        raise CasRefused("cas.refused.ambiguous_user")
    return found[0]


def _same_person(identity: CasIdentity, names: tuple[str, ...], user: EspaceUser) -> bool:
    last, first = identity_key(user.last_name), identity_key(user.first_name)
    if len(names) == 1:
        full = {identity_key(v) for v in identity.values(names[0])}
        return f"{last} {first}" in full or f"{first} {last}" in full
    lasts = {identity_key(v) for v in identity.values(names[0])}
    firsts = {identity_key(v) for v in identity.values(names[1])}
    return last in lasts and first in firsts

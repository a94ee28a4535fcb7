"""The console's one connection to the hosting service. Screens ask it; they never build URLs.

:class:`ConsoleClient` owns one ``httpx.AsyncClient`` per listener of the service:

* the **enrolment listener** (``profile.server_url``): server-authenticated TLS against the CA
  pinned at first contact; ``/v1/info``, ``/v1/enrol``, ``/v1/invoice-reminder``;
* the **API listener** (``profile.api_url``, learned from ``/v1/info``): mutual TLS with this
  workstation's certificate; the session and everything after it.

One module per mechanism, each standing only on those below it::

    console        ConsoleClient: the typed calls below, on one transport
    enrolment      first contact, the pinned CA, the certificate, login and logout
    account        the manager's account, contact, notifications, history
    connections    Suivi des connexions, licences, suspended addresses
    bases          the school server: start, stop, its bases
    snapshots      backups, archives, recovery, the calendar      (on jobs and transfers)
    publication    PRONOTE.net: publish, stop, its settings, the known ENTs
    jobs           a job started, read and waited for
    transfers      chunked, resumable uploads and downloads, their progress
    transport      the one way to make a call: retries, session, connection state
    cache          the ETag cache that makes polls cheap
    tls            the TLS contexts, what a TLS failure means
    first_contact  the CA fetched before anything can be verified (standard library only)
    errors         the typed failures, and the one mapping of a refusal to one of them

Failures come out typed (:mod:`.errors`), each with ``.message(lang)`` from the catalogue. No
secret (password, invoice number, token, private key) is put in an exception's text, a repr or
a log line.

May import: :mod:`pronote_api`, :mod:`pronote_tui.config`, :mod:`pronote_tui.host`,
:mod:`pronote_tui.certificates`, pydantic and httpx (lazily: its import weighs on start-up).
Never Textual, ``pronote_tui.screens`` or ``pronote_tui.widgets``, nor ``pronote_server``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pronote_tui.client.console import ConsoleClient
    from pronote_tui.client.errors import (
        ApiFailure,
        ConsoleError,
        FirstContactFailed,
        ServiceUnreachable,
        SessionExpired,
        UntrustedService,
        local_failure,
    )
    from pronote_tui.client.jobs import JOB_POLL_INTERVAL
    from pronote_tui.client.link import (
        BACKOFF_MAX,
        BACKOFF_START,
        CONNECT_TIMEOUT,
        PROBE_INTERVAL_MAX,
        READ_TIMEOUT,
        RETRIES,
        UPLOAD_GIVE_UP,
        ConnectionState,
    )
    from pronote_tui.client.tls import Listener
    from pronote_tui.client.transfers import PART_SUFFIX, DownloadProgress, UploadProgress

# Each public name and the module that defines it, imported on first use (PEP 562): the login
# screen names a few failures before its first frame, and the rest (pydantic's models, httpx,
# the TLS code) is imported only after it.
_WHERE: dict[str, str] = {
    "ApiFailure": "errors",
    "BACKOFF_MAX": "link",
    "BACKOFF_START": "link",
    "CONNECT_TIMEOUT": "link",
    "ConnectionState": "link",
    "ConsoleClient": "console",
    "ConsoleError": "errors",
    "DownloadProgress": "transfers",
    "FirstContactFailed": "errors",
    "JOB_POLL_INTERVAL": "jobs",
    "Listener": "tls",
    "PART_SUFFIX": "transfers",
    "PROBE_INTERVAL_MAX": "link",
    "READ_TIMEOUT": "link",
    "RETRIES": "link",
    "ServiceUnreachable": "errors",
    "SessionExpired": "errors",
    "UPLOAD_GIVE_UP": "link",
    "UntrustedService": "errors",
    "UploadProgress": "transfers",
    "local_failure": "errors",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "BACKOFF_MAX",
    "BACKOFF_START",
    "CONNECT_TIMEOUT",
    "JOB_POLL_INTERVAL",
    "PART_SUFFIX",
    "PROBE_INTERVAL_MAX",
    "READ_TIMEOUT",
    "RETRIES",
    "UPLOAD_GIVE_UP",
    "ApiFailure",
    "ConnectionState",
    "ConsoleClient",
    "ConsoleError",
    "DownloadProgress",
    "FirstContactFailed",
    "Listener",
    "ServiceUnreachable",
    "SessionExpired",
    "UntrustedService",
    "UploadProgress",
    "local_failure",
]

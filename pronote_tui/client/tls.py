"""TLS for the two listeners: verify the service against the CA pinned at first contact, and
show the API listener this workstation's certificate (mutual TLS).

Also reads what a TLS failure means: the service is not the one pinned (:class:`UntrustedService`),
or it refused our certificate (an :class:`ApiFailure` whose way out is a new certificate).
Imports :mod:`pronote_tui.certificates`, :mod:`pronote_tui.config` and :mod:`.errors` only.
"""

from __future__ import annotations

import ssl
from typing import Literal

from pronote_api.errors import ErrorCode
from pronote_tui.certificates import CertificateProblem, InstalledCertificate, check_certificate
from pronote_tui.client.errors import ApiFailure, ConsoleError, UntrustedService, local_failure
from pronote_tui.config import Profile

Listener = Literal["enrol", "api"]
"""``enrol``: server-authenticated TLS (``profile.server_url``); ``api``: mutual TLS
(``profile.api_url``, learned from ``/v1/info``)."""

# TLS alerts a server sends when it refuses the client certificate.
CERT_REFUSED_MARKERS = (
    "CERTIFICATE_REQUIRED",
    "CERTIFICATE_UNKNOWN",
    "BAD_CERTIFICATE",
    "UNKNOWN_CA",
    "CERTIFICATE_EXPIRED",
    "CERTIFICATE_REVOKED",
    "ACCESS_DENIED",
)


def certificate_status(
    profile: Profile, hosting_number: str | None = None
) -> InstalledCertificate | CertificateProblem:
    """The stored certificate, or its problem (local files only)."""
    return check_certificate(
        profile.key_path,
        profile.cert_path,
        hosting_number=hosting_number,
        ca_path=profile.ca_path if profile.ca_pinned else None,
    )


def certificate_required(problem: CertificateProblem) -> ApiFailure:
    """The refusal for a call to the API listener that no usable certificate can make."""
    return local_failure(ErrorCode.CERTIFICATE_REQUIRED, problem, params=problem.params)


def ssl_context(profile: Profile, listener: Listener) -> ssl.SSLContext:
    """The context a listener's connections are made with (raises if it cannot be made)."""
    if not profile.ca_pinned:
        raise UntrustedService(profile.server_url, str(profile.directory))
    ctx = ssl.create_default_context(cafile=str(profile.ca_path))
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if listener == "api":
        status = certificate_status(profile)
        if isinstance(status, CertificateProblem):
            raise certificate_required(status)
        try:
            ctx.load_cert_chain(str(profile.cert_path), str(profile.key_path))
        except (ssl.SSLError, OSError):
            raise local_failure(ErrorCode.CERTIFICATE_REQUIRED, "certificate.corrupt") from None
    return ctx


def certificate_rejected() -> ApiFailure:
    return local_failure(ErrorCode.CERTIFICATE_UNKNOWN, "connection.certificate_rejected")


def tls_failure(
    exc: BaseException, profile: Profile, url: str, listener: Listener
) -> ConsoleError | None:
    """What a failed request means when TLS is at its root; None when it is not TLS's doing."""
    err = _ssl_error(exc)
    if err is None:
        return None
    text = f"{getattr(err, 'reason', '')} {err}".upper()
    if isinstance(err, ssl.SSLCertVerificationError):
        return UntrustedService(url, str(profile.directory))
    if listener == "api" and any(marker in text for marker in CERT_REFUSED_MARKERS):
        return certificate_rejected()
    return None


def _ssl_error(exc: BaseException) -> ssl.SSLError | None:
    """The TLS error at the root of an httpx failure, if there is one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return current
        current = current.__cause__ or current.__context__
    return None

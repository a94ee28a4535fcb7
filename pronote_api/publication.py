"""Wire contract of PRONOTE.net (Fiches 8 and 9): the web Espaces, their publication and the
delegation of their login to the ENT.

One model, :class:`PublicationSettings`, holds everything a school chooses about its Espaces:
which are published (the "Publier" boxes of Fiche 8, also the "Espaces" column of the
transfer's step-5 grid of Fiche 5), the inactivity time (Paramètres de sécurité), the CAS
delegation and the per-Espace choice of delegation (Fiche 9). It changes only while the
publication is stopped.

Routes (API listener, session required; see ``docs/api.md``):

* ``GET  /v1/publication`` -> :class:`PublicationState` (ETag/304 like the other live reads)
* ``POST /v1/publication/publish`` -> ``PublicationState`` ("Publier la base"; refused with
  ``no_base_in_service`` when no base is in service; history)
* ``POST /v1/publication/stop`` -> ``PublicationState`` ("Arrêter la publication"; history)
* ``PUT  /v1/publication/settings`` (:class:`PublicationSettings`) -> ``PublicationState``
  (refused with ``publication_running`` while published; history)
* ``GET  /v1/publication/ents`` -> :class:`KnownEnts` (the known ENTs' CAS servers)

The Espaces themselves are served by the web listener (``pronote-server serve --web-port``) at
``https://<uai in lower case>.<domain>/pronote/<page>`` and, for a single-host setup,
``/<uai>/pronote/<page>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EspaceKind(StrEnum):
    """A row of the table of addresses (catalogue ``espace.<value>``), in the guide's order."""

    COMMON = "commune"  # Page commune: /pronote/ and /pronote/mobile.html
    SCHOOL = "etablissement"  # Page Établissement, the school's public page
    DIRECTION = "direction"
    TEACHER = "professeur"
    SCHOOL_LIFE = "viescolaire"
    PARENT = "parent"
    COMPANION = "accompagnant"
    STUDENT = "eleve"
    COMPANY = "entreprise"
    ACADEMY = "academie"
    ENROLMENT = "inscription"


@dataclass(frozen=True)
class EspacePage:
    """Where an Espace is served, relative to ``/pronote/``; ``mobile`` is None when it has no
    mobile page."""

    kind: EspaceKind
    page: str
    mobile: str | None
    # Espaces a person logs into (the common page and the school's page are public).
    has_login: bool


ESPACE_PAGES: tuple[EspacePage, ...] = (
    EspacePage(EspaceKind.COMMON, "", "mobile.html", False),
    EspacePage(EspaceKind.SCHOOL, "etablissement.html", None, False),
    EspacePage(EspaceKind.DIRECTION, "direction.html", "mobile.direction.html", True),
    EspacePage(EspaceKind.TEACHER, "professeur.html", "mobile.professeur.html", True),
    EspacePage(EspaceKind.SCHOOL_LIFE, "viescolaire.html", "mobile.viescolaire.html", True),
    EspacePage(EspaceKind.PARENT, "parent.html", "mobile.parent.html", True),
    EspacePage(EspaceKind.COMPANION, "accompagnant.html", "mobile.accompagnant.html", True),
    EspacePage(EspaceKind.STUDENT, "eleve.html", "mobile.eleve.html", True),
    EspacePage(EspaceKind.COMPANY, "entreprise.html", None, True),
    EspacePage(EspaceKind.ACADEMY, "academie.html", None, True),
    EspacePage(EspaceKind.ENROLMENT, "inscription.html", None, True),
)
PAGE_OF: dict[EspaceKind, EspacePage] = {page.kind: page for page in ESPACE_PAGES}

# The guide's defaults (Fiche 8's screenshot): everything published but the school's page and
# Inscription.
DEFAULT_PUBLISHED: frozenset[EspaceKind] = frozenset(EspaceKind) - {
    EspaceKind.SCHOOL,
    EspaceKind.ENROLMENT,
}

# The rows of the delegation matrix ("Choix de la délégation en fonction de l'espace").
DELEGABLE: tuple[EspaceKind, ...] = (
    EspaceKind.COMMON,
    EspaceKind.DIRECTION,
    EspaceKind.TEACHER,
    EspaceKind.SCHOOL_LIFE,
    EspaceKind.PARENT,
    EspaceKind.COMPANION,
    EspaceKind.STUDENT,
    EspaceKind.COMPANY,
    EspaceKind.ACADEMY,
)


class DelegationProtocol(StrEnum):
    """A column of the delegation matrix (catalogue ``delegation.<value>``)."""

    CAS = "cas"
    WS_FEDERATION = "ws_federation"
    SAML2 = "saml2"
    EDUCONNECT = "educonnect"
    NONE = "none"  # Aucune: the Espace's own login


# What this service can do; the other columns are shown as not available yet and refused.
AVAILABLE_PROTOCOLS: frozenset[DelegationProtocol] = frozenset(
    {DelegationProtocol.CAS, DelegationProtocol.NONE}
)


class CasMatching(StrEnum):
    """How a CAS user is matched to a user of the base (catalogue ``cas_matching.<value>``)."""

    IDENTITY = "identity"  # identity attributes (last name, first name, birth date ...)
    PRONOTE_ID = "pronote_id"  # an attribute that carries the PRONOTE identifier
    DOUBLE_AUTH = "double_auth"  # the user types their PRONOTE login once; the link is kept


INACTIVITY_MIN_MINUTES = 5
INACTIVITY_MAX_MINUTES = 240
INACTIVITY_DEFAULT_MINUTES = 20
DELEGATION_NAME_MAX = 80
URL_MAX = 2000


def check_cas_url(value: str, *, allow_loopback_http: bool = True) -> str:
    """A CAS address as the service will use it: absolute ``https://`` (plain ``http://`` only
    for 127.0.0.1/localhost, for tests and the demo), a host, no credentials, no fragment.
    Raises ``ValueError`` naming what is wrong (the message is a catalogue key)."""
    value = value.strip()
    if not value or len(value) > URL_MAX:
        raise ValueError("cas_url.length")
    if any(ord(c) < 0x21 or c == "\x7f" for c in value):
        raise ValueError("cas_url.characters")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ValueError("cas_url.malformed") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError("cas_url.malformed")
    loopback = host in ("127.0.0.1", "localhost", "::1")
    if parts.scheme == "http" and not (allow_loopback_http and loopback):
        raise ValueError("cas_url.not_https")
    if parts.username is not None or parts.password is not None:
        raise ValueError("cas_url.credentials")
    if parts.fragment:
        raise ValueError("cas_url.fragment")
    if port == 0:
        raise ValueError("cas_url.malformed")
    return value


class CasDelegation(_Model):
    """ "Protocole Cas": one delegation, chosen from the known ENTs or configured by hand."""

    name: str = Field(min_length=1, max_length=DELEGATION_NAME_MAX)
    ent_id: str | None = Field(
        default=None, description="the known ENT it was chosen from; None: Configuration manuelle"
    )
    server_url: str | None = Field(
        default=None,
        description="the CAS base URL: /login, /p3/serviceValidate and /logout are appended",
    )
    separate_links: bool = Field(
        default=False,
        description="Les adresses d'authentification et de validation sont différentes",
    )
    login_url: str | None = Field(default=None, description="Lien d'authentification")
    validate_url: str | None = Field(default=None, description="Lien de validation")
    matching: CasMatching = CasMatching.DOUBLE_AUTH
    attribute: str | None = Field(
        default=None,
        max_length=64,
        description="the CAS attribute read for IDENTITY or PRONOTE_ID matching",
    )

    @field_validator("server_url", "login_url", "validate_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else check_cas_url(value)

    @model_validator(mode="after")
    def _links(self) -> CasDelegation:
        if self.separate_links:
            if self.login_url is None or self.validate_url is None:
                raise ValueError("cas_url.links_missing")
        elif self.server_url is None:
            raise ValueError("cas_url.missing")
        if self.matching is not CasMatching.DOUBLE_AUTH and not self.attribute:
            raise ValueError("cas_matching.attribute_missing")
        return self


class PublicationSettings(_Model):
    """Everything a school chooses about its Espaces; edited only while not published."""

    published_espaces: list[EspaceKind] = Field(
        default_factory=lambda: [k for k in EspaceKind if k in DEFAULT_PUBLISHED],
        description="the ticked Publier boxes",
    )
    inactivity_minutes: int = Field(
        default=INACTIVITY_DEFAULT_MINUTES, ge=INACTIVITY_MIN_MINUTES, le=INACTIVITY_MAX_MINUTES
    )
    direct_login_allowed: bool = Field(
        default=True, description="Autoriser l'authentification directe par PRONOTE.net"
    )
    cas: CasDelegation | None = None
    delegation_active: bool = False
    espace_delegation: dict[EspaceKind, DelegationProtocol] = Field(
        default_factory=dict,
        description="the matrix; an Espace not named here is NONE",
    )

    @model_validator(mode="after")
    def _coherent(self) -> PublicationSettings:
        if len(set(self.published_espaces)) != len(self.published_espaces):
            raise ValueError("publication.duplicate_espace")
        for kind, protocol in self.espace_delegation.items():
            if kind not in DELEGABLE:
                raise ValueError("delegation.not_delegable")
            if protocol not in AVAILABLE_PROTOCOLS:
                raise ValueError("delegation.not_available")
            if protocol is DelegationProtocol.CAS and self.cas is None:
                raise ValueError("delegation.cas_missing")
        if self.delegation_active and self.cas is None:
            raise ValueError("delegation.cas_missing")
        return self

    def delegation_of(self, kind: EspaceKind) -> DelegationProtocol:
        if not self.delegation_active:
            return DelegationProtocol.NONE
        return self.espace_delegation.get(kind, DelegationProtocol.NONE)


class EspaceAddress(_Model):
    """A row of "Adresses de connexion des internautes"."""

    espace: EspaceKind
    publish: bool = Field(description="its Publier box")
    page: str = Field(description="its address")
    mobile: str | None = None
    delegation: DelegationProtocol = DelegationProtocol.NONE


class PublicationState(_Model):
    published: bool = Field(description="Base publiée")
    base_name: str | None = Field(description="the base in service, the one published")
    server_running: bool
    web_served: bool = Field(description="a web listener runs on this service")
    common_page: str = Field(description="the address to give the ENT")
    direct_login_page: str = Field(description=".../pronote/?login=true")
    addresses: list[EspaceAddress]
    settings: PublicationSettings
    version: int = Field(description="changes with every change of publication or settings")


class KnownEnt(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    name: str = Field(min_length=1, max_length=DELEGATION_NAME_MAX)
    region: str = Field(default="", max_length=80)
    server_url: str

    @field_validator("server_url")
    @classmethod
    def _url(cls, value: str) -> str:
        return check_cas_url(value, allow_loopback_http=False)


class KnownEnts(_Model):
    ents: list[KnownEnt]


def common_page(uai: str, domain: str, port: int | None = None, *, scheme: str = "https") -> str:
    """The Page commune of a school, the address given to the ENT (``scheme`` "http" only for a
    web listener on 127.0.0.1: tests and the demo)."""
    default = 443 if scheme == "https" else 80
    shown = f"{uai.lower()}.{domain}" + (f":{port}" if port not in (None, default) else "")
    return f"{scheme}://{shown}/pronote/"

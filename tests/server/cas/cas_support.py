"""What the CAS delegation tests share: the school's addresses, the ENT's accounts, the
delegation an Espace would hold."""

from __future__ import annotations

from cas_server import CasAccount

from pronote_api.publication import CasDelegation, CasMatching

SCHOOL = "https://0750655e.pronote.test"
SERVICE = f"{SCHOOL}/pronote/eleve.html"
"""The Espace élèves' address: the ``service`` of the round trip."""
OTHER_SERVICE = f"{SCHOOL}/pronote/parent.html"
PASSWORD = "Ent-Passw0rd-2026"

ACCOUNTS = (
    CasAccount(
        "lea.martin",
        PASSWORD,
        first_name="Léa",
        last_name="Martin",
        email="lea.martin@ent.example.org",
        groups=("eleve", "2nde A"),
        extra={"pronoteLogin": ["LMARTIN"]},
    ),
    CasAccount(
        "jerome.lefevre",
        PASSWORD,
        first_name="Jérôme",
        last_name="Lefèvre-Dubois",
        groups=("parent",),
    ),
    CasAccount("nina.roux", PASSWORD, first_name="Nina", last_name="Roux", groups=("eleve",)),
)


def delegation_for(
    server_url: str, matching: CasMatching = CasMatching.DOUBLE_AUTH, attribute: str | None = None
) -> CasDelegation:
    return CasDelegation(
        name="ENT de test", server_url=server_url, matching=matching, attribute=attribute
    )

"""Which user of the base a CAS identity is: by identity attributes, by a PRONOTE-login
attribute, or by the link "double authentification" keeps (table ``cas_links``, per school and
per ENT). The identities come from the real CAS server wherever the case allows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from alembic import command
from cas_server import CasServer
from cas_support import SERVICE, delegation_for
from sqlalchemy import Engine, inspect, select, text

from pronote_api.publication import CasDelegation, CasMatching
from pronote_server.espaces import cas, cas_links
from pronote_server.espaces.cas import CasIdentity, CasRefused, EspaceUser
from pronote_server.security import accounts
from pronote_server.security.accounts import NewAccount
from pronote_server.security.vault import Vault
from pronote_server.store.clock import Clock
from pronote_server.store.database import alembic_config, make_engine, migrate, session_factory
from pronote_server.store.outbox import Outbox

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

USERS = (
    EspaceUser("LMARTIN", "MARTIN", "Léa", "student"),
    EspaceUser("JLEFEVRE", "LEFEVRE DUBOIS", "Jerome", "guardian"),
    EspaceUser("NROUX", "Roux", "Nina", "student"),
)


async def _identity(server: CasServer, username: str) -> CasIdentity:
    ticket = await server.login(SERVICE, username)
    async with httpx.AsyncClient() as client:
        return await cas.validate(delegation_for(server.base_url), SERVICE, ticket, client=client)


def _refusal(
    identity: CasIdentity, delegation: CasDelegation, users: tuple[EspaceUser, ...]
) -> CasRefused:
    with pytest.raises(CasRefused) as refused:
        cas.match(identity, delegation, users)
    return refused.value


# --- identity and PRONOTE login -------------------------------------------------------------------


async def test_identity_attributes_match_names_without_accents_case_or_hyphens(
    real_cas: CasServer,
) -> None:
    identity = await _identity(real_cas, "jerome.lefevre")  # Lefèvre-Dubois Jérôme
    by_names = delegation_for(real_cas.base_url, CasMatching.IDENTITY, "sn,givenName")
    assert cas.match(identity, by_names, USERS) == USERS[1]
    # The same person with the names the other way round is nobody.
    swapped = delegation_for(real_cas.base_url, CasMatching.IDENTITY, "givenName,sn")
    assert _refusal(identity, swapped, USERS).reason == "cas.refused.unknown_user"


def test_one_identity_attribute_holds_the_full_name_in_either_order() -> None:
    delegation = delegation_for("https://cas.example.org/", CasMatching.IDENTITY, "displayName")
    for full in ("Lefèvre-Dubois Jérôme", "JÉRÔME LEFÈVRE DUBOIS"):
        identity = CasIdentity("jl", {"displayName": (full,)})
        assert cas.match(identity, delegation, USERS) == USERS[1]


async def test_a_pronote_login_attribute_matches_the_login_without_case(
    real_cas: CasServer,
) -> None:
    identity = await _identity(real_cas, "lea.martin")  # pronoteLogin: LMARTIN
    delegation = delegation_for(real_cas.base_url, CasMatching.PRONOTE_ID, "pronoteLogin")
    lower = (EspaceUser("lmartin", "Martin", "Léa", "student"), USERS[2])
    assert cas.match(identity, delegation, lower) == lower[0]


async def test_a_missing_attribute_is_named_to_the_person(real_cas: CasServer) -> None:
    identity = await _identity(real_cas, "nina.roux")  # released without pronoteLogin
    delegation = delegation_for(real_cas.base_url, CasMatching.PRONOTE_ID, "pronoteLogin")
    refused = _refusal(identity, delegation, USERS)
    assert refused.reason == "cas.refused.attribute_missing"
    assert refused.message("fr") == (
        "L'ENT n'a pas transmis l'attribut « pronoteLogin » qui permet de vous reconnaître : "
        "prévenez l'établissement."
    )


async def test_a_cas_user_who_is_nobody_in_the_base_is_refused(real_cas: CasServer) -> None:
    identity = await _identity(real_cas, "lea.martin")
    delegation = delegation_for(real_cas.base_url, CasMatching.IDENTITY, "sn,givenName")
    refused = _refusal(identity, delegation, USERS[1:])
    assert refused.reason == "cas.refused.unknown_user"
    assert "aucun utilisateur" in refused.message("fr")
    by_login = delegation_for(real_cas.base_url, CasMatching.PRONOTE_ID, "pronoteLogin")
    assert _refusal(identity, by_login, USERS[1:]).reason == "cas.refused.unknown_user"


def test_two_people_of_the_same_name_are_not_guessed_between() -> None:
    delegation = delegation_for("https://cas.example.org/", CasMatching.IDENTITY, "sn,givenName")
    twins = (*USERS, EspaceUser("NROUX2", "ROUX", "Nina", "student"))
    identity = CasIdentity("nr", {"sn": ("Roux",), "givenName": ("Nina",)})
    assert _refusal(identity, delegation, twins).reason == "cas.refused.ambiguous_user"
    assert cas.match(identity, delegation, USERS) == USERS[2]


def test_matching_keeps_to_the_users_it_is_given() -> None:
    """The web side passes the users who may log into the Espace: a parent's Espace does not
    find a student of the same name."""
    delegation = delegation_for("https://cas.example.org/", CasMatching.PRONOTE_ID, "login")
    identity = CasIdentity("x", {"login": ("NROUX",)})
    guardians = tuple(u for u in USERS if u.kind == "guardian")
    assert _refusal(identity, delegation, guardians).reason == "cas.refused.unknown_user"


def test_double_authentication_without_a_link_asks_the_person() -> None:
    delegation = delegation_for("https://cas.example.org/")
    identity = CasIdentity("nina.roux")
    assert cas.match(identity, delegation, USERS) is None
    assert cas.match(identity, delegation, USERS, linked_login="nroux") == USERS[2]
    # A link to a login the base no longer has names nobody: ask again.
    assert cas.match(identity, delegation, USERS, linked_login="GONE") is None


# --- the links kept (a real store, SQLite and PostgreSQL) ----------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        url = request.getfixturevalue("postgresql_url")
        fresh = make_engine(url)
        with fresh.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        fresh.dispose()
    engine = make_engine(url)
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def _schools(engine: Engine, tmp_path: Path) -> tuple[int, int]:
    outbox = Outbox(tmp_path / "outbox", sender="h@example.org", lang="fr", clock=Clock())
    vault = Vault.create(tmp_path / "keys" / "invoice.key")
    ids = []
    with session_factory(engine)() as db:
        for uai, name in (("0750655E", "Lycée Charlemagne"), ("0693446W", "Lycée du Parc")):
            spec = NewAccount(
                uai=uai,
                school_name=name,
                manager_name="Lina Moreau",
                manager_email="lina@example.org",
                manager_phone="0612345678",
                licence_expires_on=date(2027, 8, 31),
            ).validated()
            account, _ = accounts.create(db, spec, vault=vault, outbox=outbox, now=NOW)
            ids.append(account.id)
        db.commit()
    return ids[0], ids[1]


async def test_double_authentication_keeps_the_link_and_reuses_it(
    real_cas: CasServer, engine: Engine, tmp_path: Path
) -> None:
    school, other_school = _schools(engine, tmp_path)
    delegation = delegation_for(real_cas.base_url)
    factory = session_factory(engine)

    # First visit from the ENT: no link, the Espace asks the person's PRONOTE login once.
    first = await _identity(real_cas, "nina.roux")
    with factory() as db:
        linked = cas_links.find_link(db, school, delegation, first.user, now=NOW)
        assert cas.match(first, delegation, USERS, linked_login=linked) is None
        # ... the person typed NROUX and its password, which the Espace checked: link them.
        cas_links.keep_link(db, school, delegation, first.user, "NROUX", now=NOW)
        db.commit()

    # Next visit, a new ticket: the link is found, nobody is asked anything.
    later = NOW + timedelta(days=3)
    again = await _identity(real_cas, "nina.roux")
    with factory() as db:
        linked = cas_links.find_link(db, school, delegation, again.user, now=later)
        assert cas.match(again, delegation, USERS, linked_login=linked) == USERS[2]
        db.commit()
    with engine.connect() as connection:
        row = connection.execute(select(cas_links.cas_links)).one()
    assert row.cas_user == "nina.roux" and row.login == "NROUX"
    assert row.cas_server == real_cas.base_url + "p3/serviceValidate"
    assert row.linked_at == NOW and row.last_used_at == later

    with factory() as db:
        # Another school's Espace never sees this school's link ...
        assert cas_links.find_link(db, other_school, delegation, "nina.roux", now=later) is None
        # ... nor does another ENT with a user of the same name.
        elsewhere = delegation_for("https://cas.other-ent.example.org/")
        assert cas_links.find_link(db, school, elsewhere, "nina.roux", now=later) is None
        # A new answer replaces the link (the base's logins changed): still one link.
        cas_links.keep_link(db, school, delegation, "nina.roux", "LMARTIN", now=later)
        assert cas_links.find_link(db, school, delegation, "nina.roux", now=later) == "LMARTIN"
        assert cas_links.count_links(db, school) == 1
        assert cas_links.count_links(db, other_school) == 0
        assert cas_links.forget_link(db, school, delegation, "nina.roux")
        assert not cas_links.forget_link(db, school, delegation, "nina.roux")
        db.commit()


def test_a_link_out_of_bounds_is_refused(engine: Engine, tmp_path: Path) -> None:
    school, _ = _schools(engine, tmp_path)
    delegation = delegation_for("https://cas.example.org/")
    with session_factory(engine)() as db:
        for user, login in (("", "NROUX"), ("u" * 257, "NROUX"), ("nina", ""), ("nina", "L" * 65)):
            with pytest.raises(ValueError):
                cas_links.keep_link(db, school, delegation, user, login, now=NOW)
        assert cas_links.count_links(db, school) == 0


def test_the_links_table_comes_and_goes_with_its_migration(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    assert "cas_links" not in inspect(engine).get_table_names()
    migrate(engine)
    assert "cas_links" in inspect(engine).get_table_names()

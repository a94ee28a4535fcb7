"""The publication of the Espaces (Fiche 8) and its settings (Fiche 9), through the real service:
``/v1/publication`` as the console's PRONOTE.net panel uses it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from bases_support import create_base, history_actions, manager_client, start
from live_service import AccountSecrets, LiveService

from pronote_api.publication import ESPACE_PAGES, KnownEnts
from pronote_server.espaces import ents
from pronote_server.store.config import DataDir, ServiceConfig

CAS = {"name": "ENT de test", "server_url": "https://cas.example.org/cas/"}


@pytest.fixture
def school(service: LiveService, tmp_path: Path) -> Iterator[tuple[AccountSecrets, httpx.Client]]:
    """A school whose base is in service, not yet published."""
    with manager_client(service, tmp_path) as (secrets, console):
        create_base(console)
        start(console)
        yield secrets, console


def state(console: httpx.Client) -> dict[str, Any]:
    response = console.get("/v1/publication")
    assert response.status_code == 200, response.text
    return dict(response.json())


def publication_lines(console: httpx.Client) -> list[dict[str, Any]]:
    return [e for e in history_actions(console) if e["action"].startswith("publication.")]


def test_a_new_school_is_not_published_and_has_the_guide_s_defaults(
    service: LiveService, tmp_path: Path
) -> None:
    with manager_client(service, tmp_path) as (secrets, console):
        response = console.get("/v1/publication")
        assert response.status_code == 200
        body = response.json()
        assert body["published"] is False
        assert body["base_name"] is None
        assert body["server_running"] is False
        assert body["web_served"] is False  # this service runs no web listener
        assert body["version"] == 0
        common = f"https://{secrets.uai.lower()}.localhost/pronote/"
        assert body["common_page"] == common
        assert body["direct_login_page"] == common + "?login=true"
        rows = {row["espace"]: row for row in body["addresses"]}
        assert [row["espace"] for row in body["addresses"]] == [p.kind for p in ESPACE_PAGES]
        assert rows["parent"]["page"] == common + "parent.html"
        assert rows["parent"]["mobile"] == common + "mobile.parent.html"
        assert rows["entreprise"]["mobile"] is None
        # Fiche 8's screenshot: everything ticked but the school's page and Inscription.
        assert {k for k, row in rows.items() if not row["publish"]} == {
            "etablissement",
            "inscription",
        }
        assert body["settings"]["inactivity_minutes"] == 20
        assert body["settings"]["direct_login_allowed"] is True
        # The same answer again costs a 304.
        again = console.get("/v1/publication", headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304


def test_publishing_needs_a_base_in_service(service: LiveService, tmp_path: Path) -> None:
    with manager_client(service, tmp_path) as (_, console):
        create_base(console)  # a current base, but the server is stopped
        response = console.post("/v1/publication/publish")
        assert response.status_code == 409
        error = response.json()
        assert error["code"] == "no_base_in_service"
        assert "Aucune base en service" in error["message_fr"]
        assert state(console)["published"] is False
        [line] = publication_lines(console)
        assert line["action"] == "publication.publish"
        assert line["outcome"] == "failure"
        assert line["detail"]["code"] == "no_base_in_service"


def test_publish_then_stop(school: tuple[AccountSecrets, httpx.Client]) -> None:
    _, console = school
    response = console.post("/v1/publication/publish")
    assert response.status_code == 200, response.text
    published = response.json()
    assert published["published"] is True
    assert published["server_running"] is True
    assert published["base_name"]
    assert published["version"] == 1
    assert state(console) == published

    again = console.post("/v1/publication/publish")
    assert again.status_code == 409
    assert again.json()["params"]["reason"] == "publication.problem.already_published"

    stopped = console.post("/v1/publication/stop")
    assert stopped.status_code == 200
    assert stopped.json()["published"] is False
    assert stopped.json()["version"] == 2

    lines = publication_lines(console)  # newest first
    assert [(e["action"], e["outcome"]) for e in lines] == [
        ("publication.stop", "success"),
        ("publication.publish", "failure"),
        ("publication.publish", "success"),
    ]
    assert "parent" in str(lines[2]["detail"]["espaces"])


def test_settings_are_refused_while_published_and_nothing_changes(
    school: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, console = school
    assert console.post("/v1/publication/publish").status_code == 200
    before = state(console)
    response = console.put("/v1/publication/settings", json={"inactivity_minutes": 45})
    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "publication_running"
    assert "arrêtez la publication" in error["message_fr"]
    assert "stop the publication" in error["message_en"]
    assert state(console) == before
    line = publication_lines(console)[0]
    assert (line["action"], line["outcome"]) == ("publication.settings", "failure")
    assert line["detail"]["code"] == "publication_running"


def test_settings_saved_while_stopped_show_in_the_addresses(
    school: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, console = school
    settings = {
        "published_espaces": ["eleve", "commune", "parent"],  # any order: kept in the guide's
        "inactivity_minutes": 45,
        "direct_login_allowed": False,
        "cas": CAS,
        "delegation_active": True,
        "espace_delegation": {"parent": "cas", "eleve": "cas"},
    }
    response = console.put("/v1/publication/settings", json=settings)
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["settings"]["published_espaces"] == ["commune", "parent", "eleve"]
    assert saved["settings"]["inactivity_minutes"] == 45
    assert saved["settings"]["cas"]["server_url"] == CAS["server_url"]
    assert saved["version"] == 1
    rows = {row["espace"]: row for row in saved["addresses"]}
    assert rows["parent"]["delegation"] == "cas"
    assert rows["professeur"]["delegation"] == "none"
    assert rows["professeur"]["publish"] is False
    assert state(console) == saved
    line = publication_lines(console)[0]
    assert (line["action"], line["outcome"]) == ("publication.settings", "success")
    assert line["detail"]["fields"] == (
        "cas,delegation_active,direct_login_allowed,espace_delegation,inactivity_minutes,"
        "published_espaces"
    )
    assert "cas.example.org" not in json.dumps(line)  # names of fields, never values

    # The same settings again change nothing: the version stays.
    assert console.put("/v1/publication/settings", json=settings).json()["version"] == 1


@pytest.mark.parametrize(
    ("settings", "reason", "french"),
    [
        (
            {
                "cas": {"name": "ENT", "server_url": "http://cas.example.org/"},
                "delegation_active": True,
            },
            "cas_url.not_https",
            "doit commencer par https://",
        ),
        (
            {"cas": {"name": "ENT", "server_url": "https://u:p@cas.example.org/"}},
            "cas_url.credentials",
            "ni identifiant ni mot de passe",
        ),
        (
            {"cas": {"name": "ENT", "separate_links": True, "login_url": "https://a.example/"}},
            "cas_url.links_missing",
            "lien de validation",
        ),
        (
            {"cas": CAS, "espace_delegation": {"parent": "saml2"}},
            "delegation.not_available",
            "pas encore disponible",
        ),
        (
            {"espace_delegation": {"parent": "cas"}},
            "delegation.cas_missing",
            "ajoutez d'abord une délégation CAS",
        ),
        (
            {"published_espaces": ["parent", "parent"]},
            "publication.duplicate_espace",
            "coché deux fois",
        ),
    ],
)
def test_invalid_settings_are_refused_with_their_reason_and_nothing_changes(
    school: tuple[AccountSecrets, httpx.Client], settings: dict[str, Any], reason: str, french: str
) -> None:
    _, console = school
    before = state(console)
    response = console.put("/v1/publication/settings", json=settings)
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "validation_error"
    assert error["params"]["reason"] == reason
    assert french in error["message_fr"]
    assert "u:p@" not in response.text and "http://cas" not in response.text
    assert state(console) == before
    assert publication_lines(console) == []


def test_out_of_range_and_unknown_values_are_refused(
    school: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, console = school
    for body, field, french in (
        ({"inactivity_minutes": 2}, "inactivity_minutes", "la valeur doit valoir au moins 5"),
        ({"inactivity_minutes": 10_000}, "inactivity_minutes", "doit valoir au plus 240"),
        ({"published_espaces": ["cantine"]}, "published_espaces.0", "parmi les choix possibles"),
        ({"colour": "blue"}, "colour", "champ inattendu"),
    ):
        response = console.put("/v1/publication/settings", json=body)
        assert response.status_code == 422, body
        error = response.json()
        assert (error["code"], error["field"]) == ("validation_error", field)
        assert french in error["message_fr"], error
    assert state(console)["version"] == 0


def test_one_school_neither_sees_nor_changes_another_s_publication(
    service: LiveService, school: tuple[AccountSecrets, httpx.Client], tmp_path: Path
) -> None:
    secrets_a, console_a = school
    assert console_a.post("/v1/publication/publish").status_code == 200
    with manager_client(service, tmp_path / "b") as (secrets_b, console_b):
        seen = state(console_b)
        assert seen["published"] is False
        assert secrets_b.uai.lower() in seen["common_page"]
        assert secrets_a.uai.lower() not in json.dumps(seen)
        # B's actions act on B only.
        assert console_b.post("/v1/publication/stop").status_code == 409
        assert (
            console_b.put("/v1/publication/settings", json={"inactivity_minutes": 60}).status_code
            == 200
        )
        assert publication_lines(console_b)[0]["action"] == "publication.settings"
    after = state(console_a)
    assert after["published"] is True
    assert after["settings"]["inactivity_minutes"] == 20
    assert [e["action"] for e in publication_lines(console_a)] == ["publication.publish"]


def test_the_known_ents_are_the_regional_cas_servers(
    school: tuple[AccountSecrets, httpx.Client],
) -> None:
    _, console = school
    response = console.get("/v1/publication/ents")
    assert response.status_code == 200
    listed = KnownEnts.model_validate(response.json())
    by_id = {ent.id: ent for ent in listed.ents}
    assert len(by_id) == len(listed.ents) >= 14
    assert by_id["netocentre"].server_url == "https://ent.netocentre.fr/cas/"
    assert by_id["monbureaunumerique"].region == "Grand Est"
    assert all(ent.server_url.startswith("https://") for ent in listed.ents)


def test_a_provider_s_own_file_of_ents_is_used_and_checked(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    own = tmp_path / "ents.json"
    own.write_text(
        json.dumps(
            {
                "ents": [
                    {
                        "id": "mon-ent",
                        "name": "Mon ENT",
                        "server_url": "https://cas.mon-ent.example/",
                    }
                ]
            }
        )
    )
    config = ServiceConfig(db_url="sqlite://", known_ents_file="ents.json")
    assert [ent.id for ent in ents.known_ents(data, config).ents] == ["mon-ent"]
    # Edited on disk: read again, and refused whole when an address is not https.
    own.write_text(
        json.dumps(
            {
                "ents": [
                    {
                        "id": "mon-ent",
                        "name": "Mon ENT",
                        "server_url": "https://cas.mon-ent.example/",
                    },
                    {"id": "autre", "name": "Autre", "server_url": "http://cas.autre.example/"},
                ]
            }
        )
    )
    with pytest.raises(ents.KnownEntsError, match=r"ents\.1\.server_url"):
        ents.known_ents(data, config)
    own.write_text(
        json.dumps({"ents": [{"id": "a", "name": "A", "server_url": "https://a.example/"}] * 2})
    )
    with pytest.raises(ents.KnownEntsError, match="defined twice: a"):
        ents.known_ents(data, config)
    # The shipped list, without a setting of the provider's.
    shipped = ents.known_ents(data, ServiceConfig(db_url="sqlite://"))
    assert "kosmos" in {ent.id for ent in shipped.ents}

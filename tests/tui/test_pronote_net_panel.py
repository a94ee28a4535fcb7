"""PRONOTE.net (Fiches 8 and 9), keyboard only at 80x24, against the real service: publish and
stop (confirmed: people lose their Espaces), the Publier boxes, editing refused while published
with the offer to stop, the inactivity time, the CAS delegation dialog (addresses refused in
words as typed) and the matrix of delegation per Espace (an unavailable protocol refused)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from console_support import SIZE, AsyncAppFactory, focused_id, settle, shown, tab_to, type_text
from publication_support import (
    BASE_NAME,
    open_pronote_net,
    panel,
    school_in_service,
    service_state,
)
from textual.pilot import Pilot
from textual.widgets import Checkbox, TabbedContent
from textual.widgets._tabbed_content import ContentTabs

from pronote_api.catalogue import tr
from pronote_api.publication import (
    CasDelegation,
    DelegationProtocol,
    EspaceKind,
)
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.publication_dialogs import CasDialog, MatrixDialog, MatrixGrid

CAS_URL = "https://cas.example.org/cas/"


def cell(app: Any, kind: EspaceKind, column: str) -> str:
    table = panel(app).table
    return str(table.get_cell(kind.value, column))


async def goto_tab(pilot: Pilot[Any], tab_id: str) -> None:
    """Tab to the tab bar, then Right until ``tab_id`` is shown (keyboard only)."""
    for _ in range(12):
        if isinstance(pilot.app.focused, ContentTabs):
            break
        await pilot.press("tab")
    assert isinstance(pilot.app.focused, ContentTabs)
    tabs = pilot.app.screen.query_one("#pub-tabs", TabbedContent)
    for _ in range(4):
        if tabs.active == tab_id:
            break
        await pilot.press("right")
        await settle(pilot)
    assert tabs.active == tab_id


async def test_publish_then_stop_after_a_confirmation(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        assert shown(app, "#pub-state") == tr("pub.state.not_published", name=BASE_NAME)
        # This service runs no web listener: said plainly, not implied.
        assert shown(app, "#pub-warning") == tr("pub.state.no_web")
        assert focused_id(pilot) == "pub-toggle"
        await pilot.press("enter")  # "Publier la base"
        await settle(pilot)
        assert shown(app, "#pub-state") == tr("pub.state.published", name=BASE_NAME)
        assert shown(app, "#pub-result") == tr("pub.published_now")
        assert (await service_state(app)).published

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert tr("pub.stop_body", name=BASE_NAME) == shown(app, ".dialog-body")
        await pilot.press("n")  # refused: still published
        await settle(pilot)
        assert (await service_state(app)).published
        assert shown(app, "#pub-result") == tr("serveur.cancelled")

        await pilot.press("x")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert shown(app, "#pub-state") == tr("pub.state.not_published", name=BASE_NAME)
        assert not (await service_state(app)).published


async def test_a_publier_box_ticked_with_space_or_enter_is_saved(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        await tab_to(pilot, "pub-table")
        await pilot.press("down")  # Page Établissement, not published by default
        assert cell(app, EspaceKind.SCHOOL, "publish") == "[ ]"
        await pilot.press("space")
        await settle(pilot)
        assert cell(app, EspaceKind.SCHOOL, "publish") == "[X]"
        assert EspaceKind.SCHOOL in (await service_state(app)).settings.published_espaces
        detail = shown(app, "#pub-detail")
        assert "/pronote/etablissement.html" in detail
        assert tr("pub.no_mobile") in detail

        await pilot.press("down", "enter")  # Espace Direction, unticked with Enter
        await settle(pilot)
        assert cell(app, EspaceKind.DIRECTION, "publish") == "[ ]"
        published = (await service_state(app)).settings.published_espaces
        assert EspaceKind.DIRECTION not in published
        assert EspaceKind.SCHOOL in published


async def test_settings_are_read_only_while_published_and_the_panel_offers_to_stop(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        await pilot.press("p")
        await settle(pilot)
        before = (await service_state(app)).settings
        assert shown(app, "#pub-locked-text") == tr("pub.locked")

        await tab_to(pilot, "pub-table")
        await pilot.press("space")  # a Publier box: refused, said
        await settle(pilot)
        assert shown(app, "#pub-result") == tr("pub.locked")
        await pilot.press("plus")  # the CAS delegation: no dialog
        await settle(pilot)
        assert not isinstance(app.screen, CasDialog)
        await pilot.press("enter")  # Enter copies while published
        await settle(pilot)
        assert shown(app, "#pub-result") == tr(
            "pub.copied", address=(await service_state(app)).addresses[0].page
        )
        assert (await service_state(app)).settings == before
        assert app.screen.query_one("#pub-direct", Checkbox).disabled

        await tab_to(pilot, "pub-locked-stop")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert shown(app, ".dialog-body") == tr("pub.stop_to_edit_body", name=BASE_NAME)
        await pilot.press("o")
        await settle(pilot)
        assert not (await service_state(app)).published
        assert not app.screen.query_one("#pub-direct", Checkbox).disabled


async def test_the_inactivity_time_is_checked_against_the_contract_bounds(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        await goto_tab(pilot, "tab-pub-security")
        await tab_to(pilot, "pub-inactivity")
        await pilot.press("ctrl+u", "4", "enter")
        await settle(pilot)
        assert shown(app, "#pub-sec-error") == tr("pub.sec.bad", min=5, max=240)
        assert (await service_state(app)).settings.inactivity_minutes == 20
        await pilot.press("ctrl+u", *"45", "enter")
        await settle(pilot)
        assert shown(app, "#pub-result") == tr("pub.sec.saved", minutes=45)
        assert (await service_state(app)).settings.inactivity_minutes == 45


async def test_the_cas_dialog_refuses_bad_addresses_in_words_then_saves_a_good_one(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, CasDialog)
        assert focused_id(pilot) == "cas-ent"  # "Configuration manuelle" offered first
        await pilot.press("tab")
        await type_text(pilot, "ENT du lycée")
        await pilot.press("tab")
        await type_text(pilot, "pas-une-adresse")
        await settle(pilot)
        field = tr("pub.cas.server")
        malformed = tr("pub.cas.problem.field", field=field, reason=tr("cas_url.malformed"))
        assert malformed in shown(app, "#cas-problems")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CasDialog)  # refused: nothing saved

        await pilot.press("ctrl+u")
        await type_text(pilot, "http://cas.example.org/cas/")
        await settle(pilot)
        not_https = tr("pub.cas.problem.field", field=field, reason=tr("cas_url.not_https"))
        assert shown(app, "#cas-problems") == f"• {not_https}"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CasDialog)
        assert (await service_state(app)).settings.cas is None

        await pilot.press("ctrl+u")
        await type_text(pilot, CAS_URL)
        await settle(pilot)
        assert shown(app, "#cas-problems") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CasDialog)
        cas = (await service_state(app)).settings.cas
        assert cas is not None
        assert (cas.name, cas.server_url, cas.ent_id) == ("ENT du lycée", CAS_URL, None)
        assert shown(app, "#pub-result") == tr("pub.deleg.saved")
        assert tr("pub.deleg.cas", name="ENT du lycée") in shown(app, "#pub-deleg-cas")


async def test_a_known_ent_fills_the_dialog(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        first = (await app.client.known_ents()).ents[0]
        await pilot.press("plus")
        await settle(pilot)
        await pilot.press("enter", "down", "enter")  # Mon ENT: the first known ENT
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        cas = (await service_state(app)).settings.cas
        assert cas is not None
        assert (cas.name, cas.server_url, cas.ent_id) == (first.name, first.server_url, first.id)


async def test_the_matrix_is_set_with_the_keyboard_and_an_unavailable_protocol_refused(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    settings = (await app.client.publication()).settings
    cas = CasDelegation(name="ENT", server_url=CAS_URL)
    await app.client.save_publication_settings(settings.model_copy(update={"cas": cas}))
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        await goto_tab(pilot, "tab-pub-delegation")
        await tab_to(pilot, "pub-deleg-active")
        await pilot.press("space")  # "Activer la délégation"
        await settle(pilot)
        assert (await service_state(app)).settings.delegation_active

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MatrixDialog)
        grid = app.screen.query_one(MatrixGrid)
        assert "×" in str(grid.render())  # the unavailable columns are marked, not only coloured
        await pilot.press("down", "down")  # Espace Professeurs
        await pilot.press("left", "left", "left", "left", "space")  # CAS
        await pilot.press("right", "enter")  # WS-Federation: refused with its reason
        await settle(pilot)
        reason = tr("pub.matrix.unavailable", protocol="WS-Federation")
        assert shown(app, "#matrix-reason") == reason
        assert grid.choices[EspaceKind.TEACHER] is DelegationProtocol.CAS
        await pilot.press("down", "down", "left", "enter")  # Espace Parents: CAS
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = (await service_state(app)).settings.espace_delegation
        assert saved == {
            EspaceKind.TEACHER: DelegationProtocol.CAS,
            EspaceKind.PARENT: DelegationProtocol.CAS,
        }
        espaces = f"{tr('espace.professeur')}, {tr('espace.parent')}"
        assert shown(app, "#pub-deleg-summary") == tr("pub.deleg.summary", espaces=espaces)
        state = await service_state(app)
        delegation = {a.espace: a.delegation for a in state.addresses}
        assert delegation[EspaceKind.PARENT] is DelegationProtocol.CAS


async def test_a_publication_changed_outside_the_panel_is_shown_at_the_next_poll(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = await school_in_service(service, tmp_path)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_pronote_net(pilot)
        assert shown(app, "#pub-state") == tr("pub.state.not_published", name=BASE_NAME)
        await app.client.publish()  # not through the panel: it learns it by polling
        assert shown(app, "#pub-state") == tr("pub.state.not_published", name=BASE_NAME)
        panel(app)._tick()  # the poll's timer (the tests' interval is long)
        await settle(pilot)
        assert shown(app, "#pub-state") == tr("pub.state.published", name=BASE_NAME)
        assert shown(app, "#pub-locked-text") == tr("pub.locked")
        panel(app)._tick()  # nothing changed since (304): the same state, still shown
        await settle(pilot)
        assert shown(app, "#pub-state") == tr("pub.state.published", name=BASE_NAME)

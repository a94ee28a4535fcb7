"""The superadministrator dialog, keyboard only: masked password typed twice, the strength
meter and the shared rules' reasons live, the account returned only when nothing refuses it."""

from __future__ import annotations

from console_support import SIZE, focused_id, screen_text, shown, type_text
from dialog_support import DialogHost

from pronote_api.catalogue import tr
from pronote_api.passwords import STRONG_SCORE, password_problems, password_strength
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog, strength_meter

STRONG = "Vx7#qLm2!pR9zT"


async def test_a_robust_password_typed_twice_defines_the_account() -> None:
    host = DialogHost(SuperadminDialog(base_name="Base 2026-2027"))
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_id(pilot) == "superadmin-identifier"
        assert "Première mise en service de « Base 2026-2027 »" in screen_text(host)
        await type_text(pilot, "spr.martin")
        await pilot.press("enter")  # Enter goes to the next field
        assert focused_id(pilot) == "superadmin-password"
        await type_text(pilot, STRONG)
        await pilot.press("enter")
        await type_text(pilot, STRONG)
        await pilot.pause()
        text = screen_text(host)
        assert STRONG not in text  # masked
        assert "Robustesse : ■■■■■ Robuste" in text
        assert shown(host, "#superadmin-problems") == ""
        await pilot.press("enter")
        await pilot.pause()
    assert host.answered and host.result is not None
    assert host.result.identifier == "spr.martin"
    assert host.result.password.get_secret_value() == STRONG
    assert STRONG not in repr(host.result)


async def test_weak_passwords_show_each_reason_as_typed_and_are_refused() -> None:
    host = DialogHost(SuperadminDialog(), lang="en")
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "martin")
        await pilot.press("tab")
        await type_text(pilot, "martin2024")
        await pilot.pause()
        problems = shown(host, "#superadmin-problems")
        for key in password_problems("martin", "martin2024"):
            assert tr(key, "en") in problems
        assert tr("password.problem.contains_identifier", "en") in problems
        # The meter shows exactly the contract's score for what was typed (weak: not robust).
        score = password_strength("martin2024", "martin")
        assert score < STRONG_SCORE
        assert strength_meter(score, "en") in screen_text(host)
        # Ctrl+S refuses: nothing returned, the focus on the password.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not host.answered
        assert focused_id(pilot) == "superadmin-password"
        # A robust password, but the second one differs.
        await pilot.press("end", *["backspace"] * 10)
        await type_text(pilot, STRONG)
        await pilot.press("tab")
        await type_text(pilot, STRONG[:-1])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not host.answered
        assert shown(host, "#superadmin-problems") == "• " + tr("superadmin.problem.mismatch", "en")
        assert focused_id(pilot) == "superadmin-confirm"
        await pilot.press("escape")
        await pilot.pause()
    assert host.result is None


async def test_an_empty_identifier_is_refused() -> None:
    host = DialogHost(SuperadminDialog())
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, STRONG)
        await pilot.press("tab")
        await type_text(pilot, STRONG)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not host.answered
        assert tr("superadmin.problem.identifier", "fr") in shown(host, "#superadmin-problems")
        assert focused_id(pilot) == "superadmin-identifier"


def test_the_meter_tells_the_strength_by_its_marks() -> None:
    assert strength_meter(0, "fr") == "Robustesse : ■□□□□ Très faible"
    assert strength_meter(4, "en") == "Strength: ■■■■■ Strong"

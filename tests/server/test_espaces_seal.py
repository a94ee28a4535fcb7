"""The sealed values of the Espaces' forms (the CAS user waiting for double authentication):
what the browser holds comes back only untouched, in time, to the same browser, school and
purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from pronote_server.espaces import forms

NOW = 1_800_000_000


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "invoice.key"
    path.write_bytes(b"a test invoice key of the service\n")
    return path


def test_a_sealed_value_comes_back_only_as_it_was_sealed(key: Path) -> None:
    browser = forms.new_presession()
    sealed = forms.sign(key, browser, "0750655E", "cas-link:eleve:k1", "jean|dupont é", NOW + 600)
    assert "jean" not in sealed  # not readable at a glance, and cookie-safe
    assert all(c.isalnum() or c in "-_." for c in sealed)
    back = forms.unsign(key, browser, "0750655E", "cas-link:eleve:k1", sealed, NOW)
    assert back == "jean|dupont é"
    # Late, another browser, school or purpose, or a byte changed: nothing.
    assert forms.unsign(key, browser, "0750655E", "cas-link:eleve:k1", sealed, NOW + 601) is None
    other = forms.new_presession()
    assert forms.unsign(key, other, "0750655E", "cas-link:eleve:k1", sealed, NOW) is None
    assert forms.unsign(key, browser, "0750654D", "cas-link:eleve:k1", sealed, NOW) is None
    assert forms.unsign(key, browser, "0750655E", "cas-link:parent:k1", sealed, NOW) is None
    body, _, seal = sealed.partition(".")
    forged = forms.sign(key, browser, "0750655E", "other", "someone.else", NOW + 600)
    swapped = forged.partition(".")[0] + "." + seal
    assert forms.unsign(key, browser, "0750655E", "cas-link:eleve:k1", swapped, NOW) is None
    for broken in ("", "no-dot", body, "." + seal, "x" * 2000, "é." + seal):
        assert forms.unsign(key, browser, "0750655E", "cas-link:eleve:k1", broken, NOW) is None
    assert forms.unsign(key, None, "0750655E", "cas-link:eleve:k1", sealed, NOW) is None

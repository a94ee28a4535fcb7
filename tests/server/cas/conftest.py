"""Fixtures of the CAS delegation tests: one real CAS server (django-cas-server on 127.0.0.1)
for the session, and the delegation an Espace would hold for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cas_server import CasServer, cas_server_missing, start_cas_server
from cas_support import ACCOUNTS, delegation_for

from pronote_api.publication import CasDelegation


@pytest.fixture(scope="session")
def real_cas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CasServer]:
    missing = cas_server_missing()
    if missing:
        pytest.skip(missing)
    server = start_cas_server(
        tmp_path_factory.mktemp("cas"),
        ACCOUNTS,
        [("Espaces de l'établissement", r"^https://0750655e\.pronote\.test/pronote/.*$")],
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def delegation(real_cas: CasServer) -> CasDelegation:
    return delegation_for(real_cas.base_url)

"""Users of a base as the desktop clients see them: their passwords and the modes they may use.

In the product, passwords of a base's users are set from a Client PRONOTE in Mode administratif
(user administration), which this service does not have yet; these functions do it on the base
file for the demo (its swarm of clients) and for tests. The superadministrator's password is set
by :func:`pronote_server.school.base.set_superadmin`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pronote_api.connections import ClientMode
from pronote_server.clients.licences import BaseUser
from pronote_server.school.base import open_base, transaction
from pronote_server.security.passwords import hash_password


def add_user(
    path: Path,
    identifier: str,
    password: str,
    rights: Sequence[str],
    *,
    display_name: str | None = None,
    now: datetime | None = None,
) -> None:
    """An administrator of the base with these rights and this password."""
    with open_base(path) as conn, transaction(conn):
        cur = conn.execute(
            "INSERT INTO users (identifier, display_name, kind, password_hash, created_at) "
            "VALUES (?, ?, 'administrator', ?, ?)",
            (
                identifier,
                display_name or identifier,
                hash_password(password),
                (now or datetime.now(UTC)).isoformat(),
            ),
        )
        conn.executemany(
            "INSERT INTO user_rights (user_id, right_key) VALUES (?, ?)",
            [(cur.lastrowid, right) for right in rights],
        )


def set_passwords(path: Path, passwords: Mapping[str, str]) -> None:
    """Give these users (by identifier) these passwords."""
    with open_base(path) as conn, transaction(conn):
        for identifier, password in passwords.items():
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE identifier = ?",
                (hash_password(password), identifier),
            )


def users_with_modes(path: Path) -> list[tuple[BaseUser, list[ClientMode], bool]]:
    """Every user, the modes their rights allow, and whether only in consultation."""
    found: list[tuple[BaseUser, list[ClientMode], bool]] = []
    with open_base(path) as conn:
        rows = conn.execute("SELECT id, identifier, kind FROM users ORDER BY id").fetchall()
        for user_id, identifier, kind in rows:
            rights = frozenset(
                r[0]
                for r in conn.execute(
                    "SELECT right_key FROM user_rights WHERE user_id = ?", (user_id,)
                )
            )
            user = BaseUser(identifier=identifier, superadmin=kind == "superadmin", rights=rights)
            modes = [m for m in ClientMode if user.allows(m, consultation=False)]
            only_consultation = not modes
            if only_consultation:
                modes = [ClientMode.ADMINISTRATIVE]
            found.append((user, modes, only_consultation))
    return found


def swarm_file(path: Path, uai: str, passwords: Mapping[str, str]) -> dict[str, Any]:
    """The users file of ``pronote-client swarm`` for the users whose passwords are given."""
    return {
        "uai": uai,
        "users": [
            {
                "user": user.identifier,
                "password": passwords[user.identifier],
                "modes": [m.value for m in modes],
                "consultation": only_consultation,
            }
            for user, modes, only_consultation in users_with_modes(path)
            if user.identifier in passwords
        ],
    }

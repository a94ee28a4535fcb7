"""Récupérer les données d'une base PRONOTE (Fiche 6): copy the ticked categories of an archive
(last year's, or one imported) into the base in service.

Rows are matched by natural keys, never by their ids (the two bases numbered them apart): an
INE, an identifier or a code when the table has one; otherwise last and first names (and the
birth date); otherwise a name, a label or a title; otherwise every column. References follow:
a row of last year that points to a student is tied to the same student this year (matched the
same way, whether or not the students are recovered). A row already there is kept as it is; a
row whose reference cannot be tied to this year's base is not copied and counted as unmatched.

Everything is one transaction: a failure leaves the base in service as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pronote_api.snapshots import RecoveryCategory, RecoveryLine, RecoveryReport, RecoveryTree
from pronote_server.errors import Refusal
from pronote_server.school.base import open_base, transaction
from pronote_server.school.categories import CATEGORIES, category

USERS_KEY = "users"
_IDENTITY = ("ine", "identifier", "code", "uai")
_SINGLETONS = frozenset({"school"})


def tree() -> RecoveryTree:
    """Fiche 6's tree, from the registry of :mod:`pronote_server.school.schema`."""
    top: list[RecoveryCategory] = []
    by_key: dict[str, RecoveryCategory] = {}
    for item in CATEGORIES:
        node = RecoveryCategory(key=item.key)
        by_key[item.key] = node
        if item.parent is None:
            top.append(node)
        else:
            by_key[item.parent].children.append(node)
    return RecoveryTree(categories=top)


def expand(keys: Iterable[str]) -> list[str]:
    """Leaf keys for the ticked ones (a parent means all its children), in the guide's order;
    an unknown key is refused."""
    wanted: set[str] = set()
    for key in keys:
        try:
            category(key)
        except KeyError:
            from pronote_api.errors import ErrorCode

            raise Refusal(
                ErrorCode.VALIDATION_ERROR,
                field="categories",
                reason="recovery.problem.category",
                reason_params={"category": key[:40]},
            ) from None
        wanted.add(key)
        wanted.update(c.key for c in CATEGORIES if c.parent == key)
    return [c.key for c in CATEGORIES if c.key in wanted and c.tables]


@dataclass
class _Table:
    name: str
    columns: list[str]
    notnull: set[str]
    pk: list[str]
    fks: dict[str, str] = field(default_factory=dict)  # column -> referenced table

    @property
    def rowid_pk(self) -> bool:
        return self.pk == ["id"]

    def key_columns(self) -> list[str]:
        if self.name in _SINGLETONS:
            return []  # one row per base: the one there is kept
        cols = [c for c in self.columns if c not in self.pk]
        for identity in _IDENTITY:
            if identity in cols:
                return [identity]
        if "last_name" in cols and "first_name" in cols:
            names = ["last_name", "first_name"]
            return [*names, "birth_date"] if "birth_date" in cols else names
        for label in ("name", "label", "title"):
            if label in cols:
                return [label, *[c for c in cols if c in self.fks]]
        return cols if self.rowid_pk else list(self.columns)


def _describe(conn: sqlite3.Connection, schema: str, name: str) -> _Table:
    info = conn.execute(f"PRAGMA {schema}.table_info({name})").fetchall()
    table = _Table(
        name=name,
        columns=[r[1] for r in info],
        notnull={r[1] for r in info if r[3]},
        pk=[r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]],
    )
    for row in conn.execute(f"PRAGMA {schema}.foreign_key_list({name})"):
        table.fks[row[3]] = row[2]
    return table


class _Matcher:
    """Maps last year's ids to this year's, table by table, by natural keys."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.tables: dict[str, _Table] = {}
        self.maps: dict[str, dict[Any, Any]] = {}
        self.current_keys: dict[str, dict[tuple[Any, ...], Any]] = {}

    def table(self, name: str) -> _Table:
        if name not in self.tables:
            self.tables[name] = _describe(self.conn, "main", name)
        return self.tables[name]

    def _key(self, table: _Table, row: dict[str, Any]) -> tuple[Any, ...]:
        return _fold(row.get(c) for c in table.key_columns())

    def existing(self, name: str) -> dict[tuple[Any, ...], Any]:
        if name not in self.current_keys:
            table = self.table(name)
            cols = table.key_columns()
            ident = "id" if table.rowid_pk else "1"
            query = f"SELECT {', '.join([ident, *cols])} FROM main.{name}"  # noqa: S608
            self.current_keys[name] = {_fold(r[1:]): r[0] for r in self.conn.execute(query)}
        return self.current_keys[name]

    def old_rows(self, name: str) -> Iterator[dict[str, Any]]:
        """Last year's rows, streamed (a cursor of their own: inserts go to ``main``)."""
        table = self.table(name)
        query = f"SELECT {', '.join(table.columns)} FROM old.{name}"  # noqa: S608
        for values in self.conn.cursor().execute(query):
            yield dict(zip(table.columns, values, strict=True))

    def map_of(self, name: str) -> dict[Any, Any]:
        """Last year's id -> this year's, for rows that already match (nothing inserted)."""
        if name not in self.maps:
            table = self.table(name)
            mapping: dict[Any, Any] = {}
            if table.rowid_pk:
                here = self.existing(name)
                for row in self.old_rows(name):
                    mapped = self.translate(table, row)
                    if mapped is not None and (new := here.get(self._key(table, mapped))):
                        mapping[row["id"]] = new
            self.maps[name] = mapping
        return self.maps[name]

    def translate(self, table: _Table, row: dict[str, Any]) -> dict[str, Any] | None:
        """The row with its references in this year's ids; None if one cannot be tied."""
        out = dict(row)
        for col, ref in table.fks.items():
            value = row.get(col)
            if value is None:
                continue
            if ref == table.name:  # a self-reference is not followed
                out[col] = None
                continue
            new = self.map_of(ref).get(value)
            if new is None:
                return None
            out[col] = new
        return out


def _fold(values: Iterable[Any]) -> tuple[Any, ...]:
    """A natural key compared without case or surrounding spaces (``Admin`` is ``admin``)."""
    return tuple(v.strip().casefold() if isinstance(v, str) else v for v in values)


def _example(table: _Table, row: dict[str, Any]) -> str:
    cols = table.key_columns()[:3]
    text = " ".join(str(row.get(c)) for c in cols if row.get(c) is not None)
    return f"{table.name}: {text}"[:80]


def _copy(matcher: _Matcher, names: list[str], key: str, skip: str | None = None) -> RecoveryLine:
    line = RecoveryLine(category=key, recovered=0, kept=0, unmatched=0)
    for name in names:
        table = matcher.table(name)
        here = matcher.existing(name)
        mapping = matcher.maps.setdefault(name, {})
        for row in matcher.old_rows(name):
            if skip and row.get("kind") == skip:
                continue
            mapped = matcher.translate(table, row)
            if mapped is None:
                line.unmatched += 1
                if len(line.unmatched_examples) < 5:
                    line.unmatched_examples.append(_example(table, row))
                continue
            natural = matcher._key(table, mapped)
            if natural in here:
                line.kept += 1
                if table.rowid_pk:
                    mapping[row["id"]] = here[natural]
                continue
            cols = [c for c in table.columns if not (table.rowid_pk and c == "id")]
            if name == "school":
                cols = table.columns
            placeholders = ", ".join("?" for _ in cols)
            # OR IGNORE: a row a uniqueness rule says is there already (under another spelling
            # of its key) is kept, as one the natural key found.
            cursor = matcher.conn.execute(
                f"INSERT OR IGNORE INTO main.{name} ({', '.join(cols)}) VALUES ({placeholders})",  # noqa: S608
                [mapped[c] for c in cols],
            )
            if cursor.rowcount == 0:
                line.kept += 1
                continue
            new_id = cursor.lastrowid if table.rowid_pk else 1
            here[natural] = new_id
            if table.rowid_pk:
                mapping[row["id"]] = new_id
            line.recovered += 1
    return line


def recover(
    current: Path, archive_base: Path, keys: list[str], *, users: bool, snapshot_id: str
) -> RecoveryReport:
    """Copy the categories ``keys`` (and the users if asked) from the base at ``archive_base``
    into the base at ``current``, in one transaction; the report of what happened."""
    leaves = expand(keys)
    lines: list[RecoveryLine] = []
    with open_base(current) as conn:
        conn.execute("ATTACH DATABASE ? AS old", (f"{archive_base.resolve().as_uri()}?mode=ro",))
        try:
            matcher = _Matcher(conn)
            with transaction(conn):
                for key in _by_dependency(matcher, leaves):
                    lines.append(_copy(matcher, _ordered(matcher, category(key).tables), key))
                lines.sort(key=lambda line: leaves.index(line.category))
                if users:
                    lines.append(
                        _copy(matcher, ["users", "user_rights"], USERS_KEY, skip="superadmin")
                    )
        finally:
            conn.execute("DETACH DATABASE old")
    return RecoveryReport(snapshot_id=snapshot_id, lines=lines)


def _ordered(matcher: _Matcher, names: Iterable[str]) -> list[str]:
    """Referenced tables first (within a category)."""
    pending = list(names)
    done: list[str] = []
    while pending:
        for name in pending:
            refs = set(matcher.table(name).fks.values()) & set(pending)
            refs.discard(name)
            if not refs:
                done.append(name)
                pending.remove(name)
                break
        else:  # a cycle: keep the given order
            done.extend(pending)
            break
    return done


def _by_dependency(matcher: _Matcher, leaves: list[str]) -> list[str]:
    """The ticked categories, those whose rows others point to first (resources before grades),
    otherwise in the guide's order."""
    owner = {t: key for key in leaves for t in category(key).tables}
    needs = {
        key: {
            owner[ref]
            for t in category(key).tables
            for ref in matcher.table(t).fks.values()
            if ref in owner and owner[ref] != key
        }
        for key in leaves
    }
    ordered: list[str] = []
    while len(ordered) < len(leaves):
        ready = [k for k in leaves if k not in ordered and needs[k] <= set(ordered)]
        if not ready:  # a cycle between categories: the rest in the guide's order
            ordered.extend(k for k in leaves if k not in ordered)
            break
        ordered.append(ready[0])
    return ordered

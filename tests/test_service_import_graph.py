"""The service's import graph keeps its shape: ``web/`` is the only HTTP code, domains import
only downwards, and no two modules import each other, even through imports placed inside
functions (an import under ``if TYPE_CHECKING:`` is for a type hint and does not count).

Written with the standard library's ``ast`` only; the self-tests at the bottom feed the checks a
bad graph to prove they can fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import pronote_server

ROOT = Path(pronote_server.__file__).parent
PACKAGE = "pronote_server"

# The layers, bottom first: a module may import its own layer and the ones below it, never one
# above. A module belongs to the longest prefix that names it (``snapshots.backups``, the backup
# files that the bases' yearly archive writes, sits below ``bases``; the rest of ``snapshots``
# above). The doors (``web``, the commands, the demo, the desktop clients' port) call the
# domains; nothing calls them.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("version", ("pronote_server",)),  # the package itself: __version__ only
    ("errors", ("pronote_server.errors",)),
    ("store", ("pronote_server.store",)),
    ("security", ("pronote_server.security",)),
    ("runtime", ("pronote_server.runtime",)),
    ("school", ("pronote_server.school",)),
    ("jobs", ("pronote_server.jobs",)),
    ("clients", ("pronote_server.clients",)),
    ("backups", ("pronote_server.snapshots.backups",)),
    ("bases", ("pronote_server.bases",)),
    ("snapshots", ("pronote_server.snapshots",)),
    ("espaces", ("pronote_server.espaces",)),
    (
        "doors",
        (
            "pronote_server.web",
            "pronote_server.cli",
            "pronote_server.__main__",
            "pronote_server.demo",
            "pronote_server.initialise",
            "pronote_server.service_log",
            "pronote_server.security.cli",
            "pronote_server.snapshots.cli",
            "pronote_server.snapshots.demo",
            "pronote_server.clients.listener",
        ),
    ),
)

WEB = "pronote_server.web"
WEB_IMPORTERS_ALLOWED = {"pronote_server.cli": "pronote-server serve starts the listeners"}
"""Modules outside ``web/`` that may import it, and why."""


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.importer} imports {self.imported}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def service_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    }


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones too (functions, classes, try ...), but not those under
    ``if TYPE_CHECKING:``."""
    for node in body:
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _statements(node.orelse)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _statements([c for c in children if isinstance(c, ast.stmt)])
                for child in children:
                    if isinstance(child, ast.ExceptHandler | ast.match_case):
                        yield from _statements(child.body)


def imports_of(module: str, path: Path, known: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    file = str(path.relative_to(ROOT.parent)) if path.is_relative_to(ROOT.parent) else str(path)
    for node in _statements(tree.body):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.append(submodule if submodule in known else source)
        for target in targets:
            inside = target == PACKAGE or target.startswith(PACKAGE + ".")
            if inside and target != module:
                found.append(Import(module, target, file, node.lineno))
    return found


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer index)
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            exact_only = prefix == PACKAGE
            named = module == prefix or (not exact_only and module.startswith(prefix + "."))
            if named and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def direction_problems(edges: list[Import]) -> list[str]:
    problems = []
    for edge in edges:
        outside_web = not (edge.importer == WEB or edge.importer.startswith(WEB + "."))
        into_web = edge.imported == WEB or edge.imported.startswith(WEB + ".")
        if into_web and outside_web and edge.importer not in WEB_IMPORTERS_ALLOWED:
            problems.append(f"{edge}: only web/ imports web/")
            continue
        low, high = layer_of(edge.importer), layer_of(edge.imported)
        if low is None or high is None:
            missing = edge.importer if low is None else edge.imported
            problems.append(f"{edge}: {missing} is in no layer of LAYERS")
        elif high > low:
            problems.append(
                f"{edge}: layer {LAYERS[low][0]!r} imports upwards into {LAYERS[high][0]!r}"
            )
    return problems


def cycles(edges: list[Import]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)
        graph.setdefault(edge.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def cycle_problems(edges: list[Import]) -> list[str]:
    problems = []
    for group in cycles(edges):
        inside = [str(e) for e in edges if e.importer in group and e.imported in group]
        problems.append("import cycle: " + "; ".join(inside))
    return problems


def service_imports() -> list[Import]:
    modules = service_modules()
    known = set(modules)
    return [edge for name, path in modules.items() for edge in imports_of(name, path, known)]


# --- the service ---------------------------------------------------------------------------------


def test_the_service_is_read() -> None:
    edges = service_imports()
    assert len(service_modules()) > 50
    assert any(e.importer == "pronote_server.web.app" for e in edges)


def test_domains_import_downwards_and_only_web_imports_web() -> None:
    assert direction_problems(service_imports()) == []


def test_no_import_cycle_between_service_modules() -> None:
    assert cycle_problems(service_imports()) == []


# --- the checks can fail -------------------------------------------------------------------------


def _edge(importer: str, imported: str) -> Import:
    return Import(importer, imported, importer.replace(".", "/") + ".py", 1)


def test_a_domain_importing_web_is_named() -> None:
    problems = direction_problems(
        [_edge("pronote_server.jobs.runner", "pronote_server.web.errors")]
    )
    assert len(problems) == 1
    assert "pronote_server/jobs/runner.py:1" in problems[0] and "only web/" in problems[0]


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("pronote_server.store.tables", "pronote_server.bases.registry"),
        ("pronote_server.store.history", "pronote_server.security.accounts"),
        ("pronote_server.security.accounts", "pronote_server.snapshots.service"),
        ("pronote_server.jobs.runner", "pronote_server.bases.registry"),
        ("pronote_server.bases.registry", "pronote_server.snapshots.service"),
        ("pronote_server.snapshots.backups", "pronote_server.bases.registry"),
        ("pronote_server.clients.sessions", "pronote_server.cli"),
    ],
)
def test_an_upward_import_is_named(importer: str, imported: str) -> None:
    problems = direction_problems([_edge(importer, imported)])
    assert len(problems) == 1 and "upwards" in problems[0] and importer in problems[0]


def test_a_module_in_no_layer_is_named() -> None:
    problems = direction_problems([_edge("pronote_server.newthing", "pronote_server.store.files")])
    assert len(problems) == 1 and "in no layer" in problems[0]


def test_downward_and_door_imports_pass() -> None:
    good = [
        _edge("pronote_server.bases.registry", "pronote_server.store.tables"),
        _edge("pronote_server.web.app", "pronote_server.snapshots.scheduler"),
        _edge("pronote_server.cli", "pronote_server.web.listeners"),
        _edge("pronote_server.bases.registry", "pronote_server.snapshots.backups"),
    ]
    assert direction_problems(good) == []


def test_a_cycle_is_found_even_through_a_third_module() -> None:
    bad = [
        _edge("pronote_server.a", "pronote_server.b"),
        _edge("pronote_server.b", "pronote_server.c"),
        _edge("pronote_server.c", "pronote_server.a"),
        _edge("pronote_server.c", "pronote_server.d"),
    ]
    assert cycles(bad) == [["pronote_server.a", "pronote_server.b", "pronote_server.c"]]
    assert "pronote_server/c.py:1" in cycle_problems(bad)[0]


def test_imports_inside_functions_count_and_type_checking_ones_do_not(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from pronote_server.web import app\n"
        "def f():\n"
        "    try:\n"
        "        from pronote_server.store import tables\n"
        "    except ImportError:\n"
        "        import pronote_server.security.vault\n"
    )
    known = {"pronote_server.store.tables", "pronote_server.security.vault"}
    found = {e.imported for e in imports_of("pronote_server.probe", source, known)}
    assert found == {"pronote_server.store.tables", "pronote_server.security.vault"}

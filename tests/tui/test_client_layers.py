"""The walls of :mod:`pronote_tui.client` and of the modules it stands on, read from the source
with :mod:`ast` (imports inside functions count; those under ``TYPE_CHECKING`` do not)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "pronote_tui" / "client"
FORBIDDEN = ("textual", "pronote_tui.screens", "pronote_tui.widgets", "pronote_tui.app")
FORBIDDEN += ("pronote_server", "pronote_tui.demo", "pronote_tui.cli")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The modules ``path`` imports at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _project_modules(*folders: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            found[_module_name(path)] = path
    return found


@pytest.mark.parametrize("path", sorted(CLIENT.glob("*.py")), ids=lambda p: p.name)
def test_the_client_imports_no_interface(path: Path) -> None:
    reached = [
        name
        for name in _imports(path)
        if any(name == wall or name.startswith(wall + ".") for wall in FORBIDDEN)
    ]
    assert reached == []


@pytest.mark.parametrize("path", sorted(CLIENT.glob("*.py")), ids=lambda p: p.name)
def test_no_client_module_is_over_600_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


def test_no_cycle_among_the_client_and_what_it_stands_on() -> None:
    """The client package, the console's local layer and the desktop-client simulator stand
    one above the other (the package's ``__init__`` only re-exports, and is left out)."""
    modules = _project_modules("pronote_tui/client", "pronote_client")
    for name in ("config", "credentials", "certificates", "host"):
        modules[f"pronote_tui.{name}"] = ROOT / "pronote_tui" / f"{name}.py"
    modules.pop("pronote_tui.client")
    graph = {
        name: {other for other in _imports(path) if other in modules and other != name}
        for name, path in modules.items()
    }
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            pytest.fail("import cycle: " + " -> ".join((*trail[trail.index(name) :], name)))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, (*trail, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())

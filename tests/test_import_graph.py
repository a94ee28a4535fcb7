"""The project's modules stand one above the other: no import cycle, no widget reaching up.

The graph is read from the sources with :mod:`ast` (nothing is imported): every ``import`` and
``from ... import`` of a project module, at module level or inside a function, counts; those under
``if TYPE_CHECKING:`` (type hints only) do not. ``from pkg import name`` points at ``pkg.name``
when that is a module, else at ``pkg``; relative imports are resolved against the importing file.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pronote_api", "pronote_client", "pronote_server", "pronote_tui")

# Widgets are below the screens, the app and the palette: they never import them.
WIDGETS = "pronote_tui.widgets"
ABOVE_WIDGETS = ("pronote_tui.screens", "pronote_tui.app", "pronote_tui.commands")

Graph = dict[str, set[str]]


def module_files(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` of the packages."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _imports(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement, anywhere in the tree, except in ``if TYPE_CHECKING:`` bodies
    (their ``else:`` still counts)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module a ``from`` import names, its relative dots resolved."""
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    if not is_package:
        parts.pop()
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)]
    if node.module:
        parts.append(node.module)
    return ".".join(parts)


def _known(name: str, modules: Mapping[str, Path]) -> str | None:
    """``name`` or its nearest parent that is a project module."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, source: str, modules: Mapping[str, Path]) -> set[str]:
    """The project modules that ``module`` (whose code is ``source``) imports."""
    is_package = modules[module].name == "__init__.py"
    found: set[str] = set()
    for node in _imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = _base(module, is_package, node)
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
            # ``from pkg import name``: the submodule when there is one, else the package.
            targets = [t if t in modules else base for t in targets]
        for target in targets:
            known = _known(target, modules)
            if known is not None and known != module:
                found.add(known)
    return found


def import_graph(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> Graph:
    modules = module_files(root, packages)
    return {
        name: imports_of(name, path.read_text(encoding="utf-8"), modules)
        for name, path in modules.items()
    }


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        # Iterative depth-first search: (node, its successors still to see).
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def widgets_reaching_up(graph: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """(widget module, the screen, app or palette module it imports)."""
    return sorted(
        (module, target)
        for module, targets in graph.items()
        if module == WIDGETS or module.startswith(WIDGETS + ".")
        for target in targets
        if any(target == up or target.startswith(up + ".") for up in ABOVE_WIDGETS)
    )


def _describe(component: list[str], modules: Mapping[str, Path]) -> str:
    return " <-> ".join(str(modules[m].relative_to(ROOT)) for m in component)


# --- the project ------------------------------------------------------------------------------


def test_no_import_cycle() -> None:
    modules = module_files()
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(_describe(c, modules) for c in found)


def test_widgets_do_not_import_screens_app_or_commands() -> None:
    modules = module_files()
    found = widgets_reaching_up(import_graph())
    assert not found, "widgets importing what stands above them:\n" + "\n".join(
        f"{modules[w].relative_to(ROOT)} imports {up}" for w, up in found
    )


# --- the check itself, on a synthetic project -------------------------------------------------


def _write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_check_finds_cycles_and_widgets_reaching_up(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pronote_tui/__init__.py": "",
            # A cycle through an import inside a function, and a relative one.
            "pronote_tui/app.py": "from pronote_tui import commands\n",
            "pronote_tui/commands.py": "def f():\n    from .app import PronoteApp\n",
            "pronote_tui/screens/__init__.py": "",
            "pronote_tui/screens/panel.py": "from pronote_tui.widgets import view\n",
            "pronote_tui/widgets/__init__.py": "",
            # A widget reaching up, in a cycle through ``from pkg import module``.
            "pronote_tui/widgets/view.py": "from ..screens import panel\n",
            # Type hints only: no edge.
            "pronote_tui/widgets/typed.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pronote_tui.app import PronoteApp\n"
            ),
            "pronote_tui/lower.py": "import os\nimport pronote_tui.widgets.typed\n",
        },
    )
    graph = import_graph(tmp_path, ["pronote_tui"])
    assert graph["pronote_tui.widgets.typed"] == set()
    assert graph["pronote_tui.lower"] == {"pronote_tui.widgets.typed"}
    assert graph["pronote_tui.app"] == {"pronote_tui.commands"}
    assert cycles(graph) == [
        ["pronote_tui.app", "pronote_tui.commands"],
        ["pronote_tui.screens.panel", "pronote_tui.widgets.view"],
    ]
    assert widgets_reaching_up(graph) == [("pronote_tui.widgets.view", "pronote_tui.screens.panel")]


def test_the_check_passes_a_clean_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a", "c"}}
    assert cycles(graph) == []
    assert cycles({**graph, "c": {"d"}}) == [["a", "b", "c", "d"]]

"""Starting the console's background requests, one at a time per group."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker


def run_exclusive(
    node: DOMNode, work: Callable[[], Coroutine[Any, Any, Any]], group: str
) -> Worker[Any]:
    """Run ``work`` in a worker of ``group``, cancelling the group's previous one.

    The coroutine function is passed, not a coroutine: a worker cancelled before it started
    would otherwise leave a coroutine never awaited.
    """
    return node.run_worker(work, exclusive=True, group=group)

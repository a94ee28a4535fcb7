"""The ETag cache that makes polling cheap: the last model of each GET, by listener, path and
query, and the service's ``ETag`` for it. A poll sends ``If-None-Match``; a ``304`` answer
returns the model kept here. Imports only pydantic and the standard library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from pronote_tui.client.tls import Listener

Params = Mapping[str, str | int]
Key = tuple["Listener", str]


def query(**values: str | int | None) -> dict[str, str | int]:
    """A request's query parameters: those given (None and "" are left out)."""
    return {name: value for name, value in values.items() if value is not None and value != ""}


class EtagCache:
    def __init__(self) -> None:
        self._entries: dict[Key, tuple[str, BaseModel]] = {}
        self.not_modified = 0
        """How many GETs the service answered 304 (the cached model was returned)."""
        self.not_modified_by_path: Counter[str] = Counter()  # the same, per path

    @staticmethod
    def key(listener: Listener, path: str, params: Params | None = None) -> Key:
        return (
            listener,
            f"{path}?" + "&".join(f"{k}={v}" for k, v in sorted((params or {}).items())),
        )

    def etag(self, key: Key) -> str | None:
        entry = self._entries.get(key)
        return entry[0] if entry else None

    def not_modified_answer(self, key: Key, path: str) -> BaseModel | None:
        """The model kept for ``key`` (counted as a 304), None when nothing is kept."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self.not_modified += 1
        self.not_modified_by_path[path] += 1
        return entry[1]

    def remember(self, key: Key, etag: str | None, model: BaseModel) -> None:
        if etag:
            self._entries[key] = (etag, model)
        else:
            self._entries.pop(key, None)

    def forget(self, listener: Listener, path: str, *, but: Key | None = None) -> None:
        """Forget the answers of ``path`` (whatever their query), except ``but``'s."""
        prefix = path + "?"
        for key in [k for k in self._entries if k[0] == listener and k[1].startswith(prefix)]:
            if key != but:
                del self._entries[key]

    def clear(self) -> None:
        self._entries.clear()

"""The known ENTs offered by "Mon ENT" in the CAS delegation (Fiche 9): a JSON file shipped
with the service (``ents.json`` beside this module, seeded with the regional ENTs' public CAS
addresses), or the provider's own file (``known_ents_file`` in the configuration, same format).

The file is validated as a whole with :class:`~pronote_api.publication.KnownEnts` (each address
``https://``, ids unique): a file that does not pass is refused with the reason, never half read.
It is read again when it changes on disk, so the provider's edits need no restart.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pydantic import ValidationError

from pronote_api.publication import KnownEnts
from pronote_server.store.config import DataDir, ServiceConfig

SHIPPED = Path(__file__).with_name("ents.json")
MAX_BYTES = 1024 * 1024


class KnownEntsError(ValueError):
    """The file of known ENTs cannot be used; the message names the file and why (no value)."""


def ents_file(data: DataDir, config: ServiceConfig) -> Path:
    if config.known_ents_file is None:
        return SHIPPED
    path = Path(config.known_ents_file)
    return path if path.is_absolute() else data.root / path


def read_known_ents(path: Path) -> KnownEnts:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise KnownEntsError(f"{path}: cannot be read ({type(exc).__name__})") from None
    if len(raw) > MAX_BYTES:
        raise KnownEntsError(f"{path}: larger than {MAX_BYTES} bytes")
    try:
        ents = KnownEnts.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise KnownEntsError(f"{path}: {where or 'file'}: {first.get('type')}") from None
    ids = [ent.id for ent in ents.ents]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnownEntsError(f"{path}: ENT ids defined twice: {', '.join(duplicates)}")
    return ents


_cache: dict[Path, tuple[tuple[int, int], KnownEnts]] = {}
_cache_guard = threading.Lock()


def known_ents(data: DataDir, config: ServiceConfig) -> KnownEnts:
    """The list in force: read again when the file changed (size or modification time)."""
    path = ents_file(data, config)
    try:
        info = path.stat()
    except OSError as exc:
        raise KnownEntsError(f"{path}: cannot be read ({type(exc).__name__})") from None
    stamp = (info.st_mtime_ns, info.st_size)
    with _cache_guard:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    ents = read_known_ents(path)
    with _cache_guard:
        _cache[path] = (stamp, ents)
    return ents

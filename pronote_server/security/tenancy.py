"""The walls between schools: the exact form of every identifier that names a school's data, and
the one way to turn identifiers into a path.

Schools are tenants of one service. Anything that comes from outside (a request, an uploaded or
imported file, a manifest, a base's own ``meta`` table) may be hostile, so an identifier is
checked against the form the service itself generates, where it enters, by one function per
kind (the forms are in :mod:`pronote_api.validation`: the manifests' models and
:mod:`pronote_server.school.base`, which reads a base's ``meta``, use them), before anything
uses it.

Every path under a school's folder is built by :func:`inside`: it joins parts that are plain
names (no separator, no ``..``, no NUL, nothing a filesystem could read otherwise) onto the
resolved root, then proves that the result resolves to itself, i.e. that no component on the way
is a symbolic link and nothing leaves the root. What fails is refused (:class:`OutsideTenant`)
and logged, with at most the last digits of a hosting number: it is never a user's mistake, only
an attack or a damaged data directory.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Final

from pronote_api.errors import ErrorCode
from pronote_api.validation import is_hex_id, is_hosting_number
from pronote_server.errors import HostingFileError
from pronote_server.store.config import DataDir

log = logging.getLogger("pronote_server.tenancy")

_PLAIN_NAME: Final = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}")
"""A path component :func:`inside` accepts: portable characters, not starting with a dot."""


class OutsideTenant(HostingFileError):
    """A path that would leave its school's folder (or pass through a link): refused."""

    def __init__(self) -> None:
        super().__init__(ErrorCode.INVALID_FILE, "tenant.problem.outside")


def _proven_name(value: str, valid: bool) -> str:
    if not valid:
        log.warning("refused a path built from an identifier that is not of the service's form")
        raise OutsideTenant()
    return value


def inside(root: Path, *parts: str) -> Path:
    """``root / part / ...``, proven to lie inside ``root``: every part a plain name, no symbolic
    link anywhere below ``root``. ``root`` itself may sit behind links (``/srv`` -> ``/data``):
    it is resolved first. The path need not exist (its missing tail cannot be a link)."""
    base = root.resolve()
    for part in parts:
        if not isinstance(part, str) or _PLAIN_NAME.fullmatch(part) is None:
            log.warning("refused a path part that is not a plain name under %s", base.name)
            raise OutsideTenant()
    candidate = base.joinpath(*parts)
    resolved = candidate.resolve()
    if resolved != candidate or not resolved.is_relative_to(base):
        log.warning("refused a path that leaves its folder or passes through a link")
        raise OutsideTenant()
    return candidate


def school_dir(data: DataDir, hosting_number: str) -> Path:
    """``<data>/schools/<hosting number>``: everything of one school lives below it."""
    number = _proven_name(hosting_number, is_hosting_number(hosting_number))
    return inside(data.root, "schools", number)


def school_folder(data: DataDir, hosting_number: str, folder: str) -> Path:
    """One of the school's folders (``bases``, ``backups``, ``archives``)."""
    return inside(school_dir(data, hosting_number), folder)


def base_file(data: DataDir, hosting_number: str, base_id: str) -> Path:
    """``<school>/bases/<base id>.sqlite``: the only place a school's base is ever written."""
    name = f"{_proven_name(base_id, is_hex_id(base_id))}.sqlite"
    return inside(school_folder(data, hosting_number, "bases"), name)


def stored_base_file(data: DataDir, relative: str, base_id: str) -> Path:
    """The file a store row names (``schools/<n>/bases/<id>.sqlite``, relative to the data
    directory), proven to be of that form, for that base, and inside the data directory."""
    parts = relative.split("/")
    if len(parts) != 4 or parts[0] != "schools" or parts[2] != "bases":
        log.warning("refused a base path of the store that is not of the service's form")
        raise OutsideTenant()
    if parts[3] != f"{_proven_name(base_id, is_hex_id(base_id))}.sqlite":
        log.warning("refused a base path of the store that names another base")
        raise OutsideTenant()
    return base_file(data, parts[1], base_id)

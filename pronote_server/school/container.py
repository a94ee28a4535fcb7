"""The container shared by ``.HNOT`` and the annexes: a header, a JSON manifest, a zstd payload.

Layout (big-endian; ``docs/formats.md`` is the reference)::

    magic           8 bytes   b"\\x89HNOT\\r\\n\\x1a" (.HNOT) or b"\\x89HANX\\r\\n\\x1a" (annexes)
    format_version  uint16    1
    manifest_size   uint32    at most MANIFEST_MAX
    manifest        manifest_size bytes of UTF-8 JSON
    payload         the rest: one zstd frame, manifest["payload"]["size"] bytes

The magic starts with a non-ASCII byte and holds CR LF and Ctrl-Z, as PNG's does, so that a
transfer that mangles bytes or line endings is detected at once. The manifest comes first so that
a reader refuses a foreign, oversized or truncated file before reading its payload.

Writers stream (the payload is compressed to a temporary file, then the header, the manifest and
the payload are written to a second temporary file renamed into place). Readers stream too: the
payload goes through a hashing reader into a bounded zstd decompressor (window at most
:data:`WINDOW_MAX`), in chunks of :data:`CHUNK`, so memory does not depend on the file's size.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import shutil
import struct
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import zstandard

from pronote_api.errors import ErrorCode
from pronote_server.errors import HostingFileError, human_size
from pronote_server.school.timing import Laps

HNOT_MAGIC = b"\x89HNOT\r\n\x1a"
ANNEX_MAGIC = b"\x89HANX\r\n\x1a"
FORMAT_VERSION = 1
_HEADER = struct.Struct(">8sHI")
HEADER_SIZE = _HEADER.size
MANIFEST_MAX = 64 * 1024 * 1024
"""Room for an annex manifest of :data:`~pronote_server.school.annexes.ENTRIES_MAX` entries with
long names (about 120 bytes an entry with a short name, 350 with a 255-character one)."""
CHUNK = 1024 * 1024
WINDOW_MAX = 2**23
"""zstd window cap (8 MiB): what a writer at level 19 or less needs; bounds a reader's memory."""
COMPRESSION_LEVEL = 3
RATIO_MAX = 200
"""Default bound on decompressed / compressed size (a real base compresses about 4 times, a
folder of documents less): beyond it a file is refused before one byte is decompressed."""
RATIO_FLOOR = 1024 * 1024
"""Below this decompressed size the ratio is not judged (tiny files compress oddly)."""
DISK_MARGIN = 256 * 1024 * 1024
"""What a decompression must leave free on the disk, as an upload must."""

Progress = Callable[[int, int], None]
"""``progress(done, total)`` in bytes of the file read (or written)."""


def _refuse(code: ErrorCode, reason: str, **params: Any) -> HostingFileError:
    return HostingFileError(code, reason, **params)


def read_header(handle: IO[bytes], *, magic: bytes, name: str) -> dict[str, Any]:
    """Read and check the header and the manifest; returns the manifest (a dict, unchecked).

    Refusals: not this kind of file, another kind of our files, a format version this program
    does not read, a manifest too large or not JSON.
    """
    head = handle.read(HEADER_SIZE)
    if len(head) < HEADER_SIZE or head[:8] not in (HNOT_MAGIC, ANNEX_MAGIC):
        reason = "file.problem.not_hnot" if magic == HNOT_MAGIC else "file.problem.not_annex"
        raise _refuse(ErrorCode.INVALID_FILE, reason, file=name)
    found, version, manifest_size = _HEADER.unpack(head)
    if found != magic:
        reason = "file.problem.not_hnot" if magic == HNOT_MAGIC else "file.problem.not_annex"
        raise _refuse(ErrorCode.INVALID_FILE, reason, file=name)
    if version != FORMAT_VERSION:
        raise _refuse(
            ErrorCode.UNSUPPORTED_FORMAT_VERSION,
            "file.problem.format_version",
            file=name,
            version=version,
            supported=FORMAT_VERSION,
        )
    if manifest_size > MANIFEST_MAX:
        raise _refuse(
            ErrorCode.INVALID_FILE,
            "file.problem.manifest_too_large",
            file=name,
            max=human_size(MANIFEST_MAX),
        )
    raw = handle.read(manifest_size)
    if len(raw) < manifest_size:
        raise _refuse(ErrorCode.INVALID_FILE, "file.problem.truncated", file=name)
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(ErrorCode.INVALID_FILE, "file.problem.manifest", file=name) from None
    if not isinstance(manifest, dict):
        raise _refuse(ErrorCode.INVALID_FILE, "file.problem.manifest", file=name)
    return manifest


def check_payload_extent(path: Path, manifest_size: int, payload_size: int) -> None:
    """The file ends exactly where the manifest says its payload ends: shorter is truncated,
    longer carries something that is not ours."""
    actual = path.stat().st_size
    expected = HEADER_SIZE + manifest_size + payload_size
    if actual < expected:
        raise _refuse(
            ErrorCode.INVALID_FILE,
            "file.problem.truncated",
            file=path.name,
            expected=expected,
            actual=actual,
        )
    if actual > expected:
        raise _refuse(ErrorCode.INVALID_FILE, "file.problem.trailing_data", file=path.name)


@dataclass(frozen=True)
class ExpansionLimits:
    """What a file may expand to: an absolute size and a ratio to its compressed size (both
    settings of the service, ``docs/server.md``)."""

    size_max: int
    ratio_max: int = RATIO_MAX


def check_expansion(
    name: str, declared: int, compressed: int, limits: ExpansionLimits, directory: Path
) -> None:
    """Refuse, before one byte is decompressed, a file whose declared expansion is beyond the
    limits or would not fit on the disk of ``directory`` (where it is about to be written).

    The reader then stops at the declared size (a payload that inflates further is cut off and
    refused), so nothing larger than ``declared`` plus one chunk is ever written.
    """
    if declared > limits.size_max:
        raise _refuse(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "file.problem.too_large",
            file=name,
            size=human_size(declared),
            max=human_size(limits.size_max),
        )
    if declared > RATIO_FLOOR and declared > limits.ratio_max * max(compressed, 1):
        raise _refuse(ErrorCode.INVALID_FILE, "file.problem.ratio", file=name, max=limits.ratio_max)
    if declared > shutil.disk_usage(directory).free - DISK_MARGIN:
        raise _refuse(
            ErrorCode.STORAGE_FULL, "file.problem.no_room", file=name, size=human_size(declared)
        )


class HashingReader:
    """Reads at most ``limit`` bytes of ``handle``, hashing them and reporting progress."""

    def __init__(
        self,
        handle: IO[bytes],
        limit: int,
        progress: Progress | None = None,
        offset: int = 0,
        *,
        digest: Any = None,
        laps: Laps | None = None,
    ) -> None:
        self.handle = handle
        self.remaining = limit
        self.digest = hashlib.sha256() if digest is None else digest
        """The payload's SHA-256, or the digest the caller gave (fed what came before already:
        the whole file's, for a snapshot whose checksum the service recorded)."""
        self.laps = laps or Laps(None)
        self.progress = progress
        self.done = offset
        self.total = offset + limit

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        self.laps.lap("decompression")  # what the zstd stream did since it last read
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.laps.lap("reading the file")
        self.remaining -= len(data)
        self.digest.update(data)
        self.laps.lap("sha256 of the payload")
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return data

    def drain(self) -> int:
        """Read (and hash) what is left; how many bytes that was."""
        left = 0
        while chunk := self.read(CHUNK):
            left += len(chunk)
        return left


class DigestThread:
    """A digest fed in a thread of its own, chunk by chunk in order, while the caller goes on
    decompressing and writing (hashlib, zstd and file writes all release the GIL). At most
    ``depth`` chunks wait for it, so memory stays flat. :meth:`hexdigest` waits for the last."""

    def __init__(self, depth: int = 4) -> None:
        self.digest = hashlib.sha256()
        self.busy = 0.0
        """Seconds the thread spent hashing (for the benchmarks)."""
        self._queue: queue.Queue[bytes | None] = queue.Queue(depth)
        self._thread = threading.Thread(target=self._run, name="digest", daemon=True)
        self._thread.start()

    def update(self, data: bytes) -> None:
        self._queue.put(data)

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            started = time.perf_counter()
            self.digest.update(data)
            self.busy += time.perf_counter() - started

    def close(self) -> None:
        """Wait for the chunks given so far (idempotent)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def hexdigest(self) -> str:
        self.close()
        return self.digest.hexdigest()


class SyncThread:
    """``fsync`` of an open file in a thread of its own (on a duplicate of its descriptor, so the
    caller may close it), while the caller goes on reading it; :meth:`wait` joins and raises
    what the sync raised."""

    def __init__(self, fd: int) -> None:
        self._fd = os.dup(fd)
        self._error: OSError | None = None
        self.busy = 0.0
        self._thread = threading.Thread(target=self._run, name="fsync", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            os.fsync(self._fd)
        except OSError as exc:
            self._error = exc
        finally:
            os.close(self._fd)
            self.busy = time.perf_counter() - started

    def join(self) -> None:
        self._thread.join()

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


@contextlib.contextmanager
def decompressing(reader: HashingReader, name: str) -> Iterator[IO[bytes]]:
    """A bounded zstd stream over ``reader``; a zstd failure becomes ``file.problem.payload``
    (or ``checksum_mismatch`` if the compressed bytes are not the ones the manifest names: the
    caller checks that after draining the reader)."""
    dctx = zstandard.ZstdDecompressor(max_window_size=WINDOW_MAX)
    with dctx.stream_reader(
        cast(IO[bytes], reader), read_size=CHUNK, read_across_frames=False
    ) as stream:
        yield stream


def zstd_error() -> type[Exception]:
    return zstandard.ZstdError


def write_container(
    out: Path,
    *,
    magic: bytes,
    manifest: Callable[[int, str], dict[str, Any]],
    write_payload: Callable[[IO[bytes]], object],
) -> dict[str, Any]:
    """Write a container at ``out`` atomically (temporary names in ``out``'s directory).

    ``write_payload(sink)`` writes the uncompressed payload to ``sink`` (streamed into zstd);
    ``manifest(payload_size, payload_sha256)`` returns the manifest once they are known.
    """
    directory = out.parent
    with tempfile.TemporaryFile(dir=directory) as compressed:
        digest = hashlib.sha256()
        cctx = zstandard.ZstdCompressor(level=COMPRESSION_LEVEL, write_checksum=True)
        hashing = _HashingWriter(compressed, digest)
        with cctx.stream_writer(cast(IO[bytes], hashing), write_size=CHUNK, closefd=False) as sink:
            write_payload(sink)
        payload_size = hashing.size
        document = manifest(payload_size, digest.hexdigest())
        raw = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=directory)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as target:
                target.write(_HEADER.pack(magic, FORMAT_VERSION, len(raw)))
                target.write(raw)
                compressed.seek(0)
                while chunk := compressed.read(CHUNK):
                    target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return document


class _HashingWriter:
    """A file-like sink that hashes and counts what goes through it."""

    def __init__(self, handle: IO[bytes], digest: Any) -> None:
        self.handle = handle
        self.digest = digest
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


def copy_stream(source: IO[bytes], sink: IO[bytes]) -> None:
    while chunk := source.read(CHUNK):
        sink.write(chunk)

"""Writing files so that a crash never leaves half of one, and checking what was written."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

CHUNK = 4 * 1024 * 1024  # bytes read or written at a time for large files


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file that becomes `path` only if the block ends without an error.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the file is then
    renamed over `path`; on any error (a failed check included) the temporary file is removed and
    `path` is left as it was.
    """
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through atomic_output."""
    with atomic_output(path) as handle:
        handle.write(text.encode("utf-8"))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def join_files(
    parts: Sequence[Path],
    target: Path,
    check: Callable[[str], None],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Concatenate `parts` in order into `target`, hashing as it goes.

    `check` gets the SHA-256 of the whole and raises to refuse it; only what it accepts takes the
    name `target` (through atomic_output). `progress(done, total)` is called as bytes are copied.
    """
    total = sum(part.stat().st_size for part in parts)
    digest = hashlib.sha256()
    done = 0
    with atomic_output(target) as out:
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
        check(digest.hexdigest())

"""Writing results to files: atomically, and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile

from brecha.errors import UsageError

__all__ = ["write_atomic"]


def write_atomic(path: str, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` all at once: a crash leaves the old file or none, never half.

    Raises:
        UsageError: ``path`` exists and ``force`` is false, or its folder does not exist.
    """
    if os.path.exists(path) and not force:
        raise UsageError("error.exists", path=path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError("error.no_folder", path=path, folder=folder)
    fd, tmp = tempfile.mkstemp(prefix=".brecha-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

"""Writing results to files: atomically, and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile

from brecha.errors import UsageError

__all__ = ["write_atomic", "write_many"]


def write_atomic(path: str, text: str | bytes, *, force: bool = False) -> None:
    """Write ``text`` (or bytes: a workbook) to ``path`` all at once: a crash leaves the old file or none, never half.

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
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_many(folder: str, files: dict[str, str | bytes], *, force: bool = False) -> list[str]:
    """Write several files into ``folder``, each atomically; none is written if one would overwrite.

    Raises:
        UsageError: ``folder`` is not a folder, or a file exists and ``force`` is false.
    """
    if not os.path.isdir(folder):
        raise UsageError("error.not_a_folder", path=folder)
    paths = {os.path.join(folder, name): data for name, data in files.items()}
    if not force:
        for path in paths:
            if os.path.exists(path):
                raise UsageError("error.exists", path=path)
    for path, data in paths.items():
        write_atomic(path, data, force=True)
    return list(paths)

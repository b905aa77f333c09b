"""Content as it was at a git revision, unpacked into a temporary folder."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile

from brecha.errors import UsageError

__all__ = ["checkout_content"]


def _git(cwd: str, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", cwd, *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("error.no_git") from None
    if done.returncode != 0:
        raise UsageError("error.git", command=" ".join(args[:2]), detail=done.stderr.decode(errors="replace").strip())
    return done.stdout


def checkout_content(revision: str, folder: str) -> tuple[tempfile.TemporaryDirectory[str], str]:
    """Unpack ``folder`` as it was at ``revision`` of its git repository.

    Returns the temporary directory (keep it alive while reading) and the folder inside it.
    """
    real = os.path.realpath(folder)
    top = _git(real, "rev-parse", "--show-toplevel").decode().strip()
    rel = os.path.relpath(real, top)
    data = _git(top, "archive", "--format=tar", revision, "--", rel)
    tmp = tempfile.TemporaryDirectory(prefix="brecha-rev-")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(tmp.name, filter="data")
    return tmp, os.path.join(tmp.name, rel)

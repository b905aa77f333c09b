"""A small on-disk cache of data that is slow to build and cheap to check: the bundled content.

Reading, validating and cross-checking the bundled standards and rule sets is most of a
short run's work; the result depends only on those files and on brecha's own code, so
it is kept in the user's cache folder and reused while both are unchanged.

What keeps the cache safe:

- **Keyed by what it was built from.** The caller passes a key: the SHA-256 of every
  content file and of brecha's own source, brecha's and Python's versions. A stored
  entry is used only when it was stored under the same key, so it is never trusted
  across versions or after an edit; a stale entry is rebuilt and overwritten.
- **Corruption and tampering are detected.** Each entry carries an HMAC-SHA256 of the
  key and the payload under a random secret kept beside it (readable by its owner
  only). A truncated, corrupted or edited entry fails the check and is rebuilt; so is
  one written by anyone who cannot read the secret. The folder is used only when it
  belongs to the current user and nobody else may write to it.
- **Never able to run code.** The payload is a pickle of plain data and of brecha's
  own frozen records, read by an unpickler that resolves only the classes the caller
  allows (records and enumerations, whose construction runs no user code); any other
  global (``os.system``, ``builtins.eval``...) fails the load, even in an entry that
  passed the HMAC. The worst a forged entry could do is describe other content, which
  anyone able to forge it could equally do by editing the content files.
- **Optional and never in the way.** ``BRECHA_NO_CACHE`` (any non-empty value) turns
  it off; a folder that cannot be created or written is simply not used; every
  failure to read or write falls back to building the data.
- **A few entries, not one.** Each key has its own file, and the :data:`KEPT` most
  recently used of a name are kept: a maintainer with two versions or checkouts side by
  side (a released one and a working copy) does not rebuild at every switch.

The folder is ``$XDG_CACHE_HOME/brecha`` (``~/.cache/brecha`` when unset).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import stat
from collections.abc import Mapping

__all__ = ["KEPT", "directory", "load", "store"]

_MAGIC = b"brecha-cache-1\n"
_TAG = hashlib.sha256().digest_size


def directory() -> str | None:
    """The cache folder, or None when caching is turned off (``BRECHA_NO_CACHE``)."""
    if os.environ.get("BRECHA_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG default
        home = os.path.expanduser("~")
        if home == "~":
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "brecha")


def _private(path: str) -> bool:
    """Whether a file or folder belongs to this user and nobody else can write to it."""
    info = os.stat(path)
    owner = getattr(os, "getuid", None)
    if owner is not None and info.st_uid != owner():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _secret(folder: str, create: bool) -> bytes | None:
    """The folder's HMAC secret (made on first use when ``create``); None if unusable."""
    path = os.path.join(folder, "secret")
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _private(folder):
            return None
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600) if create else -1
        except FileExistsError:
            fd = -1
        if fd >= 0:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(32))
        if not _private(path) or stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            return None
        with open(path, "rb") as handle:
            secret = handle.read(64)
    except OSError:
        return None
    return secret if len(secret) == 32 else None


#: Entries kept per name: brecha versions or checkouts side by side (a released one and a
#: working copy) each find their own, instead of rebuilding over each other at every switch.
KEPT = 4


def _entry(folder: str, name: str, key: bytes) -> str:
    """Where the entry of ``name`` built under ``key`` is kept (one file per key)."""
    return os.path.join(folder, f"{name}-{hashlib.sha256(key).hexdigest()[:20]}.bin")


def _prune(folder: str, name: str) -> None:
    """Remove all but the :data:`KEPT` most recently used entries of ``name`` (and the single
    ``name.bin`` of earlier versions)."""
    with contextlib.suppress(OSError):
        os.unlink(os.path.join(folder, f"{name}.bin"))
    try:
        with os.scandir(folder) as found:
            entries = [(e.stat().st_mtime_ns, e.path) for e in found
                       if e.name.startswith(f"{name}-") and e.name.endswith(".bin") and e.is_file()]
    except OSError:
        return
    for _, path in sorted(entries, reverse=True)[KEPT:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


class _Restricted(pickle.Unpickler):
    """An unpickler that resolves only the classes it is given."""

    def __init__(self, data: bytes, allowed: Mapping[tuple[str, str], type]) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> type:
        found = self.allowed.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} may not appear in brecha's cache")
        return found


def load(name: str, key: bytes, allowed: Mapping[tuple[str, str], type]) -> object | None:
    """The value stored under ``name`` with this ``key``, or None (missing, stale, damaged)."""
    folder = directory()
    if folder is None:
        return None
    entry = _entry(folder, name, key)
    try:
        with open(entry, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    secret = _secret(folder, create=False)
    if secret is None or not data.startswith(_MAGIC):
        return None
    tag, payload = data[len(_MAGIC) : len(_MAGIC) + _TAG], data[len(_MAGIC) + _TAG :]
    if not hmac.compare_digest(tag, hmac.new(secret, key + payload, hashlib.sha256).digest()):
        return None
    try:
        value: object = _Restricted(payload, allowed).load()
    except Exception:  # a damaged entry of any shape is a miss, never an error
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # used: the last to be pruned
    return value


def store(name: str, key: bytes, value: object) -> bool:
    """Keep ``value`` under ``name`` and ``key``; False when it could not be written."""
    folder = directory()
    if folder is None:
        return False
    secret = _secret(folder, create=True)
    if secret is None:
        return False
    payload = pickle.dumps(value, protocol=5)
    tag = hmac.new(secret, key + payload, hashlib.sha256).digest()
    try:
        import tempfile  # only when an entry is written: most runs only read

        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + tag + payload)
        os.replace(tmp, _entry(folder, name, key))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    _prune(folder, name)
    return True

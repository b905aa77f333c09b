"""An advisory lock on a file being edited, so a second session learns of the first at once.

``brecha assess`` takes it when it starts and releases it when it ends. It is a lock
file next to the assessment (``FILE.lock``, beside the real file when FILE is a link)
holding who took it: process, host, user and start time, as JSON.

Why a lock file rather than ``fcntl``/``flock``: a lock file can say *who* holds the
file and *since when* (the second session is told, not just refused); it works the same
on every system and on most network shares, where POSIX locks are unreliable or not
shared between machines; and it outlives nothing it should not, because a lock left by
a session that died is recognised (its process is gone on this host) and can be taken
over. It is advisory: an editor ignores it, which is why ``assess`` still refuses to
overwrite a file that changed on disk.

The lock file appears whole or not at all: its content is written to a temporary file,
which is then hard-linked to the lock's name (``link`` fails when the name exists, so of
two sessions exactly one wins). Where a file system has no hard links, the lock is
created with ``O_CREAT | O_EXCL`` and written at once. No printing here: the command line
words the messages.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import getpass
import json
import os
import socket
import tempfile

from brecha.errors import OutputError, os_reason
from brecha.frozen import record
from brecha.output import process_alive

__all__ = ["Held", "Holder", "Lock", "acquire", "lock_path", "take_over"]

#: A lock file is a few hundred bytes; one larger than this is not ours and is not read whole.
_MAX_BYTES = 4096


@record
class Holder:
    """Who holds a lock, as its file says."""

    pid: int
    host: str
    user: str
    started: str  # ISO 8601, UTC
    token: str  # unique to one taking of the lock

    def since(self) -> datetime.datetime | None:
        """When the lock was taken, in local time (None when the file's date cannot be read)."""
        try:
            return datetime.datetime.fromisoformat(self.started).astimezone()
        except ValueError:
            return None


class Held(Exception):
    """The file is locked by another session.

    ``holder`` is None when the lock file cannot be read (being written this instant, or not
    brecha's); ``stale`` is true when the holder is a process of this host that is no longer
    running, so the lock may be taken over.
    """

    def __init__(self, lock: str, holder: Holder | None, stale: bool) -> None:
        super().__init__(lock)
        self.lock = lock
        self.holder = holder
        self.stale = stale


@record
class Lock:
    """A lock this process holds."""

    path: str
    holder: Holder

    def release(self) -> None:
        """Remove the lock file, only if it is still this taking's (never another session's)."""
        found = _read(self.path)
        if found is not None and found.token == self.holder.token:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


def lock_path(target: str) -> str:
    """The lock file of ``target``: beside the real file, so two links to one file share it."""
    return os.path.realpath(target) + ".lock"


def _me() -> Holder:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = str(os.getuid()) if hasattr(os, "getuid") else "?"
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return Holder(os.getpid(), socket.gethostname(), user, started, os.urandom(8).hex())


def _read(path: str) -> Holder | None:
    """The holder a lock file names, or None when it cannot be read as one."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(_MAX_BYTES).decode("utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["started"]),
                      str(data["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stale(holder: Holder | None) -> bool:
    """A lock of a process of this host that is gone (a reused pid counts as alive: the safe side)."""
    return holder is not None and holder.host == socket.gethostname() and process_alive(holder.pid) is False


def _create(path: str, holder: Holder) -> bool:
    """Create the lock file holding ``holder``, whole; False when it exists already.

    Raises:
        OutputError: the folder cannot take a file (no permission, read-only, missing).
    """
    fields = {"pid": holder.pid, "host": holder.host, "user": holder.user, "started": holder.started,
              "token": holder.token, "program": "brecha assess"}
    text = json.dumps(fields, allow_nan=False) + "\n"
    folder = os.path.dirname(path) or "."
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
        os.chmod(temp, 0o644)  # the other assessors sharing the folder must read who holds it
    except OSError as exc:
        raise OutputError("error.lock_create", path=path, reason=os_reason(exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            os.link(temp, path)
            return True
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise OutputError("error.lock_create", path=path, reason=os_reason(exc)) from None
        # no hard links here (some network or FAT file systems): exclusive creation instead
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        except OSError as exc:
            raise OutputError("error.lock_create", path=path, reason=os_reason(exc)) from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def acquire(target: str) -> Lock:
    """Lock ``target`` for this process.

    The lock file exists a moment before its :class:`Lock` reaches the caller: a caller that
    must release it however it is interrupted lets no KeyboardInterrupt be raised meanwhile
    (``assess`` takes Ctrl-C only at its prompts).

    Raises:
        Held: another session holds it (see ``Held.stale``).
        OutputError: the lock file cannot be created.
    """
    path = lock_path(target)
    me = _me()
    if _create(path, me):
        return Lock(path, me)
    holder = _read(path)
    raise Held(path, holder, _stale(holder))


def take_over(target: str, seen: Held) -> Lock:
    """Take a stale lock over: only the one that was seen, and only while it is still stale.

    The stale lock is moved aside first (one rename: of two sessions taking it over at
    once, one moves it), checked to be the one seen, then removed, and the lock taken as
    usual; a lock that changed meanwhile is put back.

    Raises:
        Held: the lock is no longer the stale one seen (someone took it meanwhile).
        OutputError: the lock file cannot be created.
    """
    path = lock_path(target)
    if not seen.stale or seen.holder is None:
        raise seen
    aside = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.stale"
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return acquire(target)  # gone meanwhile: take it as usual
    except OSError as exc:
        raise OutputError("error.lock_create", path=path, reason=os_reason(exc)) from None
    moved = _read(aside)
    if moved is None or moved.token != seen.holder.token or not _stale(moved):
        with contextlib.suppress(OSError):  # someone else's fresh lock: back where it was
            os.link(aside, path)
        with contextlib.suppress(OSError):
            os.unlink(aside)
        holder = _read(path)
        raise Held(path, holder, _stale(holder))
    with contextlib.suppress(OSError):
        os.unlink(aside)
    return acquire(target)

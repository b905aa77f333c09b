"""Writing results to files: atomically, and never over an existing file unless asked.

A result is written to a temporary file next to its target, synced, then renamed over the
target, and the folder is synced: a crash, a full disk or a killed process leaves the old
file or the new one, never half of either. What this module promises besides:

- A new file gets the mode the umask gives (0644 under the usual 022); a replaced file
  keeps its mode (and, where allowed, its owner).
- A symbolic link is written through: its target file is replaced and the link stays.
- Only regular files are replaced: a folder, a device, a FIFO or a socket is refused,
  even with ``force`` (brecha would otherwise put a regular file in its place).
- A failure to write (a read-only folder, a full disk, no permission) is an
  :class:`~brecha.errors.OutputError` naming the target, never the temporary file.
- Temporary files are named ``.NAME.brecha-PID-XXXX.tmp``; ones left by a killed save
  of the same target (their process is gone, or they are over an hour old) are removed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time

from brecha.errors import OutputError, UsageError, os_reason

__all__ = ["process_alive", "write_atomic", "write_many"]

#: A temporary file of ours older than this is left over from a save that never finished.
STALE_SECONDS = 3600


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (brecha writes from one thread)
    os.umask(mask)
    return mask


def process_alive(pid: int) -> bool | None:
    """Whether process ``pid`` of this host runs (None: cannot be told on this system)."""
    if os.name != "posix":  # Windows: signal 0 is CTRL_C_EVENT there, never send it
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _remove_stale(folder: str, name: str) -> None:
    """Remove temporary files a killed save of ``name`` left in ``folder``."""
    prefix = f".{name}.brecha-"
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        pid_text = entry.name[len(prefix):].split("-", 1)[0]
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            if not entry.is_file(follow_symlinks=False):
                continue
            if old or (pid_text.isdigit() and int(pid_text) != os.getpid()
                        and process_alive(int(pid_text)) is False):
                os.unlink(entry.path)
        except OSError:
            continue


def _target(path: str, force: bool) -> tuple[str, os.stat_result | None]:
    """The file to replace (a link's target) and its status, or None when it does not exist yet."""
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError("error.cannot_write", path=path, reason=os_reason(exc)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError("error.output_is_folder", path=path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError("error.output_not_regular", path=path)
    if (info is not None or os.path.lexists(path)) and not force:
        raise UsageError("error.exists", path=path)
    return target, info


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (on systems that can sync a folder)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str, text: str | bytes, *, force: bool = False) -> None:
    """Write ``text`` (or bytes: a workbook) to ``path`` all at once: a crash leaves the old file or none, never half.

    Raises:
        UsageError: ``path`` exists and ``force`` is false.
        OutputError: ``path`` is a folder, a device, a FIFO or a socket; its folder does not
            exist; or writing fails (no permission, a read-only or full disk).
    """
    target, info = _target(path, force)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise OutputError("error.no_folder", path=path, folder=folder)
    name = os.path.basename(target)
    _remove_stale(folder, name)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.brecha-{os.getpid()}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            if info is not None:  # a replaced file keeps its mode, and its owner where we may
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
                if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    with contextlib.suppress(OSError):
                        os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            else:  # mkstemp makes 0600; a new file gets what the umask allows, like any other
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError("error.cannot_write", path=path, reason=os_reason(exc)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(folder)


def write_many(folder: str, files: dict[str, str | bytes], *, force: bool = False) -> list[str]:
    """Write several files into ``folder``, each atomically; none is written if one would overwrite.

    Raises:
        UsageError: ``folder`` is not a folder, or a file exists and ``force`` is false.
        OutputError: as :func:`write_atomic`.
    """
    if not os.path.isdir(folder):
        raise UsageError("error.not_a_folder", path=folder)
    paths = {os.path.join(folder, name): data for name, data in files.items()}
    for path in paths:
        _target(path, force)  # refuse before anything is written
    for path, data in paths.items():
        write_atomic(path, data, force=True)
    return list(paths)

"""``python -m interrupted_run WHEN ARGS...``: brecha's command line, run as ``python -m brecha`` runs
it, with one SIGINT delivered at a chosen instant, as a Ctrl-C can land on a loaded machine.

WHEN is ``linked`` (the lock file has just got its name; the session does not hold the lock
yet), ``saving`` (an answer is being written: the new text is complete, not yet in place),
``releasing`` (the session is ending and removes its lock), ``starting`` (the command line is
being built) or ``exiting`` (the command has ended; typer is leaving with its exit code).

In the session (the first three), the signal is sent from code compiled from a string, so that
Python notices it there first, as it does when a Ctrl-C lands while a module being imported
makes a dataclass: CPython 3.11 then remembers the KeyboardInterrupt as unhandled even after it
is caught, and a ``python -m`` process kills itself with SIGINT at exit (the test sees a return
code of -2). Outside it (the last two), it is sent plainly.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from brecha import cli, locking, output
from brecha.cli import main


def _interrupt() -> None:
    exec("os.kill(os.getpid(), signal.SIGINT)", {"os": os, "signal": signal})  # noqa: S102 - fixed text


real_link, real_replace, real_write, real_release = os.link, os.replace, output.write_atomic, locking.Lock.release
real_build, real_exit = cli.build, sys.exit


def link(source: str, target: str) -> None:
    real_link(source, target)
    if target.endswith(".lock"):
        _interrupt()


def write_atomic(path: str, text: str | bytes, **options: Any) -> None:
    def replace(source: str, target: str) -> None:
        _interrupt()
        real_replace(source, target)

    os.replace = replace
    try:
        real_write(path, text, **options)
    finally:
        os.replace = real_replace


def build(*args: Any) -> Any:
    os.kill(os.getpid(), signal.SIGINT)
    return real_build(*args)


def leave(code: Any = None) -> None:
    sys.exit = real_exit  # once
    os.kill(os.getpid(), signal.SIGINT)
    real_exit(code)


def release(lock: locking.Lock) -> None:
    _interrupt()
    real_release(lock)


when, sys.argv[1:] = sys.argv[1], sys.argv[2:]
if when == "linked":
    os.link = link
elif when == "saving":
    output.write_atomic = write_atomic
elif when == "releasing":
    locking.Lock.release = release  # type: ignore[method-assign]
elif when == "starting":
    cli.build = build
elif when == "exiting":
    sys.exit = leave
else:
    raise SystemExit(f"interrupted_run: no instant {when!r}")
sys.argv[0] = "brecha"
main()

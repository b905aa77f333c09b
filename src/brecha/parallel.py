"""Independent work spread over the machine's cores, results in the order of the inputs.

``summary`` reads, checks and evaluates each assessment on its own: the files are
shared among a bounded pool of worker processes (at most :data:`MAX_JOBS`, and no more
than the cores this process may run on), each given the same read-only state once
when it starts. Results come back in input order, whatever order the workers finish
in, so the output is the same as with one process. ``BRECHA_JOBS=N`` sets the number of
processes (1: everything in this process); by default only idle cores are used, and small
inputs stay in this process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["MAX_JOBS", "MIN_ITEMS", "jobs", "ordered_map"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 8
MIN_ITEMS = 64  # below this, one process is as fast


def jobs() -> int:
    """How many processes to use: ``BRECHA_JOBS`` if set, else the idle cores (at most MAX_JOBS).

    A core counts as idle when the load average leaves it free: on a machine already busy
    with other work, more processes only compete for the same cores (and pay for starting
    and for sending results back), so one process is then faster.
    """
    wanted = os.environ.get("BRECHA_JOBS", "")
    if wanted.isdigit() and int(wanted) >= 1:
        return min(int(wanted), MAX_JOBS)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):  # no load average on this system
        busy = 0
    return max(1, min(cores - busy, MAX_JOBS))


_WORKER: list[Any] = []  # in a worker process: its task and state, set once when it starts


def _start(task: Callable[[S, T], R], state: S) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent process answers Ctrl-C
    _WORKER[:] = [task, state]


def _run(item: Any) -> Any:
    task, state = _WORKER
    return task(state, item)


def ordered_map(task: Callable[[S, T], R], state: S, items: Sequence[T], *, workers: int | None = None) -> Iterator[R]:
    """``task(state, item)`` for every item, in order; spread over worker processes when worth it.

    ``task`` must be a module-level function; ``state`` is given to each worker once (inherited
    where processes fork, pickled where they are spawned).
    """
    count = jobs() if workers is None else workers
    if count <= 1 or len(items) < MIN_ITEMS:
        for item in items:
            yield task(state, item)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(32, len(items) // (count * 4)))
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_start, initargs=(task, state))
    try:
        yield from pool.map(_run, items, chunksize=chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

"""Independent work spread over the machine's cores, results in the order of the inputs.

``summary`` reads, checks and evaluates each assessment on its own: the files are
shared among this process and a few worker processes (at most :data:`MAX_JOBS` in all,
and no more than the cores this process may run on), each given the same read-only state
when it starts. Results come back in input order, whatever order the processes finish
in, so the output is the same as with one process. ``BRECHA_JOBS=N`` sets the number of
processes (1: everything in this process); by default only idle cores are used, and small
inputs stay in this process, where starting workers would cost more than it saves.

Where processes fork (Linux, macOS), the workers are forked copies of this process: they
inherit the state, take chunks of items as they finish the last one, and send their
results back over a pipe; this process takes chunks too between reading results, so no
core waits idle and a slower process simply takes fewer chunks; the chunks shrink towards the
end, so the processes run out of work together. The chunks are handed out
by a pipe filled with their numbers before any worker starts: whoever reads the next four
bytes has that chunk (reads from a pipe never interleave), and an empty pipe means none is
left; no lock or shared memory is needed. Each pipe carries one pickle stream whose memo lives as long as the worker:
an object sent once (a rule's title, a rule set's bands) is sent as a reference after
that, so a result costs little more than its own numbers. Only our own forked workers
write to these pipes. This process reads them in its own thread (no reader threads), between
its own chunks, so it stays the only thread (:mod:`brecha.yamlio` relies on that to read
faster). Elsewhere a process pool does the same job.
"""

from __future__ import annotations

import io
import os
import pickle
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


def ordered_map(task: Callable[[S, T], R], state: S, items: Sequence[T], *, workers: int | None = None) -> Iterator[R]:
    """``task(state, item)`` for every item, in order; spread over processes when worth it.

    ``task`` must be a module-level function; ``state`` is given to each worker once (inherited
    where processes fork, pickled where they are spawned). An exception raised by ``task``
    reaches the caller.
    """
    count = jobs() if workers is None else workers
    if count <= 1 or len(items) < MIN_ITEMS:
        for item in items:
            yield task(state, item)
        return
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        yield from _forked(task, state, items, count)
    else:  # pragma: no cover - Windows: spawned processes, a pool
        yield from _pooled(task, state, items, count)


#: A worker's last message: it has taken every chunk there was.
_DONE = -1
#: A worker's message when ``task`` raised: the exception follows.
_FAILED = -2
#: Bytes a pipe may hold (Linux): a worker never waits for the reader while it has work.
_PIPE_SIZE = 1 << 20
#: Bytes read from a worker's pipe at a time.
_READ_SIZE = 1 << 16
#: At most this many chunks, so that their numbers fit in any pipe (16 KiB of 64).
_MAX_CHUNKS = 4096


def _forked(task: Callable[[S, T], R], state: S, items: Sequence[T], count: int) -> Iterator[R]:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    chunks = _chunks(len(items), count)
    numbers, numbers_in = os.pipe()  # every chunk's number, written before any worker starts
    numbers_out = b"".join(index.to_bytes(4, "little") for index in range(len(chunks)))
    if os.write(numbers_in, numbers_out) != len(numbers_out):  # pragma: no cover - it fits: _MAX_CHUNKS
        raise RuntimeError("the chunks of work do not fit in a pipe")
    os.close(numbers_in)  # so that an empty pipe reads as the end

    def take() -> int:
        """The next chunk not yet taken by any process (``len(chunks)``: none is left)."""
        number = os.read(numbers, 4)
        return int.from_bytes(number, "little") if len(number) == 4 else len(chunks)

    def work(write: int) -> None:  # in a forked worker
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent process answers Ctrl-C
        made = io.BytesIO()
        stream = pickle.Pickler(made, pickle.HIGHEST_PROTOCOL)

        def send(message: tuple[int, Any]) -> None:  # one message: its length, then its pickle
            made.seek(0)
            made.truncate()
            stream.dump(message)
            out.write(len(made.getbuffer()).to_bytes(4, "little"))
            out.write(made.getbuffer())
            out.flush()

        with os.fdopen(write, "wb") as out:
            while (index := take()) < len(chunks):
                try:
                    results = [task(state, items[i]) for i in chunks[index]]
                except BaseException as exc:  # the caller decides what it means
                    send((_FAILED, _sendable(exc)))
                    return
                send((index, results))
            send((_DONE, None))

    processes = []
    inbox = None
    try:
        pipes = []
        for _ in range(count - 1):  # this process is the last worker
            read_end, write_end = os.pipe()
            _widen(write_end)
            process = context.Process(target=work, args=(write_end,), daemon=True)
            process.start()
            os.close(write_end)
            processes.append(process)
            pipes.append(read_end)
        inbox = _Inbox(pipes)
        done: dict[int, list[R]] = {}
        mine_left = True
        for wanted in range(len(chunks)):
            while wanted not in done:
                messages = inbox.receive(block=not mine_left)
                if not messages:  # nothing has arrived: take a chunk here meanwhile
                    if not mine_left:  # pragma: no cover - every pipe has ended, and this chunk never came
                        raise RuntimeError("a chunk of work was lost")
                    index = take()
                    if index < len(chunks):
                        done[index] = [task(state, items[i]) for i in chunks[index]]
                    else:
                        mine_left = False
                    continue
                for index, results in messages:
                    if index == _FAILED:
                        raise results
                    if index >= 0:
                        done[index] = results
            yield from done.pop(wanted)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        if inbox is not None:
            inbox.close()
        os.close(numbers)


class _Inbox:
    """The workers' messages, read in this process's own thread.

    Each worker's pipe is read without waiting (between this process's own chunks) or, once
    this process has no chunk left, by waiting on all of them at once. A message is its length
    (four bytes) and its pickle; it is unpickled when whole, by the worker's own unpickler,
    whose memo lives as long as the worker (an object sent once is sent as a reference after).
    A pipe that ends before its worker's last message (the worker died) gives a failure.
    """

    def __init__(self, pipes: list[int]) -> None:
        import select

        self.poll = select.poll()
        self.open: dict[int, tuple[bytearray, io.BytesIO, pickle.Unpickler]] = {}
        self.finished: set[int] = set()
        for fd in pipes:
            os.set_blocking(fd, False)
            self.poll.register(fd, select.POLLIN)
            source = io.BytesIO()
            self.open[fd] = (bytearray(), source, pickle.Unpickler(source))  # noqa: S301 - written only by our own forked worker

    def receive(self, *, block: bool) -> list[tuple[int, Any]]:
        """The messages that have arrived (none when none has and ``block`` is false; when it is
        true, at least one, unless every pipe has ended)."""
        messages: list[tuple[int, Any]] = []
        while self.open:
            for fd, _ in self.poll.poll(None if block and not messages else 0):
                self._read(fd, messages)
            if messages or not block:
                break
        return messages

    def _read(self, fd: int, messages: list[tuple[int, Any]]) -> None:
        pending, source, unpickler = self.open[fd]
        ended = False
        while True:  # what the pipe holds now
            try:
                data = os.read(fd, _READ_SIZE)
            except BlockingIOError:
                break
            pending += data
            if len(data) < _READ_SIZE:
                ended = not data
                break
        while len(pending) >= 4 and len(pending) >= 4 + (size := int.from_bytes(pending[:4], "little")):
            source.seek(0)
            source.truncate()
            source.write(pending[4 : 4 + size])
            source.seek(0)
            del pending[: 4 + size]
            message = unpickler.load()
            messages.append(message)
            if message[0] == _DONE:
                self.finished.add(fd)
        if ended:  # the worker's end is closed
            if fd not in self.finished:
                messages.append((_FAILED, RuntimeError("a worker process stopped before its last message")))
            self.poll.unregister(fd)
            del self.open[fd]
            os.close(fd)

    def close(self) -> None:
        for fd in self.open:
            os.close(fd)
        self.open.clear()


def _chunks(total: int, count: int) -> list[range]:
    """The items cut into chunks, smaller towards the end ("guided"): each is a share of what is
    left (at most 16 items, at least 1, or what keeps them within :data:`_MAX_CHUNKS`), so the
    processes run out of work at nearly the same moment instead of one waiting while another
    finishes a full chunk."""
    least = -(-total // _MAX_CHUNKS)
    chunks = []
    start = 0
    while start < total:
        size = max(least, 1, min(16, (total - start) // (count * 4)))
        chunks.append(range(start, min(start + size, total)))
        start += size
    return chunks


def _widen(fd: int) -> None:
    """Let a pipe hold about a megabyte (Linux only; elsewhere it keeps its size)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_SIZE)
    except (ImportError, OSError):
        pass


def _sendable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else a RuntimeError with its text."""
    try:
        pickle.loads(pickle.dumps(exc))  # noqa: S301 - the bytes just made here
    except Exception:  # any exception that cannot travel
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


_WORKER: list[Any] = []  # in a spawned pool worker: its task and state, set once when it starts


def _start(task: Callable[[S, T], R], state: S) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent process answers Ctrl-C
    _WORKER[:] = [task, state]


def _run(item: Any) -> Any:
    task, state = _WORKER
    return task(state, item)


def _pooled(task: Callable[[S, T], R], state: S, items: Sequence[T], count: int) -> Iterator[R]:  # pragma: no cover
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(32, len(items) // (count * 4)))
    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context(),
                               initializer=_start, initargs=(task, state))
    try:
        yield from pool.map(_run, items, chunksize=chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

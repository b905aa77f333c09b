"""The advisory lock of ``brecha assess``: a second session is told at once who holds the file.

The lock itself (taking, refusing, stale, take-over, release) is tested here on the module;
the sessions (abort, read only, take over, release on every way out) through the command line.
"""

from __future__ import annotations

import builtins
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import locking
from brecha.cli import app
from brecha.i18n import tr

from helpers import MINI

RULES = ["--rules", str(MINI)]
HEADER = "Oficina B\nMX-ROO\n\n\n"


def _dead_pid() -> int:
    """The pid of a process of this host that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _stale_lock(target: Path) -> dict[str, object]:
    holder = {"pid": _dead_pid(), "host": locking.socket.gethostname(), "user": "ana",
              "started": "2026-11-02T09:30:00+00:00", "token": "0123456789abcdef", "program": "brecha assess"}
    Path(locking.lock_path(str(target))).write_text(json.dumps(holder), encoding="utf-8")
    return holder


def _new(tmp_path: Path, replies: str = "3\n\n\nq\n") -> Path:
    path = tmp_path / "self.yaml"
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(
        app, ["assess", str(path), "-i", "office-b", "-l", "state", *RULES], input=HEADER + replies)
    assert result.exit_code == 0, result.output
    return path


# -- the lock ------------------------------------------------------------------------------

def test_a_second_taker_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    first = locking.acquire(str(target))
    with pytest.raises(locking.Held) as info:
        locking.acquire(str(target))
    held = info.value
    assert held.holder is not None and held.holder.pid == os.getpid() and not held.stale
    assert held.holder.token == first.holder.token
    assert held.lock == str(tmp_path / "a.yaml.lock")
    first.release()
    assert not Path(held.lock).exists()
    locking.acquire(str(target)).release()  # free again


def test_release_never_removes_someone_elses_lock(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    mine = locking.acquire(str(target))
    os.unlink(mine.path)
    theirs = locking.acquire(str(target))  # as if another session took it after ours was removed
    mine.release()
    assert json.loads(Path(theirs.path).read_text(encoding="utf-8"))["token"] == theirs.holder.token


def test_a_dead_process_on_this_host_leaves_a_stale_lock_that_can_be_taken_over(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    _stale_lock(target)
    with pytest.raises(locking.Held) as info:
        locking.acquire(str(target))
    assert info.value.stale and info.value.holder is not None and info.value.holder.user == "ana"
    lock = locking.take_over(str(target), info.value)
    assert lock.holder.pid == os.getpid()
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml.lock"]  # nothing left aside
    lock.release()


def test_a_lock_of_another_host_is_never_stale(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    holder = _stale_lock(target)
    holder["host"] = "otra-maquina"
    Path(locking.lock_path(str(target))).write_text(json.dumps(holder), encoding="utf-8")
    with pytest.raises(locking.Held) as info:
        locking.acquire(str(target))
    assert not info.value.stale
    with pytest.raises(locking.Held):
        locking.take_over(str(target), info.value)


def test_take_over_gives_way_when_the_stale_lock_was_replaced_meanwhile(tmp_path: Path) -> None:
    """Two sessions saw the same stale lock; one took it first: the other must not remove it."""
    target = tmp_path / "a.yaml"
    _stale_lock(target)
    with pytest.raises(locking.Held) as info:
        locking.acquire(str(target))
    os.unlink(locking.lock_path(str(target)))
    winner = locking.acquire(str(target))  # the other session, quicker
    with pytest.raises(locking.Held) as again:
        locking.take_over(str(target), info.value)
    assert again.value.holder is not None and again.value.holder.token == winner.holder.token
    assert json.loads(Path(winner.path).read_text(encoding="utf-8"))["token"] == winner.holder.token
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml.lock"]


def test_links_to_one_file_share_its_lock(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("x", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert locking.lock_path(str(link)) == locking.lock_path(str(real))


def test_an_unreadable_lock_is_held_by_someone_unknown(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    Path(locking.lock_path(str(target))).write_text("", encoding="utf-8")  # being written this instant
    with pytest.raises(locking.Held) as info:
        locking.acquire(str(target))
    assert info.value.holder is None and not info.value.stale


# -- sessions ------------------------------------------------------------------------------

def test_a_second_session_is_told_at_once_and_can_abort(tmp_path: Path) -> None:
    path = _new(tmp_path)
    before = path.read_bytes()
    other = locking.acquire(str(path))  # another session, alive (this process)
    try:
        result = CliRunner(env={"BRECHA_LANG": "es"}).invoke(app, ["assess", str(path), *RULES], input="a\n")
        assert result.exit_code == 1
        assert f"está abierto en otra sesión: {other.holder.user} en {other.holder.host} " \
               f"(proceso {os.getpid()}), desde " in result.stderr
        assert "No se abrió" in result.stderr and "[1/3]" not in result.stdout  # no question asked
        assert path.read_bytes() == before
        assert json.loads(Path(other.path).read_text(encoding="utf-8"))["token"] == other.holder.token  # kept
    finally:
        other.release()


def test_read_only_shows_the_answers_and_writes_nothing(tmp_path: Path) -> None:
    path = _new(tmp_path)
    before = path.read_bytes()
    other = locking.acquire(str(path))
    try:
        result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), *RULES],
                                                             input="r\n2\n\n\nq\n")
        assert result.exit_code == 0, result.output
        assert "Read only: answers cannot be changed" in result.stdout  # "2" refused
        assert "[1/3]" in result.stdout and "[2/3]" in result.stdout  # walked from the first question
        assert "Read-only session" in result.stderr
        assert path.read_bytes() == before
        assert Path(other.path).exists()  # the other session's lock is untouched
    finally:
        other.release()


def test_a_stale_lock_is_taken_over_with_a_message_and_released_at_the_end(tmp_path: Path) -> None:
    path = _new(tmp_path)
    holder = _stale_lock(path)
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), *RULES], input="t\n2\n\n\nq\n")
    assert result.exit_code == 0, result.output
    assert "a session that is no longer running: ana on" in result.stderr
    assert f"Lock taken over from ana on {holder['host']} (process {holder['pid']}" in result.stderr
    assert 'value: "initial"' in path.read_text(encoding="utf-8")
    assert not Path(locking.lock_path(str(path))).exists()


@pytest.mark.parametrize("ending", ["q", "eof", "ctrl-c", "conflict"])
def test_the_lock_is_released_however_the_session_ends(tmp_path: Path, monkeypatch, ending: str) -> None:  # type: ignore[no-untyped-def]
    path = _new(tmp_path)
    lock = Path(locking.lock_path(str(path)))
    seen = []

    def fake_input(prompt: str = "") -> str:
        seen.append(lock.exists())  # held while the session asks
        if ending == "q":
            return "q"
        if ending == "eof":
            raise EOFError
        if ending == "conflict" and len(seen) == 1:
            path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
            return "2"
        raise KeyboardInterrupt

    monkeypatch.setattr(builtins, "input", fake_input)
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), *RULES])
    assert result.exit_code == (1 if ending == "conflict" else 0), result.output
    assert seen and all(seen)
    assert not lock.exists()


def _at_first_question(proc: subprocess.Popen[bytes]) -> bytes:
    """What the session printed until it asked its first question and waits for the answer."""
    prompt = tr("assess.answer", "en").encode()
    shown = b""
    assert proc.stdout is not None
    while prompt not in shown:
        ready, _, _ = select.select([proc.stdout], [], [], 60)  # a hung session fails, never blocks the run
        chunk = os.read(proc.stdout.fileno(), 65536) if ready else b""
        assert chunk, shown.decode("utf-8", "replace")
        shown += chunk
    return shown


def test_an_interrupted_process_releases_its_lock_and_a_killed_one_leaves_it_stale(tmp_path: Path) -> None:
    """A real session, interrupted while it waits for an answer (SIGINT as Ctrl-C, SIGHUP as a closed
    terminal, SIGTERM as a polite kill): no lock stays, the file is whole, exit 0. Killed outright
    (SIGKILL: nothing can run), its lock stays and the next session finds it stale."""
    path = _new(tmp_path)
    before = path.read_bytes()
    lock = Path(locking.lock_path(str(path)))
    command = [sys.executable, "-m", "brecha", "assess", str(path), *RULES]
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM, signal.SIGKILL):
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "BRECHA_LANG": "en"})
        assert b"[2/3]" in _at_first_question(proc)
        assert lock.exists()
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert path.read_bytes() == before
        if sig != signal.SIGKILL:
            assert (proc.returncode, lock.exists()) == (0, False), (sig, err.decode())
    with pytest.raises(locking.Held) as info:
        locking.acquire(str(path))
    assert info.value.stale


@pytest.mark.parametrize("when", ["linked", "saving", "releasing"])
def test_a_ctrl_c_at_any_instant_leaves_the_file_whole_and_no_lock(tmp_path: Path, when: str) -> None:
    """Ctrl-C where Python's own KeyboardInterrupt did harm: just after the lock file got its name
    (the lock stayed behind), in the middle of a save (the answer was lost), while the lock is
    released (it stayed); each time noticed first in code compiled from a string, which made
    ``python -m brecha`` die of SIGINT at exit (-2) although it had handled the Ctrl-C. The session
    ends at its next prompt instead, as if Ctrl-C had been pressed there: exit 0, the answer
    given is kept, the file whole, no lock left."""
    path = _new(tmp_path)
    lock = Path(locking.lock_path(str(path)))
    replies = {"linked": b"", "saving": b"2\n", "releasing": b"q\n"}[when]
    result = subprocess.run([sys.executable, "-m", "interrupted_run", when, "assess", str(path), *RULES],
                            input=replies, capture_output=True, timeout=120,
                            env={**os.environ, "BRECHA_LANG": "en", "PYTHONPATH": str(Path(__file__).parent)})
    assert (result.returncode, lock.exists()) == (0, False), result.stderr.decode()
    text = path.read_text(encoding="utf-8")
    assert ('value: "initial"' in text) == (when == "saving")
    assert "Traceback" not in result.stderr.decode()
    assert [p.name for p in tmp_path.iterdir()] == ["self.yaml"]  # no temporary file left either

"""Output files: atomic, the umask's mode, links written through, only regular files replaced."""

from __future__ import annotations

import errno
import os
import socket
import stat
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import output
from brecha.cli import app
from brecha.errors import OutputError, UsageError, os_reason

from helpers import MINI

FIXTURE = str(MINI.parent / "mini-assessment.yaml")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, list(args), input=stdin)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask: int, mode: int) -> None:
    """Like any program's output (it was 0600 whatever the umask)."""
    old = os.umask(umask)
    try:
        output.write_atomic(str(tmp_path / "r.txt"), "x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "r.txt") == mode


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    """--force over a 0640 file leaves a 0640 file (it became 0600)."""
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    output.write_atomic(str(target), "new", force=True)
    assert target.read_text(encoding="utf-8") == "new" and _mode(target) == 0o640


def test_a_link_is_written_through(tmp_path: Path) -> None:
    """The link stays a link; the file it points to gets the new text."""
    real = tmp_path / "real.yaml"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(UsageError):
        output.write_atomic(str(link), "new")
    output.write_atomic(str(link), "new", force=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_only_regular_files_are_replaced(tmp_path: Path) -> None:
    """A FIFO, a socket or a folder is refused even with --force, and left as it was."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        for path, key in ((fifo, "error.output_not_regular"), (sock_path, "error.output_not_regular"),
                          (tmp_path, "error.output_is_folder")):
            with pytest.raises(OutputError) as info:
                output.write_atomic(str(path), "x", force=True)
            assert info.value.message.key == key and str(path) in str(info.value)
        link = tmp_path / "to-pipe"
        link.symlink_to(fifo)
        with pytest.raises(OutputError):
            output.write_atomic(str(link), "x", force=True)
        assert stat.S_ISFIFO(fifo.stat().st_mode) and stat.S_ISSOCK(os.stat(sock_path).st_mode)
    finally:
        server.close()


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_failed_write_names_the_target_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           failure: int) -> None:
    """A full disk, a read-only or forbidden folder: OutputError naming the target; no temporary file stays."""
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")

    def fail(fd: int) -> None:
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr(output.os, "fsync", fail)
    with pytest.raises(OutputError) as info:
        output.write_atomic(str(target), "new", force=True)
    reason = os_reason(OSError(failure, os.strerror(failure)))  # the system's reason, worded from the catalogue
    assert str(target) in str(info.value) and reason.text("en") in str(info.value)
    assert reason.text("es") in info.value.text("es") and os.strerror(failure) not in info.value.text("es")
    assert ".tmp" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_folder_brecha_may_not_write_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating the temporary file fails (read-only folder): the message names the target."""
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError) as info:
        output.write_atomic(str(tmp_path / "r.txt"), "x")
    assert str(info.value) == f"cannot write {tmp_path / 'r.txt'}: permission denied"
    assert info.value.text("es") == f"no se puede escribir {tmp_path / 'r.txt'}: permiso denegado"


def test_stale_temporary_files_are_cleaned(tmp_path: Path) -> None:
    """Left by a killed save: removed when their process is gone or they are old; a live save's stays."""
    dead = tmp_path / ".r.txt.brecha-999999999-abc.tmp"
    old = tmp_path / f".r.txt.brecha-{os.getpid()}-def.tmp"
    live = tmp_path / ".r.txt.brecha-1-ghi.tmp"  # pid 1 is alive
    other = tmp_path / ".other.txt.brecha-999999999-abc.tmp"  # another target's: not ours to judge here
    for path in (dead, old, live, other):
        path.write_text("half", encoding="utf-8")
    os.utime(old, (time.time() - 2 * output.STALE_SECONDS,) * 2)
    output.write_atomic(str(tmp_path / "r.txt"), "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["r.txt", live.name, other.name])


def test_the_folder_is_synced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new file's data, then the folder (so that the rename survives a power cut)."""
    synced: list[bool] = []
    real = os.fsync

    def record(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(output.os, "fsync", record)
    output.write_atomic(str(tmp_path / "r.txt"), "x")
    assert synced == [False, True]


class TestCommandLine:
    def test_output_is_a_folder_exits_3_naming_it(self, tmp_path: Path) -> None:
        """I/O failures are exit 3 naming the target (they were exit 4 naming a temporary file)."""
        result = _run("evaluate", FIXTURE, "--rules", str(MINI), "-o", str(tmp_path), "--force")
        assert result.exit_code == 3 and f"{tmp_path} is a folder" in result.stderr

    def test_dash_is_standard_output_and_input(self) -> None:
        """'-' as --output writes to standard output; '-' as the file reads standard input."""
        text = Path(FIXTURE).read_text(encoding="utf-8")
        from_file = _run("evaluate", FIXTURE, "--rules", str(MINI), "-f", "json", "-o", "-")
        from_stdin = _run("evaluate", "-", "--rules", str(MINI), "-f", "json", stdin=text)
        assert from_file.exit_code == 0 and from_stdin.exit_code == 0
        assert from_file.stdout == from_stdin.stdout
        linted = _run("lint", "-", "--rules", str(MINI), stdin=text)
        assert linted.exit_code == 0, linted.stdout


def test_assess_on_a_linked_assessment_updates_its_target(tmp_path: Path) -> None:
    """assess replaced a symlinked assessment with a regular file; now the file it points to is updated."""
    real = tmp_path / "shared" / "self.yaml"
    real.parent.mkdir()
    first = _run("assess", str(real), "-i", "office-b", "-l", "state", "--rules", str(MINI), "--lang", "en",
                 stdin="Oficina B\nMX-ROO\n\n\n3\n\n\n")
    assert first.exit_code == 0, first.output
    real.chmod(0o640)
    link = tmp_path / "mine.yaml"
    link.symlink_to(real)
    again = _run("assess", str(link), "--rules", str(MINI), "--lang", "en", stdin="2\n\nlate\n")
    assert again.exit_code == 0, again.output
    assert link.is_symlink() and "notes: \"late\"" in real.read_text(encoding="utf-8")
    assert _mode(real) == 0o640

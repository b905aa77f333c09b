"""Problems found in input, with their location; the one exception family of the core."""

from __future__ import annotations

import errno
import functools
from collections.abc import Iterable
from dataclasses import FrozenInstanceError, field, replace
from typing import Protocol

from brecha.codes import Code, Severity
from brecha.frozen import record
from brecha.i18n import Lang, Message, Plural, ntr, tr
from brecha.sanitize import clip, one_line, suspicious

__all__ = [
    "MAX_PROBLEMS",
    "BrechaError",
    "Finder",
    "InputError",
    "Issue",
    "Location",
    "OutputError",
    "Severity",
    "Tally",
    "Unreadable",
    "UsageError",
    "bounded",
    "omitted",
    "os_reason",
    "shown",
    "tally",
]

#: At most this many problems are reported per file; the rest are counted in one closing
#: problem. Reporting costs time and memory per problem (a hint, a message, a line on the
#: terminal), so a file with millions of mistakes must not cost millions of messages.
MAX_PROBLEMS = 100

#: A message longer than this is cut in the one-line form (a 10 MB value is not echoed).
MAX_MESSAGE = 400


class Finder(Protocol):
    """What finds the line and column of a JSON pointer (or of its key) in one file."""

    def position(self, pointer: str, key: bool) -> tuple[int, int]: ...


class Location:
    """Where something is: file, 1-based line and column, JSON pointer into the document.

    Immutable, compared and ordered as the tuple (path, line, col, pointer). A location can
    also be *deferred* (:meth:`deferred`): its line and column are found only when first read,
    so files that have no problem to show never pay for finding positions (:mod:`brecha.yamlio`
    parses fast and locates on demand).
    """

    __slots__ = ("_col", "_find", "_key", "_line", "path", "pointer")
    __match_args__ = ("path", "line", "col", "pointer")

    path: str
    pointer: str
    _line: int
    _col: int
    _find: Finder | None
    _key: bool

    def __init__(self, path: str, line: int = 0, col: int = 0, pointer: str = "") -> None:
        _set_path(self, path)
        _set_line(self, line)
        _set_col(self, col)
        _set_pointer(self, pointer)
        _set_find(self, None)
        _set_key(self, False)

    @classmethod
    def deferred(cls, path: str, pointer: str, find: Finder, key: bool = False) -> Location:
        """A location whose line and column ``find.position(pointer, key)`` gives when first read.

        The finder is kept, not the parsed data: a library of deferred locations holds no file.
        """
        where = object.__new__(cls)  # not through __init__: a summary makes ~40 per file
        _set_path(where, path)
        _set_line(where, 0)
        _set_col(where, 0)
        _set_pointer(where, pointer)
        _set_find(where, find)
        _set_key(where, key)
        return where

    def _found(self) -> None:
        find = self._find
        if find is not None:
            line, col = find.position(self.pointer, self._key)
            _set_line(self, line)
            _set_col(self, col)
            _set_find(self, None)

    @property
    def line(self) -> int:
        """The 1-based line (0: unknown)."""
        self._found()
        return self._line

    @property
    def col(self) -> int:
        """The 1-based column (0: unknown)."""
        self._found()
        return self._col

    def _tuple(self) -> tuple[str, int, int, str]:
        return self.path, self.line, self.col, self.pointer

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return self._tuple() == other._tuple()

    def __lt__(self, other: Location) -> bool:
        return self._tuple() < other._tuple()

    def __le__(self, other: Location) -> bool:
        return self._tuple() <= other._tuple()

    def __gt__(self, other: Location) -> bool:
        return self._tuple() > other._tuple()

    def __ge__(self, other: Location) -> bool:
        return self._tuple() >= other._tuple()

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return f"Location(path={self.path!r}, line={self.line!r}, col={self.col!r}, pointer={self.pointer!r})"

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int, str]]:
        return Location, self._tuple()  # found before pickling: a cached record never needs its file

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


# Location's slots set past its refusing __setattr__ by their own setters (faster than
# object.__setattr__, which looks each one up by name): a summary makes ~40 locations a file.
_set_path, _set_line, _set_col, _set_pointer, _set_find, _set_key = (
    getattr(Location, name).__set__ for name in ("path", "_line", "_col", "pointer", "_find", "_key"))


@functools.total_ordering
@record
class Issue:
    """One located problem in an input file.

    Ordering is by location, then code and message, so sorted issues read top to bottom;
    the closing "…and N more" of a file (code ``too-many-problems``) sorts after its others.
    """

    location: Location
    code: Code
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)
    es: str | None = field(default=None, compare=False)
    """The message in Spanish, for issues not yet worded from the catalogue (see :meth:`of`)."""
    msg: Message | None = field(default=None, compare=False)
    """The catalogue message, worded in the reader's language when shown."""
    not_shown: tuple[int, int] = field(default=(0, 0), compare=False)
    """On the closing issue of a file (``too-many-problems``): the errors and warnings it stands
    for, which are not shown; a lower bound when ``counted`` is false (checking stopped)."""
    counted: bool = field(default=True, compare=False)

    @classmethod
    def of(cls, location: Location, code: Code, key: str, /, severity: Severity = Severity.ERROR,
           **values: object) -> Issue:
        """An issue whose text is the catalogue message ``key`` (``diag.*``) with ``values``.

        ``message`` keeps the English wording: JSON and SARIF output and tools match on it.
        """
        msg = Message(key, **values)
        return cls(location, code, msg.text(Lang.EN), severity, msg=msg)

    def _key(self) -> tuple[str, bool, Location, str, str]:
        loc = self.location
        return loc.path, self.code is Code.TOO_MANY_PROBLEMS, loc, self.code, self.message

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Issue):
            return NotImplemented
        return self._key() < other._key()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (English when no wording in ``lang`` exists)."""
        if self.msg is not None:
            return self.msg.text(lang)
        return {Lang.ES: self.es}.get(Lang(lang)) or self.message

    def format(self, lang: str = "en") -> str:
        """Return the one-line form ``path:line:col: severity [code] message (at /ptr)``.

        The line is safe to print: control characters anywhere in it (a hostile key in
        the pointer, a file name) are shown as escapes, and a very long message is cut.
        """
        pointer = self.location.pointer
        if len(pointer) > 100:  # deep nesting: the end of the pointer says enough
            pointer = "…" + pointer[-80:]
        where = f" ({tr('issue.at', lang, pointer=pointer)})" if pointer else ""
        severity = tr("severity.error" if self.severity is Severity.ERROR else "severity.warning", lang)
        message = self.text(lang)
        if len(message) > MAX_MESSAGE:
            more = f" ({tr('issue.cut', lang, n=f'{len(message):,}')})"
            message = message[: MAX_MESSAGE - 60] + "…" + message[-20:] + more
        return one_line(f"{self.location}: {severity} [{self.code}] {message}{where}")


@record
class Unreadable:
    """A file left out of a many-file result (summary, chain) because it could not be read:
    its first problem, and how many more it has. Worded when shown, in the reader's language."""

    issue: Issue
    more: int = 0

    @classmethod
    def of(cls, error: InputError) -> Unreadable:
        """The first problem of ``error`` (its place found now: it may cross processes) and the count of the others."""
        first = error.issues[0]
        where = first.location
        return cls(replace(first, location=Location(where.path, where.line, where.col, where.pointer)),
                   len(error.issues) - 1)

    def format(self, lang: str = "en") -> str:
        """The one-line form of the first problem (``path:line:col: error [code] …``), then how many more."""
        line = self.issue.format(lang)
        return f"{line} {ntr('issue.more', self.more, lang)}" if self.more else line

    def __str__(self) -> str:
        return self.format(Lang.EN)


def omitted(path: str, errors: int, warnings: int = 0, *, exact: bool = True) -> Issue:
    """The closing problem of a file whose other problems were not all reported.

    ``exact`` is false when checking stopped early, so the number left is not known; the
    severity is an error when any problem left out is one, else a warning.
    """
    severity = Severity.ERROR if errors else Severity.WARNING
    if exact:
        more = errors + warnings
        closing = Issue.of(Location(path), Code.TOO_MANY_PROBLEMS, "diag.more", severity,
                           more=Plural("diag.more_problems", more, count=f"{more:,}"), limit=MAX_PROBLEMS)
    else:
        closing = Issue.of(Location(path), Code.TOO_MANY_PROBLEMS, "diag.more_unknown", severity, limit=MAX_PROBLEMS)
    return replace(closing, not_shown=(errors, warnings), counted=exact)


@record
class Tally:
    """How many problems a list of issues stands for.

    The closing "…and N more" of a file is not itself a problem: it counts the problems it
    stands for (``not_shown``), and when checking stopped early (``stopped`` files) the
    totals are a lower bound.
    """

    errors: int
    warnings: int
    not_shown: int = 0
    stopped: int = 0


def tally(issues: Iterable[Issue]) -> Tally:
    """Count the problems behind ``issues``: shown ones, plus those each closing issue stands for."""
    errors = warnings = not_shown = stopped = 0
    for issue in issues:
        if issue.code is Code.TOO_MANY_PROBLEMS:
            errors += issue.not_shown[0]
            warnings += issue.not_shown[1]
            not_shown += sum(issue.not_shown)
            stopped += not issue.counted
        elif issue.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return Tally(errors, warnings, not_shown, stopped)


def shown(value: object, *, limit: int = 80, ascii_expected: bool = False) -> str | Message:
    """A value as a message should show it: quoted, escaped, cut, with odd characters named.

    How long a cut value was, and how many odd characters are not named, are worded in the
    reader's language (a message value, see :class:`~brecha.i18n.Message`).
    """
    text = _clipped(repr(value), limit)  # repr escapes control and other non-printable characters
    if not isinstance(value, str):
        return text
    named, more = suspicious(value[: limit * 4], ascii_expected=ascii_expected)
    if not named:
        return text
    if more:
        return Message("diag.value.odd_more", value=text, odd=", ".join(named), more=Plural("diag.value.more", more))
    return Message("diag.value.odd", value=text, odd=", ".join(named))


def _clipped(text: str, limit: int) -> str | Message:
    short, length = clip(text, limit)
    if length is None:
        return short
    return Message("diag.value.cut", value=short, length=Plural("diag.value.length", length, count=f"{length:,}"))


def bounded(issues: Iterable[Issue], limit: int = MAX_PROBLEMS) -> list[Issue]:
    """Sorted issues with at most ``limit`` per file, the rest counted in one closing issue.

    Closing issues already present (from a check that stopped early) are kept as they are.
    """
    kept: list[Issue] = []
    shown: dict[str, int] = {}
    hidden: dict[str, list[int]] = {}
    for issue in sorted(issues):
        path = issue.location.path
        if issue.code is Code.TOO_MANY_PROBLEMS:
            kept.append(issue)
            continue
        if shown.get(path, 0) < limit:
            shown[path] = shown.get(path, 0) + 1
            kept.append(issue)
            continue
        counts = hidden.setdefault(path, [0, 0])
        counts[issue.severity is Severity.WARNING] += 1
    if hidden:
        kept.extend(omitted(path, errors, warnings) for path, (errors, warnings) in hidden.items())
        kept.sort()
    return kept


#: What the operating system says went wrong, worded from the catalogue (``diag.os.*``): the
#: system's own text (``strerror``) is English whatever the user's language.
_OS_REASONS = {
    errno.ENOENT: "diag.os.missing",
    errno.EACCES: "diag.os.permission",
    errno.EPERM: "diag.os.not_permitted",
    errno.EISDIR: "diag.os.folder",
    errno.ENOTDIR: "diag.os.not_folder",
    errno.ENOSPC: "diag.os.full",
    errno.EDQUOT: "diag.os.quota",
    errno.EROFS: "diag.os.read_only",
    errno.EEXIST: "diag.os.exists",
    errno.ENAMETOOLONG: "diag.os.name_too_long",
    errno.ELOOP: "diag.os.loop",
    errno.EIO: "diag.os.io",
    errno.EBUSY: "diag.os.busy",
    errno.ETXTBSY: "diag.os.busy",
    errno.EMFILE: "diag.os.too_many_open",
    errno.ENFILE: "diag.os.too_many_open",
    errno.EXDEV: "diag.os.cross_device",
    errno.ENXIO: "diag.os.no_device",
    errno.ENODEV: "diag.os.no_device",
    errno.EINVAL: "diag.os.invalid",
    errno.EFBIG: "diag.os.too_big",
    errno.EAGAIN: "diag.os.again",
}


def os_reason(exc: OSError) -> Message:
    """Why an operation on a file failed, as a catalogue message in the reader's language.

    An error the catalogue does not word is named by its symbol (``EOVERFLOW``), never by the
    system's English sentence.
    """
    key = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if key is not None:
        return Message(key)
    if exc.errno is not None:
        return Message("diag.os.other", code=errno.errorcode.get(exc.errno, str(exc.errno)))
    return Message("diag.os.unknown", kind=type(exc).__name__)


class BrechaError(Exception):
    """Base of every error the core raises on purpose."""


class InputError(BrechaError):
    """Input that cannot be used; carries the located problems found (at most
    :data:`MAX_PROBLEMS` per file, then one that says how many more there are)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(bounded(issues))
        super().__init__("\n".join(i.format() for i in self.issues))


class UsageError(BrechaError):
    """A request that cannot be met as asked (unknown ID, file exists, bad option value).

    It carries a catalogue message (``error.*``), worded in the user's language when shown.
    """

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.message = Message(key, **values)

    def __str__(self) -> str:
        return self.message.text(Lang.EN)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return self.message.text(lang)


class OutputError(UsageError):
    """A result that cannot be written where asked (a folder, no permission, a full disk).

    It carries a catalogue message like :class:`UsageError`, but exits 3 (the path cannot
    be used) rather than 2 (the request was wrong).
    """

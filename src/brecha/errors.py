"""Problems found in input, with their location; the one exception family of the core."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from brecha.codes import Code, Severity
from brecha.i18n import Lang, Message, tr

__all__ = [
    "BrechaError",
    "InputError",
    "Issue",
    "Location",
    "Severity",
    "UsageError",
]


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where something is: file, 1-based line and column, JSON pointer into the document."""

    path: str
    line: int = 0
    col: int = 0
    pointer: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True, slots=True, order=True)
class Issue:
    """One located problem in an input file.

    Ordering is by location, then code and message, so sorted issues read top to bottom.
    """

    location: Location
    code: Code
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)
    es: str | None = field(default=None, compare=False)
    """The message in Spanish, for issues not yet worded from the catalogue (see :meth:`of`)."""
    msg: Message | None = field(default=None, compare=False)
    """The catalogue message, worded in the reader's language when shown."""

    @classmethod
    def of(cls, location: Location, code: Code, key: str, /, severity: Severity = Severity.ERROR,
           **values: object) -> Issue:
        """An issue whose text is the catalogue message ``key`` (``diag.*``) with ``values``.

        ``message`` keeps the English wording: JSON and SARIF output and tools match on it.
        """
        msg = Message(key, **values)
        return cls(location, code, msg.text(Lang.EN), severity, msg=msg)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (English when no wording in ``lang`` exists)."""
        if self.msg is not None:
            return self.msg.text(lang)
        return {Lang.ES: self.es}.get(Lang(lang)) or self.message

    def format(self, lang: str = "en") -> str:
        """Return the one-line form ``path:line:col: severity [code] message (at /ptr)``."""
        pointer = self.location.pointer
        if len(pointer) > 100:  # deep nesting: the end of the pointer says enough
            pointer = "…" + pointer[-80:]
        where = f" ({tr('issue.at', lang, pointer=pointer)})" if pointer else ""
        severity = tr("severity.error" if self.severity is Severity.ERROR else "severity.warning", lang)
        return f"{self.location}: {severity} [{self.code}] {self.text(lang)}{where}"


class BrechaError(Exception):
    """Base of every error the core raises on purpose."""


class InputError(BrechaError):
    """Input that cannot be used; carries every located problem found, not only the first."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(sorted(issues))
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

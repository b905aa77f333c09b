"""The only door to YAML: safe, located, bounded parsing into JSON-shaped data.

Documents are built from the parser's event stream, not with ``yaml.load``: that way
every value's line and column is kept under its JSON pointer, duplicate keys and
non-standard tags are reported instead of silently accepted, and nesting depth and
alias expansion are bounded before they can exhaust memory or the stack.
"""

from __future__ import annotations

import math
import os
import re
import stat
import sys
import threading
from collections.abc import Iterator
from dataclasses import field
from operator import attrgetter
from typing import Any, cast

import yaml

from brecha.codes import Code, Severity
from brecha.errors import MAX_PROBLEMS, InputError, Issue, Location, omitted, os_reason, shown
from brecha.frozen import record
from brecha.i18n import Lang, Message, catalog, tr
from brecha.sanitize import UNSAFE, char_name

__all__ = ["Document", "Limits", "dump_text", "parse", "read"]

try:  # libyaml's parser is several times faster; the pure-Python one is a fallback
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@record
class Limits:
    """Bounds on one input file; raise them with the environment variables shown."""

    max_bytes: int = field(default_factory=lambda: _env_int("BRECHA_MAX_BYTES", 32 * 2**20))
    max_depth: int = field(default_factory=lambda: _env_int("BRECHA_MAX_DEPTH", 64))
    max_nodes: int = field(default_factory=lambda: _env_int("BRECHA_MAX_NODES", 1_000_000))


@record
class Document:
    """One parsed YAML document: its data and where each value stands in the file."""

    path: str
    data: Any
    positions: dict[str, tuple[int, int, int, int]]
    """What :attr:`marks` holds once found (empty until then on the fast path)."""
    raw: bytes
    booleans: dict[str, str]
    """JSON pointer -> the text of a value YAML read as a boolean (``yes``, ``off``...)."""
    written: dict[str, str] = field(default_factory=dict)
    """JSON pointer -> the text of a number or boolean as written, where it differs from how
    JSON would spell the value (YAML 1.1 reads ``0755`` as 493 and ``1_000`` as 1000)."""
    controls: list[tuple[str, int, int, int, str]] = field(default_factory=list)
    """Texts that hold a control character written as an escape (``"\\e[2J"``): pointer,
    line and column of the text, position of the character in it, the character (at
    most MAX_PROBLEMS + 1 are kept)."""
    limits: Limits | None = None
    """Set when the document was read without positions (:func:`parse`'s fast path):
    :attr:`marks` is then filled by reading the file again, the first time a position is
    needed, and :meth:`locate` returns locations found on demand."""
    finder: list[_Positions] = field(default_factory=list, repr=False, compare=False)
    """The one finder of this document's deferred locations (made on first use)."""

    @property
    def marks(self) -> dict[str, tuple[int, int, int, int]]:
        """JSON pointer -> (line, column) of its key, then of its value (1-based; a list item
        or the root has no key and repeats the value's position). Found on first use when the
        document was read on the fast path."""
        if self.limits is not None:
            self._finder().finish()
        return self.positions

    def as_written(self, pointer: str, value: Any) -> str | Message:
        """A value as the file spells it (``0755``, ``yes``), else as JSON would (``true``)."""
        found = self.written.get(pointer)
        if found is not None:
            return found
        if value is None or isinstance(value, bool):
            return {None: "null", True: "true", False: "false"}[value]
        return shown(value)

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """Location of the value at ``pointer`` (or of its key), else of its nearest parent."""
        if self.limits is not None:  # read on the fast path: found when first shown
            finder = self._finder()
            if not finder.done:
                return Location.deferred(self.path, pointer, finder, key)
        return self._locate(pointer, key)

    def _locate(self, pointer: str, key: bool) -> Location:
        return _locate(self.marks, self.path, pointer, key)

    def _finder(self) -> _Positions:
        if not self.finder:
            assert self.limits is not None  # noqa: S101 - only documents read on the fast path have one
            self.finder.append(_Positions(self, self.limits))
        return self.finder[0]


def escape_pointer(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


#: The path that names standard input.
STDIN = "-"


def read(path: str, *, limits: Limits | None = None) -> Document:
    """Read and parse one YAML file (``-``: standard input); raise :class:`InputError` with located problems."""
    limits = limits or Limits()
    return parse(read_bytes(path, limits=limits), path, limits=limits)


def _too_large(path: str, size: int, limits: Limits) -> InputError:
    return InputError([_issue(path, 0, 0, Code.TOO_LARGE, "diag.read.too_large", size=f"{size:,}",
                              limit=f"{limits.max_bytes:,}")])


def _kind_of_file(mode: int) -> str:
    """The message key that says what a file that is not a regular one is."""
    if stat.S_ISFIFO(mode):
        return "diag.read.fifo"
    if stat.S_ISSOCK(mode):
        return "diag.read.socket"
    return "diag.read.device"


def _read_up_to(stream: Any, most: int) -> bytes:
    """At most ``most`` bytes of a stream, read in pieces (a pipe's size is not known)."""
    pieces: list[bytes] = []
    left = most
    while left > 0:
        piece = stream.read(min(left, 1 << 16))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def read_bytes(path: str, *, limits: Limits | None = None) -> bytes:
    """Read one input file whole, within the size limit; raise :class:`InputError` if it cannot be.

    Only regular files are read (and ``-``, standard input): a FIFO, socket or device is
    refused at once instead of blocking until something writes to it, or reading forever.
    """
    limits = limits or Limits()
    if path == STDIN:
        raw = _read_up_to(sys.stdin.buffer, limits.max_bytes + 1)
        if len(raw) > limits.max_bytes:
            raise _too_large(path, len(raw), limits)
        return raw
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then tells what it is.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise InputError([_issue(path, 0, 0, Code.UNREADABLE, _kind_of_file(info.st_mode))])
            if info.st_size > limits.max_bytes:
                raise _too_large(path, info.st_size, limits)
            # read(n) allocates n bytes at once: ask for the file's size (and one byte more, to
            # notice a file that grows), not for the limit (32 MiB for every small file)
            raw = handle.read(info.st_size + 1)
            if len(raw) > info.st_size:
                raw += _read_up_to(handle, limits.max_bytes + 1 - len(raw))
    except IsADirectoryError:
        raise InputError([_issue(path, 0, 0, Code.UNREADABLE, "diag.read.folder")]) from None
    except FileNotFoundError:
        raise InputError([_issue(path, 0, 0, Code.UNREADABLE, "diag.read.missing")]) from None
    except PermissionError:
        raise InputError([_issue(path, 0, 0, Code.UNREADABLE, "diag.read.permission")]) from None
    except OSError as exc:
        raise InputError([_issue(path, 0, 0, Code.UNREADABLE, "diag.read.failed", reason=os_reason(exc))]) from None
    if len(raw) > limits.max_bytes:  # it grew while being read
        raise _too_large(path, len(raw), limits)
    return raw


_PARSER_WORDS: dict[str, dict[str, str]] = {}


def _parser_words(kind: str, said: str) -> Message | str:
    """The YAML parser's English ``problem`` or ``context`` as a catalogue message (``diag.yaml.<kind>.*``),
    or as said when the catalogue does not word it. The parser's words are the English texts of
    those messages, so the catalogue alone holds the table (read once, when a file is malformed)."""
    if not _PARSER_WORDS:
        for key, text in catalog(Lang.EN).messages.items():
            parts = key.split(".")
            if len(parts) == 4 and parts[:2] == ["diag", "yaml"]:  # diag.yaml.problem.no_key
                _PARSER_WORDS.setdefault(parts[2], {})[text] = key
    words, said = _PARSER_WORDS.get(kind, {}), said.strip()
    found = words.get(said)
    if found:
        return Message(found)
    closing = re.fullmatch(r"(.*')([\]}])('.*)", said)  # a closing bracket, a field of its message
    if closing:
        found = words.get(f"{closing[1]}{{close}}{closing[3]}")
        if found:
            return Message(found, close=closing[2])
    return said


def _syntax(path: str, line: int, col: int, problem: str, context: Message | str, hint: Message | str) -> Issue:
    """A YAML syntax problem in the reader's language: a problem the catalogue does not word is
    shown as the parser said it in English, and as a plain "syntax error" (located) in Spanish."""
    worded = _parser_words("problem", problem)
    if isinstance(worded, Message):
        return _issue(path, line, col, Code.YAML_SYNTAX, "diag.read.syntax",
                      problem=Message("diag.read.syntax_in", problem=worded, context=context), hint=hint)
    texts = {lang: tr("diag.read.syntax", lang, hint=hint.text(lang) if isinstance(hint, Message) else hint,
                      problem=(problem if lang is Lang.EN else tr("diag.yaml.problem.other", lang))
                      + (context.text(lang) if isinstance(context, Message) else context))
             for lang in Lang}
    return Issue(Location(path, line, col), Code.YAML_SYNTAX, texts[Lang.EN], es=texts[Lang.ES])


def _issue(path: str, line: int, col: int, code: Code, message: str, pointer: str = "", /,
           **values: object) -> Issue:
    """A located problem worded from the catalogue message ``message`` (``diag.read.*``)."""
    return Issue.of(Location(path, line, col, pointer), code, message, Severity.ERROR, **values)


#: Byte-order marks of the encodings YAML allows but brecha does not read (UTF-32 first:
#: its little-endian mark begins with UTF-16's).
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32", "little-endian"), (b"\x00\x00\xfe\xff", "UTF-32", "big-endian"),
         (b"\xff\xfe", "UTF-16", "little-endian"), (b"\xfe\xff", "UTF-16", "big-endian"))


def _wide_encoding(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 (and its byte order), from the byte-order mark or the NULs around ASCII text."""
    for bom, name, order in _BOMS:
        if raw.startswith(bom):
            return name, order
    head = raw[:64]
    if len(head) >= 4 and head[0] and not any(head[1:4]):
        return "UTF-32", "little-endian"
    if len(head) >= 4 and not any(head[0:3]) and head[3]:
        return "UTF-32", "big-endian"
    if len(head) >= 2 and head[0] and not any(head[1::2]):
        return "UTF-16", "little-endian"
    if len(head) >= 2 and head[1] and not any(head[0::2]):
        return "UTF-16", "big-endian"
    return None


#: Characters YAML does not allow in a file (the spec's c-printable excludes them): C0
#: controls but tab, line feed and carriage return; DEL; C1 controls but NEL; U+FFFE/FFFF.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _control_characters(text: str, path: str) -> list[Issue]:
    """Every character YAML refuses, located by line and column (libyaml gives only an offset)."""
    issues: list[Issue] = []
    line, line_start, counted = 1, 0, 0
    for found in _NOT_PRINTABLE.finditer(text):
        if len(issues) >= MAX_PROBLEMS:
            issues.append(omitted(path, len(_NOT_PRINTABLE.findall(text, found.start())), exact=True))
            break
        at = found.start()
        newlines = text.count("\n", counted, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, at) + 1
        counted = at
        char = found.group()
        issues.append(_issue(path, line, at - line_start + 1, Code.YAML_SYNTAX, "diag.read.control",
                             char=char_name(char)))
    return issues


def _refuse_control_characters(text: str, path: str) -> None:
    bad = _control_characters(text, path)
    if bad:
        raise InputError(bad)


def _decode(raw: bytes, path: str) -> str:
    wide = _wide_encoding(raw)
    if wide is not None:
        name, order = wide
        raise InputError([_issue(path, 1, 1, Code.ENCODING, "diag.read.wide", encoding=name, order=order)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        raise InputError([_issue(path, line, col, Code.NOT_TEXT, "diag.read.binary")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError([_issue(path, line, col, Code.ENCODING, "diag.read.latin1",
                                 byte=f"0x{raw[exc.start]:02x}")]) from None


def parse(raw: bytes, path: str = "<input>", *, limits: Limits | None = None) -> Document:
    """Parse bytes holding exactly one YAML document into JSON-shaped data."""
    limits = limits or Limits()
    if len(raw) > limits.max_bytes:
        raise _too_large(path, len(raw), limits)
    text = _decode(raw, path)
    # Characters YAML refuses are reported first, every one located. They are looked for
    # only when the fast reader did not read the file: its parser refuses exactly these
    # characters (libyaml's reader, like PyYAML's, allows only YAML's printable set), so a
    # file it read has none, and a large clean file is not scanned twice.
    fast = _Fast(path, limits)
    try:
        data = fast.build(yaml.CSafeLoader(text) if _Parser is yaml.CSafeLoader else yaml.SafeLoader(text))
    except _Abort:
        _refuse_control_characters(text, path)
        raise InputError(fast.issues) from None  # a limit, reported as the full reader would
    except (_Fallback, yaml.YAMLError):
        pass  # a problem to show: the builder below finds it again, with its position
    else:
        return Document(path, data, {}, raw, fast.booleans, fast.written, fast.controls, limits)
    _refuse_control_characters(text, path)
    builder = _Builder(path, limits)
    try:
        data = builder.build(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        context: Message | str = ""
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            cm = exc.context_mark
            context = Message("diag.yaml.context", context=_parser_words("context", exc.context),
                              line=cm.line + 1, col=cm.column + 1)
        hint: Message | str = ""
        lines = text.splitlines()
        if 0 < line <= len(lines) and lines[line - 1][col - 1 : col] == "\t":
            hint = Message("diag.read.tab")
        builder.add(_syntax(path, line, col, exc.problem or str(exc), context, hint))
    except yaml.reader.ReaderError as exc:  # pragma: no cover - _control_characters finds these first
        at = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        builder.add(_issue(path, line, col, Code.YAML_SYNTAX, "diag.read.character", char=char_name(char[:1] or "?")))
    except yaml.YAMLError as exc:
        builder.add(_syntax(path, 1, 1, " ".join(str(exc).split()), "", ""))
    except _Abort:
        pass
    if builder.issues:
        if builder.omitted:
            builder.issues.append(omitted(path, builder.omitted))
        raise InputError(builder.issues)
    return Document(path, data, builder.marks, raw, builder.booleans, builder.written, builder.controls)


def _locate(marks: dict[str, tuple[int, int, int, int]], path: str, pointer: str, key: bool) -> Location:
    """Location of the value at ``pointer`` (or of its key), else of its nearest parent."""
    probe = pointer
    while True:
        found = marks.get(probe)
        if found is not None:
            line, col = (found[0], found[1]) if key else (found[2], found[3])
            return Location(path, line, col, pointer)
        if not probe:
            return Location(path, 1, 1, pointer)
        probe = probe.rsplit("/", 1)[0]


class _Positions:
    """Finds positions in a document's file on demand: its bytes and positions, not its data.

    The file is walked in order, recording each value's position, only as far as the
    position asked for: a file with problems shows at most MAX_PROBLEMS of them, usually
    near its start, and a hostile file of a million values need not be walked (nor a
    million JSON pointers kept) to show the first hundred. The walk resumes where it
    stopped when a later position is asked for; a pointer that is not in the file walks it
    to the end, and is then located at its nearest parent, as when every position is known.
    """

    __slots__ = ("done", "limits", "marks", "path", "raw", "walker")

    def __init__(self, doc: Document, limits: Limits) -> None:
        self.path, self.raw, self.limits = doc.path, doc.raw, limits
        self.marks = doc.positions  # the same dict: found once for the document and its locations
        self.done = False
        self.walker: Iterator[str] | None = None

    def position(self, pointer: str, key: bool) -> tuple[int, int]:
        if pointer not in self.marks:
            self.walk_to(pointer)
        found = _locate(self.marks, self.path, pointer, key)
        return found.line, found.col

    def finish(self) -> None:
        """Walk the rest of the file: every position known."""
        self.walk_to(None)

    def walk_to(self, pointer: str | None) -> None:
        """Walk on until ``pointer``'s position is recorded, or to the end of the file."""
        if self.done:
            return
        if self.walker is None:
            self.walker = _walk(self.raw, self.path, self.limits, self.marks)
        for recorded in self.walker:
            if recorded == pointer:
                return
        self.done, self.walker = True, None  # the parser and the file's text are let go


def _walk(raw: bytes, path: str, limits: Limits, marks: dict[str, tuple[int, int, int, int]]) -> Iterator[str]:
    """Record the positions of a document read on the fast path, as :class:`_Builder` records them,
    in file order, yielding each pointer once its position is in ``marks``.

    The fast path read the file without anchors, aliases, duplicate keys or tags, so its
    positions are found by walking the parser's events alone, building no values (half
    the time, and no second copy of the data); anything else is left to :class:`_Builder`,
    whose positions then replace those recorded. An explicit stack, not recursion: the walk
    stops and resumes between any two values.
    """
    text = _decode(raw, path)
    loader = _Parser(text)
    get = loader.get_event
    try:
        get()  # stream start
        get()  # document start
        event = get()
        mark: Any = event.start_mark
        pointer = ""
        marks[pointer] = (mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 1)
        stack: list[list[Any]] = []  # per open collection: its pointer, its next index (None: a mapping)
        while True:
            if event.anchor is not None:
                raise _Fallback
            kind = type(event)
            if kind is _MAPPING_START:
                stack.append([pointer, None])
            elif kind is _SEQUENCE_START:
                stack.append([pointer, 0])
            elif kind is not _SCALAR:
                raise _Fallback
            yield pointer
            while stack:  # the next value, closing the collections that end before it
                frame = stack[-1]
                parent, index = frame
                if index is None:
                    key_event = get()
                    if type(key_event) is _MAPPING_END:
                        stack.pop()
                        continue
                    if type(key_event) is not _SCALAR:
                        raise _Fallback
                    key = key_event.value
                    pointer = f"{parent}/{escape_pointer(key) if '~' in key or '/' in key else key}"
                    event = get()
                    kmark: Any = key_event.start_mark
                    vmark: Any = event.start_mark
                    if pointer in marks:
                        raise _Fallback  # a duplicate key: not a fast-path document
                    marks[pointer] = (kmark.line + 1, kmark.column + 1, vmark.line + 1, vmark.column + 1)
                else:
                    event = get()
                    if type(event) is _SEQUENCE_END:
                        stack.pop()
                        continue
                    mark = event.start_mark
                    pointer = f"{parent}/{index}"
                    frame[1] = index + 1
                    marks[pointer] = (mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 1)
                break
            else:
                return
    except GeneratorExit:
        # A walk left suspended is closed when it is collected, possibly at interpreter exit,
        # when this module's names may already be gone: match the close first, before the
        # next clause looks up yaml.YAMLError, so closing never raises.
        raise
    except (_Fallback, yaml.YAMLError):
        builder = _Builder(path, limits)
        builder.build(yaml.parse(text, Loader=_Parser))
        marks.clear()
        marks.update(builder.marks)
    finally:
        loader.dispose()


def _position(mark: Any) -> tuple[int, int]:
    """1-based (line, column) of a parser mark (0, 0 when the parser gave none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


class _Abort(Exception):
    """Internal: stop building after a fatal, already-recorded problem."""


class _Builder:
    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.issues: list[Issue] = []
        self.marks: dict[str, tuple[int, int, int, int]] = {}
        self.booleans: dict[str, str] = {}
        self.written: dict[str, str] = {}
        self.controls: list[tuple[str, int, int, int, str]] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.omitted = 0  # problems past MAX_PROBLEMS: counted, not kept

    def full(self) -> bool:
        """Whether no more problems are kept (then this one is only counted); call before wording one."""
        if len(self.issues) < MAX_PROBLEMS:
            return False
        self.omitted += 1
        return True

    def add(self, issue: Issue) -> None:
        """Keep a problem, or only count it once MAX_PROBLEMS are kept."""
        if len(self.issues) >= MAX_PROBLEMS:
            self.omitted += 1
        else:
            self.issues.append(issue)

    def fail(self, mark: Any, code: Code, message: str, pointer: str = "", /, **values: object) -> None:
        line, col = _position(mark)
        self.add(_issue(self.path, line, col, code, message, pointer, **values))

    def build(self, events: Iterator[yaml.Event]) -> Any:
        self.events = events
        documents = 0
        data: Any = None
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.fail(event.start_mark, Code.SEVERAL_DOCUMENTS, "diag.read.several_documents")
                    raise _Abort
                data = self.node(next(events), "", 1)
        if (documents == 0 or data is None) and not self.issues:
            self.issues.append(_issue(self.path, 1, 1, Code.EMPTY, "diag.read.empty"))
        return data

    def count(self, event: yaml.Event, weight: int = 1) -> None:
        self.nodes += weight
        if self.nodes > self.limits.max_nodes:
            self.fail(event.start_mark, Code.TOO_MANY_NODES, "diag.read.too_many_nodes",
                      limit=f"{self.limits.max_nodes:,}")
            raise _Abort

    def escaped_control(self, event: Any, value: str, pointer: str) -> None:
        """Note a control character written as an escape in a double-quoted text ("\\e[2J").

        YAML allows it; whether the document may hold it depends on its kind (content may
        not: see validation), so it is recorded with its place, not refused here.
        """
        found = UNSAFE.search(value)
        if found is not None and len(self.controls) < MAX_PROBLEMS + 1:
            line, col = _position(event.start_mark)
            self.controls.append((pointer, line, col, found.start() + 1, found.group()))

    def check_tag(self, event: Any, pointer: str) -> bool:
        tag = event.tag
        if tag is None or tag in ("!", "?") or tag in _STANDARD_TAGS:
            return True
        if self.full():
            return False
        self.fail(event.start_mark, Code.YAML_TAG, "diag.read.tag", pointer, tag=shown(tag))
        return False

    def node(self, event: yaml.Event, pointer: str, depth: int, keyed: bool = False) -> Any:
        if depth > self.limits.max_depth:
            self.fail(event.start_mark, Code.TOO_DEEP, "diag.read.too_deep", pointer, limit=self.limits.max_depth)
            raise _Abort
        mark: Any = event.start_mark  # libyaml gives every node event its mark
        if not keyed:  # a mapping value's marks were recorded with its key
            line, col = mark.line + 1, mark.column + 1
            self.marks[pointer] = (line, col, line, col)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                self.fail(mark, Code.YAML_SYNTAX, "diag.read.unknown_alias", pointer, alias=shown(event.anchor))
                raise _Abort
            value, size = self.anchors[event.anchor]
            self.count(event, size)
            return value
        start = self.nodes
        self.nodes = start + 1
        if self.nodes > self.limits.max_nodes:
            self.count(event, 0)
        if type(event) is yaml.ScalarEvent:
            if event.implicit[1] and not event.implicit[0] and event.tag is None:
                value = event.value  # a quoted string: nothing to resolve
            else:
                value = self.scalar(event, pointer)
            if event.style == '"' and type(value) is str and UNSAFE.search(value):
                self.escaped_control(event, value, pointer)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.check_tag(event, pointer)
            value = []
            for child in self.events:
                if isinstance(child, yaml.SequenceEndEvent):
                    break
                value.append(self.node(child, f"{pointer}/{len(value)}", depth + 1))
        elif isinstance(event, yaml.MappingStartEvent):
            self.check_tag(event, pointer)
            value = self.mapping(pointer, depth)
        else:  # pragma: no cover - the parser guarantees node events here
            raise _Abort
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.anchors[anchor] = (value, self.nodes - start)
        return value

    def mapping(self, pointer: str, depth: int) -> dict[str, Any]:
        value: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_event in self.events:
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            if not isinstance(key_event, yaml.ScalarEvent):
                self.fail(key_event.start_mark, Code.YAML_KEY, "diag.read.complex_key", pointer)
                raise _Abort
            self.nodes += 1  # a key costs as much to read, check and index as a value
            if self.nodes > self.limits.max_nodes:
                self.count(key_event, 0)
            key = key_event.value
            if key_event.style == '"' and UNSAFE.search(key):
                self.escaped_control(key_event, key, pointer)
            child_pointer = f"{pointer}/{escape_pointer(key) if '~' in key or '/' in key else key}"
            mark: Any = key_event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if key_event.tag is not None:  # a tag on a key is refused like one on a value
                self.check_tag(key_event, child_pointer)
            if key in seen and not self.full():  # reported at the repeated key; the first one is kept
                self.fail(mark, Code.DUPLICATE_KEY, "diag.read.duplicate_key", child_pointer, key=shown(key),
                          line=seen[key])
            value_event = next(self.events)
            if key not in seen:
                seen[key] = line
                vmark: Any = value_event.start_mark
                self.marks[child_pointer] = (line, col, vmark.line + 1, vmark.column + 1)
            if key == "<<" and key_event.tag is None and key_event.implicit[0] and not self.full():
                self.fail(mark, Code.YAML_MERGE, "diag.read.merge_key", pointer)
            child = self.node(value_event, child_pointer, depth + 1, keyed=True)
            if key not in value:
                value[key] = child
        return value

    def scalar(self, event: yaml.ScalarEvent, pointer: str) -> Any:
        text = event.value
        if event.tag is None:  # plain: resolved from its text alone, the same way every time
            if text.isdigit() and text.isascii() and len(text) < 19 and (text[0] != "0" or len(text) == 1):
                return int(text)  # the commonest number, without the resolver's regexes
            hit = _PLAIN.get(text)
            if hit is not None:
                value, as_written = hit
                if isinstance(value, bool):  # as resolve() notes every boolean, whatever the cache holds
                    self.booleans[pointer] = text
                if as_written and len(self.written) < _MAX_WRITTEN:
                    self.written[pointer] = text
                return value
            problems = len(self.issues) + self.omitted
            value = self.resolve(event, pointer)
            if len(text) <= 32 and len(_PLAIN) < 4096 and len(self.issues) + self.omitted == problems:
                _PLAIN[text] = (value, value is not None and not isinstance(value, str) and text != _json_spelling(value))
            return value
        return self.resolve(event, pointer)

    def resolve(self, event: yaml.ScalarEvent, pointer: str) -> Any:
        if not self.check_tag(event, pointer):
            return None
        tag = event.tag if event.tag not in (None, "!") else None
        if tag is None:
            tag = str(_RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit))  # type: ignore[no-untyped-call]
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp") or \
                tag not in _CONSTRUCTOR.yaml_constructors or (event.tag is None and tag.endswith((":merge", ":value"))):
            return event.value  # timestamps (and plain '<<' or '=') stay text
        node = yaml.ScalarNode(tag, event.value)
        try:
            # Call the tag's constructor directly: construct_object() would cache every
            # value in the shared constructor for the life of the process (found by fuzzing).
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, LookupError, TypeError, OverflowError, yaml.YAMLError) as exc:
            if self.full():
                return None
            # PyYAML's scalar constructors fail in several ways on bad explicitly tagged
            # values (`!!bool foo` -> KeyError, `!!float ""` -> IndexError); found by fuzzing.
            if "integer string conversion" in str(exc):
                self.fail(event.start_mark, Code.YAML_VALUE, "diag.read.long_number", pointer,
                          digits=f"{len(event.value):,}")
            else:
                self.fail(event.start_mark, Code.YAML_VALUE, "diag.read.tag_mismatch", pointer, value=shown(event.value))
            return None
        if value is not None and not isinstance(value, (bool, int, float)):
            # e.g. `!!map text`: a collection tag on a plain value (found by fuzzing)
            if self.full():
                return None
            self.fail(event.start_mark, Code.YAML_VALUE, "diag.read.tag_mismatch", pointer, value=shown(event.value))
            return None
        if type(value) is int and not -_MAX_INT <= value <= _MAX_INT:
            # e.g. 0x followed by 10,000 digits: no count or weight is that large, and such a number
            # cannot even be printed (Python refuses to convert integers past 4,300 digits)
            if self.full():
                return None
            self.fail(event.start_mark, Code.YAML_VALUE, "diag.read.huge_number", pointer, value=shown(event.value))
            return None
        if isinstance(value, float) and not math.isfinite(value):
            # .nan and .inf would pass the schema's bounds and turn every score into nan
            if self.full():
                return None
            self.fail(event.start_mark, Code.YAML_VALUE, "diag.read.not_finite", pointer, value=shown(event.value))
            return None
        if isinstance(value, bool):
            self.booleans[pointer] = event.value
        if value is not None and event.value != _json_spelling(value) and len(self.written) < _MAX_WRITTEN:
            self.written[pointer] = event.value
        return value


class _Fallback(Exception):
    """Internal: the fast builder met something it leaves to :class:`_Builder`."""


# ---------------------------------------------------------------------------- quick events
#
# libyaml's parser (PyYAML's compiled module) makes every event by calling the event's Python
# class (``yaml.events``), whose ``__init__`` is Python: about a third of the fast reader's time.
# A *quick* event is a subclass of that class made in C: its constructor is BaseException's,
# which keeps the positional arguments in ``args``, and each argument of the original
# ``__init__`` is a property reading them back. To any code it is the original event
# (``isinstance``, its fields, its ``repr``); the fast reader reads ``args`` directly.
#
# The compiled parser finds the classes by name in its module, so the fast reader puts the quick
# ones there while it reads a file and puts PyYAML's own back when it is done
# (:func:`_quick_events`). It does so only when no other thread runs (threads started through
# :mod:`threading`, as every library's are): the same module's emitter checks the classes of
# the events it is given, and another thread's events must still pass.
# Otherwise (or without libyaml, or should a PyYAML release build events differently: checked on
# a sample at first use) each event is converted to a quick one as it is read: the same values,
# about a third slower than PyYAML's own events.

_EVENT_NAMES = ("StreamStartEvent", "StreamEndEvent", "DocumentStartEvent", "DocumentEndEvent", "MappingStartEvent",
                "MappingEndEvent", "SequenceStartEvent", "SequenceEndEvent", "ScalarEvent", "AliasEvent")


def _fields(original: type) -> tuple[str, ...]:
    """The arguments of an event class's ``__init__``, in order."""
    code = cast(Any, original).__init__.__code__
    names: tuple[str, ...] = code.co_varnames[1 : code.co_argcount]
    return names


def _quick(original: type) -> type:
    """The quick event class of ``original`` (see above)."""
    names = _fields(original)
    defaults = cast(Any, original).__init__.__defaults__ or ()
    first_default = len(names) - len(defaults)

    def field(index: int) -> property:
        default = defaults[index - first_default] if index >= first_default else None
        return property(lambda event: event.args[index] if index < len(event.args) else default)

    return type(original.__name__, (original, BaseException),
                {"__slots__": (), "__init__": BaseException.__init__, "__module__": __name__,
                 "__qualname__": f"quick.{original.__name__}", **{name: field(n) for n, name in enumerate(names)}})


_ORIGINAL: dict[str, type] = {name: getattr(yaml.events, name) for name in _EVENT_NAMES}
_QUICK: dict[str, type] = {name: _quick(original) for name, original in _ORIGINAL.items()}
# Any: made at run time, so the type checker cannot narrow an event to one of them
_QUICK_SCALAR: Any = _QUICK["ScalarEvent"]
_QUICK_MAPPING_START: Any = _QUICK["MappingStartEvent"]
_QUICK_MAPPING_END: Any = _QUICK["MappingEndEvent"]
_QUICK_SEQUENCE_START: Any = _QUICK["SequenceStartEvent"]
_QUICK_SEQUENCE_END: Any = _QUICK["SequenceEndEvent"]


def _values(names: tuple[str, ...]) -> Any:
    """The values of ``names`` of an object, as a tuple, in one call."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda event: tuple(getattr(event, name) for name in names)


_CONVERT = {original: (_QUICK[name], _values(_fields(original))) for name, original in _ORIGINAL.items()}
_COMPILED: Any = getattr(yaml, "_yaml", None)  # the compiled module, when PyYAML has one
_SWAPPABLE: list[bool] = []  # found at first use: whether quick events made there are PyYAML's own
_SWAPPED: list[bool] = []  # not empty while the quick classes may be in the compiled module


def _converted(get: Any) -> Any:
    """``get`` (a parser's ``get_event``) giving quick events, made from PyYAML's own."""
    convert = _CONVERT

    def quick() -> Any:
        event = get()
        made, values = convert[type(event)]
        return made(*values(event))

    return quick


def _quick_events(loader: Any) -> bool:
    """Put the quick event classes in the compiled parser's module if ``loader`` is that parser and
    no other thread runs; whether it did (then :func:`_restore_events` when the file is read)."""
    if _COMPILED is None or not isinstance(loader, _COMPILED.CParser) or threading.active_count() != 1:
        return False
    if not _SWAPPABLE:
        _SWAPPABLE.append(_same_events())
    if not _SWAPPABLE[0]:
        return False
    _SWAPPED.append(True)  # before the first class is put there: see _Fast.build's finally
    for name, quick in _QUICK.items():
        setattr(_COMPILED, name, quick)
    return True


def _restore_events() -> None:
    for name, original in _ORIGINAL.items():
        setattr(_COMPILED, name, original)
    _SWAPPED.clear()


#: A sample with every kind of event, each field set: tags, anchors, aliases, styles, directives.
_SAMPLE = '%YAML 1.1\n%TAG !e! tag:example.com,2000:\n--- !!map\n' \
          'a: &x [1, "two", !e!t 3, {b: c}]\nd: *x\ne: |\n  text\nf: \'q\'\n...\n'


def _same_events() -> bool:
    """Whether the compiled parser makes quick events with the same values as PyYAML's own."""
    def read() -> list[Any]:
        parser = _COMPILED.CParser(_SAMPLE)
        try:
            return _drain(parser)
        finally:
            parser.dispose()

    try:
        own = read()
        for name, quick in _QUICK.items():
            setattr(_COMPILED, name, quick)
        try:
            made = read()
        finally:
            _restore_events()
    except Exception:  # pragma: no cover - a PyYAML that reads the sample otherwise
        return False
    # the fast reader unpacks a quick event's arguments by position: each must have them all
    return len(own) == len(made) and all(_event_values(a) == _event_values(b) for a, b in zip(own, made, strict=True)) \
        and all(type(b) is _QUICK[type(a).__name__] for a, b in zip(own, made, strict=True)) \
        and all(len(b.args) == len(_fields(type(a))) for a, b in zip(own, made, strict=True))


def _drain(parser: Any) -> list[Any]:
    events = []
    while parser.check_event():
        events.append(parser.get_event())
    return events


def _event_values(event: Any) -> tuple[Any, ...]:
    def value(item: Any) -> Any:
        return (item.line, item.column, item.index) if hasattr(item, "line") else item

    return (type(event).__name__, *(value(getattr(event, name)) for name in _fields(_ORIGINAL[type(event).__name__])))


_STR = "tag:yaml.org,2002:str"
_SCALAR, _MAPPING_START, _MAPPING_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent  # PyYAML's own (the full reader's)

#: First characters of plain texts that YAML may read as something else than text. A text
#: starting with any other character is text; one starting with a letter whose only readings
#: are booleans and nulls (yes, No, TRUE, off, null... none longer than five letters) is text
#: when it is longer than five. This is how the resolver itself decides, without its regexes.
_IMPLICIT = _RESOLVER.yaml_implicit_resolvers
_WORDS_ONLY = frozenset(first for first, found in _IMPLICIT.items() if first and first.isalpha()
                        and {tag for tag, _ in found} <= {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"})
if None in _IMPLICIT:  # pragma: no cover - PyYAML's safe resolver has no wildcard resolver
    raise ImportError("yamlio expects no wildcard implicit resolver")


class _Fast(_Builder):
    """Builds the same data as :class:`_Builder` without recording positions.

    Positions cost a third of parsing and half the memory of a parsed file, and are read
    only to show a problem. This builder takes the common road of a well-formed file and
    gives up (:class:`_Fallback`) at anything else: a duplicate key, a tag that is not
    plain data, an anchor or alias, a merge key, an escaped control character, a limit
    reached, a value that cannot be read, several documents or none. :func:`parse` then
    reads the file with :class:`_Builder`, which reports it with its position. Where a
    value needs its JSON pointer (a boolean or a number as written), it is computed from
    the path walked so far; nothing else builds pointers.
    """

    def __init__(self, path: str, limits: Limits) -> None:
        super().__init__(path, limits)
        # The key or index that leads to the value being read at each depth (depth 1 is the root).
        self.path_keys: list[str | int] = [""] * (limits.max_depth + 2)
        # One string object per distinct key or short value of the file: a rule set repeats
        # "title", "es", "critical"... thousands of times, and each copy costs ~50 bytes.
        self.strings: dict[str, str] = {}

    def pointer(self, depth: int) -> str:
        """The JSON pointer of the value being read at ``depth``."""
        return "".join(f"/{escape_pointer(k)}" if isinstance(k, str) else f"/{k}" for k in self.path_keys[1:depth])

    def add(self, issue: Issue) -> None:
        raise _Fallback

    def fail(self, mark: Any, code: Code, message: str, pointer: str = "", /, **values: object) -> None:
        raise _Fallback  # any problem: the full reader reads the file again and words it

    def limit(self, mark: Any, code: Code, message: str, pointer: str = "", /, **values: object) -> None:
        """A limit reached: reported here, where and as the full reader would report it (it would
        stop at the same value, having met no other problem), without reading the file again."""
        line, col = _position(mark)
        self.issues.append(_issue(self.path, line, col, code, message, pointer, **values))
        raise _Abort

    def build(self, loader: Any) -> Any:
        try:
            get = loader.get_event if _quick_events(loader) else _converted(loader.get_event)
            if type(get()) is not _QUICK["StreamStartEvent"] or type(get()) is not _QUICK["DocumentStartEvent"]:
                raise _Fallback
            self.get = get
            data = self.value(get(), 1)
            if type(get()) is not _QUICK["DocumentEndEvent"] or type(get()) is not _QUICK["StreamEndEvent"] \
                    or data is None:
                raise _Fallback  # several documents, or an empty one
            return data
        finally:
            if _SWAPPED:  # also when an exception (a signal's) came half-way through the swap
                _restore_events()
            loader.dispose()

    def value(self, event: Any, depth: int) -> Any:
        # Every value of a well-formed file passes here once (a million times for a large rule
        # set), so this loop is written for speed: event types and the limits are bound to
        # local names, scalars come first and plain text returns as early as it can, and the
        # path is kept by depth (path_keys[depth]) instead of appended and popped per key.
        limits = self.limits
        if depth > limits.max_depth:
            self.limit(event.start_mark, Code.TOO_DEEP, "diag.read.too_deep", self.pointer(depth),
                       limit=limits.max_depth)
        fields = event.args  # a quick event's fields (see _quick)
        if fields[0] is not None:  # every node event has an anchor first (None when the node has none)
            raise _Fallback  # anchors and aliases
        self.nodes += 1
        if self.nodes > limits.max_nodes:
            self.limit(event.start_mark, Code.TOO_MANY_NODES, "diag.read.too_many_nodes",
                       limit=f"{limits.max_nodes:,}")
        kind = type(event)
        if kind is _QUICK_SCALAR:
            _, tag, implicit, text, _, _, style = fields
            if tag is not None:
                return self.scalar(event, self.pointer(depth))
            if style:  # quoted or a block (without a tag, libyaml marks only plain text implicit)
                if style == '"' and UNSAFE.search(text):
                    raise _Fallback  # an escaped control character: noted with its position
                return self.strings.setdefault(text, text) if len(text) <= 32 else text
            first = text[:1]
            if first not in _IMPLICIT:  # text, whatever follows (most plain values: names, IDs)
                return self.strings.setdefault(text, text) if len(text) <= 32 else text
            if text.isdigit() and text.isascii() and len(text) < 19 and (first != "0" or len(text) == 1):
                return int(text)
            hit = _PLAIN.get(text)
            if hit is not None:
                if not hit[1] and type(hit[0]) is not bool:
                    return hit[0]  # a value that needs no note (booleans are noted with their pointer)
                return self.scalar(event, self.pointer(depth))
            if (first in _WORDS_ONLY and len(text) > 5) \
                    or str(_RESOLVER.resolve(yaml.ScalarNode, text, implicit)) == _STR:  # type: ignore[no-untyped-call]
                return self.strings.setdefault(text, text) if len(text) <= 32 else text
            return self.scalar(event, self.pointer(depth))
        tag = fields[1]
        if tag is not None and tag not in ("!", "?") and tag not in _STANDARD_TAGS:
            raise _Fallback
        get = self.get
        value = self.value
        keys = self.path_keys
        child_depth = depth + 1
        if kind is _QUICK_MAPPING_START:
            mapping: dict[str, Any] = {}
            strings = self.strings
            while True:
                key_event = get()
                if type(key_event) is not _QUICK_SCALAR:
                    if type(key_event) is _QUICK_MAPPING_END:
                        return mapping
                    raise _Fallback  # a key that is a list or a mapping, or an alias
                self.nodes += 1  # counted before anything else, as the full reader does
                if self.nodes > limits.max_nodes:
                    self.limit(key_event.start_mark, Code.TOO_MANY_NODES, "diag.read.too_many_nodes",
                               limit=f"{limits.max_nodes:,}")
                anchor, tag, implicit, text, _, _, _ = key_event.args
                key = strings.setdefault(text, text)
                if key in mapping or tag is not None or anchor is not None or (key == "<<" and implicit[0]):
                    raise _Fallback
                keys[depth] = key
                mapping[key] = value(get(), child_depth)
        if kind is _QUICK_SEQUENCE_START:
            items: list[Any] = []
            while True:
                child = get()
                if type(child) is _QUICK_SEQUENCE_END:
                    return items
                keys[depth] = len(items)
                items.append(value(child, child_depth))
        raise _Fallback  # an alias


_MAX_INT = 2**63 - 1

#: Plain scalar text -> (its value, whether its text differs from the JSON spelling), for
#: short texts (words, numbers, booleans) seen before: most values of a file repeat.
_PLAIN: dict[str, tuple[Any, bool]] = {}

#: How many values as written a document keeps (for messages; the rest show as read).
_MAX_WRITTEN = 10_000


def _json_spelling(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def dump_text(value: str) -> str:
    """Quote a string for safe inclusion in hand-written YAML (templates, assess, plans).

    Double quotes escape every character YAML does not allow raw, so the text reads back
    as it was (assessments may hold escaped control characters; they are shown escaped).
    """
    out = yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**6)
    return out.strip().removesuffix("...").strip()

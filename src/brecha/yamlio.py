"""The only door to YAML: safe, located, bounded parsing into JSON-shaped data.

Documents are built from the parser's event stream, not with ``yaml.load``: that way
every value's line and column is kept under its JSON pointer, duplicate keys and
non-standard tags are reported instead of silently accepted, and nesting depth and
alias expansion are bounded before they can exhaust memory or the stack.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from brecha.codes import Code
from brecha.errors import InputError, Issue, Location

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


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one input file; raise them with the environment variables shown."""

    max_bytes: int = field(default_factory=lambda: _env_int("BRECHA_MAX_BYTES", 32 * 2**20))
    max_depth: int = field(default_factory=lambda: _env_int("BRECHA_MAX_DEPTH", 64))
    max_nodes: int = field(default_factory=lambda: _env_int("BRECHA_MAX_NODES", 2_000_000))


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed YAML document: its data and where each value stands in the file."""

    path: str
    data: Any
    marks: dict[str, tuple[int, int, int, int]]
    """JSON pointer -> (line, column) of its key, then of its value (1-based; a list item
    or the root has no key and repeats the value's position)."""
    raw: bytes
    booleans: dict[str, str]

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """Location of the value at ``pointer`` (or of its key), else of its nearest parent."""
        probe = pointer
        while True:
            found = self.marks.get(probe)
            if found is not None:
                line, col = (found[0], found[1]) if key else (found[2], found[3])
                return Location(self.path, line, col, pointer)
            if not probe:
                return Location(self.path, 1, 1, pointer)
            probe = probe.rsplit("/", 1)[0]


def escape_pointer(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def read(path: str, *, limits: Limits | None = None) -> Document:
    """Read and parse one YAML file; raise :class:`InputError` with located problems."""
    limits = limits or Limits()
    return parse(read_bytes(path, limits=limits), path, limits=limits)


def read_bytes(path: str, *, limits: Limits | None = None) -> bytes:
    """Read one input file whole, within the size limit; raise :class:`InputError` if it cannot be."""
    limits = limits or Limits()
    try:
        size = os.path.getsize(path)
        if size > limits.max_bytes:
            raise InputError([_issue(path, 0, 0, Code.TOO_LARGE,
                f"file is {size:,} bytes; the limit is {limits.max_bytes:,} "
                "(set BRECHA_MAX_BYTES to raise it)",
                es=f"el archivo tiene {size:,} bytes; el límite es {limits.max_bytes:,} "
                "(súbalo con BRECHA_MAX_BYTES)")])
        with open(path, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except IsADirectoryError:
        raise InputError([_issue(path, 0, 0, Code.UNREADABLE, "is a folder, not a file",
                                 es="es una carpeta, no un archivo")]) from None
    except FileNotFoundError:
        raise InputError([_issue(path, 0, 0, Code.UNREADABLE, "no such file", es="no existe el archivo")]) from None
    except OSError as exc:
        raise InputError([_issue(path, 0, 0, Code.UNREADABLE, exc.strerror or str(exc))]) from None
    return raw


def _issue(path: str, line: int, col: int, code: Code, message: str, pointer: str = "",
           es: str | None = None) -> Issue:
    return Issue(Location(path, line, col, pointer), code, message, es=es)


def _decode(raw: bytes, path: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        raise InputError([_issue(path, line, col, Code.NOT_TEXT,
            "this is a binary file (it contains NUL bytes), not a YAML text file",
            es="es un archivo binario (contiene bytes NUL), no un archivo de texto YAML")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError([_issue(path, line, col, Code.ENCODING,
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; the file looks like "
            "Latin-1/Windows-1252 (a spreadsheet export?). Re-save it as UTF-8, e.g. "
            "`iconv -f latin1 -t utf-8 IN > OUT`",
            es=f"el byte 0x{raw[exc.start]:02x} no es UTF-8 válido; el archivo parece Latin-1/Windows-1252 "
            "(¿exportado de una hoja de cálculo?). Guárdelo como UTF-8, p. ej. "
            "`iconv -f latin1 -t utf-8 ENTRADA > SALIDA`")]) from None


def parse(raw: bytes, path: str = "<input>", *, limits: Limits | None = None) -> Document:
    """Parse bytes holding exactly one YAML document into JSON-shaped data."""
    limits = limits or Limits()
    if len(raw) > limits.max_bytes:
        raise InputError([_issue(path, 0, 0, Code.TOO_LARGE,
            f"input is {len(raw):,} bytes; the limit is {limits.max_bytes:,}")])
    text = _decode(raw, path)
    builder = _Builder(path, limits)
    try:
        data = builder.build(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            cm = exc.context_mark
            what += f" ({exc.context} that starts on line {cm.line + 1}, column {cm.column + 1})"
        hint = ""
        lines = text.splitlines()
        if 0 < line <= len(lines) and lines[line - 1][col - 1 : col] == "\t":
            hint = " (a tab: YAML indentation must use spaces)"
        builder.issues.append(_issue(path, line, col, Code.YAML_SYNTAX, f"{what}{hint}",
                                     es=f"YAML no válido: {what}" + (" (un tabulador: la sangría YAML usa "
                                                                    "espacios)" if hint else "")))
    except yaml.YAMLError as exc:
        builder.issues.append(_issue(path, 1, 1, Code.YAML_SYNTAX, str(exc)))
    except _Abort:
        pass
    if builder.issues:
        raise InputError(builder.issues)
    return Document(path, data, builder.marks, raw, builder.booleans)


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
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0

    def fail(self, mark: Any, code: Code, message: str, pointer: str = "", es: str | None = None) -> None:
        line, col = _position(mark)
        self.issues.append(_issue(self.path, line, col, code, message, pointer, es))

    def build(self, events: Iterator[yaml.Event]) -> Any:
        self.events = events
        documents = 0
        data: Any = None
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.fail(event.start_mark, Code.SEVERAL_DOCUMENTS,
                              "the file holds more than one YAML document (a second '---'); "
                              "put each document in its own file",
                              es="el archivo contiene más de un documento YAML (un segundo '---'); "
                              "ponga cada documento en su propio archivo")
                    raise _Abort
                data = self.node(next(events), "", 1)
        if (documents == 0 or data is None) and not self.issues:
            self.issues.append(_issue(self.path, 1, 1, Code.EMPTY, "the file is empty", es="el archivo está vacío"))
        return data

    def count(self, event: yaml.Event, weight: int = 1) -> None:
        self.nodes += weight
        if self.nodes > self.limits.max_nodes:
            self.fail(event.start_mark, Code.TOO_MANY_NODES,
                      f"the document expands to more than {self.limits.max_nodes:,} values "
                      "(an alias bomb?); set BRECHA_MAX_NODES to raise the limit")
            raise _Abort

    def check_tag(self, event: Any, pointer: str) -> bool:
        tag = event.tag
        if tag is None or tag in ("!", "?") or tag in _STANDARD_TAGS:
            return True
        self.fail(event.start_mark, Code.YAML_TAG,
                  f"YAML tag {tag!r} is not allowed: brecha reads data only, never objects",
                  pointer, es=f"la etiqueta YAML {tag!r} no se permite: brecha sólo lee datos, nunca objetos")
        return False

    def node(self, event: yaml.Event, pointer: str, depth: int, keyed: bool = False) -> Any:
        if depth > self.limits.max_depth:
            self.fail(event.start_mark, Code.TOO_DEEP,
                      f"nesting is deeper than {self.limits.max_depth} levels "
                      "(set BRECHA_MAX_DEPTH to raise the limit)", pointer)
            raise _Abort
        mark: Any = event.start_mark  # libyaml gives every node event its mark
        if not keyed:  # a mapping value's marks were recorded with its key
            line, col = mark.line + 1, mark.column + 1
            self.marks[pointer] = (line, col, line, col)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                self.fail(mark, Code.YAML_SYNTAX, f"unknown alias *{event.anchor}", pointer)
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
                self.fail(key_event.start_mark, Code.YAML_KEY,
                          "mapping keys must be plain text, not lists or mappings", pointer)
                raise _Abort
            key = key_event.value
            child_pointer = f"{pointer}/{escape_pointer(key) if '~' in key or '/' in key else key}"
            mark: Any = key_event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if key in seen:  # reported at the repeated key; the first one is kept
                self.fail(mark, Code.DUPLICATE_KEY,
                          f"key {key!r} appears twice in this mapping (first on line "
                          f"{seen[key]}); YAML would silently keep only the last one",
                          child_pointer, es=f"la clave {key!r} aparece dos veces (la primera en la línea "
                          f"{seen[key]}); YAML conservaría sólo la última sin avisar")
            value_event = next(self.events)
            if key not in seen:
                seen[key] = line
                vmark: Any = value_event.start_mark
                self.marks[child_pointer] = (line, col, vmark.line + 1, vmark.column + 1)
            if key == "<<" and key_event.tag is None and key_event.implicit[0]:
                self.fail(mark, Code.YAML_MERGE, "merge keys ('<<') are not supported", pointer)
            child = self.node(value_event, child_pointer, depth + 1, keyed=True)
            if key not in value:
                value[key] = child
        return value

    def scalar(self, event: yaml.ScalarEvent, pointer: str) -> Any:
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
            # PyYAML's scalar constructors fail in several ways on bad explicitly tagged
            # values (`!!bool foo` -> KeyError, `!!float ""` -> IndexError); found by fuzzing.
            if "integer string conversion" in str(exc):
                shown = f"a number with {len(event.value):,} digits is too long"
            elif isinstance(exc, (ValueError, yaml.YAMLError)):
                shown = str(exc)
            else:
                shown = f"{event.value!r} does not fit its tag"
            self.fail(event.start_mark, Code.YAML_VALUE, f"cannot read this value: {shown}", pointer)
            return None
        if value is not None and not isinstance(value, (bool, int, float)):
            # e.g. `!!map text`: a collection tag on a plain value (found by fuzzing)
            self.fail(event.start_mark, Code.YAML_VALUE, f"cannot read this value: {event.value!r} does not fit its tag",
                      pointer, es=f"no se puede leer este valor: {event.value!r} no corresponde a su etiqueta")
            return None
        if isinstance(value, bool):
            self.booleans[pointer] = event.value
        return value


def dump_text(value: str) -> str:
    """Quote a string for safe inclusion in hand-written YAML (templates)."""
    out = yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**6)
    return out.strip().removesuffix("...").strip()

"""Every interface string in Spanish and English, from one gettext catalogue; the choice of language.

The catalogue is ``locale/<lang>/LC_MESSAGES/brecha.po``, one file per language, in the
format translators and their tools (Poedit, Weblate, msgfmt) expect. Message IDs are stable
keys (``report.title``, ``assess.prompt.answer``...), not English sentences, so the English
file is a translation like the Spanish one and a test can require both to be complete.
Texts are ``str.format`` templates with named fields (``{rule}``); counted texts have plural
forms (``msgid_plural``, ``msgstr[n]``) chosen by the file's ``Plural-Forms`` header.

The ``.po`` files are read directly, not compiled to ``.mo``: an editable install runs no
build step, so a compiled file could not be guaranteed to exist or to match its source.
A file is parsed once, when a text is first needed, and the result is kept in brecha's
cache (:mod:`brecha.cache`) under the hash of the file and of this module, so a run reads
it back instead of parsing it again.

Content texts (rules, provisions...) are not here: they live in the YAML as ``es``/``en``.
"""

from __future__ import annotations

import gettext
import locale
import os
import re
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path

from brecha.frozen import record

__all__ = [
    "DEFAULT_LANG",
    "LOCATOR_WORDS",
    "Catalog",
    "Lang",
    "Message",
    "Plural",
    "catalog",
    "choices",
    "confidence_label",
    "env_lang",
    "label",
    "ntr",
    "parse_lang",
    "resolve_lang",
    "tr",
    "worded_locator",
]


class Lang(StrEnum):
    """A language with a catalogue. Adding one is a ``.po`` file and a member here."""

    ES = "es"
    EN = "en"


DEFAULT_LANG = Lang.ES  # the assessors this is built for mostly read Spanish

_LOCALE_DIR = Path(__file__).parent / "locale"


@record
class Catalog:
    """One language's messages: key -> text, or key -> plural forms."""

    lang: Lang
    messages: Mapping[str, str]
    plurals: Mapping[str, tuple[str, ...]]
    plural: Callable[[int], int]

    def keys(self) -> set[str]:
        """Every message ID, singular and plural."""
        return set(self.messages) | set(self.plurals)


_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _unquote(token: str, path: Path, number: int) -> str:
    if not (len(token) >= 2 and token[0] == token[-1] == '"'):
        raise ValueError(f"{path}:{number}: expected a quoted string, got {token!r}")
    body = token[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _parse_po(text: str, path: Path) -> dict[str, dict[str, str]]:
    """Entries of a .po file's ``text``: msgid -> {field: text} (fields msgid, msgid_plural, msgstr, msgstr[N])."""
    entries: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    field = ""

    def close() -> None:
        if "msgid" in current:
            entries[current["msgid"]] = dict(current)
        current.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and current:
                close()
            continue
        if line.startswith('"'):
            if not field:
                raise ValueError(f"{path}:{number}: text outside an entry")
            current[field] += _unquote(line, path, number)
            continue
        field, _, rest = line.partition(" ")
        if field == "msgid" and "msgid" in current:
            close()
        current[field] = _unquote(rest.strip(), path, number)
    close()
    return entries


def _load(lang: Lang) -> Catalog:
    """A language's catalogue: read from brecha's cache while its ``.po`` file and this module are
    unchanged (as the bundled content is, :mod:`brecha.cache`), else parsed and kept there.
    Parsing both catalogues takes about 6 ms, which every run pays before its first word."""
    from brecha import cache

    path = _LOCALE_DIR / lang.value / "LC_MESSAGES" / "brecha.po"
    raw = path.read_bytes()
    key = None
    if cache.directory() is not None:
        from hashlib import sha256

        key = sha256(b"catalog\0" + repr(sys.version_info[:3]).encode() + b"\0" + Path(__file__).read_bytes()
                     + b"\0" + raw).digest()
        found = cache.load(f"catalog-{lang.value}", key, {})  # plain data: no class may appear
        if isinstance(found, tuple) and len(found) == 3 and isinstance(found[0], dict) \
                and isinstance(found[1], dict) and isinstance(found[2], str):
            return Catalog(lang, found[0], found[1], gettext.c2py(found[2]))
    messages, plurals, expression = _parsed(raw.decode("utf-8"), path)
    if key is not None:
        cache.store(f"catalog-{lang.value}", key, (messages, plurals, expression))
    return Catalog(lang, messages, plurals, gettext.c2py(expression))


def _parsed(text: str, path: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]], str]:
    """A ``.po`` file's messages, plural forms, and plural rule (a C expression in ``n``)."""
    entries = _parse_po(text, path)
    header = entries.pop("", {}).get("msgstr", "")
    rule = "nplurals=2; plural=(n != 1);"
    for line in header.splitlines():
        if line.lower().startswith("plural-forms:"):
            rule = line.split(":", 1)[1].strip()
    expression = rule.split("plural=", 1)[1].rstrip(";").strip()
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for key, entry in entries.items():
        if "msgid_plural" in entry:
            forms = sorted((k for k in entry if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
            plurals[key] = tuple(entry[k] for k in forms)
        else:
            messages[key] = entry.get("msgstr", "")
    # c2py (the Catalog's rule) is what the standard library's own gettext uses for the header of a .mo file
    return messages, plurals, expression


_CATALOGS: dict[Lang, Catalog] = {}


def catalog(lang: Lang | str) -> Catalog:
    """The catalogue of ``lang``, read once."""
    key = Lang(lang)
    found = _CATALOGS.get(key)
    if found is None:
        found = _CATALOGS[key] = _load(key)
    return found


@record
class Message:
    """A message not yet put into words: its key and values (which may be messages too).

    Errors carry one, so the command line can word them in the language the user chose.
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def __init__(self, key: str, /, **values: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", tuple(values.items()))

    def text(self, lang: Lang | str) -> str:
        """The message in ``lang``."""
        return tr(self.key, lang, **{k: v.text(lang) if isinstance(v, Message | Plural) else v
                                     for k, v in self.values})

    def __str__(self) -> str:
        return self.text(Lang.EN)


@record
class Plural:
    """A counted message not yet put into words (``ntr``): a value of a :class:`Message` whose
    wording depends on a number ("1 character", "213 characters")."""

    key: str
    n: int
    values: tuple[tuple[str, object], ...] = ()

    def __init__(self, key: str, n: int, /, **values: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "values", tuple(values.items()))

    def text(self, lang: Lang | str) -> str:
        """The message in ``lang``, in the plural form its count needs."""
        return ntr(self.key, self.n, lang, **dict(self.values))

    def __str__(self) -> str:
        return self.text(Lang.EN)


def tr(key: str, lang: Lang | str, /, **values: object) -> str:
    """The message ``key`` in ``lang``, its ``{fields}`` filled from ``values``.

    A message missing from ``lang`` falls back to the other catalogue, then to the key
    itself (a test keeps both catalogues complete, so this is a safety net only).
    """
    text = catalog(lang).messages.get(key)
    if not text:
        text = next((c.messages[key] for c in map(catalog, Lang) if c.messages.get(key)), None)
        if text is None:
            return key
    return text.format(**values) if values else text


def ntr(key: str, count: int, lang: Lang | str, /, **values: object) -> str:
    """The counted message ``key`` in the plural form ``count`` needs; ``{n}`` is the count."""
    cat = catalog(lang)
    forms = cat.plurals.get(key)
    if not forms or not all(forms):
        cat = next((c for c in map(catalog, Lang) if c.plurals.get(key) and all(c.plurals[key])), cat)
        forms = cat.plurals.get(key)
        if not forms:
            return key
    index = min(cat.plural(count), len(forms) - 1)
    return forms[index].format(n=count, **values)


label = tr  # the report vocabulary reads better as "label" in the renderers


def choices() -> str:
    """The languages with a catalogue, as shown to users: ``es, en``."""
    return ", ".join(lang.value for lang in Lang)


def parse_lang(value: str) -> Lang | None:
    """The language a setting names (``es``, ``EN``, ``es_MX.UTF-8``, ``en-GB``), or None."""
    code = value.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return Lang(code) if code in Lang.__members__.values() else None


def env_lang() -> tuple[Lang | None, str | None]:
    """The language BRECHA_LANG names, and the raw value when it names none we have."""
    raw = os.environ.get("BRECHA_LANG", "").strip()
    if not raw:
        return None, None
    found = parse_lang(raw)
    return found, None if found else raw


def _locale_lang() -> Lang:
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not loc:
        loc = locale.getlocale()[0] or ""
    return parse_lang(loc) or DEFAULT_LANG if loc else DEFAULT_LANG


def resolve_lang(option: Lang | str | None = None) -> Lang:
    """The language of output: ``option``, else BRECHA_LANG, else the locale; Spanish by default.

    A BRECHA_LANG that names no catalogue is passed over here (the command line warns about it).

    Raises:
        ValueError: ``option`` names a language without a catalogue.
    """
    if option:
        found = parse_lang(option) if not isinstance(option, Lang) else option
        if found is None or (not isinstance(option, Lang) and option.strip().lower() != found.value):
            raise ValueError(option)
        return found
    from_env, _ = env_lang()
    return from_env or _locale_lang()


# A provision's locator ("art. 99, párrs. 1 a 4", "OG 23, párr. 5", "Capítulo IX") is
# written once, in the Spanish of the source it points into. For an English reader it is
# worded in English by this small vocabulary, word by word, never by guessing: numbers,
# Roman numerals, letters such as "g)" and document symbols pass through unchanged.
# tests/test_i18n.py holds every bundled locator to words this table knows.
_LOCATOR_WORDS_EN: Mapping[str, str] = {
    "art.": "art.", "arts.": "arts.",
    "párr.": "para.", "párrs.": "paras.",
    "fr.": "sec.", "frs.": "secs.",
    "inciso": "subpara.", "incisos": "subparas.",
    "OG": "GC",  # Observación General -> General Comment (joint CMW/CRC comments included)
    "Capítulo": "Chapter", "Capítulos": "Chapters",
    "Etapa": "Stage", "Etapas": "Stages",
    "título": "title", "Título": "Title",
    "y": "and",
}
_LOCATOR_PHRASES_EN: Mapping[str, str] = {"Versión Amigable": "Friendly Version"}
# "párrs. 1 a 4", "fr. I a XI": a range is written with an en dash in English.
_LOCATOR_RANGE = re.compile(r"\b(\w+) a ([0-9IVXLC]+)\b")
# A singular word in front of two numbers becomes plural ("fr. VI y VII" -> "secs. VI and VII").
_LOCATOR_SINGULAR_BEFORE_TWO = re.compile(r"\b(fr|párr|art)\. (\w+ (?:a|y) [0-9IVXLC]+)\b")
_LOCATOR_TOKEN = re.compile(r"[^\s,;()/]+")
LOCATOR_WORDS = frozenset(_LOCATOR_WORDS_EN) | frozenset(w for p in _LOCATOR_PHRASES_EN for w in p.split())


def worded_locator(text: str, lang: Lang | str) -> str:
    """A provision's locator worded for a reader of ``lang`` (Spanish as written)."""
    if Lang(lang) is Lang.ES:
        return text
    for spanish, english in _LOCATOR_PHRASES_EN.items():
        text = text.replace(spanish, english)
    text = _LOCATOR_SINGULAR_BEFORE_TWO.sub(lambda m: f"{m.group(1)}s. {m.group(2)}", text)
    text = _LOCATOR_RANGE.sub(lambda m: f"{m.group(1)}\u2013{m.group(2)}", text)
    return _LOCATOR_TOKEN.sub(lambda m: _LOCATOR_WORDS_EN.get(m.group(0), m.group(0)), text)


def confidence_label(confidence: str, lang: Lang | str, verified_in: str | None = None) -> str:
    """How well a provision is known, in words: ``verified_in`` (where a provision marked verified
    was read when not in the official text itself, e.g. an official body's reproduction) replaces
    "verified against the official text"."""
    if verified_in and confidence == "verified":
        return tr("confidence.verified_in", lang, where=verified_in)
    return tr("confidence." + confidence, lang)

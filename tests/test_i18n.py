"""The translation catalogue: complete in every language, every key the code uses exists, plurals."""

from __future__ import annotations

import ast
import json
import os
import re
import string
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from brecha import i18n, model
from brecha.cli import app
from brecha.errors import UsageError
from brecha.i18n import Lang, Message, ntr, tr

from helpers import MINI, ROOT

SRC = ROOT / "src" / "brecha"
#: Namespaced message keys: a string constant in the code shaped like one must be in the catalogue.
_KEY = re.compile(r"^(assess|cli|compare|count|coverage|diag|error|explain|issue|lint|notice|severity|summary|"
                  r"template)\.[a-z0-9_.-]+$")
#: Functions whose first argument is a message key.
_TAKES_KEY = {"tr", "ntr", "label", "helptext", "UsageError", "Message", "Plural", "of"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _used_keys() -> dict[str, str]:
    """Every literal message key in src/, with where it is used."""
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in _TAKES_KEY:
                    found.setdefault(node.args[0].value, where)
                elif name == "_notice":  # evaluation's notices: key notice.<code>
                    found.setdefault("notice." + node.args[0].value, where)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _KEY.match(node.value):
                found.setdefault(node.value, where)
    return found


def test_every_message_exists_in_every_language_with_the_same_fields() -> None:
    """A message missing (or empty) in one language, or with other {fields}, fails here."""
    catalogs = {lang: i18n.catalog(lang) for lang in Lang}
    keys = set().union(*(c.keys() for c in catalogs.values()))
    assert len(keys) > 200
    problems = []
    for key in sorted(keys):
        texts: dict[Lang, list[str]] = {}
        for lang, cat in catalogs.items():
            if key in cat.messages:
                texts[lang] = [cat.messages[key]]
            elif key in cat.plurals:
                texts[lang] = list(cat.plurals[key])
            if not texts.get(lang) or not all(texts[lang]):
                problems.append(f"{key}: no {lang.value} text")
        fields = {lang: set().union(*map(_fields, forms)) for lang, forms in texts.items()}
        if len({frozenset(f) for f in fields.values()}) > 1:
            problems.append(f"{key}: fields differ {fields}")
        kinds = {key in cat.plurals for cat in catalogs.values()}
        if len(kinds) > 1:
            problems.append(f"{key}: plural in one language only")
    assert not problems, "\n".join(problems)


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    """Code that names a message the catalogue lacks fails here, with the place it is used."""
    keys = i18n.catalog(Lang.EN).keys()
    used = _used_keys()
    assert "report.title" in used and "cli.bad_lang" in used and "notice.renamed" in used
    missing = {key: where for key, where in used.items() if key not in keys}
    assert not missing, missing


def test_keys_built_from_vocabularies_exist() -> None:
    """Confidence levels and legal forces are worded from the catalogue (keys built at run time)."""
    keys = i18n.catalog(Lang.EN).keys()
    schema = json.loads((SRC / "schemas" / "standard.schema.json").read_text(encoding="utf-8"))
    forces = schema["properties"]["legal_force"]["enum"]
    assert {f"confidence.{c.value}" for c in model.Confidence} <= keys
    assert {f"force.{f}" for f in forces} <= keys


def test_plural_forms() -> None:
    """Counts take the right form: 1 brecha, 2 brechas; 0 gaps, 1 gap."""
    assert ntr("count.gaps", 1, Lang.ES) == "1 brecha"
    assert ntr("count.gaps", 2, Lang.ES) == "2 brechas"
    assert ntr("count.critical_gaps", 1, Lang.ES) == "1 brecha crítica"
    assert ntr("count.gaps", 0, Lang.EN) == "0 gaps"
    assert ntr("count.gaps", 1, Lang.EN) == "1 gap"
    assert ntr("compare.count.improved", 11, Lang.ES) == "11 mejoraron"


def test_messages_format_values_and_nest() -> None:
    """A message carries its values and is worded late, in the language asked for."""
    error = UsageError("error.unknown_id", id="'X'", hint=Message("error.did_you_mean", close="Y"))
    assert error.text(Lang.ES) == "ninguna regla, disposición, debilidad, institución, norma o fuente tiene el " \
                                  "ID 'X'; ¿quiso decir Y?"
    assert str(error).endswith("has the ID 'X'; did you mean Y?")
    assert tr("no-such-key", Lang.ES) == "no-such-key"


#: model.py: content texts choose between their es and en (they live in the YAML, not here).
_BRANCHES_LEFT = {"model.py"}


def test_no_language_branches_outside_the_catalogue() -> None:
    """Interface text is chosen by the catalogue, not by ``lang == "es"`` (content texts excepted)."""
    branch = re.compile(r"""lang(uage)?\s*[!=]=\s*["'](es|en)["']""")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in SRC.rglob("*.py") if p.name not in _BRANCHES_LEFT
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if branch.search(line)]
    assert not offenders, offenders


def test_parse_lang() -> None:
    """Settings name languages with or without region and encoding; others name none."""
    assert i18n.parse_lang("es_MX.UTF-8") is Lang.ES
    assert i18n.parse_lang("EN-gb") is Lang.EN
    assert i18n.parse_lang("fr") is None
    assert i18n.parse_lang("") is None


class TestCommandLine:
    def _run(self, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "BRECHA_LANG": "en", **(env or {})},
                                  catch_exceptions=False)

    def test_unknown_lang_is_a_usage_error_in_both_languages(self) -> None:
        """--lang fr exits 2 and names the choices, in English and in Spanish."""
        result = self._run("explain", "T-DEC-01", "--rules", str(MINI), "--lang", "fr")
        assert result.exit_code == 2
        assert "--lang fr: there is no catalogue for that language; choose one of: es, en" in result.stderr
        assert "--lang fr: no hay catálogo para ese idioma; elija uno de: es, en" in result.stderr
        assert result.stdout == ""

    def test_lang_accepts_every_catalogue(self) -> None:
        """Each language with a catalogue is accepted; the output is in it."""
        for lang, word in ((Lang.ES, "Regla"), (Lang.EN, "Rule")):
            result = self._run("explain", "T-DEC-01", "--rules", str(MINI), "--lang", lang.value)
            assert result.exit_code == 0 and word in result.stdout

    def test_bad_brecha_lang_warns_and_falls_back(self) -> None:
        """BRECHA_LANG=fr does not stop the command: a warning, then the locale's language."""
        result = self._run("explain", "T-DEC-01", "--rules", str(MINI), env={"BRECHA_LANG": "fr", "LC_ALL": "en_US.UTF-8"})
        assert result.exit_code == 0
        assert "BRECHA_LANG=fr: there is no catalogue for that language (es, en); using en" in result.stderr
        assert "Rule" in result.stdout

    def test_usage_errors_in_spanish(self) -> None:
        """A usage error is worded in the chosen language, suggestions included."""
        result = self._run("template", "-i", "nope", "-l", "federal", "--rules", str(MINI), "--lang", "es")
        assert result.exit_code == 2
        assert result.stderr.startswith("brecha: tipo de institución desconocido 'nope'; conocidos: ")
        result = self._run("explain", "T-DEC-1", "--rules", str(MINI), "--lang", "es")
        assert result.exit_code == 2 and "; ¿quiso decir T-DEC-01" in result.stderr


@pytest.mark.parametrize(("lang", "words"), [("es", "Formato de salida"), ("en", "Output format")])
def test_help_in_the_chosen_language(lang: str, words: str) -> None:
    """--help is worded in the language of --lang (or BRECHA_LANG)."""
    env = {**os.environ, "NO_COLOR": "1", "BRECHA_LANG": "en", "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "brecha", "lint", "--help", "--lang", lang], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert words in result.stdout


def test_diagnostics_are_worded_from_the_catalogue() -> None:
    """A located diagnostic keeps its English message for tools and is shown in the reader's language."""
    from brecha.codes import Code
    from brecha.errors import Issue, Location

    issue = Issue.of(Location("a.yaml", 3, 5, "/answers/X/value"), Code.UNKNOWN_VALUE, "diag.unknown_value",
                     value="'often'", rule="X", allowed="a, b",
                     hint=Message("error.did_you_mean", close="'a'"))
    assert issue.message == "'often' is not an answer to X; allowed: a, b; did you mean 'a'?"
    assert issue.format(Lang.ES) == ("a.yaml:3:5: error [unknown-value] 'often' no es una respuesta válida para X; "
                                     "valores permitidos: a, b; ¿quiso decir 'a'? (en /answers/X/value)")


@pytest.mark.parametrize(("spanish", "english"), [
    ("art. 99, párrs. 1 a 4", "art. 99, paras. 1\u20134"),
    ("OG 23, párr. 5", "GC 23, para. 5"),
    ("art. 112, fr. I a XI", "art. 112, secs. I\u2013XI"),
    ("art. 57, párr. 3, fr. VI y VII", "art. 57, para. 3, secs. VI and VII"),
    ("art. 3, párrs. 1, 2 y 4", "art. 3, paras. 1, 2 and 4"),
    ("art. 94 y art. 89", "art. 94 and art. 89"),  # two articles: no plural is invented
    ("art. 30 Bis 8", "art. 30 Bis 8"),
    ("Capítulo IX", "Chapter IX"),
    ("Etapa 2 (2019) / Etapa 1 (Versión Amigable 2023)", "Stage 2 (2019) / Stage 1 (Friendly Version 2023)"),
    ("OG 22, párr. 32 j)", "GC 22, para. 32 j)"),
    ("CMW/C/GC/3-CRC/C/GC/22", "CMW/C/GC/3-CRC/C/GC/22"),
])
def test_a_locator_is_worded_in_english_and_left_as_written_in_spanish(spanish: str, english: str) -> None:
    assert i18n.worded_locator(spanish, Lang.EN) == english
    assert i18n.worded_locator(spanish, Lang.ES) == spanish


def test_every_bundled_locator_uses_only_words_the_english_wording_knows() -> None:
    """A new word in a locator ("numeral", "apartado"...) would reach English readers in Spanish: add it to the table."""
    from brecha import api

    lib = api.load_content()
    plain = re.compile(r"[0-9]+|[IVXLC]+|[a-z]\)?|Bis|Ter|CMW|[0-9]+-CRC|GC")
    unknown = {
        (pid, word)
        for pid, provision in lib.provisions.items() if provision.locator
        for word in re.findall(r"[^\s,;()/]+", provision.locator)
        if word not in i18n.LOCATOR_WORDS and not plain.fullmatch(word)
    }
    assert not unknown
    assert sum(1 for p in lib.provisions.values() if p.locator) > 150  # the check saw the content


def test_the_english_report_cites_locators_in_english() -> None:
    result = CliRunner().invoke(app, ["explain", "MX-ING-04", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "párr" not in result.output and "OG " not in result.output
    assert "para" in result.output
    spanish = CliRunner().invoke(app, ["explain", "MX-ING-04", "--lang", "es"])
    assert "párr" in spanish.output


def _catalog_copy(tmp_path, monkeypatch):
    """A copy of the catalogues to edit, read through brecha's cache (a fresh folder), none read yet."""
    import shutil

    locale = tmp_path / "locale"
    shutil.copytree(SRC / "locale", locale)
    monkeypatch.setattr(i18n, "_LOCALE_DIR", locale)
    monkeypatch.setattr(i18n, "_CATALOGS", {})
    monkeypatch.delenv("BRECHA_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return locale / "en" / "LC_MESSAGES" / "brecha.po"


def test_a_cached_catalogue_is_the_parsed_one(tmp_path, monkeypatch):
    _catalog_copy(tmp_path, monkeypatch)
    parsed = i18n.catalog("en")
    assert list((tmp_path / "xdg" / "brecha").glob("catalog-en-*.bin")), "the parsed catalogue is kept"
    monkeypatch.setattr(i18n, "_CATALOGS", {})
    monkeypatch.setattr(i18n, "_parse_po", lambda *_: pytest.fail("parsed again despite the cache"))
    cached = i18n.catalog("en")
    assert cached is not parsed
    assert (cached.messages, cached.plurals) == (parsed.messages, parsed.plurals)
    assert [cached.plural(n) for n in range(4)] == [parsed.plural(n) for n in range(4)]


def test_an_edited_catalogue_is_read_again_not_taken_from_the_cache(tmp_path, monkeypatch):
    po = _catalog_copy(tmp_path, monkeypatch)
    assert i18n.tr("institution", "en") == "Institution"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Institution"', 'msgstr "Body"', 1), encoding="utf-8")
    monkeypatch.setattr(i18n, "_CATALOGS", {})
    assert i18n.tr("institution", "en") == "Body"


def test_a_damaged_cached_catalogue_is_parsed_again(tmp_path, monkeypatch):
    _catalog_copy(tmp_path, monkeypatch)
    expected = i18n.catalog("en").messages
    for entry in (tmp_path / "xdg" / "brecha").glob("catalog-en-*.bin"):
        entry.write_bytes(entry.read_bytes()[:-40])
    monkeypatch.setattr(i18n, "_CATALOGS", {})
    assert i18n.catalog("en").messages == expected

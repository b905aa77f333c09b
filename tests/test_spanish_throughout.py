"""Spanish throughout (and English throughout): every command's help and error paths, in each language.

An assessor who works in Spanish must not meet English in what brecha tells them: not in
help, usage lines and usage errors (typer's and click's own words), not in the operating
system's reasons (missing, no permission, a folder, a full disk), not in the YAML parser's
problems, not in the summary's and chain's notes on files they could not read. And the
other way round with English.

Each language runs in its own interpreter (help texts and placeholders are chosen when the
command line is defined, from ``BRECHA_LANG``), which drives every case in-process and
returns what each wrote. A case names the files it reads from a small set made here:
malformed YAML of several kinds, a document of another kind, a folder, a file that is not
a workbook, and the bundled examples. A failure of the operating system that root cannot
meet (no permission) is simulated in the driver, at the system call.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT

EXAMPLE = str(ROOT / "examples" / "dif-municipal.yaml")
CHAIN_FOLDER = str(ROOT / "examples" / "estado-ilustrativo")

#: Words that give English away in Spanish output (whole words, case as written).
ENGLISH = re.compile(r"\b(Usage|Options|Arguments|Commands|OPTIONS|COMMAND|ARGS|Show this|No such|[Nn]o such|"
                     r"[Pp]ermission|denied|[Ii]s a directory|[Dd]irectory|[Ff]ound|[Ee]xpected|[Cc]annot|[Cc]ould|"
                     r"Missing|Invalid|Try|for help|required|default|Input should|valid|number|more|Choose|"
                     r"while|parsing|scanning|line|column|the|is|not|and|of|with|file|folder|Aborted|"
                     r"ASSESSMENT|FILE|DIR|PATH|TYPE|LEVEL|CODE|KIND|OLD|NEW|MORE)\b|<str>|<list|\{[a-z_]+\}")
#: Words that give Spanish away in English output.
SPANISH = re.compile(r"\b(Uso|Opciones|Argumentos|Comandos|OPCIONES|COMANDO|Pruebe|obligatorio|por omisión|"
                     r"[Nn]o existe|[Ff]alta|[Vv]alor|válido|[Pp]ermiso|denegado|carpeta|archivo|línea|columna|"
                     r"[Ss]e esperaba|[Nn]o se encontró|ARCHIVO|CARPETA|AUTOEVALUACIÓN|ANTERIOR|NUEVO|TIPO|NIVEL|"
                     r"CÓDIGO|es una|del|los|las|para|una)\b")

#: (name, arguments, simulated failure): every usage error and unreadable input a command meets.
CASES: list[tuple[str, list[str], str]] = [
    ("no command", [], ""),
    ("unknown command", ["nocmd"], ""),
    ("mistyped command", ["evalute", "x"], ""),
    ("unknown root option", ["--nope"], ""),
    ("evaluate: no argument", ["evaluate"], ""),
    ("evaluate: unknown option", ["evaluate", "{good}", "--bogus"], ""),
    ("evaluate: near option", ["evaluate", "{good}", "--forc"], ""),
    ("evaluate: extra argument", ["evaluate", "{good}", "extra"], ""),
    ("evaluate: missing file", ["evaluate", "{missing}"], ""),
    ("evaluate: a folder", ["evaluate", "{folder}"], ""),
    ("evaluate: unreadable", ["evaluate", "{good}"], "read-permission"),
    ("evaluate: read fails", ["evaluate", "{good}"], "read-io"),
    ("evaluate: no node content", ["evaluate", "{yaml_node}"], ""),
    ("evaluate: no key", ["evaluate", "{yaml_key}"], ""),
    ("evaluate: flow sequence", ["evaluate", "{yaml_flow}"], ""),
    ("evaluate: tab", ["evaluate", "{yaml_tab}"], ""),
    ("evaluate: value here", ["evaluate", "{yaml_value}"], ""),
    ("evaluate: quoted", ["evaluate", "{yaml_quote}"], ""),
    ("evaluate: other kind", ["evaluate", "{other_kind}"], ""),
    ("evaluate: fail-under not a number", ["evaluate", "{good}", "--fail-under", "abc"], ""),
    ("evaluate: fail-under too high", ["evaluate", "{good}", "--fail-under", "200"], ""),
    ("evaluate: unknown format", ["evaluate", "{good}", "-f", "xml"], ""),
    ("evaluate: format without value", ["evaluate", "{good}", "--format"], ""),
    ("evaluate: output is a folder", ["evaluate", "{good}", "-o", "{folder}"], ""),
    ("evaluate: output folder missing", ["evaluate", "{good}", "-o", "{missing}/r.txt"], ""),
    ("evaluate: output not permitted", ["evaluate", "{good}", "-o", "{folder}/r.txt"], "write-permission"),
    ("evaluate: disk full", ["evaluate", "{good}", "-o", "{folder}/r.txt"], "write-full"),
    ("evaluate: plan missing", ["evaluate", "{good}", "--plan", "{missing}"], ""),
    ("template: no institution", ["template"], ""),
    ("template: unknown institution", ["template", "-i", "nope", "-l", "estatal"], ""),
    ("schema: no kind", ["schema"], ""),
    ("schema: unknown kind", ["schema", "nope"], ""),
    ("summary: no path", ["summary"], ""),
    ("summary: unreadable files", ["summary", "{missing}", "{yaml_node}", "{good}"], ""),
    ("summary: empty folder", ["summary", "{empty}"], ""),
    ("summary: unknown sort", ["summary", "{good}", "--sort", "nope"], ""),
    ("summary: bad group size", ["summary", "{good}", "--min-group", "x"], ""),
    ("chain: no path", ["chain"], ""),
    ("chain: unreadable files", ["chain", "{chain}", "{missing}", "{yaml_key}"], ""),
    ("chain: unreadable files, JSON", ["chain", "{chain}", "{yaml_key}", "-f", "json"], ""),
    ("compare: one file", ["compare", "{good}"], ""),
    ("compare: missing file", ["compare", "{good}", "{missing}"], ""),
    ("explain: no ID", ["explain"], ""),
    ("explain: unknown ID", ["explain", "NOPE-XX-99"], ""),
    ("coverage: unknown rule set", ["coverage", "--ruleset", "nope"], ""),
    ("import: no file", ["import"], ""),
    ("import: missing", ["import", "{missing}"], ""),
    ("import: not a zip", ["import", "{not_zip}"], ""),
    ("import: damaged workbook", ["import", "{damaged}"], ""),
    ("export: no format", ["export"], ""),
    ("export: no institution", ["export", "xlsform"], ""),
    ("plan: no argument", ["plan"], ""),
    ("plan: missing file", ["plan", "{missing}"], ""),
    ("page: missing file", ["page", "{missing}"], ""),
    ("page: unknown format", ["page", "{good}", "-f", "pdf"], ""),
    ("draft: bad YAML", ["draft", "{yaml_node}"], ""),
    ("lint: missing and malformed", ["lint", "{missing}", "{yaml_flow}"], ""),
    ("lint: unknown code", ["lint", "--select", "nope"], ""),
    ("assess: a folder", ["assess", "{folder}"], ""),
    ("diff: missing assessments", ["diff", "{content}", "-a", "{missing}"], ""),
]


def _files(folder: Path) -> dict[str, str]:
    """The inputs the cases name, made in ``folder``."""
    yaml_texts = {
        "yaml_node": "kind: Assessment\nanswers: [\n",
        "yaml_key": "kind: Assessment\nanswers:\n  a: 1\n b: [1, 2\n",
        "yaml_flow": "kind: Assessment\nlist: [1, 2\nother: 3\n",
        "yaml_tab": "kind: Assessment\nanswers:\n\t- a\n",
        "yaml_value": "kind: Assessment\nkey: a: b\n",
        "yaml_quote": 'kind: Assessment\nkey: "a\\q"\n',
        "other_kind": "hola: 1\n",
    }
    made = {"good": EXAMPLE, "chain": CHAIN_FOLDER, "missing": str(folder / "nada.yaml"),
            "content": str(ROOT / "src" / "brecha" / "content")}
    for name, text in yaml_texts.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        made[name] = str(path)
    (folder / "carpeta.yaml").mkdir()
    made["folder"] = str(folder / "carpeta.yaml")
    (folder / "vacia").mkdir()
    made["empty"] = str(folder / "vacia")
    (folder / "x.xlsx").write_bytes(b"esto no es un libro")
    made["not_zip"] = str(folder / "x.xlsx")
    with zipfile.ZipFile(folder / "d.xlsx", "w") as archive:
        archive.writestr("xl/workbook.xml", "<dañado")
    made["damaged"] = str(folder / "d.xlsx")
    return made


def _drive(cases_json: str) -> None:  # pragma: no cover - runs in the child interpreter
    """Run each case in-process (this interpreter's help language is BRECHA_LANG's) and print what it wrote."""
    from typer.testing import CliRunner

    from brecha import output, yamlio
    from brecha.cli import COMMANDS, app

    real_open, real_mkstemp = os.open, output.tempfile.mkstemp
    results: dict[str, Any] = {"help": {}, "cases": {}}
    runner = CliRunner()
    env = {"BRECHA_LANG": os.environ["BRECHA_LANG"], "NO_COLOR": "1", "COLUMNS": "100"}
    for command in ["", *COMMANDS]:
        done = runner.invoke(app, [command, "--help"] if command else ["--help"], env=env)
        results["help"][command or "brecha"] = done.stdout + done.stderr
    cases, files = json.loads(cases_json)
    for name, args, failure in cases:
        def refuse_read(path: Any, *rest: Any, _failure: str = failure, **kw: Any) -> int:
            if str(path) == files["good"]:
                code = errno.EACCES if _failure == "read-permission" else errno.EIO
                raise OSError(code, os.strerror(code))
            return real_open(path, *rest, **kw)

        def refuse_write(*rest: Any, _failure: str = failure, **kw: Any) -> tuple[int, str]:
            code = errno.EACCES if _failure == "write-permission" else errno.ENOSPC
            raise OSError(code, os.strerror(code))

        if failure.startswith("read"):
            yamlio.os.open = refuse_read  # type: ignore[assignment]
        elif failure.startswith("write"):
            output.tempfile.mkstemp = refuse_write  # type: ignore[assignment]
        try:
            done = runner.invoke(app, [a.format(**files) for a in args], env=env)
        finally:
            yamlio.os.open, output.tempfile.mkstemp = real_open, real_mkstemp  # type: ignore[assignment]
        results["cases"][name] = {"code": done.exit_code, "stderr": done.stderr,
                                  "stdout": done.stdout if "JSON" in name or name.startswith("lint") else "",
                                  "exception": repr(done.exception) if done.exit_code == 1 and done.exception else ""}
    print(json.dumps(results))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Both languages, each driven in its own interpreter."""
    folder = tmp_path_factory.mktemp("entradas")
    files = _files(folder)
    out = {}
    for lang in ("es", "en"):
        env = {**os.environ, "BRECHA_LANG": lang, "NO_COLOR": "1", "COLUMNS": "100"}
        done = subprocess.run([sys.executable, __file__, json.dumps([CASES, files])], env=env, capture_output=True,
                              text=True, check=False, cwd=folder)
        assert done.returncode == 0, done.stderr
        out[lang] = (json.loads(done.stdout), files)
    return out


def _cleaned(text: str, files: dict[str, str]) -> str:
    """Output without what is the user's or the content's, not brecha's wording: paths, codes, IDs, values."""
    for path in sorted(files.values(), key=len, reverse=True):
        text = text.replace(path, "<>").replace(os.path.basename(path), "<>")
    text = re.sub(r"\[[a-z0-9-]+\]", "", text)  # problem codes: [yaml-syntax]
    text = re.sub(r"'[^'\n]*'|«[^»\n]*»", "''", text)  # quoted values the user typed, the parser's characters
    text = re.sub(r"--[a-z-]+|-[a-z]\b", "", text)  # option names
    text = re.sub(r"\b[a-z]+(\|[a-z0-9-]+)+\b", "", text)  # literal choices: console|json, es|en, ruleset|stage
    return re.sub(r"\b(SourceRegister|InstitutionRegistry|Standard|RuleSet|Assessment|ActionPlan|kind|xlsform|"
                  r"ID|N|JSON|YAML|CSV|ZIP|NUL|Excel|KoBoToolbox|ODK|git|AAAA-MM-DD)\b", "", text)


@pytest.mark.parametrize("command", ["brecha", "lint", "evaluate", "template", "assess", "schema", "compare", "summary",
                                     "chain", "draft", "page", "explain", "coverage", "diff", "import", "export", "plan"])
def test_help_is_in_one_language(runs: dict[str, tuple[dict[str, Any], dict[str, str]]], command: str) -> None:
    """Usage line, headings, placeholders, defaults and the help option: no English in Spanish, nor the reverse."""
    for lang, wrong in (("es", ENGLISH), ("en", SPANISH)):
        results, files = runs[lang]
        text = results["help"][command]
        assert ("Uso: brecha" if lang == "es" else "Usage: brecha") in text, text
        found = wrong.findall(_cleaned(text, files))
        assert not found, f"{lang} help of {command}: {found}\n{text}"


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_errors_are_in_one_language(runs: dict[str, tuple[dict[str, Any], dict[str, str]]], name: str) -> None:
    """Each error path says what went wrong in the chosen language only (and fails as documented: exit 2 or 3)."""
    for lang, wrong in (("es", ENGLISH), ("en", SPANISH)):
        results, files = runs[lang]
        case = results["cases"][name]
        assert case["code"] in (2, 3), f"{lang} {name}: exit {case['code']} {case['exception']}\n{case['stderr']}"
        said = [f["message"] for f in json.loads(case["stdout"])["failures"]] if "JSON" in name else [case["stdout"]]
        text = "\n".join([case["stderr"], *said])  # of JSON, what brecha words: both languages' content aside
        assert text.strip(), f"{lang} {name}: nothing said"
        found = wrong.findall(_cleaned(text, files))
        assert not found, f"{lang} {name}: {found}\n{text}"


def test_the_usage_line_reads_as_click_writes_it(runs: dict[str, tuple[dict[str, Any], dict[str, str]]]) -> None:
    """Arguments by their placeholder, bracketed when optional, "..." when repeated; never typer's ``{name}``."""
    es, en = runs["es"][0]["help"], runs["en"][0]["help"]
    assert es["brecha"].startswith("Uso: brecha [OPCIONES] COMANDO [ARGUMENTOS]...")
    assert en["brecha"].startswith("Usage: brecha [OPTIONS] COMMAND [ARGS]...")
    assert es["evaluate"].startswith("Uso: brecha evaluate [OPCIONES] AUTOEVALUACIÓN\n")
    assert en["evaluate"].startswith("Usage: brecha evaluate [OPTIONS] ASSESSMENT\n")
    assert es["lint"].startswith("Uso: brecha lint [OPCIONES] [ARCHIVO|CARPETA]...\n")
    assert en["diff"].startswith("Usage: brecha diff [OPTIONS] OLD [NEW]\n")
    assert "\n  AUTOEVALUACIÓN  " in es["evaluate"] and "<str>" not in es["evaluate"]


def test_the_reasons_are_named_in_each_language(runs: dict[str, tuple[dict[str, Any], dict[str, str]]]) -> None:
    """The operating system's and the parser's reasons are worded, not passed through (what the hunt above reads)."""
    es, en = runs["es"][0]["cases"], runs["en"][0]["cases"]
    assert "no se puede escribir" in es["evaluate: output not permitted"]["stderr"]
    assert "permiso denegado" in es["evaluate: output not permitted"]["stderr"]
    assert "no queda espacio en el disco" in es["evaluate: disk full"]["stderr"]
    assert "error de entrada/salida" in es["evaluate: read fails"]["stderr"]
    assert "input/output error" in en["evaluate: read fails"]["stderr"]
    assert "no se encontró la clave esperada (en el bloque de claves que empieza en la línea 1, columna 1)" \
        in es["evaluate: no key"]["stderr"]
    assert "did not find expected key (while parsing a block mapping that starts on line 1, column 1)" \
        in en["evaluate: no key"]["stderr"]
    summary = es["summary: unreadable files"]["stderr"]
    assert "no existe el archivo" in summary and "no se encontró el contenido esperado" in summary
    chain = json.loads(es["chain: unreadable files, JSON"]["stdout"])
    assert "no se encontró la clave esperada" in chain["failures"][0]["message"]


def test_a_reason_the_catalogue_lacks_is_still_in_the_readers_language() -> None:
    """An operating-system error or a YAML problem without its own message: named, never in English in Spanish."""
    from brecha.errors import os_reason
    from brecha.yamlio import _syntax

    reason = os_reason(OSError(errno.EOVERFLOW, os.strerror(errno.EOVERFLOW)))
    assert reason.text("es") == "error del sistema EOVERFLOW" and reason.text("en") == "system error EOVERFLOW"
    assert os_reason(OSError("no number")).text("es") == "error del sistema (OSError)"
    issue = _syntax("a.yaml", 2, 3, "found a brand-new problem", "", "")
    assert issue.format("es") == "a.yaml:2:3: error [yaml-syntax] YAML no válido: error de sintaxis"
    assert issue.format("en") == "a.yaml:2:3: error [yaml-syntax] found a brand-new problem"


if __name__ == "__main__":  # pragma: no cover - the child interpreter of the fixture
    _drive(sys.argv[1])

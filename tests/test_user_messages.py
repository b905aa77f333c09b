"""What an assessor or maintainer is told when a file is wrong: allowed values, formats, hints.

Every diagnostic an assessor meets names what is allowed (or the expected format) in both
languages, with a hint for the usual near misses (``Siempre``, ``15/11/2026``, ``estatal``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import api, loading, model
from brecha.cli import app
from brecha.codes import Code
from brecha.errors import InputError, UsageError
from brecha.templating import new_draft

from helpers import ROOT

EXAMPLE = ROOT / "examples" / "procuraduria-estatal-norte.yaml"
CONTENT = ROOT / "src" / "brecha" / "content"


@pytest.fixture(scope="module")
def library() -> model.Library:
    return api.load_content()


def _variant(tmp_path: Path, *replacements: tuple[str, str]) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _messages(path: str, library: model.Library, lang: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        loading.load_assessment(path, library)
    return [issue.format(lang) for issue in caught.value.issues]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_day_first_date_gets_the_format_and_the_date_meant(tmp_path: Path, library: model.Library,
                                                          lang: str) -> None:
    """``15/11/2026`` is refused with the expected format and the ISO date it stands for."""
    path = _variant(tmp_path, ('assessed_on: "2026-10-15"', 'assessed_on: "15/11/2026"'))
    (message,) = _messages(path, library, lang)
    assert "2026-11-15" in message
    assert ("AAAA-MM-DD" if lang == "es" else "YYYY-MM-DD") in message


@pytest.mark.parametrize("lang", ["es", "en"])
def test_capitalised_value_gets_allowed_values_and_the_value_meant(tmp_path: Path, library: model.Library,
                                                                  lang: str) -> None:
    """``Siempre`` on a frequency rule lists the scale and suggests ``siempre``."""
    path = _variant(tmp_path, ("value: casi_siempre", "value: Siempre"))
    (message,) = _messages(path, library, lang)
    assert "nunca, a_veces, casi_siempre, siempre, not_applicable" in message
    assert "'siempre'?" in message
    assert f"[{Code.UNKNOWN_VALUE}]" in message


@pytest.mark.parametrize("lang", ["es", "en"])
def test_value_with_a_space_lists_the_rules_own_scale(tmp_path: Path, library: model.Library, lang: str) -> None:
    """``a veces`` on a maturity rule lists that rule's values (no false suggestion)."""
    path = _variant(tmp_path, ("value: inicial", "value: a veces"))
    (message,) = _messages(path, library, lang)
    assert "inexistente, inicial, definido, implementado, monitoreado, not_applicable" in message
    assert "?" not in message


def test_near_misses_of_scale_values(library: model.Library) -> None:
    """Labels, spaces, accents and "no aplica" lead to the value meant; nonsense to none."""
    from brecha.consistency import suggest_value

    frequency = next(rs.scales["frecuencia"] for rs in library.rulesets.values() if "frecuencia" in rs.scales)
    assert suggest_value(frequency, "A veces") == "a_veces"
    assert suggest_value(frequency, "casi-siempre") == "casi_siempre"
    assert suggest_value(frequency, "No aplica") == model.NOT_APPLICABLE
    assert suggest_value(frequency, "mañana") is None


def test_level_names_mean_their_levels(library: model.Library) -> None:
    """``estatal``, ``Estatal`` and ``state`` all mean the level ``state``."""
    for typed in ("state", "estatal", "Estatal", " ESTATAL ", "State"):
        assert model.level_id(library, typed) == "state"
    assert model.level_id(library, "provincial") is None
    draft = new_draft(library, "procuraduria-proteccion", "estatal", date="2026-01-01")
    assert draft.level == "state"
    with pytest.raises(UsageError):
        new_draft(library, "procuraduria-proteccion", "provincial", date="2026-01-01")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_level_name_in_a_file_gets_its_id(tmp_path: Path, library: model.Library, lang: str) -> None:
    """``level: estatal`` in a file is refused with the ID to write."""
    path = _variant(tmp_path, ("level: state", "level: estatal"))
    (message,) = _messages(path, library, lang)
    assert "'state'" in message and "estatal" in message


def test_template_accepts_the_spanish_level_name() -> None:
    """``brecha template -l estatal`` writes a state template."""
    result = CliRunner().invoke(app, ["template", "-i", "procuraduria-proteccion", "-l", "estatal", "--lang", "es"],
                                env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "  level: state\n" in result.stdout


def test_a_broken_rule_set_causes_no_cascade(tmp_path: Path) -> None:
    """A schema typo in a rule set is one error, not a warning for every provision it covers."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    rules = root / "rules" / "ruta-mx.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("weight: 5", "weight: five", 1), encoding="utf-8")
    result = api.lint([str(root)], str(root))
    codes = [issue.code for issue in result.issues]
    assert codes == [Code.SCHEMA]


def test_an_unreadable_rule_set_causes_no_cascade(tmp_path: Path) -> None:
    """A rule set that is not even YAML silences coverage warnings instead of multiplying them."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "rules" / "ruta-mx.yaml").write_text("kind: RuleSet\nrules: [\n", encoding="utf-8")
    result = api.lint([str(root)], str(root))
    assert result.errors == 1 and result.warnings == 0


def test_rules_folder_means_its_content_root(run_cli: Callable[..., object]) -> None:
    """``--rules`` at the rules folder uses the content root, and says so on standard error."""
    result = run_cli("lint", "--rules", str(CONTENT / "rules"), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "using the content root" in result.stderr
    assert "0 errors" in result.stdout


@pytest.fixture
def run_cli() -> Callable[..., object]:
    def _run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "BRECHA_LANG": "en"})

    return _run


@pytest.mark.parametrize(("target", "expected"), [
    ("MX-NOPE-99", "unknown rule"), ("CRM-DET-01", "same rule set"), ("MX-ING-25", "one answer cannot serve both")])
def test_equivalent_rules_are_checked(tmp_path: Path, target: str, expected: str) -> None:
    """equivalent_to names a rule of another rule set that answers on the same values."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    rules = root / "rules" / "crm-regional.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "equivalent_to: [MX-ING-07]" in text
    rules.write_text(text.replace("equivalent_to: [MX-ING-07]", f"equivalent_to: [{target}]"), encoding="utf-8")
    messages = [issue.message for issue in api.lint([str(root)], str(root)).issues]
    assert len(messages) == 1 and expected in messages[0]


def _bad_assessment(tmp_path: Path) -> str:
    return _variant(tmp_path, ("value: casi_siempre", "value: Siempre"), ("value: inicial", "value: a veces"),
                    ('assessed_on: "2026-10-15"', 'assessed_on: "15/11/2026"'))


def test_lint_select_ignore_and_statistics(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    """--select keeps codes, --ignore drops them (both count what they hid), --statistics counts by code."""
    bad = _bad_assessment(tmp_path)
    full = api.lint([bad])
    codes = {str(i.code) for i in full.issues}
    assert {"schema", "unknown-value"} <= codes
    only = api.lint([bad], select=["unknown-value"])
    assert {str(i.code) for i in only.issues} == {"unknown-value"}
    assert only.hidden == len(full.issues) - len(only.issues) > 0
    assert not any(str(i.code) == "schema" for i in api.lint([bad], ignore=["schema"]).issues)
    assert {str(i.severity) for i in api.lint([bad], select=["error"]).issues} == {"error"}
    result = run_cli("lint", bad, "--statistics", "--ignore", "schema")
    out = result.stdout  # type: ignore[attr-defined]
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Problems by code:" in out
    count = sum(str(i.code) == "unknown-value" for i in full.issues)
    assert f"{count}  unknown-value" in out
    assert "left out by --select/--ignore" in out
    data = json.loads(run_cli("lint", bad, "--statistics", "-f", "json").stdout)  # type: ignore[attr-defined]
    assert data["statistics"]["unknown-value"] == count


def test_lint_unknown_code_is_a_usage_error(run_cli: Callable[..., object]) -> None:
    """A misspelt code is refused with the closest one."""
    result = run_cli("lint", "--select", "schem")
    assert result.exit_code == 2 and "'schema'" not in result.stderr and "schema?" in result.stderr  # type: ignore[attr-defined]


def test_rule_aware_schema_checks_answer_values(run_cli: Callable[..., object]) -> None:
    """schema assessment -i -l: the example validates; a value off its rule's scale does not."""
    from jsonschema import Draft202012Validator

    from brecha.yamlio import read

    result = run_cli("schema", "assessment", "-i", "procuraduria-proteccion", "-l", "estatal", "--ruleset", "ruta-mx")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    schema = json.loads(result.stdout)  # type: ignore[attr-defined]
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    data = read(str(EXAMPLE)).data
    assert list(validator.iter_errors(data)) == []
    answers = schema["properties"]["answers"]["properties"]
    value = answers["MX-ING-20"]["oneOf"][1]["properties"]["value"]
    assert value["enum"][:4] == ["nunca", "a_veces", "casi_siempre", "siempre"]
    data["answers"]["MX-ING-20"]["value"] = "definido"  # a maturity value on a frequency rule
    assert list(validator.iter_errors(data))
    assert run_cli("schema", "ruleset", "-i", "inm", "-l", "federal").exit_code == 2  # type: ignore[attr-defined]


def test_template_names_its_rule_aware_schema(run_cli: Callable[..., object]) -> None:
    """The template's comment gives the command that writes the schema its yaml-language-server line uses."""
    out = run_cli("template", "-i", "dif", "-l", "municipal").stdout  # type: ignore[attr-defined]
    assert "brecha schema assessment -i dif -l municipal --ruleset ruta-mx --ruleset crm-regional " \
           "-o assessment.schema.json" in out
    assert "# yaml-language-server: $schema=assessment.schema.json" in out


def test_coverage_matrix_in_every_format(run_cli: Callable[..., object]) -> None:
    """--matrix lists every provision with its rules: console (80 columns), Markdown and JSON agree."""
    cov = api.coverage(matrix=True, standards=["ley-migracion"])
    (std,) = cov.standards
    some = next(p for p in std.provisions if len(p.rules) > 1)
    md = run_cli("coverage", "--matrix", "--standard", "ley-migracion", "-f", "markdown").stdout  # type: ignore[attr-defined]
    assert f"| `{some.id}` " in md and ", ".join(f"`{r}`" for r in some.rules) in md
    data = json.loads(run_cli("coverage", "-f", "json").stdout)  # type: ignore[attr-defined]
    assert data["matrix"][some.id] == list(some.rules)
    console = run_cli("coverage", "--matrix", "--standard", "ley-migracion").stdout  # type: ignore[attr-defined]
    assert some.id in console and max(len(line) for line in console.splitlines()) <= 80
    assert run_cli("coverage", "--standard", "nope").exit_code == 2  # type: ignore[attr-defined]


def test_a_document_of_another_kind_is_named_in_spanish_too(tmp_path: Path) -> None:
    """An action plan given where a self-assessment is expected: the problem in the reader's language."""
    plan = tmp_path / "plan.yaml"
    shutil.copy(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte.plan.yaml", plan)
    with pytest.raises(InputError) as caught:
        loading.load_assessment(str(plan), api.load_content())
    issue = caught.value.issues[0]
    assert issue.code == "wrong-kind" and issue.es is not None and "autoevaluación" in issue.es


@pytest.mark.parametrize(("args", "spanish"), [
    (["evaluate"], "Falta el argumento '{assessment}'."),
    (["evaluate", "x.yaml", "--nope"], "No existe la opción --nope"),
    (["summary", "x.yaml", "--sort", "nope"], "'nope' no es uno de los valores permitidos"),
    (["evaluate", "x.yaml", "--fail-under", "200"], "debe ser como mucho 100"),
    (["nocmd"], "No existe el comando 'nocmd'."),
])
def test_usage_errors_are_spanish(args: list[str], spanish: str) -> None:
    """click's usage errors and usage line are worded in the user's language (exit 2)."""
    from brecha.cli._common import helptext  # the argument by its placeholder, in the language help was built in

    spanish = spanish.format(assessment=helptext("cli.metavar.assessment"))
    result = CliRunner().invoke(app, args, env={"BRECHA_LANG": "es", "NO_COLOR": "1"})
    assert result.exit_code == 2
    assert spanish in result.stderr
    if args != ["nocmd"]:
        assert "Uso: brecha" in result.stderr and "para ver la ayuda" in result.stderr
    english = CliRunner().invoke(app, args, env={"BRECHA_LANG": "en", "NO_COLOR": "1"})
    assert english.exit_code == 2 and "Error:" in english.stderr and spanish not in english.stderr


def test_help_is_spanish_throughout() -> None:
    """Headings, labels and the help option itself follow the language, as the command texts do."""
    result = CliRunner().invoke(app, ["summary", "--help"], env={"BRECHA_LANG": "es", "COLUMNS": "100"})
    out = result.stdout
    for word in ("Uso: brecha summary", "Argumentos:", "Opciones:", "[obligatorio]", "[por omisión: console]",
                 "Mostrar esta ayuda y salir."):
        assert word in out, word
    for english in ("Usage:", "Show this message", "[required]", "default:"):
        assert english not in out, english
    assert "Show this message and exit." in CliRunner().invoke(app, ["summary", "--help"],
                                                               env={"BRECHA_LANG": "en"}).stdout


def test_unrecognised_click_sentences_pass_through() -> None:
    """A sentence brecha does not know is shown as click wrote it, never dropped."""
    from brecha.cli._localize import localized_error

    assert localized_error("Something new happened.", "es") == "Something new happened."
    assert localized_error("Missing argument 'x'.", "en") == "Missing argument 'x'."
    assert localized_error("Invalid value for '-f': 'y' is not one of 'a', 'b'.", "es") == \
        "Valor no válido para '-f': 'y' no es uno de los valores permitidos: 'a', 'b'."


def test_an_action_for_someone_the_rule_does_not_apply_to_is_an_error(tmp_path: Path) -> None:
    """action_for words the action for whom the rule applies to; any other key is a located error."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    rules = root / "rules" / "ruta-mx.yaml"
    text = rules.read_text(encoding="utf-8")
    marker = "    action_for:\n      procuraduria-proteccion:\n        es: No recomendar un retorno sin valorar por escrito"
    assert text.count(marker) == 1
    rules.write_text(text.replace(marker, marker.replace("procuraduria-proteccion:", "comar:")), encoding="utf-8")
    issues = api.lint([str(root)], str(root)).issues
    assert len(issues) == 1
    assert str(issues[0].code) == "unknown-institution" and "'comar'" in issues[0].message
    where = issues[0].location  # at the wording for the unknown key
    assert where.line == text[:text.index(marker)].count("\n") + 3 and where.pointer.endswith("/action_for/comar")

"""Many "no aplica" answers never earn a rating (design 4a: "many not-applicable answers ... are
flagged loudly").

A specialist's probe: a state DIF that answers 33 of its 37 own duties of the Ruta "no aplica",
each justified, the other four at the top. Its score over four duties is 100; rated as if earned,
it read «Consolidado». When more of a rule set's own duties than its ``not_applicable_share``
are declared not applicable with nobody outside the assessing team confirming it, the rating is
withheld in every format: the score is shown for what it is over, the report opens with what to
review, and ``--fail-under`` fails.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from brecha import api, loading, model, scoring
from brecha.cli import app
from brecha.evaluation import evaluate, evaluate_brief
from brecha.i18n import tr
from brecha.renderers import console, html, markdown
from brecha.renderers import json as json_report
from brecha.renderers._sections import review_first
from brecha.report import Brief, GapReport

from helpers import ROOT, assessment, own_duties, top_answers

LIB = api.load_content()
WHY = "La institución no interviene en esta etapa en el estado"
RS = LIB.rulesets["ruta-mx"]
OWN = own_duties(LIB, "dif", "state", "ruta-mx")
_CRITICAL = {c.id for c in RS.criticalities.values() if c.critical}
#: The duties the probe declares not applicable: every non-critical one (33 of 37 for a state DIF).
DECLARED = [r.id for r in OWN if r.criticality not in _CRITICAL and r.absolute is None]


def _probe(declared: list[str] | None = None, *, confirmed_by: str | None = None, lib: model.Library = LIB,
           assessors: tuple[tuple[str, str | None], ...] = ()) -> model.Assessment:
    """The state DIF at the top of every own duty with evidence, ``declared`` answered not
    applicable (justified; confirmed by ``confirmed_by`` when given)."""
    answers: dict[str, Any] = top_answers(lib, "dif", "state", "ruta-mx")
    for rule_id in DECLARED if declared is None else declared:
        answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    built = assessment("dif", "state", answers, rulesets=("ruta-mx",), version=RS.version)
    if confirmed_by is not None:
        built = dataclasses.replace(built, answers={
            k: dataclasses.replace(a, confirmed_by=confirmed_by) if a.value == model.NOT_APPLICABLE else a
            for k, a in built.answers.items()})
    return dataclasses.replace(built, assessors=assessors)


def _flat(text: str) -> str:
    """Text as a reader reads it: the console's panel borders and HTML's quote entities aside."""
    return " ".join(text.replace("┃", " ").replace("│", " ").replace("&#x27;", "'").replace("&#39;", "'").split())


def _console(rep: GapReport, lang: str, *, concise: bool, width: int = 80) -> str:
    buffer = io.StringIO()
    shown = console.render(rep, lang) if concise else console.render_detail(rep, lang)
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(shown)
    return buffer.getvalue()


def review_first_line(rep: GapReport, lang: str) -> str:
    (line,) = review_first(rep, lang)
    return line


def test_the_probe_is_the_reviewers() -> None:
    assert (len(DECLARED), len(OWN)) == (33, 37)
    assert RS.not_applicable_share is not None and len(DECLARED) > RS.not_applicable_share * len(OWN)


def test_the_reviewers_probe_is_not_rated_and_every_format_says_why() -> None:
    """33 of 37 duties "no aplica": no rating, whatever the score over the four left; each format
    (console concise and detail at 80 columns, Markdown, HTML; es and en) says "not rated:
    insufficient coverage (33 of 37 …)", what the score is over, and opens with the review; none
    calls the rating Consolidado or says nothing is urgent."""
    rep = evaluate(_probe(), LIB)
    result = rep.results[0]
    assert result.rating is None and result.rating_label is None and rep.rating is None
    assert result.withheld is not None and (result.withheld.not_applicable, result.withheld.rules) == (33, 37)
    assert result.withheld.scored == 4 and result.score.evidenced == 100
    assert result.uncapped is None and result.uncapped_label is None and not result.provisional  # no band offered
    assert not result.capped and not result.caps
    words = {"es": ("sin calificación: cobertura insuficiente (33 de 37 deberes «no aplica»)",
                    "es sobre 4 deberes y no da lugar a una calificación, porque no refleja el conjunto de sus deberes",
                    "Revise primero las respuestas «no aplica» de ruta-mx (33 de 37 deberes, sin confirmar)",
                    "Consolidado", "Nada urgente"),
             "en": ("not rated: insufficient coverage (33 of 37 duties 'not applicable')",
                    "is over 4 duties and gives no rating, as it does not reflect the whole of its duties",
                    "Review first the 'not applicable' answers of ruta-mx (33 of 37 duties, unconfirmed)",
                    "Consolidated", "Nothing urgent")}
    for lang, (why, over, review, top, calm) in words.items():
        concise = _console(rep, lang, concise=True)
        assert max(len(line) for line in concise.splitlines()) <= 80
        assert (tr_cell := ("Sin calificación" if lang == "es" else "Not rated")) in concise, tr_cell
        for text in (concise, _console(rep, lang, concise=False), markdown.render(rep, lang), html.render(rep, lang)):
            flat = _flat(text)
            assert over in flat and review in flat, (lang, flat[:1500])
            assert top not in flat and calm not in flat, (lang, flat[:1500])
        heading = "## Qué hacer primero" if lang == "es" else "## Fix first"
        lines = [line for line in markdown.render(rep, lang).splitlines() if line.strip()]
        assert lines[lines.index(heading) + 1] == f"**{review_first_line(rep, lang)}**"  # the opening's first line
        for text in (_console(rep, lang, concise=False), markdown.render(rep, lang), html.render(rep, lang)):
            assert why in _flat(text), (lang, _flat(text)[:1500])
    data = json.loads(json_report.render(rep, "es"))
    assert data["report_schema_version"] == 9
    assert data["results"][0]["rating"] is None and data["results"][0]["uncapped_rating"] is None
    assert data["results"][0]["withheld"] == {
        "not_applicable": 33, "rules": 37, "scored": 4, "share": 0.2,
        "reason": "sin calificación: cobertura insuficiente (33 de 37 deberes «no aplica»)", "fixed_by": []}
    assert any(n["code"] == "many-not-applicable" and n["loud"] for n in data["notices"])


def test_a_summarys_brief_withholds_it_the_same_way() -> None:
    assert evaluate_brief(_probe(), LIB) == Brief.of(evaluate(_probe(), LIB))


def test_at_exactly_the_share_the_rating_is_given_and_one_more_withholds_it() -> None:
    """The share is a limit one may reach: at exactly ``not_applicable_share`` of the own duties
    the rating is given; one more declared, it is withheld."""
    n = len(OWN)
    for count in (5, 10, 37 // 2):
        lib = dataclasses.replace(LIB, rulesets={**LIB.rulesets, "ruta-mx": dataclasses.replace(
            RS, not_applicable_share=count / n)})
        at = evaluate(_probe(DECLARED[:count], lib=lib), lib).results[0]
        assert at.withheld is None and at.rating == "consolidado", count
        over = evaluate(_probe(DECLARED[:count + 1], lib=lib), lib).results[0]
        assert over.withheld is not None and over.rating is None and over.withheld.not_applicable == count + 1


@pytest.mark.parametrize(("count", "rules", "share", "over"), [
    (2, 10, 0.2, False), (3, 10, 0.2, True), (57, 100, 0.57, False), (58, 100, 0.57, True), (7, 37, 0.2, False),
    (8, 37, 0.2, True), (1, 1, 0.0, True), (0, 10, 0.0, False), (99, 100, None, False)])
def test_over_share_is_more_than_the_share_whatever_the_rounding(count: int, rules: int, share: float | None,
                                                                  over: bool) -> None:
    """0.57 x 100 is 56.99999999999999 in floating point: 57 of 100 is still within 0.57."""
    assert scoring.over_share(count, rules, share) is over


def test_a_rule_set_without_a_share_is_never_withheld() -> None:
    lib = dataclasses.replace(LIB, rulesets={**LIB.rulesets, "ruta-mx": dataclasses.replace(
        RS, not_applicable_share=None)})
    rep = evaluate(_probe(lib=lib), lib)
    assert rep.results[0].withheld is None and rep.rating == "consolidado"
    assert not any(n.code == "many-not-applicable" for n in rep.notices)


def test_answers_confirmed_from_outside_do_not_count_toward_the_share() -> None:
    """Confirmed by someone outside the assessing team (``confirmed_by``), a "no aplica" is a duty
    someone answerable says does not apply: the rating is given, and the loud warning stays."""
    rep = evaluate(_probe(confirmed_by="Secretaría Ejecutiva del SIPINNA estatal, oficio 7/2026"), LIB)
    assert rep.results[0].withheld is None and rep.rating == "consolidado"
    assert any(n.code == "many-not-applicable" for n in rep.notices)
    flat = _flat(markdown.render(rep, "es"))
    assert "muchos se declararon «no aplica»: revise primero esas respuestas" in flat and "Nada urgente" not in flat
    # half confirmed: the 16 left unconfirmed are still more than 20 % of 37
    half = dataclasses.replace(_probe(), answers={
        k: dataclasses.replace(a, confirmed_by="SIPINNA estatal") if k in DECLARED[:17] else a
        for k, a in _probe().answers.items()})
    held = evaluate(half, LIB).results[0].withheld
    assert held is not None and held.not_applicable == 16


def test_a_confirmation_by_an_assessor_counts_as_none() -> None:
    """One of the assessors cannot confirm from outside: the rating stays withheld."""
    rep = evaluate(_probe(confirmed_by="Ana Pérez", assessors=(("Ana Pérez", "Directora"),)), LIB)
    assert rep.results[0].withheld is not None and rep.rating is None


def test_a_withheld_rating_keeps_its_caps_and_breaches() -> None:
    """Withholding never hides what the answers admit: a critical duty at the bottom of its scale
    still holds its cap (named with its rules). Its answer alone holds the rating at the lowest
    band, which no answer to the duties declared not applicable can lift: the rating is that band,
    qualified, in every format (never "not rated, at most Insuficiente")."""
    critical = next(r for r in OWN if r.criticality in _CRITICAL and r.absolute is None)
    probe = _probe()
    bottom = RS.scales[critical.scale].values[0]
    probe = dataclasses.replace(probe, answers={**probe.answers, critical.id: dataclasses.replace(
        probe.answers[critical.id], value=bottom)})
    result = evaluate(probe, LIB).results[0]
    assert result.rating == "insuficiente" and result.withheld is not None and result.fixed_by == (critical.id,)
    assert result.held_at == "insuficiente" and any(critical.id in c.rules for c in result.caps)
    rep = evaluate(probe, LIB)
    flat = _flat(markdown.render(rep, "en"))
    assert ("ruta-mx: coverage is insufficient to rate by the score, but this cap already fixes the rating at "
            "'Insufficient', whatever the other answers.") in flat
    # one rule holds it: the line agrees in number (it said "while these stay so" for one)
    assert f"At most 'Insufficient' while this stays so: {critical.id}" in flat
    for lang, said in (("es", "Insuficiente (deber crítico incumplido; cobertura insuficiente: 33 de 37 deberes "
                              "«no aplica»)"),
                       ("en", "Insufficient (critical duty unmet; insufficient coverage: 33 of 37 duties "
                              "'not applicable')")):
        for text in (_console(rep, lang, concise=False), markdown.render(rep, lang), html.render(rep, lang)):
            assert said in _flat(text), (lang, _flat(text)[:1500])
            assert "como máximo «Insuficiente» por sus topes" not in text and "at most 'Insufficient' by" not in text
        assert said in json.loads(json_report.render(rep, lang))["results"][0]["withheld"]["reason"]


def test_a_withheld_rating_held_above_the_lowest_band_says_the_most_it_could_be() -> None:
    """Declaring duties not applicable never reads better than what the answers given already
    hold: only non-critical duties declared (so no critical duty counts as unanswered), and a
    critical duty answered below its target but above the bottom: the critical-gap cap holds it
    at En desarrollo whatever the rest, and the rating line says so, in every format."""
    critical = next(r for r in OWN if r.criticality in _CRITICAL and r.absolute is None)
    declared = [r.id for r in OWN if r.absolute is None and r.criticality not in _CRITICAL]
    probe = _probe(declared)
    middle = RS.scales[critical.scale].values[1]
    probe = dataclasses.replace(probe, answers={**probe.answers, critical.id: dataclasses.replace(
        probe.answers[critical.id], value=middle)})
    rep = evaluate(probe, LIB)
    (result,) = rep.results
    assert result.withheld is not None and result.rating is None and result.held_at == "en-desarrollo"
    na = result.withheld.not_applicable
    for lang, said in (("es", f"cobertura insuficiente ({na} de 37 deberes «no aplica»); como máximo «En desarrollo» "
                              "por sus topes"),
                       ("en", f"insufficient coverage ({na} of 37 duties 'not applicable'); at most 'Developing' "
                              "by its caps")):
        for text in (_console(rep, lang, concise=False), markdown.render(rep, lang), html.render(rep, lang)):
            assert said in _flat(text), (lang, _flat(text)[:1500])
        assert said in json.loads(json_report.render(rep, lang))["results"][0]["withheld"]["reason"]


def _write(tmp_path: Path, built: model.Assessment) -> Path:
    answers: dict[str, Any] = {}
    for rule_id, a in built.answers.items():
        answers[rule_id] = ({"value": a.value, "justification": a.justification} if a.value == model.NOT_APPLICABLE
                            else {"value": a.value, "evidence": list(a.evidence)})
    path = tmp_path / "dif.yaml"
    path.write_text(yaml.safe_dump({
        "kind": "Assessment", "schema_version": 1,
        "institution": {"type": "dif", "level": "state", "name": "DIF de prueba", "jurisdiction": "MX-TAB"},
        "assessed_on": "2026-09-30", "rulesets": [{"id": "ruta-mx", "version": RS.version}],
        "answers": answers}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_fail_under_fails_a_withheld_rating(tmp_path: Path) -> None:
    """A score of 100 over 4 duties does not pass ``--fail-under 50``: exit 1, saying why, in
    Spanish and English; with the duties answered, the same threshold passes."""
    path = _write(tmp_path, _probe())
    runner = CliRunner()
    for lang, said in (("es", "ruta-mx no tiene calificación (cobertura insuficiente: 33 de 37 deberes «no aplica»"),
                       ("en", "ruta-mx has no rating (insufficient coverage: 33 of 37 duties 'not applicable'")):
        run = runner.invoke(app, ["evaluate", str(path), "--fail-under", "50", "--lang", lang, "-f", "json"])
        assert run.exit_code == 1 and said in run.stderr, (run.exit_code, run.stderr)
        assert json.loads(run.stdout)["results"][0]["withheld"]["scored"] == 4
    (tmp_path / "rated").mkdir()
    rated = _write(tmp_path / "rated", _probe([]))
    run = runner.invoke(app, ["evaluate", str(rated), "--fail-under", "50", "-f", "json"])
    assert run.exit_code == 0, run.stderr


def test_fail_under_names_the_band_an_admitted_absolute_breach_fixes(tmp_path: Path) -> None:
    """A withheld rating that an admitted absolute breach fixes at the lowest band is rated: the
    message says that band and why, never that there is no rating (exit 1 all the same)."""
    absolute = next(r for r in OWN if r.absolute is not None)
    probe = _probe()
    breached = dataclasses.replace(probe, answers={**probe.answers, absolute.id: dataclasses.replace(
        probe.answers[absolute.id], value=RS.scales[absolute.scale].values[-2])})
    path = _write(tmp_path, breached)
    runner = CliRunner()
    for lang, said, never in (("es", "ruta-mx está calificado «Insuficiente» por un deber absoluto incumplido",
                               "no tiene calificación"),
                              ("en", "ruta-mx is rated “Insufficient” by an admitted breach of an absolute duty",
                               "has no rating")):
        run = runner.invoke(app, ["evaluate", str(path), "--fail-under", "50", "--lang", lang, "-f", "json"])
        assert run.exit_code == 1 and said in run.stderr and never not in run.stderr, (run.exit_code, run.stderr)


# --- summary, confidential summary, compare, page ----------------------------------------------


def _round(tmp_path: Path, name: str, built: model.Assessment, *, on: str, institution: str = "DIF de prueba",
           jurisdiction: str = "MX-TAB") -> str:
    """``built`` written as a file of its own: one round of ``institution``, assessed ``on``."""
    path = _write(tmp_path, built)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["institution"].update(name=institution, jurisdiction=jurisdiction)
    data["assessed_on"] = on
    target = tmp_path / name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path.unlink()
    return str(target)


def _console_text(renderable: Any, width: int = 80) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def test_summary_marks_a_withheld_rating_and_never_averages_its_score(tmp_path: Path) -> None:
    """Three state DIFs: 60-ish, the probe (100 over 4 duties), and a fully answered one at the top.
    The probe's row says it is not rated (console, CSV, JSON), it is listed with its counts, and its
    100 is not in the means, which say what they are over (n=2 of 3)."""
    from brecha.renderers import rounds
    from brecha.renderers import summary as summary_console
    from brecha.summarizing import GroupBy, SortBy, SummaryOptions

    half = {r.id: (RS.scales[r.scale].values[len(RS.scales[r.scale].values) // 2], ("Registro",), None) for r in OWN}
    paths = [_round(tmp_path, "a.yaml", _probe(), on="2026-09-30"),
             _round(tmp_path, "b.yaml", _probe([]), on="2026-09-30", institution="DIF completo"),
             _round(tmp_path, "c.yaml", assessment("dif", "state", half, rulesets=("ruta-mx",), version=RS.version),
                    on="2026-09-30", institution="DIF a medias")]
    result = api.summarize_paths(paths, options=SummaryOptions(group_by=GroupBy.TYPE, sort=SortBy.SCORE))
    probe = next(row for row in result.rows if row.report.institution_name == "DIF de prueba")
    cell = probe.cell("ruta-mx")
    assert cell is not None and cell.withheld is not None and cell.rating is None and cell.score.evidenced == 100
    assert result.unrated == (probe,) and not result.provisional
    total = result.total[0]
    assert total.count == 3 and total.averaged_over("ruta-mx") == 2
    # its critical gaps (none: its duties are declared, not short) do not lower the "!" mean either
    rated = [row for row in result.rows if row is not probe]
    assert total.critical_over == 2
    assert total.mean_critical_gaps == pytest.approx(sum(r.report.critical_duties for r in rated) / 2)
    others = [row.cell("ruta-mx").score.evidenced for row in result.rows if row is not probe]  # type: ignore[union-attr]
    assert dict(total.means)["ruta-mx"] == pytest.approx(sum(others) / 2)  # type: ignore[arg-type]
    assert result.rows[-1] is probe  # sorted by rating: never among the best performers for its 100
    for lang, short, listed in (("es", "sin calif.", "DIF de prueba — ruta-mx: 33 de 37 deberes «no aplica», sin confirmar"),
                                ("en", "not rated", "DIF de prueba — ruta-mx: 33 of 37 duties 'not applicable', unconfirmed")):
        text = _console_text(summary_console.render(result, lang))
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
        assert short in text and listed in " ".join(text.split()), text
        assert "n=2" in text
        csv_text = rounds.summary_csv(result, lang)
        assert csv_text.count("sólo en los recuentos: sin calificación" if lang == "es" else "in the counts only: not rated") == 1
        assert ("Sin calificación: cobertura insuficiente (33 de 37 deberes «no aplica»)" if lang == "es" else
                "Not rated: insufficient coverage (33 of 37 duties 'not applicable')") in csv_text
    data = json.loads(rounds.summary_json(result, "en"))
    row = next(a for a in data["assessments"] if a["institution"] == "DIF de prueba")
    assert row["rating"] is None and row["by_ruleset"]["ruta-mx"]["rating"] is None
    assert row["by_ruleset"]["ruta-mx"]["withheld"] == {"not_applicable": 33, "rules": 37, "scored": 4, "share": 0.2}
    assert data["withheld"]["institutions"] == 1
    assert data["groups"]["groups"][-1]["averaged_over"] == {"ruta-mx": 2}
    # the workbook greys the withheld 100 instead of colouring it green as if earned
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    from brecha.renderers.spreadsheet import summary_xlsx

    ws = openpyxl.load_workbook(io.BytesIO(summary_xlsx(result, "en")))["Summary"]
    header = [c.value for c in ws[1]]
    at = next(n for n in range(2, ws.max_row + 1) if ws.cell(n, 1).value == "DIF de prueba")
    for column in ("Score (evidenced)", "ruta-mx: Score (evidenced)", "Score (claimed)"):
        col = header.index(column) + 1
        spans = [range_boundaries(str(r)) for cf in ws.conditional_formatting for r in cf.sqref.ranges
                 if get_column_letter(col) in str(r)]
        coloured = {row for _, low, _, high in spans for row in range(low, high + 1)}
        assert at not in coloured and coloured == set(range(2, ws.max_row + 1)) - {at}, column
        # no number at all: sorted or filtered, a blank never passes for a score of 100
        assert ws.cell(at, col).value is None and ws.cell(at, col).fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(at, header.index("Duties scored (not rated)") + 1).value == "ruta-mx: 4 of 37"
    assert all(ws.cell(n, header.index("Duties scored (not rated)") + 1).value is None
               for n in range(2, ws.max_row + 1) if n != at)
    # nor in the CSV: the withheld row's score cells are empty, and it says what the score was over
    table = list(csv.DictReader(io.StringIO(rounds.summary_csv(result, "en"))))
    line = next(r for r in table if r["Institution"] == "DIF de prueba")
    assert line["Score (evidenced)"] == line["Score (claimed)"] == line["ruta-mx: Score (evidenced)"] == ""
    assert line["Duties scored (not rated)"] == "ruta-mx: 4 of 37"
    assert all(r["Score (evidenced)"] not in ("", "—") for r in table if r is not line)


def test_the_confidential_summary_counts_provisional_and_withheld_ratings(tmp_path: Path) -> None:
    """Five state DIFs (a group big enough to publish at a smallest group of 3): two withheld, one
    provisional (a critical duty declared not applicable, unconfirmed), two rated. The group says
    1 provisional and 2 not rated in every format, and its mean is over the three others."""
    from brecha.renderers import confidential
    from brecha.renderers import summary as summary_console

    critical = next(r.id for r in OWN if r.criticality in _CRITICAL and r.absolute is None)
    built = [_probe(), _probe(), _probe([critical]), _probe([]), _probe([])]
    paths = [_round(tmp_path, f"{n}.yaml", b, on="2026-09-30", institution=f"DIF {n}") for n, b in enumerate(built)]
    anonymous, _ = api.summarize_anonymous(paths, min_group=3)
    (group,) = anonymous.groups
    assert (group.count, group.with_provisional, group.with_withheld) == (5, 1, 2)
    assert group.averaged_over("ruta-mx") == 3
    data = json.loads(confidential.render_json(anonymous, "en"))
    assert data["groups"][0]["with_provisional_rating"] == 1 and data["groups"][0]["with_withheld_rating"] == 2
    assert data["total"]["with_withheld_rating"] == 2
    lines = confidential.render_csv(anonymous, "en").splitlines()
    assert lines[0].endswith("with_provisional_rating,with_withheld_rating") and lines[1].endswith(",1,2")
    for lang, heads in (("es", ("prov.", "s/calif.")), ("en", ("prov.", "unrated"))):
        text = _console_text(summary_console.render_anonymous(anonymous, lang))
        assert all(h in text for h in heads) and max(len(line.rstrip()) for line in text.splitlines()) <= 80


def test_compare_shows_a_withheld_round_beside_a_rated_one_either_way(tmp_path: Path) -> None:
    """One DIF's rounds: 2026 withheld, 2027 every duty answered at the top (and the reverse). The
    rating row says which round is not rated and why; JSON gives rating null and withheld."""
    from brecha.renderers import rounds

    withheld = _round(tmp_path, "2026.yaml", _probe(), on="2026-09-30")
    rated = _round(tmp_path, "2027.yaml", _probe([]), on="2027-09-30")
    rated_first = _round(tmp_path, "2025.yaml", _probe([]), on="2025-09-30")
    for old, new, which in ((withheld, rated, "old"), (rated_first, withheld, "new")):
        comparison = api.compare_paths(old, new)
        assert comparison.same_institution
        md = " ".join(rounds.compare_markdown(comparison, "es").split())
        assert "Sin calificación: cobertura insuficiente (33 de 37 deberes «no aplica»)" in md and "Consolidado" in md
        data = json.loads(rounds.compare_json(comparison, "en"))
        other = "new" if which == "old" else "old"
        assert data[which]["rating"] is None and data[which]["withheld"]["not_applicable"] == 33
        assert data[other]["rating"] == "consolidado" and data[other]["withheld"] is None
    trend = api.compare_paths(rated_first, withheld, None, rated)
    data = json.loads(rounds.compare_json(trend, "en"))
    assert [p["assessed_on"] for p in data["trend"]] == ["2025-09-30", "2026-09-30", "2027-09-30"]
    assert [p["withheld"] is not None for p in data["trend"]] == [False, True, False]
    assert [p["rating"] for p in data["trend"]] == ["consolidado", None, "consolidado"]


def test_compare_gives_no_stage_score_in_a_withheld_round(tmp_path: Path) -> None:
    """The probe's stages rest on its few answered duties, at 100: beside a rated round they
    would read as a score like any other. The withheld round's stages give none (Markdown, JSON,
    the trend; the console is drawn from the same lines), the rated rounds' keep theirs."""
    from brecha.renderers import rounds

    withheld = _round(tmp_path, "2026.yaml", _probe(), on="2026-09-30")
    rated = _round(tmp_path, "2027.yaml", _probe([]), on="2027-09-30")
    rated_first = _round(tmp_path, "2025.yaml", _probe([]), on="2025-09-30")
    comparison = api.compare_paths(rated_first, withheld)
    assert comparison.by_phase and all(line.new is None and line.old == 100 for line in comparison.by_phase)
    data = json.loads(rounds.compare_json(comparison, "en"))
    assert all(line["new"] is None for line in data["by_phase"])
    md = rounds.compare_markdown(comparison, "en")
    stages = md.split(f"## {tr('by_phase', 'en')}", 1)[1].split("## ", 1)[0]
    assert stages.count("| 100.0 | — |") == len(comparison.by_phase), stages
    trend = json.loads(rounds.compare_json(api.compare_paths(rated_first, withheld, None, rated), "en"))
    assert [all(v is None for v in p["by_phase"].values()) for p in trend["trend"]] == [False, True, False]


def _rated_low() -> model.Assessment:
    """The probe's DIF rated: every own duty answered, the critical ones at the top with evidence,
    the others (those the probe declares not applicable) at the bottom of their scales."""
    built = _probe([])
    return dataclasses.replace(built, answers={
        k: dataclasses.replace(a, value=RS.scales[LIB.rules[k].scale].values[0], evidence=()) if k in DECLARED else a
        for k, a in built.answers.items()})


@pytest.mark.parametrize("lang", ["es", "en"])
def test_compare_gives_no_change_of_score_beside_a_withheld_round(tmp_path: Path, lang: str) -> None:
    """A rated round beside the withheld probe (100 over its 4 duties answered), either way: the
    withheld round's overall score is shown as its report shows it, with what it is over, and no
    change is given (Δ —, and why), in Markdown, the console at 80 columns and JSON (its score
    beside ``scored``, never where a consumer reads a change); its rule set's line and the trend
    give none either. The rated rounds keep their scores."""
    from brecha.renderers import rounds, terminal

    rated = _round(tmp_path, "2025.yaml", _rated_low(), on="2025-09-30")
    withheld = _round(tmp_path, "2026.yaml", _probe(), on="2026-09-30")
    rated_after = _round(tmp_path, "2027.yaml", _rated_low(), on="2027-09-30")
    over = {"es": "100.0 (sobre 4 deberes)", "en": "100.0 (over 4 duties)"}[lang]
    for old, new, which in ((rated, withheld, "new"), (withheld, rated_after, "old")):
        comparison = api.compare_paths(old, new)
        other = "old" if which == "new" else "new"
        low = getattr(comparison, other).overall.evidenced
        assert low is not None and low < 90  # a change of more than ten points to hide
        md = rounds.compare_markdown(comparison, lang)
        scores = [line for line in md.splitlines() if line.startswith(f"| {tr('score', lang)} (")][:2]
        assert len(scores) == 2 and all(over in line and line.endswith("| — |") for line in scores), scores
        assert tr("compare.withheld_not_compared", lang) in md
        by_ruleset = md.split(f"## {tr('by_ruleset', lang)}", 1)[1].split("## ", 1)[0]
        assert f"| {low:.1f} |" in by_ruleset and "100.0" not in by_ruleset and "+" not in by_ruleset, by_ruleset
        buffer = io.StringIO()
        Console(file=buffer, width=80, color_system=None, force_terminal=False).print(terminal.markdown(md))
        shown = buffer.getvalue()
        head = shown.split(tr("by_phase", lang), 1)[0]
        assert over in head and f"{100 - low:.1f}" not in head, head  # no fall or rise of the score
        data = json.loads(rounds.compare_json(comparison, lang))
        assert data[which]["claimed"] is None and data[which]["evidenced"] is None
        assert (data[which]["withheld"]["evidenced"], data[which]["withheld"]["scored"]) == (100, 4)
        assert data[other]["evidenced"] == round(low, 2) and data[other]["withheld"] is None
        assert data["by_ruleset"][0][which] is None and data["by_ruleset"][0][other] == round(low, 2)
    trend = api.compare_paths(rated, withheld, None, rated_after)
    md = rounds.compare_markdown(trend, lang)
    assert md.split(f"## {tr('compare.trend', lang)}", 1)[1].split("\n\n", 2)[1].count(over) == 1
    points = json.loads(rounds.compare_json(trend, lang))["trend"]
    assert [p["evidenced"] is None for p in points] == [False, True, False]
    assert [p["by_ruleset"]["ruta-mx"] is None for p in points] == [False, True, False]


def test_the_page_says_not_rated_and_what_to_review(tmp_path: Path) -> None:
    from brecha.renderers import page

    path = _round(tmp_path, "pagina.yaml", _probe(), on="2026-09-30")
    built = api.page_path(path)
    assert built.rating is None and not any(r.reached or r.rating for r in built.ladder)
    for lang, why, review in (("es", "Sin calificación en ruta-mx: 33 de 37 deberes propios",
                               "Revise primero las respuestas «no aplica» de ruta-mx"),
                              ("en", "No rating in ruta-mx: 33 of 37 own duties",
                               "Review first the 'not applicable' answers of ruta-mx")):
        text = _flat(page.render_html(built, lang))
        assert why in text and review in text, text[:2000]
        # no big score (its 100 beside the ladder read as the top band): the rating is the large
        # element, the score small with what it is over
        over = "sobre 4 de 37 deberes (sin calificación)" if lang == "es" else "over 4 of 37 duties (not rated)"
        html_text = page.render_html(built, lang)
        assert 'class="big"' not in html_text and f": 100 {over}" in html_text
        assert f'<div class="bigword">{tr("rating_withheld", lang)}</div>' in html_text


def test_no_word_of_the_other_language_in_what_a_withheld_rating_says(tmp_path: Path) -> None:
    """Everything brecha says about a withheld rating comes from the catalogue in the reader's
    language: the report's formats, the summary (both kinds), compare and --fail-under's message."""
    from test_spanish_throughout import ENGLISH, SPANISH

    from brecha.renderers import rounds
    from brecha.renderers import summary as summary_console

    rep = evaluate(_probe(), LIB)
    rated = _round(tmp_path, "2027.yaml", _probe([]), on="2027-09-30")
    withheld = _round(tmp_path, "2026.yaml", _probe(), on="2026-09-30")
    built = [_round(tmp_path, f"{n}.yaml", _probe(), on="2026-09-30", institution=f"DIF {n}") for n in range(3)]
    summary = api.summarize_paths([withheld, *built])
    anonymous, _ = api.summarize_anonymous([withheld, *built], min_group=2)
    comparison = api.compare_paths(withheld, rated)
    runner = CliRunner()
    for lang, other in (("es", ENGLISH), ("en", SPANISH)):
        failed = runner.invoke(app, ["evaluate", withheld, "--fail-under", "50", "--lang", lang, "-f", "json"])
        texts = {"concise": _console(rep, lang, concise=True), "detail": _console(rep, lang, concise=False),
                 "markdown": markdown.render(rep, lang),
                 "json reason": json.loads(json_report.render(rep, lang))["results"][0]["withheld"]["reason"],
                 "summary": _console_text(summary_console.render(summary, lang)),
                 "csv": rounds.summary_csv(summary, lang).split("\n", 1)[1],  # the header names fields
                 "confidential": _console_text(summary_console.render_anonymous(anonymous, lang)),
                 "compare": rounds.compare_markdown(comparison, lang), "fail-under": failed.stderr}
        for name, text in texts.items():
            # the institutions' names, the files' paths and the field's own name are not brecha's words
            text = text.replace(str(tmp_path), "").replace("DIF de prueba", "").replace("confirmed_by", "")
            found = sorted({m.group(0) for m in other.finditer(text)})
            assert not found, (lang, name, found)


def test_diff_shows_a_share_change_withholding_or_giving_a_rating(tmp_path: Path) -> None:
    """A maintainer who lowers ruta-mx's not_applicable_share sees which assessments lose their
    rating, and how many duties they declared not applicable (text, Markdown, JSON)."""
    import shutil

    from brecha.renderers import diff

    content = Path(api.__file__).parent / "content"
    edited = tmp_path / "content"
    shutil.copytree(content, edited)
    rules = edited / "rules" / "ruta-mx.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "not_applicable_share: 0.2\n" in text
    rules.write_text(text.replace("not_applicable_share: 0.2\n", "not_applicable_share: 0.95\n", 1), encoding="utf-8")
    probe = _round(tmp_path, "probe.yaml", _probe(), on="2026-09-30")
    result = api.diff(str(edited), str(content), [probe])
    assert "rating consolidado -> not rated (33 of 37 not applicable)" in diff.render_text(result)
    assert "consolidado → not rated (33 of 37 not applicable)" in diff.render_markdown(result)
    (effect,) = json.loads(diff.render_json(result))["assessments"]
    assert effect["before"]["withheld"] is None and effect["before"]["rating"] == "consolidado"
    assert effect["after"]["withheld"] == {"not_applicable": 33, "rules": 37, "scored": 4, "share": 0.2}
    assert effect["after"]["rating"] is None


def test_a_withheld_rating_held_by_a_cap_sorts_and_reads_at_its_cap(tmp_path: Path) -> None:
    """The probe with a critical duty answered at the bottom: its caps hold it at Insuficiente
    whatever its other duties give, so it is rated Insuficiente, qualified. The summary sorts it
    among the lowest (never after the rated, as a withheld rating with no cap does), and says so
    in the row and the CSV (never «≤ Insuficiente»); compare too."""
    from brecha.renderers import rounds
    from brecha.renderers import summary as summary_console
    from brecha.summarizing import SortBy, SummaryOptions

    critical = next(r for r in OWN if r.criticality in _CRITICAL and r.absolute is None)
    held = _probe()
    held = dataclasses.replace(held, answers={**held.answers, critical.id: dataclasses.replace(
        held.answers[critical.id], value=RS.scales[critical.scale].values[0])})
    half = {r.id: (RS.scales[r.scale].values[-1 if r.absolute else len(RS.scales[r.scale].values) // 2],
                   ("Registro",), None) for r in OWN}  # no admitted breach: rated above the lowest band
    paths = [_round(tmp_path, "held.yaml", held, on="2026-09-30", institution="DIF con tope"),
             _round(tmp_path, "plain.yaml", _probe(), on="2026-09-30", institution="DIF sin tope"),
             _round(tmp_path, "half.yaml", assessment("dif", "state", half, rulesets=("ruta-mx",), version=RS.version),
                    on="2026-09-30", institution="DIF a medias")]
    result = api.summarize_paths(paths, options=SummaryOptions(sort=SortBy.SCORE))
    assert [c.rating for row in result.rows for c in row.cells if row.report.institution_name == "DIF a medias"] \
        == ["en-desarrollo"]
    assert [row.report.institution_name for row in result.rows] == ["DIF con tope", "DIF a medias", "DIF sin tope"]
    shown = _console_text(summary_console.render(result, "es"))
    assert "≤" not in shown and tr("summary.critical_short", "es") in shown
    assert f"Insuficiente (deber crítico incumplido: {critical.id}; cobertura insuficiente: 33 de 37 deberes " \
           "«no aplica»)" in rounds.summary_csv(result, "es")
    later = _round(tmp_path, "later.yaml", _probe([]), on="2027-09-30", institution="DIF con tope")
    md = " ".join(rounds.compare_markdown(api.compare_paths(paths[0], later), "en").split())
    assert "Insufficient (critical duty unmet; insufficient coverage: 33 of 37 duties 'not applicable')" in md


def test_a_rule_set_with_every_duty_declared_not_applicable_says_there_is_nothing_to_score() -> None:
    """Not «the score (—) is over 0 duties»: with nothing answered, it says no duty is left to score."""
    from brecha.renderers._sections import withheld_line

    (result,) = evaluate(_probe(), LIB).results
    assert result.withheld is not None
    empty = dataclasses.replace(result, withheld=dataclasses.replace(result.withheld, not_applicable=result.withheld.rules),
                                score=dataclasses.replace(result.score, answered=0))
    es, en = withheld_line(empty, "es"), withheld_line(empty, "en")
    assert "no queda ningún deber respondido sobre el cual calcular un puntaje" in es and "sobre 0" not in es
    assert "no duty answered is left to score" in en and "over 0" not in en
    assert "es sobre 4 deberes" in withheld_line(result, "es")


def test_common_gaps_leave_out_a_withheld_institution_and_say_so(tmp_path: Path) -> None:
    """A withheld institution's unconfirmed «no aplica» are neither gaps nor met: counting its other
    gaps alone made the duties it declared look rarer. The most common gaps are those of the others,
    exactly, and every format that lists them says one institution is left out."""
    from brecha.renderers import rounds
    from brecha.renderers import summary as summary_console
    from brecha.renderers.spreadsheet import summary_xlsx

    answers: dict[str, Any] = top_answers(LIB, "dif", "state", "ruta-mx")
    gap = DECLARED[-1]
    answers[gap] = (RS.scales[next(r for r in OWN if r.id == gap).scale].values[0], (), None)  # a plain gap, among many «no aplica»
    for rule_id in DECLARED[:-1]:
        answers[rule_id] = (model.NOT_APPLICABLE, (), WHY)
    withheld = _round(tmp_path, "withheld.yaml", assessment("dif", "state", answers, rulesets=("ruta-mx",),
                                                            version=RS.version), on="2026-09-30")
    others = [str(ROOT / "examples" / name) for name in ("dif-estatal-sur.yaml", "dif-municipal.yaml")]
    alone = api.summarize_paths(others)
    both = api.summarize_paths([withheld, *others])
    assert both.unrated and both.common_gaps == alone.common_gaps and both.common_gaps_left_out == 1
    assert alone.common_gaps_left_out == 0
    for lang, said in (("es", "Sin contar 1 institución sin calificación"), ("en", "Leaving out 1 institution whose rating is withheld")):
        assert said in " ".join(_console_text(summary_console.render(both, lang)).split())
        assert said not in " ".join(_console_text(summary_console.render(alone, lang)).split())
        book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(both, lang)))
        assert any(said in str(c.value) for c in book.worksheets[1]["A"])
    data = json.loads(rounds.summary_json(both, "en"))
    assert data["common_gaps_left_out"] == 1 and data["summary_format_version"] == 10
    anonymous, _ = api.summarize_anonymous([withheld, *others], min_group=1)
    assert anonymous.common_gaps_left_out == 1
    assert all(g.count <= 2 for g in anonymous.common_gaps)


def _reviewers_second_probe(tmp_path: Path) -> GapReport:
    """The example state DIF with 31 of its 37 duties «no aplica», each justified, none confirmed:
    three critical ones among them, and two answered gaps left to fix first."""
    data = yaml.safe_load((ROOT / "examples" / "dif-estatal-sur.yaml").read_text(encoding="utf-8"))
    kept = {*list(data["answers"])[:5], "MX-RES-44"}  # an absolute duty cannot be declared not applicable
    for rule_id in data["answers"]:
        if rule_id not in kept:
            data["answers"][rule_id] = {"value": "not_applicable", "justification": WHY}
    path = tmp_path / "probe.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return evaluate(loading.load_assessment(str(path), LIB), LIB)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_withheld_score_says_what_it_rests_on_where_it_is_shown(tmp_path: Path, lang: str) -> None:
    """The console's score cells and the Markdown score line gave 36.7 at full weight, «sobre 9 de
    37 deberes» only in a paragraph below; the gaps cell's «3 por confirmar» (critical ones) read
    against the footer's «31 «no aplica» por confirmar» (all of them) as one count."""
    rep = _reviewers_second_probe(tmp_path)
    result = rep.headline_result
    assert result is not None and result.withheld is not None
    assert (result.withheld.scored, result.withheld.rules, result.withheld.not_applicable) == (9, 37, 31)
    text = _console(rep, lang, concise=True)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("ruta-mx ("))
    row = lines[at:at + 2]  # the headline rule set's row: the scores, then what they are over
    assert "36.7" in row[0] and row[1].count("(9/37)") == 2, row
    flat = " ".join(text.split())
    assert ("3 críticos por confirmar" if lang == "es" else "3 critical to be confirmed") in flat
    assert ("31 «no aplica» por confirmar" if lang == "es" else "31 not applicable, to be confirmed") in flat
    md = markdown.render(rep, lang)
    said = ("Puntaje sobre 9 de 37 deberes (no da calificación): 36.7" if lang == "es"
            else "Score over 9 of 37 duties (gives no rating): 36.7")
    assert said in md and said in " ".join(_console(rep, lang, concise=False).replace("│", " ").split())
    assert said in html.render(rep, lang)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_confirm_first_is_a_line_of_its_own_before_the_numbered_actions(tmp_path: Path, lang: str) -> None:
    """Printed after the numbered actions, «Confirme primero …» read as part of the last one (item 2):
    in the console and in Markdown it comes before item 1, unnumbered, after what to review."""
    from brecha.renderers._safe import translator
    from brecha.renderers._sections import confirm_first

    rep = _reviewers_second_probe(tmp_path)
    assert len(rep.fix_first) == 2
    confirm = confirm_first(rep, lang, translator(lang, str))
    assert confirm
    head = confirm.split(":")[0][:30]
    first = f"1. {rep.fix_first[0].rule_id}"
    text = _flat(_console(rep, lang, concise=True))
    assert text.index(review_first_line(rep, lang)[:30]) < text.index(head) < text.index(first)
    md = markdown.render(rep, lang)
    item = f"1. **`{rep.fix_first[0].rule_id}`"
    assert f"**{review_first_line(rep, lang)}**" in md
    assert md.index(f"\n**{head}") < md.index(item), md
    assert f"\n   **{head}" not in md  # never indented into an item

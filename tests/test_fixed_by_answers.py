"""A withheld rating that answers alone hold at the lowest band is given as that band.

The specialist's probe: the state DIF example with 31 of its 37 own duties declared «no aplica»,
each justified, none confirmed from outside, so its rating is withheld for want of coverage.
With MX-ING-16 (receiving the children the INM channels to the DIF, a critical duty) answered
«nunca», the critical-unmet cap holds the rating at «Insuficiente», the lowest band: no answer
to the duties declared «no aplica» can lift it. So the rating is that band, qualified, the
duty unmet comes first and the «no aplica» to review after it, in every format. Without the
«nunca», or with MX-ING-16 left blank (a cap held only by a duty nobody answered), answering
could still lift it: the rating stays withheld, and no format says "at most" the lowest band.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from rich.console import Console

from brecha import api
from brecha.i18n import Lang, ntr, tr
from brecha.renderers import console, html, markdown
from brecha.renderers import json as json_report
from brecha.renderers import page as page_renderer
from brecha.report import GapReport
from brecha.schemas import load_schema
from brecha.workshop import build_page

ROOT = Path(__file__).resolve().parents[1]
LIB = api.load_content()
RS = LIB.rulesets["ruta-mx"]
LOWEST = RS.rating_bands[0]
UNMET = "MX-ING-16"
#: The duties the probe keeps answered as in the example (the others are declared «no aplica»).
KEPT = ("MX-MON-13", "MX-MON-14", "MX-MON-07", "MX-ING-14", "MX-ING-28", "MX-RES-44")
WHY = "Según el convenio estatal de 2024 esta función la ejerce otra dependencia; el DIF estatal no la realiza."


def _probe(tmp_path: Path, unmet: str | None) -> GapReport:
    """The probe: ``unmet`` is MX-ING-16's answer («nunca»), "blank" to leave it unanswered, or
    None to declare it «no aplica» with the others."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "examples" / "dif-estatal-sur.yaml").read_text(encoding="utf-8"))
    answers = data["answers"]
    for rule_id in answers:
        if rule_id not in KEPT:
            answers[rule_id] = {"value": "not_applicable", "justification": WHY}
    if unmet == "blank":
        del answers[UNMET]
    elif unmet is not None:
        answers[UNMET] = {"value": unmet}
    path = tmp_path / f"probe-{unmet}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return api.evaluate_path(str(path))


def _concise(rep: GapReport, lang: str) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(console.render(rep, lang))
    return buffer.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.replace("┃", " ").replace("&#x27;", "'").replace("&#39;", "'").split())


def test_a_critical_duty_answered_at_the_bottom_fixes_a_withheld_rating_at_the_lowest_band(tmp_path: Path) -> None:
    rep = _probe(tmp_path, "nunca")
    (result,) = rep.results
    assert result.withheld is not None and result.withheld.not_applicable == 30 and result.withheld.rules == 37
    assert not rep.breached  # no breach: the critical-unmet cap alone fixes it
    assert result.fixed and not result.fixed_by_breach and result.fixed_by == (UNMET,)
    assert result.rating == rep.rating == LOWEST.id and result.rating_label == LOWEST.label
    assert result.at_most_label is None
    assert rep.fix_first[0].rule_id == UNMET  # what holds the rating is fixed first
    assert "critical-not-applicable-fixed" in {n.code for n in rep.notices}


@pytest.mark.parametrize("unmet", [None, "blank"])
def test_a_cap_that_answering_could_lift_leaves_the_rating_withheld(tmp_path: Path, unmet: str | None) -> None:
    """MX-ING-16 declared «no aplica» with the others, or left blank: the critical-unmet cap holds
    by no answer, so answering could lift it; the rating stays withheld, and nothing says it is
    "at most" the lowest band, which would be the band itself."""
    rep = _probe(tmp_path, unmet)
    (result,) = rep.results
    assert result.withheld is not None and result.rating is None and not result.fixed and result.fixed_by == ()
    assert result.held_at == LOWEST.id  # the cap does hold it there ...
    assert result.at_most_label is None  # ... but «≤ Insuficiente» is never said
    for lang in Lang:
        at_most = tr("rating_withheld_at_most", lang, band=LOWEST.label.get(lang))
        shown = [_concise(rep, lang), markdown.render(rep, lang), html.render(rep, lang),
                 page_renderer.render_html(build_page(rep, LIB), lang), json_report.render(rep, lang)]
        assert not any(at_most in _flat(text) for text in shown)
        assert tr("rating_withheld", lang) in _concise(rep, lang)


@pytest.mark.parametrize("lang", list(Lang))
def test_the_fixed_band_is_qualified_and_the_duty_unmet_opens_every_format(tmp_path: Path, lang: Lang) -> None:
    rep = _probe(tmp_path, "nunca")
    band = LOWEST.label.get(lang)
    qualifier = tr("rating_withheld_critical", lang)
    assert qualifier == ("deber crítico incumplido; cobertura insuficiente" if lang == "es"
                         else "critical duty unmet; insufficient coverage")
    review = tr("fix_first.review_na_critical", lang, id="ruta-mx", na=30, rules=37, band=band)
    not_rated = tr("rating_withheld", lang)
    concise = _concise(rep, lang)
    table = " ".join(concise.split("━")[0].split())
    assert band in table and tr("rating_critical_short", lang) in table and not_rated not in table
    opening = _flat(concise.split("┏", 1)[1])
    assert opening.index(f"1. {UNMET}") < opening.index(_flat(review)), opening[:600]
    md = markdown.render(rep, lang)
    assert f"{band} ({qualifier}" in _flat(md) and not_rated not in _flat(md)
    fix = _flat(md.split("## ", 2)[1])  # the opening section
    assert fix.index(UNMET) < fix.index(_flat(review)), fix[:600]
    shown = _flat(html.render(rep, lang))
    assert f"{band} ({qualifier}" in shown and shown.index(f"{UNMET}</code>") < shown.index(_flat(review))
    page = _flat(page_renderer.render_html(build_page(rep, LIB), lang))
    assert f"{band} ({qualifier})" in page and page.index(UNMET) < page.index(_flat(review))
    assert tr("rating_withheld_at_most", lang, band=band) not in page
    assert f"{UNMET} — {tr('summary.critical', lang)} (+ " in page  # the duty unmet leads the cap's line
    data = json.loads(json_report.render(rep, lang))
    Draft202012Validator(load_schema("GapReport")).validate(data)
    (result,) = data["results"]
    assert result["rating"] == LOWEST.id and result["withheld"] is not None
    assert result["withheld"]["reason"].startswith(f"{band} ({qualifier}")


@pytest.mark.parametrize("lang", list(Lang))
def test_a_summary_rates_it_names_the_duty_unmet_and_leaves_its_score_out_of_the_means(
        tmp_path: Path, lang: Lang) -> None:
    from brecha.renderers import summary as summary_console
    from brecha.summarizing import summarize

    fixed = dataclasses.replace(_probe(tmp_path, "nunca"), institution_name="DIF con deber crítico incumplido")
    plain = dataclasses.replace(_probe(tmp_path, None), institution_name="DIF sin calificar")
    summary = summarize([("fixed.yaml", fixed), ("plain.yaml", plain)])
    assert [row.report.institution_name for row in summary.unrated] == ["DIF sin calificar"]
    assert [row.report.institution_name for row in summary.fixed_unmet] == ["DIF con deber crítico incumplido"]
    (cell,) = summary.fixed_unmet[0].cells
    text = cell.rating_text(lang)
    assert text.startswith(f"{LOWEST.label.get(lang)} ({tr('summary.critical', lang)}: {UNMET}; ")
    assert tr("rating_withheld", lang) not in text
    assert all(mean is None for group in summary.total for _, mean in group.means)  # neither score is averaged
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(summary_console.render(summary, lang))
    out = " ".join(buffer.getvalue().split())
    heading = " ".join(ntr("summary.fixed_critical", 1, lang).split())
    assert heading in out and f"DIF con deber crítico incumplido — ruta-mx: {UNMET} (" in out.split(heading, 1)[1]
    assert "≤" not in out
    from brecha.renderers import rounds

    data = json.loads(rounds.summary_json(summary, lang))
    assert data["summary_format_version"] == 10 and data["withheld"]["institutions"] == 1
    entries = {a["institution"]: a["by_ruleset"]["ruta-mx"] for a in data["assessments"]}
    assert entries["DIF con deber crítico incumplido"]["fixed_by"] == [UNMET]
    assert entries["DIF con deber crítico incumplido"]["rating"] == LOWEST.id
    assert entries["DIF sin calificar"]["fixed_by"] == [] and entries["DIF sin calificar"]["rating"] is None
    assert f"{tr('summary.critical', lang)}: {UNMET}" in rounds.summary_csv(summary, lang)


def test_version_8_reports_are_still_described_and_9_names_what_fixes_a_withheld_rating(tmp_path: Path) -> None:
    """The JSON names the duties that fix a withheld rating (withheld.fixed_by, from version 9,
    required there): a rated withheld result is no longer proof of an admitted breach. A version 8
    report without it still validates; a version 9 report without it does not."""
    validator = Draft202012Validator(load_schema("GapReport"))
    fixed = json.loads(json_report.render(_probe(tmp_path, "nunca"), "en"))
    plain = json.loads(json_report.render(_probe(tmp_path, None), "en"))
    assert fixed["report_schema_version"] == 9
    assert fixed["results"][0]["withheld"]["fixed_by"] == [UNMET] and fixed["absolute_breaches"] == []
    assert plain["results"][0]["withheld"]["fixed_by"] == [] and plain["results"][0]["rating"] is None
    for data in (fixed, plain):
        validator.validate(data)
        old = {**data, "results": [{**r, "withheld": {k: v for k, v in r["withheld"].items() if k != "fixed_by"}}
                                   for r in data["results"]]}
        validator.validate({**old, "report_schema_version": 8})
        assert not validator.is_valid(old)


@pytest.mark.parametrize("lang", list(Lang))
def test_fail_under_says_the_critical_duty_unmet_fixes_the_band(tmp_path: Path, lang: Lang) -> None:
    """``--fail-under`` fails a withheld rating; where a critical duty unmet fixes it, it says the
    band and why, not that an absolute duty was breached."""
    from typer.testing import CliRunner

    from brecha.cli import app

    rep = _probe(tmp_path, "nunca")
    path = tmp_path / "probe-nunca.yaml"
    run = CliRunner().invoke(app, ["evaluate", str(path), "--fail-under", "10", "--lang", lang.value, "-f", "json"])
    (result,) = rep.results
    assert result.withheld is not None
    said = tr("cli.evaluate.withheld_fixed_critical", lang, id="ruta-mx", band=LOWEST.label.get(lang),
              na=result.withheld.not_applicable, rules=result.withheld.rules, limit="10")
    assert run.exit_code == 1 and said in " ".join(run.stderr.split()), run.stderr

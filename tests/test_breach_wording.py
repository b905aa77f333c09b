"""An admitted breach of an absolute duty is said to violate the law only where binding law makes
the duty absolute. Where only an interpretation does (the joint general comments, legal force
'interpretation'), every format says the case goes against a duty that admits no exception."""

from __future__ import annotations

import html as html_lib
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from brecha import api, model
from brecha.evaluation import evaluate, evaluate_brief
from brecha.loading import load_assessment
from brecha.renderers import console, html, markdown
from brecha.renderers import json as json_report
from brecha.renderers import page as page_renderer
from brecha.renderers import summary as summary_console
from brecha.renderers.rounds import compare_markdown
from brecha.report import GapReport
from brecha.summarizing import SummaryOptions, summarize
from brecha.workshop import build_page

from helpers import ROOT, assessment, top_answers

LIB = api.load_content()

LAW = {"es": "cada caso admitido viola la ley", "en": "each admitted case violates the law"}
DUTY = {"es": "es contrario a un deber que no admite excepción", "en": "goes against a duty that admits no exception"}
MIXED = {"es": "salvo donde se marca †: allí es contrario a un deber que no admite excepción",
         "en": "except where marked †: there it goes against a duty that human-rights bodies hold admits no exception"}


def _flat(text: str) -> str:
    return " ".join(html_lib.unescape(text).split())


def _console(rep: GapReport, lang: str, *, detail: bool = False) -> str:
    buffer = io.StringIO()
    view = console.render_detail(rep, lang) if detail else console.render(rep, lang)
    Console(file=buffer, width=200, color_system=None, force_terminal=False).print(view)
    return buffer.getvalue()


def _everywhere(rep: GapReport, lang: str) -> dict[str, str]:
    return {"console": _console(rep, lang), "detail": _console(rep, lang, detail=True),
            "markdown": markdown.render(rep, lang), "html": html.render(rep, lang),
            "page": page_renderer.render_html(build_page(rep, LIB), lang)}


def _top(itype: str, level: str, rulesets: tuple[str, ...], **override: str) -> model.Assessment:
    """Every own duty at the top of its scale with evidence, but for ``override`` (rule IDs with ``_`` for ``-``)."""
    answers: dict[str, object] = {k: v for rs in rulesets for k, v in top_answers(LIB, itype, level, rs).items()}
    answers.update({rule.replace("_", "-"): (value, ("Registro 2026",), None) for rule, value in override.items()})
    return assessment(itype, level, answers, rulesets=rulesets, version=LIB.rulesets[rulesets[0]].version)


def test_the_committees_interpretation_alone_is_not_called_the_law(tmp_path: Path) -> None:
    """The Guatemalan authority's example, moved to the United States (not party to the American
    Convention): it admits breaches of CRM-PRO-09 and CRM-RET-01, whose absolute force then rests
    on the joint general comments only. No format says each case violates the law; each says it
    goes against a duty that admits no exception, and JSON marks them not binding law."""
    source = (ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml").read_text(encoding="utf-8")
    moved = tmp_path / "us.yaml"
    moved.write_text(source.replace("jurisdiction: GT", "jurisdiction: US"), encoding="utf-8")
    rep = api.evaluate_path(str(moved))
    assert {d.id for _, d in rep.breaches} == {"CRM-PRO-09", "CRM-RET-01"}
    assert not any(d.binding_law for _, d in rep.breaches) and not rep.breaches_in_law
    assert not rep.breaches_partly_in_law
    for lang in ("es", "en"):
        for name, text in _everywhere(rep, lang).items():
            flat = _flat(text)
            assert DUTY[lang] in flat, (lang, name)
            assert LAW[lang] not in flat and "†" not in flat, (lang, name)
        data = json.loads(json_report.render(rep, lang))
        assert [b["binding_law"] for b in data["absolute_breaches"]] == [False, False]


def test_a_treaty_party_is_not_told_that_the_prior_assessment_is_the_law() -> None:
    """Guatemala is party to the American Convention, whose art. 22(8) forbids returning a person
    to a country where their life or freedom is at risk; it does not itself require assessing that
    risk before each removal (the Court's and the Committees' reading), which is what CRM-PRO-09
    asks. So the Guatemalan authority's admitted breach of CRM-PRO-09 is worded as CRM-RET-01's:
    against a duty that admits no exception, never a violation of the law, with no † and no
    Convention cited beside it; JSON marks neither as binding law."""
    rep = api.evaluate_path(str(ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml"))
    assert {d.id: d.binding_law for _, d in rep.breaches} == {"CRM-PRO-09": False, "CRM-RET-01": False}
    assert not rep.breaches_in_law and not rep.breaches_partly_in_law
    for lang in ("es", "en"):
        for name, text in _everywhere(rep, lang).items():
            flat = _flat(text)
            assert DUTY[lang] in flat, (lang, name)
            assert LAW[lang] not in flat and "†" not in flat, (lang, name)
            listed = flat[:flat.index("CRM-RET-01 (crm-regional)")]  # the heading and CRM-PRO-09's breach
            assert "CADH" not in listed and "ACHR" not in listed, (lang, name)
        data = json.loads(json_report.render(rep, lang))
        assert [b["binding_law"] for b in data["absolute_breaches"]] == [False, False]
        assert not any(short in (b["cite"] or "") for b in data["absolute_breaches"] for short in ("CADH", "ACHR"))


def test_a_report_with_breaches_partly_in_law_marks_the_others() -> None:
    """INM answering both rule sets admits a return without the prior risk assessment (MX-ISN-08,
    LM art. 74 para. 3: law) and a refusal at the border without an individual examination
    (CRM-DET-06, the joint general comments alone): every format says each admitted case violates
    the law except where marked †, marks CRM-DET-06's line and only it; JSON marks each."""
    rep = evaluate(_top("inm", "federal", ("ruta-mx", "crm-regional"), MX_ISN_08="a_veces", CRM_DET_06="a_veces"), LIB)
    law = {d.id: d.binding_law for _, d in rep.breaches}
    assert law == {"MX-ISN-08": True, "CRM-DET-06": False}
    assert rep.breaches_partly_in_law and not rep.breaches_in_law
    for lang in ("es", "en"):
        for name, text in _everywhere(rep, lang).items():
            flat = _flat(text)
            assert MIXED[lang] in flat, (lang, name)
            assert flat.count("†") == 2, (lang, name)  # the heading's and CRM-DET-06's
            frontera = flat.index("CRM-DET-06 (crm-regional)")
            assert flat.index("†", frontera) > frontera and "†" not in flat[flat.index("MX-ISN-08 (ruta-mx)"):frontera]
        data = json.loads(json_report.render(rep, lang))
        assert {b["rule"]: b["binding_law"] for b in data["absolute_breaches"]} == law


def test_a_duty_the_law_makes_absolute_is_called_a_violation_of_the_law() -> None:
    """The municipality admits a breach of MX-ING-23 (LGDNNA art. 101, LM arts. 2 and 11):
    every format says each admitted case violates the law, and JSON marks it binding law."""
    rep = api.evaluate_path(str(ROOT / "examples" / "municipio-frontera-norte.yaml"))
    assert [d.id for _, d in rep.breaches] == ["MX-ING-23"] and rep.breaches_in_law
    for lang in ("es", "en"):
        for name, text in _everywhere(rep, lang).items():
            flat = _flat(text)
            assert LAW[lang] in flat and DUTY[lang] not in flat, (lang, name)
        assert json.loads(json_report.render(rep, lang))["absolute_breaches"][0]["binding_law"] is True


def test_a_duty_two_rule_sets_ask_is_in_law_when_the_national_rule_rests_on_law() -> None:
    """A Mexican Procuraduría admitting the same return duty in both rule sets (MX-ISN-28 on LGDNNA
    art. 97, CRM-RET-01 on the joint general comments) breaches the law: one duty, in law. Admitted
    only under the regional rule, with the national one met, it is a duty without exception."""
    both = evaluate(_top("procuraduria-proteccion", "state", ("ruta-mx", "crm-regional"),
                         MX_ISN_28="a_veces", CRM_RET_01="a_veces"), LIB)
    assert {d.id for _, d in both.breaches} == {"MX-ISN-28", "CRM-RET-01"} and both.breached_duties == 1
    assert both.breaches_in_law
    regional = evaluate(_top("procuraduria-proteccion", "state", ("ruta-mx", "crm-regional"),
                             CRM_RET_01="a_veces"), LIB)
    assert [d.id for _, d in regional.breaches] == ["CRM-RET-01"] and not regional.breaches_in_law
    assert LAW["es"] in _flat(markdown.render(both, "es"))
    assert DUTY["es"] in _flat(markdown.render(regional, "es"))
    assert LAW["es"] not in _flat(markdown.render(regional, "es"))


def test_summary_and_compare_say_law_only_where_every_duty_listed_rests_on_it() -> None:
    """A summary listing an institution whose breached duties rest on the joint general comments
    alone (the Guatemalan example moved to the United States) does not say they violate the law;
    one with only legal duties does; listed together, each rule not in law is marked †. Guatemala
    itself, party to the American Convention, is marked the same: the Convention does not state
    the prior risk assessment its non-refoulement rule asks. Compare too."""
    gt_assessment = load_assessment(str(ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml"), LIB)
    gt = evaluate_brief(gt_assessment, LIB)
    municipio = evaluate_brief(load_assessment(str(ROOT / "examples" / "municipio-frontera-norte.yaml"), LIB), LIB)

    def shown(briefs: list[tuple[str, object]], lang: str) -> str:
        buffer = io.StringIO()
        Console(file=buffer, width=160, color_system=None, force_terminal=False).print(
            summary_console.render(summarize(briefs, SummaryOptions()), lang))  # type: ignore[arg-type]
        return _flat(buffer.getvalue())

    us = evaluate_brief(replace(load_assessment(str(ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml"), LIB),
                                institution=replace(gt_assessment.institution, jurisdiction="US")), LIB)
    for lang in ("es", "en"):
        assert LAW[lang] in shown([("m.yaml", municipio)], lang)
        assert DUTY[lang] in shown([("us.yaml", us)], lang) and "†" not in shown([("us.yaml", us)], lang)
        mixed = shown([("m.yaml", municipio), ("us.yaml", us)], lang)
        # both said, and each rule whose duty rests on the comments alone is marked
        assert LAW[lang] in mixed and MIXED[lang] in mixed
        assert "crm-regional: CRM-PRO-09 †, CRM-RET-01 †" in mixed and f"{municipio.institution_name} — ruta-mx: MX-ING-23" in mixed
        # Guatemala, party to the American Convention: its prior-assessment breach is not in law
        assert DUTY[lang] in shown([("gt.yaml", gt)], lang) and LAW[lang] not in shown([("gt.yaml", gt)], lang)
        assert "crm-regional: CRM-PRO-09 †, CRM-RET-01 †" in shown([("m.yaml", municipio), ("gt.yaml", gt)], lang)
    gt_path = str(ROOT / "examples" / "regional-autoridad-proteccion-gt.yaml")
    c = api.compare_paths(gt_path, gt_path)
    norte = api.compare_paths(str(ROOT / "examples" / "procuraduria-estatal-norte.yaml"),
                              str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml"))
    for lang in ("es", "en"):
        assert DUTY[lang] in _flat(compare_markdown(c, lang)) and LAW[lang] not in _flat(compare_markdown(c, lang))
        assert LAW[lang] in _flat(compare_markdown(norte, lang)) and DUTY[lang] not in _flat(compare_markdown(norte, lang))


@pytest.mark.parametrize(("rule_id", "ruleset", "in_law"), [("MX-ISN-28", "ruta-mx", True),
                                                            ("CRM-RET-01", "crm-regional", False)])
def test_not_applicable_on_an_absolute_duty_names_the_law_only_where_law_states_it(
        rule_id: str, ruleset: str, in_law: bool, tmp_path: Path) -> None:
    """'Not applicable' on an absolute duty is refused; the message says the law admits no
    exception for MX-ISN-28 (LGDNNA art. 97), and only that the duty admits none for CRM-RET-01."""
    rs = LIB.rulesets[ruleset]
    path = tmp_path / "a.yaml"
    path.write_text(
        "kind: Assessment\nschema_version: 1\n"
        "institution: {type: procuraduria-proteccion, level: state, name: Prueba}\n"
        f'assessed_on: "2026-01-01"\nrulesets: [{{id: {rs.id}, version: {rs.version}}}]\nanswers:\n'
        f"  {rule_id}:\n    value: not_applicable\n    justification: No hubo casos en el periodo revisado.\n",
        encoding="utf-8")
    found = [i for i in api.lint([str(path)]).issues if i.code.value == "absolute-not-applicable"]
    assert len(found) == 1
    es, en = found[0].format("es"), found[0].format("en")
    assert f"{rule_id} es un deber absoluto" in es and f"{rule_id} is an absolute duty" in en
    assert ("(la ley no admite excepción)" in es) is in_law and ("(the law admits no exception)" in en) is in_law
    assert ("(no admite excepción)" in es) is not in_law and ("(it admits no exception)" in en) is not in_law


def test_the_breach_list_says_which_round_where_earlier_ones_are_listed() -> None:
    """The northern Procuraduría has two rounds in the examples: its breaches are those of its
    latest round, and the list says so; an institution with one round is named alone."""
    summary = api.summarize_paths([str(ROOT / "examples")])
    for lang, said in (("es", "(ronda 2027, la más reciente) —"), ("en", "(round 2027, the latest) —")):
        buffer = io.StringIO()
        Console(file=buffer, width=200, color_system=None, force_terminal=False).print(summary_console.render(summary, lang))
        lines = [line.strip() for line in buffer.getvalue().splitlines() if line.strip().startswith("•")]
        marked = [line for line in lines if said in line]
        assert len(marked) == 1 and "estado fronterizo del norte" in marked[0], lines


def test_a_duty_two_rule_sets_ask_is_one_breach_line_naming_both_rules() -> None:
    """The heading counts duties («(3)»), so the list has a line per duty: MX-ISN-28 and
    CRM-RET-01, one duty, share a line with both rules' law, worded by the national rule."""
    from brecha.renderers._sections import breach_items

    report = evaluate(load_assessment(str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml"), LIB), LIB)
    for lang in ("es", "en"):
        items = breach_items(report, lang, lambda text, lang=lang: text.get(lang) if text else "")
        assert len(items) == report.breached_duties < len(report.breaches)
        joined = "MX-ISN-28 (ruta-mx) y CRM-RET-01 (crm-regional)" if lang == "es" else \
            "MX-ISN-28 (ruta-mx) and CRM-RET-01 (crm-regional)"
        (line,) = [item for item in items if item.startswith(joined)]
        assert "LGDNNA" in line and "22" in line  # the law of both: art. 97 and JGC 22 para. 33
        md = _flat(markdown.render(report, lang))
        assert joined in md
    page = build_page(report, LIB)  # the one-page summary lists them the same way
    assert len(page.breaches) == report.breached_duties
    assert any(b.es.startswith("MX-ISN-28 (ruta-mx) y CRM-RET-01 (crm-regional) — ") for b in page.breaches)

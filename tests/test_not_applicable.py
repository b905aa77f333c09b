"""'Not applicable' on the duties that matter most (design 4a, on the shipped content).

An absolute duty is never not applicable to the institution that holds it: the answer is
refused, located. Any other critical duty answered not applicable holds the caps as an
unanswered one until someone confirms it (``confirmed_by``), and the rating says it is
provisional, naming the rules, in every format; so claiming "not applicable" never rates
better than the worst answer it replaces.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from brecha import api, model
from brecha.errors import InputError
from brecha.evaluation import evaluate, evaluate_brief
from brecha.renderers import console, html, markdown
from brecha.renderers import json as json_report
from brecha.report import Brief, GapReport

from helpers import assessment, own_duties, top_answers

LIB = api.load_content()
WHY = "La institución no interviene en esta etapa en el estado"


def _holder(rule: model.Rule) -> tuple[str, str]:
    """An institution type and level that the rule asks and holds responsible."""
    kind = next(t for t in sorted(LIB.institution_types.values(), key=lambda t: t.id) if model.holds_duty(rule, t)
                and any(model.applies(rule, t, lvl) for lvl in t.levels))
    return kind.id, next(lvl for lvl in kind.levels if model.applies(rule, kind, lvl))


def _top(itype: str, level: str, ruleset: str, na: str | None = None, *, confirmed_by: str | None = None,
         value: str | None = None) -> model.Assessment:
    """Every own duty at the top of its scale with evidence; ``na`` answered not applicable (or ``value``)."""
    rs = LIB.rulesets[ruleset]
    answers = top_answers(LIB, itype, level, ruleset)
    if na is not None:
        answers[na] = (value, ("Registro 2026",), None) if value else (model.NOT_APPLICABLE, (), WHY)
    built = assessment(itype, level, answers, rulesets=(ruleset,), version=rs.version)
    if na is not None and confirmed_by is not None:
        confirmed = dataclasses.replace(built.answers[na], confirmed_by=confirmed_by)
        built = dataclasses.replace(built, answers={**built.answers, na: confirmed})
    return built


def _rank(rs: model.RuleSet, band: str | None) -> int:
    return [b.id for b in rs.rating_bands].index(band or "")


def _write(tmp_path: Path, rule_id: str, itype: str, level: str, extra: str = "") -> Path:
    rs = LIB.rulesets[LIB.rules[rule_id].ruleset_id]
    path = tmp_path / "a.yaml"
    path.write_text(
        "kind: Assessment\nschema_version: 1\n"
        f"institution: {{type: {itype}, level: {level}, name: Prueba}}\n"
        f'assessed_on: "2026-01-01"\nrulesets: [{{id: {rs.id}, version: {rs.version}}}]\nanswers:\n'
        f"  {rule_id}:\n    value: not_applicable\n    justification: {WHY}\n{extra}", encoding="utf-8")
    return path


# --- absolute duties: refused -------------------------------------------------------------

ABSOLUTE = sorted(r.id for r in LIB.rules.values() if r.absolute is not None)


@pytest.mark.parametrize("rule_id", ABSOLUTE)
def test_not_applicable_on_an_absolute_duty_is_refused_where_it_is_written(rule_id: str, tmp_path: Path) -> None:
    """Every shipped absolute duty, answered not applicable by an institution holding it: a
    located error (the value's line and column) that says what to answer instead, in es and en;
    the file is refused like any other bad input, confirmation or not."""
    itype, level = _holder(LIB.rules[rule_id])
    path = _write(tmp_path, rule_id, itype, level, "    confirmed_by: Secretaría Ejecutiva del SIPINNA estatal\n")
    found = [i for i in api.lint([str(path)]).issues if i.code.value == "absolute-not-applicable"]
    assert len(found) == 1
    issue = found[0]
    assert (issue.location.line, issue.location.col) == (8, 12)
    top = LIB.rulesets[LIB.rules[rule_id].ruleset_id].scales[LIB.rules[rule_id].scale].values[-1]
    assert f"{rule_id} es un deber absoluto" in issue.format("es") and f"responda «{top}»" in issue.format("es")
    assert f"{rule_id} is an absolute duty" in issue.format("en") and f"answer '{top}'" in issue.format("en")
    assert issue.format("en").startswith(f"{path}:8:12: error [absolute-not-applicable]")
    with pytest.raises(InputError):
        api.evaluate_path(str(path))


def test_not_applicable_is_refused_only_to_the_institutions_holding_the_absolute_duty() -> None:
    """The refusal follows the duty: for each absolute rule and each institution type and
    level, exactly where the rule asks the institution and holds it responsible."""
    for rule_id in ABSOLUTE:
        rule = LIB.rules[rule_id]
        for kind in LIB.institution_types.values():
            for level in kind.levels:
                expected = model.applies(rule, kind, level) and model.holds_duty(rule, kind)
                assert model.never_not_applicable(rule, kind, level) is expected, (rule_id, kind.id, level)
    not_absolute = next(r for r in LIB.rules.values() if r.absolute is None and not r.deprecated)
    assert not any(model.never_not_applicable(not_absolute, k, lvl)
                   for k in LIB.institution_types.values() for lvl in k.levels)


def test_an_absolute_duty_answered_not_applicable_never_escapes_in_the_score_path_either() -> None:
    """Built without the loader (a caller's own assessment), an absolute duty answered not
    applicable is provisional even with a confirmation, and holds the lowest band."""
    rule = LIB.rules["MX-ING-04"]
    itype, level = _holder(rule)
    rep = evaluate(_top(itype, level, "ruta-mx", "MX-ING-04", confirmed_by="Alguien"), LIB)
    result = rep.results[0]
    assert result.provisional == ("MX-ING-04",) and result.rating == "insuficiente"


# --- other critical duties: provisional, held as unanswered until confirmed ----------------

CRITICAL = sorted(r.id for r in LIB.rules.values() if r.absolute is None and not r.deprecated
                  and LIB.rulesets[r.ruleset_id].criticalities[r.criticality].critical)


def test_the_shipped_content_has_critical_duties_to_check() -> None:
    assert len(CRITICAL) > 30 and {"MX-ING-20", "MX-ING-02"} <= set(CRITICAL)


@pytest.mark.parametrize("rule_id", CRITICAL)
def test_an_unconfirmed_not_applicable_never_rates_better_than_the_worst_answer(rule_id: str) -> None:
    """Better never looks worse: for every shipped critical duty, 'not applicable' without a
    confirmation rates no better than the bottom of its scale would (both hold the caps of an
    unmet duty), is provisional and names the rule; confirmed, it leaves the caps."""
    rule = LIB.rules[rule_id]
    rs = LIB.rulesets[rule.ruleset_id]
    itype, level = _holder(rule)
    worst = evaluate(_top(itype, level, rs.id, rule_id, value=rs.scales[rule.scale].values[0]), LIB)
    na = evaluate(_top(itype, level, rs.id, rule_id), LIB)
    confirmed = evaluate(_top(itype, level, rs.id, rule_id, confirmed_by="Secretaría Ejecutiva del SIPINNA"), LIB)
    worst_r, na_r, confirmed_r = (next(r for r in rep.results if r.id == rs.id) for rep in (worst, na, confirmed))
    assert _rank(rs, na_r.rating) <= _rank(rs, worst_r.rating), rule_id
    assert na_r.provisional == (rule_id,)
    held = {cap.when for cap in na_r.caps if rule_id in cap.rules}
    assert "critical-unmet" in held or not any(c.when.value == "critical-unmet" for c in rs.rating_caps)
    assert not confirmed_r.provisional and confirmed_r.if_confirmed is None
    assert na_r.if_confirmed == confirmed_r.rating
    assert _rank(rs, confirmed_r.rating) >= _rank(rs, na_r.rating)
    # a summary's brief judges it the same way
    assert evaluate_brief(_top(itype, level, rs.id, rule_id), LIB) == Brief.of(na)


def test_a_provisional_rating_says_so_with_the_rules_in_every_format() -> None:
    """A state Procuraduría at the top everywhere, MX-ING-20 (notice to the Procuraduría)
    answered not applicable without confirmation: console (concise and detail), Markdown and
    HTML in both languages name the rule, say the rating is provisional and what it would be
    once confirmed; JSON carries it per result and per answer."""
    rep = evaluate(_top("procuraduria-proteccion", "state", "ruta-mx", "MX-ING-20"), LIB)
    result = rep.results[0]
    assert result.rating == "insuficiente" and result.if_confirmed == "consolidado"
    words = {"es": ("Calificación provisional en ruta-mx: 1 deber crítico declarado «no aplica» por confirmar "
                    "(MX-ING-20)", "la calificación sería «Consolidado»", "provisional"),
             "en": ("Provisional rating in ruta-mx: 1 critical duty declared not applicable, to be confirmed "
                    "(MX-ING-20)", "the rating would be 'Consolidated'", "provisional")}
    for lang, expected in words.items():
        for text in (_console(rep, lang, concise=True), _console(rep, lang, concise=False),
                     markdown.render(rep, lang), html.render(rep, lang)):
            flat = " ".join(text.replace("&#x27;", "'").replace("&#39;", "'").split())
            assert all(w in flat for w in expected), (lang, expected, flat[:3000])
    data = json.loads(json_report.render(rep, "en"))
    assert data["report_schema_version"] == 9
    assert data["results"][0]["provisional"] == {"rules": ["MX-ING-20"], "rating_if_confirmed": "consolidado",
                                                 "rating_if_confirmed_label": "Consolidated"}
    assert data["not_applicable"] == [{"rule": "MX-ING-20", "title": data["not_applicable"][0]["title"],
                                       "justification": WHY, "critical": True, "confirmed_by": None,
                                       "provisional": True}]


def test_the_concise_console_says_it_once() -> None:
    """The concise report names the unconfirmed duty in its provisional line, not again in a notice."""
    rep = evaluate(_top("procuraduria-proteccion", "state", "ruta-mx", "MX-ING-20"), LIB)
    text = " ".join(_console(rep, "en", concise=True).split())
    assert text.count("to be confirmed (MX-ING-20)") == 1
    assert "without confirmation in ruta-mx" not in text
    assert "without confirmation in ruta-mx" in " ".join(_console(rep, "en", concise=False).split())


def test_a_confirmed_not_applicable_names_who_confirmed_it_and_is_escaped() -> None:
    """Confirmed, the rating is not provisional; the list of not-applicable rules names who
    confirmed it, as plain text in every format (user text is never markup)."""
    who = "<b>Lic. *Pérez*</b> [SIPINNA]"
    rep = evaluate(_top("procuraduria-proteccion", "state", "ruta-mx", "MX-ING-20", confirmed_by=who), LIB)
    assert rep.results[0].rating == "consolidado" and not rep.results[0].provisional
    assert [n.code for n in rep.notices if n.loud] == ["critical-not-applicable-confirmed"]
    assert "confirmado por <b>Lic. *Pérez*</b> [SIPINNA]" in " ".join(_console(rep, "es", concise=False).split())
    assert "confirmed by &lt;b&gt;Lic. \\*Pérez\\*&lt;/b&gt; \\[SIPINNA\\]" in markdown.render(rep, "en")
    assert "confirmed by &lt;b&gt;Lic. *Pérez*&lt;/b&gt; [SIPINNA]" in html.render(rep, "en")
    assert "<b>Lic." not in html.render(rep, "en")


def test_a_blank_confirmation_is_refused_and_an_unconfirmed_one_is_not_an_error(tmp_path: Path) -> None:
    """'confirmed_by: "--"' says nothing: a located blank-text error, as for any other text."""
    path = _write(tmp_path, "MX-ING-20", "procuraduria-proteccion", "state", '    confirmed_by: "--"\n')
    issues = api.lint([str(path)]).issues
    assert [(i.code.value, i.location.line) for i in issues if i.severity.value == "error"] == [("blank-text", 10)]
    path = _write(tmp_path, "MX-ING-20", "procuraduria-proteccion", "state")
    assert not [i for i in api.lint([str(path)]).issues if i.severity.value == "error"]


def _console(rep: GapReport, lang: str, *, concise: bool) -> str:
    buffer = io.StringIO()
    shown = console.render(rep, lang) if concise else console.render_detail(rep, lang)
    Console(file=buffer, width=100, color_system=None, force_terminal=False).print(shown)
    return buffer.getvalue()


# --- the questionnaire: template, editor schema, assess --------------------------------------


def _draft_file(tmp_path: Path, *unanswered: str) -> tuple[Path, list[str]]:
    """A state Procuraduría's ruta-mx self-assessment, all at the top with evidence but
    ``unanswered``, and the rules in the order assess asks them."""
    from brecha.questionnaire import Session
    from brecha.templating import new_draft

    draft = new_draft(LIB, "procuraduria-proteccion", "state", date="2026-01-01", rulesets=("ruta-mx",))
    session = Session.start(LIB, draft)
    for rule in session.rules:
        if rule.id not in unanswered:
            draft.answers[rule.id] = {"value": session.scale(rule).values[-1], "evidence": ["Registro 2026"]}
    path = tmp_path / "p.yaml"
    path.write_text(Session.start(LIB, draft).text("es"), encoding="utf-8")
    return path, [r.id for r in session.rules]


def test_assess_refuses_n_on_an_absolute_duty_and_asks_who_confirmed_a_critical_one(tmp_path: Path) -> None:
    """At MX-ING-20 (critical) 'n' asks why, then who confirmed it; at MX-RES-44 (absolute) the
    question offers no 'n', and typing it says why and asks again. The file then evaluates to
    a confirmed, not provisional, rating."""
    from typer.testing import CliRunner

    from brecha.cli import app

    path, order = _draft_file(tmp_path, "MX-ING-20", "MX-RES-44")
    between = order.index("MX-RES-44") - order.index("MX-ING-20") - 1  # answered: Enter moves on
    replies = ("n\nLos avisos del INM los recibe la Procuraduría Federal en este estado\n"
               "Secretaría Ejecutiva del SIPINNA estatal, oficio 12/2026\n\n\n" + "\n" * between
               + "n\n4\nReglamento interno sin encierro\n\nq\n")
    result = CliRunner(env={"BRECHA_LANG": "en"}).invoke(app, ["assess", str(path), "--lang", "en"], input=replies)
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Who, outside the assessing team, confirmed that it does not apply?" in out
    assert "(not applicable is no answer here: an absolute duty of this institution)" in out
    assert "MX-RES-44 is an absolute duty of this institution: it cannot be not applicable." in out
    rep = api.evaluate_path(str(path))
    assert rep.rating == "consolidado" and not rep.results[0].provisional
    assert [(n.rule_id, n.confirmed_by) for n in rep.not_applicable] == [
        ("MX-ING-20", "Secretaría Ejecutiva del SIPINNA estatal, oficio 12/2026")]


def test_assess_enter_at_the_confirmation_leaves_the_rating_provisional(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from brecha.cli import app

    path, _ = _draft_file(tmp_path, "MX-ING-20")
    replies = "n\nLos avisos del INM los recibe la Procuraduría Federal en este estado\n--\n\n\n\nq\n"
    result = CliRunner(env={"BRECHA_LANG": "es"}).invoke(app, ["assess", str(path), "--lang", "es"], input=replies)
    assert result.exit_code == 0, result.output
    assert "Eso no dice quién lo confirmó" in " ".join(result.stdout.split())  # "--" is asked again
    rep = api.evaluate_path(str(path))
    assert rep.results[0].provisional == ("MX-ING-20",) and rep.rating == "insuficiente"
    assert "    confirmed_by:" not in path.read_text(encoding="utf-8")


def test_the_session_keeps_confirmed_by_with_not_applicable_only() -> None:
    """Answering a value drops a confirmation, as it drops the justification; confirming an
    answer that is not 'not applicable' is refused; an equivalent answer 'not applicable' is
    never offered for an absolute duty."""
    from brecha.errors import UsageError
    from brecha.questionnaire import Session
    from brecha.templating import new_draft

    draft = new_draft(LIB, "procuraduria-proteccion", "state", date="2026-01-01", rulesets=("ruta-mx",))
    session = Session.start(LIB, draft)
    while session.current is not None and session.current.id != "MX-ING-20":
        session.skip()
    session.answer(model.NOT_APPLICABLE, justification=WHY)
    assert session.set_confirmed_by("MX-ING-20", "SIPINNA estatal") and not session.set_confirmed_by("MX-ING-20", "")
    assert draft.answers["MX-ING-20"]["confirmed_by"] == "SIPINNA estatal"
    with pytest.raises(UsageError):
        session.set_confirmed_by("MX-ING-20", "…")
    session.answer("siempre")
    assert "confirmed_by" not in draft.answers["MX-ING-20"] and "justification" not in draft.answers["MX-ING-20"]
    with pytest.raises(UsageError):
        session.set_confirmed_by("MX-ING-20", "SIPINNA estatal")
    while session.current is not None and session.current.id != "MX-RES-44":
        session.skip()
    question = session.question()
    assert question is not None and not question.not_applicable
    with pytest.raises(UsageError) as refused:
        session.answer(model.NOT_APPLICABLE, justification=WHY)
    assert refused.value.message.key == "error.na_absolute"


def test_the_template_and_the_editor_schema_refuse_not_applicable_on_absolute_duties_only() -> None:
    """The blank file's comments and the rule-aware schema offer not_applicable on every rule
    but the absolute duties the institution holds, and say that a critical one needs confirmed_by."""
    from brecha.schemas import load_schema
    from brecha.templating import assessment_schema, new_draft, render_draft

    draft = new_draft(LIB, "procuraduria-proteccion", "state", date="2026-01-01", rulesets=("ruta-mx",))
    for lang, refused, confirm in (("es", "no admite not_applicable (deber absoluto de esta institución)",
                                    "y en 'confirmed_by:' quién confirmó que no aplica"),
                                   ("en", "not_applicable is no answer (an absolute duty of this institution)",
                                    "and in 'confirmed_by:' who confirmed it does not apply")):
        text = render_draft(LIB, draft, lang)
        blocks = {b.split(":\n", 1)[0].split()[-1]: b for b in text.split("\n\n") if ":\n    value:" in b}
        for rule_id, block in blocks.items():
            rule = LIB.rules[rule_id]
            critical = LIB.rulesets[rule.ruleset_id].criticalities[rule.criticality].critical
            assert (refused in block) is (rule.absolute is not None), rule_id
            assert (confirm in block) is (critical and rule.absolute is None), rule_id
        assert {"MX-RES-44", "MX-ISN-08"} <= {r for r, b in blocks.items() if refused in b}
    schema = assessment_schema(LIB, draft, load_schema("Assessment"), "en")
    rules = schema["properties"]["answers"]["properties"]
    values = {rid: r["oneOf"][1]["properties"]["value"]["enum"] for rid, r in rules.items()}
    assert model.NOT_APPLICABLE not in values["MX-RES-44"] and model.NOT_APPLICABLE in values["MX-ING-20"]
    assert "confirmed_by" in rules["MX-ING-20"]["oneOf"][1]["properties"]


def test_compare_marks_a_provisional_round_with_its_rules(tmp_path: Path) -> None:
    """A round that reaches 'Consolidado' on its answers and a later one that declares MX-ING-20
    not applicable without confirmation: compare shows the later rating as provisional, naming
    the rule (Markdown in es and en), and JSON (format 3) lists it per round."""
    from brecha.comparing import COMPARE_FORMAT_VERSION
    from brecha.renderers import rounds

    old_path, _ = _draft_file(tmp_path, "MX-ING-20")
    text = old_path.read_text(encoding="utf-8")
    old_path.write_text(text.replace('assessed_on: "2026-01-01"', 'assessed_on: "2025-01-01"'), encoding="utf-8")
    old_path.write_text(old_path.read_text(encoding="utf-8").replace(
        "  MX-ING-20:\n    value:\n    evidence: []\n",
        '  MX-ING-20:\n    value: siempre\n    evidence: ["Bitácora de avisos 2025"]\n'), encoding="utf-8")
    new_path = tmp_path / "new.yaml"
    new_path.write_text(text.replace("  MX-ING-20:\n    value:\n",
                                     f"  MX-ING-20:\n    value: not_applicable\n    justification: {WHY}\n"),
                        encoding="utf-8")
    comparison = api.compare_paths(str(old_path), str(new_path))
    assert comparison.old.rating == "consolidado" and comparison.new.rating == "insuficiente"
    assert "| Insufficient (provisional: MX-ING-20) |" in rounds.compare_markdown(comparison, "en")
    assert "| Insuficiente (provisional: MX-ING-20) |" in rounds.compare_markdown(comparison, "es")
    data = json.loads(rounds.compare_json(comparison, "en"))
    assert COMPARE_FORMAT_VERSION == 9
    assert data["old"]["provisional"] == [] and data["new"]["provisional"] == ["MX-ING-20"]


def test_summary_counts_and_names_the_institutions_whose_rating_is_provisional(tmp_path: Path) -> None:
    """Three files: a Procuraduría with MX-ING-20 not applicable and unconfirmed (its earlier
    round had it confirmed), another with it confirmed. The summary counts one institution
    with a provisional rating, by its latest round, and names it and the rule in the console
    (es, en); CSV and JSON (format 4) carry the rules per rule set."""
    from brecha.renderers import rounds
    from brecha.renderers import summary as summary_renderer
    from brecha.summarizing import SUMMARY_FORMAT_VERSION

    path, _ = _draft_file(tmp_path, "MX-ING-20")
    text = path.read_text(encoding="utf-8")
    path.unlink()
    na = f"  MX-ING-20:\n    value: not_applicable\n    justification: {WHY}\n"

    def write(name: str, institution: str, date: str, confirmed: bool) -> None:
        body = text.replace("  MX-ING-20:\n    value:\n", na + ("    confirmed_by: SIPINNA estatal\n" if confirmed else ""))
        body = body.replace('assessed_on: "2026-01-01"', f'assessed_on: "{date}"')
        body = body.replace('  name: "Procuraduría de Protección de Niñas, Niños y Adolescentes"',
                            f'  name: "{institution}"')
        (tmp_path / name).write_text(body, encoding="utf-8")

    write("a-2025.yaml", "Procuraduría A", "2025-06-01", True)
    write("a-2026.yaml", "Procuraduría A", "2026-06-01", False)
    write("b-2026.yaml", "Procuraduría B", "2026-06-01", True)
    result = api.summarize_paths([str(tmp_path)])
    assert len(result.rows) == 3 and result.institutions == 2
    assert [row.report.institution_name for row in result.provisional] == ["Procuraduría A"]
    for lang, words in (("es", "Calificación provisional en 1 institución"), ("en", "Provisional rating in 1 institution")):
        buffer = io.StringIO()
        Console(file=buffer, width=80, color_system=None, force_terminal=False).print(summary_renderer.render(result, lang))
        shown = " ".join(buffer.getvalue().split())
        assert words in shown and "Procuraduría A — ruta-mx: MX-ING-20" in shown
    assert "Insufficient (provisional: MX-ING-20)" in rounds.summary_csv(result, "en")
    data = json.loads(rounds.summary_json(result, "en"))
    assert data["summary_format_version"] == SUMMARY_FORMAT_VERSION == 10
    assert data["provisional"]["institutions"] == 1
    by_file = {Path(a["path"]).name: a["by_ruleset"]["ruta-mx"]["provisional"] for a in data["assessments"]}
    assert by_file == {"a-2025.yaml": [], "a-2026.yaml": ["MX-ING-20"], "b-2026.yaml": []}


def test_the_opening_asks_to_confirm_first_and_the_page_says_provisional(tmp_path: Path) -> None:
    """With nothing answered below its target but MX-ING-20 declared not applicable and
    unconfirmed, the opening no longer says 'nothing urgent': it says the rating waits on
    confirmations and names the duty to confirm first (console, Markdown, HTML, es and en);
    the one-page summary marks the rating provisional, says what it would be, and names the duty
    under "Confirm first" (the cap line no longer repeats its ID: the list names it with its title)."""
    from brecha.renderers import page as page_renderer
    from brecha.workshop import build_page

    rep = evaluate(_top("procuraduria-proteccion", "state", "ruta-mx", "MX-ING-20"), LIB)
    assert not rep.fix_first
    # one duty, in the singular; it counts as unanswered, which holds the rating at the band the
    # report shows for it (the critical-unmet cap), said as such
    for lang, first, none in (("es", "Confirme primero (deber crítico declarado «no aplica», sin confirmar: cuenta "
                                     "como sin respuesta, en el puntaje y para los topes, y deja la calificación en «Insuficiente» "
                                     "como máximo)",
                               "Nada urgente"),
                              ("en", "Confirm first (critical duty declared not applicable, unconfirmed: it counts as "
                                     "unanswered, in the score and for the caps, and keeps the rating at 'Insufficient' at most)",
                               "Nothing urgent")):
        for text in (_console(rep, lang, concise=True), markdown.render(rep, lang), html.render(rep, lang)):
            flat = " ".join(text.replace("┃", " ").split())  # the console's box wraps the sentence
            assert first in flat and "MX-ING-20" in flat and none not in flat, (lang, flat[:1500])
    confirmed = evaluate(_top("procuraduria-proteccion", "state", "ruta-mx", "MX-ING-20", confirmed_by="SIPINNA"), LIB)
    assert "Nothing urgent" in markdown.render(confirmed, "en") and "Confirm first" not in markdown.render(confirmed, "en")
    shown = page_renderer.render_html(build_page(rep, LIB), "en")
    assert "Insufficient (provisional)" in shown
    assert "Provisional; once confirmed, it would be Consolidated" in shown
    assert '<p><b>Confirm first</b> <span class=muted>(not applicable, not confirmed from outside' in shown
    assert '<b class="id">MX-ING-20</b> The Procuraduría receives notices and steps in at once' in shown
    calm = page_renderer.render_html(build_page(confirmed, LIB), "en")
    assert "(provisional)" not in calm and "Confirm first" not in calm and "MX-ING-20" not in calm


# --- field forms: the workbook and the XLSForm ----------------------------------------------


def test_a_workbook_refuses_not_applicable_on_an_absolute_duty_at_its_cell_and_keeps_who_confirmed(
        tmp_path: Path) -> None:
    """A filled workbook: 'No aplica' on MX-RES-44 (absolute) is refused at its answer cell;
    on MX-ING-20 (critical), column H says who confirmed it and reads back as confirmed_by."""
    import openpyxl

    from brecha.importing import import_path
    from brecha.templating import new_draft
    from brecha.workbook import COLUMNS, build_workbook

    assert COLUMNS[7] == "confirmed_by"
    draft = new_draft(LIB, "procuraduria-proteccion", "state", date="2026-01-01", rulesets=("ruta-mx",))
    draft.name = "Procuraduría de prueba"
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(LIB, draft, "es")))
    rows = {}
    for ws in wb.worksheets:
        for row in range(4, ws.max_row + 1):
            if isinstance(ws.cell(row, 1).value, str) and ws.cell(row, 1).value.startswith("MX-"):
                rows[ws.cell(row, 1).value] = (ws, row)
    assert "Quién confirmó que no aplica" in str(rows["MX-ING-20"][0].cell(3, 8).value)
    for rule_id, (ws, row) in rows.items():
        rule = LIB.rules[rule_id]
        top = LIB.rulesets[rule.ruleset_id].scales[rule.scale].levels[-1]
        ws.cell(row, 4).value = top.label.es
        ws.cell(row, 5).value = "Registro 2026"
    for rule_id in ("MX-ING-20", "MX-RES-44"):
        ws, row = rows[rule_id]
        ws.cell(row, 4).value, ws.cell(row, 5).value, ws.cell(row, 7).value = "No aplica", None, WHY
    ws, row = rows["MX-ING-20"]
    ws.cell(row, 8).value = "Secretaría Ejecutiva del SIPINNA estatal"
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as refused:
        import_path(str(path), LIB, lang="es")
    [issue] = refused.value.issues
    ws, row = rows["MX-RES-44"]
    assert issue.code.value == "absolute-not-applicable" and f"celda D{row}" in issue.text("es")
    ws.cell(row, 4).value, ws.cell(row, 7).value = "Siempre", None
    ws.cell(row, 5).value = "Reglamento interno sin encierro"
    wb.save(path)
    [imported] = import_path(str(path), LIB, lang="es")
    assert imported.assessment.answers["MX-ING-20"].confirmed_by == "Secretaría Ejecutiva del SIPINNA estatal"
    assert "confirmed_by: \"Secretaría Ejecutiva del SIPINNA estatal\"" in imported.text
    assert not evaluate(imported.assessment, LIB).results[0].provisional


def test_the_phone_form_refuses_not_applicable_on_absolute_duties_and_asks_who_confirmed_critical_ones(
        tmp_path: Path) -> None:
    """The XLSForm: a constraint refuses 'not applicable' on each absolute duty the institution
    holds (pyxform converts it without a warning); a critical duty's 'who confirmed it' field
    shows only when it is answered not applicable, and a submission's answer reads back."""
    from test_xlsform import _csv, _paths, _submission, _survey, _xform

    from brecha.importing import import_path
    from brecha.xlsform import build_xlsform

    form = build_xlsform(LIB, "procuraduria-proteccion", "state", rulesets=["ruta-mx"])
    _xform(form)
    survey = {row["name"]: row for row in _survey(form) if row.get("name")}
    assert survey["MX-RES-44"]["constraint"] == ". != 'not_applicable'"
    assert not survey["MX-ING-20"]["constraint"]
    assert survey["MX-ING-20_confirmed_by"]["relevant"] == "${MX-ING-20} = 'not_applicable'"
    assert "MX-RES-44_confirmed_by" not in survey
    not_critical = [r for r in survey if r in LIB.rules
                    and not LIB.rulesets["ruta-mx"].criticalities[LIB.rules[r].criticality].critical]
    assert not_critical and not any(f"{r}_confirmed_by" in survey for r in not_critical)
    built = _top("procuraduria-proteccion", "state", "ruta-mx", "MX-ING-20")
    built = dataclasses.replace(built, institution=dataclasses.replace(built.institution, name="Procuraduría X",
                                                                       jurisdiction="MX-BCN"))
    paths = _paths(form)
    row = _submission(built, paths, LIB)
    row[paths["MX-ING-20_confirmed_by"]] = "SIPINNA estatal, oficio 7/2026"
    [imported] = import_path(_csv([row], tmp_path / "export.csv"), LIB, lang="es")
    assert imported.assessment.answers["MX-ING-20"].confirmed_by == "SIPINNA estatal, oficio 7/2026"


# --- a confirmation from inside the assessing team is none ----------------------------------


def test_naming_an_assessor_is_no_confirmation() -> None:
    """The name, or a name of two words or more within it, names an assessor; a one-word
    assessor ("Procuraduría") inside a longer confirmation does not; case, accents and
    punctuation do not matter."""
    team = (("Ana Pérez", "Subprocuradora"), ("Procuraduría", None))
    assert model.self_confirmed("Lic. ANA PEREZ, subprocuradora", team) == "Ana Pérez"
    assert model.self_confirmed("procuraduría", team) == "Procuraduría"
    assert model.self_confirmed("Procuraduría Federal, oficio 12/2026", team) is None
    assert model.self_confirmed("Anabel Pérez", team) is None
    assert model.self_confirmed("Ana Pérez", ()) is None


def test_a_self_confirmed_not_applicable_stays_provisional_and_says_why(tmp_path: Path) -> None:
    """confirmed_by naming one of the file's assessors: lint warns at the field, and the report
    (and a summary's brief) counts the duty as unconfirmed, with a loud notice naming who."""
    path = _write(tmp_path, "MX-ING-20", "procuraduria-proteccion", "state",
                  '    confirmed_by: "Lic. Ana Pérez, titular"\n')
    text = path.read_text(encoding="utf-8").replace(
        'assessed_on: "2026-01-01"', 'assessed_on: "2026-01-01"\nassessors: [{name: Ana Pérez, role: Subprocuradora}]')
    path.write_text(text, encoding="utf-8")
    [issue] = [i for i in api.lint([str(path)]).issues if i.code.value == "self-confirmed"]
    assert (issue.location.line, issue.severity.value) == (11, "warning")
    assert "one of the assessors" in issue.format("en") and "del equipo evaluador" in issue.format("es")
    rep = api.evaluate_path(str(path))
    assert rep.results[0].provisional == ("MX-ING-20",)
    loud = {n.code: n.message.en for n in rep.notices if n.loud}
    assert "confirmed by Ana Pérez, one of the assessors" in (loud.get("self-confirmed") or "")
    assert [n.confirmed_by for n in rep.not_applicable] == [None]
    from brecha import loading

    assessment = loading.load_assessment(str(path), LIB)
    assert evaluate_brief(assessment, LIB) == Brief.of(evaluate(assessment, LIB))
    assert evaluate(assessment, LIB).results[0].provisional == ("MX-ING-20",)


def test_assess_refuses_an_assessor_as_the_confirmation() -> None:
    from brecha.errors import UsageError
    from brecha.questionnaire import Session
    from brecha.templating import new_draft

    draft = new_draft(LIB, "procuraduria-proteccion", "state", date="2026-01-01", rulesets=("ruta-mx",))
    draft.assessors = [("Ana Pérez", "Subprocuradora")]
    session = Session.start(LIB, draft)
    while session.current is not None and session.current.id != "MX-ING-20":
        session.skip()
    session.answer(model.NOT_APPLICABLE, justification=WHY)
    with pytest.raises(UsageError) as refused:
        session.set_confirmed_by("MX-ING-20", "Ana Pérez")
    assert refused.value.message.key == "error.confirmed_self" and "Ana Pérez is one of the assessors" in str(refused.value)
    assert session.set_confirmed_by("MX-ING-20", "Secretaría Ejecutiva del SIPINNA estatal")


def test_the_opening_never_calls_nothing_urgent_when_most_duties_are_declared_not_applicable() -> None:
    """A state DIF with every non-critical own duty declared not applicable (justified), the rest at
    the top: more than the rule set admits. The opening says to review those answers first, not
    'nothing urgent' (console, Markdown, HTML, es and en): the rating is withheld (see
    test_withheld); below the share, it is nothing urgent."""
    rs = LIB.rulesets["ruta-mx"]
    own = own_duties(LIB, "dif", "state", "ruta-mx")
    critical = {c.id for c in rs.criticalities.values() if c.critical}
    answers = top_answers(LIB, "dif", "state", "ruta-mx")
    declared = [r for r in own if r.criticality not in critical and r.absolute is None]
    assert rs.not_applicable_share is not None and len(declared) > rs.not_applicable_share * len(own)
    for rule in declared:
        answers[rule.id] = (model.NOT_APPLICABLE, (), WHY)
    rep = evaluate(assessment("dif", "state", answers, rulesets=("ruta-mx",), version=rs.version), LIB)
    assert not rep.fix_first and any(n.code == "many-not-applicable" for n in rep.notices)
    for lang, first, none in (("es", "Revise primero las respuestas «no aplica» de ruta-mx", "Nada urgente"),
                              ("en", "Review first the 'not applicable' answers of ruta-mx", "Nothing urgent")):
        for text in (_console(rep, lang, concise=True), _console(rep, lang, concise=False),
                     markdown.render(rep, lang), html.render(rep, lang)):
            flat = " ".join(text.replace("┃", " ").replace("&#x27;", "'").split())  # panel borders, HTML quotes aside
            assert first in flat and none not in flat, (lang, flat[:800])
    few = dict(answers)
    for rule in declared[1:]:
        few[rule.id] = (rs.scales[rule.scale].values[-1], ("Registro 2026",), None)
    calm = evaluate(assessment("dif", "state", few, rulesets=("ruta-mx",), version=rs.version), LIB)
    assert "Nothing urgent" in markdown.render(calm, "en")


def test_confirm_first_names_the_band_only_where_the_report_shows_the_cap() -> None:
    """'Confirm first' says the unconfirmed duty keeps the rating at a band only when the report
    lists it under a cap of that band. With every other duty at the bottom of its scale the score
    alone is already in the lowest band, no cap is listed as lowering it, and the sentence says
    only that the duty counts as unanswered in the score and for the caps (still true), never a band it cannot show."""
    rs = LIB.rulesets["ruta-mx"]
    answers = {rule: (rs.scales[LIB.rules[rule].scale].values[0], (), None)
               for rule in top_answers(LIB, "procuraduria-proteccion", "state", "ruta-mx")}
    answers["MX-ING-20"] = (model.NOT_APPLICABLE, (), WHY)
    rep = evaluate(assessment("procuraduria-proteccion", "state", answers, rulesets=("ruta-mx",),
                              version=rs.version), LIB)
    assert not any("MX-ING-20" in c.rules for r in rep.results for c in r.caps)
    for lang, said, not_said in (("es", "cuenta como sin respuesta, en el puntaje y para los topes de la calificación",
                                  "como máximo): MX-ING-20"),
                                 ("en", "it counts as unanswered, in the score and for the rating's caps", "at most): MX-ING-20")):
        flat = " ".join(markdown.render(rep, lang).split())
        assert said in flat and not_said not in flat, lang

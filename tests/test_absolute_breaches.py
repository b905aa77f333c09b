"""An admitted breach of an absolute duty is never silent (design 4a): in every report format,
whatever the score, in whichever rule set it is admitted, and in a summary's rows and order."""

from __future__ import annotations

import csv
import dataclasses
import html as html_lib
import io
import json

from rich.console import Console

from brecha import api, loading, model
from brecha.evaluation import evaluate, evaluate_brief
from brecha.renderers import console, html, markdown
from brecha.renderers import json as json_report
from brecha.renderers import summary as summary_console
from brecha.renderers.rounds import summary_csv, summary_json
from brecha.report import GapReport
from brecha.summarizing import SortBy, SummaryOptions, summarize
from brecha.workshop import build_page

from helpers import ROOT, assessment, top_answers

LIB = api.load_content()


def _top(itype: str, level: str, rulesets: tuple[str, ...], name: str = "X", **override: str) -> model.Assessment:
    """Every own duty at the top of its scale with evidence, in each rule set, but for ``override``
    (rule IDs with ``_`` for ``-``)."""
    answers: dict[str, object] = {k: v for rs in rulesets for k, v in top_answers(LIB, itype, level, rs).items()}
    answers.update({rule.replace("_", "-"): (value, ("Registro 2026",), None) for rule, value in override.items()})
    built = assessment(itype, level, answers, rulesets=rulesets, version=LIB.rulesets[rulesets[0]].version)
    return dataclasses.replace(built, institution=dataclasses.replace(built.institution, name=name))


def _console(rep: GapReport, lang: str, *, detail: bool = False) -> str:
    buffer = io.StringIO()
    view = console.render_detail(rep, lang) if detail else console.render(rep, lang)
    Console(file=buffer, width=200, color_system=None, force_terminal=False).print(view)
    return buffer.getvalue()


def _flat(text: str) -> str:
    return " ".join(html_lib.unescape(text).split())


def _formats(rep: GapReport, lang: str) -> dict[str, str]:
    return {"console": _console(rep, lang), "detail": _console(rep, lang, detail=True),
            "markdown": markdown.render(rep, lang), "html": html.render(rep, lang)}


_LAW = {"es": "Ley de Migración, art. 74, párr. 3", "en": "Migration Law, art. 74, para. 3"}
_ADMITS = {"es": "lo que la ley prohíbe en todo caso", "en": "which the law forbids in every case"}


def test_breaches_already_at_the_lowest_band_are_named_with_their_law_in_every_format() -> None:
    """The shipped Procuraduría (MX-RES-44 «nunca», MX-ISN-08 and CRM-PRO-09 «a veces», all
    absolute) scores in the lowest band on its own: each breach is still named with what it admits
    and its law, in the headline area (before what to fix first) of every format, and in JSON."""
    rep = api.evaluate_path(str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml"))
    assert all(not r.capped for r in rep.results)  # the score alone is already at the lowest band
    assert {"MX-ISN-08", "MX-RES-44", "CRM-PRO-09"} <= set(rep.breached)
    mx = tuple(d.id for rs, d in rep.breaches if rs == "ruta-mx")
    for lang in ("es", "en"):
        for name, text in _formats(rep, lang).items():
            flat = _flat(text)
            for rule in rep.breached:
                assert rule in flat, (lang, name, rule)
            assert _ADMITS[lang] in flat and _LAW[lang] in flat, (lang, name)
            fix_first = flat.index("Qué hacer primero" if lang == "es" else "Fix first")
            assert flat.index("CRM-PRO-09 (crm-regional)") < fix_first, (lang, name)  # the headline area
        data = json.loads(json_report.render(rep, lang))
        assert [(b["ruleset"], b["rule"]) for b in data["absolute_breaches"]] == [
            (rs, d.id) for rs, d in rep.breaches]  # the headline rule set's first
        assert data["absolute_breaches"][0]["ruleset"] == "ruta-mx"
        assert all(b["cite"] for b in data["absolute_breaches"])
        caps = {r["id"]: r["caps"] for r in data["results"]}
        assert [(c["when"], c["rules"], c["binding"]) for c in caps["ruta-mx"]] == [
            ("absolute-breach", list(mx), False)]  # listed, not binding
        assert "CRM-PRO-09" in [b["rule"] for b in data["results"][1]["breaches"]]


def test_a_breach_in_the_other_rule_set_heads_a_report_rated_consolidado() -> None:
    """A Procuraduría at the top of ruta-mx (Consolidado, the headline) admitting one case on
    CRM-PRO-09 in crm-regional: the headline rating stays ruta-mx's, but every format says, before
    anything else, that an absolute duty is breached, and which."""
    rep = evaluate(_top("procuraduria-proteccion", "state", ("ruta-mx", "crm-regional"), CRM_PRO_09="a_veces"), LIB)
    assert rep.rating == "consolidado" and rep.headline is not None and rep.headline.ruleset_id == "ruta-mx"
    assert rep.breaches and [(rs, d.id) for rs, d in rep.breaches] == [("crm-regional", "CRM-PRO-09")]
    heading = {"es": "Deber absoluto incumplido", "en": "Absolute duty breached"}
    for lang in ("es", "en"):
        for name, text in _formats(rep, lang).items():
            flat = _flat(text)
            assert heading[lang] in flat and "CRM-PRO-09 (crm-regional)" in flat, (lang, name)
            assert flat.index(heading[lang]) < flat.index("Qué hacer primero" if lang == "es" else "Fix first")
    assert json.loads(json_report.render(rep, "en"))["absolute_breaches"][0]["rule"] == "CRM-PRO-09"


def test_no_breach_no_alert() -> None:
    """The top answer on every absolute duty admits nothing: no list, no absolute cap."""
    rep = evaluate(_top("inm", "federal", ("ruta-mx",)), LIB)
    assert rep.breaches == () and rep.breached == ()
    for lang in ("es", "en"):
        for text in _formats(rep, lang).values():
            assert "absolut" not in text.casefold().replace("absolutamente", "")
    assert json.loads(json_report.render(rep, "en"))["absolute_breaches"] == []


def test_each_rule_is_named_once_and_an_unanswered_one_says_so() -> None:
    """INM detaining every child (MX-ING-04 «nunca»): the rule is named once, under the lowest cap
    (not again as plainly unmet or a critical gap); a critical duty left unanswered says so."""
    answers = _top("inm", "federal", ("ruta-mx",), MX_ING_04="nunca")
    rep = evaluate(answers, LIB)
    caps = rep.results[0].caps
    named = [rule for cap in caps if cap.when != "critical-weakness" for rule in cap.rules]
    assert named == ["MX-ING-04"] and caps[0].when == "absolute-breach" and caps[0].binding
    for lang in ("es", "en"):
        assert _console(rep, lang, detail=True).count("MX-ING-04 —") == 1
    silent = dict(answers.answers)
    unanswered = next(r.id for r in LIB.rulesets["ruta-mx"].rules if r.id in silent and r.absolute is None
                      and LIB.rulesets["ruta-mx"].criticalities[r.criticality].critical)
    del silent[unanswered]
    rep = evaluate(dataclasses.replace(answers, answers=silent), LIB)
    unmet = next(c for c in rep.results[0].caps if c.when == "critical-unmet")
    assert unanswered in unmet.rules
    assert f"{unanswered} (sin respuesta)" in _flat(markdown.render(rep, "es"))
    assert f"{unanswered} (unanswered)" in _flat(markdown.render(rep, "en"))


def _critical_gap_rule() -> str:
    """A critical INM duty that is not absolute, whose second level is below its target and not its bottom."""
    rs = LIB.rulesets["ruta-mx"]
    kind = LIB.institution_types["inm"]
    for rule in rs.rules:
        scale = rs.scales[rule.scale]
        if (rule.absolute is None and rs.criticalities[rule.criticality].critical and not rule.deprecated
                and model.applies(rule, kind, "federal") and model.holds_duty(rule, kind)
                and len(scale.values) > 2 and scale.rank(rule.target) > 1):
            return rule.id
    raise AssertionError("no such rule")


def test_summary_marks_a_breach_and_sorts_by_rating_before_score() -> None:
    """An office that detains every child scores 96 but is rated Insuficiente: sorted by score, it
    comes among the Insuficiente rows (by its score within them), before a 95 rated En desarrollo,
    and its row says it admits a breach of an absolute duty, naming the rule (console, CSV, JSON)."""
    detains = evaluate_brief(_top("inm", "federal", ("ruta-mx",), MX_ING_04="nunca"), LIB)
    rs = LIB.rulesets["ruta-mx"]
    gap = _critical_gap_rule()
    lower = {gap.replace("-", "_"): rs.scales[LIB.rules[gap].scale].values[1]}
    kind = LIB.institution_types["inm"]
    for rule in rs.rules:  # a few lesser duties unmet, for a score below the detaining office's
        if (len(lower) < 4 and not rs.criticalities[rule.criticality].critical and not rule.deprecated
                and model.applies(rule, kind, "federal") and model.holds_duty(rule, kind)):
            lower[rule.id.replace("-", "_")] = rs.scales[rule.scale].values[0]
    developing = evaluate_brief(_top("inm", "federal", ("ruta-mx",), "Y", **lower), LIB)
    low = api.evaluate_path(str(ROOT / "examples" / "inm-oficina-chiapas.yaml"))
    assert detains.rating == low.rating == "insuficiente" and developing.rating == "en-desarrollo"
    assert detains.overall.evidenced is not None and developing.overall.evidenced is not None
    assert detains.overall.evidenced > developing.overall.evidenced
    result = summarize([("detains.yaml", detains), ("developing.yaml", developing), ("low.yaml", low)],
                       SummaryOptions(sort=SortBy.SCORE))
    assert [row.path for row in result.rows] == ["low.yaml", "detains.yaml", "developing.yaml"]
    row = result.rows[1]
    assert row.breached == ("MX-ING-04",) and row.cell("ruta-mx").breaches == ("MX-ING-04",)  # type: ignore[union-attr]
    assert not result.rows[2].breached
    assert [r.path for r in result.breached] == ["low.yaml", "detains.yaml"]
    assert result.total[0].breached == 2
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None, force_terminal=False).print(summary_console.render(result, "es"))
    text = buffer.getvalue()
    assert text.count("‼ absoluto") == 2 and "X — ruta-mx: MX-ING-04" in text
    rows = list(csv.reader(io.StringIO(summary_csv(result, "en"))))
    assert "absolute duty breached: MX-ING-04" in rows[2][rows[0].index("Rating")]
    assert "absolute duty breached" not in " ".join(rows[3])
    data = json.loads(summary_json(result, "en"))
    assert data["summary_format_version"] == 10
    assert data["assessments"][1]["absolute_breaches"] == ["MX-ING-04"]
    assert data["assessments"][1]["by_ruleset"]["ruta-mx"]["absolute_breaches"] == ["MX-ING-04"]
    assert data["assessments"][2]["absolute_breaches"] == []
    assert data["absolute_breaches"]["institutions"] == 2 and data["groups"]["groups"][0]["absolute_breaches"] == 2


def test_compare_says_which_breaches_persist_which_are_new_and_which_are_no_longer_admitted() -> None:
    """The northern Procuraduría, 2026 then 2027: the breaches admitted in both rounds are said to
    persist (not read as new the year the score rises), the one answered at the top in 2027 is
    no longer admitted; each round's are named in the table and in JSON."""
    from brecha.renderers.rounds import compare_json, compare_markdown

    c = api.compare_paths(str(ROOT / "examples" / "procuraduria-estatal-norte.yaml"),
                          str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml"))
    old, new = set(c.old.breached), set(c.new.breached)
    assert "MX-ISN-08" in old & new and "MX-RES-44" in old - new
    assert {d.id for _, d in c.breaches_persisting} == old & new
    assert {d.id for _, d in c.breaches_new} == new - old
    assert {d.id for _, d in c.breaches_gone} == old - new
    for lang, words in (("es", ("Se siguen reconociendo", "Ya no se reconocen")),
                        ("en", ("Still admitted", "No longer admitted"))):
        text = compare_markdown(c, lang)
        assert all(w in text for w in words)
        persisting = text[text.index(words[0]):text.index(words[1])]
        assert "`MX-ISN-08` (ruta-mx)" in persisting and "MX-RES-44" not in persisting
        assert "`MX-RES-44` (ruta-mx)" in text[text.index(words[1]):]
    data = json.loads(compare_json(c, "en"))
    assert data["compare_format_version"] == 9
    assert "MX-RES-44" in data["old"]["absolute_breaches"] and "MX-RES-44" not in data["new"]["absolute_breaches"]
    assert [b["rule"] for b in data["absolute_breaches"]["no_longer_admitted"]] == ["MX-RES-44"]
    assert data["absolute_breaches"]["no_longer_admitted"][0]["cite"]
    assert {b["rule"] for b in data["absolute_breaches"]["persisting"]} == old & new


def test_draft_and_page_name_the_breach() -> None:
    """A draft says the answer admits a breach of a duty without exception (and why it is drafted);
    the one-page summary lists the breaches of every rule set, with the law, whatever the rating."""
    from brecha.renderers import drafts as drafts_renderer
    from brecha.renderers import page as page_renderer

    path = str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml")
    drafted = api.draft_path(path)
    by_rule = {d.rule_id: d for d in drafted.drafts}
    rep = api.evaluate_path(path)
    for rule in rep.breached:
        assert by_rule[rule].breach is not None and by_rule[rule].reasons[0].value == "absolute"
    assert all(d.breach is None for d in drafted.drafts if d.rule_id not in rep.breached)
    for lang, words in (("es", ("Esta respuesta reconoce NNA a las que se impidió salir", "deber absoluto incumplido")),
                        ("en", ("This answer admits children kept from leaving", "absolute duty breached"))):
        text = drafts_renderer.render_markdown(drafted, lang)
        assert all(w in text for w in words), lang
    rep5 = evaluate(_top("procuraduria-proteccion", "state", ("ruta-mx", "crm-regional"), CRM_PRO_09="a_veces"), LIB)
    page = build_page(rep5, LIB)
    assert page.rating is not None and page.rating.es == "Consolidado" and len(page.breaches) == 1
    for lang, law in (("es", "OG 22, párr. 46"), ("en", "GC 22, para. 46")):
        shown = _flat(page_renderer.render_html(page, lang))
        assert "CRM-PRO-09 (crm-regional)" in shown and law in shown


def test_a_confidential_summary_counts_the_members_admitting_a_breach() -> None:
    """Shared without names, a group still says how many of its institutions admit a breach of
    an absolute duty (JSON, CSV, console): its mean score does not show it."""
    from brecha.renderers.confidential import render_csv, render_json
    from brecha.summarizing import anonymise

    summary = api.summarize_paths([str(ROOT / "examples")])
    shared = anonymise(summary, min_group=2)
    assert shared.total is not None
    members = [row for row in summary.rows if row.counted]
    published = {(g.type.id if g.type else "", g.level.id if g.level else "", g.region) for g in shared.groups}
    kept = [row for row in members if (row.report.institution_type.id, row.report.institution_level.id,
                                       (row.report.jurisdiction or "—").split("-")[0]) in published]
    assert shared.total.with_absolute_breach == sum(1 for row in kept if row.breached) > 0
    data = json.loads(render_json(shared, "en"))
    assert data["total"]["with_absolute_breach"] == shared.total.with_absolute_breach
    assert [g["with_absolute_breach"] for g in data["groups"]] == [g.with_absolute_breach for g in shared.groups]
    rows = list(csv.reader(io.StringIO(render_csv(shared, "en"))))
    column = rows[0].index("with_absolute_breach")  # the provisional and withheld counts follow it
    assert rows[len(shared.groups) + 1][column] == str(shared.total.with_absolute_breach)
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None, force_terminal=False).print(
        summary_console.render_anonymous(shared, "en"))
    assert "‼ = institutions admitting" in buffer.getvalue()


def test_rules_declared_the_same_duty_count_once_in_the_heading() -> None:
    """A breach admitted under a Ruta rule and under the regional rule declared the same duty
    (equivalent_to) is one duty breached: both rules are listed, each with its law, but the
    heading counts duties, as every count of duties does."""
    rep = api.evaluate_path(str(ROOT / "examples" / "procuraduria-estatal-ambos.yaml"))
    pairs = [(a, b) for a, b in model.equivalent_pairs(LIB) if a in rep.breached and b in rep.breached]
    assert pairs  # the example admits one duty under both rule sets
    group = {r: {r} for r in rep.breached}
    for a, b in pairs:
        joined = group[a] | group[b]
        for r in joined:
            group[r] = joined
    duties = len({frozenset(g) for g in group.values()})
    assert rep.breached_duties == duties < len(rep.breached)
    assert f"Deberes absolutos incumplidos ({duties})" in _console(rep, "es")
    assert f"Absolute duties breached ({duties})" in markdown.render(rep, "en")
    data = json.loads(json_report.render(rep, "en"))
    duty = {b["rule"]: b["duty"] for b in data["absolute_breaches"]}
    assert all(duty[a] == duty[b] for a, b in pairs) and len(set(duty.values())) == duties


def test_an_unanswered_absolute_duty_holding_a_cap_says_it_is_absolute() -> None:
    """The INM example leaves MX-ISN-08 (no return without a risk assessment) unanswered: the
    cap line names it as an absolute duty, not as any unanswered one, since only its top answer
    would lift the cap; an unanswered critical duty that is not absolute says only that."""
    report = evaluate(loading.load_assessment(str(ROOT / "examples" / "inm-oficina-chiapas.yaml"), LIB), LIB)
    details = {d.id: d for r in report.results for c in r.caps for d in c.details}
    assert details["MX-ISN-08"].unanswered and details["MX-ISN-08"].text.es == "deber absoluto, sin respuesta"
    assert details["MX-ISN-08"].text.en == "absolute duty, unanswered"
    plain = [d for d in details.values() if d.unanswered and LIB.rules[d.id].absolute is None]
    assert all(d.text.es == "sin respuesta" for d in plain)

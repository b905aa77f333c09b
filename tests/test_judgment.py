"""The judgment a specialist expects (design 4a) on the shipped content: absolute duties,
critical weaknesses, what a report says about them, in both languages."""

from __future__ import annotations

import io

from rich.console import Console

from brecha import api, model
from brecha.evaluation import evaluate, evaluate_brief
from brecha.renderers import console, markdown
from brecha.report import Brief

from helpers import MINI, ROOT, assessment, top_answers

LIB = api.load_content()


def _top(itype: str, level: str, ruleset: str, **override: str) -> model.Assessment:
    """Every own duty of the institution at the top of its scale with evidence, but for ``override``."""
    answers = top_answers(LIB, itype, level, ruleset)
    for rule_id, (value, evidence, why) in answers.items():
        answers[rule_id] = (override.get(rule_id.replace("-", "_"), value), evidence, why)
    return assessment(itype, level, answers, rulesets=(ruleset,), version=LIB.rulesets[ruleset].version)


def _console(rep: object, lang: str) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None, force_terminal=False).print(console.render(rep, lang))
    return buffer.getvalue()


def test_one_admitted_detention_holds_the_lowest_band_and_says_why_in_both_languages() -> None:
    """INM at the top everywhere but 'sometimes' on MX-ING-04 (children in migration stations):
    the lowest band, and the cap line names the rule, what it admits and the article."""
    rep = evaluate(_top("inm", "federal", "ruta-mx", MX_ING_04="a_veces"), LIB)
    result = rep.results[0]
    assert result.score.evidenced is not None and result.score.evidenced > 95
    assert result.uncapped == "consolidado" and result.rating == "insuficiente"
    binding = [c for c in result.caps if c.binding]
    assert [(c.when, c.rules) for c in binding] == [("absolute-breach", ("MX-ING-04",))]
    es_md, en_md = markdown.render(rep, "es"), markdown.render(rep, "en")
    assert "MX-ING-04 — reconoce NNA presentadas o alojadas en estaciones migratorias" in es_md
    assert "Ley de Migración, art. 99" in es_md
    assert "MX-ING-04 — admits children presented or housed in migration stations" in en_md
    assert "Migration Law, art. 99" in en_md
    # the paragraph that states the ban (para. 3; paras. 1-2 concern adults, para. 4 their
    # carers), cited as each reader writes it: "párr. 3" in Spanish, "para. 3" in English
    assert "art. 99, párr. 3" in es_md and "art. 99, para. 3" in en_md and "párr" not in en_md
    assert "art. 99, párrs. 1 a 4" not in es_md
    for lang, words in (("es", "reconoce NNA presentadas"), ("en", "admits children presented")):
        assert words in _console(rep, lang)
    # the critical weakness it shows is named in its own cap line
    weak = next(c for c in result.caps if c.when == "critical-weakness")
    assert weak.rules == ("MX-W01",) and "MX-W01 — NNA retenidas en estaciones migratorias" in es_md


def test_a_child_held_for_migration_reasons_by_a_municipality_or_prosecutor_reads_as_by_inm() -> None:
    """The same act (a child held or treated as an offender for migration reasons) holds the
    rating at the lowest band whoever admits it: the municipality's MX-ING-23 and the
    prosecutor's MX-ING-35 as INM's MX-ING-04, citing the LGDNNA and the Ley de Migración;
    neither names the other as "who else must act". Each half of the duty is cited on its own
    law: holding a child on the Migration Law's arts. 11 and 6, being treated as an offender on
    its art. 2 and LGDNNA art. 101, which says nothing of holding a child (a specialist's review
    found it cited for the whole)."""
    for itype, level, rule_id, admits, offender in (
            ("municipio", "municipal", "MX-ING-23", "arrested or held because of their migration status", "treated as offenders"),
            ("fiscalia", "state", "MX-ING-35", "held because of their migration status", "treated as suspects")):
        rep = evaluate(_top(itype, level, "ruta-mx", **{rule_id.replace("-", "_"): "casi_siempre"}), LIB)
        result = rep.results[0]
        assert result.uncapped in ("sustancial", "consolidado"), itype
        assert result.rating == "insuficiente", itype
        (binding,) = [c for c in result.caps if c.binding]
        assert binding.when == "absolute-breach" and binding.rules == (rule_id,)
        en_md = markdown.render(rep, "en")
        assert f"{rule_id} — admits children {admits}" in en_md
        assert "LGDNNA, art. 101" in en_md and "art. 11, para. 2; art. 6, para. 2" in en_md
        line = next(ln for ln in en_md.splitlines() if f"{rule_id} — admits children" in ln)
        held, treated = line.split(offender, 1)
        assert "which the Migration Law forbids at all times" in held and "LGDNNA" not in held
        assert "that law and the LGDNNA say that status is never by itself a crime" in treated
        # the citation follows in the order of the halves: deprivation of liberty first
        assert treated.index("art. 11, para. 2; art. 6, para. 2; art. 2, para. 3; LGDNNA, art. 101") > 0
        (gap,) = [g for g in rep.gaps if g.rule_id == rule_id]
        # the municipality's action takes the child to DIF with notice to the Procuraduría: those
        # two act with it; the prosecutor's office and the municipality never name each other
        assert gap.absolute and not {"municipio", "fiscalia"} & {a.id for a in gap.also}
        assert {a.id for a in gap.also} == ({"dif", "procuraduria-proteccion"} if itype == "municipio" else set())


def test_arresting_the_adults_who_care_for_children_is_critical_but_not_absolute() -> None:
    """The ban without exception is on detaining the child (MX-ING-23); for the adults who care
    for children the law says only that their detention "deberá evitarse" (LM art. 99 para. 4),
    and the municipality may do no migration control on its own (LM art. 96). A municipality
    meeting the child's ban but arresting carers (MX-ING-36 «a veces») has a critical gap, not
    an absolute breach; MX-ING-23's top level speaks of the child, alone or with their family."""
    rule = LIB.rules["MX-ING-36"]
    assert rule.absolute is None and LIB.rulesets["ruta-mx"].criticalities[rule.criticality].critical
    assert {"ley-migracion.art-96", "ley-migracion.art-99.parr-4", "ley-migracion.art-2"} <= set(rule.implements)
    assert all(LIB.provisions[p].confidence is model.Confidence.VERIFIED
               for p in rule.implements if p.startswith("ley-migracion."))
    rep = evaluate(_top("municipio", "municipal", "ruta-mx", MX_ING_36="a_veces"), LIB)
    result = rep.results[0]
    assert not rep.breaches and all(c.when != "absolute-breach" for c in result.caps)
    assert [g.rule_id for g in rep.gaps if g.critical] == ["MX-ING-36"]
    assert result.rating != LIB.rulesets["ruta-mx"].rating_bands[0].id
    top = LIB.rules["MX-ING-23"].guidance["siempre"]
    assert (top.es or "").startswith("Ninguna NNA fue detenida") and "tampoco junto con su familia" in (top.es or "")


def test_the_municipalitys_carers_and_its_own_migration_control_are_two_questions() -> None:
    """Until ruta-mx 0.11.1 MX-ING-36 asked at once whether carers were arrested and whether the
    municipality asked for migration papers on its own: «a veces» could mean either. Now each is
    its own critical, not absolute, duty: MX-ING-36 the carers (LM art. 99 para. 4), MX-ING-37 the
    migration control the municipality may not do on its own (LM art. 96). A municipality that
    never arrests carers but checks papers without a request from INM has one critical gap,
    MX-ING-37, and no breach; the other way round, MX-ING-36."""
    carers, control = LIB.rules["MX-ING-36"], LIB.rules["MX-ING-37"]
    assert "papeles" not in (carers.question.es or "") and "documentos migratorios" not in (carers.question.es or "")
    assert "deten" not in (control.question.es or "") and control.implements == ("ley-migracion.art-96",)
    for rule in (carers, control):
        assert rule.absolute is None and LIB.rulesets["ruta-mx"].criticalities[rule.criticality].critical
    for rule_id in ("MX-ING-36", "MX-ING-37"):
        rep = evaluate(_top("municipio", "municipal", "ruta-mx", **{rule_id.replace("-", "_"): "a_veces"}), LIB)
        assert not rep.breaches and [g.rule_id for g in rep.gaps if g.critical] == [rule_id]


def test_a_confined_child_in_a_shelter_is_named_as_a_weakness_and_a_protective_placement_is_not_a_breach() -> None:
    """MX-RES-44 below its top: the lowest band and MX-W24 (confinement in protection shelters),
    with its source; at the top, neither. The question and the top level's guidance say that an
    individual protective restriction meeting JGC 22 para. 32 f) is not confinement."""
    admitted = evaluate(_top("dif", "state", "ruta-mx", MX_RES_44="casi_siempre"), LIB)
    assert admitted.results[0].rating == "insuficiente"
    assert [w.id for w in admitted.weaknesses] == ["MX-W24"]
    assert LIB.weaknesses["MX-W24"].sources == ("noficcion-encerrados-chiapas", "kind-muro-invisible-2019")
    # that it happens rests on one press source: the description says so
    assert "una sola fuente" in (LIB.weaknesses["MX-W24"].description.es or "")
    clean = evaluate(_top("dif", "state", "ruta-mx"), LIB)
    assert not clean.weaknesses and clean.rating == "consolidado"
    rule = LIB.rules["MX-RES-44"]
    assert rule.absolute is not None and "jgc-22-23.jgc22.p32.f" in rule.implements
    assert "no es encierro" in (rule.question.es or "") and "is not confinement" in (rule.question.en or "")
    assert "dentro del sistema de protección" in (rule.guidance["siempre"].es or "")
    # allowed only with judicial control (LGDNNA art. 122 fr. VI-VII; JGC 23 para. 13), never by
    # the Procuraduría alone
    assert "control judicial" in (rule.question.es or "") and "judicial control" in (rule.question.en or "")
    assert "impugnable ante un juez" in (rule.guidance["siempre"].es or "")
    assert {"lgdnna.art-122.fr-6-7", "jgc-22-23.jgc23.p13"} <= set(rule.implements)


def test_the_top_answer_on_an_absolute_duty_admits_nothing() -> None:
    """'always' on every absolute duty with evidence: no absolute-breach cap, the top band."""
    rep = evaluate(_top("inm", "federal", "ruta-mx"), LIB)
    assert rep.rating == "consolidado" and not rep.results[0].caps


def test_each_absolute_duty_below_its_top_holds_the_lowest_band() -> None:
    """Every rule marked absolute in the shipped rule sets, at each level below its top, for an
    institution it asks: the lowest band of its rule set, held by that rule."""
    checked = 0
    for rule in (r for r in LIB.rules.values() if r.absolute is not None):
        rs = LIB.rulesets[rule.ruleset_id]
        kind = next(t for t in LIB.institution_types.values() if model.holds_duty(rule, t)
                    and any(model.applies(rule, t, lvl) for lvl in t.levels))
        level = next(lvl for lvl in kind.levels if model.applies(rule, kind, lvl))
        for value in rs.scales[rule.scale].values[:-1]:
            rep = evaluate(_top(kind.id, level, rs.id, **{rule.id.replace("-", "_"): value}), LIB)
            result = next(r for r in rep.results if r.id == rs.id)
            assert result.rating == rs.rating_bands[0].id, (rule.id, value)
            breach = next(c for c in result.caps if c.when == "absolute-breach")
            assert breach.rules == (rule.id,) and breach.details[0].text.es.startswith("reconoce")
            checked += 1
    assert checked >= 13 * 3  # thirteen absolute duties on four-level scales


def test_absolute_duties_are_the_ones_the_law_states_without_exception() -> None:
    """The marker is data, placed only where the law itself admits no exception."""
    marked = {r.id for r in LIB.rules.values() if r.absolute is not None}
    assert marked == {"MX-ING-04", "MX-ING-23", "MX-ING-26", "MX-ING-35", "MX-ISN-03", "MX-ISN-08", "MX-ISN-21",
                      "MX-ISN-28", "MX-RES-44", "CRM-DET-06", "CRM-LIB-01", "CRM-PRO-09", "CRM-RET-01"}
    for rule_id in marked:
        rule = LIB.rules[rule_id]
        assert rule.absolute is not None
        # each cites verified provisions among those it implements
        assert all(p in rule.implements for p in rule.absolute.provisions)
        assert all(LIB.provisions[p].confidence is model.Confidence.VERIFIED for p in rule.absolute.provisions)


def test_a_critical_weakness_holds_the_rating_below_the_two_top_bands_in_reports_and_briefs() -> None:
    """A state DIF at the top everywhere but shelter standards at 'inicial' (MX-MON-06, a high,
    not critical, rule): no critical gap, yet the critical pattern MX-W12 (not enough shelter
    capacity) holds the rating at En desarrollo, named in the cap line; a summary's brief agrees."""
    dif = _top("dif", "state", "ruta-mx", MX_MON_06="inicial")
    rep = evaluate(dif, LIB)
    result = rep.results[0]
    assert result.uncapped in {"sustancial", "consolidado"} and result.rating == "en-desarrollo"
    assert [(c.when, c.rules, c.binding) for c in result.caps] == [("critical-weakness", ("MX-W12",), True)]
    assert not rep.critical_gaps
    assert "MX-W12 — Capacidad de alojamiento insuficiente" in markdown.render(rep, "es")
    assert evaluate_brief(dif, LIB) == Brief.of(rep)


def test_a_justification_that_only_restates_not_applicable_is_refused_in_both_languages() -> None:
    """'N/A', 'No aplica', 'no corresponde', a short token: nothing said of why; a reason passes."""
    for said in ("N/A", "n/a.", "No aplica", "NO APLICA.", "No corresponde", "x1", "-- NA --", "Not applicable", "ok"):
        assert model.is_empty_justification(said), said
    for said in ("La oficina no tiene puntos de internación", "Sin NNA en 2026: oficina en aeropuerto cerrado",
                 "No aplica: la oficina no opera filtros de revisión"):
        assert not model.is_empty_justification(said), said
    result = api.lint([str(ROOT / "tests" / "cases" / "invalid" / "na-restated-justification.yaml")],
                      str(MINI))
    issue = result.issues[0]
    assert issue.code.value == "justification" and issue.location.line == 10
    assert "sólo repite que no aplica ('No aplica.')" in issue.format("es")
    assert "only restates that it does not apply ('No aplica.')" in issue.format("en")


def test_fix_first_opens_with_admitted_breaches_and_asks_unknowns_apart_in_every_format() -> None:
    """The Chiapas INM example: its admitted breaches of absolute duties open fix-first (by
    priority); MX-ISN-08, unanswered, no longer displaces them: it is asked first, apart."""
    rep = api.evaluate_path(str(ROOT / "examples" / "inm-oficina-chiapas.yaml"))
    first = [g.rule_id for g in rep.fix_first]
    absolute = [g.rule_id for g in rep.gaps if g.absolute]
    assert set(absolute) == {"MX-ING-04", "MX-ING-26", "MX-ISN-28"}
    assert first[:3] == sorted(absolute, key=lambda r: next(-g.priority for g in rep.gaps if g.rule_id == r))
    assert first[0] == "MX-ING-04" and "MX-ISN-08" not in first
    assert [g.rule_id for g in rep.answer_first] == ["MX-ISN-08"]
    assert all(g.status.value != "no-information" for g in rep.fix_first)
    for lang, words in (("es", "Responda primero (deberes críticos sin información): MX-ISN-08"),
                        ("en", "Answer first (critical duties with no information): MX-ISN-08")):
        assert words in markdown.render(rep, lang) and words in _console(rep, lang)

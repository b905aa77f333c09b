"""Who else must act, and one duty asked by two rule sets counted and listed as one.

A gap names every other institution its action involves: those the rule holds responsible,
those on the other side of a hand-off (the Procuraduría that receives the INM's notice, the
INM that delivers a child to DIF) and the rule's declared counterparts (the SNDIF a state
DIF notifies). A duty two rule sets ask (``equivalent_to``) takes one place in fix-first,
with one list of who else must act, and the report's counts say how many duties are behind
its critical gaps.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brecha import api, loading, model
from brecha.cli import app
from brecha.codes import Code
from brecha.evaluation import evaluate
from brecha.i18n import ntr
from brecha.report import GapReport

from helpers import ROOT, assessment

EXAMPLES = ROOT / "examples"
MINI = ROOT / "tests" / "fixtures" / "mini"

#: How an action names another Mexican institution (Spanish texts). SNDIF is the DIF at
#: federal level; "DIF" alone is any other DIF.
_NAMED = {"inm": r"\bINM\b", "dif": r"(?<!SN)\bDIF\b", "dif@federal": r"\bSNDIF\b",
          "procuraduria-proteccion": r"Procuradur", "comar": r"\bCOMAR\b",
          "fiscalia": r"[Ff]iscal[ií]a|Ministerio Público", "sre-consular": r"\bSRE\b|[Cc]ancillería",
          "sipinna": r"\bSIPINNA\b", "cas": r"\bCAS\b|[Cc]entros? de [Aa]sistencia",
          "consulado-extranjero": r"[Cc]onsula"}

#: Actions that name an institution that need not act, and why.
_NOT_ACTING = {
    ("MX-ING-07", "comar"): "the action says the notice to COMAR is judged by another rule (MX-ING-27)",
    ("MX-ING-33", "dif"): "the consular notice carries DIF's details; DIF does nothing for it",
    ("MX-ING-33", "procuraduria-proteccion"): "the consular notice carries the Procuraduría's details",
    ("MX-ING-08", "consulado-extranjero"): "the action withholds the consular notice: the consulate must not act",
    ("MX-RES-14", "consulado-extranjero"): "the consular liaisons are the SRE's own (Mexican) network",
    ("MX-RES-34", "consulado-extranjero"): "the consulates are the SRE's own (Mexican) network",
    ("MX-RES-44", "fiscalia"): "the Procuraduría tells the Ministerio Público of an urgent restriction it orders; "
                               "the fiscalía does nothing to end a confinement",
}


def _report(name: str) -> GapReport:
    lib = api.load_content()
    return evaluate(loading.load_assessment(str(EXAMPLES / name), lib), lib)


def _gap(report: GapReport, rule_id: str):  # type: ignore[no-untyped-def]
    return next(g for g in (*report.gaps, *report.evidence_gaps) if g.rule_id == rule_id)


def test_no_action_involves_an_institution_left_out_of_who_else() -> None:
    """Read as each institution that holds the duty, an action that names another institution
    (a notice to the Procuraduría, an agreement with the INM, a notice to the SNDIF) names it
    under who else must act: a report never says that no one else acts there. An institution
    the action keeps out of the case («ni se remita al INM») is the other way round (next test)."""
    lib = api.load_content()
    missing = []
    for rule in lib.rules.values():
        if rule.deprecated or rule.ruleset_id != "ruta-mx":
            continue
        for tid in rule.applies_to.institution_types:
            itype = lib.institution_types[tid]
            if not model.holds_duty(rule, itype):
                continue
            level = next(lv for lv in itype.levels if not rule.applies_to.levels or lv in rule.applies_to.levels)
            report = evaluate(_answered(lib, rule, tid, level), lib)
            gap = _gap(report, rule.id)
            named = {a.id for a in gap.also}
            text = rule.action_of(model.own_actors(itype)).es or ""
            out = kept_out(text, "es")  # named to be kept out (the next test): it must not act
            for who, pattern in _NAMED.items():
                own = who == tid or (who.startswith(f"{tid}@") and who.endswith(f"@{level}"))
                if (not own and re.search(pattern, text) and who not in named and who not in out
                        and (rule.id, who) not in _NOT_ACTING):
                    missing.append((rule.id, tid, who))
    assert not missing


#: How an action tells the institution to keep another one out of a case ("sin llamar al INM",
#: "ni se remita al INM", "without calling INM", "no child is ... handed to INM"): a verb of
#: calling, notifying, referring or handing over under a negation, then the institution. A
#: noun ("sin aviso previo a la Procuraduría", forbidding to act *without* the notice) is not
#: a keeping-out.
_KEEP_OUT = {
    "es": re.compile(r"\b(?:sin|ni|nunca|no)\s+(?:se\s+|le\s+|les\s+|lo\s+|la\s+)?(?:dar\s+aviso|llam\w*|avis\w*|"
                     r"notific\w*|inform\w*|remit\w*|canaliz\w*|entreg\w*|contact\w*|involucr\w*|consult\w*|"
                     r"acud\w*|recurr\w*)(?:\s+(?:a\s+la|a\s+las|a\s+los|al|a|con|ante))?\s+(?P<who>[^,;.]{1,40})"),
    "en": re.compile(r"\b(?:without|never|not|nor|no\s+\w+\s+is)\b[^.;]{0,60}?\b(?:call\w*|notif\w*|tell\w*|"
                     r"inform\w*|refer\w*|hand\w*(?:\s+over)?|send\w*|sent|contact\w*|involv\w*|consult\w*|alert\w*)"
                     r"(?:\s+(?:to|with))?\s+(?:the\s+)?(?P<who>[^,;.]{1,40})"),
}

#: The same institutions named in English texts.
_NAMED_EN = {"inm": r"\bINM\b", "dif": r"(?<!SN)\bDIF\b", "dif@federal": r"\bSNDIF\b",
             "procuraduria-proteccion": r"Procuradur", "comar": r"\bCOMAR\b",
             "fiscalia": r"[Pp]rosecutor|Ministerio Público", "sre-consular": r"\bSRE\b|Foreign Affairs",
             "sipinna": r"\bSIPINNA\b", "cas": r"\bCAS\b|care cent", "consulado-extranjero": r"[Cc]onsula",
             "migration-authority": r"migration authorit", "child-protection-authority": r"(?:child-)?protection authorit",
             "asylum-authority": r"asylum authorit"}
_NAMED_ES_REGIONAL = {"migration-authority": r"autoridad(?:es)? migratoria", "asylum-authority": r"autoridad(?:es)? de asilo",
                      "child-protection-authority": r"autoridad(?:es)? de protección"}


def kept_out(text: str, lang: str) -> set[str]:
    """The institutions (registry IDs) an action text tells the institution to keep out of a case."""
    named = {**_NAMED, **_NAMED_ES_REGIONAL} if lang == "es" else _NAMED_EN
    found = set()
    for match in _KEEP_OUT[lang].finditer(text):
        found |= {who for who, pattern in named.items() if re.match(rf"(?:\w+\s+){{0,2}}?(?:{pattern})", match["who"])}
    return found


def _same_actor(lib: model.Library, ident: str) -> set[str]:
    """An institution and the names it can go by on a gap: a type and its actor categories,
    a category and the types that carry it."""
    base = ident.split("@")[0]
    if base in lib.institution_types:
        return {ident, base, *lib.institution_types[base].categories}
    return {ident, *(t.id for t in lib.institution_types.values() if ident in t.categories)}


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("y se avise a la Procuraduría, sin llamar al INM, y que", "es", {"inm"}),
    ("que ninguna NNA se retenga, se investigue ni se remita al INM por su situación", "es", {"inm"}),
    ("sin dar aviso a la autoridad migratoria", "es", {"migration-authority"}),
    ("Prohibir el rechazo de NNA sin aviso previo a la Procuraduría y valoración del riesgo", "es", set()),
    ("se avise a la Procuraduría y se canalice al DIF", "es", set()),
    ("and the Procuraduría is notified, without calling INM, and that", "en", {"inm"}),
    ("Instruct every office that no child is held, investigated or handed to INM because", "en", {"inm"}),
    ("refusal of entry of any child without prior notice to the Procuraduría", "en", set()),
])
def test_a_keeping_out_is_read_as_one(text: str, lang: str, expected: set[str]) -> None:
    """The reading the next test relies on: a negated call, notice or referral names who is kept
    out; a notice the action requires, or forbids acting without, does not."""
    assert kept_out(text, lang) == expected


def test_no_action_keeps_out_an_institution_named_under_who_else() -> None:
    """Read as each institution that holds the duty, in either language, an action that tells it
    to keep an institution out of the case («sin llamar al INM», "without calling INM", «ni se
    remita al INM») never names that institution under who else must act: a report that says
    "do it without the INM" and then "the INM must act with you" contradicts itself. Both rule
    sets; a regional rule read as every institution type that carries its categories."""
    lib = api.load_content()
    wrong = []
    for rule in lib.rules.values():
        if rule.deprecated:
            continue
        for itype in lib.institution_types.values():
            if not model.holds_duty(rule, itype) or not any(model.applies(rule, itype, lv) for lv in itype.levels):
                continue
            action = rule.action_of(model.own_actors(itype))
            out = {who for lang in ("es", "en") for who in kept_out(getattr(action, lang) or "", lang)}
            if not out:
                continue
            level = next(lv for lv in itype.levels if model.applies(rule, itype, lv))
            named = {a.id for a in _gap(evaluate(_answered(lib, rule, itype.id, level), lib), rule.id).also}
            for who in sorted(out):
                if _same_actor(lib, who) & named:
                    wrong.append((rule.id, itype.id, who))
    assert not wrong


def _answered(lib: model.Library, rule: model.Rule, itype: str, level: str) -> model.Assessment:
    """An assessment of this type and level whose only answer is this rule at the bottom of its scale."""
    rs = lib.rulesets[rule.ruleset_id]
    return assessment(itype, level, {rule.id: rs.scales[rule.scale].levels[0].value}, rulesets=(rs.id,),
                      version=rs.version)


def test_the_other_side_of_a_hand_off_is_named() -> None:
    """The state DIF that receives children from the INM names the INM; the INM that must notify
    the Procuraduría names it; the Procuraduría that receives the notices names both senders."""
    dif = _report("dif-estatal-sur.yaml")
    assert "inm" in {a.id for a in _gap(dif, "MX-ING-16").also}
    inm = _report("inm-oficina-chiapas.yaml")
    assert "procuraduria-proteccion" in {a.id for a in _gap(inm, "MX-ING-02").also}
    norte = _report("procuraduria-estatal-norte.yaml")
    assert {"inm", "municipio"} <= {a.id for a in _gap(norte, "MX-ING-20").also}


def test_a_counterpart_at_one_level_is_named_by_its_own_name() -> None:
    """A state DIF told to notify the SNDIF names the SNDIF (the DIF at federal level), in
    both languages; the SNDIF itself is not told that it must act with itself."""
    lib = api.load_content()
    gap = _gap(_report("dif-estatal-sur.yaml"), "MX-ING-12")
    (sndif,) = gap.also
    assert sndif.id == "dif@federal" and sndif.name.es == "Sistema Nacional DIF (SNDIF)"
    assert sndif.name.en == "National DIF System (SNDIF)"
    federal = evaluate(_answered(lib, lib.rules["MX-RES-36"], "dif", "federal"), lib)
    assert "dif@federal" not in {a.id for a in _gap(federal, "MX-RES-36").also}
    state = evaluate(_answered(lib, lib.rules["MX-RES-36"], "dif", "state"), lib)
    assert "dif@federal" in {a.id for a in _gap(state, "MX-RES-36").also}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_procuraduria_at_the_institutions_own_level_is_one_institution(lang: str) -> None:
    """A state DIF's Procuraduría is one institution whether a rule names it by its type or at the
    state level (MX-RES-36's counterpart): one line under who else must act, one count in the
    footer («8 instituciones más deben actuar», not 9), its duties together. The SNDIF, the DIF
    at another level with a name of its own, stays apart."""
    report = _report("dif-estatal-sur.yaml")
    ids = [row.actor.id for row in report.coordination]
    assert len(ids) == len(set(ids))
    assert "procuraduria-proteccion@state" not in ids and "dif@federal" in ids
    assert "procuraduria-proteccion" in {a.id for a in _gap(report, "MX-RES-36").also}
    procuraduria = next(row for row in report.coordination if row.actor.id == "procuraduria-proteccion")
    assert {"MX-RES-36", "MX-ING-25"} <= set(procuraduria.rules)
    names = [row.actor.name.get(lang) for row in report.coordination]
    assert sum(name.startswith(("Procuraduría", "Child Protection Office")) for name in names) == 1, names
    concise = CliRunner().invoke(app, ["evaluate", str(EXAMPLES / "dif-estatal-sur.yaml")], catch_exceptions=False,
                                 env={"NO_COLOR": "1", "COLUMNS": "200", "BRECHA_LANG": lang}).stdout
    assert ntr("count.coordination", len(ids), lang) in concise and len(ids) == 8
    # at another level than the institution's own, the type is another office: the SNDIF is told
    # to act with the state Procuraduría, named as such
    lib = api.load_content()
    sndif = evaluate(_answered(lib, lib.rules["MX-RES-36"], "dif", "federal"), lib)
    assert "procuraduria-proteccion@state" in {a.id for a in _gap(sndif, "MX-RES-36").also}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("fmt", ["console", "markdown", "html"])
def test_no_report_says_nobody_else_where_the_action_involves_another(fmt: str, lang: str) -> None:
    """The contradiction the reviewer found (an agreement with the INM, "nobody else") is gone
    from every format; where no other institution is named, the report says only that none
    shares the duty."""
    result = CliRunner().invoke(app, ["evaluate", str(EXAMPLES / "dif-estatal-sur.yaml"), "-f", fmt,
                                      "--lang", lang, "--detail"] if fmt == "console" else
                                ["evaluate", str(EXAMPLES / "dif-estatal-sur.yaml"), "-f", fmt, "--lang", lang],
                                env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "sólo de esta institución" not in result.output and "nadie más" not in result.output
    assert "this institution alone" not in result.output and "nobody else" not in result.output
    assert ("Sistema Nacional DIF (SNDIF)" if lang == "es" else "National DIF System (SNDIF)") in result.output


_COUNTERPARTS = """
    counterparts: [ghost, {institution: agency-a, level: nowhere}]
"""


def test_an_unknown_counterpart_is_a_located_error(tmp_path: Path) -> None:
    """A counterpart that names no institution, or a level its type does not have, is an error
    at its place in the list."""
    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    rules = content / "rules" / "mini.yaml"
    text = rules.read_text(encoding="utf-8")
    first = re.search(r"\n    responsible: .*\n", text)
    assert first is not None
    rules.write_text(text[:first.end()] + _COUNTERPARTS.lstrip("\n") + text[first.end():], encoding="utf-8")
    result = api.lint([str(rules)], rules_dir=str(content))
    found = {(i.code, i.location.pointer.rsplit("/", 1)[-1]) for i in result.issues
             if "/counterparts/" in i.location.pointer}
    assert found == {(Code.UNKNOWN_INSTITUTION, "0"), (Code.UNKNOWN_LEVEL, "1")}
    line = next(n for n, ln in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1) if "counterparts" in ln)
    assert all(i.location.line == line for i in result.issues if "/counterparts/" in i.location.pointer)


def test_one_duty_takes_one_place_in_fix_first_with_one_who_else_list() -> None:
    """The fiscalía's notice to the Procuraduría is one duty in ruta-mx (MX-ING-32) and in
    crm-regional (CRM-DET-02): one fix-first entry, worded by its own (Mexican) rule set,
    naming both rules; both gaps carry the same list of who else must act."""
    report = _report("fiscalia-estatal.yaml")
    (first,) = [g for g in report.fix_first if "MX-ING-32" in (g.rule_id, *g.same_duty)]
    assert (first.rule_id, first.same_duty) == ("MX-ING-32", ("CRM-DET-02",))
    assert "CRM-DET-02" not in {g.rule_id for g in report.fix_first}
    assert _gap(report, "MX-ING-32").also == _gap(report, "CRM-DET-02").also
    assert "procuraduria-proteccion" in {a.id for a in first.also}
    for name in sorted(p.name for p in EXAMPLES.glob("*.yaml")):
        duties = [g.duty for g in _report(name).fix_first]
        assert len(duties) == len(set(duties)), name


def test_a_shared_duty_names_the_partners_not_the_other_rules_parallel_holders() -> None:
    """CRM-DET-02 is held by every first-contact authority, each for its own cases; MX-ING-32 is
    the fiscalía's alone, with the Procuraduría as its counterpart. The fiscalía's shared gap
    names the Procuraduría, not the INM, health, education or the municipality (a specialist's
    finding: their notices are theirs, not parties to the fiscalía's)."""
    report = _report("fiscalia-estatal.yaml")
    named = {a.id for a in _gap(report, "MX-ING-32").also}
    assert named == {"procuraduria-proteccion"}
    assert _gap(report, "CRM-DET-02").also == _gap(report, "MX-ING-32").also


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_duty_each_holds_for_its_own_cases_names_only_its_partners(lang: str) -> None:
    """MX-MON-08 (an institution's own protocol) is asked of ten institution types, each for
    itself: the municipality's gap names none of them, and says why rather than that nobody
    else holds the duty. CRM-DET-02, held the same way, still names the protection authority
    its referral goes to (responsible, not asked)."""
    lib = api.load_content()
    assert lib.rules["MX-MON-08"].held_separately and not lib.rules["MX-ING-23"].held_separately
    municipio = _report("municipio-frontera-norte.yaml")
    gap = _gap(municipio, "MX-MON-08")
    assert gap.also == () and gap.held_separately
    env = {"NO_COLOR": "1", "COLUMNS": "200"}
    out = CliRunner().invoke(app, ["evaluate", str(EXAMPLES / "municipio-frontera-norte.yaml"), "--lang", lang],
                             env=env).output
    said = ("ninguna otra en esta brecha; cada institución obligada cumple este deber en sus propios casos"
            if lang == "es" else "no other institution on this gap; each institution bound by it holds this duty for its own cases")
    assert said in out
    regional = evaluate(_answered(lib, lib.rules["CRM-DET-02"], "fiscalia", "state"), lib)
    assert {a.id for a in _gap(regional, "CRM-DET-02").also} == {"procuraduria-proteccion"}


def test_the_report_says_how_many_duties_its_critical_gaps_are() -> None:
    """Two rule sets asking one duty make two critical gaps and one duty: the report says
    both numbers, as the summary counts the duty once."""
    report = _report("procuraduria-estatal-ambos.yaml")
    gaps, duties = len(report.critical_gaps), report.critical_duties
    assert duties < gaps
    env = {"NO_COLOR": "1", "COLUMNS": "200"}
    path = str(EXAMPLES / "procuraduria-estatal-ambos.yaml")
    es = CliRunner().invoke(app, ["evaluate", path, "--lang", "es"], env=env).output
    assert f"({gaps} en total, en {duties} deberes)" in es
    en = CliRunner().invoke(app, ["evaluate", path, "--lang", "en"], env=env).output
    assert f"({gaps} in total, on {duties} duties)" in en
    md = CliRunner().invoke(app, ["evaluate", path, "-f", "markdown", "--lang", "es"], env=env).output
    assert f"## Brechas críticas ({gaps} en {duties} deberes)" in md
    detail = CliRunner().invoke(app, ["evaluate", path, "--detail", "--lang", "en"], env=env).output
    assert f"Critical gaps ({gaps} on {duties} duties)" in detail
    single = _report("fiscalia-estatal.yaml")  # the shared duty is in fix-first: counted there once
    assert single.critical_duties == len(single.critical_gaps) - 1


def test_compare_says_whose_counts_and_counts_duties_as_the_report(tmp_path: Path) -> None:
    """Rounds under two rule sets: compare names the headline rule set on its counts and adds
    the report's own count over every rule set; under one rule set it reads as before."""
    source = EXAMPLES / "procuraduria-estatal-ambos.yaml"
    later = tmp_path / "later.yaml"
    later.write_text(source.read_text(encoding="utf-8").replace('round: "2026"', 'round: "2027"'), encoding="utf-8")
    report = _report("procuraduria-estatal-ambos.yaml")
    env = {"NO_COLOR": "1"}
    md = CliRunner().invoke(app, ["compare", str(source), str(later), "-f", "markdown", "--lang", "es"], env=env)
    assert md.exit_code == 0, md.output
    headline = report.overall.total_critical_gaps
    assert f"| Brechas críticas (ruta-mx) | {headline} | {headline} | +0 |" in md.output
    counted = f"{len(report.critical_gaps)} en {report.critical_duties} deberes"
    assert f"| Brechas críticas en todos los conjuntos de reglas | {counted} | {counted} | +0 |" in md.output
    data = CliRunner().invoke(app, ["compare", str(source), str(later), "-f", "json"], env=env).output
    assert f'"critical_duties": {report.critical_duties}' in data
    single = EXAMPLES / "procuraduria-estatal-norte.yaml"
    one = CliRunner().invoke(app, ["compare", str(single), str(EXAMPLES / "rounds" / "procuraduria-estatal-norte-2027.yaml"),
                                   "-f", "markdown", "--lang", "es"], env=env).output
    assert "| Brechas críticas |" in one and "todos los conjuntos" not in one


def test_the_workshop_page_names_both_rules_of_one_duty() -> None:
    """The printable page lists the fiscalía's notice once, as its report does, naming both rules."""
    from brecha.renderers import page as render

    built = api.page_path(str(EXAMPLES / "fiscalia-estatal.yaml"))
    (item,) = [i for i in built.fix_first if i.rule_id == "MX-ING-32"]
    assert item.same_duty == ("CRM-DET-02",)
    assert '<b class="id">MX-ING-32 y CRM-DET-02</b>' in render.render_html(built, "es")
    assert '<b class="id">MX-ING-32 and CRM-DET-02</b>' in render.render_html(built, "en")


def test_an_evidence_gap_names_nobody_else_who_must_act() -> None:
    """MX-ING-14 in the state DIF's example is answered «Siempre» without the evidence it needs:
    the action is to gather the DIF's own evidence, so nobody else is named as having to act on
    it (the duty's other holders are), and the coordination section does not count it."""
    report = _report("dif-estatal-sur.yaml")
    gap = _gap(report, "MX-ING-14")
    assert gap.status.value == "unsupported" and gap.also == ()
    assert not any("MX-ING-14" in row.rules for row in report.coordination)
    lib = api.load_content()  # a duty held with the INM: below its target the INM must act; claimed
    below = evaluate(_answered(lib, lib.rules["MX-ING-16"], "dif", "state"), lib)  # without evidence, nobody
    assert "inm" in {a.id for a in _gap(below, "MX-ING-16").also}
    claimed = evaluate(assessment("dif", "state", {"MX-ING-16": "siempre"}, rulesets=("ruta-mx",),
                                  version=lib.rulesets["ruta-mx"].version), lib)
    unsupported = _gap(claimed, "MX-ING-16")
    assert unsupported.status.value == "unsupported" and unsupported.also == ()


def test_an_evidence_gap_of_a_duty_two_rule_sets_ask_keeps_nobody_else() -> None:
    """The fiscalía's notice asked by both rule sets: claimed at the top without evidence in
    ruta-mx (an evidence gap) and answered «Nunca» in crm-regional. The regional gap names who
    else must act; the evidence gap still names nobody, though the two gaps are one duty."""
    lib = api.load_content()
    built = assessment("fiscalia", "state", {"MX-ING-32": "siempre", "CRM-DET-02": "no"},
                       rulesets=("ruta-mx", "crm-regional"))
    built = replace(built, rulesets=tuple(model.RuleSetRef(id=r, version=lib.rulesets[r].version)
                                          for r in ("ruta-mx", "crm-regional")))
    report = evaluate(built, lib)
    evidence, regional = _gap(report, "MX-ING-32"), _gap(report, "CRM-DET-02")
    assert evidence.status.value == "unsupported" and evidence.same_duty == ("CRM-DET-02",)
    assert evidence.also == () and regional.also != ()


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("fmt", ["console", "markdown", "html", "json"])
def test_every_format_says_an_evidence_gap_is_the_institutions_own(fmt: str, lang: str) -> None:
    """In every format the evidence gap's "who else must act" says the evidence is the
    institution's own to gather and names none of the duty's other holders; JSON keeps the
    field, empty."""
    path = str(EXAMPLES / "dif-estatal-sur.yaml")
    args = ["evaluate", path, "-f", fmt, "--lang", lang, *(["--detail"] if fmt == "console" else [])]
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        entries = [g for key in ("fix_first", "gaps", "evidence_gaps") for g in data[key] if g["rule"] == "MX-ING-14"]
        assert entries and all(g["status"] == "unsupported" and g["also"] == [] for g in entries)
        return
    own = ("esta evidencia la reúne la propia institución" if lang == "es"
           else "this evidence is the institution's own to gather")
    pieces = re.split(r"\n|<li|<tr|<p", result.output)  # a line, or an HTML list item, row or paragraph
    lines = [line for line in pieces if own in line]
    assert lines, result.output
    inm = "Instituto Nacional de Migración" if lang == "es" else "National Migration Institute"
    assert inm in result.output and not any(inm in line for line in lines)


@pytest.mark.parametrize("rule_id", ["MX-ING-33", "MX-ING-34", "MX-ISN-23"])
def test_the_childs_consulate_is_named_where_the_law_has_inm_tell_or_contact_it(rule_id: str) -> None:
    """LM art. 112, fr. V (the consulate told of the channelling and notice; the child put in
    touch with it) and fr. III with art. 120 (told of an assisted return in time): the INM's
    gap names the child's consulate, in both languages, which is not the SRE (a Mexican
    institution) nor any one country's institution."""
    lib = api.load_content()
    report = evaluate(_answered(lib, lib.rules[rule_id], "inm", "federal"), lib)
    named = {a.id: a for a in _gap(report, rule_id).also}
    consulate = named["consulado-extranjero"]
    assert consulate.name.es == "Consulado del país de nacionalidad o residencia de la NNA"
    assert consulate.name.en == "Consulate of the child's country of nationality or residence"
    assert lib.institution_types["consulado-extranjero"].country is None


def test_a_type_of_no_country_does_not_stand_for_a_category_in_a_countrys_report() -> None:
    """The child's consulate carries the consular-authority category but no country: a Mexican
    report still names the SRE for that category (the one Mexican type carrying it), and the
    consulate is named only where a rule names it."""
    lib = api.load_content()
    rule = lib.rules["CRM-PRE-01"]
    assert "consular-authority" in rule.responsible
    built = assessment("procuraduria-proteccion", "state", {rule.id: "inexistente"}, rulesets=("crm-regional",),
                       version=lib.rulesets["crm-regional"].version)
    built = replace(built, institution=replace(built.institution, jurisdiction="MX-CHP"))
    named = {a.id for a in _gap(evaluate(built, lib), rule.id).also}
    assert "sre-consular" in named and "consulado-extranjero" not in named


def test_the_presumption_of_minority_is_each_institutions_own() -> None:
    """MX-ING-25: the presumption binds whichever authority meets the person, in its own contact
    (LM art. 3 fr. XVI, LGDNNA art. 5): the state DIF's gap, whose action says «sin llamar al
    INM», names the Procuraduría it notifies and not the INM; the INM's names the Procuraduría
    it notifies and the DIF it channels the child to."""
    lib = api.load_content()
    assert lib.rules["MX-ING-25"].held_separately
    dif = _gap(_report("dif-estatal-sur.yaml"), "MX-ING-25")
    assert [a.id for a in dif.also] == ["procuraduria-proteccion"] and dif.held_separately
    inm = evaluate(_answered(lib, lib.rules["MX-ING-25"], "inm", "federal"), lib)
    assert {a.id for a in _gap(inm, "MX-ING-25").also} == {"procuraduria-proteccion", "dif"}


def test_comar_is_named_on_the_risk_assessment_before_a_return() -> None:
    """MX-ISN-08 with CRM-PRO-09 for a Mexican Procuraduría: the shared list keeps COMAR, which
    must be told of signs of international-protection needs and acts with INM on them (LM art.
    112 fr. V para. 2, LGDNNA art. 98), though CRM-PRO-09's other holders are left out; the
    INM's gap names it too."""
    report = _report("procuraduria-estatal-ambos.yaml")
    for rule_id in ("MX-ISN-08", "CRM-PRO-09"):
        assert {a.id for a in _gap(report, rule_id).also} == {"inm", "comar"}
    lib = api.load_content()
    inm = evaluate(_answered(lib, lib.rules["MX-ISN-08"], "inm", "federal"), lib)
    assert {a.id for a in _gap(inm, "MX-ISN-08").also} == {"procuraduria-proteccion", "comar"}


def test_an_assisted_return_is_coordinated_with_the_childs_consulate_not_the_sre() -> None:
    """MX-ISN-23: the law has INM tell the child's consulate in time and the receiving State's
    authorities take part (LM art. 112 fr. III, art. 120); the SRE acts in no single return
    (its part is the international instruments, LM arts. 18 fr. V and 21 fr. II), so INM's gap
    names the consulate alone."""
    lib = api.load_content()
    rule = lib.rules["MX-ISN-23"]
    assert rule.responsible == ("inm",)
    report = evaluate(_answered(lib, rule, "inm", "federal"), lib)
    assert [a.id for a in _gap(report, rule.id).also] == ["consulado-extranjero"]

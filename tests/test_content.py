"""The shipped content: it lints clean, every example evaluates, reports next to examples are current."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from brecha import api, grounding, loading
from brecha.errors import Severity
from brecha.evaluation import evaluate
from brecha.model import applies
from brecha.renderers import console

from helpers import ROOT, assessment

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UPDATE = os.environ.get("BRECHA_UPDATE_GOLDEN") == "1"


def test_shipped_content_has_no_errors() -> None:
    """brecha lint finds no error in the bundled standards and rule sets."""
    result = api.lint()
    errors = [i.format() for i in result.issues if i.severity is Severity.ERROR]
    assert errors == []
    assert len(result.files) >= 5


def test_top_level_folders_are_the_bundled_content() -> None:
    """standards/ and rules/ at the top are the content shipped in the package."""
    bundled = loading.bundled_root()
    for name in ("standards", "rules"):
        assert (ROOT / name).resolve() == (bundled / name).resolve()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_example_evaluates_and_its_report_is_current(example: Path) -> None:
    """Each example evaluates; examples/NAME.report.txt is what brecha prints today."""
    report = api.evaluate_path(str(example))
    assert report.illustrative, "examples must be marked illustrative: true"
    assert report.gaps and report.fix_first and report.headline is not None
    buffer = io.StringIO()
    # as `brecha evaluate examples/NAME.yaml` prints it from the top folder (the README's command)
    again = (f"{example.parent.name}/{example.name}",)
    Console(file=buffer, width=80, color_system=None, force_terminal=False).print(
        console.render(report, "es", again=again))
    saved = example.with_suffix(".report.txt")
    if UPDATE:
        saved.write_text(buffer.getvalue(), encoding="utf-8")
    assert saved.exists(), f"missing {saved.name}; run the tests with BRECHA_UPDATE_GOLDEN=1"
    assert saved.read_text(encoding="utf-8") == buffer.getvalue(), f"{saved.name} is stale"


def test_all_top_answers_give_100_for_every_institution() -> None:
    """On the real content, top answers with evidence give 100 for every type and level."""
    lib = api.load_content()
    for itype in lib.institution_types.values():
        for level in itype.levels:
            rulesets = tuple(rs.id for rs in lib.rulesets.values()
                             if any(applies(r, itype, level) for r in rs.rules))
            if not rulesets:
                continue
            answers = {r.id: (lib.rulesets[r.ruleset_id].scales[r.scale].values[-1], ("doc",), None)
                       for rs in rulesets for r in lib.rulesets[rs].rules
                       if applies(r, itype, level) and not r.deprecated}
            report = evaluate(assessment(itype.id, level, answers, rulesets=rulesets,
                                         version=lib.rulesets[rulesets[0]].version), lib)
            assert report.overall.claimed == 100, (itype.id, level)
            for result in report.results:  # every rule set on its own: 100 and its top band, uncapped
                assert result.score.claimed == result.score.evidenced == 100, (itype.id, level, result.id)
                assert result.rating == result.bands[-1].id and not result.caps, (itype.id, level, result.id)
            assert report.weaknesses == (), (itype.id, level)


def test_every_shipped_weakness_is_proven_monotone() -> None:
    """Better never looks worse: walking their rules' scales, no shipped pattern appears when an answer improves."""
    from brecha import conditions

    lib = api.load_content()
    for weak in lib.weaknesses.values():
        levels = {leaf.rule: lib.rulesets[lib.rules[leaf.rule].ruleset_id].scales[lib.rules[leaf.rule].scale].values
                  for leaf in conditions.leaves(weak.when)}
        assert conditions.worsening(weak.when, levels) == (None, True), weak.id


def test_the_former_mx_w04_is_caught() -> None:
    """MX-W04 as first written: raising MX-ISN-02 from nunca to a_veces added this critical weakness."""
    from brecha import conditions

    lib = api.load_content()
    former = conditions.parse({"any": [
        {"all": [{"rule": "MX-ISN-08", "below": "casi_siempre"}, {"rule": "MX-ISN-10", "at_least": "a_veces"}]},
        {"all": [{"rule": "MX-ISN-08", "below": "casi_siempre"}, {"rule": "MX-ISN-02", "at_least": "a_veces"}]}]},
        "/when")
    levels = {r: lib.rulesets["ruta-mx"].scales[lib.rules[r].scale].values for r in ("MX-ISN-08", "MX-ISN-10", "MX-ISN-02")}
    found, complete = conditions.worsening(former, levels)
    assert complete and found is not None
    assert (found.before.value, found.after.value) == ("nunca", "a_veces")


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("width", [80, 120])
def test_example_reports_fit_about_a_screen(lang: str, width: int) -> None:
    """By default the console report of every example is about a screen; --detail holds the rest.

    (96 lines at most besides the breaches: each action to fix first carries its answer against
    the target and who else must act, and a duty two rule sets ask takes one place naming both
    rules, so five distinct duties fill it where duplicates used to; the titles of the other
    critical gaps wrap rather than being cut, since a cut title can say the opposite of the duty;
    the largest example, two rule sets and 21 critical gaps on 17 duties, takes 95 at 80 columns.
    Admitted breaches of absolute duties come on top, each with what it admits and the law: never
    left out for room.)"""
    for example in EXAMPLES:
        report = api.evaluate_path(str(example))
        concise, whole, breaches = io.StringIO(), io.StringIO(), io.StringIO()
        Console(file=concise, width=width, color_system=None, force_terminal=False).print(console.render(report, lang))
        Console(file=whole, width=width, color_system=None,
                force_terminal=False).print(console.render_detail(report, lang))
        Console(file=breaches, width=width, color_system=None,
                force_terminal=False).print(*console.breaches(report, lang))
        lines = concise.getvalue().splitlines()
        block = breaches.getvalue().splitlines() if report.breaches else []
        assert "\n".join(block) in concise.getvalue()
        assert len(lines) - len(block) <= 96, (example.name, len(lines), len(block))
        assert len(whole.getvalue().splitlines()) > 3 * len(lines)
        text = concise.getvalue()
        for gap in report.fix_first:
            assert gap.rule_id in text
        for gap in report.critical_gaps:
            assert gap.rule_id in text
        for weakness in report.weaknesses:
            assert weakness.id in text
        assert max(len(line.rstrip()) for line in lines) <= width


def test_every_level_of_every_shipped_scale_is_described_in_both_languages() -> None:
    """Two assessors answer alike only if each level says what it means (frequency included)."""
    lib = api.load_content()
    undescribed = [f"{rs.id}/{scale.id}/{level.value}" for rs in lib.rulesets.values()
                   for scale in rs.scales.values() for level in scale.levels
                   if level.description is None or not (level.description.es.strip() and level.description.en.strip())]
    assert undescribed == []
    frequency = lib.rulesets["crm-regional"].scales["frecuencia"]
    assert "10 %" in (frequency.level("a_veces").description.es or "")  # type: ignore[union-attr]


def test_assess_shows_a_frequency_level_described_where_the_rule_gives_no_guidance() -> None:
    """A frequency question shows the scale's own meaning of a level the rule's guidance skips."""
    from brecha.questionnaire import Session
    from brecha.templating import new_draft

    lib = api.load_content()
    draft = new_draft(lib, "procuraduria-proteccion", "state", date="2026-01-01")
    session = Session.start(lib, draft, ("crm-regional",))
    while session.current is not None and not (session.current.scale == "frecuencia"
                                               and "casi_siempre" not in session.current.guidance):
        session.skip()
    question = session.question()
    assert question is not None
    scale = lib.rulesets["crm-regional"].scales["frecuencia"]
    shown = {option.value: option.hint for option in question.options}
    assert shown["casi_siempre"] == scale.level("casi_siempre").description  # type: ignore[union-attr]


def test_binding_law_makes_a_duty_absolute_only_where_it_binds() -> None:
    """Whether an admitted breach "violates the law" is decided for the assessed institution's
    country (grounding.binding_law): a statute binds its own country, a treaty the states listed
    as party to it (``binds``). So every binding standard cited as making a duty absolute says
    where it binds: an ISO code as its jurisdiction, or its list of parties, each with a source;
    and a national rule set's absolute duties are law in its own country."""
    lib = api.load_content()
    vague = []
    for rule in lib.rules.values():
        if rule.absolute is None:
            continue
        for pid in rule.absolute.provisions:
            std = lib.standards[lib.provisions[pid].standard_id]
            if std.legal_force in ("binding-law", "binding-regulation") and not std.binds \
                    and not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", std.jurisdiction):
                vague.append((rule.id, pid))
            assert all(b.source in lib.sources for b in std.binds), std.id
    assert not vague
    national = [r.absolute.provisions for r in lib.rules.values()
                if r.absolute is not None and lib.rulesets[r.ruleset_id].jurisdiction == "MX"]
    assert len(national) >= 9  # it looks at ruta-mx's absolute duties
    assert all(grounding.binding_law(lib, provisions, "MX-ROO") for provisions in national)
    assert not any(grounding.binding_law(lib, provisions, "GT") for provisions in national)


def test_keeping_a_family_out_of_detention_is_asked_of_each_authority_as_its_own_act() -> None:
    """CRM-LIB-02 asks the migration, social-welfare and child-protection authorities. A
    child-protection authority detains nobody, so its action is to ask the migration authority
    for non-custodial alternatives for the whole family; no wording speaks of a ban, which is
    more than JGC 23 para. 11 (choose non-custodial solutions for the entire family) or, in
    Mexico, LM art. 99 para. 4 (detaining the adults "deberá evitarse") say."""
    lib = api.load_content()
    rule = lib.rules["CRM-LIB-02"]
    seen = {who: rule.action_of({who}) for who in rule.applies_to.categories}
    assert set(seen) == {"migration-authority", "social-welfare-authority", "child-protection-authority"}
    assert len({text.es for text in seen.values()}) == 3  # each its own act
    for who, text in seen.items():
        assert "toda la familia" in text.es and "whole family" in text.en, who
        assert not any(word in text.es.casefold() for word in ("prohib", "impedir")), who
        assert not any(word in text.en.casefold() for word in ("prohibit", "ban ", "stop detaining")), who
    asks = seen["child-protection-authority"]
    assert "a la autoridad migratoria" in asks.es and "the migration authority" in asks.en


def test_background_in_a_weakness_is_marked_as_such_in_both_languages() -> None:
    """A weakness says what the institution's answers show; figures documented elsewhere (press,
    oversight reports about other states) are given only as background, marked so in Spanish and
    in English alike, never as a finding about the institution assessed."""
    lib = api.load_content()
    es_mark, en_mark = "Antecedente (no un dato sobre esta institución): ", "Background (not a finding about this institution): "
    marked = []
    for rs in lib.rulesets.values():
        for w in rs.weaknesses:
            es, en = w.description.es or "", w.description.en or ""
            assert (es_mark in es) == (en_mark in en), w.id
            if es_mark in es:
                marked.append(w.id)
                # the finding comes first, the background after it
                assert es.index(es_mark) > 0 and en.index(en_mark) > 0, w.id
    assert {"MX-W08", "MX-W13", "CRM-W09"} <= set(marked)
    # the former wording gave other states' press figures as this institution's finding
    w13 = next(w for w in lib.rulesets["ruta-mx"].weaknesses if w.id == "MX-W13")
    assert "se documentaron albergues estatales" not in (w13.description.es or "")

"""The Ruta as a chain: hand-offs as data, weakest links, holes, contradictions, renderers."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from brecha import api, loading, model
from brecha.chain import Chain, Exclusion, Side, build_chain
from brecha.cli import app
from brecha.codes import Code
from brecha.errors import Location, UsageError
from brecha.i18n import Lang
from brecha.renderers import chain as render
from brecha.schemas import load_schema

from helpers import MINI, ROOT

STATE = ROOT / "examples" / "estado-ilustrativo"
UPDATE = os.environ.get("BRECHA_UPDATE_GOLDEN") == "1"
Pairs = list[tuple[str, model.Assessment]]


@pytest.fixture(scope="module")
def shipped() -> model.Library:
    return api.load_content()


@pytest.fixture(scope="module")
def state(shipped: model.Library) -> Pairs:
    return [(str(p), loading.load_assessment(str(p), shipped)) for p in sorted(STATE.glob("*.yaml"))]


def _answer(a: model.Assessment, rule: str, value: str | None, evidence: tuple[str, ...] = ("Registro",)
            ) -> model.Assessment:
    answers = dict(a.answers)
    answers[rule] = model.Answer(rule_id=rule, value=value, evidence=evidence, notes=None,
                                 justification="no hay casos" if value == model.NOT_APPLICABLE else None,
                                 location=Location("x.yaml"))
    return replace(a, answers=answers)


def _edit(pairs: Pairs, itype: str, level: str, rule: str, value: str | None,
          evidence: tuple[str, ...] = ("Registro",)) -> Pairs:
    """The set with one institution's answer to ``rule`` changed."""
    hits = [n for n, (_, a) in enumerate(pairs) if (a.institution.type, a.institution.level) == (itype, level)]
    assert len(hits) == 1
    out = list(pairs)
    path, a = out[hits[0]]
    out[hits[0]] = (path, _answer(a, rule, value, evidence))
    return out


def _without(pairs: Pairs, itype: str) -> Pairs:
    return [(p, a) for p, a in pairs if a.institution.type != itype]


def _link(chain: Chain, ident: str):  # type: ignore[no-untyped-def]
    return next(link for link in chain.links if link.id == ident)


# the example state ---------------------------------------------------------------------

def test_example_state_shows_a_weakest_link_a_hole_and_a_contradiction(shipped: model.Library, state: Pairs) -> None:
    """The illustrative state's chain has one weakest link, holes and INM/Procuraduría's contradiction."""
    chain = build_chain(shipped, state)
    assert chain.jurisdiction == "MX-VER" and chain.ruleset_id == "ruta-mx"
    assert len(chain.members) == 5 and not chain.excluded and chain.illustrative
    weakest = chain.weakest
    assert weakest is not None and weakest.id == "MX-ENL-03"
    assert chain.strength == 0.0
    position = weakest.weakest
    assert position is not None and position.side is Side.TO and position.value == "nunca"
    assert position.member.level.id == "municipal"
    assert {(h.link_id, h.institution.id) for h in chain.holes} >= {
        ("MX-ENL-02", "municipio"), ("MX-ENL-07", "fiscalia"), ("MX-ENL-10", "comar")}
    [contradiction] = chain.contradictions
    assert contradiction.link_id == "MX-ENL-01"
    assert (contradiction.claim.value, contradiction.denial.value) == ("siempre", "a_veces")
    assert contradiction.claim.member.type.id == "inm"
    assert contradiction.denial.member.type.id == "procuraduria-proteccion"


def test_strength_is_the_weakest_link_not_an_average(shipped: model.Library, state: Pairs) -> None:
    """One institution failing a link sets the link, its stage and the chain, whatever the others say."""
    chain = build_chain(shipped, state)
    link = _link(chain, "MX-ENL-03")
    counted = [p.counted for s in (link.sender, link.receiver) for p in s.positions]
    assert len(counted) == 3 and max(counted) == 1.0  # the state DIF always receives
    assert link.strength == min(counted) == 0.0
    for stage in chain.stages:  # with what is known of a link with a hole: at most its weakest answer
        known = [lk.bound for lk in stage.links if lk.bound is not None]
        assert stage.strength == min(known)
    assert chain.strength == min(s.strength for s in chain.stages if s.strength is not None)
    # the municipal DIF starts receiving at any hour: the weakest link moves, the chain gets stronger
    better = build_chain(shipped, _edit(state, "dif", "municipal", "MX-ING-16", "siempre"))
    assert _link(better, "MX-ENL-03").strength == pytest.approx(0.67)
    assert better.strength is not None and better.strength > 0
    assert better.weakest is not None and better.weakest.id != "MX-ENL-03"


def test_strength_counts_evidence_and_unanswered(shipped: model.Library, state: Pairs) -> None:
    """A claim without its evidence counts as the level below; an unanswered rule counts nothing."""
    unevidenced = build_chain(shipped, _edit(state, "inm", "federal", "MX-ISN-04", "siempre", evidence=()))
    position = _link(unevidenced, "MX-ENL-09").receiver.positions[0]
    assert (position.claimed, position.counted) == (1.0, pytest.approx(0.33))
    blank = build_chain(shipped, _edit(state, "procuraduria-proteccion", "state", "MX-ISN-02", None))
    link = _link(blank, "MX-ENL-09")
    assert link.strength == 0.0 and link.weakest is not None and not link.weakest.answered


def test_not_applicable_does_not_count_and_a_side_of_only_that_is_unknown(shipped: model.Library,
                                                                           state: Pairs) -> None:
    """'Not applicable' is shown but not counted; a link whose side says only that has no strength."""
    chain = build_chain(shipped, _edit(state, "procuraduria-proteccion", "state", "MX-ISN-09", model.NOT_APPLICABLE))
    link = _link(chain, "MX-ENL-10")
    assert link.sender.positions[0].not_applicable and link.strength is None and link.weakest is None


def test_holes_leave_a_link_unknown_never_strong(shipped: model.Library, state: Pairs) -> None:
    """Without the Procuraduría, links it sits on are holes: no strength, and never the strongest."""
    chain = build_chain(shipped, _without(state, "procuraduria-proteccion"))
    link = _link(chain, "MX-ENL-01")
    assert [h.institution.id for h in link.holes] == ["procuraduria-proteccion"]
    assert link.holes[0].side is Side.TO and link.strength is None and not link.known
    assert link.weakest is not None and link.weakest.member.type.id == "inm"  # the side present is still shown
    assert not link.contradictions
    whole_side_missing = [lk for lk in chain.links if not lk.sender.positions or not lk.receiver.positions]
    assert len(whole_side_missing) > 4 and all(lk.strength is None for lk in whole_side_missing)
    assert chain.weakest not in whole_side_missing


def test_a_side_partly_assessed_keeps_its_strength_and_names_who_is_missing(shipped: model.Library,
                                                                            state: Pairs) -> None:
    """Plan execution: the executing institutions present give the strength; the others are holes."""
    link = _link(build_chain(shipped, state), "MX-ENL-11")
    assert link.strength is not None
    assert {m.id for m in link.receiver.missing} == {"comar", "salud", "educacion", "municipio", "fiscalia",
                                                    "sre-consular"}
    assert {p.member.type.id for p in link.receiver.positions} == {"inm", "dif", "cas"}


def test_a_link_with_a_hole_is_as_weak_as_what_is_known_of_it(shipped: model.Library, state: Pairs) -> None:
    """Stage 3 is at most 33, not 50: the Procuraduría channels to COMAR only "sometimes" (MX-ENL-10), and
    COMAR's missing side can only make that link weaker; leaving it out as unknown overstated the stage."""
    chain = build_chain(shipped, state)
    link = _link(chain, "MX-ENL-10")
    assert not link.known and link.strength is None and link.bound == pytest.approx(0.33) and not link.exact
    stage = next(s for s in chain.stages if s.id == "e3-interes-superior")
    assert stage.weakest is link and stage.strength == pytest.approx(0.33) and not stage.exact
    assert _link(chain, "MX-ENL-03").exact and not chain.exact  # no hole there; there are holes elsewhere
    markdown = render.render_markdown(chain, "es")
    assert "| Etapa 3: Determinación del interés superior | ≤ 33 | MX-ENL-10 Canalización a la COMAR |" in markdown
    assert "### MX-ENL-10 Canalización a la COMAR — ≤ 33" in markdown
    assert "A lo sumo 33: alguna institución que esta entrega nombra no tiene autoevaluación" in markdown
    assert "**Fuerza de la cadena: 0 / 100**" in markdown  # 0 is as low as it goes: no "≤"
    # the COMAR's assessment arrives and says "always": the link is exact, and still no stronger than 33
    comar = next(a for _, a in state if a.institution.type == "inm")
    comar = replace(comar, institution=replace(comar.institution, type="comar", level="federal",
                                                 name="COMAR (ficticia)"),
                    answers={"MX-ISN-26": model.Answer(rule_id="MX-ISN-26", value="siempre", evidence=("Registro",),
                                                       notes=None, justification=None, location=Location("c.yaml"))})
    with_comar = build_chain(shipped, [*state, ("c.yaml", comar)])
    assert _link(with_comar, "MX-ENL-10").exact and _link(with_comar, "MX-ENL-10").strength == pytest.approx(0.33)


def test_a_detention_is_never_hidden(shipped: model.Library, state: Pairs) -> None:
    """INM admits children held in migration stations (MX-ING-04 "sometimes"), the municipal DIF children confined
    in its shelter (MX-RES-44): no hand-off asks either, and the chain names both, at the top, at their stage and
    beside the weakest link, whose own answer says where the children it does not receive spend the night."""
    chain = build_chain(shipped, state)
    found = {(b.rule_id, b.member.type.id, b.member.level.id, b.value) for b in chain.breaches}
    assert {("MX-ING-04", "inm", "federal", "a_veces"), ("MX-RES-44", "dif", "municipal", "a_veces")} <= found
    assert all(shipped.rules[rule].absolute is not None for rule, *_ in found)
    weakest = chain.weakest
    assert weakest is not None and weakest.id == "MX-ENL-03"
    assert "MX-ING-04" in {b.rule_id for b in chain.breaches_at(weakest)}
    position = weakest.weakest
    assert position is not None and "estación del INM" in (position.notes or "")
    stage = next(s for s in chain.stages if s.id == "e2-ingreso")
    assert "MX-ING-04" in {b.rule_id for b in stage.breaches}
    for lang, words in (("es", "reconoce NNA presentadas o alojadas en estaciones migratorias"),
                        ("en", "admits children presented or housed in migration stations")):
        markdown = render.render_markdown(chain, lang)
        head = markdown.split("\n## ", 2)  # the headline and the first section come before the stages
        assert words in head[0] and words in head[1] and "MX-ING-04" in head[1]
        assert markdown.index(words) < markdown.index("## " + ("Etapas" if lang == "es" else "Stages"))
        assert words in render.render_html(chain, lang).split("<svg")[0]
    assert "se quedan en la estación del INM" in render.render_markdown(chain, "es").split("\n## ")[0]
    # better never looks worse: INM stops holding children in stations, and that breach goes
    better = build_chain(shipped, _edit(state, "inm", "federal", "MX-ING-04", "siempre"))
    assert "MX-ING-04" not in {b.rule_id for b in better.breaches}
    assert len(better.breaches) == len(chain.breaches) - 1
    # an unanswered absolute duty admits nothing (the institution's own report says it is unanswered)
    blank = build_chain(shipped, _edit(state, "dif", "municipal", "MX-RES-44", None))
    assert ("MX-RES-44", "municipal") not in {(b.rule_id, b.member.level.id) for b in blank.breaches}


@pytest.mark.parametrize(("sender", "receiver", "flagged"), [
    ("siempre", "a_veces", True),
    ("siempre", "nunca", True),
    ("casi_siempre", "nunca", False),  # the sender does not claim "always"
    ("siempre", "casi_siempre", False),  # the receiver does not say "rarely"
])
def test_contradiction_is_the_top_of_one_scale_against_below_the_middle_of_the_other(
        shipped: model.Library, state: Pairs, sender: str, receiver: str, flagged: bool) -> None:
    """INM 'always notifies' against the Procuraduría 'rarely notified', defined on scale ranks."""
    pairs = _edit(_edit(state, "inm", "federal", "MX-ING-02", sender), "procuraduria-proteccion", "state",
                  "MX-ING-20", receiver)
    assert bool(_link(build_chain(shipped, pairs), "MX-ENL-01").contradictions) is flagged


def test_contradiction_across_scales_uses_each_scale_s_own_ranks(shipped: model.Library, state: Pairs) -> None:
    """A maturity sender at 'monitored' against a frequency receiver at 'sometimes' is flagged, even
    when the claim lacks evidence: what each side says is compared, not what it counts."""
    pairs = _edit(state, "procuraduria-proteccion", "state", "MX-ING-10", "monitoreado", evidence=())
    pairs = _edit(pairs, "cas", "non-governmental", "MX-ING-11", "a_veces")
    [found] = _link(build_chain(shipped, pairs), "MX-ENL-06").contradictions
    assert found.claim.counted < found.claim.claimed  # counted lower for want of evidence, still a claim
    pairs = _edit(pairs, "cas", "non-governmental", "MX-ING-11", "casi_siempre")
    assert not _link(build_chain(shipped, pairs), "MX-ENL-06").contradictions


# which assessments make the chain -------------------------------------------------------

def test_mixed_jurisdictions_are_refused_with_each_named(shipped: model.Library, state: Pairs) -> None:
    """A set of several states is refused, naming each with its count; --jurisdiction picks one."""
    _, other = state[0]
    moved = [*state, ("otro.yaml", replace(other, institution=replace(other.institution, jurisdiction="MX-CHP")))]
    with pytest.raises(UsageError) as caught:
        build_chain(shipped, moved)
    assert caught.value.message.key == "error.chain_mixed"
    assert "MX-CHP (1), MX-VER (5)" in caught.value.text(Lang.EN)
    chain = build_chain(shipped, moved, jurisdiction="MX-VER")
    assert [(x.path, x.reason) for x in chain.excluded] == [("otro.yaml", Exclusion.OTHER_JURISDICTION)]
    with pytest.raises(UsageError, match="MX-NLE"):
        build_chain(shipped, moved, jurisdiction="MX-NLE")


def test_an_older_round_of_the_same_institution_is_left_out(shipped: model.Library, state: Pairs) -> None:
    """Two rounds of one institution: the latest speaks for it; the older is listed as superseded."""
    inm = next(a for _, a in state if a.institution.type == "inm")
    older = replace(_answer(inm, "MX-ING-02", "nunca"), assessed_on="2025-09-01")
    chain = build_chain(shipped, [*state, ("inm-2025.yaml", older)])
    assert [(x.path, x.reason) for x in chain.excluded] == [("inm-2025.yaml", Exclusion.SUPERSEDED)]
    assert _link(chain, "MX-ENL-01").sender.positions[0].value == "siempre"


def test_assessments_without_a_rule_set_with_hand_offs_are_refused(shipped: model.Library, state: Pairs) -> None:
    """A set answered only with a rule set that declares no hand-offs has no chain to draw."""
    regional = [(p, replace(a, rulesets=(model.RuleSetRef(id="crm-regional", version="0.1.0"),))) for p, a in state]
    with pytest.raises(UsageError) as caught:
        build_chain(shipped, regional)
    assert caught.value.message.key == "error.chain_no_handoffs"


# the hand-offs as data ------------------------------------------------------------------

def test_every_shipped_hand_off_joins_rules_of_its_rule_set_at_a_known_stage(shipped: model.Library) -> None:
    """ruta-mx declares hand-offs in stages 2 to 4, each side a rule that asks its institutions."""
    rs = shipped.rulesets["ruta-mx"]
    assert len(rs.handoffs) >= 9
    assert {h.stage for h in rs.handoffs} == {"e2-ingreso", "e3-interes-superior", "e4-restitucion"}
    for handoff in rs.handoffs:
        for side in (handoff.sender, handoff.receiver):
            rule = shipped.rules[side.rule]
            assert rule.ruleset_id == "ruta-mx"
            for actor in side.institutions:
                itype = shipped.institution_types[actor]
                assert any(model.applies(rule, itype, level) for level in itype.levels), (handoff.id, actor)


_BAD_HANDOFFS = """
handoffs:
  - id: T-ENL-01
    stage: entry
    title: {es: Aviso, en: Notice}
    from: {rule: T-ENT-01, institutions: [agency-a]}
    to: {rule: T-DEC-01, institutions: [office-b]}
  - id: T-ENL-02
    stage: nowhere
    title: {es: Mal, en: Bad}
    from: {rule: T-NOPE-01, institutions: [agency-a]}
    to: {rule: T-DEC-01, institutions: [agency-a, ghost]}
  - id: T-ENL-01
    stage: decision
    title: {es: Repetido, en: Repeated}
    from: {rule: T-ENT-01, institutions: [agency-a]}
    to: {rule: T-DEC-02, institutions: [office-b]}
"""


def test_broken_hand_offs_are_located_errors(tmp_path: Path) -> None:
    """Unknown stage, rule or institution, an institution its rule does not ask, a repeated ID."""
    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    rules = content / "rules" / "mini.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + _BAD_HANDOFFS, encoding="utf-8")
    result = api.lint([str(rules)], rules_dir=str(content))
    found = {(i.code, i.location.line, i.location.pointer) for i in result.issues}
    text = rules.read_text(encoding="utf-8").splitlines()
    line = {needle: next(n for n, ln in enumerate(text, 1) if needle in ln)
            for needle in ("stage: nowhere", "T-NOPE-01", "[agency-a, ghost]")}
    assert (Code.UNKNOWN_PHASE, line["stage: nowhere"], "/handoffs/1/stage") in found
    assert (Code.UNKNOWN_RULE, line["T-NOPE-01"], "/handoffs/1/from/rule") in found
    assert (Code.UNKNOWN_INSTITUTION, line["[agency-a, ghost]"], "/handoffs/1/to/institutions/1") in found
    assert (Code.HANDOFF_SIDE, line["[agency-a, ghost]"], "/handoffs/1/to/institutions/0") in found
    assert any(i.code is Code.DUPLICATE_ID and i.location.pointer == "/handoffs/2/id" for i in result.issues)
    assert not any(i.location.pointer.startswith("/handoffs/0/") for i in result.issues)
    # the first hand-off is fine: the library loads it as declared
    library = api.load_content(str(MINI))
    assert library.rulesets["mini"].handoffs == ()


def test_a_hand_off_to_a_rule_of_another_rule_set_is_refused(shipped: model.Library) -> None:
    """A chain is read within one rule set: a side naming another rule set's rule is an error."""
    from brecha.consistency import check_library

    rs = shipped.rulesets["ruta-mx"]
    foreign = next(r for r in shipped.rules.values() if r.ruleset_id == "crm-regional")
    first = rs.handoffs[0]
    broken = replace(first, receiver=replace(first.receiver, rule=foreign.id))
    lib = replace(shipped, rulesets={**shipped.rulesets, "ruta-mx": replace(rs, handoffs=(broken,))})
    issues = [i for i in check_library(lib) if i.code is Code.HANDOFF_SIDE]
    assert issues and "crm-regional" in issues[0].message


# output ---------------------------------------------------------------------------------

def test_json_matches_its_schema(shipped: model.Library, state: Pairs) -> None:
    """The JSON output validates against schemas/chain.schema.json, in both languages."""
    chain = build_chain(shipped, state)
    for lang in Lang:
        data = json.loads(render.render_json(chain, lang))
        Draft202012Validator(load_schema("Chain")).validate(data)
        assert data["weakest"] == "MX-ENL-03" and data["strength"] == 0
        assert len(data["contradictions"]) == 1


def test_hostile_names_are_escaped_in_every_format(shipped: model.Library, state: Pairs) -> None:
    """An institution name with HTML, SVG, Markdown or terminal markup is shown literally."""
    evil = '<script>alert(1)</script> </text><svg onload=x> *bold* [bold]B[/bold] \x1b[31mred'
    pairs = [(p, replace(a, institution=replace(a.institution, name=evil)) if a.institution.type == "dif"
              and a.institution.level == "municipal" else a) for p, a in state]
    chain = build_chain(shipped, pairs)
    html = render.render_html(chain, "es")
    assert "<script>" not in html and "<svg onload" not in html and "</text><svg" not in html
    assert "&lt;script&gt;" in html and "\x1b" not in html
    for external in ("http://", "https://", "<link", "src=", "<img"):
        assert external not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert html.count("<svg") == 1 and html.count("</svg>") == 1
    markdown = render.render_markdown(chain, "en")
    assert "<script>" not in markdown and "\\*bold\\*" in markdown and "\x1b" not in markdown


def test_html_diagram_marks_the_weakest_link_holes_and_contradictions(shipped: model.Library, state: Pairs) -> None:
    """The diagram draws each link; the weakest is thicker, holes dashed, a contradiction marked."""
    html = render.render_html(build_chain(shipped, state), "en")
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    lines = re.findall(r'<line [^>]*stroke-width="(\d)"([^>]*)>', svg.group(0))
    assert len(lines) == len(shipped.rulesets["ruta-mx"].handoffs)
    assert sum(width == "5" for width, _ in lines) == 1
    assert sum("stroke-dasharray" in rest for _, rest in lines) == 5  # links an institution is missing from
    assert svg.group(0).count(">!</text>") == 1
    assert "MX-ENL-03 · 0" in svg.group(0)


def test_example_chain_markdown_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    """examples/estado-ilustrativo/cadena.md is what `brecha chain --format markdown --lang es` prints today."""
    monkeypatch.chdir(ROOT)  # the paths shown are relative to the working folder
    text = render.render_markdown(api.chain_paths(["examples/estado-ilustrativo"]), "es")
    saved = STATE / "cadena.md"
    if UPDATE:
        saved.write_text(text, encoding="utf-8")
    assert saved.read_text(encoding="utf-8") == text, f"{saved.name} is stale; BRECHA_UPDATE_GOLDEN=1"


# command line ---------------------------------------------------------------------------

def test_command_line_draws_the_example_state() -> None:
    """`brecha chain FOLDER` prints the chain; mixed folders are a usage error naming the states."""
    runner = CliRunner()
    env = {"NO_COLOR": "1", "BRECHA_LANG": "en", "COLUMNS": "100"}
    result = runner.invoke(app, ["chain", str(STATE)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Chain strength: 0 / 100" in result.stdout and "MX-ENL-03" in result.stdout
    mixed = runner.invoke(app, ["chain", str(ROOT / "examples"), "-f", "json"], env=env, catch_exceptions=False)
    assert mixed.exit_code == 2 and "MX-VER (5)" in mixed.stderr and "--jurisdiction" in mixed.stderr
    every = [*sorted((ROOT / "examples").glob("*.yaml")), STATE]
    picked = runner.invoke(app, ["chain", *map(str, every), "-j", "MX-VER",
                                 "-f", "json"], env=env, catch_exceptions=False)
    assert picked.exit_code == 0, picked.stderr
    data = json.loads(picked.stdout)
    assert len(data["members"]) == 5 and {x["reason"] for x in data["excluded"]} == {"other-jurisdiction"}
    assert len(data["excluded"]) == len(every) - 1


@pytest.mark.parametrize(("sender", "confirmed_by", "flagged"), [
    ("siempre", None, True),  # "always" against an unconfirmed "no aplica": it must not escape
    ("siempre", "Persona supervisora del SIPINNA estatal (ficticia)", False),  # confirmed from outside
    ("siempre", "Equipo de evaluación (ficticio)", True),  # confirmed by its own assessors: by nobody
    ("casi_siempre", None, False),  # the sender does not claim "always"
])
def test_an_unconfirmed_not_applicable_receiver_is_a_contradiction(
        shipped: model.Library, state: Pairs, sender: str, confirmed_by: str | None, flagged: bool) -> None:
    """INM 'always notifies' against the Procuraduría answering MX-ING-20 'no aplica': unless
    someone outside its assessing team confirmed that, it is the contradiction 'never' would be."""
    pairs = _edit(_edit(state, "inm", "federal", "MX-ING-02", sender), "procuraduria-proteccion", "state",
                  "MX-ING-20", model.NOT_APPLICABLE)
    pairs = [(p, replace(a, answers={**a.answers, "MX-ING-20": replace(a.answers["MX-ING-20"], confirmed_by=confirmed_by)})
              if a.institution.type == "procuraduria-proteccion" else a) for p, a in pairs]
    link = _link(build_chain(shipped, pairs), "MX-ENL-01")
    assert bool(link.contradictions) is flagged
    if flagged:
        (found,) = link.contradictions
        assert found.denial.not_applicable and not found.denial.confirmed


def test_an_unconfirmed_not_applicable_contradiction_is_worded_in_every_format(shipped: model.Library,
                                                                                state: Pairs) -> None:
    """The finding says which answer it is: 'no aplica, sin confirmar', in Markdown, HTML and
    JSON (which validates, and marks the answer unconfirmed)."""
    pairs = _edit(_edit(state, "inm", "federal", "MX-ING-02", "siempre"), "procuraduria-proteccion", "state",
                  "MX-ING-20", model.NOT_APPLICABLE)
    chain = build_chain(shipped, pairs)
    assert [c.link_id for c in chain.contradictions if c.denial.not_applicable] == ["MX-ENL-01"]
    assert "«no aplica, sin confirmar» (MX-ING-20)" in render.render_markdown(chain, "es")
    assert "“not applicable, unconfirmed”" in render.render_markdown(chain, "en") or \
        "not applicable, unconfirmed" in render.render_markdown(chain, "en")
    assert "no aplica, sin confirmar" in render.render_html(chain, "es")
    data = json.loads(render.render_json(chain, "en"))
    Draft202012Validator(load_schema("Chain")).validate(data)
    (denied,) = [c["denial"] for c in data["contradictions"] if c["denial"]["value"] == model.NOT_APPLICABLE]
    assert denied["confirmed"] is False

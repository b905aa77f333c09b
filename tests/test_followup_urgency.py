"""A plan followed up says first what is most urgent, and says what happened to a dropped action.

The illustrative Procuraduría's second round admits two breaches of absolute duties. One of them,
MX-ISN-28 (a return not backed by the child's best interests), has no action in the plan: the
follow-up named it only at its very end, after the table of 36 actions. It now opens the
follow-up. And MX-ING-20's action A06 was dropped: the follow-up listed the duty as one "without
an action in the plan", as if the plan had forgotten it; it now says the action was dropped.
"""

from __future__ import annotations

import dataclasses
import html
import json

import pytest
from typer.testing import CliRunner

from brecha import api, model
from brecha.cli import app
from brecha.followup import FollowUp, FollowUpState, follow_up
from brecha.i18n import ntr, tr
from brecha.importing import read_plan
from brecha.renderers.plan import follow_up_data, follow_up_html, follow_up_markdown

from helpers import ROOT

NEW = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte-2027.yaml")
PLAN = str(ROOT / "examples" / "rounds" / "procuraduria-estatal-norte.plan.yaml")
LIB = api.load_content()


def _followed(drop: tuple[str, ...] = ()) -> FollowUp:
    """The example's follow-up, with the actions in ``drop`` marked dropped."""
    report = api.evaluate_with_plan(NEW, PLAN).report
    plan = read_plan(PLAN, LIB)
    plan = dataclasses.replace(plan, actions=tuple(
        dataclasses.replace(a, status=model.ActionStatus.DROPPED) if a.id in drop else a for a in plan.actions))
    return follow_up(report, plan, LIB)


def test_an_absolute_breach_without_an_action_is_found_and_a_dropped_action_is_named() -> None:
    result = _followed()
    breached = [g.rule_id for g in result.gaps_without_action if g.absolute]
    assert [g.rule_id for g in result.breaches_without_action] == breached == ["MX-ISN-28"]
    assert result.gaps_without_action[0].rule_id == "MX-ISN-28"  # the most urgent first
    assert result.dropped("MX-ING-20") == ("A06",) and result.dropped("MX-ING-14") == ()
    # a breach whose only action is dropped has no action in force: it leads too, naming the action
    dropped = _followed(drop=("A02",))
    assert {g.rule_id for g in dropped.breaches_without_action} == {"MX-ISN-08", "MX-ISN-28"}
    assert dropped.dropped("MX-ISN-08") == ("A02",)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_breach_opens_the_follow_up_in_markdown_and_html(lang: str) -> None:
    """Before the actions (and every other flag), in Markdown and in HTML: the breach with no
    action; its line names the duty by its rule and title."""
    result = _followed()
    title = next(g.title.get(lang) for g in result.gaps_without_action if g.rule_id == "MX-ISN-28")
    alert = f"‼ {ntr('followup.breaches_without_action', 1, lang)}: MX-ISN-28 · {title}"
    md = follow_up_markdown(result, lang)
    assert f"**{alert}**" in md
    assert md.index(alert) < md.index("| A02 ") and md.index(alert) < md.index(ntr("followup.unassigned", 7, lang))
    page = follow_up_html(result, lang)
    assert page.index("MX-ISN-28 · ") < page.index("<table>")
    calm = _followed()  # no breach without an action, nor an overdue action on one: no alert
    calm = dataclasses.replace(calm, gaps_without_action=tuple(g for g in calm.gaps_without_action if not g.absolute),
                               actions=tuple(dataclasses.replace(a, absolute=False) for a in calm.actions))
    assert "‼" not in follow_up_markdown(calm, lang) and "‼" not in follow_up_html(calm, lang)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_dropped_action_is_said_to_be_dropped_not_missing(lang: str) -> None:
    """The list of what no action answers says the plan's action on MX-ING-20 was dropped; a gap
    the plan never had an action for (MX-ING-14) says nothing of the kind; through the command line."""
    out = CliRunner().invoke(app, ["evaluate", NEW, "--plan", PLAN, "--detail", "-f", "markdown"],
                             catch_exceptions=False, env={"NO_COLOR": "1", "BRECHA_LANG": lang}).stdout
    said = ntr("followup.dropped_action", 1, lang, ids="A06")
    (line,) = [x for x in out.splitlines() if x.startswith("- MX-ING-20 · ")]
    assert line.endswith(f" — {said}")
    (never,) = [x for x in out.splitlines() if x.startswith("- MX-ING-14 · ")]
    assert " — " not in never
    assert f"### {ntr('followup.without_action', 4, lang)}" in out
    assert {"es": "sin acción vigente", "en": "no action in force"}[lang] in ntr("followup.without_action", 4, lang)


def test_json_keeps_its_shape() -> None:
    """The plan's follow-up in JSON is unchanged: the dropped action is among the actions (state
    dropped), and its gap among those without an action in force."""
    data = follow_up_data(_followed())
    assert set(data) == {"plan_made_on", "reference_date", "counts", "actions", "gaps_without_action",
                         "weaknesses_without_action"}
    assert next(a for a in data["actions"] if a["id"] == "A06")["state"] == "dropped"
    assert data["gaps_without_action"][:2] == ["MX-ISN-28", "MX-ING-20"]
    out = CliRunner().invoke(app, ["evaluate", NEW, "--plan", PLAN, "-f", "json"], catch_exceptions=False).stdout
    assert json.loads(out)["plan_follow_up"]["gaps_without_action"] == data["gaps_without_action"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_overdue_action_on_a_breach_is_said_beside_the_breaches(lang: str) -> None:
    """A02, the action on MX-ISN-08 (a return decided without assessing the risk, admitted), was
    due 2027-03-31 and is not done: «2 acciones vencidas» alone hid that one of them is on a breach
    of the law. It is said with the breaches, before the table, in Markdown, HTML and the console;
    an overdue action on another duty (A17) is not, nor an action on the breach still in time."""
    result = _followed()
    assert [a.action.id for a in result.overdue_on_breaches] == ["A02"]
    assert {a.action.id for a in result.actions if a.state.value == "overdue"} == {"A02", "A17"}
    item = tr("followup.overdue_item", lang, id="A02", rule="MX-ISN-08", due="2027-03-31")
    alert = f"‼ {ntr('followup.overdue_on_breaches', 1, lang)}: {item}"
    md = follow_up_markdown(result, lang)
    assert f"**{alert}**" in md and md.index(alert) < md.index("| A02 ") and "A17 " not in alert
    assert md.index(ntr("followup.breaches_without_action", 1, lang)) < md.index(alert)
    page = follow_up_html(result, lang)
    assert html.escape(alert) in page and page.index(html.escape(alert)) < page.index("<table>")
    out = CliRunner().invoke(app, ["evaluate", NEW, "--plan", PLAN], catch_exceptions=False,
                             env={"NO_COLOR": "1", "COLUMNS": "200", "BRECHA_LANG": lang}).stdout
    assert alert in out
    # in time, the same action is no alarm
    early = dataclasses.replace(result, actions=tuple(
        dataclasses.replace(a, state=FollowUpState.OPEN) if a.action.id == "A02" else a for a in result.actions))
    assert not early.overdue_on_breaches and ntr("followup.overdue_on_breaches", 1, lang) not in follow_up_markdown(early, lang)
